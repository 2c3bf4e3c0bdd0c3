"""The pre-commit hook as a writer's repository uses it, run by the real ``pre-commit``.

``pre-commit try-repo`` installs ketlint from this checkout (uncommitted changes included)
into a hook environment of its own, exactly as ``repo: https://...`` in a
``.pre-commit-config.yaml`` would, so the manifest, the entry and the file types are all
tested for real. It needs PyPI (to build that environment), as CI has.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(
    not (REPO / ".git").exists() or shutil.which("git") is None,
    reason="the hook is installed from a git checkout of ketlint; this is not one",
)

HYPED = "# Sleep news\n\nThis new pill is a miracle cure for insomnia.\n"
PLAIN = (
    "# Sleep tips\n\nGo to bed at the same time each night and keep your bedroom dark and quiet.\n"
)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One hook environment for the module (building it takes most of the time)."""
    return tmp_path_factory.mktemp("pre-commit-home")


def run_hook(site: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never", "SKIP": ""}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(REPO),
            "ketlint",
            "--all-files",
            "--verbose",
        ],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
    )


def make_site(root: Path) -> Path:
    site = root / "site"
    (site / "posts").mkdir(parents=True)
    (site / "drafts").mkdir()
    (site / "posts" / "hyped.md").write_text(HYPED, encoding="utf-8")
    (site / "posts" / "plain.txt").write_text(PLAIN, encoding="utf-8")
    (site / "drafts" / "wip.md").write_text(HYPED, encoding="utf-8")
    (site / "build.py").write_text('NOTE = "a miracle cure"\n', encoding="utf-8")
    (site / "ketlint.toml").write_text('exclude = ["drafts/**"]\n', encoding="utf-8")
    git(site, "init", "-q")
    git(site, "add", ".")
    return site


def test_the_hook_fails_on_a_hyped_article_and_names_it(tmp_path, pre_commit_home):
    site = make_site(tmp_path)
    done = run_hook(site, pre_commit_home)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "posts/hyped.md:3:" in output and "hype-phrase" in output
    assert "plain.txt:" not in output


def test_only_articles_are_passed_and_the_configs_excludes_hold(tmp_path, pre_commit_home):
    site = make_site(tmp_path)
    done = run_hook(site, pre_commit_home)
    output = done.stdout + done.stderr
    assert "build.py" not in output, output
    assert "drafts/wip.md" not in output, output


def test_the_hook_passes_once_the_article_is_fixed(tmp_path, pre_commit_home):
    site = make_site(tmp_path)
    (site / "posts" / "hyped.md").write_text(PLAIN, encoding="utf-8")
    git(site, "add", ".")
    done = run_hook(site, pre_commit_home)
    assert done.returncode == 0, done.stdout + done.stderr
