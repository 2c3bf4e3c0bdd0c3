"""Loading rule files (YAML) into validated :class:`RuleSpec` objects.

Every problem is reported with its file, line and column and a plain
sentence, and loading goes on to find the others, so an editor fixing a rule
pack sees all its mistakes at once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import regex

from ketlint.kinds import available_kinds, build_rule, kind_class
from ketlint.kinds.base import Kind, RuleDocs, RuleExample, RuleSpec
from ketlint.limits import DataFileError, LocatedData, load_yaml_located
from ketlint.model import Severity
from ketlint.paths import RULE_SUFFIXES as RULE_SUFFIXES  # where callers import it from
from ketlint.paths import builtin_rules_dir, rule_files
from ketlint.prefilter import collect_patterns
from ketlint.timeouts import check_compiles

RULE_FILE_VERSION = 1
RULE_ID = regex.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
TOP_LEVEL_KEYS = ("version", "rules")
RULE_KEYS = (
    "id",
    "kind",
    "severity",
    "message",
    "docs",
    "options",
    "examples",
    "criterion",
    "enabled",
    "verdict-model",
)
EXTENSION_KEYS = ("extends", "severity", "message", "docs", "options", "examples", "enabled")
DOC_KEYS = ("summary", "why", "bad", "good", "standard", "url", "limits")
EXAMPLE_KEYS = ("flag", "pass", "format")
SEVERITIES = ("error", "warning", "info", "hint")
CRITERIA = (
    "costs",
    "benefits_quantified",
    "harms",
    "evidence_quality",
    "disease_mongering",
    "independent_sources",
    "funding_coi",
    "alternatives",
    "availability",
    "novelty",
    "sensational_language",
    "relies_on_news_release",
)


class RuleLoadError(Exception):
    def __init__(self, errors: list[DataFileError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    import difflib  # only when a name is wrong: not on every start

    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass
class Ruleset:
    """All known rules by id, in load order, plus the compiled rule objects."""

    specs: dict[str, RuleSpec] = field(default_factory=dict)
    # Entries that change a rule defined elsewhere ("extends: hype-phrase"), applied by resolve().
    extensions: list[RuleSpec] = field(default_factory=list)
    # Compiled rules by id, with the spec they were compiled from (shared between copies).
    _compiled: dict[str, tuple[RuleSpec, Kind[Any]]] = field(default_factory=dict, repr=False)

    def rule(self, rule_id: str) -> Kind[Any]:
        spec = self.specs[rule_id]
        cached = self._compiled.get(rule_id)
        if cached is None or cached[0] is not spec:
            rule = build_rule(spec)
            if spec.verdict_model is not None:
                from ketlint.verdict_model import build_verdict_model

                rule.verdict_model = build_verdict_model(spec.verdict_model, spec.options)
            cached = (spec, rule)
            self._compiled[rule_id] = cached
        return cached[1]

    def copy(self) -> Ruleset:
        return Ruleset(dict(self.specs), list(self.extensions), self._compiled)

    def ids(self) -> list[str]:
        return list(self.specs)

    def with_overrides(self, overrides: dict[str, dict[str, Any]]) -> Ruleset:
        """A copy with per-rule severity/options from config merged in (compiles lazily)."""
        specs = dict(self.specs)
        for rule_id, settings in overrides.items():
            if rule_id not in specs:
                continue
            spec = specs[rule_id]
            options = dict(spec.options)
            severity = spec.severity
            enabled = spec.enabled
            for key, value in settings.items():
                if key == "severity":
                    severity = Severity.parse(value)
                elif key == "enabled":
                    enabled = bool(value)
                else:
                    options[key] = value
            specs[rule_id] = replace(spec, options=options, severity=severity, enabled=enabled)
        return Ruleset(specs)


def load_rule_file(
    path: Path, text: str | None = None, *, probe: bool = True, trusted: bool = False
) -> tuple[list[RuleSpec], list[DataFileError]]:
    """Parse one rule file. ``probe`` runs every user pattern against slow-input probes.

    ``trusted``: the built-in pack, whose options the test suite validates against their
    schemas and whose patterns it compiles (tests/test_builtin_pack_valid.py); a start-up
    does not do either again (importing jsonschema alone cost 35 to 48 ms a run, and the
    patterns are compiled when first searched, :class:`~ketlint.timeouts.TimedPattern`).
    """
    name = str(path)
    errors: list[DataFileError] = []
    try:
        if text is None:
            text = path.read_text(encoding="utf-8")
        located = load_yaml_located(text, name)
    except UnicodeDecodeError:
        return [], [DataFileError(name, 1, 1, "file is not valid UTF-8")]
    except OSError as exc:
        return [], [DataFileError(name, 1, 1, f"cannot read file: {exc.strerror or exc}")]
    except DataFileError as exc:
        return [], [exc]
    data = located.data
    if data is None:
        return [], [
            DataFileError(name, 1, 1, "the file is empty; expected a mapping with a 'rules' list")
        ]
    if not isinstance(data, dict):
        return [], [located.error((), "expected a mapping with a 'rules' list at the top level")]
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            errors.append(
                located.error(
                    (key,), f"unknown key {key!r}{did_you_mean(key, TOP_LEVEL_KEYS)}", key=True
                )
            )
    version = data.get("version", RULE_FILE_VERSION)
    if version != RULE_FILE_VERSION:
        errors.append(
            located.error(
                ("version",),
                f"unsupported rule file version {version!r} (this ketlint reads version {RULE_FILE_VERSION})",
            )
        )
    rules = data.get("rules")
    if not isinstance(rules, list):
        errors.append(
            located.error(
                ("rules",) if "rules" in data else (), "expected 'rules' to be a list of rules"
            )
        )
        return [], errors
    specs: list[RuleSpec] = []
    for index, entry in enumerate(rules):
        spec = _parse_rule(located, ("rules", index), entry, errors, probe, trusted)
        if spec is not None:
            specs.append(spec)
    return specs, errors


def _parse_rule(
    located: LocatedData,
    path: tuple[Any, ...],
    entry: Any,
    errors: list[DataFileError],
    probe: bool = True,
    trusted: bool = False,
) -> RuleSpec | None:
    if not isinstance(entry, dict):
        errors.append(
            located.error(path, "each rule must be a mapping with at least 'id' and 'kind'")
        )
        return None
    if "extends" in entry:
        return _parse_extension(located, path, entry, errors)
    before = len(errors)
    for key in entry:
        if key not in RULE_KEYS:
            errors.append(
                located.error(
                    path + (key,),
                    f"unknown rule key {key!r}{did_you_mean(key, RULE_KEYS)}",
                    key=True,
                )
            )
    rule_id = entry.get("id")
    if not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
        errors.append(
            located.error(
                path + ("id",), f"rule id {rule_id!r} must be kebab-case, like 'hype-phrase'"
            )
        )
        rule_id = None
    kind = entry.get("kind")
    if kind not in available_kinds():
        errors.append(
            located.error(
                path + ("kind",),
                f"unknown kind {kind!r}{did_you_mean(str(kind), available_kinds())}; kinds are {', '.join(available_kinds())}",
            )
        )
        kind = None
    severity_name = entry.get("severity", "warning")
    if severity_name not in SEVERITIES:
        errors.append(
            located.error(
                path + ("severity",),
                f"severity must be one of {', '.join(SEVERITIES)}, not {severity_name!r}",
            )
        )
        severity_name = "warning"
    message = entry.get("message")
    if not isinstance(message, str) or not message.strip():
        errors.append(
            located.error(
                path + ("message",) if "message" in entry else path,
                "a rule needs a non-empty 'message'",
            )
        )
    criterion = entry.get("criterion")
    if criterion is not None and criterion not in CRITERIA:
        errors.append(
            located.error(
                path + ("criterion",),
                f"unknown criterion {criterion!r}{did_you_mean(criterion, CRITERIA)}",
            )
        )
    docs = _parse_docs(located, path + ("docs",), entry.get("docs", {}), errors)
    examples = _parse_examples(located, path + ("examples",), entry.get("examples", {}), errors)
    options = entry.get("options", {})
    if not isinstance(options, dict):
        errors.append(located.error(path + ("options",), "'options' must be a mapping"))
        options = {}
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        errors.append(located.error(path + ("enabled",), "'enabled' must be true or false"))
    if kind is not None and not trusted:
        errors.extend(validate_options(located, path + ("options",), kind, options, probe))
    verdict_model = entry.get("verdict-model")
    if verdict_model is not None:
        from ketlint.verdict_model import VerdictModelError, build_verdict_model

        if criterion is None:
            errors.append(
                located.error(
                    path + ("verdict-model",), "a verdict-model needs the rule's 'criterion'"
                )
            )
        try:
            build_verdict_model(verdict_model, options)
        except VerdictModelError as exc:
            errors.append(located.error(path + ("verdict-model",), str(exc)))
    if len(errors) > before or rule_id is None or kind is None:
        return None
    line, _ = located.where(path)
    spec = RuleSpec(
        id=rule_id,
        kind=kind,
        severity=Severity.parse(severity_name),
        message=str(message),
        options=options,
        docs=docs,
        examples=examples,
        criterion=criterion,
        source=located.file,
        line=line,
        enabled=enabled,
        verdict_model=verdict_model,
        positions={("id",): located.where(path + ("id",))},
    )
    try:
        rule = build_rule(spec)
        if not trusted:  # a broken pattern is reported here, at its own line
            check_compiles(collect_patterns([rule]))
    except (ValueError, regex.error) as exc:
        broken = _find_broken_pattern(kind, options) if isinstance(exc, regex.error) else None
        where, problem = broken or ((), _describe_compile_error(exc))
        errors.append(located.error((*path, "options", *where), f"rule {rule_id!r}: {problem}"))
        return None
    return spec


def _describe_compile_error(exc: Exception) -> str:
    if isinstance(exc, regex.error):
        where = f" at position {exc.pos}" if getattr(exc, "pos", None) is not None else ""
        return f"a pattern does not compile{where}: {exc.msg if hasattr(exc, 'msg') else exc}"
    return str(exc)


def shadowing_error(spec: RuleSpec) -> DataFileError:
    """The error for a house rule whose id is a built-in rule's (one wording, wherever found)."""
    line, column = spec.positions.get(("id",), (spec.line, 1))
    return DataFileError(
        spec.source,
        line,
        column,
        f"rule id {spec.id!r} shadows a built-in rule; pick another id, or write "
        f"'extends: {spec.id}' to change the built-in rule",
    )


