"""Code actions: apply a rule's fix, suppress a finding, fix everything safe.

Every edit is computed against the :class:`LintOutcome` it came from and, where
the client allows, sent as a versioned document edit, so an action offered for
an older version of the buffer is refused by the editor instead of landing in
the wrong place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import regex
from lsprotocol import types

from ketlint.document import BOM, Document
from ketlint.files import FILE_ERROR
from ketlint.fixes import applicable_fixes
from ketlint.limits import DataFileError
from ketlint.lsp.convert import to_range
from ketlint.lsp.documents import LintOutcome
from ketlint.model import Finding
from ketlint.parsing.common import split_front_matter
from ketlint.positions import LineIndex
from ketlint.suppression import DIRECTIVE, UNKNOWN_RULE_ID

FIX_ALL_KIND = "source.fixAll.ketlint"
# Findings about the run itself, not about the prose: nothing to suppress.
UNSUPPRESSIBLE = frozenset({UNKNOWN_RULE_ID, FILE_ERROR})
_CONTAINER_PREFIX = regex.compile(r"^[ \t]*(?:>[ \t]?)*")
# An article right before a suggested replacement that brings its own ("is a beacon of hope"
# with "a possible option"): replaced too, or the result would read "is a a possible option".
_ARTICLE_BEFORE = regex.compile(r"\b(?:a|an|the)[ \t]+$", regex.IGNORECASE)
_LEADING_ARTICLE = regex.compile(r"^(?:a|an|the)\s", regex.IGNORECASE)
_DOCTYPE = regex.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype[^>]*>[ \t]*\r?\n?)?", regex.IGNORECASE
)


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ConfigTarget:
    """Where "ignore RULE for this file" goes: an ``[[overrides]]`` entry in the config file
    that applies to the article (the one ``ketlint check`` would use for it)."""

    uri: str
    text: str | None  # its current text; None: no config yet, the edit creates this file
    article: str  # the article's path relative to the config file's folder (posix)
    table: str  # "overrides", or "tool.ketlint.overrides" in pyproject.toml


@dataclass
class ActionContext:
    uri: str
    outcome: LintOutcome
    encoding: str
    versioned_edits: bool  # the client accepts WorkspaceEdit.documentChanges
    config: ConfigTarget | None = None  # None: no config-file alternative to offer

    def workspace_edit(self, edits: Iterable[Edit]) -> types.WorkspaceEdit:
        text_edits = [
            types.TextEdit(
                range=to_range(self.outcome.index, e.start, e.end, self.encoding), new_text=e.text
            )
            for e in sorted(edits, key=lambda e: (e.start, e.end))
        ]
        if self.versioned_edits:
            return types.WorkspaceEdit(
                document_changes=[
                    types.TextDocumentEdit(
                        text_document=types.OptionalVersionedTextDocumentIdentifier(
                            uri=self.uri, version=self.outcome.version
                        ),
                        edits=text_edits,
                    )
                ]
            )
        return types.WorkspaceEdit(changes={self.uri: text_edits})


def kind_allowed(kind: str, only: Sequence[str] | None) -> bool:
    """LSP's hierarchical kinds: asking for "source.fixAll" includes "source.fixAll.ketlint"."""
    if not only:
        return True
    return any(kind == wanted or kind.startswith(wanted + ".") for wanted in only)


