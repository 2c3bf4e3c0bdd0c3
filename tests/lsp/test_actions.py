"""Code actions, hover and code lens through a real server process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types

from ketlint.engine import Linter
from ketlint.ruleset import builtin_ruleset

from .helpers import (
    RecordingClient,
    by_rule,
    diagnostics_for,
    edits_of,
    make_workspace,
    open_document,
    span,
    start_session,
)

# One server for the whole module: every test lints its own file (its own config, where it
# needs one, in a folder of its own), so they cannot see each other's documents.
pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def client(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RecordingClient]:
    root = tmp_path_factory.mktemp("actions")
    make_workspace(root)
    async with start_session(root) as session:
        session.root = root  # type: ignore[attr-defined]
        yield session


def file_for(client: RecordingClient, request: pytest.FixtureRequest, suffix: str = ".md") -> Path:
    """A file named after the running test, in the shared workspace."""
    name = "".join(ch if ch.isalnum() else "-" for ch in request.node.name)[:80]
    return client.root / f"{name}{suffix}"  # type: ignore[attr-defined]


def folder_with_config(client: RecordingClient, name: str, config: str) -> Path:
    folder = client.root / name  # type: ignore[attr-defined]
    folder.mkdir(exist_ok=True)
    (folder / "ketlint.toml").write_text(config)
    return folder


ARTICLE = "# A new treatment\n\nExperts say this wonder drug works.\n\nSome call it a cure-all.\n"


async def actions_at(
    client: RecordingClient, uri: str, diagnostic: types.Diagnostic, only: list[str] | None = None
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic], only=only),
        )
    )
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


async def apply_and_relint(
    client: RecordingClient, uri: str, text: str, action: types.CodeAction, version: int
) -> tuple[str, list[types.Diagnostic]]:
    """Apply an action's edit as the editor would, send the new text, return what is flagged."""
    from .helpers import apply_text_edits

    new_text = apply_text_edits(text, edits_of(action, uri))
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=new_text)],
        )
    )
    return new_text, await diagnostics_for(client, uri, version=version)


async def test_a_safe_fix_is_a_preferred_quick_fix_and_applying_it_clears_the_finding(
    client: RecordingClient, request: pytest.FixtureRequest
) -> None:
    uri = open_document(client, file_for(client, request), ARTICLE)
    wonder, _cure_all = by_rule(await diagnostics_for(client, uri, version=1), "wonder-word")
    actions = await actions_at(client, uri, wonder)
    assert [a.title for a in actions][:3] == [
        "Replace with “medicine”",
        "Disable wonder-word for this line",
        "Disable wonder-word for this file",
    ]
    fix = actions[0]
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    assert fix.diagnostics and fix.diagnostics[0].code == "wonder-word"
    # VS Code accepts versioned edits: the action names the version it was computed for.
    assert fix.edit and fix.edit.document_changes
    assert fix.edit.document_changes[0].text_document.version == 1  # type: ignore[union-attr]

    text, after = await apply_and_relint(client, uri, ARTICLE, fix, 2)
    assert "this medicine works" in text
    assert [span(d) for d in by_rule(after, "wonder-word")] == [(4, 15, 4, 23)]  # cure-all is left


async def test_an_unsafe_fix_is_offered_but_not_preferred(
    client: RecordingClient, request: pytest.FixtureRequest
) -> None:
    uri = open_document(client, file_for(client, request), ARTICLE)
    cure = [d for d in await diagnostics_for(client, uri, version=1) if span(d)[0] == 4][0]
    fix = (await actions_at(client, uri, cure))[0]
    assert fix.title == "Replace with “treatment”"
    assert not fix.is_preferred


