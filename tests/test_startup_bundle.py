"""The start-up data shipped in the package (hatch_build.py, ketlint.startup_bundle): used
when its keys match, ignored when any differs or the file is damaged, same results."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from ketlint import prefilter, startup_cache
from ketlint.ruleset import Ruleset, builtin_rules_dir, load_rule_dirs

REPO = Path(__file__).resolve().parent.parent


def clean_env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KETLINT_", "XDG_"))}
    env.update(PYTHONPATH=str(REPO), KETLINT_CACHE_DIR=str(cache))
    return env


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bundle made as the build hook makes it: a fresh process, an empty cache folder."""
    root = tmp_path_factory.mktemp("bundle")
    done = subprocess.run(
        [sys.executable, "-m", "ketlint.startup_bundle", str(root / "bundle")],
        env=clean_env(root / "cache"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return root / "bundle"


@pytest.fixture
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KETLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("KETLINT_NO_CACHE", raising=False)
    regex.purge()  # like a new process: nothing compiled, nothing loaded
    monkeypatch.setattr(startup_cache, "_loaded_regex_keys", set())
    monkeypatch.setattr(startup_cache, "_memos", {})
    return folder


def stem(path: Path) -> str:
    return path.name.removesuffix(f"-{sys.implementation.cache_tag}.bin")


def load_pack(directory: Path):
    def load() -> Ruleset:
        ruleset, errors = load_rule_dirs([directory], probe=False, trusted=True)
        assert not errors
        return ruleset

    return load


def must_not_load() -> Ruleset:
    raise AssertionError("the bundle should have answered")


def test_the_bundle_holds_every_part(bundle: Path) -> None:
    names = {stem(path) for path in bundle.iterdir()}
    assert {
        startup_cache.BUNDLED_PACK,
        startup_cache._REGEX_FILE,
        "memo-prefilter-requirements",
        "memo-phrase-prefixes",
        "cmudict-buckets",
        "hyphenation-hyph_en_US",
        startup_cache.DATACLASS_CODE,
    } <= names


def test_with_an_empty_cache_the_bundle_is_read(
    bundle: Path, empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(startup_cache, "bundle_dir", bundle)
    assert startup_cache.load_regexes() > 400
    directory = builtin_rules_dir()
    from_bundle = startup_cache.builtin_rules(directory, must_not_load, Ruleset)
    loaded = load_pack(directory)()
    assert list(from_bundle.specs.items()) == list(loaded.specs.items())
    assert from_bundle.extensions == loaded.extensions
    assert startup_cache.memo("prefilter-requirements", sources=[prefilter.__file__])
    assert not empty_cache.exists()  # read only: nothing copied into the user's cache


def test_the_bundled_pack_names_the_files_where_they_are_installed(
    bundle: Path, empty_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(startup_cache, "bundle_dir", bundle)
    directory = tmp_path / "site-packages" / "ketlint" / "_builtin_rules"
    shutil.copytree(builtin_rules_dir(), directory)
    from_bundle = startup_cache.builtin_rules(directory, must_not_load, Ruleset)
    loaded = load_pack(directory)()
    assert list(from_bundle.specs.items()) == list(loaded.specs.items())
    assert all(spec.source.startswith(str(directory)) for spec in from_bundle.specs.values())


def test_an_edited_rule_file_is_not_answered_by_the_bundle(
    bundle: Path, empty_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(startup_cache, "bundle_dir", bundle)
    directory = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), directory)
    rule_file = sorted(directory.glob("*.yml"))[0]
    rule_file.write_text(rule_file.read_text(encoding="utf-8") + "\n# edited\n", "utf-8")
    calls = []

    def load() -> Ruleset:
        calls.append(1)
        return load_pack(directory)()

    startup_cache.builtin_rules(directory, load, Ruleset)
    assert calls == [1]


def test_another_version_does_not_use_the_bundle(
    bundle: Path, empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(startup_cache, "bundle_dir", bundle)
    monkeypatch.setattr(startup_cache, "__version__", "0.0.0-other")
    monkeypatch.setattr(startup_cache, "_loader_digest", [])
    assert startup_cache.load_regexes() == 0
    calls = []

    def load() -> Ruleset:
        calls.append(1)
        return load_pack(builtin_rules_dir())()

    startup_cache.builtin_rules(builtin_rules_dir(), load, Ruleset)
    assert calls == [1]
    assert startup_cache.memo("prefilter-requirements", sources=[prefilter.__file__]) == {}


def test_a_damaged_bundle_is_ignored(
    bundle: Path, empty_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = tmp_path / "damaged"
    shutil.copytree(bundle, damaged)
    for path in damaged.iterdir():
        data = bytearray(path.read_bytes())
        data[-10] ^= 0xFF  # inside the payload: its CRC no longer matches
        path.write_bytes(bytes(data))
    monkeypatch.setattr(startup_cache, "bundle_dir", damaged)
    assert startup_cache.load_regexes() == 0
    calls = []

    def load() -> Ruleset:
        calls.append(1)
        return load_pack(builtin_rules_dir())()

    startup_cache.builtin_rules(builtin_rules_dir(), load, Ruleset)
    assert calls == [1]
    assert startup_cache.memo("prefilter-requirements", sources=[prefilter.__file__]) == {}


# Run the CLI in a new process with the bundle in ``sys.argv[1]`` ("" for none).
CHECK = (
    "import sys; from pathlib import Path; from ketlint import startup_cache;"
    "startup_cache.bundle_dir = Path(sys.argv[1]) if sys.argv[1] else None;"
    "from ketlint.cli import main; sys.exit(main(sys.argv[2:]))"
)


@pytest.mark.parametrize("no_cache", [False, True])
def test_the_same_findings_with_and_without_the_bundle(
    bundle: Path, tmp_path: Path, no_cache: bool
) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from make_corpus import make_corpus

    articles = make_corpus(tmp_path / "articles", files=2, words=900, seed=31)
    args = ["check", "--format", "json", str(REPO / "examples"), *map(str, articles)]
    args += ["--no-cache"] if no_cache else []
    outputs = []
    for index, where in enumerate([str(bundle), ""]):
        done = subprocess.run(
            [sys.executable, "-c", CHECK, where, *args],
            env=clean_env(tmp_path / f"cache-{index}"),
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
        )
        assert done.returncode in (0, 1), done.stderr
        outputs.append(json.loads(done.stdout))
        written = {stem(path) for path in (tmp_path / f"cache-{index}").glob("*")}
        if where and not no_cache:
            # Everything start-up needs came from the bundle: the user's cache gets none of it.
            assert not written & {startup_cache.BUNDLED_PACK, "cmudict-buckets"}
            assert not any(name.startswith("builtin-rules") for name in written)
    assert outputs[0] == outputs[1]
    assert outputs[0]["files"]


# Every method `dataclasses` wrote for ketlint's classes, as what decides its behaviour:
# its code (bytecode, constants, names, flags), its annotations and its defaults.
DATACLASS_METHODS = r"""
import dataclasses, importlib, json, pkgutil, sys
from pathlib import Path
from ketlint import startup_cache
startup_cache.bundle_dir = Path(sys.argv[1]) if sys.argv[1] else None
served = startup_cache.use_bundled_dataclass_code()
import ketlint, ketlint.kinds
for module in pkgutil.walk_packages(ketlint.__path__, "ketlint."):
    if not module.name.startswith(("ketlint.lsp", "ketlint.distributed", "ketlint.__main__")):
        importlib.import_module(module.name)
# A class of someone else's, defined after the hook, with no postponed annotations.
exec("import dataclasses\n@dataclasses.dataclass(frozen=True, order=True)\n"
     "class Theirs:\n    size: int = 3\n", theirs := {"__name__": "theirs"})
def described(code):
    return [code.co_code.hex(), repr(code.co_consts), code.co_names, code.co_varnames,
            code.co_flags, code.co_filename, code.co_name]
methods = {}
classes = [theirs["Theirs"]] + [
    value for name, module in sorted(sys.modules.items()) if name.startswith("ketlint")
    for value in vars(module).values()
    if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == name
]
for cls in classes:
    for name, value in sorted(vars(cls).items()):
        code = getattr(value, "__code__", None)
        if code is not None and code.co_filename == "<string>":
            methods[f"{cls.__module__}.{cls.__qualname__}.{name}"] = [
                described(code), repr(value.__annotations__), repr(value.__defaults__)
            ]
print(json.dumps({"served": served, "methods": methods}))
"""


def test_the_bundled_dataclass_code_is_what_dataclasses_compiles(
    bundle: Path, tmp_path: Path
) -> None:
    outputs = []
    for where in (str(bundle), ""):
        done = subprocess.run(
            [sys.executable, "-c", DATACLASS_METHODS, where],
            env=clean_env(tmp_path / "cache"),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(json.loads(done.stdout))
    served, plain = outputs
    assert served["served"] > 300 and plain["served"] == 0
    assert len(plain["methods"]) > 300
    assert served["methods"] == plain["methods"]
    # Someone else's class keeps its evaluated annotations (not this module's strings).
    assert (
        served["methods"]["theirs.Theirs.__init__"][1] == "{'size': <class 'int'>, 'return': None}"
    )
