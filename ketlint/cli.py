"""The command line: ``ketlint check``, ``ketlint rules``, ``ketlint rule ID``, ``ketlint lsp``.

Exit codes (like ruff): 0 nothing at or above the fail level, 1 findings,
2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from ketlint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _rule_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _selected_rules(value: str) -> list[str]:
    """``--select``'s rule ids. An empty value (an unset CI variable: ``--select "$RULES"``)
    is a usage error: a check that selects nothing finds nothing, and would pass."""
    rules = _rule_list(value)
    if not rules:
        raise argparse.ArgumentTypeError(
            "no rule ids given (an unset variable?); name rule ids, or ALL"
        )
    return rules


def _bytes(value: str) -> int:
    """A size in bytes: a positive whole number, as the config's max-file-size must be."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of bytes, not {value!r}")
    return number


def _processes(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (one per core) or more, not {value!r}")
    return number


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``, without importing shutil.

    argparse imports shutil (and with it bz2 and lzma, about 8 ms) to size a help formatter,
    and makes one for every argument it adds, help or no help.
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _help_formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.HelpFormatter(prog, width=_terminal_columns() - 2)


class _Parser(argparse.ArgumentParser):
    """argparse's parser with :func:`_help_formatter`; its subcommands' parsers are ones too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _help_formatter)
        super().__init__(*args, **kwargs)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``only="check"``, one that knows the ``check``
    command alone, for a command line that starts with it (it parses such a line as the
    whole parser does: :func:`_main`). Building every command's options and help was
    14 M instructions of a cold check of one article (1.2%), those of ``check`` 40% of it."""
    parser = _Parser(
        prog="ketlint",
        description="Lint health articles for untraceable statistics, hype, missing risks and reading level.",
    )
    parser.add_argument("--version", action="version", version=f"ketlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="lint files and folders")
    check.add_argument(
        "paths",
        nargs="*",
        default=["."],
        metavar="PATH",
        help="files or folders to lint ('-' reads standard input); default: .",
    )
    check.add_argument(
        "--format",
        "--output-format",
        dest="format",
        default="text",
        choices=["text", "json", "sarif", "github"],
        help="output format (default: text)",
    )
    check.add_argument(
        "--select",
        type=_selected_rules,
        help="comma-separated rule ids to enable (ALL for every rule)",
    )
    check.add_argument(
        "--extend-select",
        type=_rule_list,
        default=[],
        help="rule ids to enable on top of the selection",
    )
    check.add_argument(
        "--ignore", type=_rule_list, default=[], help="comma-separated rule ids to disable"
    )
    check.add_argument(
        "--rules-dir",
        dest="rule_dirs",
        action="append",
        default=[],
        type=Path,
        metavar="DIR",
        help="an extra rule pack (folder or file); repeatable",
    )
    check.add_argument(
        "--config", type=Path, help="use this config file instead of searching for one"
    )
    check.add_argument("--isolated", action="store_true", help="ignore all config files")
    check.add_argument(
        "--fail-on",
        choices=["error", "warning", "info", "hint"],
        help="lowest severity that makes the exit code 1 (default: warning)",
    )
    check.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    check.add_argument(
        "--unsafe-fixes", action="store_true", help="with --fix or --diff, include unsafe fixes"
    )
    check.add_argument(
        "--trust-workspace",
        action="store_true",
        help="treat the workspace's config and rule packs as your own: rule-dirs "
        "outside the project allowed, their fixes applied as safe where they say so",
    )
    check.add_argument(
        "--diff", action="store_true", help="print the fixes as a diff instead of applying them"
    )
    check.add_argument(
        "--jobs",
        "-j",
        type=_processes,
        default=1,
        metavar="N",
        help="lint with N processes (0: one per core)",
    )
    check.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="the name (and so the format and config) of text read from '-'",
    )
    check.add_argument(
        "--max-file-size",
        type=_bytes,
        metavar="BYTES",
        help="report files (and standard input) larger than this as a file-error, unlinted",
    )
    check.add_argument(
        "--no-source",
        dest="show_source",
        action="store_false",
        help="text format: do not print source lines under findings",
    )
    check.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour the text output (auto: NO_COLOR, then FORCE_COLOR, then whether the "
        "output is a terminal)",
    )
    check.add_argument(
        "--quiet", "-q", action="store_true", help="text format: findings only, no summary"
    )
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when there are findings"
    )
    check.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="report only findings not in FILE; if FILE does not exist, record today's findings in it",
    )
    check.add_argument(
        "--update-baseline",
        action="store_true",
        help="with --baseline: rewrite FILE with today's findings",
    )
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="lint every file afresh: neither read nor write the result cache, nor the "
        "start-up cache (what start-up derives from the rules and dictionaries), so "
        "each run starts as on a fresh machine: with the start-up data installed with "
        "ketlint for its built-in rules, which is read-only and no cache of your runs; "
        "also KETLINT_NO_CACHE=1",
    )
    check.add_argument(
        "--output-file",
        "-o",
        type=Path,
        metavar="FILE",
        help="write the report to FILE instead of standard output",
    )
    check.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply the config's exclude patterns to files named on the command line "
        "too (for pre-commit and editors, which pass every changed file)",
    )
    check.add_argument(
        "--allow-no-files",
        action="store_true",
        help="exit 0 when the paths hold no file to lint (by default that is an "
        "error, exit code 2, as ESLint does)",
    )
    check.add_argument(
        "--statistics",
        action="store_true",
        help="print how many findings each rule gave (text or json) instead of the findings",
    )

    if only == "check":
        return parser

    report = commands.add_parser(
        "report",
        help="write one self-contained HTML page auditing an archive (verdicts, rules, grades)",
    )
    report.add_argument(
        "paths",
        nargs="*",
        default=["."],
        metavar="PATH",
        help="files or folders to audit; default: .",
    )
    report.add_argument(
        "--output-file",
        "-o",
        type=Path,
        default=Path("ketlint-report.html"),
        metavar="FILE",
        help="the HTML file to write (default: ketlint-report.html)",
    )
    report.add_argument(
        "--select",
        type=_selected_rules,
        help="comma-separated rule ids to enable (ALL for every rule)",
    )
    report.add_argument("--extend-select", type=_rule_list, default=[])
    report.add_argument("--ignore", type=_rule_list, default=[])
    report.add_argument(
        "--rules-dir", dest="rule_dirs", action="append", default=[], type=Path, metavar="DIR"
    )
    report.add_argument(
        "--config", type=Path, help="use this config file instead of searching for one"
    )
    report.add_argument("--isolated", action="store_true", help="ignore all config files")
    report.add_argument(
        "--jobs",
        "-j",
        type=_processes,
        default=1,
        metavar="N",
        help="lint with N processes (0: one per core)",
    )
    report.add_argument(
        "--max-file-size",
        type=_bytes,
        metavar="BYTES",
        help="report files larger than this as a file-error, unlinted",
    )
    report.add_argument("--no-cache", action="store_true", help="lint every file afresh")
    report.add_argument(
        "--allow-no-files",
        action="store_true",
        help="write the (empty) page when the paths hold no file to lint",
    )
    report.set_defaults(stdin_filename=None, force_exclude=False, trust_workspace=False)

    rules = commands.add_parser(
        "rules",
        help="list rules; 'rules check' validates rule/config files; 'rules test' runs rule examples",
    )
    rules.add_argument(
        "--rules-dir", dest="rule_dirs", action="append", default=[], type=Path, metavar="DIR"
    )
    rules.add_argument("--format", choices=["text", "json"], default="text")
    rules.set_defaults(action="list", paths=[], builtin=True)
    rule_actions = rules.add_subparsers(dest="action", metavar="ACTION")
    rules_list = rule_actions.add_parser("list", help="list the rules (the default)")
    # Options given after the action add to those given before it (`rules --rules-dir X
    # check`, `rules check --rules-dir X`): an action's own defaults must not replace them.
    rules_list.add_argument("--format", choices=["text", "json"], default=argparse.SUPPRESS)
    rules_list.add_argument(
        "--rules-dir",
        dest="action_rule_dirs",
        action="append",
        default=[],
        type=Path,
        metavar="DIR",
    )
    for name, help_text in (
        ("check", "report every problem in rule and config files (file:line:col)"),
        ("test", "run the examples in rule files, like a test runner"),
    ):
        action = rule_actions.add_parser(name, help=help_text)
        action.add_argument(
            "paths",
            nargs="*",
            type=Path,
            metavar="PATH",
            help="rule files or folders (and config files, for check); default: those the config names",
        )
        action.add_argument(
            "--rules-dir",
            dest="action_rule_dirs",
            action="append",
            default=[],
            type=Path,
            metavar="DIR",
        )
        action.add_argument("--format", choices=["text", "json"], default=argparse.SUPPRESS)
        if name == "test":
            action.add_argument(
                "--no-builtin",
                dest="builtin",
                action="store_false",
                help="run only the given packs' examples, not the built-in rules' too",
            )

    rule = commands.add_parser("rule", help="print a rule's documentation")
    rule.add_argument("rule_id", metavar="ID")
    rule.add_argument(
        "--rules-dir", dest="rule_dirs", action="append", default=[], type=Path, metavar="DIR"
    )
    rule.add_argument(
        "--resolved",
        action="store_true",
        help="print the effective rule (after rule packs, extensions and config) as YAML",
    )

    schema = commands.add_parser(
        "schema", help="print the JSON Schema of rule files or config files"
    )
    schema.add_argument("which", choices=["rules", "config"])

    compare = commands.add_parser(
        "compare", help="findings gained and lost per rule between two rule sets"
    )
    compare.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    compare.add_argument(
        "--before",
        type=Path,
        metavar="RULES_OR_CONFIG",
        help="rules folder/file or config file (default: built-in rules only)",
    )
    compare.add_argument("--after", type=Path, required=True, metavar="RULES_OR_CONFIG")
    compare.add_argument("--format", choices=["text", "json"], default="text")

    lsp = commands.add_parser("lsp", help="run the language server (stdio by default)")
    transport = lsp.add_mutually_exclusive_group()
    # Every LSP client convention (vscode-languageclient's TransportKind.stdio among them)
    # appends --stdio to the server command, so it must be accepted, not merely defaulted.
    transport.add_argument(
        "--stdio", action="store_true", help="talk LSP over stdin/stdout (the default)"
    )
    transport.add_argument(
        "--tcp",
        nargs=2,
        metavar=("HOST", "PORT"),
        help="listen on TCP instead of stdio (debugging)",
    )
    return parser


