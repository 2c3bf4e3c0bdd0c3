"""From files on disk to the right :class:`~ketlint.engine.Linter` for each.

A ``Project`` finds each file's config, loads the rule packs it names (once),
applies per-rule settings, globbed overrides and CLI flags, and hands back a
cached Linter. The CLI and the language server both go through it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import regex

from ketlint.config import (
    Config,
    Override,
    UserTrust,
    config_from_dict,
    find_config_file,
    load_config,
    load_user_trust,
    user_config_path,
)
from ketlint.engine import BLOCK_CACHE_SIZE, Linter
from ketlint.kinds.base import RuleSpec
from ketlint.limits import DataFileError
from ketlint.ruleset import (
    Ruleset,
    assemble_ruleset,
    did_you_mean,
    load_rule_dirs,
    validate_spec,
)


class ConfigError(Exception):
    """One or more problems in config or rule files; each names its file and line."""

    def __init__(self, errors: list[DataFileError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class Selection:
    """Rule selection and settings given on the command line (they beat config files)."""

    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    rule_dirs: list[Path] = field(default_factory=list)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    # --trust-workspace: treat the workspace's config and rule packs as your own.
    trust_workspace: bool = False


# Per-rule config settings that cannot change what a fix writes.
HARMLESS_SETTINGS = frozenset({"severity", "enabled"})


@dataclass
class Project:
    selection: Selection = field(default_factory=Selection)
    config_path: Path | None = None  # --config: use this file for everything
    isolated: bool = False  # --isolated: ignore config files
    # Blocks whose findings each linter keeps (engine.Linter.cache_blocks): few for a batch
    # of different articles (ketlint check), the engine's default for an editor.
    cache_blocks: int = BLOCK_CACHE_SIZE
    _configs: dict[Path | None, Config] = field(default_factory=dict)
    _rulesets: dict[tuple[Any, ...], Ruleset] = field(default_factory=dict)
    _linters: dict[tuple[Any, ...], Linter] = field(default_factory=dict)
    # Your own config's trust settings (read once; None: not read yet).
    user_trust: UserTrust | None = None

    # -- config -------------------------------------------------------------------

    def config_for(self, file: Path | None) -> Config:
        if self.isolated:
            source: Path | None = None
        elif self.config_path is not None:
            source = self.config_path
        else:
            source = find_config_file(file if file is not None else Path.cwd())
        cached = self._configs.get(source)
        if cached is None:
            cached = load_config(source) if source is not None else config_from_dict({}, None)
            self._configs[source] = cached
        return cached

    # -- trust --------------------------------------------------------------------

    def trust(self) -> UserTrust:
        if self.user_trust is None:
            self.user_trust = load_user_trust()
        return self.user_trust

    def trusts_config(self, config: Config) -> bool:
        """A config you vouch for: none (defaults), ``--trust-workspace``, or a project your
        own config lists under ``trust-projects``. Any other config came with the workspace."""
        if config.path is None or self.selection.trust_workspace:
            return True
        return self.trust().trusts_project(config.project_root)

    def allowed_rule_dirs(self, config: Config) -> list[Path]:
        """The config's rule packs that it may use (resolved): the ones to read, and the
        only ones an editor should watch (never, say, every file under /usr)."""
        if self.trusts_config(config):
            return [d.resolve() for d in config.rule_dirs]
        root = config.project_root
        trust = self.trust()
        return [
            real
            for real in (d.resolve() for d in config.rule_dirs)
            if real == root or root in real.parents or trust.allows_rule_dir(real)
        ]

    def _untrusted_rule_dirs(self, config: Config) -> list[Path]:
        """The config's rule packs that are the workspace's own (their fixes are never safe).

        Raises ConfigError for a pack outside the project that you have not allowed.
        """
        if self.trusts_config(config):
            return []
        trust = self.trust()
        root = config.project_root
        untrusted: list[Path] = []
        errors: list[DataFileError] = []
        for directory in config.rule_dirs:
            real = directory.resolve()
            if trust.allows_rule_dir(real):
                continue  # yours: listed in your own config
            if real != root and root not in real.parents:
                name = directory.name or str(directory)
                errors.append(
                    DataFileError(
                        str(config.path),
                        _line_for(config, "rule-dirs", name),
                        1,
                        f"rule-dirs entry {str(directory)!r} resolves to {real}, outside the "
                        f"project ({root}); a workspace's config may only name rule packs "
                        f"inside it. To allow it, list it under allow-rule-dirs in your own "
                        f"config ({user_config_path()}) or pass --trust-workspace",
                    )
                )
                continue
            untrusted.append(real)
        if errors:
            raise ConfigError(errors)
        return untrusted

    # -- rules --------------------------------------------------------------------

    def ruleset_for(self, config: Config) -> Ruleset:
        dirs = tuple(config.rule_dirs) + tuple(self.selection.rule_dirs)
        key = (config.builtin_rules, dirs, config.path, config.is_root)
        cached = self._rulesets.get(key)
        if cached is not None:
            return cached
        untrusted = self._untrusted_rule_dirs(config)
        packs, errors = Ruleset(), list[DataFileError]()
        if dirs:
            from ketlint.startup_cache import rule_dirs

            # Validated and probed once per content of the packs' files (start-up cache).
            packs, errors = rule_dirs(list(dirs), lambda: load_rule_dirs(dirs), Ruleset)
        merged, errors = assemble_ruleset(
            packs,
            errors,
            builtin=config.builtin_rules,
            mark=functools.partial(_marked, untrusted=untrusted),
        )
        if errors:
            raise ConfigError(errors)
        self._rulesets[key] = merged
        return merged

    def rule_spec(self, rule_id: str) -> RuleSpec | None:
        """A rule as a file was linted with it (config settings applied), else as loaded."""
        for linter in self._linters.values():
            spec = linter.ruleset.specs.get(rule_id)
            if spec is not None:
                return spec
        for ruleset in self._rulesets.values():
            if rule_id in ruleset.specs:
                return ruleset.specs[rule_id]
        return None

    def linter_for(self, file: Path | None) -> Linter:
        config = self.config_for(file)
        ruleset = self.ruleset_for(config)
        matching = [
            o for o in config.overrides if file is not None and o.matches(config.relative(file))
        ]
        key = (id(config), id(ruleset), tuple(id(o) for o in matching))
        cached = self._linters.get(key)
        if cached is not None:
            return cached
        self._check_rule_ids(config, ruleset)
        settings: dict[str, dict[str, Any]] = {}
        for source in [config.rules, *[o.rules for o in matching], self.selection.rules]:
            for rule_id, values in source.items():
                settings.setdefault(rule_id, {}).update(values)
        resolved = ruleset.with_overrides(settings)
        if not self.trusts_config(config):
            # Options from a workspace's config (a term and its "safe" replacement ...) are
            # the workspace's words: the rules they change give no safe fix.
            workspace_settings = [config.rules, *[o.rules for o in matching]]
            for source in workspace_settings:
                for rule_id, values in source.items():
                    spec = resolved.specs.get(rule_id)
                    if spec is not None and spec.trusted_fixes and set(values) - HARMLESS_SETTINGS:
                        resolved.specs[rule_id] = replace(spec, trusted_fixes=False)
        layers = [
            *settings_layers(config, matching),
            (None, "<command line>", self.selection.rules),
        ]
        errors = settings_errors(config, resolved, layers)
        if errors:
            raise ConfigError(errors)
        enabled = self._enabled(config, resolved, matching)
        linter = Linter(resolved, enabled, cache_blocks=self.cache_blocks)
        self._linters[key] = linter
        return linter

    def _enabled(self, config: Config, ruleset: Ruleset, matching: list[Any]) -> list[str]:
        def expand(ids: list[str]) -> set[str]:
            return set(ruleset.specs) if "ALL" in ids else set(ids)

        chosen = {rid for rid, spec in ruleset.specs.items() if spec.enabled}
        for select, extend, ignore in [
            (config.select, config.extend_select, config.ignore),
            *[(o.select, [], o.ignore) for o in matching],
            (self.selection.select, self.selection.extend_select, self.selection.ignore),
        ]:
            if select is not None:
                chosen = expand(select)
            chosen |= expand(extend)
            if "ALL" in ignore:
                # Every rule, as in ruff, but a rule this same layer names is more specific
                # than "ALL": `--ignore ALL --extend-select hype-phrase` runs that one rule.
                named = {rid for rid in [*(select or []), *extend] if rid != "ALL"}
                chosen &= named
            chosen -= set(ignore)
        return [rid for rid in ruleset.specs if rid in chosen]

    def _check_rule_ids(self, config: Config, ruleset: Ruleset) -> None:
        known = set(ruleset.specs)
        errors = unknown_rule_ids(config, known, functools.partial(_line_for, config))
        sel = self.selection
        for rule_id in [*(sel.select or []), *sel.extend_select, *sel.ignore, *sel.rules]:
            if rule_id != "ALL" and rule_id not in known:
                errors.append(
                    DataFileError(
                        "<command line>",
                        1,
                        1,
                        f"unknown rule id {rule_id!r}{did_you_mean(rule_id, known)}",
                    )
                )
        if errors:
            raise ConfigError(errors)


# Where per-rule settings came from, weakest first: (the path of their table in the
# config file, or None; the file's name; the settings by rule id).
SettingsLayer = tuple[tuple[str | int, ...] | None, str, dict[str, dict[str, Any]]]


def settings_layers(config: Config, overrides: Iterable[Override]) -> list[SettingsLayer]:
    """The config's ``[rules]`` and the ``rules`` of those of its ``overrides`` that apply."""
    name = str(config.path or "<config>")
    layers: list[SettingsLayer] = [(("rules",), name, config.rules)]
    for override in overrides:
        index = next(i for i, o in enumerate(config.overrides) if o is override)
        layers.append((("overrides", index, "rules"), name, override.rules))
    return layers