def code_actions(
    ctx: ActionContext,
    start: int,
    end: int,
    only: Sequence[str] | None,
    diagnostics: dict[tuple[str, int, int], types.Diagnostic],
) -> list[types.CodeAction]:
    """Actions for the findings touching ``[start, end]`` (offsets in ``ctx.outcome.text``)."""
    result = ctx.outcome.result
    model = ctx.outcome.model
    if result is None or model is None:
        return []
    touching = [f for f in result.findings if f.start <= end and f.end >= start]
    actions: list[types.CodeAction] = []
    quickfix = types.CodeActionKind.QuickFix
    if kind_allowed(quickfix, only):
        for finding in touching:
            diagnostic = diagnostics.get((finding.rule, finding.start, finding.end))
            if finding.fix is not None:
                fix = finding.fix
                actions.append(
                    types.CodeAction(
                        title=fix.description,
                        kind=quickfix,
                        diagnostics=[diagnostic] if diagnostic else None,
                        is_preferred=fix.safe,
                        edit=ctx.workspace_edit([Edit(fix.start, fix.end, fix.replacement)]),
                    )
                )
            else:
                suggested = suggestion_edit(ctx.outcome, finding)
                if suggested is not None:
                    # Wording the rule only suggests: it may change what the sentence claims,
                    # so it is never preferred and never part of fix-all.
                    actions.append(
                        types.CodeAction(
                            title=f"Replace with “{suggested.text}” (check the meaning)",
                            kind=quickfix,
                            diagnostics=[diagnostic] if diagnostic else None,
                            is_preferred=False,
                            edit=ctx.workspace_edit([suggested]),
                        )
                    )
        seen_lines: set[tuple[str, int]] = set()
        seen_rules: set[str] = set()
        for finding in touching:
            if finding.rule in UNSUPPRESSIBLE:
                continue
            diagnostic = diagnostics.get((finding.rule, finding.start, finding.end))
            line = ctx.outcome.index.line_of(finding.start)
            if (finding.rule, line) not in seen_lines:
                seen_lines.add((finding.rule, line))
                actions.append(
                    types.CodeAction(
                        title=f"Disable {finding.rule} for this line"
                        + _visible_note(model, f"ketlint-disable-next-line {finding.rule}"),
                        kind=quickfix,
                        diagnostics=[diagnostic] if diagnostic else None,
                        edit=ctx.workspace_edit(
                            [disable_next_line_edit(ctx.outcome, model, finding)]
                        ),
                    )
                )
            if finding.rule not in seen_rules:
                seen_rules.add(finding.rule)
                file_edit = disable_file_edit(ctx.outcome, model, finding.rule)
                existing = _existing_disable_file(ctx.outcome.text, model) is not None
                note = (
                    _visible_note(model, f"ketlint-disable-file {finding.rule}")
                    if not existing
                    else ""
                )
                actions.append(
                    types.CodeAction(
                        title=f"Disable {finding.rule} for this file{note}",
                        kind=quickfix,
                        diagnostics=[diagnostic] if diagnostic else None,
                        edit=ctx.workspace_edit([file_edit]),
                    )
                )
                if ctx.config is not None:
                    actions.append(
                        types.CodeAction(
                            title=f"Ignore {finding.rule} for this file in "
                            f"{_file_name(ctx.config.uri)} ([[overrides]])",
                            kind=quickfix,
                            diagnostics=[diagnostic] if diagnostic else None,
                            edit=config_override_edit(ctx.config, finding.rule, ctx.encoding),
                        )
                    )
    fix_all = fix_all_action(ctx, result.findings, only)
    if fix_all is not None:
        actions.append(fix_all)
    return actions


def fix_all_action(
    ctx: ActionContext, findings: list[Finding], only: Sequence[str] | None
) -> types.CodeAction | None:
    if not kind_allowed(FIX_ALL_KIND, only):
        return None
    # Without an explicit request, offer it only where it does something.
    fixes = applicable_fixes(findings)
    if not fixes:
        return None
    return types.CodeAction(
        title=f"Fix all safe ketlint problems ({len(fixes)})",
        kind=FIX_ALL_KIND,
        edit=ctx.workspace_edit(Edit(f.start, f.end, f.replacement) for f in fixes),
    )


# -- suggested wording ---------------------------------------------------------------


