"""Word documents (.docx), read with python-docx (the ``docx`` extra).

A .docx is a zip of XML parts, not text, so ketlint lints its *extracted text*: one line
per paragraph, in document order, so that a finding's line is the paragraph's number and
its column the character inside that paragraph:

* paragraphs are numbered from 1 through the body, empty ones included (Word's ¶ marks);
  a table's paragraphs in reading order (row by row, cell by cell), then every footnote's
  paragraphs, then every endnote's;
* a footnote or endnote reference is the mark Word shows (footnotes 1, 2, 3 ...; endnotes
  i, ii, iii ...): one column each, a citation, never prose; a note's own paragraph starts
  with its mark too;
* a tab is a tab; a line break (Shift+Enter) and any other break become one space;
  deleted tracked changes, field codes, text boxes, headers and footers are left out;
  inserted tracked changes are text.

Headings are paragraphs styled "Title" or "Heading N" (or with an outline level); list
items are numbered or bulleted paragraphs (``w:numPr``, or a "List ..." style); quotes are
"Quote" and "Intense Quote"; table cells are table cells. Hyperlinks are links (their
targets are not in the text at all). The notes are the document's reference list.

The extracted text ends with one line that holds this structure as JSON after
:data:`STRUCTURE_MARK`, so that the text alone (what the result cache keys on and worker
processes receive) is the whole document. That line is never prose and no finding points
at it.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from ketlint.document import Block, BlockKind, Document, Link, title_of
from ketlint.parsing.common import apply_mask, new_mask, reveal

STRUCTURE_MARK = "\x1eketlint-docx "
EXTRA_HINT = "install the docx extra to lint it: pip install 'ketlint[docx]'"
# A .docx whose parts would unpack to more than this is refused (a zip bomb).
MAX_UNPACKED_BYTES = 200_000_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_SKIPPED = frozenset(
    f"{_W}{name}"
    for name in "del moveFrom delText instrText txbxContent pict drawing object rPr pPr "
    "sectPr fldData".split()
)
_BREAKS = frozenset(f"{_W}{name}" for name in ("br", "cr"))
_QUOTE_STYLES = frozenset({"quote", "intense quote"})


class DocxError(ValueError):
    """Why a .docx cannot be read, as a plain sentence."""


@dataclass
class _Extraction:
    lines: list[str] = field(default_factory=list)
    kinds: list[tuple[str, int]] = field(default_factory=list)  # per line: kind, level
    links: list[tuple[int, int, int, str, str]] = field(
        default_factory=list
    )  # line, start, end, target, kind
    notes: list[tuple[int, int, str]] = field(default_factory=list)  # first line, last line, label
    hidden: list[tuple[int, int, int]] = field(default_factory=list)  # line, start, end: not prose


def extract_docx(data: bytes) -> str:
    """The extracted text of a .docx (see the module's docstring). Raises :class:`DocxError`,
    or ImportError when python-docx is not installed."""
    import docx  # the "docx" extra: ImportError is reported by the caller
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise DocxError(
            f"is not a Word document (.docx) that can be read: {exc} (an old .doc, or an "
            "encrypted file, is not supported; save it as .docx)"
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise DocxError(
            f"unpacks to {unpacked / 1e6:.0f} MB, over the {MAX_UNPACKED_BYTES / 1e6:.0f} MB "
            "ketlint reads from a Word document; not linted"
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a damaged package
        raise DocxError(f"is not a Word document (.docx) that can be read: {exc}") from None
    part = document.part
    reader = _Reader(part)
    notes: dict[str, dict[str, Any]] = {}
    for reltype, tag, kind in (
        (RT.FOOTNOTES, "footnote", "footnote"),
        (RT.ENDNOTES, "endnote", "endnote"),
    ):
        notes[kind] = _notes(part, reltype, tag)
    reader.note_parts = notes
    reader.body(document.element.body)
    for kind in ("footnote", "endnote"):
        for note_id in reader.note_order[kind]:
            element, note_part = notes[kind][note_id]
            first = len(reader.out.lines)
            reader.current_part = note_part
            reader.in_note = (kind, reader.note_labels[kind][note_id])
            reader.container(element, "paragraph")
            if len(reader.out.lines) > first:
                reader.out.notes.append(
                    (first, len(reader.out.lines) - 1, reader.note_labels[kind][note_id])
                )
    out = reader.out
    structure = {
        "version": 1,
        "kinds": [
            [i, kind, level] for i, (kind, level) in enumerate(out.kinds) if kind != "paragraph"
        ],
        "links": out.links,
        "notes": out.notes,
        "hidden": out.hidden,
    }
    text = "\n".join(out.lines)
    return f"{text}\n{STRUCTURE_MARK}{json.dumps(structure, separators=(',', ':'))}\n"


def _notes(part: Any, reltype: str, tag: str) -> dict[str, Any]:
    """Footnote or endnote elements by id (separators and continuation notices left out)."""
    from docx.oxml.parser import parse_xml

    found: dict[str, Any] = {}
    for rel in part.rels.values():
        if rel.reltype != reltype or rel.is_external:
            continue
        note_part = rel.target_part
        root = parse_xml(note_part.blob)
        for element in root.iter(f"{_W}{tag}"):
            if element.get(f"{_W}type") in (None, "normal"):
                found[str(element.get(f"{_W}id"))] = (element, note_part)
    return found


def _roman(number: int) -> str:
    values = (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    )
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out


class _Reader:
    def __init__(self, part: Any) -> None:
        self.part = part
        self.current_part = part
        self.out = _Extraction()
        self.note_parts: dict[str, dict[str, Any]] = {}
        self.note_order: dict[str, list[str]] = {"footnote": [], "endnote": []}
        self.note_labels: dict[str, dict[str, str]] = {"footnote": {}, "endnote": {}}
        self.in_note: tuple[str, str] | None = None
        self._styles: dict[str, tuple[str, int]] = {}

    # -- block structure -----------------------------------------------------------

    def body(self, body: Any) -> None:
        self.container(body, "paragraph")

    def container(self, element: Any, kind: str) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if tag == f"{_W}p":
                self.paragraph(child, kind)
            elif tag == f"{_W}tbl":
                for row in child.iterchildren(f"{_W}tr"):
                    for cell in row.iterchildren(f"{_W}tc"):
                        self.container(cell, "table-cell")
            elif tag in (f"{_W}sdt", f"{_W}customXml"):
                content = child.find(f"{_W}sdtContent") if tag == f"{_W}sdt" else child
                if content is not None:
                    self.container(content, kind)

    def paragraph(self, p: Any, kind: str) -> None:
        line = len(self.out.lines)
        style_kind, level = self._paragraph_kind(p)
        if kind == "paragraph" and self.in_note is None:
            kind = style_kind
        elif kind == "table-cell" and style_kind == "heading":
            level = 0
        self.text: list[str] = []
        self.line = line
        self.link_stack: list[tuple[int, str]] = []
        self.inline(p)
        text = "".join(self.text)
        self.out.lines.append(text)
        self.out.kinds.append((kind, level if kind == "heading" else 0))

    def _paragraph_kind(self, p: Any) -> tuple[str, int]:
        ppr = p.find(f"{_W}pPr")
        style_id = None
        if ppr is not None:
            style = ppr.find(f"{_W}pStyle")
            style_id = style.get(f"{_W}val") if style is not None else None
            outline = ppr.find(f"{_W}outlineLvl")
            if outline is not None and (outline.get(f"{_W}val") or "").isdigit():
                level = int(outline.get(f"{_W}val"))
                if level < 9:
                    return "heading", min(level + 1, 6)
            if ppr.find(f"{_W}numPr") is not None:
                return "list-item", 0
        return self._style_kind(style_id)

    def _style_kind(self, style_id: str | None) -> tuple[str, int]:
        key = style_id or ""
        if key in self._styles:
            return self._styles[key]
        result: tuple[str, int] = ("paragraph", 0)
        try:
            style = self.part.styles.get_by_id(style_id, 1) if style_id else None  # 1: paragraph
        except Exception:
            style = None
        seen = 0
        while style is not None and seen < 10:  # a style, then what it is based on
            seen += 1
            name = (style.name or "").strip().lower()
            ppr = style.element.pPr
            if name == "title":
                result = ("heading", 1)
                break
            if name.startswith("heading ") and name[8:].isdigit():
                result = ("heading", min(int(name[8:]), 6))
                break
            if name in _QUOTE_STYLES:
                result = ("quote", 0)
                break
            if name.startswith("list"):
                result = ("list-item", 0)
                break
            if ppr is not None:
                outline = ppr.find(f"{_W}outlineLvl")
                if outline is not None and (outline.get(f"{_W}val") or "").isdigit():
                    level = int(outline.get(f"{_W}val"))
                    if level < 9:
                        result = ("heading", min(level + 1, 6))
                        break
                if ppr.find(f"{_W}numPr") is not None:
                    result = ("list-item", 0)
                    break
            style = style.base_style
        self._styles[key] = result
        return result

    # -- text ----------------------------------------------------------------------

    def _column(self) -> int:
        return sum(len(piece) for piece in self.text)

    def inline(self, element: Any) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == f"{_W}t":
                self.text.append(_clean(child.text or ""))
            elif tag == f"{_W}tab":
                self.text.append("\t")
            elif tag in _BREAKS:
                self.text.append(" ")
            elif tag == f"{_W}noBreakHyphen":
                self.text.append("-")
            elif tag in (f"{_W}footnoteReference", f"{_W}endnoteReference"):
                kind = "footnote" if tag == f"{_W}footnoteReference" else "endnote"
                self._reference(kind, str(child.get(f"{_W}id")))
            elif tag in (f"{_W}footnoteRef", f"{_W}endnoteRef") and self.in_note is not None:
                column = self._column()
                self.text.append(self.in_note[1])
                self.out.hidden.append((self.line, column, self._column()))
            elif tag == f"{_W}hyperlink":
                target = self._hyperlink_target(child)
                start = self._column()
                self.inline(child)
                if target and self._column() > start:
                    self.out.links.append((self.line, start, self._column(), target, "link"))
            elif tag == f"{_W}fldSimple":
                instruction = (child.get(f"{_W}instr") or "").strip()
                start = self._column()
                self.inline(child)
                if instruction.upper().startswith("HYPERLINK") and self._column() > start:
                    target = (
                        instruction.split(None, 1)[1].strip().strip('"')
                        if " " in instruction
                        else ""
                    )
                    self.out.links.append((self.line, start, self._column(), target, "link"))
            elif tag == f"{_W}p":  # a paragraph nested where text was expected: flatten
                self.inline(child)
            else:  # runs, smart tags, inserted text, content controls ...
                self.inline(child)

    def _reference(self, kind: str, note_id: str) -> None:
        if note_id not in self.note_parts.get(kind, {}):
            return
        labels = self.note_labels[kind]
        if note_id not in labels:
            self.note_order[kind].append(note_id)
            number = len(self.note_order[kind])
            labels[note_id] = str(number) if kind == "footnote" else _roman(number)
        column = self._column()
        self.text.append(labels[note_id])
        self.out.links.append((self.line, column, self._column(), labels[note_id], "footnote"))
        self.out.hidden.append((self.line, column, self._column()))

    def _hyperlink_target(self, element: Any) -> str:
        rel_id = element.get(f"{_R}id")
        anchor = element.get(f"{_W}anchor")
        if rel_id:
            rel = self.current_part.rels.get(rel_id)
            if rel is not None and rel.is_external:
                return str(rel.target_ref)
        return f"#{anchor}" if anchor else ""


def _clean(text: str) -> str:
    """Text of one run, on one line: line and record separators become spaces."""
    return text.translate(
        {10: " ", 13: " ", 11: " ", 12: " ", 0x1E: " ", 0x85: " ", 0x2028: " ", 0x2029: " "}
    )


def parse_extracted_docx(source: str, path: str | None = None) -> Document:
    """The Document of a .docx's extracted text (:func:`extract_docx`)."""
    mark = source.rfind("\n" + STRUCTURE_MARK)
    if mark == -1:
        raise ValueError("not the extracted text of a .docx (its structure line is missing)")
    structure = json.loads(source[mark + 1 + len(STRUCTURE_MARK) :])
    starts = [0]
    for index, char in enumerate(source[:mark]):
        if char == "\n":
            starts.append(index + 1)
    line_ends = [*(s - 1 for s in starts[1:]), mark]
    mask = new_mask(len(source))
    kinds: dict[int, tuple[str, int]] = {
        int(i): (kind, int(level)) for i, kind, level in structure["kinds"]
    }
    for line, start in enumerate(starts):
        reveal(mask, start, line_ends[line])
    for line, start, end in structure["hidden"]:
        base = starts[line]
        mask[base + start : base + end] = bytes(end - start)
    prose = apply_mask(source, mask)
    blocks: list[Block] = []
    for line, start in enumerate(starts):
        end = line_ends[line]
        text = prose[start:end]
        if not text.strip():
            continue
        kind, level = kinds.get(line, ("paragraph", 0))
        first = start + len(text) - len(text.lstrip())
        last = end - (len(text) - len(text.rstrip()))
        block_kind: BlockKind = kind  # type: ignore[assignment]
        blocks.append(Block(block_kind, first, last, level))
    links = [
        Link(starts[line] + start, starts[line] + end, target, kind)
        for line, start, end, target, kind in structure["links"]
    ]
    notes = [
        (starts[first], line_ends[last], str(label)) for first, last, label in structure["notes"]
    ]
    title = title_of(blocks)
    return Document(
        source=source,
        prose=prose,
        format="docx",
        blocks=blocks,
        links=links,
        metadata={},
        title_block=title,
        path=path,
        notes=notes,
    )
