"""Configuration: ``ketlint.toml``, ``.ketlint.toml`` or ``[tool.ketlint]`` in ``pyproject.toml``.

Found by walking up from each linted file; the nearest file wins (no merging
across files, like ruff). CLI flags override it. Example::

    select = ["ALL"]            # or a list of rule ids
    ignore = ["readability"]
    rule-dirs = ["house-rules"] # extra rule packs, relative to this file
    fail-on = "warning"
    paragraph-scope = true

    [rules.readability]
    severity = "info"
    target-grade = 10

    [[overrides]]
    files = ["press-releases/**"]
    ignore = ["citation-reference"]
    [overrides.rules.hype-phrase]
    severity = "error"
"""

from __future__ import annotations

import fnmatch
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ketlint.limits import DataFileError
from ketlint.ruleset import SEVERITIES, did_you_mean

CONFIG_NAMES = ("ketlint.toml", ".ketlint.toml", "pyproject.toml")
TOP_KEYS = (
    "select",
    "ignore",
    "extend-select",
    "rule-dirs",
    "fail-on",
    "rules",
    "overrides",
    "extensions",
    "exclude",
    "max-file-size",
    "builtin-rules",
    "root",
)
OVERRIDE_KEYS = ("files", "select", "ignore", "rules")
DEFAULT_EXTENSIONS = (".md", ".markdown", ".txt", ".html", ".htm", ".mdx", ".rst", ".docx")
DEFAULT_MAX_FILE_BYTES = 10_000_000


@dataclass
class Override:
    files: list[str]
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)

    def matches(self, relative_path: str) -> bool:
        posix = PurePosixPath(relative_path).as_posix()
        return any(_glob_match(posix, pattern) for pattern in self.files)


@dataclass
class Config:
    path: Path | None = None  # the file it came from, None for defaults
    select: list[str] | None = None  # None = all rules enabled by default
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    rule_dirs: list[Path] = field(default_factory=list)
    builtin_rules: bool = True
    fail_on: str = "warning"
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    overrides: list[Override] = field(default_factory=list)
    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    exclude: list[str] = field(default_factory=list)
    max_file_size: int = DEFAULT_MAX_FILE_BYTES
    is_root: bool = False  # ``root = true``: this config's folder is the project root
    # The file's text as parsed (on disk, or an editor's buffer), to find a key's line.
    text: str = field(default="", repr=False, compare=False)

    def line_of(self, key: tuple[str | int, ...]) -> int:
        """The line of the file where the setting at ``key`` (a path through the config's
        tables: ``("rules", "hype-phrase", "terms")``) is set, else of the closest table
        holding it; 1 for a config with no file."""
        if not self.text or self.path is None:
            return 1
        within = ("tool", "ketlint") if self.path.name == "pyproject.toml" else ()
        return _line_of_key(self.text, (*within, *key))

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    @property
    def project_root(self) -> Path:
        """The folder this config governs: its own with ``root = true``, else the repository
        root (``.git``) at or above it, else its own. Rule packs must lie inside it."""
        folder = self.root.resolve()
        if not self.is_root:
            for candidate in (folder, *folder.parents):
                if (candidate / ".git").exists():
                    return candidate
        return folder

    def relative(self, file: Path) -> str:
        try:
            return file.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return file.as_posix()

    def is_excluded(self, file: Path) -> bool:
        rel = self.relative(file)
        return any(_glob_match(rel, pattern) for pattern in self.exclude)

    def rule_ids_referenced(self) -> list[tuple[str, str]]:
        """(rule id, where) pairs, to report ids that name no rule."""
        refs = [(r, "select") for r in self.select or [] if r != "ALL"]
        refs += [(r, "extend-select") for r in self.extend_select if r != "ALL"]
        refs += [(r, "ignore") for r in self.ignore if r != "ALL"]
        refs += [(r, "rules") for r in self.rules]
        for o in self.overrides:
            refs += [(r, "overrides.select") for r in o.select or [] if r != "ALL"]
            refs += [(r, "overrides.ignore") for r in o.ignore if r != "ALL"]
            refs += [(r, "overrides.rules") for r in o.rules]
        return refs


def _glob_match(path: str, pattern: str) -> bool:
    pattern = pattern.strip("/")
    if pattern.endswith("/**"):
        prefix = pattern[:-3]
        if path == prefix or path.startswith(prefix + "/"):
            return True
    if "**/" in pattern and fnmatch.fnmatchcase(path, pattern.replace("**/", "")):
        return True
    return fnmatch.fnmatchcase(path, pattern.replace("**", "*")) or fnmatch.fnmatchcase(
        PurePosixPath(path).name, pattern
    )


