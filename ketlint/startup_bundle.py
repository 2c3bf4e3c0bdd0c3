"""Make the start-up data the package ships for the built-in rule pack (see
:mod:`ketlint.startup_cache`): ``python -m ketlint.startup_bundle FOLDER``.

``hatch_build.py`` runs it when a wheel is built (and for ``pip install -e``), in a fresh
process whose ``KETLINT_CACHE_DIR`` is an empty folder. It does what a first run does
with every built-in rule enabled: loads the pack, compiles every pattern the rules hold,
lints each rule's documented examples and the example articles (patterns compiled on
demand, the prefilter's reading of each pattern, the pronouncing dictionary's index), then
copies what the start-up cache wrote into ``FOLDER``. Nothing here reads a user's files or the network.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

# Files of the start-up cache that hold no path of the machine they were made on.
_SHIPPED = ("regex-", "memo-")


def build(folder: Path) -> list[Path]:
    """Write the bundle into ``folder`` (emptied first); returns the files written."""
    from ketlint import startup_cache

    # The code `dataclasses` compiles for ketlint's classes, kept from here on: before the
    # modules defining them are imported.
    startup_cache.record_dataclass_code()
    from ketlint.casefolding import simple_folding
    from ketlint.engine import Linter
    from ketlint.paths import builtin_rules_dir
    from ketlint.prefilter import collect_patterns
    from ketlint.ruleset import Ruleset, builtin_ruleset
    from ketlint.testing import parse_marked

    cache = startup_cache.cache_dir()
    if cache is None or (cache.exists() and any(cache.iterdir())):
        raise SystemExit("KETLINT_CACHE_DIR must name an empty folder")
    startup_cache.bundle_dir = None  # made from scratch, not from an older bundle
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    startup_cache.bundle_out = folder  # data files' indexes go here under portable keys
    startup_cache.load_regexes()  # lets `regex` keep every pattern for save_regexes()

    ruleset = builtin_ruleset()
    linter = Linter(ruleset, list(ruleset.specs))  # every rule, those off by default too
    for pattern in collect_patterns(linter.rules):
        getattr(pattern, "compiled", pattern)  # a lazy TimedPattern compiles here
        # And its simple-folding twin, which a search of ASCII text compiles: left to the
        # examples, a few twins missed the bundle, so a cold check of a real article
        # compiled one to four of them (1-3 ms each) and then rewrote the whole regex
        # cache (800 kB, 3.5 ms) into the user's folder on every fresh machine.
        twin = simple_folding(pattern)
        getattr(twin, "compiled", twin)
    _compile_terms(linter.rules)
    for spec in ruleset.specs.values():
        for example in spec.examples:
            text = parse_marked(example.text)[0]
            for fmt in {example.format, "markdown", "text"}:  # each parser's own patterns
                linter.lint_text(text, format=fmt)
    examples = builtin_rules_dir().parent / "examples"  # in a checkout, not in the wheel
    if examples.is_dir():
        from ketlint.cli import main

        main(["check", "--isolated", "--format", "json", "-o", os.devnull, str(examples)])
    startup_cache.save_regexes()
    startup_cache.save_memos()

    written = sorted(folder.iterdir())
    for path in sorted(cache.iterdir()):
        if path.name.startswith(_SHIPPED):
            written.append(Path(shutil.copyfile(path, folder / path.name)))
    if startup_cache.write_bundled_pack(folder, builtin_rules_dir(), ruleset, Ruleset):
        written.append(folder / f"{startup_cache.BUNDLED_PACK}-{sys.implementation.cache_tag}.bin")
    if startup_cache.write_dataclass_code(folder):
        written.append(
            folder / f"{startup_cache.DATACLASS_CODE}-{sys.implementation.cache_tag}.bin"
        )
    for path in written:
        path.chmod(0o644)  # the cache writes 0600; an installed package is readable by all
    return written


def _compile_terms(rules: list[Any]) -> None:
    """Compile every term of the rules' term indexes (ketlint.terms.TermIndex), which a
    run compiles one by one as an article holds them."""
    from ketlint.prefilter import walk_objects

    def take(value: object) -> bool:
        if callable(getattr(value, "regex_for", None)) and hasattr(value, "terms"):
            for index in range(len(value.terms)):  # type: ignore[attr-defined]
                getattr(value.regex_for(index), "compiled", None)  # type: ignore[attr-defined]
            return True
        return False

    walk_objects([rules], take, max_depth=6)


if __name__ == "__main__":
    for path in build(Path(sys.argv[1])):
        print(path.name)
