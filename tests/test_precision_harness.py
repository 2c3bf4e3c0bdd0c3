"""The precision harness counts what it claims to (benchmarks/precision.py).

Tiny fixtures written here; nothing from ../shared is needed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import precision as P  # noqa: E402


def found(
    rule: str,
    start: int,
    end: int,
    *,
    file: str = "a.md",
    severity: str = "warning",
    source: str = "eval-dev",
) -> P.Found:
    return P.Found(source, file, rule, start, end, severity, "message")


def judged(
    rule: str, start: int, end: int, verdict: str, *, file: str = "a.md", source: str = "eval-dev"
) -> P.Judgement:
    return P.Judgement(source, file, rule, start, end, verdict, "reason")


def miss(
    rule: str, start: int, end: int, *, file: str = "a.md", source: str = "eval-dev"
) -> P.Judgement:
    return P.Judgement(source, file, rule, start, end)


def test_a_judgement_matches_only_the_exact_rule_and_offsets() -> None:
    report = P.tally(
        [found("r", 10, 20), found("r", 30, 40), found("s", 10, 20)],
        [judged("r", 10, 20, "true"), judged("r", 30, 41, "false")],
        [],
    )
    r = report.rules["r"]
    assert (r.findings, r.true, r.false, r.unjudged) == (2, 1, 0, 1)
    assert [(f.start, f.end) for f in r.unjudged_list] == [(30, 40)]
    assert report.rules["s"].unjudged == 1  # same offsets, another rule: not matched
    # The judgement whose finding is gone (30-41) is stale, for its rule and source.
    assert r.stale == 1 and report.sources["eval-dev"].stale == 1


def test_debatable_counts_against_precision() -> None:
    report = P.tally(
        [found("r", 0, 1), found("r", 2, 3), found("r", 4, 5), found("r", 6, 7)],
        [
            judged("r", 0, 1, "true"),
            judged("r", 2, 3, "true"),
            judged("r", 4, 5, "debatable"),
            judged("r", 6, 7, "false"),
        ],
        [],
    )
    r = report.rules["r"]
    assert r.judged == 4 and r.precision == 0.5
    assert report.overall.precision == 0.5


def test_unjudged_findings_do_not_count_in_precision() -> None:
    report = P.tally([found("r", 0, 1), found("r", 2, 3)], [judged("r", 0, 1, "true")], [])
    assert report.rules["r"].precision == 1.0
    assert report.rules["r"].unjudged == 1


def test_severity_filter_keeps_warnings_and_above_or_everything() -> None:
    items = [
        found("r", 0, 1, severity="info"),
        found("r", 2, 3, severity="warning"),
        found("r", 4, 5, severity="error"),
    ]
    assert P.tally(items, [], [], severity="warning").rules["r"].findings == 2
    assert P.tally(items, [], [], severity="all").rules["r"].findings == 3
    assert P.tally(items, [], [], severity="error").rules["r"].findings == 1
    with pytest.raises(P.HarnessError):
        P.tally(items, [], [], severity="loud")


def test_an_info_finding_is_not_stale_at_warning_severity() -> None:
    report = P.tally(
        [found("r", 0, 1, severity="info")], [judged("r", 0, 1, "false")], [], severity="warning"
    )
    assert "r" not in report.rules and report.overall.stale == 0


def test_recall_counts_found_and_missed_misses_once() -> None:
    findings = [
        found("r", 0, 10),  # judged true, and overlaps miss 1: counted once
        found("r", 50, 60),  # unjudged, overlaps miss 2: the miss is now found
        found("s", 100, 110),  # another rule: does not find miss 3
        found("r", 200, 210, file="b.md"),  # judged true, but b.md is not misses-checked
    ]
    judgements = [judged("r", 0, 10, "true"), judged("r", 200, 210, "true", file="b.md")]
    misses = [
        miss("r", 5, 8),
        miss("r", 55, 70),
        miss("r", 100, 110),
        miss("r", 300, 310),  # nothing near it
    ]
    report = P.tally(findings, judgements, misses, misses_checked={("eval-dev", "a.md")})
    r = report.rules["r"]
    assert r.true_found == 2  # the judged-true finding, plus miss 2 now found
    assert r.missed == 2 and r.misses_found == 2
    assert r.recall == 0.5
    assert report.overall.recall == 0.5


def test_a_miss_outside_the_checked_items_is_reported_not_counted() -> None:
    report = P.tally([], [], [miss("r", 0, 1, file="z.md")], misses_checked={("eval-dev", "a.md")})
    assert "r" not in report.rules
    assert any("z.md" in w for w in report.warnings)


def test_recall_at_warning_severity_ignores_an_info_finding() -> None:
    findings = [found("r", 0, 10, severity="info")]
    misses = [miss("r", 2, 4)]
    assert P.tally(findings, [], misses, severity="warning").rules["r"].missed == 1
    assert P.tally(findings, [], misses, severity="all").rules["r"].misses_found == 1


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 10), (5, 15), True),
        ((0, 10), (10, 20), False),  # touching is not overlapping
        ((0, 10), (3, 3), True),  # an empty span inside
        ((5, 5), (5, 5), True),
        ((0, 10), (11, 11), False),
    ],
)
def test_overlaps(a: tuple[int, int], b: tuple[int, int], expected: bool) -> None:
    assert P.overlaps(*a, *b) is expected
    assert P.overlaps(*b, *a) is expected


def test_wilson_interval() -> None:
    assert P.wilson(0, 0) == (0.0, 1.0)
    low, high = P.wilson(5, 10)
    assert low == pytest.approx(0.2366, abs=1e-4) and high == pytest.approx(0.7634, abs=1e-4)
    low, high = P.wilson(10, 10)
    assert low == pytest.approx(0.7225, abs=1e-4) and high == pytest.approx(1.0)
    low, high = P.wilson(0, 20)
    assert low == 0.0 and high == pytest.approx(0.1611, abs=1e-4)


def test_words_give_findings_per_1000_words_and_false_share() -> None:
    report = P.tally(
        [found("r", 0, 1, source="consumer"), found("r", 2, 3, source="consumer")],
        [
            judged("r", 0, 1, "false", source="consumer"),
            judged("r", 2, 3, "true", source="consumer"),
        ],
        [],
        words={("consumer", "a.md"): 4000, ("eval-dev", "b.md"): 999},
        word_sources=("consumer",),
    )
    consumer = report.sources["consumer"]
    assert consumer.per_1000_words == 0.5 and consumer.false_share == 0.5
    assert "eval-dev" not in report.sources  # words alone do not make a row
    assert P.count_words("It’s a well-known 3-step plan: rest, don't run.") == 8


def test_stored_judgements_are_validated(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    row = {"source": "s", "file": "f", "rule": "r", "start": 1, "end": 2, "verdict": "true"}
    path.write_text(json.dumps(row) + "\n\n", encoding="utf-8")
    assert P.load_judgements(path, misses=False)[0].verdict == "true"
    path.write_text(json.dumps({**row, "verdict": "maybe"}) + "\n", encoding="utf-8")
    with pytest.raises(P.HarnessError, match="verdict"):
        P.load_judgements(path, misses=False)
    path.write_text((json.dumps(row) + "\n") * 2, encoding="utf-8")
    with pytest.raises(P.HarnessError, match="twice"):
        P.load_judgements(path, misses=False)
    # A finding judged again (its message changed) is appended, marked; the later counts.
    again = {**row, "verdict": "false", "rejudged": True}
    path.write_text(json.dumps(row) + "\n" + json.dumps(again) + "\n", encoding="utf-8")
    [judgement] = P.load_judgements(path, misses=False)
    assert judgement.verdict == "false"
    path.write_text(json.dumps({**row, "start": 5}) + "\n", encoding="utf-8")
    with pytest.raises(P.HarnessError, match="start"):
        P.load_judgements(path, misses=False)
    assert P.load_judgements(tmp_path / "absent.jsonl", misses=True) == []


def test_the_sample_is_a_seeded_prefix() -> None:
    names = [f"item_{i:03}.md" for i in range(50)]
    small = P.choose_items(names, seed=7, n=5)
    assert small == P.choose_items(list(reversed(names)), seed=7, n=5)
    assert P.choose_items(names, seed=7, n=10)[:5] == small
    assert P.choose_items(names, seed=8, n=5) != small


def test_a_missing_shared_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert P.main(["--shared", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert "shared folder" in err and "Traceback" not in err


ARTICLE = """# Tea cures everything, studies show

