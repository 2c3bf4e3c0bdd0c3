"""MDX, reStructuredText, Word (.docx) and Google Docs' HTML export; "no files to lint"."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from ketlint import lint_text
from ketlint.cli import main
from ketlint.parsing import parse


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", "--no-cache", *args])
    out, err = capsys.readouterr()
    return code, out, err


def findings(capsys, path: Path, *extra: str) -> list[dict]:
    code, out, err = run(capsys, "--format", "json", *extra, str(path))
    assert code in (0, 1), err
    return json.loads(out)["files"][0]["findings"]


def located(found: list[dict], source_lines: list[str] | None = None) -> list[tuple]:
    return [
        (f["rule"], f["start"]["line"], f["start"]["column"], f["end"]["column"]) for f in found
    ]


# -- MDX -----------------------------------------------------------------------------

MDX = """\
import { Chart } from "../components/chart"
export const meta = {
  title: "A miracle cure",

  description: "a breakthrough in 90% of cases",
}

# Ketamine for depression

{/* ketlint-disable-next-line hype-phrase */}
Some call it a miracle drug.

<Callout type="warning" title="A miracle breakthrough">
    Ketamine relieves depression in 50% to 70% of patients.
</Callout>

It is a <Tooltip text="miracle">breakthrough</Tooltip> at {props.miracle} doses.

<Chart data={[{label: "miracle", value: 90}]} />

```js
const miracle = "breakthrough";
```
"""


def test_mdx_lints_prose_and_jsx_children_only(capsys, tmp_path):
    path = tmp_path / "post.mdx"
    path.write_text(MDX, encoding="utf-8")
    found = findings(capsys, path, "--select", "hype-phrase,uncited-statistic")
    assert located(found) == [
        ("uncited-statistic", 14, 37, 47),
        ("hype-phrase", 17, 33, 45),
    ]
    lines = MDX.split("\n")
    assert lines[13][36:46] == "50% to 70%"
    assert lines[16][32:44] == "breakthrough"


def test_mdx_syntax_is_never_prose():
    doc = parse(MDX, "mdx")
    assert doc.format == "mdx" and len(doc.prose) == len(MDX)
    for markup in ("import", "export", "meta", "Callout", "Tooltip", "props", "Chart", "const"):
        assert markup not in doc.prose
    assert [doc.block_text(b) for b in doc.blocks][0] == "Ketamine for depression"


def test_mdx_before_this_change_would_have_linted_the_export(capsys, tmp_path):
    # The same text as Markdown flags the ESM block: the MDX layer is what removes it.
    path = tmp_path / "post.md"
    path.write_text(MDX, encoding="utf-8")
    found = findings(capsys, path, "--select", "hype-phrase")
    assert any(f["start"]["line"] in (3, 5) for f in found)


# -- reStructuredText ------------------------------------------------------------------

RST = """\
:Author: Jane Doe

=======================
Ketamine for depression
=======================

Ketamine relieves depression in 50% to 70% of patients [1]_.
Some call it a *breakthrough*. See `the study <https://example.org/miracle>`_.

.. code-block:: python

   miracle = "breakthrough in 90% of cases"

.. ketlint-disable-next-line hype-phrase

A miracle again, and :ref:`miracle-label`.

- A list item with a miracle in it.

.. toctree::

   miracle