def find_config_file(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a pyproject.toml counts only with [tool.ketlint]).

    The search stops at the repository root (a folder with ``.git``, a folder or a file) and
    never looks in or above a folder anyone may write to (``/tmp``): a config planted above
    a checkout must not decide how it is linted. (A config found ends the search, so one
    with ``root = true`` is always where it stops.)
    """
    directory = start if start.is_dir() else start.parent
    directory = directory.resolve()
    for folder in (directory, *directory.parents):
        if _world_writable(folder):
            return None
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _has_tool_section(candidate):
                    continue
                return candidate
        if (folder / ".git").exists():
            return None
    return None


def _world_writable(folder: Path) -> bool:
    import stat

    try:
        return bool(folder.stat().st_mode & stat.S_IWOTH)
    except OSError:
        return False


def user_config_path() -> Path:
    """Your own config, which no workspace can change: ``$XDG_CONFIG_HOME/ketlint/ketlint.toml``
    (``~/.config/ketlint/ketlint.toml`` by default; ``%APPDATA%\\ketlint`` on Windows)."""
    import os

    base = os.environ.get("XDG_CONFIG_HOME") or (
        os.environ.get("APPDATA") if sys.platform == "win32" else None
    )
    root = Path(base) if base else Path.home() / ".config"
    return root / "ketlint" / "ketlint.toml"


USER_KEYS = ("allow-rule-dirs", "trust-projects")


@dataclass
class UserTrust:
    """What your own config (:func:`user_config_path`) lets workspaces do.

    ``allow-rule-dirs``: rule packs outside a project that a project's config may name
    (they are yours: their fixes count as safe where they say so). ``trust-projects``:
    projects whose configs you trust as your own (rule packs anywhere, their fixes as
    declared).
    """

    path: Path | None = None
    allow_rule_dirs: list[Path] = field(default_factory=list)
    trust_projects: list[Path] = field(default_factory=list)

    def allows_rule_dir(self, directory: Path) -> bool:
        real = directory.resolve()
        return any(real == d or d in real.parents for d in self.allow_rule_dirs)

    def trusts_project(self, root: Path) -> bool:
        real = root.resolve()
        return any(real == d or d in real.parents for d in self.trust_projects)


def load_user_trust(path: Path | None = None) -> UserTrust:
    """Your own config's trust settings (none when the file does not exist)."""
    import os

    path = path or user_config_path()
    if not path.is_file():
        return UserTrust()
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(name, 1, 1, f"cannot read your config file: {exc}") from None
    data = _parse_toml(text, name)
    trust = UserTrust(path=path)
    for key, value in data.items():
        if key not in USER_KEYS:
            raise DataFileError(
                name,
                _line_of_key(text, key),
                1,
                f"unknown key {key!r} in your own config (it takes {', '.join(USER_KEYS)})"
                f"{did_you_mean(key, USER_KEYS)}",
            )
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DataFileError(
                name, _line_of_key(text, key), 1, f"{key!r} must be a list of paths"
            )
        folders = [(path.parent / os.path.expanduser(v)).resolve() for v in value]
        if key == "allow-rule-dirs":
            trust.allow_rule_dirs = folders
        else:
            trust.trust_projects = folders
    return trust


def _has_tool_section(path: Path) -> bool:
    try:
        return "[tool.ketlint" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _line_of_key(text: str, key: str | tuple[str | int, ...]) -> int:
    """The line where the key ``key`` is set: a top-level key's name, or its path through
    the tables (``("rules", "hype-phrase", "severity")``, ``("overrides", 1, "select")``
    for the second ``[[overrides]]``), read as TOML writes it: a ``[table]`` or
    ``[[array]]`` header, a ``dotted.key = ...`` line, or an inline table on the line of its
    key. A path not found gives the line of its longest part that is (the table, say)."""
    path = (key,) if isinstance(key, str) else tuple(key)
    best, best_depth = 1, 0
    table: tuple[str | int, ...] = ()
    counts: dict[tuple[str | int, ...], int] = {}
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        start, offset = offset, offset + len(line)
        header = _TOML_HEADER.match(line)
        if header:
            names = _in_arrays(_toml_key_path(header.group(2)), counts)
            if header.group(1) == "[[":
                index = counts.get(names, 0)
                counts[names] = index + 1
                table = (*names, index)
            else:
                table = names
            found = table
        else:
            setting = _TOML_SETTING.match(line)
            if not setting:
                continue
            found = (*table, *_toml_key_path(setting.group(1)))
            rest = path[len(found) :]
            if path[: len(found)] == found and rest and isinstance(rest[0], int):
                item = _array_item(text, start + setting.end(), rest[0])
                if item is not None and len(found) + 1 > best_depth:
                    # an entry of an array written over several lines: the entry's line
                    best = number + len(f"x{text[start:item]}x".splitlines()) - 1
                    best_depth = len(found) + 1
                    continue
        if found[: len(path)] == path:
            return number  # the key itself, or a table or dotted key inside it
        if path[: len(found)] == found and len(found) > best_depth:
            best, best_depth = number, len(found)  # a table (or inline table) holding it
    return best


