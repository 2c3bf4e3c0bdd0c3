"""Finding articles on disk and reading them without losing the others to one bad file."""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ketlint.limits import article_size_problem
from ketlint.model import Finding, LintResult, Severity
from ketlint.project import Project

if TYPE_CHECKING:
    from ketlint.result_cache import ResultCache

SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})
FILE_ERROR = "file-error"


# Open without waiting (a FIFO named like a file must not block) and without newline
# translation (Windows): for reading articles and for writing fixes alike.
_NO_WAIT_BINARY = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class MissingPath(Exception):
    pass


def iter_files(
    paths: Iterable[Path], project: Project, missing: list[Path] | None = None
) -> Iterator[Path]:
    """Files to lint: given paths as they are, folders walked for known extensions.

    Hidden folders (``.git``, ``.venv`` ...) and vendored ones are skipped; a path
    that does not exist is recorded in ``missing`` (or raised) and the rest go on.
    Anything that is not a folder is yielded (a FIFO or device too: :func:`read_text`
    reports it as not linted, without opening it), and so is a folder that cannot be
    listed, so that it is reported rather than silently skipped.
    """
    for path in paths:
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            mode = None
        except OSError:  # e.g. a path through an unreadable folder: read_text says why
            yield path
            continue
        if mode is None:
            if missing is None:
                raise MissingPath(str(path))
            missing.append(path)
            continue
        if not stat.S_ISDIR(mode):
            yield path
            continue
        unlistable: list[Path] = []

        def note(error: OSError, unlistable: list[Path] = unlistable, top: Path = path) -> None:
            folder = Path(error.filename) if error.filename else top
            if not project.config_for(folder / "_").is_excluded(folder):
                unlistable.append(folder)

        for root, dirs, files in os.walk(path, onerror=note):
            yield from unlistable
            unlistable.clear()
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
            root_path = Path(root)
            for name in sorted(files):
                if name.startswith((".", "~$")):  # "~$draft.docx": Word's lock file
                    continue
                file = root_path / name
                config = project.config_for(file)
                if file.suffix.lower() in config.extensions and not config.is_excluded(file):
                    yield file
        yield from unlistable


def file_error(path: str, message: str, source: str = "") -> LintResult:
    finding = Finding(rule=FILE_ERROR, severity=Severity.ERROR, message=message, start=0, end=0)
    return LintResult(path=path, source=source, findings=[finding])


class NotLinted(Exception):
    """Why a path's text cannot be linted, as a plain sentence (its ``str``)."""


# Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def detect_encoding(data: bytes) -> tuple[str, bytes]:
    """The codec of an article's bytes and the byte-order mark they start with (or b"")."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec, bom
    return "utf-8", b""


def decode_article(data: bytes) -> str:
    """Text by its byte-order mark (UTF-8, UTF-16 or UTF-32), else UTF-8; the mark is dropped.

    Raises ValueError with a plain sentence for bytes that are not such text.
    """
    codec, bom = detect_encoding(data)
    # The policy (README, "What is linted"): bytes with a NUL in their first 8 KB and no
    # byte-order mark are a binary file, as git and grep decide; a str given to the API is
    # text already, and a NUL in it is a character like any other.
    nul = data.find(b"\x00", 0, 8192) if not bom else -1
    if nul >= 0:
        raise ValueError(
            f"looks like a binary file (a NUL byte at offset {nul}); not linted. If it is "
            "text, remove the NUL bytes, or save it as UTF-8 (UTF-16 and UTF-32 text needs a "
            "byte-order mark)"
        )
    try:
        return data[len(bom) :].decode(codec)
    except UnicodeDecodeError as exc:
        at = exc.start + len(bom)
        name = "UTF-8" if codec == "utf-8" else codec.upper()
        raise ValueError(
            f"is not valid {name} (byte 0x{data[at]:02x} at offset {at}); "
            "save it as UTF-8 to lint it"
        ) from None


def encode_article(text: str, like: bytes) -> bytes:
    """``text`` in the encoding (byte-order mark included) of the bytes ``like``."""
    codec, bom = detect_encoding(like)
    return bom + text.encode(codec)


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_article_bytes(file: Path | str, max_size: int) -> bytes:
    """The bytes of a regular file: the one place ketlint reads an article from disk.

    Anything else (a FIFO, a device, a socket) is never opened; a folder is reported (one
    that cannot be listed says why). The file is opened without blocking and checked
    again once open, so a file swapped for a FIFO in between cannot hang the run.
    Raises :class:`NotLinted` with the reason.
    """
    try:
        info = os.stat(file)
    except OSError as exc:
        raise NotLinted(f"cannot read file: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        try:
            os.listdir(file)
        except OSError as exc:
            raise NotLinted(
                f"cannot read folder: {exc.strerror or exc}; the files in it were not linted"
            ) from None
        raise NotLinted("is a folder, not a file; not linted")
    if not stat.S_ISREG(info.st_mode):
        raise NotLinted(f"is {_kind(info.st_mode)}, not a regular file; not linted")
    too_big = article_size_problem(info.st_size, max_size)
    if too_big is not None:
        raise NotLinted(too_big)
    try:
        fd = os.open(file, os.O_RDONLY | _NO_WAIT_BINARY)
    except OSError as exc:
        raise NotLinted(f"cannot read file: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        opened = os.fstat(handle.fileno())
        if not stat.S_ISREG(opened.st_mode):
            raise NotLinted(f"is {_kind(opened.st_mode)}, not a regular file; not linted")
        try:
            data = handle.read(max_size + 1)
        except OSError as exc:
            raise NotLinted(f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > max_size:  # it grew since the stat: how big it is now, nobody knows
        raise NotLinted(article_size_problem(None, max_size) or "")
    return data


def article_text(path: Path | str, data: bytes) -> str:
    """The text ketlint lints from a file's bytes: decoded text, or for a Word document
    (.docx) its extracted text (ketlint.parsing.docx). Raises ValueError with a sentence
    that follows "file"."""
    if Path(path).suffix.lower() == ".docx":
        from ketlint.parsing.docx import EXTRA_HINT, extract_docx

        try:
            return extract_docx(data)
        except ImportError:  # python-docx (or its lxml) is not installed
            raise ValueError(f"is a Word document (.docx); {EXTRA_HINT}") from None
    return decode_article(data)


def oversized_text(text: str, display: str, max_size: int) -> LintResult | None:
    """The file-error result for text already in memory (standard input, an editor's
    buffer) over the size limit, measured as the UTF-8 it would be saved as; else None."""
    problem = article_size_problem(len(text.encode("utf-8", "surrogatepass")), max_size)
    return None if problem is None else file_error(display, problem, text)


def read_text(file: Path, project: Project) -> str | LintResult:
    """The article's text, or the file-error result that says why it cannot be linted."""
    display = str(file)
    try:
        data = read_article_bytes(file, project.config_for(file).max_file_size)
    except NotLinted as exc:
        return file_error(display, str(exc))
    try:
        return article_text(file, data)
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


