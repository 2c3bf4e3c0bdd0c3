"""Turn source text into a :class:`~ketlint.document.Document`, by format."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from ketlint.document import Document

FORMAT_BY_SUFFIX = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mkd": "markdown",
    ".mdx": "mdx",
    ".rst": "rst",
    ".rest": "rst",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
}
LANGUAGE_ID_FORMATS = {
    "markdown": "markdown",
    "html": "html",
    "plaintext": "text",
    "text": "text",
    "mdx": "mdx",
    "restructuredtext": "rst",
    "rst": "rst",
}
# Formats whose text ketlint reads from the file's bytes through a library (never from an
# editor buffer or standard input): the text linted is extracted, so --fix cannot write it.
EXTRACTED_FORMATS = frozenset({"docx"})


def format_for_path(path: str | None, default: str = "markdown") -> str:
    if not path:
        return default
    return FORMAT_BY_SUFFIX.get(PurePath(path).suffix.lower(), default)


def parse(source: str, format: str = "markdown", path: str | None = None) -> Document:
    # Normalise nothing: offsets must stay true to the file, "\r\n" included. A leading
    # byte-order mark is not text: the rest is parsed, the offsets then moved past the mark.
    if source.startswith("\ufeff"):
        from ketlint.document import behind_bom

        return behind_bom(_parse(source[1:], format, path))
    return _parse(source, format, path)


def parse_again(source: str, format: str, path: str | None, previous: Any) -> tuple[Document, Any]:
    """``parse(source, format, path)``, and what a later call can reuse of it (None: nothing).

    ``previous`` is what an earlier call returned for an earlier text of the same document
    (an editor's buffer before a keystroke): where the format allows (Markdown), only the
    edited part is parsed again; the document is the same as ``parse`` gives.
    """
    if format == "markdown" and not source.startswith("\ufeff"):
        from ketlint.parsing.markdown import reparse_markdown

        return reparse_markdown(source, path, previous)
    return parse(source, format, path), None


def _parse(source: str, format: str, path: str | None) -> Document:
    if format == "markdown":
        from ketlint.parsing.markdown import parse_markdown

        return parse_markdown(source, path)
    if format == "html":
        from ketlint.parsing.html import parse_html

        return parse_html(source, path)
    if format == "text":
        from ketlint.parsing.plaintext import parse_text

        return parse_text(source, path)
    if format == "mdx":
        from ketlint.parsing.mdx import parse_mdx

        return parse_mdx(source, path)
    if format == "rst":
        from ketlint.parsing.rst import parse_rst

        return parse_rst(source, path)
    if format == "docx":
        from ketlint.parsing.docx import parse_extracted_docx

        return parse_extracted_docx(source, path)
    raise ValueError(
        f"unknown document format {format!r} (expected markdown, mdx, rst, html, text or docx)"
    )
