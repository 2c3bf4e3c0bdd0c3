"""JSON Schemas for rule and config files, and the reference docs generated from the same source.

The kinds' ``options_schema`` are the single source: validation, editor
completion (``# yaml-language-server: $schema=...``) and ``docs/`` all come from
them, so they cannot drift. ``python -m ketlint.schema --write`` regenerates
``docs/``; a test fails when the committed files differ from what it generates.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ketlint.kinds import available_kinds, kind_class
from ketlint.ruleset import (
    CRITERIA,
    DOC_KEYS,
    RULE_FILE_VERSION,
    SEVERITIES,
    Ruleset,
    builtin_ruleset,
)

SCHEMA_BASE = "https://ketlint.dev/schema"
DOC_DESCRIPTIONS = {
    "summary": "What the rule flags, in one sentence.",
    "why": "Why it matters to a reader.",
    "bad": "An example that is flagged.",
    "good": "What to write instead.",
    "standard": "The published standard the rule comes from.",
    "url": "A link to more documentation.",
    "limits": "What the rule can and cannot judge.",
}


def _docs_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {k: {"type": "string", "description": DOC_DESCRIPTIONS[k]} for k in DOC_KEYS},
    }


def _examples_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "description": "Texts the rule must flag (mark expected ranges with [[double brackets]]) and texts it must pass.",
        "properties": {
            "flag": {"type": "array", "items": {"type": "string"}},
            "pass": {"type": "array", "items": {"type": "string"}},
            "format": {"enum": ["markdown", "html", "text"]},
        },
    }


def rules_schema() -> dict[str, Any]:
    kinds = available_kinds()
    rule = {
        "type": "object",
        "required": ["id", "kind", "message"],
        "additionalProperties": False,
        "properties": {
            "id": {
                "type": "string",
                "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
                "description": "Stable kebab-case id, used in config and suppression comments.",
            },
            "kind": {"enum": kinds, "description": "The rule kind (the Python extension point)."},
            "severity": {"enum": list(SEVERITIES), "default": "warning"},
            "message": {
                "type": "string",
                "description": "Message template; {match} and kind-specific {placeholders}.",
            },
            "criterion": {
                "enum": list(CRITERIA),
                "description": "HealthNewsReview.org criterion this rule's verdict scores.",
            },
            "enabled": {
                "type": "boolean",
                "default": True,
                "description": "Whether the rule is on by default.",
            },
            "docs": _docs_schema(),
            "examples": _examples_schema(),
            "options": {"type": "object"},
            "verdict-model": _verdict_model_schema(),
        },
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"properties": {"options": kind_class(kind).options_schema}},
            }
            for kind in kinds
        ],
    }
    extension = {
        "type": "object",
        "required": ["extends"],
        "additionalProperties": False,
        "properties": {
            "extends": {"type": "string", "description": "Id of the rule to change."},
            "severity": {"enum": list(SEVERITIES)},
            "message": {"type": "string"},
            "enabled": {"type": "boolean"},
            "docs": _docs_schema(),
            "examples": _examples_schema(),
            "options": {
                "type": "object",
                "description": "Options to replace; add-NAME / remove-NAME edit a list option NAME.",
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}/rules-v{RULE_FILE_VERSION}.json",
        "title": "ketlint rule file",
        "type": "object",
        "additionalProperties": False,
        "required": ["rules"],
        "properties": {
            "version": {"const": RULE_FILE_VERSION},
            "rules": {"type": "array", "items": {"oneOf": [rule, extension]}},
        },
    }


def config_schema() -> dict[str, Any]:
    rule_ids = {"type": "array", "items": {"type": "string"}}
    rule_settings = {
        "type": "object",
        "description": "Per-rule settings: severity, enabled, and the rule's options (kebab-case).",
        "additionalProperties": {
            "type": "object",
            "properties": {"severity": {"enum": list(SEVERITIES)}, "enabled": {"type": "boolean"}},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}/config-v1.json",
        "title": "ketlint configuration (ketlint.toml, or [tool.ketlint] in pyproject.toml)",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "select": {**rule_ids, "description": 'Rule ids to enable ("ALL" for every rule).'},
            "extend-select": {
                **rule_ids,
                "description": "Rule ids to enable on top of the selection.",
            },
            "ignore": {**rule_ids, "description": "Rule ids to disable."},
            "rule-dirs": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Extra rule packs, relative to the config file. They must lie "
                "inside the project (the repository, or this folder with root = true) unless "
                "your own config's allow-rule-dirs or --trust-workspace allows them; their "
                "fixes are never applied as safe unless you trust the project.",
            },
            "root": {
                "type": "boolean",
                "default": False,
                "description": "This folder is the project root: rule-dirs must lie inside it "
                "(without it, the repository root, a folder with .git, is).",
            },
            "builtin-rules": {
                "type": "boolean",
                "default": True,
                "description": "Load the built-in rule pack.",
            },
            "fail-on": {"enum": list(SEVERITIES), "default": "warning"},
            "extensions": {
                "type": "array",
                "items": {"type": "string"},
                "description": "File extensions linted in folders.",
            },
            "exclude": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Globs of files not to lint.",
            },
            "max-file-size": {
                "type": "integer",
                "minimum": 1,
                "description": "Files larger than this many bytes are refused.",
            },
            "rules": rule_settings,
            "overrides": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["files"],
                    "additionalProperties": False,
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string"}},
                        "select": rule_ids,
                        "ignore": rule_ids,
                        "rules": rule_settings,
                    },
                },
            },
        },
    }


def _type_of(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return " \\| ".join(f"`{v}`" for v in schema["enum"])
    kind = schema.get("type")
    if kind == "array":
        items = schema.get("items", {})
        inner = "term" if "oneOf" in items else _type_of(items) if items else "any"
        return f"list of {inner}"
    if "oneOf" in schema:
        return " or ".join(_type_of(s) for s in schema["oneOf"])
    return str(kind or "any")


def render_kinds_reference() -> str:
    lines = [
        "# Rule kinds and their options",
        "",
        "<!-- Generated by `python -m ketlint.schema --write` from the kinds' option schemas; do not edit. -->",
        "",
        "A rule file names a `kind` and gives it `options`. These are all the kinds and options;",
        "the same schemas validate rule files (`ketlint rules check`) and drive editor completion",
        "(`docs/schema/rules.schema.json`).",
        "",
        "Every rule entry has: `id` (kebab-case), `kind`, `severity` (error, warning, info, hint;",
        "default warning), `message` (template), `docs` (summary, why, bad, good, standard, url,",
        "limits), `examples` (`flag` and `pass` lists; mark expected ranges `[[like this]]`),",
        "optional `criterion` (a HealthNewsReview.org criterion scored by the rule's verdict) and",
        "`enabled` (on by default). An entry with `extends: RULE-ID` changes an existing rule",
        "instead: `severity`, `message`, `docs`, `examples`, `enabled`, and `options`, where",
        "`add-NAME` / `remove-NAME` add to or remove from the list option `NAME`.",
        "",
    ]
    for name in available_kinds():
        cls = kind_class(name)
        lines += [f"## `{name}`", ""]
        doc = (cls.options_doc or (cls.__doc__ or "")).strip()
        if doc:
            lines += [doc, ""]
        props = cls.options_schema.get("properties", {})
        required = set(cls.options_schema.get("required", []))
        if props:
            lines += ["| option | type | default | description |", "|---|---|---|---|"]
            for option, schema in props.items():
                default = schema.get("default", "(required)" if option in required else "")
                default_text = (
                    f"`{json.dumps(default, ensure_ascii=False)}`"
                    if default not in ("", "(required)")
                    else default
                )
                description = " ".join(str(schema.get("description", "")).split()).replace(
                    "|", "\\|"
                )
                lines.append(
                    f"| `{option}` | {_type_of(schema)} | {default_text} | {description} |"
                )
            lines.append("")
    lines += _verdict_model_reference()
    return "\n".join(lines).rstrip() + "\n"


def _verdict_model_reference() -> list[str]:
    from ketlint import verdict_model

    return [
        "## Learned verdicts: `verdict-model`",
        "",
        "A rule with a `criterion` may add `verdict-model:` (keys `about`, `signals`, `weights`,",
        "`bias`, `fitted`) beside `options`. The built-in `missing-cost`, `missing-safety-section`",
        "and `hype-phrase` have one, fitted in a source checkout by `python",
        "benchmarks/fit_verdicts.py ARTICLES LABELS.csv --write` (it reads the built-in rule pack;",
        "5-fold cross-validated figures are printed next to the plain ones, and a gap above 0.04",
        "means the model memorised its items). `ketlint rules check` validates a model: every",
        "weight names a signal, every signal one source, with file and line on an error.",
        "",
        (verdict_model.__doc__ or "").strip(),
        "",
    ]


def render_rules_reference(ruleset: Ruleset | None = None) -> str:
    from ketlint.docs import render_rule_doc

    ruleset = ruleset or builtin_ruleset()
    lines = [
        "# Built-in rules",
        "",
        "<!-- Generated by `python -m ketlint.schema --write` from rules/*.yml; do not edit. -->",
        "",
        "| rule | kind | severity | what it flags |",
        "|---|---|---|---|",
    ]
    for spec in ruleset.specs.values():
        lines.append(
            f"| [`{spec.id}`](#{spec.id}) | `{spec.kind}` | {spec.severity.label} | {spec.docs.summary} |"
        )
    lines.append("")
    for spec in ruleset.specs.values():
        lines.append(render_rule_doc(spec, markdown=True))
    return "\n".join(lines).rstrip() + "\n"


def _verdict_model_schema() -> dict[str, Any]:
    patterns = {"type": "array", "items": {"type": "string"}, "minItems": 1}
    signal = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "patterns": {**patterns, "description": "Count sentences matching any of these."},
            "option": {
                "type": "string",
                "description": "Count sentences matching this list option of the rule.",
            },
            "from": {"enum": ["rule-not-satisfactory", "rule-not-applicable", "findings"]},
            "near": {**patterns, "description": "Only sentences that also match one of these."},
            "unless": {**patterns, "description": "Not sentences that match one of these."},
            "scope": {
                "enum": ["story", "boilerplate", "title", "lead", "document"],
                "default": "story",
            },
            "label": {
                "type": "string",
                "description": "The signal in words, for the verdict's reason.",
            },
        },
        "oneOf": [{"required": ["patterns"]}, {"required": ["option"]}, {"required": ["from"]}],
    }
    return {
        "type": "object",
        "description": (
            "Learned verdict: satisfactory when bias + sum(weight * log(1 + signal)) >= 0. "
            "Weights are fitted by benchmarks/fit_verdicts.py (see ketlint.verdict_model)."
        ),
        "required": ["signals"],
        "additionalProperties": False,
        "properties": {
            "about": {"type": "string"},
            "fitted": {"type": "string"},
            "signals": {"type": "object", "additionalProperties": signal, "minProperties": 1},
            "weights": {"type": "object", "additionalProperties": {"type": "number"}},
            "bias": {"type": "number"},
        },
    }


def generated_files(root: Path) -> dict[Path, str]:
    return {
        root / "docs" / "schema" / "rules.schema.json": json.dumps(
            rules_schema(), indent=2, ensure_ascii=False
        )
        + "\n",
        root / "docs" / "schema" / "config.schema.json": json.dumps(
            config_schema(), indent=2, ensure_ascii=False
        )
        + "\n",
        root / "docs" / "kinds.md": render_kinds_reference(),
        root / "docs" / "rules.md": render_rules_reference(),
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(__file__).resolve().parents[1]
    if args != ["--write"]:
        print(
            "usage: python -m ketlint.schema --write   (regenerates docs/ from the schemas and rules)"
        )
        return 2
    for path, text in generated_files(root).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