# Commands that lint and exit. A cold check of one article makes about 88,000 more
# containers than it frees, most of them kept for the whole run (rules, compiled patterns,
# saved formulas, the dictionary's parts); with the default young-generation threshold (700)
# the collector ran about 140 times and walked them again and again, about 30 ms of a
# main() of 300 ms of CPU, to free some 20,000 objects in cycles that can as well wait. Such
# a command collects only past BATCH_GC_YOUNG_THRESHOLD new containers, as the language
# server does once warm (ketlint.lsp.heap, which tunes its own: lsp is left alone).
BATCH_COMMANDS = ("check", "compare", "report")
BATCH_GC_YOUNG_THRESHOLD = 100_000


def main(argv: Sequence[str] | None = None) -> int:
    return _main(argv, end_process=False)


def console_main() -> int:
    """The ``ketlint`` command and ``python -m ketlint``: :func:`main`, and after a batch
    command the process ends as soon as its output is flushed.

    Tearing the interpreter down (clearing every module, a last full collection, freeing
    the rules, patterns, formulas and dictionary one object at a time) took about 37 ms of
    CPU after a cold check of one article, which had nothing left to write: every file is
    written and closed, the worker processes joined and the caches saved before
    :func:`main` returns. mypy ends the same way. Other commands (``lsp`` above all) end as
    usual."""
    return _main(None, end_process=True)