def _array_item(text: str, at: int, index: int) -> int | None:
    """The offset in ``text`` of entry ``index`` of the TOML array whose value starts at
    ``at`` (after a key's ``=``), or None (not an array, or no such entry)."""
    i, end = at, len(text)
    while i < end and text[i] in " \t":
        i += 1
    if i >= end or text[i] != "[":
        return None
    i, depth, count, expecting = i + 1, 0, -1, True
    while i < end:
        char = text[i]
        if char == "#":
            newline = text.find("\n", i)
            i = end if newline < 0 else newline
            continue
        if char in "]}" and depth == 0:
            return None
        if not char.isspace() and char not in ",]}" and depth == 0 and expecting:
            count, expecting = count + 1, False
            if count == index:
                return i
        if char in "\"'":
            quote = char * 3 if text.startswith(char * 3, i) else char
            i += len(quote)
            while i < end and not text.startswith(quote, i):
                i += 2 if char == '"' and text[i] == "\\" else 1
            i += len(quote)
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        elif char == "," and depth == 0:
            expecting = True
        i += 1
    return None


_TOML_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_SETTING = re.compile(
    r"""\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)


def _in_arrays(
    names: tuple[str, ...], counts: dict[tuple[str | int, ...], int]
) -> tuple[str | int, ...]:
    """A header's key path with the index of the last entry of each array of tables it
    passes through: ``[overrides.rules.x]`` after two ``[[overrides]]`` is
    ``("overrides", 1, "rules", "x")``, as TOML reads it."""
    path: tuple[str | int, ...] = ()
    for number, name in enumerate(names):
        path = (*path, name)
        if number < len(names) - 1 and path in counts:
            path = (*path, counts[path] - 1)
    return path


def _toml_key_path(dotted: str) -> tuple[str, ...]:
    return tuple(
        part.strip().strip("\"'")
        for part in re.findall(r"""\s*("[^"]*"|'[^']*'|[^.]+)\s*\.?""", dotted)
    )


