"""Rule patterns are compiled when first searched, never at start-up for nothing.

A fresh machine (a CI runner, a pre-commit hook) has no start-up cache: every pattern
compiled at load costs about 2 ms of `regex`'s Python compiler. What this must never change:
a broken pattern in a rule pack someone writes is still reported at load, at its rule's
line, and the built-in pack, which start-up no longer validates, is validated here.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from ketlint.paths import builtin_rules_dir
from ketlint.prefilter import collect_patterns
from ketlint.ruleset import load_rule_dirs
from ketlint.timeouts import TimedPattern, check_compiles, compile_now, escape, user_pattern

BROKEN_PACK = """\
version: 1
rules:
  - id: house-broken
    kind: phrases
    message: "Avoid {match}."
    options:
      terms:
        - pattern: "miracle (cure"
"""


def test_a_user_pattern_is_compiled_on_its_first_search_only() -> None:
    pattern = user_pattern(r"\bmiracle\b", regex.IGNORECASE)
    assert isinstance(pattern, TimedPattern)
    assert pattern.pattern == r"\bmiracle\b"
    assert pattern.given_flags == regex.IGNORECASE
    assert pattern._compiled is None  # what the prefilter reads needs no compiling
    assert [m.group() for m in pattern.finditer("A Miracle, a miracle.")] == ["Miracle", "miracle"]
    assert pattern._compiled is not None


def test_a_lazy_pattern_pickles_uncompiled_and_equals_its_original() -> None:
    pattern = user_pattern(r"cure[sd]?", regex.V1)
    copy = pickle.loads(pickle.dumps(pattern))
    assert copy == pattern and hash(copy) == hash(pattern)
    assert copy._compiled is None
    assert copy.search("it cured").group() == "cured"


def test_compile_now_raises_for_a_broken_pattern() -> None:
    broken = user_pattern("miracle (cure")
    try:
        compile_now([broken])
    except regex.error:
        return
    raise AssertionError("a broken pattern compiled")


def test_a_broken_pattern_in_a_rule_pack_is_reported_at_load(tmp_path: Path) -> None:
    (tmp_path / "house.yml").write_text(BROKEN_PACK, encoding="utf-8")
    # Without the slow-input probes (which compile each option on their own), the rule as
    # built must still be compiled at load.
    ruleset, errors = load_rule_dirs([tmp_path], probe=False)
    assert "house-broken" not in ruleset.specs
    # At the broken pattern's own line, naming it and the position in it (not the options'
    # line and a position in the rule's combined pattern).
    assert [(error.line, error.message) for error in errors] == [
        (
            8,
            "rule 'house-broken': pattern 'miracle (cure' does not compile at position 13: missing )",
        )
    ]


BROKEN_LEAD_PACK = """\
version: 1
rules:
  - id: house-lead
    kind: sentence-pattern
    message: "Say whether {match} was shown in people."
    options:
      patterns: ["in mice"]
      unless-lead: ["trial (in people"]