def _main(argv: Sequence[str] | None, *, end_process: bool) -> int:
    given = sys.argv[1:] if argv is None else argv
    parser = build_parser("check" if given and given[0] == "check" else None)
    args = parser.parse_args(argv)
    if args.command not in BATCH_COMMANDS:
        return _run_with_cache_setting(parser, args)
    import gc

    thresholds = gc.get_threshold()
    gc.set_threshold(BATCH_GC_YOUNG_THRESHOLD, *thresholds[1:])
    try:
        code = _run_with_cache_setting(parser, args)
    finally:  # main() may be called again in this process (tests, scripts)
        gc.set_threshold(*thresholds)
    if end_process:
        _end_process(code)
    return code


def _end_process(code: int) -> None:
    """End the process with ``code`` once its output is flushed, without the interpreter's
    teardown; when the output cannot be flushed (a closed pipe), returns, and the process
    ends as usual (and says what Python says then)."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # noqa: BLE001 - any failure: the usual exit handles it
        return
    os._exit(code)


def _run_with_cache_setting(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if not getattr(args, "no_cache", False):
        return _run(parser, args)
    from ketlint import startup_cache

    startup_cache.set_enabled(False)
    try:
        return _run(parser, args)
    finally:  # main() may be called again in this process (tests, scripts)
        startup_cache.set_enabled(True)


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command in ("check", "lsp", "compare", "report"):
        # Compiled rule patterns from earlier runs: start-up without recompiling them.
        from ketlint import startup_cache

        # Before any of ketlint's dataclasses is defined: their methods' shipped code.
        startup_cache.use_bundled_dataclass_code()
        startup_cache.load_regexes()
    try:
        if args.command == "check":
            try:
                return run_check(args)
            finally:
                from ketlint import startup_cache

                startup_cache.save_regexes()
                startup_cache.save_memos()
        if args.command == "rules":
            args.rule_dirs = [*args.rule_dirs, *getattr(args, "action_rule_dirs", [])]
            if args.action == "check":
                return run_rules_check(args)
            if args.action == "test":
                return run_rules_test(args)
            return run_rules(args)
        if args.command == "rule":
            return run_rule(args)
        if args.command == "schema":
            return run_schema(args)
        if args.command == "compare":
            return run_compare(args)
        if args.command == "report":
            return run_report(args)
        if args.command == "lsp":
            from ketlint.lsp import run_server

            return run_server(tcp=args.tcp)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    parser.print_help()
    return EXIT_ERROR


# -- check --------------------------------------------------------------------


def _project(args: argparse.Namespace) -> Any:
    from ketlint.project import Project, Selection

    selection = Selection(
        select=getattr(args, "select", None),
        extend_select=getattr(args, "extend_select", []),
        ignore=getattr(args, "ignore", []),
        rule_dirs=[p.resolve() for p in args.rule_dirs],
        trust_workspace=getattr(args, "trust_workspace", False),
    )
    # KETLINT_CACHE_BLOCKS: how many blocks' findings to keep across articles (default
    # 20,000; 0 lints every paragraph afresh, as benchmarks/run.py's "no repeats" row does).
    cache_blocks = os.environ.get("KETLINT_CACHE_BLOCKS", "").strip()
    return Project(
        selection=selection,
        config_path=getattr(args, "config", None),
        isolated=getattr(args, "isolated", False),
        cache_blocks=int(cache_blocks) if cache_blocks.isdigit() else 20_000,
    )


def _print_config_errors(exc: Exception) -> int:
    from ketlint.output import safe_text

    errors = getattr(exc, "errors", [exc])
    for error in errors:
        print(f"ketlint: error: {safe_text(str(error))}", file=sys.stderr)
    return EXIT_ERROR


def run_check(args: argparse.Namespace) -> int:
    if args.output_file is None:
        return _run_check(args, sys.stdout)
    try:
        stream = open(args.output_file, "w", encoding="utf-8")  # noqa: SIM115 (closed below)
    except OSError as exc:
        print(f"ketlint: error: cannot write {args.output_file}: {exc.strerror}", file=sys.stderr)
        return EXIT_ERROR
    with stream:
        return _run_check(args, stream)


def _run_check(args: argparse.Namespace, stream: TextIO) -> int:
    from ketlint.limits import DataFileError
    from ketlint.model import Severity
    from ketlint.output.writers import WRITERS
    from ketlint.project import ConfigError

    if args.fix and args.diff:
        print("ketlint: error: use either --fix or --diff, not both", file=sys.stderr)
        return EXIT_ERROR
    project = _project(args)
    cwd = Path.cwd()
    try:
        base_config = project.config_for(cwd if args.paths == ["-"] else Path(args.paths[0]))
        if args.max_file_size:
            base_config.max_file_size = args.max_file_size
        # Resolve rules for the first path now, so config errors stop the run before any output.
        first = project.linter_for(Path(args.stdin_filename or args.paths[0]).resolve())
    except (ConfigError, DataFileError) as exc:
        return _print_config_errors(exc)
    # Files whose rules select, ignore and overrides leave empty: counted as they come (a
    # linter is looked up once per config and set of matching overrides), told once at the end.
    ruleless = 0

    writer_class = WRITERS[args.format]
    if args.statistics:
        from ketlint.output.writers import StatisticsWriter

        if args.format not in ("text", "json"):
            print("ketlint: error: --statistics prints text or json", file=sys.stderr)
            return EXIT_ERROR
        writer_class = StatisticsWriter
    writer = writer_class(
        stream, color=_use_color(args.color, stream), show_source=args.show_source
    )
    if args.statistics:
        writer.json = args.format == "json"  # type: ignore[attr-defined]
    if "COLUMNS" in os.environ:  # the snippet's width follows the terminal's, as set
        writer.columns = _terminal_columns()
    writer.rule_spec = project.rule_spec
    fail_on = Severity.parse(args.fail_on or base_config.fail_on)
    baseline = None
    recording: list[Any] | None = None
    if args.baseline is not None:
        from ketlint.authoring import Baseline

        if args.baseline.exists() and not args.update_baseline:
            try:
                baseline = Baseline.load(args.baseline)
            except DataFileError as exc:
                return _print_config_errors(exc)
        else:
            recording = []
    missing: list[Path] = []
    failed_here: set[str] = set()  # rules reported as failed on a file (stderr)
    failed_partly: dict[str, str] = {}  # rules whose metrics or verdict failed: once a run
    linted = 0
    worst = Severity.HINT
    any_at_fail_level = False
    config_failure = False
    writer.begin()
    try:
        for display, result in _results(args, project, missing):
            linted += 1
            if args.paths == ["-"]:
                ruleless += first.enabled == []
            else:
                ruleless += project.linter_for(Path(display)).enabled == []
            if args.fix or args.diff:
                _handle_fixes(args, display, result, stream)
                if args.fix:
                    result = _relint_after_fix(project, display, result)
            if recording is not None:
                # Keep only what the baseline needs, not whole documents: memory stays flat.
                from ketlint.model import LintResult

                recording.append(LintResult(result.path, result.source, result.findings))
                result = LintResult(
                    result.path,
                    result.source,
                    [],
                    result.metrics,
                    result.verdicts,
                    result.errors,
                    result.rule_failures,
                )
            elif baseline is not None:
                result = baseline.new_findings(result)
            writer.add(display, result)
            _report_rule_failures(display, result, failed_here, failed_partly)
            for finding in result.findings:
                worst = max(worst, finding.severity)
                if finding.severity >= fail_on:
                    any_at_fail_level = True
    except (ConfigError, DataFileError) as exc:
        config_failure = True
        _print_config_errors(exc)
    no_files = (
        linted == 0
        and not missing
        and not config_failure
        and not _all_force_excluded(args, project)
    )
    # "All checks passed" is no summary of a run that failed (a path missing, a broken config
    # met on the way): the errors on stderr say what happened.
    failed_run = (missing or config_failure) and not sum(writer.counts.values())
    if not (args.format == "text" and (args.quiet or no_files or failed_run)):
        writer.end()
    if recording is not None and not config_failure:
        from ketlint.authoring import Baseline

        recorded = Baseline.record(args.baseline, recording)
        recorded.save()
        print(
            f"ketlint: recorded {sum(recorded.counts.values())} findings in {args.baseline}; "
            "later runs with --baseline report only new ones",
            file=sys.stderr,
        )
    from ketlint.output import safe_text

    for path in missing:
        print(f"ketlint: error: {safe_text(str(path))}: no such file or directory", file=sys.stderr)
    if ruleless and ruleless == linted:
        print(
            "ketlint: warning: no rule is enabled (select, ignore and overrides leave none), "
            "so nothing is checked and the check passes; select rules, or ALL",
            file=sys.stderr,
        )
    elif ruleless:
        print(
            f"ketlint: warning: {ruleless} of {linted} files had no rule enabled (select, "
            "ignore and overrides leave none for them), so they were not checked",
            file=sys.stderr,
        )
    for rule_id, message in failed_partly.items():
        if rule_id not in failed_here:
            print(f"ketlint: warning: {safe_text(message)}", file=sys.stderr)
    if missing or config_failure:
        return EXIT_ERROR
    if no_files:
        print(
            f"ketlint: {'warning' if args.allow_no_files else 'error'}: {_no_files_message(args, project)}",
            file=sys.stderr,
        )
        return EXIT_OK if args.allow_no_files else EXIT_ERROR
    if any_at_fail_level and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_OK


def _all_force_excluded(args: argparse.Namespace, project: Any) -> bool:
    """Every path was a file named on the command line and --force-exclude dropped it.

    pre-commit passes the changed files; when all of them are excluded there is nothing to
    do, and that is not a mistake (ruff exits 0 there too).
    """
    if not args.force_exclude or args.paths == ["-"]:
        return False
    paths = [Path(p) for p in args.paths]
    return all(p.is_file() and project.config_for(p).is_excluded(p) for p in paths)


def _no_files_message(args: argparse.Namespace, project: Any) -> str:
    from ketlint.output import safe_text

    named = ", ".join(safe_text(p) for p in args.paths[:3]) + (
        ", ..." if len(args.paths) > 3 else ""
    )
    extensions = " ".join(project.config_for(Path(args.paths[0])).extensions)
    return (
        f"no files to lint in {named}: no file there has a linted extension ({extensions}), "
        "or every one is excluded (exclude, --force-exclude) or hidden; name a file to lint "
        "it whatever its extension, set `extensions` in the config, or pass --allow-no-files"
    )


def _use_color(choice: str, stream: TextIO) -> bool:
    """``--color``, else the conventions: NO_COLOR (set and not empty) turns colour off,
    FORCE_COLOR (set and not empty) turns it on where output is not a terminal (CI logs)."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def _report_rule_failures(
    display: str, result: Any, reported: set[str], partly: dict[str, str]
) -> None:
    """On stderr, whatever the format: each rule that did not run on this file, with the
    file (the JSON output carries them too, as ``rule_failures``). A rule whose metrics or
    verdict failed goes into ``partly``, said once a run (its findings are all there)."""
    from ketlint.output import safe_text

    for failure in result.rule_failures:
        if not failure.findings_missing:
            partly.setdefault(failure.rule, failure.message)
            continue
        reported.add(failure.rule)
        print(
            f"ketlint: warning: {safe_text(display)}: {safe_text(failure.message)}; "
            "its findings in this file are missing",
            file=sys.stderr,
        )