def load_config(path: Path) -> Config:
    """Parse and validate one config file. Raises DataFileError naming file and line."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DataFileError(name, 1, 1, "config file is not valid UTF-8") from None
    except OSError as exc:
        raise DataFileError(name, 1, 1, f"cannot read config file: {exc.strerror or exc}") from None
    return config_from_text(text, path)


def config_from_text(text: str, path: Path) -> Config:
    """The config in ``text``, the content of the config file ``path`` (saved or not: the
    editor checks a buffer as typed). Raises DataFileError naming file, line and problem:
    the one parser of config files, for ketlint check and the editor alike."""
    name = str(path)
    data = _parse_toml(text, name)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("ketlint", {}) if isinstance(tool, dict) else None
        if not isinstance(table, dict):
            raise DataFileError(
                name, _line_of_key(text, ("tool", "ketlint")), 1, "[tool.ketlint] must be a table"
            )
        data = table
    return config_from_dict(
        data, path, text, ("tool", "ketlint") if path.name == "pyproject.toml" else ()
    )


def _parse_toml(text: str, name: str) -> dict[str, Any]:
    # Imported here: a run without a config file does without the TOML parser.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except RecursionError:
        from ketlint.limits import too_deep

        raise too_deep(text, name) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line, column = 1, 1
        at = re.search(r"\(at line (\d+), column (\d+)\)", message)
        if at:
            line, column = int(at.group(1)), int(at.group(2))
            message = message[: at.start()].strip()
        elif "(at end of document)" in message:
            lines = text.splitlines() or [""]
            line, column = len(lines), len(lines[-1]) + 1
            message = message.replace("(at end of document)", "at the end of the file").strip()
        raise DataFileError(name, line, column, f"TOML syntax error: {message}") from None


def config_from_dict(
    data: dict[str, Any], path: Path | None, text: str = "", within: tuple[str, ...] = ()
) -> Config:
    """The config ``data`` read from ``text``, where its keys lie in the table ``within``
    (``[tool.ketlint]`` of a pyproject.toml)."""
    name = str(path) if path else "<config>"

    def fail(key: str | tuple[str | int, ...], message: str) -> DataFileError:
        where = (key,) if isinstance(key, str) else key
        return DataFileError(name, _line_of_key(text, (*within, *where)), 1, message)

    for key in data:
        if key not in TOP_KEYS:
            raise fail(key, f"unknown config key {key!r}{did_you_mean(key, TOP_KEYS)}")
    base = path.parent if path else Path.cwd()
    config = Config(path=path, text=text)

    def string_list(key: str, value: Any, at: tuple[str | int, ...] = ()) -> list[str]:
        if not isinstance(value, list):
            raise fail((*at, key), f"{key!r} must be a list of strings, not {type(value).__name__}")
        for item in value:
            if not isinstance(item, str):
                found = f"{item!r} is {type(item).__name__}"
                raise fail((*at, key), f"{key!r} must be a list of strings; {found}")
        return list(value)

    if "select" in data:
        config.select = string_list("select", data["select"])
    if "extend-select" in data:
        config.extend_select = string_list("extend-select", data["extend-select"])
    if "ignore" in data:
        config.ignore = string_list("ignore", data["ignore"])
    if "exclude" in data:
        config.exclude = string_list("exclude", data["exclude"])
    if "extensions" in data:
        config.extensions = tuple(
            e if e.startswith(".") else f".{e}"
            for e in string_list("extensions", data["extensions"])
        )
    if "rule-dirs" in data:
        config.rule_dirs = [(base / d) for d in string_list("rule-dirs", data["rule-dirs"])]
    if "builtin-rules" in data:
        if not isinstance(data["builtin-rules"], bool):
            raise fail("builtin-rules", "'builtin-rules' must be true or false")
        config.builtin_rules = data["builtin-rules"]
    if "root" in data:
        if not isinstance(data["root"], bool):
            raise fail("root", "'root' must be true or false")
        config.is_root = data["root"]
    if "fail-on" in data:
        if data["fail-on"] not in ("error", "warning", "info", "hint"):
            raise fail(
                "fail-on",
                f"'fail-on' must be error, warning, info or hint, not {data['fail-on']!r}",
            )
        config.fail_on = data["fail-on"]
    if "max-file-size" in data:
        size = data["max-file-size"]
        if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
            raise fail("max-file-size", "'max-file-size' must be a positive number of bytes")
        config.max_file_size = size
    if "rules" in data:
        config.rules = _rule_settings(data["rules"], fail, ("rules",))
    if "overrides" in data:
        overrides = data["overrides"]
        if not isinstance(overrides, list):
            raise fail("overrides", "'overrides' must be an array of tables ([[overrides]])")
        for number, entry in enumerate(overrides):
            at = ("overrides", number)
            if not isinstance(entry, dict):
                raise fail(at, "each [[overrides]] entry must be a table")
            for key in entry:
                if key not in OVERRIDE_KEYS:
                    raise fail(
                        (*at, key),
                        f"unknown key {key!r} in [[overrides]]{did_you_mean(key, OVERRIDE_KEYS)}",
                    )
            if "files" not in entry:
                raise fail(at, "each [[overrides]] entry needs 'files', a list of globs")
            config.overrides.append(
                Override(
                    files=string_list("files", entry["files"], at),
                    select=string_list("select", entry["select"], at)
                    if "select" in entry
                    else None,
                    ignore=string_list("ignore", entry.get("ignore", []), at),
                    rules=_rule_settings(entry.get("rules", {}), fail, (*at, "rules")),
                )
            )
    return config


def _rule_settings(value: Any, fail: Any, key: tuple[str | int, ...]) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict):
        raise fail(key, f"'{key[-1]}' must be a table of rule ids")
    result = {}
    for rule_id, settings in value.items():
        if not isinstance(settings, dict):
            raise fail((*key, rule_id), f"[rules.{rule_id}] must be a table of settings")
        if "severity" in settings and settings["severity"] not in SEVERITIES:
            raise fail(
                (*key, rule_id, "severity"),
                f"rules.{rule_id}.severity must be one of {', '.join(SEVERITIES)}, not {settings['severity']!r}",
            )
        # Settings use the rule file's option names (kebab-case), checked when the rule compiles.
        result[rule_id] = dict(settings)
    return result