def validate_options(
    located: LocatedData,
    path: tuple[Any, ...],
    kind: str,
    options: dict[str, Any],
    probe: bool = True,
) -> list[DataFileError]:
    """Check ``options`` against the kind's JSON Schema, and compile every regex in it."""
    import jsonschema

    schema = kind_class(kind).options_schema
    validator = jsonschema.Draft202012Validator(schema)
    errors: list[DataFileError] = []
    for problem in sorted(
        validator.iter_errors(options), key=lambda e: list(map(str, e.absolute_path))
    ):
        problem = _inner_problem(problem)
        where = path + tuple(problem.absolute_path)
        if problem.validator == "additionalProperties":
            allowed = list(problem.schema.get("properties", {}))
            extra = [k for k in problem.instance if k not in allowed]
            for key in extra:
                errors.append(
                    located.error(
                        where + (key,),
                        f"unknown option {key!r} for kind {kind!r}{did_you_mean(key, allowed)}",
                        key=True,
                    )
                )
            continue
        errors.append(located.error(where, _schema_message(problem)))
    if probe:
        errors.extend(_check_patterns(located, path, options, pattern_keys(kind)))
    return errors


def _inner_problem(problem: Any) -> Any:
    """The error to report for a schema error: for a mapping that matches none of a
    ``oneOf``'s shapes, a problem inside one of its values (``pattern: 7`` is not text),
    at that value, rather than the ``oneOf`` at the mapping; else ``problem`` itself."""
    if problem.validator == "oneOf" and isinstance(problem.instance, dict):
        depth = len(problem.absolute_path)
        inner = [c for c in problem.context if len(c.absolute_path) > depth]
        if inner:
            return _inner_problem(min(inner, key=lambda e: list(map(str, e.absolute_path))))
    return problem


