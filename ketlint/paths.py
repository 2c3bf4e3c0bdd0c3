"""Where the built-in rules live; a leaf module so rule kinds and the loader can both ask."""

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