def _results(
    args: argparse.Namespace, project: Any, missing: list[Path]
) -> Iterator[tuple[str, Any]]:
    from ketlint.files import iter_files, oversized_text, read_article

    if args.paths == ["-"]:
        name = args.stdin_filename or "-"
        text = _read_stdin(name)
        if not isinstance(text, str):
            from ketlint.files import file_error

            yield name, file_error(name, f"standard input {text}")
            return
        where = Path(name).resolve() if args.stdin_filename else None
        too_big = oversized_text(text, name, project.config_for(where).max_file_size)
        if too_big is not None:
            yield name, too_big
            return
        yield (
            name,
            project.linter_for(where).lint_text(
                text,
                path=name if args.stdin_filename else None,
                format=None if args.stdin_filename else "markdown",
            ),
        )
        return
    paths = [Path(p) for p in args.paths]
    if args.force_exclude:
        paths = [p for p in paths if not (p.is_file() and project.config_for(p).is_excluded(p))]
    files = iter_files(paths, project, missing)
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    cache = _open_result_cache()
    try:
        if jobs == 1:
            for file in files:
                yield str(file), read_article(file, project, cache=cache)
            return
        file_list = list(files)
        if len(file_list) < 2:
            for file in file_list:
                yield str(file), read_article(file, project, cache=cache)
            return
        yield from _parallel_results(file_list, project, cache, jobs, args)
    finally:
        if cache is not None:
            cache.save()


