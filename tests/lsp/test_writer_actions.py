"""What a writer meets in the editor (issue 11): a short hover where several findings
overlap, the wording a rule suggests offered as a fix, directives whose action title says
what they insert, and the config-file alternative to a directive in the article."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types

from .helpers import (
    RecordingClient,
    apply_text_edits,
    by_rule,
    diagnostics_for,
    make_workspace,
    open_document,
    start_session,
    uri_of,
)
from .test_actions import actions_at, apply_and_relint

pytestmark = pytest.mark.asyncio(loop_scope="module")

# House rules, so the built-in rules others are changing cannot change what is tested here.
RULES = """\
version: 1
rules:
  - id: long-claim
    kind: phrases
    severity: info
    message: "“{match}” claims a cure for a whole illness."
    docs:
      summary: Flags claims of a cure for a whole illness.
      why: A whole illness is rarely cured by one thing.
    options:
      terms: ["miracle cure for depression"]
  - id: wonder-word
    kind: phrases
    severity: warning
    message: "“{match}” overstates what a medicine can do."
    docs:
      summary: Flags "miracle cure".
      why: Words that promise everything set expectations no treatment meets.
    options:
      terms:
        - term: miracle cure
          suggestion: possible treatment
        - term: beacon of hope
          suggestion: a possible option
        - term: wonder drug
          replace: medicine
          safe: true
  - id: depression-word
    kind: phrases
    severity: info
    message: "Say which kind of “{match}”."
    docs:
      summary: Flags an unspecified "depression".
      why: Readers need to know which illness is meant.
    options:
      terms: ["depression"]