def suggestion_edit(outcome: LintOutcome, finding: Finding) -> Edit | None:
    """The wording a ``phrases`` term suggests ("Consider “a possible option”."), as an edit
    of the finding's words; None when the finding's rule has no suggestion for it.

    Findings carry the term's label in ``data["term"]``; the suggestion itself lives on the
    compiled rule's term, looked up here, so the message stays the only place it is shown.
    """
    model, linter = outcome.model, outcome.linter
    label = finding.data.get("term")
    if model is None or linter is None or not isinstance(label, str):
        return None
    if finding.rule not in linter.ruleset.specs:
        return None
    terms: Any = getattr(linter.ruleset.rule(finding.rule), "terms", None)
    suggestion = next(
        (t.suggestion for t in terms or () if getattr(t, "label", None) == label), None
    )
    if not isinstance(suggestion, str) or not suggestion.strip():
        return None
    start, end = finding.start, finding.end
    source = outcome.text
    # Markup inside the words ("a **beacon** of hope") would be half deleted: no edit.
    if start >= end or source[start:end] != model.prose[start:end]:
        return None
    if _LEADING_ARTICLE.match(suggestion):
        before = _ARTICLE_BEFORE.search(source, max(0, start - 8), start)
        if before is not None:
            start = before.start()
    original = source[start:end]
    replacement = suggestion
    if original[:1].isupper() and replacement[:1].islower():
        replacement = replacement[0].upper() + replacement[1:]
    return Edit(start, end, replacement)


# -- suppression comments ------------------------------------------------------------


def _visible_note(model: Document, directive: str) -> str:
    """In plain text a directive is a line of the article itself: the title says so."""
    if model.format != "text":
        return ""
    return f" (adds the line “{directive}” to the article)"


def _file_name(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1]


def config_override_edit(target: ConfigTarget, rule: str, encoding: str) -> types.WorkspaceEdit:
    """An ``[[overrides]]`` entry ignoring ``rule`` for the article, at the end of the config
    file (created when there is none): the article itself stays untouched."""
    entry = (
        f"[[{target.table}]]  # added from the editor\n"
        f"files = [{_toml_string(target.article)}]\n"
        f"ignore = [{_toml_string(rule)}]\n"
    )
    if target.text is None:
        return types.WorkspaceEdit(
            document_changes=[
                types.CreateFile(
                    uri=target.uri, options=types.CreateFileOptions(ignore_if_exists=True)
                ),
                _whole_edit(target.uri, types.Position(line=0, character=0), entry),
            ]
        )
    text = target.text
    newline = "\r\n" if "\r\n" in text else "\n"
    lead = "" if not text else (newline if text.endswith("\n") else newline * 2)
    body = lead + entry.replace("\n", newline)
    line, column = LineIndex(text).position(len(text), encoding)
    return types.WorkspaceEdit(
        document_changes=[
            _whole_edit(target.uri, types.Position(line=line, character=column), body)
        ]
    )


def appends_cleanly(text: str, table: str) -> bool:
    """Whether an ``[[table]]`` entry added at the end of the TOML ``text`` still parses."""
    from ketlint.config import _parse_toml

    try:
        _parse_toml(f'{text}\n[[{table}]]\nfiles = ["x"]\n', "<config>")
    except DataFileError:
        return False
    return True


def _whole_edit(uri: str, at: types.Position, text: str) -> types.TextDocumentEdit:
    return types.TextDocumentEdit(
        # No version: the config file may not be open; the editor applies it to the file.
        text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
        edits=[types.TextEdit(range=types.Range(start=at, end=at), new_text=text)],
    )


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _directive(fmt: str, text: str) -> str:
    """A directive as a comment of the document's own markup (plain text has none)."""
    if fmt == "text":
        return text
    if fmt == "rst":
        return f".. {text}"
    if fmt == "mdx":
        return f"{{/* {text} */}}"  # MDX has no HTML comments
    return f"<!-- {text} -->"


