"""Where the built-in rules live and which files a rule pack holds; a leaf module so rule
kinds, the loader and the start-up cache can all ask."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def builtin_rules_dir() -> Path:
    """``rules/`` ships inside the wheel as ``ketlint/_builtin_rules``; in a checkout it is top level."""
    here = Path(__file__).resolve().parent
    packaged = here / "_builtin_rules"
    if packaged.is_dir():
        return packaged
    return here.parent / "rules"


@cache
def is_builtin_source(source: str) -> bool:
    """Was a rule defined by ketlint itself (a file in ``rules/``, or in code)?"""
    if source == "<builtin>":
        return True
    return Path(source).resolve().parent == builtin_rules_dir()


RULE_SUFFIXES = (".yml", ".yaml")
# A pack's data files (word lists, the figure grammar) live in this folder: rules name them
# in `*-file` options, and they are never read as rule files.
DATA_FOLDER = "data"


def rule_files(directory: Path) -> list[Path]:
    """The rule files of a rule-pack entry: the file itself, or every *.yml/*.yaml under it
    but for those in its ``data`` folder."""
    if directory.is_file():
        return [directory]
    if directory.is_dir():
        return sorted(
            p
            for p in directory.rglob("*")
            if p.suffix in RULE_SUFFIXES
            and p.is_file()
            and p.relative_to(directory).parts[0] != DATA_FOLDER
        )
    return []
