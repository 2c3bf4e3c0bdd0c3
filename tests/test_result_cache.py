"""`ketlint check` reuses findings for unchanged articles, and never stale ones."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ketlint import cli
from ketlint.result_cache import ResultCache

pytestmark = pytest.mark.result_cache

ARTICLE = """# A new hope

This breakthrough therapy helped 70% of patients in a study.

It is a miracle cure, experts say.
"""


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KETLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("KETLINT_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for index in range(4):
        (folder / f"article-{index}.md").write_text(
            ARTICLE + f"\nPart {index}.\n", encoding="utf-8"
        )
    (folder / "broken.md").write_bytes(b"\xff\xfe not utf-8")
    return folder


def check_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict]]:
    code = cli.main(["check", "--format", "json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out)["files"]


def results_file(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("results-*.bin"))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_second_run_gives_exactly_the_first_runs_output(
    capsys, cache_dir: Path, articles: Path, jobs: str
) -> None:
    fresh = check_json(capsys, "--no-cache", "--jobs", jobs, str(articles))
    first = check_json(capsys, "--jobs", jobs, str(articles))
    assert results_file(cache_dir), "the first run stores its results"
    second = check_json(capsys, "--jobs", jobs, str(articles))
    assert fresh == first == second
    assert any(record["findings"] for record in second[1])


def test_the_second_run_does_not_lint_unchanged_articles(
    capsys, cache_dir: Path, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_json(capsys, str(articles))
    from ketlint.engine import Linter

    linted: list[str | None] = []
    original = Linter.lint_text

    def counting(self: Linter, text: str, path: str | None = None, format: str | None = None):
        linted.append(path)
        return original(self, text, path, format)

    monkeypatch.setattr(Linter, "lint_text", counting)
    (articles / "article-2.md").write_text(ARTICLE + "\nEdited.\n", encoding="utf-8")
    check_json(capsys, str(articles))
    assert linted == [str(articles / "article-2.md")]


def test_an_edited_article_is_linted_afresh(capsys, cache_dir: Path, articles: Path) -> None:
    check_json(capsys, str(articles))
    target = articles / "article-1.md"
    target.write_text("# Plain\n\nNothing to see.\n", encoding="utf-8")
    _, records = check_json(capsys, str(articles))
    record = next(r for r in records if r["path"] == str(target))
    assert record["findings"] == []


def test_a_changed_config_is_not_answered_from_the_cache(
    capsys, cache_dir: Path, articles: Path
) -> None:
    _, before = check_json(capsys, str(articles))
    (articles / "ketlint.toml").write_text('[rules.hype-phrase]\nseverity = "error"\n')
    _, after = check_json(capsys, str(articles))
    severities = {f["severity"] for r in after for f in r["findings"] if f["rule"] == "hype-phrase"}
    assert severities == {"error"}
    assert before != after


def test_results_with_rule_errors_are_not_stored(cache_dir: Path) -> None:
    from ketlint.model import LintResult

    cache = ResultCache()
    cache.put(b"k" * 20, LintResult("a.md", "text", [], errors=["rule x raised"]))
    assert not cache.has(b"k" * 20)
    cache.put(b"j" * 20, LintResult("a.md", "text", []))
    assert cache.has(b"j" * 20)


def test_a_damaged_results_file_is_ignored(capsys, cache_dir: Path, articles: Path) -> None:
    _, first = check_json(capsys, str(articles))
    for path in results_file(cache_dir):
        path.write_bytes(b"garbage" * 100)
    _, second = check_json(capsys, str(articles))
    assert first == second


def test_no_cache_writes_no_results(capsys, cache_dir: Path, articles: Path) -> None:
    check_json(capsys, "--no-cache", str(articles))
    assert results_file(cache_dir) == []


def test_built_in_rules_stand_for_their_packs_key_in_the_fingerprint(cache_dir: Path) -> None:
    from ketlint.engine import Linter
    from ketlint.result_cache import _spec_keys, linter_fingerprint
    from ketlint.ruleset import builtin_ruleset

    ruleset = builtin_ruleset()
    keys = _spec_keys(Linter(ruleset, list(ruleset.specs)))
    assert all(isinstance(key, tuple) and key[0] == "built-in pack" for key in keys.values()), (
        "an unchanged built-in spec is named by the key its pack was checked against"
    )

    stricter = ruleset.with_overrides({"hype-phrase": {"severity": "error"}})
    keys = _spec_keys(Linter(stricter, list(stricter.specs)))
    assert keys["hype-phrase"] is stricter.specs["hype-phrase"], (
        "an overridden spec stands for itself"
    )
    assert linter_fingerprint(Linter(stricter, list(stricter.specs))) != linter_fingerprint(
        Linter(ruleset, list(ruleset.specs))
    )


def test_an_edited_built_in_rule_file_changes_the_fingerprint(
    cache_dir: Path, tmp_path: Path
) -> None:
    import shutil

    from ketlint import startup_cache
    from ketlint.engine import Linter
    from ketlint.paths import builtin_rules_dir
    from ketlint.result_cache import linter_fingerprint
    from ketlint.ruleset import Ruleset, load_rule_dirs

    folder = tmp_path / "rules"
    folder.mkdir()
    shutil.copy(builtin_rules_dir() / "hype-phrase.yml", folder / "hype-phrase.yml")

    def load() -> Ruleset:
        return load_rule_dirs([folder], probe=False, trusted=True)[0]

    def fingerprint() -> str:
        pack = startup_cache.builtin_rules(folder, load, Ruleset)
        assert startup_cache.verified_packs[id(pack)][0] is pack
        return linter_fingerprint(Linter(pack, list(pack.specs)))

    before = fingerprint()
    assert fingerprint() == before, "the same files give the same fingerprint (read from the cache)"
    rule = folder / "hype-phrase.yml"
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert fingerprint() != before


def test_the_code_digest_changes_with_a_module_but_not_with_the_servers_code(
    tmp_path: Path,
) -> None:
    import os

    from ketlint.result_cache import code_digest

    package = tmp_path / "pkg"
    for name in ("engine.py", "kinds/loader.py", "lsp/server.py", "_builtin_rules/data/words.txt"):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("one = 1\n", encoding="utf-8")
    loader = {str(package / "kinds" / "loader.py")}

    def digest() -> str:
        return code_digest(package, "loader digest", loader)

    before = digest()
    assert digest() == before
    assert code_digest(package, "another loader digest", loader) != before

    server = package / "lsp" / "server.py"
    server.write_text("two = 2\n", encoding="utf-8")
    assert digest() == before, "the server's code does not compute findings"

    module = package / "engine.py"
    module.write_text("two = 2\n", encoding="utf-8")  # as long as before
    os.utime(module, ns=(0, 1_000_000_000))
    edited = digest()
    assert edited != before, "an edited module has a new size or time"

    words = package / "_builtin_rules" / "data" / "words.txt"
    stamp = words.stat().st_mtime_ns
    words.write_text("two = 2\n", encoding="utf-8")
    os.utime(words, ns=(stamp, stamp))
    assert digest() != edited, "a rule data file counts by its bytes, whatever its time"


def test_a_run_whose_code_changed_after_it_started_stores_no_findings(
    capsys, cache_dir: Path, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module saved (by an editor, a checkout) while a check runs: the run's findings are
    the old code's, or old and new mixed, and the code digest it would store them under
    names the new code: later runs would give them back. They are not stored."""
    import ketlint
    from ketlint.startup_cache import MTIME_SLACK_NS, files_under

    package = Path(ketlint.__file__).parent
    newest = max(os.stat(path).st_mtime_ns for path in files_under(package, (".py",)))
    monkeypatch.setattr(ketlint, "_imported_ns", newest)  # that module saved just after
    code, files = check_json(capsys, str(articles))
    assert not results_file(cache_dir)
    monkeypatch.setattr(ketlint, "_imported_ns", newest + MTIME_SLACK_NS + 1)
    assert check_json(capsys, str(articles)) == (code, files)
    assert results_file(cache_dir), "a run that started after the edit stores its findings"


