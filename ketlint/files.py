"""Finding articles on disk and reading them without losing the others to one bad file."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ketlint.model import Finding, LintResult, Severity
from ketlint.project import Project

if TYPE_CHECKING:
    from ketlint.result_cache import ResultCache

SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})
FILE_ERROR = "file-error"


class MissingPath(Exception):
    pass


def iter_files(
    paths: Iterable[Path], project: Project, missing: list[Path] | None = None
) -> Iterator[Path]:
    """Files to lint: given files as they are, folders walked for known extensions.

    Hidden folders (``.git``, ``.venv`` ...) and vendored ones are skipped; a path
    that does not exist is recorded in ``missing`` (or raised) and the rest go on.
    """
    for path in paths:
        if path.is_file():
            yield path
            continue
        if not path.exists():
            if missing is None:
                raise MissingPath(str(path))
            missing.append(path)
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
            root_path = Path(root)
            for name in sorted(files):
                if name.startswith("."):
                    continue
                file = root_path / name
                config = project.config_for(file)
                if file.suffix.lower() in config.extensions and not config.is_excluded(file):
                    yield file


def file_error(path: str, message: str, source: str = "") -> LintResult:
    finding = Finding(rule=FILE_ERROR, severity=Severity.ERROR, message=message, start=0, end=0)
    return LintResult(path=path, source=source, findings=[finding])


def decode_article(data: bytes) -> str:
    """UTF-8 (a BOM is dropped). Raises ValueError with a plain sentence otherwise."""
    if b"\x00" in data[:8192]:
        raise ValueError("looks like a binary file (it contains NUL bytes); not linted")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8 to lint it"
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_text(file: Path, project: Project) -> str | LintResult:
    """The article's text, or the file-error result that says why it cannot be linted."""
    display = str(file)
    config = project.config_for(file)
    try:
        size = file.stat().st_size
        if size > config.max_file_size:
            return file_error(
                display,
                f"file is {size / 1e6:.1f} MB, over the {config.max_file_size / 1e6:.1f} MB limit; "
                "raise max-file-size (or --max-file-size) to lint it",
            )
        data = file.read_bytes()
    except OSError as exc:
        return file_error(display, f"cannot read file: {exc.strerror or exc}")
    try:
        return decode_article(data)
    except ValueError as exc:
        return file_error(display, f"file {exc}")


def read_article(
    file: Path, project: Project, format: str | None = None, cache: ResultCache | None = None
) -> LintResult:
    """Read and lint one file; ``cache`` answers for a text linted before (see result_cache)."""
    text = read_text(file, project)
    if not isinstance(text, str):
        return text
    linter = project.linter_for(file)
    if cache is None:
        return linter.lint_text(text, path=str(file), format=format)
    from ketlint.result_cache import lint_article_text

    return lint_article_text(cache, linter, text, str(file), format)


def cached_result_key(file: Path, project: Project, cache: ResultCache) -> bytes | None:
    """The cache key of the file's current text when ``cache`` holds its result, else None."""
    from ketlint.parsing import format_for_path
    from ketlint.result_cache import linter_fingerprint, result_key

    text = read_text(file, project)
    if not isinstance(text, str):
        return None
    key = result_key(linter_fingerprint(project.linter_for(file)), format_for_path(str(file)), text)
    return key if cache.has(key) else None
