"""Nineteenth round, rule-pack safety (branch qa4): the load-time probe for slow patterns
runs on every option whose texts a kind compiles as regexes. Each kind declares those
options once (``Rule.pattern_options``); before, one shared list of names missed some
(``unless-lead`` of sentence-pattern, ``continues`` of uncited-claim's attribution...)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import regex

from ketlint.kinds import available_kinds, build_rule, kind_class
from ketlint.limits import load_yaml_located
from ketlint.prefilter import collect_patterns
from ketlint.ruleset import builtin_ruleset, load_rule_file, validate_options
from ketlint.timeouts import check_compiles

SLOW = r"(\w+\s?)*$"


def text_leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from text_leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_leaves(item, (*path, index))
    elif isinstance(value, str):
        yield path


def with_text(options: dict[str, Any], path: tuple[Any, ...], text: str) -> dict[str, Any]:
    changed = copy.deepcopy(options)
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = text
    return changed


def compiles(spec: Any, options: dict[str, Any]) -> bool:
    try:
        check_compiles(collect_patterns([build_rule(replace(spec, options=options))]))
    except regex.error:
        return False
    except ValueError:
        return True  # refused for another reason (a data-file line, a severity name)
    return True


def schema_names(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            yield name
            yield from schema_names(sub)
        for key in ("items", "additionalProperties"):
            yield from schema_names(schema.get(key))
        for key in ("oneOf", "anyOf", "allOf"):
            for sub in schema.get(key, []):
                yield from schema_names(sub)


def test_every_text_a_kind_compiles_as_a_regex_is_probed_at_load() -> None:
    # Each text in each built-in rule's options is replaced by a broken pattern: when the
    # rule then fails to compile, the probe must have reported that very text.
    missed: set[tuple[str, str]] = set()
    seen: set[tuple[str, str]] = set()
    regex_options = 0
    for spec in builtin_ruleset().specs.values():
        for path in text_leaves(spec.options):
            name = next(str(step) for step in reversed(path) if isinstance(step, str))
            if (spec.kind, name) in seen:
                continue  # one text per option name of a kind is enough
            seen.add((spec.kind, name))
            broken = with_text(spec.options, path, "(")
            if compiles(spec, broken):
                continue
            regex_options += 1
            located = load_yaml_located("{}\n", "rules.yml")
            located.positions[("options", *path)] = (7, 9)
            errors = validate_options(located, ("options",), spec.kind, broken, probe=True)
            if not any((e.line, e.column) == (7, 9) for e in errors):
                missed.add((spec.kind, name))
    assert regex_options > 50  # the walk found the kinds' regex options
    assert sorted(missed) == []


def test_each_declared_pattern_option_is_an_option_of_its_kind() -> None:
    for kind in available_kinds():
        cls = kind_class(kind)
        assert cls.pattern_options <= set(schema_names(cls.options_schema)), kind


@pytest.mark.parametrize(
    ("kind", "options", "line"),
    [
        (
            "sentence-pattern",
            f"      patterns: ['cures']\n      unless-lead:\n        - '{SLOW}'\n",
            8,
        ),
        (
            "uncited-claim",
            "      claims:\n        - pattern: 'doubles'\n"
            f"      attribution:\n        continues:\n          - '{SLOW}'\n",
            10,
        ),
    ],
)
def test_a_slow_pattern_in_a_kinds_own_option_is_refused_at_its_line(
    tmp_path: Path, kind: str, options: str, line: int
) -> None:
    text = (
        "rules:\n"
        "  - id: my-rule\n"
        f"    kind: {kind}\n"
        "    message: 'Invented claim'\n"
        "    options:\n" + options
    )
    _, errors = load_rule_file(tmp_path / "mine.yml", text)
    slow = [e for e in errors if "backtrack catastrophically" in e.message]
    assert [(e.line, e.column) for e in slow] == [(line, 13 if kind == "uncited-claim" else 11)]
