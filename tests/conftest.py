"""Shared helpers: lint a snippet with chosen built-in rules, and marked-span assertions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ketlint.engine import Linter
from ketlint.model import Finding
from ketlint.ruleset import Ruleset, builtin_ruleset
from ketlint.testing import mark, parse_marked


def rules_own_reading(ruleset: Ruleset, rule_id: str) -> Ruleset:
    """``ruleset`` with ``rule_id``'s verdict left to the rule's own reading (its kind), not
    to the learned verdict model over it: for tests of what the kind itself decides. The
    model is tested in tests/test_verdict_model.py."""
    from dataclasses import replace

    copy = ruleset.copy()
    copy.specs[rule_id] = replace(copy.specs[rule_id], verdict_model=None)
    return copy


def lint_snippet(
    text: str,
    rules: list[str] | str,
    fmt: str = "markdown",
    options: dict[str, dict[str, Any]] | None = None,
) -> list[Finding]:
    """Findings of ``rules`` (built-in ids) on ``text``; ``options`` overrides rule options."""
    rule_ids = [rules] if isinstance(rules, str) else rules
    ruleset = builtin_ruleset().with_overrides(options or {})
    result = Linter(ruleset, rule_ids).lint_text(text, format=fmt)
    assert not result.errors, result.errors
    return [f for f in result.findings if f.rule in rule_ids]


def severities(text: str, rule: str) -> list[str]:
    """The severity names of ``rule``'s findings on ``text``, in order."""
    return [f.severity.name for f in lint_snippet(text, rule)]


def warned_words(text: str, rule: str) -> list[str]:
    """The words ``rule`` flags at warning severity on ``text``, in order."""
    return [text[f.start : f.end] for f in lint_snippet(text, rule) if f.severity.name == "WARNING"]


def assert_flags(
    marked_text: str, rule: str, fmt: str = "markdown", **kwargs: Any
) -> list[Finding]:
    """Assert that ``rule`` flags exactly the ``[[marked]]`` ranges of ``marked_text``."""
    text, expected = parse_marked(marked_text)
    findings = lint_snippet(text, rule, fmt, **kwargs)
    got = sorted({(f.start, f.end) for f in findings})
    assert got == sorted(expected), f"\nexpected: {marked_text}\ngot:      {mark(text, got)}"
    return findings


@pytest.fixture
def lint() -> Callable[..., list[Finding]]:
    return lint_snippet


@pytest.fixture
def flags() -> Callable[..., list[Finding]]:
    return assert_flags


@pytest.fixture(autouse=True)
def _no_result_cache_unless_asked(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In-process CLI runs do not reuse findings across tests (many tests patch rules or
    kinds, which the cache's code digest cannot see). Tests of the cache opt in with
    ``@pytest.mark.result_cache``."""
    if request.node.get_closest_marker("result_cache") is None:
        import ketlint.cli

        monkeypatch.setattr(ketlint.cli, "_open_result_cache", lambda: None)


@pytest.fixture(autouse=True, scope="session")
def _cache_of_this_test_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The start-up and result caches of the suite live in a folder of its own (inherited
    by the subprocesses tests start), never in the user's ~/.cache/ketlint."""
    import os

    before = os.environ.get("KETLINT_CACHE_DIR")
    os.environ["KETLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("ketlint-cache"))
    yield
    if before is None:
        os.environ.pop("KETLINT_CACHE_DIR", None)
    else:
        os.environ["KETLINT_CACHE_DIR"] = before


@pytest.fixture(autouse=True)
def _no_bundled_startup_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process tests see the user's start-up cache only, whether or not this checkout has
    the bundled start-up data (``pip install -e`` writes it; see hatch_build.py), so that
    they behave alike everywhere. tests/test_startup_bundle.py tests the bundle."""
    from ketlint import startup_cache

    monkeypatch.setattr(startup_cache, "bundle_dir", None)
