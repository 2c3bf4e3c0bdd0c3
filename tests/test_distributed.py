"""Linting an archive on Dask: a local cluster of processes gives what ``ketlint check`` gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ketlint import distributed
from ketlint.cli import main as cli_main
from ketlint.distributed import lint_archive_bag, lint_one, plan_archive, resolve_config

ARTICLES = {
    "news/miracle.md": (
        "# New pill melts away belly fat\n\n"
        "Researchers say the new pill is a miracle cure for obesity. In the trial, 73% of "
        "patients lost weight.\n\n"
        "Experts say it is a breakthrough that will change everything.\n"
    ),
    "news/suppressed.md": (
        "# A quiet update\n\n"
        "<!-- ketlint-disable-next-line hype-phrase -- quoting the company -->\n"
        "The company calls the drug a miracle.\n\n"
        "<!-- ketlint-disable-next-line no-such-rule -->\n"
        "Doctors said 40% of people stop taking it within a year.\n"
    ),
    "news/page.html": (
        "<html><body><h1>Study in mice</h1>"
        "<p>This revolutionary treatment cured 9 in 10 mice, the lab said.</p>"
        "<p>It could be available <b>next year</b>.</p></body></html>\n"
    ),
    "news/plain.txt": (
        "Ketamine clinic opens\n\n"
        "The clinic says its infusions are a game changer. Studies show 80 percent of "
        "patients respond.\n"
    ),
    "press/note.md": (
        "# Wonder drug approved\n\nThe wonder drug is a miracle, and 60% of users felt better.\n"
    ),
    "press/releases/launch.md": (
        "# Launch\n\nOur wonder drug is a miracle: 85% of users saw results in a week.\n"
    ),
    "gone.md": "# Soon deleted\n\nA miracle, says 90% of everyone.\n",
}
PRESS_CONFIG = """\
rule-dirs = ["house-rules"]
ignore = ["readability"]

[rules.hype-phrase]
severity = "error"

[[overrides]]
files = ["releases/**"]
ignore = ["uncited-statistic"]
"""
LOOPBACK = ("127.0.0.1", "::1")
HOUSE_RULES = """\
rules:
  - id: house-words
    kind: phrases
    message: "House style: do not write {match}"
    options:
      terms: ['wonder drug']