@pytest.mark.parametrize(
    ("suffix", "language", "text", "expected_comment"),
    [
        (
            ".md",
            "markdown",
            "# A new treatment\n\nExperts say this wonder drug works.\n",
            "<!-- ketlint-disable-next-line wonder-word -->\n",
        ),
        # Not on a line of its own inside a paragraph: that would split it in two.
        (
            ".markdown",
            "markdown",
            "# A new treatment\n\nExperts say this\nwonder drug works.\n",
            " <!-- ketlint-disable-line wonder-word -->",
        ),
        (
            ".html",
            "html",
            "<!DOCTYPE html>\n<html><body>\n<h1>A new treatment</h1>\n<p>Experts say this\n"
            "wonder drug works.</p>\n</body></html>\n",
            "<!-- ketlint-disable-next-line wonder-word -->\n",
        ),
        (
            ".txt",
            "plaintext",
            "A New Treatment For Depression\n\nExperts say this wonder drug works.\n",
            "ketlint-disable-next-line wonder-word\n",
        ),
    ],
)
async def test_disable_for_this_line_inserts_a_comment_that_silences_only_that_finding(
    client: RecordingClient,
    request: pytest.FixtureRequest,
    suffix: str,
    language: str,
    text: str,
    expected_comment: str,
) -> None:
    uri = open_document(client, file_for(client, request, suffix), text, language=language)
    before = await diagnostics_for(client, uri, version=1)
    (wonder,) = by_rule(before, "wonder-word")
    action = next(a for a in await actions_at(client, uri, wonder) if "this line" in a.title)
    (edit,) = edits_of(action, uri)
    assert edit.new_text == expected_comment
    line = wonder.range.start.line
    at_end = len(text.splitlines()[line]) if "disable-line" in expected_comment else 0
    assert edit.range.start == types.Position(line=line, character=at_end)
    new_text, after = await apply_and_relint(client, uri, text, action, 2)
    assert by_rule(after, "wonder-word") == []
    # The other rule on the same line still speaks, and nothing else changed.
    assert [d.code for d in after] == [d.code for d in before if d.code != "wonder-word"]
    assert new_text.replace(expected_comment, "", 1) == text


async def test_disable_for_this_file_goes_after_front_matter_and_extends_an_existing_comment(
    client: RecordingClient, request: pytest.FixtureRequest
) -> None:
    text = "---\ntitle: A post\n---\n# A new treatment\n\nExperts say this wonder drug works.\n"
    uri = open_document(client, file_for(client, request), text)
    (wonder,) = by_rule(await diagnostics_for(client, uri, version=1), "wonder-word")
    action = next(a for a in await actions_at(client, uri, wonder) if "this file" in a.title)
    (edit,) = edits_of(action, uri)
    assert edit.range.start == types.Position(line=3, character=0)
    text, after = await apply_and_relint(client, uri, text, action, 2)
    assert "---\n<!-- ketlint-disable-file wonder-word -->\n# A new" in text
    assert {d.code for d in after} == {"vague-source"}

    (vague,) = after
    action = next(a for a in await actions_at(client, uri, vague) if "this file" in a.title)
    text, after = await apply_and_relint(client, uri, text, action, 3)
    assert "<!-- ketlint-disable-file wonder-word, vague-source -->" in text
    assert after == []


async def test_fix_all_applies_every_safe_fix_and_nothing_unsafe(
    client: RecordingClient, request: pytest.FixtureRequest
) -> None:
    text = "A wonder drug.\n\nAnother wonder drug, or a cure-all.\n"
    uri = open_document(client, file_for(client, request), text)
    assert len(by_rule(await diagnostics_for(client, uri, version=1), "wonder-word")) == 3
    top = types.Position(line=0, character=0)
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=top, end=top),
            context=types.CodeActionContext(diagnostics=[], only=["source.fixAll"]),
        )
    )
    (fix_all,) = result or []
    assert isinstance(fix_all, types.CodeAction) and fix_all.kind == "source.fixAll.ketlint"
    new_text, after = await apply_and_relint(client, uri, text, fix_all, 2)
    assert new_text == "A medicine.\n\nAnother medicine, or a cure-all.\n"
    assert [d.message for d in after] == ["“cure-all” overstates what a medicine can do."]