def disable_next_line_edit(outcome: LintOutcome, model: Document, finding: Finding) -> Edit:
    """``ketlint-disable-next-line RULE`` on a line of its own above the finding's line."""
    index = outcome.index
    line = index.line_of(finding.start)
    line_start = index.line_starts[line]
    fmt = model.format
    line_text = index.line_text(line)
    if line == 0 and line_text.startswith(BOM):
        line_start, line_text = 1, line_text[1:]  # the byte-order mark stays first
    if fmt == "markdown":
        block = model.block_at(finding.start)
        if block is not None and (block.kind == "table-cell" or index.line_of(block.start) < line):
            table = block.kind == "table-cell"
            return _disable_line_edit(line_start, line_text, finding.rule, table)
    # Keep the comment inside the same blockquote (and at the same indent) as the line.
    prefix = (
        _CONTAINER_PREFIX.match(line_text).group()
        if fmt == "markdown"
        else (line_text[: len(line_text) - len(line_text.lstrip(" \t"))])
    )
    newline = "\r\n" if index.text[line_start:].split("\n", 1)[0].endswith("\r") else "\n"
    text = f"{prefix}{_directive(fmt, f'ketlint-disable-next-line {finding.rule}')}{newline}"
    if fmt == "text":
        block = model.block_at(finding.start)
        if block is not None and block.kind == "heading":
            # A plain-text heading must be set apart by a blank line; keep it one.
            text += newline
    elif fmt == "rst":
        # A reST comment ends at a blank line; without one the next line would join it.
        text += newline
    return Edit(line_start, line_start, text)


def _disable_line_edit(line_start: int, line_text: str, rule: str, table: bool) -> Edit:
    """``<!-- ketlint-disable-line RULE -->`` at the end of a Markdown line that continues a
    paragraph or is a table row: a comment on a line of its own would end the paragraph or
    the table there. It goes before a hard break (trailing spaces or a backslash), and
    inside a row's last cell."""
    at = len(line_text.rstrip(" \t"))
    if table and line_text[:at].endswith("|") and not line_text[:at].endswith("\\|"):
        at = len(line_text[: at - 1].rstrip(" \t"))
    elif line_text[:at].endswith("\\"):
        at -= 1
    return Edit(line_start + at, line_start + at, f" <!-- ketlint-disable-line {rule} -->")


def disable_file_edit(outcome: LintOutcome, model: Document, rule: str) -> Edit:
    """``ketlint-disable-file RULE`` at the top (after front matter), or added to one there."""
    source = outcome.text
    existing = _existing_disable_file(source, model)
    if existing is not None:
        return Edit(existing, existing, f", {rule}")
    fmt = model.format
    newline = "\r\n" if "\r\n" in source[:2000] else "\n"
    bom = 1 if source.startswith(BOM) else 0  # the byte-order mark stays first
    at = bom + split_front_matter(source[bom:])[0]
    if fmt == "html":
        at = max(at, bom + _DOCTYPE.match(source[bom:]).end())
        if at > bom and not source[:at].endswith("\n"):
            return Edit(
                at, at, f"{newline}{_directive(fmt, f'ketlint-disable-file {rule}')}{newline}"
            )
    text = _directive(fmt, f"ketlint-disable-file {rule}") + newline
    if fmt in ("text", "rst"):
        # The title is the first line set apart by a blank line; a directive must not join it.
        text += newline
    return Edit(at, at, text)


def _existing_disable_file(source: str, model: Document) -> int | None:
    """Offset just after the rule list of a ``ketlint-disable-file a, b`` comment, if any."""
    for comment in model.comments:
        match = DIRECTIVE.match(comment.text)
        if not match or match.group("action") != "disable-file" or not match.group("rules").strip():
            continue
        # The comment's text begins after its markup ("<!--", ".. ", "{/*"), if it has any.
        inner = source.find(comment.text, comment.start, comment.start + len(comment.text) + 8)
        if inner < 0:
            continue
        rules_end: int = match.end("rules")
        return inner + rules_end
    return None
