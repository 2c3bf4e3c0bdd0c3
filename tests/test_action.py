"""The GitHub Action (``action.yml``): its shell steps run here as the runner would run them.

The steps that are other actions (setup-python, cache, upload-sarif) cannot run off GitHub;
what is tested is ``action.yml`` itself: its inputs reach the scripts, the scripts write the
SARIF report, the annotations and the step outputs, and the last step fails the job exactly
when ketlint found problems.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")
HYPED = "# Sleep news\n\nThis new pill is a miracle cure for insomnia.\n"
CALM = (
    "# Sleep tips\n\nGo to bed at the same time each night and keep your bedroom dark and quiet.\n"
)


def step(name: str) -> dict[str, Any]:
    return next(s for s in ACTION["runs"]["steps"] if s.get("name") == name)


def run_step(
    name: str, workspace: Path, inputs: dict[str, str], outputs: dict[str, str]
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run one `run:` step as the runner does: `${{ }}` expressions filled in its `env`,
    then `bash -e` in the workspace, with GITHUB_OUTPUT read back afterwards."""
    values = {f"inputs.{k}": v["default"] for k, v in ACTION["inputs"].items()}
    values.update({f"inputs.{k}": v for k, v in inputs.items()})
    values["github.action_path"] = str(REPO)
    values.update({f"steps.lint.outputs.{k}": v for k, v in outputs.items()})
    definition = step(name)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for key, value in definition.get("env", {}).items():
        env[key] = EXPRESSION.sub(lambda m: values[m.group(1)], str(value))
    output_file = workspace.parent / f"github-output-{definition.get('id', 'step')}"
    output_file.write_text("", encoding="utf-8")
    env["GITHUB_OUTPUT"] = str(output_file)
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", definition["run"]],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    written = dict(
        line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line
    )
    return done, written


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "posts").mkdir(parents=True)
    (site / "posts" / "calm.md").write_text(CALM, encoding="utf-8")
    return site


def test_no_input_is_pasted_into_a_script():
    """`${{ inputs.x }}` inside `run:` would let a path or argument become shell code."""
    for definition in ACTION["runs"]["steps"]:
        assert "${{" not in definition.get("run", ""), definition.get("name")


def test_findings_give_annotations_a_sarif_report_and_a_failing_job(workspace):
    (workspace / "posts" / "hyped.md").write_text(HYPED, encoding="utf-8")
    done, outputs = run_step("Lint", workspace, {"paths": "posts"}, {})
    assert done.returncode == 0, done.stderr
    assert "::warning file=posts/hyped.md,line=3," in done.stdout
    assert "title=ketlint hype-phrase::" in done.stdout
    assert outputs == {"sarif-file": "ketlint.sarif", "exit-code": "1"}
    sarif = json.loads((workspace / "ketlint.sarif").read_text(encoding="utf-8"))
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} >= {"hype-phrase"}
    failed, _ = run_step("Fail on findings", workspace, {}, outputs)
    assert failed.returncode == 1


def test_a_clean_site_passes(workspace):
    done, outputs = run_step("Lint", workspace, {"paths": "posts"}, {})
    assert outputs["exit-code"] == "0", done.stdout + done.stderr
    assert "::warning" not in done.stdout and "::error" not in done.stdout
    passed, _ = run_step("Fail on findings", workspace, {}, outputs)
    assert passed.returncode == 0


def test_args_and_sarif_path_are_passed_through(workspace):
    (workspace / "posts" / "hyped.md").write_text(HYPED, encoding="utf-8")
    (workspace / "reports").mkdir()
    done, outputs = run_step(
        "Lint",
        workspace,
        {"paths": "posts", "args": "--ignore hype-phrase", "sarif-file": "reports/k.sarif"},
        {},
    )
    assert outputs["sarif-file"] == "reports/k.sarif"
    sarif = json.loads((workspace / "reports" / "k.sarif").read_text(encoding="utf-8"))
    assert "hype-phrase" not in {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert "hype-phrase" not in done.stdout


def test_an_input_cannot_run_shell_code(workspace):
    done, outputs = run_step("Lint", workspace, {"paths": "posts; touch pwned $(touch pwned2)"}, {})
    assert not (workspace / "pwned").exists() and not (workspace / "pwned2").exists()
    assert outputs["exit-code"] == "2"  # "posts;" is not a path: a usage error, reported


def test_a_config_error_fails_the_job_not_just_the_step(workspace):
    (workspace / "ketlint.toml").write_text('select = ["no-such-rule"]\n', encoding="utf-8")
    done, outputs = run_step("Lint", workspace, {"paths": "posts"}, {})
    assert outputs["exit-code"] == "2", done.stdout + done.stderr
    failed, _ = run_step("Fail on findings", workspace, {}, outputs)
    assert failed.returncode == 2