async def test_missing_safety_section_offers_to_insert_the_section(client: RecordingClient) -> None:
    folder = folder_with_config(client, "safety", 'select = ["missing-safety-section"]\n')
    text = (
        "# Ketamine for depression\n\n"
        "Ketamine infusions are offered at our clinic for treatment-resistant depression.\n\n"
        "## How it works\n\nThe medicine acts on glutamate receptors in the brain.\n"
    )
    uri = open_document(client, folder / "post.md", text)
    (missing,) = by_rule(await diagnostics_for(client, uri, version=1), "missing-safety-section")
    actions = await actions_at(client, uri, missing)
    insert = next(a for a in actions if a.title.startswith("Insert a"))
    assert "Risks and side effects" in insert.title
    assert not insert.is_preferred  # it adds a heading the writer must fill in
    _, after = await apply_and_relint(client, uri, text, insert, 2)
    assert by_rule(after, "missing-safety-section") == []


async def test_hover_on_a_finding_shows_the_rule_documentation(
    client: RecordingClient, request: pytest.FixtureRequest
) -> None:
    uri = open_document(client, file_for(client, request), ARTICLE)
    wonder, _cure_all = by_rule(await diagnostics_for(client, uri, version=1), "wonder-word")
    document = types.TextDocumentIdentifier(uri=uri)
    inside = types.Position(line=2, character=wonder.range.start.character + 3)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=document, position=inside)
    )
    nothing = await client.text_document_hover_async(
        types.HoverParams(text_document=document, position=types.Position(line=0, character=3))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert hover.contents.value.startswith("## wonder-word")
    assert "Words that promise everything" in hover.contents.value  # the rule's "why"
    assert hover.range == wonder.range
    assert nothing is None


async def test_hover_on_a_rule_id_in_a_suppression_comment(
    client: RecordingClient, request: pytest.FixtureRequest
) -> None:
    text = "<!-- ketlint-disable-next-line vague-source -->\nExperts say so.\n"
    uri = open_document(client, file_for(client, request), text)
    assert await diagnostics_for(client, uri, version=1) == []
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=35),
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value.startswith("## vague-source")
    assert hover.range == types.Range(
        start=types.Position(line=0, character=31), end=types.Position(line=0, character=43)
    )


LONG_SECTION = (
    "Notwithstanding considerable methodological heterogeneity, contemporary investigations "
    "consistently demonstrate substantial improvements in depressive symptomatology following "
    "intravenous administration of subanesthetic ketamine concentrations. "
)


async def test_code_lens_shows_the_reading_grade_on_the_title_and_each_section(
    client: RecordingClient,
) -> None:
    if not any(spec.kind == "readability" for spec in builtin_ruleset().specs.values()):
        pytest.skip("no built-in readability rule yet")
    folder = folder_with_config(client, "lens", 'select = ["readability"]\n')
    text = (
        "# Ketamine and depression\n\n"
        + "Ketamine can help. It works fast. Ask your doctor. " * 12
        + "\n\n## What studies found\n\n"
        + LONG_SECTION * 8
        + "\n"
    )
    expected = Linter(builtin_ruleset(), ["readability"]).lint_text(text, format="markdown").metrics
    uri = open_document(client, folder / "post.md", text)
    await diagnostics_for(client, uri, version=1)
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert lenses is not None
    titles = {(lens.range.start.line, lens.command.title) for lens in lenses if lens.command}
    assert sorted(line for line, _ in titles) == [0, 4]  # the title and "## What studies found"
    document_grade = expected["readability"]["document"]["grade"]
    article = next(title for line, title in titles if line == 0)
    assert article.startswith("Readability (article)")
    assert f"grade {document_grade:.1f}" in article and "target ≤ 8" in article
    (hard,) = [s for s in expected["readability"]["sections"] if s["title"] == "What studies found"]
    section = next(title for line, title in titles if line == 4)
    assert f"grade {hard['grade']:.1f} — above target" in section