.. [1] Smith J. A trial of ketamine. 2023.
"""


def test_rst_positions_and_code_blocks(capsys, tmp_path):
    path = tmp_path / "post.rst"
    path.write_text(RST, encoding="utf-8")
    found = findings(capsys, path, "--select", "hype-phrase,uncited-statistic")
    assert located(found) == [
        ("hype-phrase", 8, 17, 29),
        ("hype-phrase", 18, 22, 29),
    ]
    lines = RST.split("\n")
    assert lines[7][16:28] == "breakthrough"
    assert lines[17][21:28] == "miracle"


def test_rst_document_structure():
    doc = parse(RST, "rst")
    texts = [(b.kind, b.heading_level, doc.block_text(b)) for b in doc.blocks]
    assert texts[0] == ("heading", 1, "Ketamine for depression")
    assert ("list-item", 0, "A list item with a miracle in it.") in texts
    assert doc.metadata["author"] == "Jane Doe"
    for markup in ("code-block", "toctree", "ref", "example.org", "ketlint-disable"):
        assert markup not in doc.prose
    assert [link.kind for link in doc.links] == ["footnote", "link"]
    assert (
        doc.notes
        and RST[doc.notes[0][0] : doc.notes[0][1]] == "Smith J. A trial of ketamine. 2023."
    )


# -- Word --------------------------------------------------------------------------------

docx = pytest.importorskip("docx")

FOOTNOTES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="7"><w:p><w:r><w:footnoteRef/></w:r>'
    '<w:r><w:t xml:space="preserve"> Smith J. A trial of ketamine. N Engl J Med. 2023.</w:t></w:r>'
    "</w:p></w:footnote></w:footnotes>"
)


def make_docx(path: Path, footnote: bool = True) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("Ketamine for depression", style="Title")
    p = document.add_paragraph("Ketamine relieves depression in 50% to 70% of patients.")
    if footnote:
        part = Part(
            PackURI("/word/footnotes.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
            FOOTNOTES_XML.encode(),
            document.part.package,
        )
        document.part.relate_to(part, RT.FOOTNOTES)
        run = OxmlElement("w:r")
        reference = OxmlElement("w:footnoteReference")
        reference.set(qn("w:id"), "7")
        run.append(reference)
        p._p.append(run)
        p.add_run(" Some call it a miracle.")
    document.add_paragraph("")
    p = document.add_paragraph("Read the ")
    r_id = p.part.relate_to(
        "https://example.org/miracle-breakthrough", RT.HYPERLINK, is_external=True
    )
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "full study"
    run.append(text)
    link.append(run)
    p._p.append(link)
    p.add_run(" for details.")
    document.add_heading("Risks and side effects", level=1)
    document.add_paragraph("It is a breakthrough for some people.", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Response"
    table.cell(0, 1).text = "It worked like magic for 3 in 10 people."
    document.save(str(path))


def test_docx_findings_at_paragraph_and_column(capsys, tmp_path):
    path = tmp_path / "draft.docx"
    make_docx(path)
    found = findings(capsys, path, "--select", "hype-phrase,uncited-statistic")
    # Paragraph 2 is "Ketamine relieves ... patients.1 Some call it a miracle." (the
    # footnote mark "1" is column 56, not prose); 6 is the list item; 8 the second cell.
    assert located(found) == [
        ("hype-phrase", 2, 73, 80),
        ("hype-phrase", 6, 9, 21),
        ("uncited-statistic", 8, 26, 33),  # "3 in 10" in the second table cell
    ]
    assert not any(f["rule"] == "uncited-statistic" and f["start"]["line"] == 2 for f in found)
    code, out, _ = run(capsys, "--select", "hype-phrase", str(path))
    assert f"{path}:6:9: warning hype-phrase" in out
    assert "6 | It is a breakthrough for some people.\n  |         ^^^^^^^^^^^^" in out


def test_docx_document_structure(tmp_path):
    from ketlint.files import article_text

    path = tmp_path / "draft.docx"
    make_docx(path)
    text = article_text(path, path.read_bytes())
    doc = parse(text, "docx")
    kinds = [(b.kind, b.heading_level, doc.block_text(b)) for b in doc.blocks]
    assert kinds == [
        ("heading", 1, "Ketamine for depression"),
        (
            "paragraph",
            0,
            "Ketamine relieves depression in 50% to 70% of patients. Some call it a miracle.",
        ),
        ("paragraph", 0, "Read the full study for details."),
        ("heading", 1, "Risks and side effects"),
        ("list-item", 0, "It is a breakthrough for some people."),
        ("table-cell", 0, "Response"),
        ("table-cell", 0, "It worked like magic for 3 in 10 people."),
        ("paragraph", 0, "Smith J. A trial of ketamine. N Engl J Med. 2023."),
    ]
    lines = text.split("\n")
    assert (
        lines[1]
        == "Ketamine relieves depression in 50% to 70% of patients.1 Some call it a miracle."
    )
    assert lines[8] == "1 Smith J. A trial of ketamine. N Engl J Med. 2023."
    assert [(link.kind, link.target) for link in doc.links] == [
        ("footnote", "1"),
        ("link", "https://example.org/miracle-breakthrough"),
    ]
    assert "example.org" not in doc.prose and "ketlint-docx" not in doc.prose


def test_docx_without_the_footnote_flags_the_statistic(capsys, tmp_path):
    path = tmp_path / "draft.docx"
    make_docx(path, footnote=False)
    found = findings(capsys, path, "--select", "uncited-statistic")
    assert ("uncited-statistic", 2, 33, 43) in located(found)


def test_docx_fix_refuses_and_writes_nothing(capsys, tmp_path):
    path = tmp_path / "draft.docx"
    make_docx(path)
    before = path.read_bytes()
    code, out, err = run(capsys, "--fix", "--unsafe-fixes", str(path))
    assert "not fixed" in err and "Word document (.docx)" in err
    assert path.read_bytes() == before


def test_docx_without_the_extra_names_it(capsys, tmp_path, monkeypatch):
    path = tmp_path / "draft.docx"
    make_docx(path)
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx raises ImportError
    found = findings(capsys, path)
    assert [f["rule"] for f in found] == ["file-error"]
    assert "pip install 'ketlint[docx]'" in found[0]["message"]
    assert "binary" not in found[0]["message"]


def test_a_damaged_docx_is_a_file_error(capsys, tmp_path):
    path = tmp_path / "draft.docx"
    path.write_bytes(b"not a zip at all")
    found = findings(capsys, path)
    assert [f["rule"] for f in found] == ["file-error"]
    assert "not a Word document" in found[0]["message"]


# -- Google Docs' HTML export ----------------------------------------------------------------

GDOC = (
    '<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type">'
    '<style type="text/css">ol{margin:0;padding:0}.c1{color:#000000;font-weight:400;'
    'font-family:"Arial"}.title{font-size:26pt}/* a miracle breakthrough 90% */</style></head>'
    '<body class="c5 doc-content"><p class="c2 title" id="h.8d2l"><span class="c1">Ketamine for depression</span></p>'
    '<p class="c2"><span class="c1">Ketamine relieves depression in 50% to 70% of patients.</span>'
    '<sup class="c1"><a href="#ftnt1" id="ftnt_ref1">[1]</a></sup>'
    '<span class="c1" style="font-style:italic">&nbsp;Some call it a miracle.</span></p>'
    '<p class="c2"><span class="c1">Read the </span><span class="c3"><a class="c4" '
    'href="https://www.google.com/url?q=https://example.org/miracle&amp;sa=D">full study</a></span></p>'
    '<hr class="c6"><div><p class="c2"><a href="#ftnt_ref1" id="ftnt1">[1]</a>'
    '<span class="c1">&nbsp;Smith J. A trial of ketamine. N Engl J Med. 2023.</span></p></div></body></html>'
)


def test_google_docs_footnotes_are_citations(capsys, tmp_path):
    path = tmp_path / "export.html"
    path.write_text(GDOC, encoding="utf-8")
    found = findings(capsys, path, "--select", "hype-phrase,uncited-statistic,citation-reference")
    at = GDOC.index("a miracle.</span>") + 2
    assert [(f["rule"], f["offset"]["start"], f["offset"]["end"]) for f in found] == [
        ("hype-phrase", at, at + len("miracle"))
    ]
    doc = parse(GDOC, "html")
    assert doc.blocks[0].kind == "heading"
    assert ("footnote", "1") in [(link.kind, link.target) for link in doc.links]
    assert [label for _, _, label in doc.notes] == ["1"]


def test_google_docs_without_the_footnote_section(capsys, tmp_path):
    path = tmp_path / "export.html"
    path.write_text(
        GDOC.replace('<sup class="c1"><a href="#ftnt1" id="ftnt_ref1">[1]</a></sup>', "").split(
            "<hr"
        )[0]
        + "</body></html>",
        encoding="utf-8",
    )
    found = findings(capsys, path, "--select", "uncited-statistic")
    assert [f["rule"] for f in found] == ["uncited-statistic"]


# -- no files to lint ---------------------------------------------------------------------------


def test_a_folder_with_nothing_to_lint_is_an_error(capsys, tmp_path):
    (tmp_path / "notes.odt").write_text("x", encoding="utf-8")
    code, out, err = run(capsys, str(tmp_path))
    assert code == 2
    assert "All checks passed" not in out
    assert "no files to lint" in err and ".mdx" in err
    code, out, err = run(capsys, "--allow-no-files", str(tmp_path))
    assert code == 0 and "no files to lint" in err


def test_everything_excluded_is_an_error_but_force_excluded_files_are_not(capsys, tmp_path):
    (tmp_path / "ketlint.toml").write_text('exclude = ["drafts/**"]\n', encoding="utf-8")
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    code, _, err = run(capsys, str(drafts))
    assert code == 2 and "no files to lint" in err
    # pre-commit names the changed files; all of them excluded is nothing to do.
    code, _, err = run(capsys, "--force-exclude", str(drafts / "a.md"))
    assert code == 0 and "no files to lint" not in err


def test_folders_pick_up_the_new_extensions(capsys, tmp_path):
    (tmp_path / "a.mdx").write_text("# A\n\nIt is a miracle.\n", encoding="utf-8")
    (tmp_path / "b.rst").write_text("B\n=\n\nIt is a miracle.\n", encoding="utf-8")
    (tmp_path / "~$lock.docx").write_bytes(b"\x00lock")
    code, out, _ = run(capsys, "--format", "json", "--select", "hype-phrase", str(tmp_path))
    files = {Path(f["path"]).name: f["findings"] for f in json.loads(out)["files"]}
    assert set(files) == {"a.mdx", "b.rst"}
    assert [(f["start"]["line"], f["start"]["column"]) for f in files["a.mdx"]] == [(3, 9)]
    assert [(f["start"]["line"], f["start"]["column"]) for f in files["b.rst"]] == [(4, 9)]


def test_server_maps_mdx_and_restructuredtext_language_ids():
    from ketlint.lsp.settings import DEFAULT_LANGUAGES, parse_settings

    assert DEFAULT_LANGUAGES["mdx"] == "mdx"
    assert DEFAULT_LANGUAGES["restructuredtext"] == "rst"
    settings, notes = parse_settings({"languages": {"quarto": "rst"}})
    assert settings.languages["quarto"] == "rst" and not notes


def test_a_section_inserted_into_rest_is_underlined_as_the_documents_sections_are():
    """reST ranks section levels by the order underline styles first appear: the inserted
    section takes the style the document's sections already use, so it is one of them."""
    text = (
        "New pill for sleep\n==================\n\nBackground\n~~~~~~~~~~\n\n"
        "Doctors now prescribe the sleeping pill zolpiron to adults with insomnia. It is taken"
        " each night, and people in a trial slept longer on it than on a dummy pill.\n"
    )
    (finding,) = [
        f for f in lint_text(text, path="x.rst").findings if f.rule == "missing-safety-section"
    ]
    assert finding.fix is not None
    fixed = text[: finding.fix.start] + finding.fix.replacement + text[finding.fix.end :]
    assert "\nRisks and side effects\n~~~~~~~~~~~~~~~~~~~~~~\n" in fixed
    document = parse(fixed, "rst")
    headings = [document.source[h.start : h.end].strip() for h in document.headings]
    assert headings[-1].startswith("Risks and side effects")