def _schema_message(problem: Any) -> str:
    name = ".".join(str(p) for p in problem.absolute_path) or "options"
    if problem.validator == "type":
        return f"{name} must be of type {problem.validator_value}, not {type(problem.instance).__name__}"
    if problem.validator == "required":
        return f"{name}: {problem.message}"
    if problem.validator == "oneOf" and isinstance(problem.instance, dict):
        return f"{name}: give exactly one of 'term' or 'pattern' (and only known keys)"
    return f"{name}: {problem.message}"


def pattern_keys(kind: str) -> frozenset[str]:
    """The option names whose texts are regexes for ``kind`` (each kind declares them:
    ``Rule.pattern_options``); the slow-pattern probe runs on these."""
    return kind_class(kind).pattern_options


def _check_patterns(
    located: LocatedData, path: tuple[Any, ...], value: Any, keys: frozenset[str], key: str = ""
) -> list[DataFileError]:
    """Compile every regex-valued option so a broken pattern points at its own line."""
    from ketlint.safety import probe_pattern

    errors: list[DataFileError] = []
    if isinstance(value, dict):
        for k, v in value.items():
            errors.extend(_check_patterns(located, path + (k,), v, keys, str(k)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            errors.extend(_check_patterns(located, path + (i,), item, keys, key))
    elif isinstance(value, str) and key in keys:
        problem = probe_pattern(value)
        if problem:
            errors.append(located.error(path, problem))
    return errors


def load_rule_dirs(
    dirs: Iterable[Path], *, probe: bool = True, trusted: bool = False
) -> tuple[Ruleset, list[DataFileError]]:
    """Load every rule file in ``dirs`` (in order). Later ids may not silently replace earlier ones."""
    ruleset = Ruleset()
    errors: list[DataFileError] = []
    for directory in dirs:
        files = rule_files(directory)
        if not files:
            errors.append(
                DataFileError(str(directory), 1, 1, "no rule files (*.yml, *.yaml) found here")
            )
        for file in files:
            specs, file_errors = load_rule_file(file, probe=probe, trusted=trusted)
            errors.extend(file_errors)
            for spec in specs:
                if spec.extends is not None:
                    ruleset.extensions.append(spec)
                    continue
                existing = ruleset.specs.get(spec.id)
                if existing is not None:
                    line, column = spec.positions.get(("id",), (spec.line, 1))
                    errors.append(
                        DataFileError(
                            spec.source,
                            line,
                            column,
                            f"duplicate rule id {spec.id!r}: already defined in {existing.source}:{existing.line}",
                        )
                    )
                    continue
                ruleset.specs[spec.id] = spec
    return ruleset, errors


_BUILTIN_CACHE: dict[str, Ruleset] = {}


def _load_builtin_rules() -> Ruleset:
    # Built-in rules are validated by the project's own suite; skip the slow-input probes,
    # the schema validation and compiling every pattern up front.
    ruleset, errors = load_rule_dirs([builtin_rules_dir()], probe=False, trusted=True)
    if errors:
        raise RuleLoadError(errors)
    return ruleset


def builtin_ruleset() -> Ruleset:
    """The built-in rule pack, loaded once per process."""
    key = os.fspath(builtin_rules_dir())
    cached = _BUILTIN_CACHE.get(key)
    if cached is None:
        from ketlint.startup_cache import builtin_rules

        cached = builtin_rules(builtin_rules_dir(), _load_builtin_rules, Ruleset)
        _BUILTIN_CACHE[key] = cached
    # A copy, so callers may add or replace rules without changing the shared pack.
    return cached.copy()


def _parse_docs(
    located: LocatedData, path: tuple[Any, ...], docs: Any, errors: list[DataFileError]
) -> RuleDocs:
    if not isinstance(docs, dict):
        errors.append(located.error(path, "'docs' must be a mapping"))
        return RuleDocs()
    values = {}
    for key, value in docs.items():
        if key not in DOC_KEYS:
            errors.append(
                located.error(
                    path + (key,),
                    f"unknown docs key {key!r}{did_you_mean(key, DOC_KEYS)}",
                    key=True,
                )
            )
        elif not isinstance(value, str):
            errors.append(located.error(path + (key,), f"docs.{key} must be text"))
        else:
            values[key] = value.strip()
    return RuleDocs(**values)


def _parse_examples(
    located: LocatedData, path: tuple[Any, ...], examples: Any, errors: list[DataFileError]
) -> list[RuleExample]:
    if not isinstance(examples, dict):
        errors.append(
            located.error(path, "'examples' must be a mapping with 'flag' and/or 'pass' lists")
        )
        return []
    result: list[RuleExample] = []
    fmt = examples.get("format", "markdown")
    if fmt not in ("markdown", "html", "text"):
        errors.append(
            located.error(path + ("format",), "examples.format must be markdown, html or text")
        )
        fmt = "markdown"
    for key, value in examples.items():
        if key not in EXAMPLE_KEYS:
            errors.append(
                located.error(
                    path + (key,),
                    f"unknown examples key {key!r}{did_you_mean(key, EXAMPLE_KEYS)}",
                    key=True,
                )
            )
            continue
        if key == "format":
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            errors.append(located.error(path + (key,), f"examples.{key} must be a list of texts"))
            continue
        for text in value:
            result.append(RuleExample(text=text, flagged=(key == "flag"), format=fmt))
    return result


@dataclass(frozen=True)
class OptionProblem:
    """A problem with a rule's options: ``path`` leads to the value at fault inside them
    (``("terms", 2, "pattern")``; empty: the options as a whole), so that whoever set the
    options (a config file, a rule file's ``extends:``) can name that value's own line."""

    path: tuple[str | int, ...]
    message: str

    def __str__(self) -> str:
        return self.message


def validate_spec(spec: RuleSpec) -> list[OptionProblem]:
    """Problems with a spec whose options were changed by config or by an extension.

    Remembered between runs (the start-up cache's memos) for the same id, kind and options,
    so that a config with per-rule settings does not import jsonschema on every run.
    """
    key = _validation_key(spec)
    memo = _validations() if key is not None else None
    if memo is not None:
        known = memo.get(key)
        if type(known) is tuple and all(_is_stored_problem(p) for p in known):
            return [OptionProblem(tuple(path), message) for path, message in known]
    problems = _validate_spec(spec)
    if memo is not None:
        memo[key] = tuple((tuple(p.path), p.message) for p in problems)
    return problems


def _is_stored_problem(value: Any) -> bool:
    return (
        type(value) is tuple
        and len(value) == 2
        and type(value[0]) is tuple
        and all(type(part) in (str, int) for part in value[0])
        and type(value[1]) is str
    )


def _validation_key(spec: RuleSpec) -> tuple[Any, ...] | None:
    try:  # options that are not plain data (a YAML date, say) are validated every time
        return (spec.id, spec.kind, _plain(spec.options), regex.__version__)
    except ValueError:
        return None


def _plain(value: Any) -> Any:
    """``value`` (plain YAML/TOML data) as a hashable tuple, equal only for equal data."""
    kind = type(value)
    if value is None or kind in (str, int, bool):
        return (kind.__name__, value)
    if kind is float:
        return ("float", repr(value))  # tells -0.0 from 0.0; NaN equals itself
    if kind is list:
        return ("list", tuple(_plain(item) for item in value))
    if kind is dict:
        return ("dict", tuple((_plain(k), _plain(v)) for k, v in value.items()))
    raise ValueError(f"not plain data: {kind.__name__}")


_validation_memo: list[dict[Any, Any]] = []


def _validations() -> dict[Any, Any] | None:
    if not _validation_memo:
        try:
            from ketlint.startup_cache import loader_sources, memo

            _validation_memo.append(memo("validated-options", sources=loader_sources()))
        except Exception:
            _validation_memo.append({})
    return _validation_memo[0]


def _validate_spec(spec: RuleSpec) -> list[OptionProblem]:
    import jsonschema

    problems = []
    schema = kind_class(spec.kind).options_schema
    for problem in jsonschema.Draft202012Validator(schema).iter_errors(spec.options):
        problem = _inner_problem(problem)
        where = tuple(problem.absolute_path)
        if problem.validator == "additionalProperties":
            allowed = list(problem.schema.get("properties", {}))
            for key in [k for k in problem.instance if k not in allowed]:
                problems.append(
                    OptionProblem(
                        (*where, key),
                        f"unknown setting {key!r} for rule {spec.id!r} (kind {spec.kind}){did_you_mean(key, [*allowed, 'severity', 'enabled'])}",
                    )
                )
        else:
            problems.append(OptionProblem(where, f"rule {spec.id!r}: {_schema_message(problem)}"))
    if not problems:
        try:
            check_compiles(collect_patterns([build_rule(spec)]))
        except (ValueError, regex.error) as exc:
            broken = (
                _find_broken_pattern(spec.kind, spec.options)
                if isinstance(exc, regex.error)
                else None
            )
            where, message = broken or ((), _describe_compile_error(exc))
            problems.append(OptionProblem(where, f"rule {spec.id!r}: {message}"))
    return problems


def _find_broken_pattern(
    kind: str, options: dict[str, Any]
) -> tuple[tuple[str | int, ...], str] | None:
    """Where in ``options`` (whose rule does not compile) the broken pattern is, and what
    is wrong with it: the first that does not compile among the options known to hold
    patterns (the kind's pattern_options), else among all texts (an option it did not declare)."""
    keys = pattern_keys(kind)
    return _broken_pattern((), options, keys) or _broken_pattern((), options, keys, every=True)


def _broken_pattern(
    path: tuple[str | int, ...],
    value: Any,
    keys: frozenset[str],
    key: str = "",
    every: bool = False,
) -> tuple[tuple[str | int, ...], str] | None:
    """The path of the first regex-valued option in ``value`` (any text, with ``every``)
    that does not compile, and what is wrong with it."""
    from ketlint.kinds.base import PATTERN_FLAGS

    if isinstance(value, dict):
        items: Iterable[tuple[str | int, Any, str]] = ((k, v, str(k)) for k, v in value.items())
    elif isinstance(value, list):
        items = ((i, v, key) for i, v in enumerate(value))
    else:
        if isinstance(value, str) and (every or key in keys):
            try:
                regex.compile(value, PATTERN_FLAGS)
            except regex.error as exc:
                problem = _describe_compile_error(exc).removeprefix("a pattern ")
                return path, f"pattern {value!r} {problem}"
        return None
    for step, item, name in items:
        found = _broken_pattern((*path, step), item, keys, name, every)
        if found is not None:
            return found
    return None


def _parse_extension(
    located: LocatedData, path: tuple[Any, ...], entry: dict[str, Any], errors: list[DataFileError]
) -> RuleSpec | None:
    """An entry that changes an existing rule: ``extends: hype-phrase`` plus what to change."""
    before = len(errors)
    for key in entry:
        if key not in EXTENSION_KEYS:
            hint = (
                " (an extension keeps the rule's id and kind)"
                if key in ("id", "kind")
                else did_you_mean(key, EXTENSION_KEYS)
            )
            errors.append(
                located.error(path + (key,), f"unknown key {key!r} in an extension{hint}", key=True)
            )
    target = entry["extends"]
    if not isinstance(target, str) or not RULE_ID.match(target):
        errors.append(
            located.error(path + ("extends",), "'extends' must name a rule id, like 'hype-phrase'")
        )
    severity_name = entry.get("severity")
    if severity_name is not None and severity_name not in SEVERITIES:
        errors.append(
            located.error(
                path + ("severity",),
                f"severity must be one of {', '.join(SEVERITIES)}, not {severity_name!r}",
            )
        )
    options = entry.get("options", {})
    if not isinstance(options, dict):
        errors.append(located.error(path + ("options",), "'options' must be a mapping"))
    docs = _parse_docs(located, path + ("docs",), entry.get("docs", {}), errors)
    examples = _parse_examples(located, path + ("examples",), entry.get("examples", {}), errors)
    if len(errors) > before:
        return None
    line, _ = located.where(path)
    return RuleSpec(
        id=target,
        kind="",
        severity=Severity.parse(severity_name or "warning"),
        message=entry.get("message", ""),
        options={},
        docs=docs,
        examples=examples,
        source=located.file,
        line=line,
        extends=target,
        changes={k: v for k, v in entry.items() if k != "extends"},
        positions={
            at[len(path) :]: position
            for at, position in located.positions.items()
            if at[: len(path) + 1] == (*path, "options")
        },
    )


def apply_extension(base: RuleSpec, extension: RuleSpec) -> tuple[RuleSpec, list[OptionProblem]]:
    """``base`` changed by ``extension``. ``add-X``/``remove-X`` options edit the list option X.
    Each problem's path leads into the extension's own options."""
    problems: list[OptionProblem] = []
    changes = extension.changes
    options = dict(base.options)
    for key, value in changes.get("options", {}).items():
        if key.startswith(("add-", "remove-")):
            action, _, name = key.partition("-")
            current = options.get(name)
            if not isinstance(current, list):
                problems.append(
                    OptionProblem(
                        (key,), f"{key}: rule {base.id!r} has no list option {name!r} to change"
                    )
                )
                continue
            if not isinstance(value, list):
                problems.append(OptionProblem((key,), f"{key} must be a list"))
                continue
            if action == "add":
                options[name] = [*current, *value]
            else:
                labels = {_entry_label(v).casefold() for v in value}
                kept = []
                removed: set[str] = set()
                for item in current:
                    named = {label for label in labels if _entry_names(item, label)}
                    removed |= named
                    if not named:
                        kept.append(item)
                for label in sorted(labels - removed):
                    problems.append(
                        OptionProblem((key,), f"{key}: {label!r} is not in {base.id}'s {name}")
                    )
                options[name] = kept
        else:
            options[key] = value
    docs = base.docs
    extra_docs = changes.get("docs") or {}
    if extra_docs:
        docs = replace(docs, **{k: str(v).strip() for k, v in extra_docs.items()})
    examples = list(base.examples) + list(extension.examples)
    resolved = replace(
        base,
        options=options,
        severity=Severity.parse(changes["severity"]) if "severity" in changes else base.severity,
        message=changes.get("message", base.message),
        enabled=changes.get("enabled", base.enabled),
        docs=docs,
        examples=examples,
        source=f"{base.source} + {extension.source}",
        trusted_fixes=base.trusted_fixes and extension.trusted_fixes,
    )
    return resolved, problems


def _in_extension(problem: OptionProblem, extension: RuleSpec, resolved: RuleSpec) -> OptionProblem:
    """A problem of the rule ``extension`` changed, told as the extension wrote it: an entry
    it added is ``add-terms.1``, not the 52nd of the changed rule's ``terms``."""
    path = _extension_path(problem.path, extension, resolved)
    message = problem.message
    if path and path != problem.path:
        dotted = ".".join(map(str, problem.path))
        message = message.replace(f": {dotted}", f": {'.'.join(map(str, path))}", 1)
    return OptionProblem(path, message)


def _extension_path(
    path: tuple[str | int, ...], extension: RuleSpec, resolved: RuleSpec
) -> tuple[str | int, ...]:
    """``path`` (into ``resolved``'s options) as a path into ``extension``'s own options:
    an entry of list option X that ``add-X`` appended is found in ``add-X``."""
    given = extension.changes.get("options", {})
    if not path or path[0] in given:
        return path
    name, rest = path[0], path[1:]
    added = given.get(f"add-{name}")
    if isinstance(added, list):
        whole = resolved.options.get(str(name))
        if rest and isinstance(rest[0], int) and isinstance(whole, list):
            index = rest[0] - (len(whole) - len(added))
            if index >= 0:
                return (f"add-{name}", index, *rest[1:])
        return (f"add-{name}",)
    return ()


def _extension_position(extension: RuleSpec, path: tuple[str | int, ...]) -> tuple[int, int]:
    """The (line, column) in ``extension``'s file of the value at ``path`` in its options,
    or of the closest value holding it, or of the entry."""
    for end in range(len(path), 0, -1):
        found = extension.positions.get(("options", *path[:end]))
        if found is not None:
            return found
    return extension.line, 1


def _entry_names(item: Any, label: str) -> bool:
    """Whether ``remove-X: [label]`` names the list entry ``item``: its term or pattern as
    written, or a plain word that the entry's pattern matches whole (``breakthrough`` names
    the entry ``pattern: breakthroughs?``), so an author need not know the internal regex."""
    if _entry_label(item).casefold() == label:
        return True
    pattern = item.get("pattern") if isinstance(item, dict) else None
    if not isinstance(pattern, str):
        return False
    from ketlint.kinds.base import PATTERN_FLAGS

    try:
        return regex.fullmatch(pattern, label, PATTERN_FLAGS, timeout=0.1) is not None
    except (regex.error, TimeoutError):
        return False


def _entry_label(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("term") or item.get("pattern") or item)
    return str(item)


def resolve_extensions(ruleset: Ruleset) -> tuple[Ruleset, list[DataFileError]]:
    """Apply every extension entry to the rule it names, in load order."""
    errors: list[DataFileError] = []
    specs = dict(ruleset.specs)
    for extension in ruleset.extensions:
        base = specs.get(extension.extends or "")
        if base is None:
            errors.append(
                DataFileError(
                    extension.source,
                    extension.line,
                    1,
                    f"'extends: {extension.extends}' names no known rule{did_you_mean(extension.extends or '', specs)}",
                )
            )
            continue
        resolved, problems = apply_extension(base, extension)
        if not problems:
            problems = [
                _in_extension(problem, extension, resolved) for problem in validate_spec(resolved)
            ]
        for problem in problems:
            line, column = _extension_position(extension, problem.path)
            errors.append(DataFileError(extension.source, line, column, problem.message))
        if not problems:
            specs[base.id] = resolved
    return Ruleset(specs), errors


def assemble_ruleset(
    packs: Ruleset,
    pack_errors: Iterable[DataFileError] = (),
    *,
    builtin: bool = True,
    mark: Callable[[RuleSpec], RuleSpec] | None = None,
) -> tuple[Ruleset, list[DataFileError]]:
    """The rule set a run uses, and every problem found assembling it: the built-in rules
    (unless ``builtin`` is false), then the rules of ``packs`` (loaded by
    :func:`load_rule_dirs`, with ``pack_errors``), none of which may take a built-in
    rule's id, then every ``extends:`` entry applied. ``mark`` may change each pack entry
    as it is added (the workspace's own packs: their fixes are not trusted).

    The one assembler: ``ketlint check``, the editor, ``rules check`` and ``rules test``.
    """
    errors = list(pack_errors)
    merged = Ruleset()
    if builtin:
        try:
            merged.specs.update(builtin_ruleset().specs)
        except RuleLoadError as exc:
            errors.extend(exc.errors)
    for rule_id, spec in packs.specs.items():
        if rule_id in merged.specs:
            errors.append(shadowing_error(spec))
            continue
        merged.specs[rule_id] = mark(spec) if mark else spec
    merged.extensions.extend(mark(spec) if mark else spec for spec in packs.extensions)
    merged, extension_errors = resolve_extensions(merged)
    return merged, errors + extension_errors