"""
SELECT = '["long-claim", "wonder-word", "depression-word"]'


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def client(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RecordingClient]:
    root = tmp_path_factory.mktemp("writer")
    make_workspace(root, RULES, SELECT)
    async with start_session(root) as session:
        session.root = root  # type: ignore[attr-defined]
        yield session


def root_of(client: RecordingClient) -> Path:
    root: Path = client.root  # type: ignore[attr-defined]
    return root


def name_for(request: pytest.FixtureRequest) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in request.node.name)[:60]


async def hover_at(client: RecordingClient, uri: str, line: int, character: int) -> str:
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character),
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    return hover.contents.value


async def test_hover_gives_the_narrowest_finding_in_full_and_the_others_one_line_each(
    client: RecordingClient, request: pytest.FixtureRequest
) -> None:
    text = "# A new treatment\n\nIt is a miracle cure for depression, they say.\n"
    uri = open_document(client, root_of(client) / f"{name_for(request)}.md", text)
    found = await diagnostics_for(client, uri, version=1)
    assert sorted(str(d.code) for d in found) == ["depression-word", "long-claim", "wonder-word"]
    # On "cure": inside "miracle cure for depression" and "miracle cure"; the narrower first.
    value = await hover_at(client, uri, 2, text.split("\n")[2].index("cure") + 1)
    assert value.startswith("## wonder-word")
    assert "Words that promise everything" in value  # wonder-word's docs, in full
    assert "A whole illness is rarely cured" not in value  # long-claim's are not
    head, _, rest = value.partition("Also here:")
    others = [line for line in rest.strip().split("\n") if line]
    # A house rule without a `docs.url` is named without a link (none is invented for it).
    assert len(others) == 1 and others[0].startswith("- `long-claim`: ")
    assert "claims a cure for a whole illness" in others[0]
    # On "depression": three findings' words overlap; its own rule is the narrowest.
    value = await hover_at(client, uri, 2, text.split("\n")[2].index("depression") + 2)
    assert value.startswith("## depression-word")
    assert [line.split(":")[0] for line in value.split("\n") if line.startswith("- `")] == [
        "- `long-claim`"
    ]
    assert len(value) < 2000


async def test_a_suggested_wording_is_offered_as_a_fix_that_is_never_preferred(
    client: RecordingClient, request: pytest.FixtureRequest
) -> None:
    text = (
        "# A new treatment\n\nSome call it a beacon of hope. A miracle cure, and a wonder drug.\n"
    )
    uri = open_document(client, root_of(client) / f"{name_for(request)}.md", text)
    beacon, miracle, _wonder = by_rule(await diagnostics_for(client, uri, version=1), "wonder-word")
    assert "Consider “a possible option”" in beacon.message

    actions = await actions_at(client, uri, beacon)
    suggest = actions[0]
    assert suggest.title == "Replace with “a possible option” (check the meaning)"
    assert suggest.kind == types.CodeActionKind.QuickFix and not suggest.is_preferred
    # "a beacon of hope" becomes "a possible option", not "a a possible option".
    text2, after = await apply_and_relint(client, uri, text, suggest, 2)
    assert "Some call it a possible option. A miracle" in text2
    assert len(by_rule(after, "wonder-word")) == 2

    miracle = by_rule(after, "wonder-word")[0]
    suggest = (await actions_at(client, uri, miracle))[0]
    text3, _ = await apply_and_relint(client, uri, text2, suggest, 3)
    assert "option. A possible treatment, and" in text3  # the capital kept

    # Fix-all applies only the safe replacement, never a suggestion.
    top = types.Position(line=0, character=0)
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=top, end=top),
            context=types.CodeActionContext(diagnostics=[], only=["source.fixAll"]),
        )
    )
    (fix_all,) = result or []
    assert isinstance(fix_all, types.CodeAction) and fix_all.title.endswith("(1)")


async def test_no_suggestion_edit_where_markup_sits_inside_the_words(
    client: RecordingClient, request: pytest.FixtureRequest
) -> None:
    text = "# A new treatment\n\nSome call it a **beacon** of hope.\n"
    uri = open_document(client, root_of(client) / f"{name_for(request)}.md", text)
    (beacon,) = by_rule(await diagnostics_for(client, uri, version=1), "wonder-word")
    titles = [a.title for a in await actions_at(client, uri, beacon)]
    assert not any(t.startswith("Replace with") for t in titles)


async def test_in_plain_text_the_directive_actions_say_what_they_insert(
    client: RecordingClient, request: pytest.FixtureRequest
) -> None:
    text = "A New Treatment For Illness\n\nSome call it a beacon of hope.\n"
    path = root_of(client) / f"{name_for(request)}.txt"
    uri = open_document(client, path, text, language="plaintext")
    (beacon,) = by_rule(await diagnostics_for(client, uri, version=1), "wonder-word")
    titles = [a.title for a in await actions_at(client, uri, beacon)]
    assert (
        "Disable wonder-word for this line"
        " (adds the line “ketlint-disable-next-line wonder-word” to the article)" in titles
    )
    assert (
        "Disable wonder-word for this file"
        " (adds the line “ketlint-disable-file wonder-word” to the article)" in titles
    )
    # In Markdown the directive is an HTML comment that readers never see: no note.
    md_uri = open_document(client, path.with_suffix(".md"), "# A title\n\n" + text)
    (md_beacon,) = by_rule(await diagnostics_for(client, md_uri, version=1), "wonder-word")
    md_titles = [a.title for a in await actions_at(client, md_uri, md_beacon)]
    assert "Disable wonder-word for this line" in md_titles


async def test_ignore_for_this_file_adds_an_override_to_the_config_and_check_agrees(
    client: RecordingClient, request: pytest.FixtureRequest
) -> None:
    root = root_of(client)
    folder = root / "posts"
    folder.mkdir(exist_ok=True)
    text = "A New Treatment For Illness\n\nSome call it a beacon of hope.\n"
    path = folder / f"{name_for(request)}.txt"
    path.write_text(text, encoding="utf-8")
    uri = open_document(client, path, text, language="plaintext")
    (beacon,) = by_rule(await diagnostics_for(client, uri, version=1), "wonder-word")
    title, change = await ignore_for_file_edit(client, uri, beacon)
    assert title == "Ignore wonder-word for this file in ketlint.toml ([[overrides]])"
    config = root / "ketlint.toml"
    assert change.text_document.uri == uri_of(config)
    before = config.read_text(encoding="utf-8")
    config.write_text(apply_text_edits(before, list(change.edits)), encoding="utf-8")  # type: ignore[arg-type]
    try:
        after = config.read_text(encoding="utf-8")
        assert after.startswith(before)  # appended; nothing the writer had is touched
        assert f'files = ["posts/{path.name}"]\nignore = ["wonder-word"]\n' in after
        # The article is untouched and `ketlint check` no longer reports the rule there.
        rules = {f["rule"] for f in check(path)}
        assert "wonder-word" not in rules
    finally:
        config.write_text(before, encoding="utf-8")


async def test_with_no_config_the_override_creates_ketlint_toml(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    text = "# A new treatment\n\nIt is a miracle cure, a beacon of hope for everyone.\n"
    path = folder / "post.md"
    path.write_text(text, encoding="utf-8")
    async with start_session(folder) as session:
        uri = open_document(session, path, text)
        found = await diagnostics_for(session, uri, version=1)
        assert found, "the built-in rules should flag this article"
        first = found[0]
        action = next(
            a for a in await actions_at(session, uri, first) if a.title.startswith("Ignore ")
        )
        assert action.title.endswith("in ketlint.toml ([[overrides]])")
        assert action.edit is not None and action.edit.document_changes is not None
        create, edit = action.edit.document_changes
        assert isinstance(create, types.CreateFile) and create.uri == uri_of(
            folder / "ketlint.toml"
        )
        assert isinstance(edit, types.TextDocumentEdit)
        (entry,) = edit.edits
        assert isinstance(entry, types.TextEdit)
        (folder / "ketlint.toml").write_text(entry.new_text, encoding="utf-8")
        assert str(first.code) not in {f["rule"] for f in check(path)}


async def test_the_override_names_a_file_whose_name_holds_glob_characters(
    client: RecordingClient, request: pytest.FixtureRequest
) -> None:
    root = root_of(client)
    folder = root / "brackets"
    folder.mkdir(exist_ok=True)
    text = "# A new treatment\n\nSome call it a beacon of hope.\n"
    path = folder / f"{name_for(request)} [draft 1].md"
    path.write_text(text, encoding="utf-8")
    uri = open_document(client, path, text)
    (beacon,) = by_rule(await diagnostics_for(client, uri, version=1), "wonder-word")
    _, change = await ignore_for_file_edit(client, uri, beacon)
    config = root / "ketlint.toml"
    before = config.read_text(encoding="utf-8")
    config.write_text(apply_text_edits(before, list(change.edits)), encoding="utf-8")  # type: ignore[arg-type]
    try:
        assert "wonder-word" not in {f["rule"] for f in check(path)}
    finally:
        config.write_text(before, encoding="utf-8")


async def test_no_override_is_offered_where_an_entry_cannot_be_added_to_the_config(
    client: RecordingClient, request: pytest.FixtureRequest
) -> None:
    """An inline `overrides = [...]` array takes no `[[overrides]]` entry after it: adding
    one would break the config (and leave every document on the last good rules)."""
    folder = root_of(client) / "inline"
    folder.mkdir(exist_ok=True)
    config = folder / "ketlint.toml"
    before = (
        f'rule-dirs = ["../house"]\nselect = {SELECT}\n'
        'overrides = [{files = ["drafts/*.md"], ignore = ["depression-word"]}]\n'
    )
    config.write_text(before, encoding="utf-8")
    text = "# A new treatment\n\nSome call it a beacon of hope.\n"
    path = folder / f"{name_for(request)}.md"
    path.write_text(text, encoding="utf-8")
    uri = open_document(client, path, text)
    (beacon,) = by_rule(await diagnostics_for(client, uri, version=1), "wonder-word")
    titles = [a.title for a in await actions_at(client, uri, beacon)]
    assert "Disable wonder-word for this line" in titles
    assert not [t for t in titles if t.startswith("Ignore ")]
    assert config.read_text(encoding="utf-8") == before


async def ignore_for_file_edit(
    client: RecordingClient, uri: str, diagnostic: types.Diagnostic
) -> tuple[str, types.TextDocumentEdit]:
    """The "Ignore ... for this file" action's title and its one edit of an existing config."""
    action = next(
        a for a in await actions_at(client, uri, diagnostic) if a.title.startswith("Ignore ")
    )
    assert action.edit is not None and action.edit.document_changes is not None
    (change,) = action.edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    return action.title, change


