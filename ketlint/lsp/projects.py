"""Which rules apply to which open document, and what happens when config breaks.

One :class:`~ketlint.project.Project` per workspace folder (the CLI's own
config discovery runs inside it, so a document gets exactly the config
``ketlint check`` would give it). When a config or rule file changes, the
registry starts a new *generation*: fresh Projects, so nothing stale is
cached. If the new config does not load, documents keep the last Linter that
did, and the problems are kept by file so the editor can show them on the
exact lines of the config and rule files.

Everything here runs on the server's single lint thread, so Projects and
Linters (which cache per-block results) are never used from two threads.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketlint.config import CONFIG_NAMES, config_from_text, find_config_file
from ketlint.engine import EDITOR_BLOCK_CACHE_SIZE, Linter
from ketlint.limits import DataFileError
from ketlint.project import (
    ConfigError,
    Project,
    config_settings_errors,
    mentions,
    unknown_rule_ids,
)
from ketlint.ruleset import (
    RULE_SUFFIXES,
    RuleLoadError,
    builtin_rules_dir,
    load_rule_file,
)

UNTITLED_NAME = "untitled.md"
RULES_SCHEMA_MARKER = "rules.schema.json"


@dataclass
class Resolution:
    """The outcome of finding a document's Linter."""

    linter: Linter | None
    max_bytes: int | None = None
    errors: list[DataFileError] = field(default_factory=list)

    @property
    def stale(self) -> bool:
        """True when config is broken and ``linter`` is the last good one (or None)."""
        return bool(self.errors)