Studies show that green tea is a miracle cure for tiredness. In our trial, 40% of
people who drank it felt better, compared with 10% of those who did not.

Experts say that one cup a day is enough.
"""


def _fixture(tmp_path: Path) -> tuple[Path, Path]:
    shared = tmp_path / "shared"
    (shared / "eval-dev" / "articles").mkdir(parents=True)
    (shared / "eval-dev" / "articles" / "tea.md").write_text(ARTICLE, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    sample = {
        "sources": {"eval-dev": {"dir": "eval-dev/articles", "files": ["tea.md"]}},
        "misses_checked": [{"source": "eval-dev", "file": "tea.md"}],
    }
    (data / "sample.json").write_text(json.dumps(sample), encoding="utf-8")
    return shared, data


def test_end_to_end_on_a_fixture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shared, data = _fixture(tmp_path)
    report, texts = P.evaluate(shared, data, "all")
    first = report.overall.unjudged_list
    if not first:
        pytest.skip("the built-in rules find nothing in the fixture")
    # Judge every finding but the last; record one miss nobody flags.
    rows = [
        {
            "source": f.source,
            "file": f.file,
            "rule": f.rule,
            "start": f.start,
            "end": f.end,
            "verdict": "true",
            "reason": "fixture",
        }
        for f in first[:-1]
    ]
    (data / "judgements.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
    )
    end = len(ARTICLE)
    (data / "misses.jsonl").write_text(
        json.dumps(
            {
                "source": "eval-dev",
                "file": "tea.md",
                "rule": "no-such-rule",
                "start": end - 2,
                "end": end - 1,
            }
        )
        + "\n",
        encoding="utf-8",
    )
    report, texts = P.evaluate(shared, data, "all")
    assert report.overall.findings == len(first)
    assert report.overall.true == len(first) - 1 and report.overall.unjudged == 1
    assert report.overall.missed == 1 and report.rules["no-such-rule"].recall == 0.0
    assert (
        P.main(["--shared", str(shared), "--data", str(data), "--severity", "all", "--unjudged"])
        == 0
    )
    listing = capsys.readouterr().out
    last = first[-1]
    assert f'"start": {last.start}, "end": {last.end}' in listing and "[[" in listing
    assert P.main(["--shared", str(shared), "--data", str(data), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["severity"] == "warning" and "rules" in out and "sources" in out
    assert P.main(["--shared", str(shared), "--data", str(data)]) == 0
    assert "| **all rules** |" in capsys.readouterr().out


def test_a_sampled_file_that_is_gone_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared, data = _fixture(tmp_path)
    (shared / "eval-dev" / "articles" / "tea.md").unlink()
    assert P.main(["--shared", str(shared), "--data", str(data)]) == 2
    assert "not found" in capsys.readouterr().err


def test_the_stored_data_is_well_formed() -> None:
    """The repository's own judged data loads, and holds offsets and reasons, never text."""
    data = P.DATA
    judgements = P.load_judgements(data / "judgements.jsonl", misses=False)
    misses = P.load_judgements(data / "misses.jsonl", misses=True)
    sample = json.loads((data / "sample.json").read_text(encoding="utf-8"))
    sampled = {(s, f) for s, spec in sample["sources"].items() for f in spec["files"]}
    checked = {(e["source"], e["file"]) for e in sample["misses_checked"]}
    assert len(judgements) >= 300 and len(checked) >= 40
    assert all((j.source, j.file) in sampled and j.reason for j in judgements)
    assert all((m.source, m.file) in checked for m in misses)
    allowed = {"source", "file", "rule", "start", "end", "verdict", "reason", "rejudged"}
    for name in ("judgements.jsonl", "misses.jsonl"):
        for line in (data / name).read_text(encoding="utf-8").splitlines():
            assert set(json.loads(line)) <= allowed