"""


def test_a_broken_option_read_only_at_a_finding_is_reported_at_load(tmp_path: Path) -> None:
    # Options joined into one pattern read only once a finding is at hand (LazyPattern,
    # here `unless-lead`) are not compiled at configure any more; the pattern collection
    # finds them, so a pack from elsewhere still fails at load, naming the rule.
    (tmp_path / "house.yml").write_text(BROKEN_LEAD_PACK, encoding="utf-8")
    ruleset, errors = load_rule_dirs([tmp_path], probe=False)
    assert "house-lead" not in ruleset.specs
    assert [(error.line, error.column, error.message) for error in errors] == [
        (
            8,
            21,
            "rule 'house-lead': pattern 'trial (in people' does not compile at position 16: missing )",
        )
    ]


def test_the_built_in_pack_passes_the_checks_start_up_skips() -> None:
    # Start-up loads the built-in pack trusted (no schema validation, no compiling up
    # front); this is the check it skips: the kinds' option schemas, every pattern compiled.
    # (The slow-input probes are for packs from elsewhere; built-in patterns are tested.)
    ruleset, errors = load_rule_dirs([builtin_rules_dir()], probe=False)
    assert errors == []
    trusted, trusted_errors = load_rule_dirs([builtin_rules_dir()], probe=False, trusted=True)
    assert trusted_errors == []
    assert list(trusted.specs) == list(ruleset.specs) and trusted.specs == ruleset.specs
    rules = [ruleset.rule(rule_id) for rule_id in ruleset.specs]
    compile_now(collect_patterns(rules))


def test_the_server_warm_up_compiles_what_a_search_of_plain_text_runs() -> None:
    # The language server compiles patterns while idle so that no keystroke compiles one;
    # searches of text without letters beyond ASCII run a pattern's simple-folding twin
    # (ketlint.casefolding), so that is what must be compiled. In a fresh process: the
    # suite's other tests compile patterns of their own.
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        """
        from ketlint.casefolding import simple_folding
        from ketlint.lsp.projects import ProjectRegistry
        from ketlint.lsp.runner import EngineRunner
        from ketlint.prefilter import collect_patterns
        from ketlint.timeouts import TimedPattern

        registry = ProjectRegistry()
        EngineRunner(registry, lambda value, kind: value).warm_up()
        linter = registry.resolve(None).linter
        searched = [simple_folding(p) or p for p in collect_patterns(linter.rules)]
        lazy = [p for p in searched if isinstance(p, TimedPattern)]
        print(len(lazy), sum(p._compiled is None for p in lazy))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    assert int(out[0]) > 100 and out[1] == "0"


def test_the_journal_and_drug_lists_are_compiled_when_first_searched() -> None:
    # The two largest alternations of the built-in pack (journal names, drug names) are
    # searched in few articles: building their rules compiles neither.
    ruleset, _errors = load_rule_dirs([builtin_rules_dir()], probe=False, trusted=True)
    kinds = {"citation-mismatch": "journals", "drug-name": None}
    rules = [ruleset.rule(i) for i, spec in ruleset.specs.items() if spec.kind in kinds]
    assert {rule.spec.kind for rule in rules} == set(kinds)
    for rule in rules:
        holder = getattr(rule, kinds[rule.spec.kind]) if kinds[rule.spec.kind] else rule
        pattern = holder.pattern
        assert isinstance(pattern, TimedPattern) and pattern._compiled is None
    journals = next(r for r in rules if r.spec.kind == "citation-mismatch").journals.pattern
    assert journals.search("as reported in The Lancet last week") is not None
    assert journals._compiled is not None


@given(st.text(max_size=12) | st.sampled_from(["naïve", "Ⅻ", "x²", "a\u00a0b", "C++", "e.g."]))
def test_escape_gives_what_regex_escape_gives(text: str) -> None:
    # Words of letters and digits skip regex.escape's loop; nothing else may change.
    assert escape(text) == regex.escape(text)


def test_checking_that_patterns_compile_leaves_a_pattern_regex_already_holds_to_its_first_search(
    tmp_path: Path, monkeypatch
) -> None:
    from ketlint import startup_cache

    monkeypatch.setenv("KETLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("KETLINT_NO_CACHE", raising=False)
    monkeypatch.setattr(startup_cache, "_loaded_regex_keys", set())
    flags = regex.IGNORECASE | regex.VERSION1
    held = r"(?:an invented claim of \d+ cures)"
    regex.compile(held, flags)
    assert startup_cache.save_regexes()
    regex.purge()  # as a new process: known from the cache file only
    assert startup_cache.load_regexes() >= 1
    holds = regex._main._cache.holds_compiled  # type: ignore[attr-defined]
    assert holds(held, flags)
    known, new = user_pattern(held, flags), user_pattern(r"(?:a claim never compiled \d)", flags)
    check_compiles([known, new])
    assert known._compiled is None  # it compiles: the cache holds what this regex made of it
    assert new._compiled is not None
    assert known.search("An invented claim of 12 cures") is not None
    broken = user_pattern(r"(?:an invented (claim)", flags)
    assert not holds(broken.pattern, flags)
    with pytest.raises(regex.error):
        check_compiles([broken])  # a broken pattern is still reported where it is loaded