def settings_errors(
    config: Config, ruleset: Ruleset, layers: list[SettingsLayer]
) -> list[DataFileError]:
    """Problems with the options ``layers`` give rules of ``ruleset`` (already applied to
    it), each on the line of the setting at fault: of the last layer that set it, or of the
    rule's table when the problem lies in no one setting. The CLI and the editor alike."""
    errors = []
    named = {rule_id for _, _, rules in layers for rule_id in rules}
    for rule_id in [r for r in ruleset.specs if r in named]:
        for problem in validate_spec(ruleset.specs[rule_id]):
            setters = [
                layer
                for layer in layers
                if rule_id in layer[2]
                and (not problem.path or problem.path[0] in layer[2][rule_id])
            ] or [layer for layer in layers if rule_id in layer[2]]
            table, name, _ = setters[-1]
            line = 1 if table is None else config.line_of((*table, rule_id, *problem.path))
            errors.append(DataFileError(name, line, 1, problem.message))
    return errors


def config_settings_errors(config: Config, ruleset: Ruleset) -> list[DataFileError]:
    """Problems with the rule settings a config file gives: its ``[rules]``, and each
    ``[[overrides]]`` entry's on top of them (an editor checks the buffer as typed, before
    any file they apply to is linted)."""
    errors: list[DataFileError] = []
    seen: set[tuple[int, str]] = set()
    for override in [None, *config.overrides]:
        layers = settings_layers(config, [] if override is None else [override])
        settings: dict[str, dict[str, Any]] = {}
        for _, _, rules in layers:
            for rule_id, values in rules.items():
                settings.setdefault(rule_id, {}).update(values)
        for error in settings_errors(config, ruleset.with_overrides(settings), layers):
            if (error.line, error.message) not in seen:
                seen.add((error.line, error.message))
                errors.append(error)
    return errors