# -- a second judged sample (--sample) ------------------------------------------------


def _judgement_row(f: P.Found, verdict: str) -> dict[str, object]:
    return {
        "source": f.source,
        "file": f.file,
        "rule": f.rule,
        "start": f.start,
        "end": f.end,
        "verdict": verdict,
        "reason": "fixture",
    }


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _second_sample(folder: Path, **names: str) -> Path:
    """A sample file for the fixture's tea.md in ``folder``, naming its data files if asked."""
    folder.mkdir(parents=True, exist_ok=True)
    sample = {
        "sources": {"eval-dev": {"dir": "eval-dev/articles", "files": ["tea.md"]}},
        "misses_checked": [{"source": "eval-dev", "file": "tea.md"}],
        **names,
    }
    path = folder / "other-sample.json"
    path.write_text(json.dumps(sample), encoding="utf-8")
    return path


def test_a_sample_file_names_its_own_judgements_and_misses(tmp_path: Path) -> None:
    shared, data = _fixture(tmp_path)
    found = P.evaluate(shared, data, "all")[0].overall.unjudged_list
    if not found:
        pytest.skip("the built-in rules find nothing in the fixture")
    # The main sample's files say "true"; the second sample's own files say "false" and
    # record one miss. Only the files the sample names may count.
    _write_jsonl(data / "judgements.jsonl", [_judgement_row(f, "true") for f in found])
    sample = _second_sample(data, judgements="other-judgements.jsonl", misses="other-misses.jsonl")
    _write_jsonl(data / "other-judgements.jsonl", [_judgement_row(f, "false") for f in found])
    _write_jsonl(
        data / "other-misses.jsonl",
        [{"source": "eval-dev", "file": "tea.md", "rule": "no-such-rule", "start": 0, "end": 1}],
    )
    assert P.sample_data_files(sample) == (
        data / "other-judgements.jsonl",
        data / "other-misses.jsonl",
    )
    report = P.evaluate(shared, data, "all", sample)[0]
    assert report.overall.false == len(found) and report.overall.true == 0
    assert report.overall.missed == 1
    # Without --sample the main sample and its judgements.jsonl are counted, as before.
    main = P.evaluate(shared, data, "all")[0]
    assert main.overall.true == len(found) and main.overall.missed == 0