"""


def write_archive(root: Path) -> None:
    for name, text in ARTICLES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "press" / "ketlint.toml").write_text(PRESS_CONFIG, encoding="utf-8")
    (root / "press" / "house-rules").mkdir()
    (root / "press" / "house-rules" / "house.yml").write_text(HOUSE_RULES, encoding="utf-8")
    (root / "bad").mkdir()
    (root / "bad" / "latin1.md").write_bytes("# Caf\u00e9\n\nA miracle.\n".encode("latin-1"))
    (root / "bad" / "binary.md").write_bytes(b"\x00\x01\x02 not text")


def cli_records(capsys, root: Path) -> list[dict]:
    capsys.readouterr()
    cli_main(["check", "--format", "json", str(root)])
    return json.loads(capsys.readouterr().out)["files"]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    pytest.importorskip("dask.bag", reason="needs the dask extra: pip install 'ketlint[dask]'")
    dd = pytest.importorskip(
        "distributed", reason="needs the dask extra: pip install 'ketlint[dask]'"
    )
    scratch = tmp_path_factory.mktemp("dask-scratch")
    # Two worker processes, one thread each; no dashboard; everything (Dask's HTTP
    # endpoints included) listening on 127.0.0.1 only, on free ports.
    with (
        distributed.local_cluster(2, local_directory=str(scratch)) as cluster,
        dd.Client(cluster) as client,
    ):
        yield client


def test_archive_on_a_local_cluster_matches_ketlint_check(client, tmp_path, capsys):
    import psutil  # a dependency of distributed

    write_archive(tmp_path)
    expected = cli_records(capsys, tmp_path)

    plan = plan_archive(tmp_path)
    assert [path for path, _ in plan.files] == [entry["path"] for entry in expected]
    # Default config, the press folder's config, and press/releases/** with its override.
    assert len(plan.configs) == 3
    assert plan.payload_bytes() < 2_000_000
    # The workers get the resolved configs, not the files they came from: take those away.
    (tmp_path / "press" / "ketlint.toml").rename(tmp_path / "press.toml.away")
    (tmp_path / "press" / "house-rules").rename(tmp_path / "house-rules.away")
    (tmp_path / "gone.md").unlink()  # listed, then gone before a worker reads it

    records = client.compute(lint_archive_bag(plan, partition_size=1)).result()

    assert len(records) == len(expected) == 9
    by_path = {r["path"]: r for r in records}
    gone = by_path.pop(str(tmp_path / "gone.md"))
    assert [(f["rule"], f["severity"], f["message"]) for f in gone["findings"]] == [
        ("file-error", "error", "cannot read file: No such file or directory")
    ]
    # Everything else is exactly what `ketlint check --format json` printed: same rules,
    # ranges, messages, fixes, metrics, verdicts and errors, in the same order.
    assert [r for r in records if r is not gone] == [
        e for e in expected if e["path"] != gone["path"]
    ]
    rules = {p: [f["rule"] for f in r["findings"]] for p, r in by_path.items()}
    news, press = tmp_path / "news", tmp_path / "press"
    assert "hype-phrase" in rules[str(news / "miracle.md")]
    assert "hype-phrase" not in rules[str(news / "suppressed.md")]
    assert "unknown-rule-id" in rules[str(news / "suppressed.md")]
    assert "house-words" in rules[str(press / "note.md")]
    assert "uncited-statistic" in rules[str(press / "note.md")]
    assert "uncited-statistic" not in rules[str(press / "releases" / "launch.md")]
    assert "house-words" in rules[str(press / "releases" / "launch.md")]
    severities = {
        f["severity"]
        for f in by_path[str(press / "note.md")]["findings"]
        if f["rule"] == "hype-phrase"
    }
    assert severities == {"error"}
    for name in ("latin1.md", "binary.md"):
        (finding,) = by_path[str(tmp_path / "bad" / name)]["findings"]
        assert finding["rule"] == "file-error"

    # Each worker process built each config's rules at most once, not once per file.
    stats = client.run(distributed.worker_stats)
    assert len(stats) == 2
    assert all(s["linters_built"] <= len(plan.configs) for s in stats.values())
    assert sum(s["files"] for s in stats.values()) == 9
    # Everything stays on the loopback interface: the scheduler and nannies (this
    # process) and both workers listen and connect on 127.0.0.1 only.
    workers = client.scheduler_info()["workers"]
    assert client.scheduler.address.startswith("tls://127.0.0.1:")
    assert all(address.startswith("tls://127.0.0.1:") for address in workers)
    for pid in [os.getpid(), *client.run(os.getpid).values()]:
        process = psutil.Process(pid)
        connections = (getattr(process, "net_connections", None) or process.connections)("inet")
        assert connections
        for conn in connections:
            assert conn.laddr.ip in LOOPBACK, conn
            assert not conn.raddr or conn.raddr.ip in LOOPBACK, conn

    # The command-line runner, pointed at this cluster, writes the same records as JSON
    # Lines. The configs hash the same when planned again, so the workers reuse their rules.
    (tmp_path / "press.toml.away").rename(tmp_path / "press" / "ketlint.toml")
    (tmp_path / "house-rules.away").rename(tmp_path / "press" / "house-rules")
    assert plan_archive(tmp_path).configs.keys() == plan.configs.keys()
    out = tmp_path.parent / f"{tmp_path.name}-out"
    # An existing TLS cluster: its certificates come through Dask's own config (as the
    # DASK_DISTRIBUTED__COMM__TLS__... variables of docs/distributed.md would give them).
    import dask

    security = client.security
    with dask.config.set(
        {
            "distributed.comm.require-encryption": True,
            "distributed.comm.tls.ca-file": security.tls_ca_file,
            "distributed.comm.tls.client.cert": security.tls_client_cert,
            "distributed.comm.tls.client.key": security.tls_client_key,
        }
    ):
        code = distributed.main(
            [
                str(tmp_path),
                "--output",
                str(out),
                "--partition-size",
                "2",
                "--scheduler",
                client.scheduler.address,
            ]
        )
    totals = json.loads(capsys.readouterr().out)
    assert code == 0
    lines = [
        json.loads(line)
        for part in sorted(out.glob("part-*.jsonl"))
        for line in part.read_text(encoding="utf-8").splitlines()
    ]
    kept = [r for r in records if r is not gone]
    assert lines == kept
    assert totals["files"] == 8 and totals["parts"] == 4
    assert sum(totals[s] for s in ("error", "warning", "info", "hint")) == sum(
        len(r["findings"]) for r in kept
    )
    stats = client.run(distributed.worker_stats)
    assert all(s["linters_built"] <= len(plan.configs) for s in stats.values())
    assert sum(s["files"] for s in stats.values()) == 9 + 8  # each file linted once


def test_the_local_cluster_runs_no_task_from_another_local_process(client):
    """Issue 15, item 4: Dask runs any task a client sends; the tested set-up speaks TLS
    with a throwaway certificate authority, so a process without its key gets nowhere."""
    import distributed as dd
    from distributed.security import Security

    address = client.scheduler.address
    assert address.startswith("tls://127.0.0.1:")
    plain = "tcp://" + address.removeprefix("tls://")
    for attempt in (
        lambda: dd.Client(plain, timeout=5),  # no TLS at all
        lambda: dd.Client(address, timeout=5, security=Security.temporary()),  # its own CA
    ):
        with pytest.raises(Exception):  # noqa: B017 - refused is all that matters
            outsider = attempt()
            try:
                outsider.submit(os.getpid).result(timeout=5)
            finally:
                outsider.close()
    assert client.submit(sum, [40, 2]).result() == 42  # and the owner still can


def test_lint_one_is_the_engine_on_text():
    import ketlint

    text = ARTICLES["news/miracle.md"]
    record = lint_one(text, "post.md", resolve_config())
    result = ketlint.lint_text(text, path="post.md", project=ketlint_project())
    assert [
        (f["rule"], f["offset"]["start"], f["offset"]["end"], f["message"])
        for f in record["findings"]
    ] == [(f.rule, f.start, f.end, f.message) for f in result.findings]
    assert record["findings"]


def ketlint_project():
    from ketlint.project import Project

    return Project(isolated=True)


def test_a_missing_path_or_a_bad_config_stops_before_any_work(tmp_path):
    from ketlint.project import ConfigError

    with pytest.raises(FileNotFoundError, match="no-such-folder"):
        plan_archive(tmp_path / "no-such-folder")
    (tmp_path / "ketlint.toml").write_text('ignore = ["no-such-rule"]\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no-such-rule"):
        plan_archive(tmp_path)


def test_without_the_extra_the_error_says_what_to_install(monkeypatch, tmp_path):
    (tmp_path / "a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(ImportError, match=r"pip install 'ketlint\[dask\]'"):
        lint_archive_bag(tmp_path)


def test_importing_ketlint_does_not_import_dask():
    code = "import sys, ketlint, ketlint.distributed; print('dask' in sys.modules)"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert proc.stdout.strip() == "False"