class ProjectRegistry:
    def __init__(self) -> None:
        self.generation = 0
        self.folders: list[Path] = []
        self.config_path: str | None = None
        self._projects: dict[Path | None, Project] = {}
        self._last_good: dict[tuple[Path | None, Path | None], Linter] = {}
        # Problems found in this generation, by the file they are in.
        self.errors: dict[str, list[DataFileError]] = {}
        self.known_config_files: set[Path] = set()
        self.known_rule_dirs: set[Path] = {builtin_rules_dir().resolve()}

    def release_caches(self) -> None:
        """Forget what linting the documents open so far left behind (their blocks'
        findings and memos, indexes of their text); rules and configs stay loaded."""
        from ketlint.parsing.html import _newline_starts

        for project in self._projects.values():
            for linter in project._linters.values():
                linter.release_caches()
        for linter in self._last_good.values():
            linter.release_caches()
        _newline_starts.cache_clear()

    # -- generations ----------------------------------------------------------------

    def reload(self) -> None:
        """Forget every loaded config and rule pack; the next resolution reads them afresh."""
        self.generation += 1
        self._projects.clear()
        self.errors = {}

    def set_folders(self, folders: Iterable[Path]) -> None:
        self.folders = sorted(
            {f.resolve() for f in folders}, key=lambda p: len(p.parts), reverse=True
        )

    # -- lookups --------------------------------------------------------------------

    def folder_for(self, path: Path | None) -> Path | None:
        if path is None:
            return self.folders[-1] if self.folders else None
        for folder in self.folders:  # deepest first
            if path == folder or folder in path.parents:
                return folder
        return None

    def project_for(self, path: Path | None) -> Project:
        folder = self.folder_for(path)
        project = self._projects.get(folder)
        if project is None:
            config_path = None
            if self.config_path:
                config_path = Path(os.path.expanduser(self.config_path))
                if not config_path.is_absolute():
                    config_path = (folder or Path.cwd()) / config_path
            project = Project(config_path=config_path, cache_blocks=EDITOR_BLOCK_CACHE_SIZE)
            self._projects[folder] = project
        return project

    def lookup_path(self, path: Path | None) -> Path:
        """The path config is found from; untitled buffers use the workspace folder's."""
        if path is not None:
            return path
        folder = self.folder_for(None)
        return (folder or Path.cwd()) / UNTITLED_NAME

    def config_file_for(self, path: Path) -> Path | None:
        project = self.project_for(path)
        if project.config_path is not None:
            return project.config_path
        return find_config_file(path)

    # -- resolving a document's linter -------------------------------------------------

    def resolve(self, path: Path | None) -> Resolution:
        where = self.lookup_path(path)
        project = self.project_for(where)
        key = (self.folder_for(where), self.config_file_for(where))
        max_bytes: int | None = None
        try:
            config = project.config_for(where)
            max_bytes = config.max_file_size
            if config.path is not None:
                self.known_config_files.add(config.path.resolve())
            # Only packs the project may use: one naming /usr is refused (a config error),
            # and its files are not polled either.
            self.known_rule_dirs.update(project.allowed_rule_dirs(config))
            linter = project.linter_for(where)
        except (ConfigError, RuleLoadError) as exc:
            return self._broken(key, exc.errors, max_bytes)
        except DataFileError as exc:
            return self._broken(key, [exc], max_bytes)
        self._last_good[key] = linter
        return Resolution(linter, max_bytes)

    def _broken(
        self,
        key: tuple[Path | None, Path | None],
        errors: list[DataFileError],
        max_bytes: int | None,
    ) -> Resolution:
        for error in errors:
            bucket = self.errors.setdefault(error.file, [])
            if all(str(e) != str(error) for e in bucket):
                bucket.append(error)
        return Resolution(self._last_good.get(key), max_bytes, list(errors))

    # -- config and rule files as documents ----------------------------------------------

    def role_of(self, path: Path | None, text: str) -> str | None:
        """'config' or 'rules' for ketlint's own files, else None."""
        if path is None:
            return None
        name = path.name
        if name in CONFIG_NAMES:
            if name == "pyproject.toml" and "[tool.ketlint" not in text:
                return None
            return "config"
        if path.suffix in RULE_SUFFIXES:
            resolved = path.resolve()
            if any(resolved == d or d in resolved.parents for d in self.known_rule_dirs):
                return "rules"
            if RULES_SCHEMA_MARKER in text[:500]:
                return "rules"
        return None

    def is_watched_change(self, path: Path) -> bool:
        """Whether a file event at ``path`` can change any document's rules."""
        if path.name in CONFIG_NAMES:
            return True
        if path.suffix in RULE_SUFFIXES:
            resolved = path.resolve()
            return any(resolved == d or d in resolved.parents for d in self.known_rule_dirs)
        return False

    def check_rule_text(self, path: Path, text: str) -> list[DataFileError]:
        _, errors = load_rule_file(path, text)
        seen = {(e.line, e.message) for e in errors}
        return errors + [
            e for e in self._project_errors_for(path, text) if (e.line, e.message) not in seen
        ]

    def check_config_text(self, path: Path, text: str) -> list[DataFileError]:
        """Problems in a config buffer as typed: TOML syntax, unknown keys, unknown rule ids."""
        name = str(path)
        try:
            config = config_from_text(text, path)
        except DataFileError as exc:
            return [exc]
        errors: list[DataFileError] = []
        try:
            ruleset = self.project_for(path).ruleset_for(config)
        except (ConfigError, RuleLoadError) as exc:
            line = _line_of(text, "rule-dirs")
            for error in exc.errors:
                if Path(error.file) == path:
                    errors.append(error)
                else:
                    errors.append(
                        DataFileError(name, line, 1, f"{error.file}:{error.line}: {error.message}")
                    )
            return errors
        errors = unknown_rule_ids(config, set(ruleset.specs), functools.partial(_line_of, text))
        errors += config_settings_errors(config, ruleset)
        seen = {(e.line, e.message) for e in errors}
        errors.extend(
            e for e in self._project_errors_for(path, text) if (e.line, e.message) not in seen
        )
        return errors

    def _project_errors_for(self, path: Path, text: str) -> list[DataFileError]:
        """Problems the last reload found in ``path`` (duplicate ids across files, a rule
        shadowing a built-in...), but only while the buffer still matches the file on disk
        they were found in: after an edit their lines may no longer be right."""
        try:
            if path.read_text(encoding="utf-8") != text:
                return []
        except (OSError, UnicodeDecodeError):
            return []
        found: list[DataFileError] = []
        for file, errors in self.errors.items():
            try:
                same = Path(file).resolve() == path.resolve()
            except (OSError, ValueError):
                same = False
            if same:
                found.extend(errors)
        return found

    # -- noticing changes without file watching -----------------------------------------

    def fingerprint(self, paths: Iterable[Path | None]) -> tuple[Any, ...]:
        """Stat data of every file that decides the rules of ``paths`` (for polling)."""
        files: set[Path] = set(self.known_config_files)
        for path in paths:
            found = self.config_file_for(self.lookup_path(path))
            if found is not None:
                files.add(found)
        for directory in self.known_rule_dirs:
            if directory.is_file():
                files.add(directory)
            elif directory.is_dir():
                files.update(p for p in directory.rglob("*") if p.suffix in RULE_SUFFIXES)
        stamps: list[tuple[str, int | None, int | None]] = []
        for file in sorted(files):
            try:
                stat = file.stat()
                stamps.append((str(file), stat.st_mtime_ns, stat.st_size))
            except OSError:
                stamps.append((str(file), None, None))
        return tuple(stamps)


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if mentions(line, needle):
            return number
    return 1