def test_a_file_saved_after_its_cache_look_up_is_reported_as_it_is_now(
    capsys, cache_dir: Path, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --jobs, the main process looks every file up in the result cache first, then
    reads the ones it knows again to report them. A file saved in between (an editor, a
    script writing it while the check runs) gets the findings of what it holds now, not
    those stored for its old text at the old text's offsets."""
    from ketlint import files

    check_json(capsys, "--jobs", "2", str(articles))  # every article's results stored
    target = articles / "article-0.md"
    look_up = files.cached_result_key

    def look_up_then_the_file_is_saved(file: Path, project, cache) -> bytes | None:
        key = look_up(file, project, cache)
        if file.name == target.name:
            target.write_text("# Foreword\n\nA plain first paragraph.\n\n" + ARTICLE)
        return key

    monkeypatch.setattr(files, "cached_result_key", look_up_then_the_file_is_saved)
    _code, reported = check_json(capsys, "--jobs", "2", str(articles))
    _code, fresh = check_json(capsys, "--no-cache", "--jobs", "2", str(articles))
    assert reported == fresh


def test_two_runs_side_by_side_both_keep_what_they_stored(cache_dir: Path) -> None:
    """Two processes open the result cache, each lints its own articles, each saves: the
    second to save keeps the first's results beside its own (it read the file before the
    first had written it), where it used to replace them."""
    import ketlint

    result = ketlint.lint_text(ARTICLE, path="article.md")
    assert not result.errors
    hook, server = ResultCache(), ResultCache()
    hook.put(b"the hook's article", result)
    server.put(b"the server's article", result)
    assert hook.save() and server.save()
    later = ResultCache()
    assert later.has(b"the hook's article") and later.has(b"the server's article")