def test_a_sample_without_names_reads_the_files_beside_it(tmp_path: Path) -> None:
    shared, data = _fixture(tmp_path)
    found = P.evaluate(shared, data, "all")[0].overall.unjudged_list
    if not found:
        pytest.skip("the built-in rules find nothing in the fixture")
    elsewhere = tmp_path / "elsewhere"
    sample = _second_sample(elsewhere)
    assert P.sample_data_files(sample) == (
        elsewhere / "judgements.jsonl",
        elsewhere / "misses.jsonl",
    )
    _write_jsonl(elsewhere / "judgements.jsonl", [_judgement_row(found[0], "debatable")])
    report = P.evaluate(shared, data, "all", sample)[0]
    assert report.overall.debatable == 1
    assert report.overall.unjudged == len(found) - 1


def test_the_sample_option_prints_the_tables_for_that_sample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared, data = _fixture(tmp_path)
    sample = _second_sample(tmp_path / "second")
    args = ["--shared", str(shared), "--data", str(data), "--severity", "all"]
    assert P.main([*args, "--sample", str(sample), "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert P.main([*args, "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    # The same article in both samples: the same findings, all unjudged in the new one.
    assert second["overall"]["findings"] == first["overall"]["findings"]
    assert second["overall"]["unjudged"] == second["overall"]["findings"]
    assert P.main([*args, "--sample", str(sample)]) == 0
    assert "| **all rules** |" in capsys.readouterr().out


def test_an_unreadable_sample_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared, data = _fixture(tmp_path)
    missing = tmp_path / "no-such-sample.json"
    assert P.main(["--shared", str(shared), "--sample", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "cannot read the sample" in err and "Traceback" not in err


def test_a_held_out_sample_skips_the_excluded_names_and_stays_seeded() -> None:
    names = [f"item_{i:03}.md" for i in range(50)]
    main = P.choose_items(names, seed=7, n=10)
    fresh = P.choose_items(names, seed=8, n=10, exclude=main)
    assert len(fresh) == 10 and not set(fresh) & set(main)
    assert fresh == P.choose_items(list(reversed(names)), seed=8, n=10, exclude=set(main))
    # The held-out items are the seeded order with the excluded names taken out.
    assert fresh == [name for name in P.choose_items(names, seed=8, n=50) if name not in main][:10]
    assert P.choose_items(names, seed=7, n=10, exclude=()) == main


def test_the_stored_fresh_sample_is_held_out_and_well_formed() -> None:
    """The fresh sample shares no item with the main one; its data holds offsets only."""
    data = P.DATA
    fresh_path = data / "fresh-sample.json"
    fresh = json.loads(fresh_path.read_text(encoding="utf-8"))
    main = json.loads((data / "sample.json").read_text(encoding="utf-8"))
    main_items = {(s, f) for s, spec in main["sources"].items() for f in spec["files"]}
    fresh_items = {(s, f) for s, spec in fresh["sources"].items() for f in spec["files"]}
    assert len(fresh_items) == fresh["eval_dev_n"] == 30
    assert not fresh_items & main_items
    assert fresh["eval_dev_seed"] != main["eval_dev_seed"] and fresh["judged_at_commit"]
    assert {(e["source"], e["file"]) for e in fresh["misses_checked"]} == fresh_items
    judgements_path, misses_path = P.sample_data_files(fresh_path)
    assert judgements_path.name == "fresh-judgements.jsonl"
    judgements = P.load_judgements(judgements_path, misses=False)
    misses = P.load_judgements(misses_path, misses=True)
    assert judgements and all((j.source, j.file) in fresh_items and j.reason for j in judgements)
    assert all((m.source, m.file) in fresh_items and m.reason for m in misses)
    allowed = {"source", "file", "rule", "start", "end", "verdict", "reason", "rejudged"}
    for path in (judgements_path, misses_path):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert set(json.loads(line)) <= allowed