def unknown_rule_ids(
    config: Config, known: set[str], line_of: Callable[[str], int]
) -> list[DataFileError]:
    """An error for each rule id the config names that is not a rule in ``known``, on the
    line ``line_of(rule_id)`` gives (of the file on disk, or of the editor's buffer)."""
    return [
        DataFileError(
            str(config.path or "<config>"),
            line_of(rule_id),
            1,
            f"unknown rule id {rule_id!r} in {where}{did_you_mean(rule_id, known)}",
        )
        for rule_id, where in config.rule_ids_referenced()
        if rule_id not in known
    ]


def _marked(spec: RuleSpec, untrusted: list[Path]) -> RuleSpec:
    """``spec``, its fixes untrusted when its file lies in one of the ``untrusted`` packs."""
    if not untrusted or not spec.trusted_fixes:
        return spec
    try:
        where = Path(spec.source).resolve()
    except (OSError, ValueError):
        where = None
    if where is None or any(where == d or d in where.parents for d in untrusted):
        return replace(spec, trusted_fixes=False)
    return spec


def _line_for(config: Config, needle: str, then: str | None = None) -> int:
    """The first line with ``needle`` (and with ``then`` after it, when given and found)."""
    if config.path is None:
        return 1
    try:
        lines = config.path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    first = 0
    for number, line in enumerate(lines, start=1):
        if mentions(line, needle):
            first = first or number
            if then is None:
                return number
        if first and then is not None and mentions(line, then):
            return number
    return first or 1


def mentions(line: str, name: str) -> bool:
    """Whether a TOML ``line`` names ``name`` (a key, rule id or folder) as a whole: not
    inside a longer id ("wonder" is not in "wonder-word"), and not in a comment line."""
    if line.lstrip().startswith("#"):
        return False
    return regex.search(rf"(?<![\w-]){regex.escape(name)}(?![\w-])", line) is not None