def check(path: Path) -> list[dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-m", "ketlint", "check", "--format", "json", "--exit-zero", str(path)],
        capture_output=True,
        text=True,
        cwd=path.parent,
        check=True,
        timeout=60,
    )
    (result,) = json.loads(done.stdout)["files"]
    findings: list[dict[str, object]] = result["findings"]
    return findings


async def test_in_pyproject_the_override_goes_under_tool_ketlint(
    client: RecordingClient, request: pytest.FixtureRequest
) -> None:
    folder = root_of(client) / "py"
    folder.mkdir(exist_ok=True)
    config = folder / "pyproject.toml"
    before = (
        f'[project]\nname = "site"\n\n[tool.ketlint]\nrule-dirs = ["../house"]\nselect = {SELECT}\n'
    )
    config.write_text(before, encoding="utf-8")
    text = "# A new treatment\n\nSome call it a beacon of hope.\n"
    path = folder / f"{name_for(request)}.md"
    path.write_text(text, encoding="utf-8")
    uri = open_document(client, path, text)
    (beacon,) = by_rule(await diagnostics_for(client, uri, version=1), "wonder-word")
    title, change = await ignore_for_file_edit(client, uri, beacon)
    assert title == "Ignore wonder-word for this file in pyproject.toml ([[overrides]])"
    after = apply_text_edits(before, list(change.edits))  # type: ignore[arg-type]
    assert after.startswith(before) and "\n[[tool.ketlint.overrides]]" in after
    config.write_text(after, encoding="utf-8")
    assert "wonder-word" not in {f["rule"] for f in check(path)}