class NotFixed(Exception):
    """Why ``--fix`` left a file alone, as a plain sentence (its ``str``)."""


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def write_fixed(file: Path, named: Path, before: str, after: str) -> None:
    """Write the fixed text ``after`` over ``file``, whose text was ``before`` when linted.

    ``named`` is the path given on the command line that ``file`` was found under (or
    ``file`` itself). ketlint never writes through a symbolic link: not when ``file`` is
    one, nor when ``named`` is one, nor when a folder between them is one (a link in a
    checkout can point anywhere: ``README.md -> ~/.bashrc``). The folders are opened one
    by one without following links, so one swapped for a link meanwhile is refused too.
    The file keeps its encoding and byte-order mark, and is left alone if it changed
    since it was linted. Raises :class:`NotFixed` with the reason.
    """
    try:
        relative = file.relative_to(named).parts
    except ValueError:
        relative = ()
    if not relative:  # the file was named itself: start from its folder
        start, relative = file.parent, (file.name,)
    else:
        start = named
        if os.path.islink(named):
            raise NotFixed(f"{named} is a symbolic link; --fix does not write through links")
    use_dir_fd = bool(_NOFOLLOW and _DIRECTORY) and os.open in os.supports_dir_fd
    try:
        if use_dir_fd:
            fd = _open_below(start, relative)
        else:  # no openat(): check each step, then open (a race remains; see the README)
            here = start
            for part in relative:
                here = here / part
                if os.path.islink(here):
                    raise NotFixed(f"{here} is a symbolic link; --fix does not write through links")
            fd = os.open(file, os.O_RDWR | _NO_WAIT_BINARY)
    except OSError as exc:
        raise NotFixed(f"cannot open it to write the fixes: {exc.strerror or exc}") from None
    with os.fdopen(fd, "r+b") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotFixed(f"is {_kind(info.st_mode)}, not a regular file; not fixed")
        data = handle.read()
        try:
            current = decode_article(data)
        except ValueError:
            current = None
        if current != before:
            raise NotFixed("changed since it was linted; not fixed")
        handle.seek(0)
        handle.write(encode_article(after, data))
        handle.truncate()


def _open_below(start: Path, parts: tuple[str, ...]) -> int:
    """A read-write descriptor of ``start/parts...``, following no link below ``start``."""
    fd = os.open(start, os.O_RDONLY | _DIRECTORY)
    try:
        where = start
        for part in parts[:-1]:
            where = where / part
            try:
                next_fd = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=fd)
            except OSError as exc:
                if os.path.islink(where):
                    raise NotFixed(
                        f"{where} is a symbolic link; --fix does not write through links"
                    ) from None
                raise exc
            os.close(fd)
            fd = next_fd
        try:
            return os.open(parts[-1], os.O_RDWR | os.O_NONBLOCK | _NOFOLLOW, dir_fd=fd)
        except OSError as exc:
            if os.path.islink(where / parts[-1]):
                raise NotFixed("is a symbolic link; --fix does not write through links") from None
            raise exc
    finally:
        os.close(fd)
