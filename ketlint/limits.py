"""Limits: loading untrusted data files (rules, config, front matter) safely, and the
size of article ketlint lints.

Rule and config files come from whatever repository is being linted, so they
are treated as data from a stranger: YAML is composed with PyYAML's safe
loader (no Python tags), and the composed node graph is walked under limits
on size, nesting depth and alias expansion before anything is built from it,
so a "billion laughs" file fails fast with a clear message instead of eating
memory. Every value keeps its source line, so errors can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_DATA_FILE_BYTES = 2_000_000
MAX_NESTING = 40
MAX_EXPANDED_NODES = 200_000

Path = tuple[Any, ...]


class DataFileError(Exception):
    """A problem in a rule or config file, with where it is."""

    def __init__(self, file: str, line: int, column: int, message: str) -> None:
        super().__init__(f"{file}:{line}:{column}: {message}")
        self.file = file
        self.line = line
        self.column = column
        self.message = message


@dataclass
class LocatedData:
    """Plain YAML data plus the 1-based (line, column) of every value, by path."""

    data: Any
    positions: dict[Path, tuple[int, int]]
    key_positions: dict[Path, tuple[int, int]]
    file: str

    def where(self, path: Path, key: bool = False) -> tuple[int, int]:
        """The closest known position for ``path`` (falls back to its parents)."""
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))

    def error(self, path: Path, message: str, key: bool = False) -> DataFileError:
        line, column = self.where(path, key)
        return DataFileError(self.file, line, column, message)


def too_deep(text: str, file: str) -> DataFileError:
    """The error for a file whose nesting overflowed the parser's recursion (PyYAML and
    tomllib recurse per level: 5,000 "[" raise RecursionError), at the first place brackets
    nest deeper than MAX_NESTING."""
    depth = 0
    line, column = 1, 1
    for offset, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                line = text.count("\n", 0, offset) + 1
                column = offset - (text.rfind("\n", 0, offset) + 1) + 1
                break
        elif char in "]}":
            depth = max(0, depth - 1)
    return DataFileError(file, line, column, f"nesting deeper than {MAX_NESTING} levels")


def _yaml_syntax_error(exc: Any, file: str) -> DataFileError:
    """Where a YAML syntax error is, in words a rule author can act on.

    An unterminated quote is found only where the file ends: the error is placed where the
    token opens (the quote), and names where the scanner gave up as well.
    """
    problem = exc.problem or exc.context or "invalid YAML"
    opened, found = exc.context_mark, exc.problem_mark
    if (
        opened is not None
        and found is not None
        and (exc.context or "").startswith(("while scanning ", "while parsing a flow "))
        and (opened.line, opened.column) != (found.line, found.column)
    ):
        what = exc.context.split(" ", 2)[2]
        return DataFileError(
            file,
            opened.line + 1,
            opened.column + 1,
            f"YAML syntax error: {what} starts here and is not closed: {problem} at "
            f"{found.line + 1}:{found.column + 1}",
        )
    mark = found or opened
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    return DataFileError(file, line, column, f"YAML syntax error: {problem}")


def load_yaml_located(text: str, file: str) -> LocatedData:
    import yaml

    if len(text.encode("utf-8", "surrogatepass")) > MAX_DATA_FILE_BYTES:
        raise DataFileError(file, 1, 1, f"file is larger than {MAX_DATA_FILE_BYTES} bytes")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise too_deep(text, file) from None
    except yaml.MarkedYAMLError as exc:
        raise _yaml_syntax_error(exc, file) from None
    except yaml.YAMLError as exc:
        raise DataFileError(file, 1, 1, f"YAML error: {exc}") from None
    positions: dict[Path, tuple[int, int]] = {}
    key_positions: dict[Path, tuple[int, int]] = {}
    if node is None:
        return LocatedData(None, positions, key_positions, file)
    budget = [MAX_EXPANDED_NODES]
    constructor = yaml.SafeLoader("")

    def build(current: Any, path: Path, depth: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            line = current.start_mark.line + 1
            raise DataFileError(
                file,
                line,
                1,
                f"the file expands to more than {MAX_EXPANDED_NODES} values "
                "(anchors and aliases used to blow up memory?)",
            )
        if depth > MAX_NESTING:
            line = current.start_mark.line + 1
            raise DataFileError(file, line, 1, f"nesting deeper than {MAX_NESTING} levels")
        if len(path) < 12:
            positions.setdefault(path, (current.start_mark.line + 1, current.start_mark.column + 1))
        if current.tag not in yaml.SafeLoader.yaml_constructors:
            # "!!python/object/apply:os.system [...]" or "!custom": never run, and on a list
            # or a mapping not silently dropped either, so the file reads as what it holds.
            tag = current.tag.replace("tag:yaml.org,2002:", "!!", 1)
            raise DataFileError(
                file,
                current.start_mark.line + 1,
                current.start_mark.column + 1,
                f"the YAML tag {tag!r} is not allowed: ketlint files are plain data (remove it)",
            )
        if isinstance(current, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in current.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise DataFileError(
                        file,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        "merge keys (<<) are not supported in ketlint files",
                    )
                key = build(key_node, path + ("<key>",), depth + 1)
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    raise DataFileError(
                        file,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        "mapping keys must be plain values",
                    )
                if key in result:
                    raise DataFileError(
                        file,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        f"duplicate key {key!r}",
                    )
                if len(path) < 12:
                    key_positions[path + (key,)] = (
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                    )
                result[key] = build(value_node, path + (key,), depth + 1)
            return result
        if isinstance(current, yaml.SequenceNode):
            return [build(item, path + (i,), depth + 1) for i, item in enumerate(current.value)]
        try:
            return constructor.construct_object(current, deep=True)
        except yaml.YAMLError as exc:
            line = current.start_mark.line + 1
            raise DataFileError(file, line, current.start_mark.column + 1, str(exc)) from None

    data = build(node, (), 0)
    return LocatedData(data, positions, key_positions, file)


def safe_yaml_load(text: str, file: str) -> Any:
    return load_yaml_located(text, file).data


# -- the article size limit (max-file-size) ---------------------------------------------


def human_size(size: int) -> str:
    """``size`` bytes in the unit a person reads best: bytes, kB or MB."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1e6:.1f} MB"


def article_size_problem(size: int | None, limit: int) -> str | None:
    """Why an article of ``size`` bytes is not linted under a ``limit`` (max-file-size),
    or None when it is within it; ``size`` None: it grew past the limit while being read.

    The one size policy of ketlint check and the editor: a file is measured on disk,
    text already in memory (standard input, an open buffer) as the UTF-8 it would be saved
    as; over the limit, the article gets one ``file-error`` finding with this message.
    """
    if size is not None and size <= limit:
        return None
    measured = "" if size is None else f" {human_size(size)},"
    return (
        f"file is{measured} over the {human_size(limit)} limit; "
        "raise max-file-size (or --max-file-size) to lint it"
    )