@pytest.mark.parametrize(
    ("suffix", "language", "text", "comment"),
    [
        ("rst", "restructuredtext", "A title\n=======\n\nSome call it a beacon of hope.\n", ".. "),
        ("mdx", "mdx", "# A title\n\nSome call it a beacon of hope.\n", "{/* "),
    ],
)
async def test_directives_are_comments_of_the_documents_own_markup(
    client: RecordingClient,
    request: pytest.FixtureRequest,
    suffix: str,
    language: str,
    text: str,
    comment: str,
) -> None:
    """reST has `.. comment`s and MDX `{/* */}`, not HTML comments: the directive a quick fix
    inserts is one of the document's own, and it silences the finding."""
    path = root_of(client) / f"{name_for(request)}.{suffix}"
    uri = open_document(client, path, text, language=language)
    (beacon,) = by_rule(await diagnostics_for(client, uri, version=1), "wonder-word")
    for version, title in zip(
        (2, 4),
        ("Disable wonder-word for this line", "Disable wonder-word for this file"),
        strict=True,
    ):
        (action,) = [a for a in await actions_at(client, uri, beacon) if a.title == title]
        new_text, diagnostics = await apply_and_relint(client, uri, text, action, version)
        inserted = [line for line in new_text.split("\n") if "ketlint-disable" in line]
        assert len(inserted) == 1 and inserted[0].startswith(comment), new_text
        assert "<!--" not in new_text
        assert by_rule(diagnostics, "wonder-word") == [], new_text
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version + 1),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        (beacon,) = by_rule(await diagnostics_for(client, uri, version=version + 1), "wonder-word")