def _read_stdin(name: str) -> str | ValueError:
    """Standard input read as the file ``name`` would be: decoded by its byte-order mark,
    else as UTF-8; a Word document (``--stdin-filename draft.docx``) by its text."""
    from ketlint.files import article_text

    raw = getattr(sys.stdin, "buffer", None)
    if raw is None:  # a text stream (tests, embedding): its text as it is
        return sys.stdin.read()
    try:
        return article_text(name, raw.read())
    except ValueError as exc:
        return exc


def _open_result_cache() -> Any:
    from ketlint import startup_cache

    if startup_cache.cache_dir() is None:  # --no-cache, KETLINT_NO_CACHE
        return None
    from ketlint.result_cache import ResultCache

    return ResultCache()


def _parallel_results(
    file_list: list[Path], project: Any, cache: Any, jobs: int, args: argparse.Namespace
) -> Iterator[tuple[str, Any]]:
    """This process answers what the result cache knows; worker processes lint the rest."""
    from ketlint.files import FILE_ERROR, cached_result_key, read_article

    known: dict[int, bytes] = {}
    if cache is not None:
        for index, file in enumerate(file_list):
            key = cached_result_key(file, project, cache)
            if key is not None:
                known[index] = key
    misses = [file for index, file in enumerate(file_list) if index not in known]
    fresh: Iterator[Any] = iter(())
    pool = None
    if misses:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(args,))
        chunk = max(1, min(32, len(misses) // (jobs * 4)))
        fresh = pool.map(_lint_in_worker, misses, chunksize=chunk)
    try:
        for index, file in enumerate(file_list):
            if index in known:
                # Read again, and answered by what the file holds now: it may have been
                # written since the look-up (an editor saving it), and what was stored for
                # its old text is not the new text's (it was given back with the new text,
                # its findings at the old text's offsets).
                result = read_article(file, project, cache=cache)
            else:
                result = next(fresh)
                if cache is not None and not any(f.rule == FILE_ERROR for f in result.findings):
                    _store(cache, project, file, result)
            yield str(file), result
    finally:
        if pool is not None:
            pool.shutdown()


def _store(cache: Any, project: Any, file: Path, result: Any) -> None:
    from ketlint.parsing import format_for_path
    from ketlint.result_cache import linter_fingerprint, result_key

    fingerprint = linter_fingerprint(project.linter_for(file))
    cache.put(result_key(fingerprint, format_for_path(str(file)), result.source), result)


_WORKER_PROJECT: Any = None  # the Project of a --jobs worker process


def _init_worker(args: argparse.Namespace) -> None:
    global _WORKER_PROJECT
    if args.no_cache:
        from ketlint import startup_cache

        startup_cache.set_enabled(False)
    _WORKER_PROJECT = _project(args)
    if args.max_file_size:
        _WORKER_PROJECT.config_for(Path(args.paths[0])).max_file_size = args.max_file_size


def _lint_in_worker(file: Path) -> Any:
    from ketlint.files import read_article

    return read_article(file, _WORKER_PROJECT)


def _handle_fixes(args: argparse.Namespace, display: str, result: Any, out: TextIO) -> None:
    from ketlint.files import NotFixed, write_fixed
    from ketlint.fixes import applicable_fixes, apply_fixes, unified_diff

    fixes = applicable_fixes(result.findings, unsafe=args.unsafe_fixes)
    from ketlint.parsing import EXTRACTED_FORMATS, format_for_path

    if display != "-" and format_for_path(display) in EXTRACTED_FORMATS:
        from ketlint.output import safe_text

        print(
            f"ketlint: warning: {safe_text(display)}: not fixed: ketlint reads the text of a "
            "Word document (.docx) but never writes one; make the changes in Word",
            file=sys.stderr,
        )
        return
    if not fixes or display == "-":
        if fixes and display == "-" and args.fix:
            out.write(apply_fixes(result.source, fixes))
        return
    fixed = apply_fixes(result.source, fixes)
    if args.diff:
        out.write(unified_diff(display, result.source, fixed))
        return
    file = Path(display)
    try:
        write_fixed(file, _named_path(file, args.paths), result.source, fixed)
    except NotFixed as exc:
        from ketlint.output import safe_text

        print(f"ketlint: warning: {safe_text(display)}: not fixed: {exc}", file=sys.stderr)


def _named_path(file: Path, named: list[str]) -> Path:
    """The command-line path ``file`` was found under (``file`` itself when named)."""
    for name in named:
        path = Path(name)
        if file == path or path in file.parents:
            return path
    return file


def _relint_after_fix(project: Any, display: str, result: Any) -> Any:
    from ketlint.files import read_article

    if display == "-":
        return result
    return read_article(Path(display), project)


# -- report -------------------------------------------------------------------------


def run_report(args: argparse.Namespace) -> int:
    """The archive linted as ``check`` lints it (same results path), written as one page."""
    from ketlint.limits import DataFileError
    from ketlint.output import safe_text
    from ketlint.project import ConfigError
    from ketlint.report import Report

    if args.paths == ["-"]:
        print("ketlint: error: report reads files and folders, not standard input", file=sys.stderr)
        return EXIT_ERROR
    project = _project(args)
    missing: list[Path] = []
    report = Report()
    try:
        base_config = project.config_for(Path(args.paths[0]))
        if args.max_file_size:
            base_config.max_file_size = args.max_file_size
        project.linter_for(Path(args.paths[0]).resolve())
        for display, result in _results(args, project, missing):
            report.add(display, result)
    except (ConfigError, DataFileError) as exc:
        return _print_config_errors(exc)
    finally:
        from ketlint import startup_cache

        startup_cache.save_regexes()

    if not report.articles and not missing and not args.allow_no_files:
        # The same policy as `check`: an audit of nothing is a mistake, not an empty page.
        print(f"ketlint: error: {_no_files_message(args, project)}", file=sys.stderr)
        return EXIT_ERROR

    def summary_of(rule_id: str) -> str:
        spec = project.rule_spec(rule_id)
        if spec is None:
            from ketlint.output.writers import ENGINE_FINDINGS

            return ENGINE_FINDINGS.get(rule_id, "")
        return spec.docs.summary or ""

    page = report.render(summary_of, sources=" ".join(args.paths))
    try:
        args.output_file.write_text(page, encoding="utf-8")
    except OSError as exc:
        print(
            f"ketlint: error: cannot write {safe_text(str(args.output_file))}: {exc.strerror}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    for path in missing:
        print(f"ketlint: error: {safe_text(str(path))}: no such file or directory", file=sys.stderr)
    count = len(report.articles)
    print(
        f"Wrote {safe_text(str(args.output_file))}: {count} article{'s' if count != 1 else ''}, "
        f"{sum(report.rule_counts.values())} findings.",
        file=sys.stderr,
    )
    return EXIT_ERROR if missing else EXIT_OK


# -- rules / rule -------------------------------------------------------------


def run_rules(args: argparse.Namespace) -> int:
    import json

    from ketlint.project import ConfigError

    project = _project(args)
    try:
        ruleset = project.ruleset_for(project.config_for(Path.cwd()))
    except ConfigError as exc:
        return _print_config_errors(exc)
    rows = [
        {
            "id": spec.id,
            "kind": spec.kind,
            "severity": spec.severity.label,
            "enabled": spec.enabled,
            "summary": spec.docs.summary,
            "source": spec.source,
        }
        for spec in ruleset.specs.values()
    ]
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    width = max((len(r["id"]) for r in rows), default=10)
    for row in rows:
        flag = "" if row["enabled"] else " (off by default)"
        print(f"{row['id']:<{width}}  {row['severity']:<7}  {row['summary']}{flag}")
    return EXIT_OK


def run_rule(args: argparse.Namespace) -> int:
    from ketlint.docs import render_rule_doc
    from ketlint.project import ConfigError
    from ketlint.ruleset import did_you_mean

    project = _project(args)
    try:
        ruleset = project.ruleset_for(project.config_for(Path.cwd()))
    except ConfigError as exc:
        return _print_config_errors(exc)
    spec = ruleset.specs.get(args.rule_id)
    if spec is None:
        print(
            f"ketlint: error: unknown rule {args.rule_id!r}{did_you_mean(args.rule_id, ruleset.specs)}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    if args.resolved:
        import yaml

        config = project.config_for(Path.cwd())
        linter = project.linter_for(Path.cwd() / "_")
        spec = linter.ruleset.specs.get(args.rule_id, spec)
        enabled = args.rule_id in (linter.enabled or [])
        data = {
            "id": spec.id,
            "kind": spec.kind,
            "severity": spec.severity.label,
            "enabled": enabled,
            "message": spec.message,
            "source": spec.source,
            "config": str(config.path) if config.path else None,
            "options": spec.options,
        }
        print(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), end="")
        return EXIT_OK
    print(render_rule_doc(spec))
    return EXIT_OK


def _default_rule_paths(args: argparse.Namespace) -> list[Path]:
    paths = list(args.paths) + list(args.rule_dirs)
    if paths:
        return paths
    from ketlint.config import find_config_file, load_config

    found = find_config_file(Path.cwd())
    if found is None:
        return []
    config = load_config(found)
    return [*config.rule_dirs, found] if found.name != "pyproject.toml" else list(config.rule_dirs)


def run_rules_check(args: argparse.Namespace) -> int:
    import json

    from ketlint.authoring import check_rule_files
    from ketlint.limits import DataFileError

    try:
        paths = _default_rule_paths(args)
    except DataFileError as exc:
        return _print_config_errors(exc)
    errors, count = check_rule_files(paths)
    if args.format == "json":
        print(
            json.dumps(
                [
                    {"file": e.file, "line": e.line, "column": e.column, "message": e.message}
                    for e in errors
                ],
                indent=2,
            )
        )
    else:
        for error in errors:
            print(error)
        files = ", ".join(str(p) for p in paths) or "the built-in rules"
        if errors:
            print(f"Found {len(errors)} problem{'s' if len(errors) != 1 else ''} in {files}.")
        else:
            print(f"All good: {count} rule{'s' if count != 1 else ''} checked in {files}.")
    return EXIT_FINDINGS if errors else EXIT_OK


def run_rules_test(args: argparse.Namespace) -> int:
    from ketlint.authoring import run_rule_tests
    from ketlint.limits import DataFileError

    try:
        paths = [p for p in _default_rule_paths(args) if p.suffix != ".toml"]
    except DataFileError as exc:
        return _print_config_errors(exc)
    report = run_rule_tests(paths, include_builtin=args.builtin)
    for error in report.load_errors:
        print(f"error: {error}")
    by_rule: dict[str, list[Any]] = {}
    for outcome in report.outcomes:
        by_rule.setdefault(outcome.rule, []).append(outcome)
    for rule_id, outcomes in by_rule.items():
        failed = [o for o in outcomes if not o.passed]
        status = "FAIL" if failed else "ok  "
        print(f"{status} {rule_id} ({len(outcomes)} example{'s' if len(outcomes) != 1 else ''})")
        for outcome in failed:
            print("     " + outcome.describe().replace("\n", "\n     "))
    passed = sum(1 for o in report.outcomes if o.passed)
    failed_count = len(report.outcomes) - passed
    print(f"{passed} passed, {failed_count} failed")
    if not report.outcomes:
        # A test run that ran nothing proves nothing: CI must not read it as a pass.
        print(
            "error: no examples ran: the rules tested have no examples (add `examples:` "
            "with `flag` and `pass` to each rule), or none could be loaded"
        )
    return EXIT_FINDINGS if failed_count or report.load_errors or not report.outcomes else EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    import json

    from ketlint.schema import config_schema, rules_schema

    schema = rules_schema() if args.which == "rules" else config_schema()
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return EXIT_OK


def run_compare(args: argparse.Namespace) -> int:
    import json

    from ketlint.authoring import compare, summarize_changes
    from ketlint.limits import DataFileError
    from ketlint.project import ConfigError

    try:
        changes = compare(args.paths, args.before, args.after)
    except (ConfigError, DataFileError) as exc:
        return _print_config_errors(exc)
    summary = summarize_changes(changes)
    if args.format == "json":
        print(
            json.dumps(
                {"summary": summary, "changes": [c.__dict__ for c in changes]},
                indent=2,
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    if not changes:
        print("No difference: both rule sets give the same findings.")
        return EXIT_OK
    for rule_id, counts in summary.items():
        print(f"{rule_id}: +{counts['gained']} gained, -{counts['lost']} lost")
        for change in (c for c in changes if c.rule == rule_id):
            sign = "+" if change.gained else "-"
            print(f"  {sign} {change.path}:{change.line}:{change.column}: {change.text}")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
