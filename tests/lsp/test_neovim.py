"""A real editor: headless Neovim (Debian's 0.7 works) runs the server through the shipped
``editors/neovim/legacy.lua`` on a Markdown article, and must show exactly what
``ketlint check`` reports for the same file, at the same positions, before and after an
edit typed in the editor."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
NVIM = shutil.which("nvim")
pytestmark = pytest.mark.skipif(
    NVIM is None,
    reason="Neovim is not installed (apt-get install neovim): the real-editor test cannot run",
)


def run_neovim(file: Path, scratch: Path, edit: dict[str, Any] | None = None) -> dict[str, Any]:
    """Open ``file`` in headless Neovim with the server attached; what it received, as JSON."""
    assert NVIM is not None
    out = scratch / "nvim-report.json"
    env = {
        **os.environ,
        "KETLINT_NVIM_CONFIG": str(REPO / "editors" / "neovim" / "legacy.lua"),
        "KETLINT_NVIM_CMD": json.dumps([sys.executable, "-m", "ketlint", "lsp"]),
        "KETLINT_NVIM_FILE": str(file),
        "KETLINT_NVIM_EDIT": json.dumps(edit) if edit else "",
        "KETLINT_NVIM_OUT": str(out),
        "XDG_STATE_HOME": str(scratch / "state"),
        "XDG_CACHE_HOME": str(scratch / "cache"),
        "XDG_DATA_HOME": str(scratch / "data"),
    }
    subprocess.run(
        [NVIM, "--headless", "--clean", "-c", f"luafile {HERE / 'nvim_harness.lua'}"],
        env=env,
        cwd=file.parent,
        timeout=90,
        check=True,
        capture_output=True,
    )
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    assert report["errors"] == [], report["errors"]
    return report


def cli_findings(file: Path, text: str | None = None) -> list[dict[str, Any]]:
    """``ketlint check --format json`` on ``file`` (or on ``text`` given that file name)."""
    command = [sys.executable, "-m", "ketlint", "check", "--format", "json", "--exit-zero"]
    command += ["-", "--stdin-filename", str(file)] if text is not None else [str(file)]
    done = subprocess.run(
        command, input=text, capture_output=True, text=True, cwd=file.parent, check=True, timeout=60
    )
    (result,) = json.loads(done.stdout)["files"]
    findings: list[dict[str, Any]] = result["findings"]
    return findings


def expected_in_editor(findings: list[dict[str, Any]], text: str) -> tuple[list[Any], list[Any]]:
    """The CLI's findings (1-based code-point columns) as Neovim should hold them: LSP ranges
    in UTF-16 units, and vim.diagnostic's 0-based byte columns."""
    lines = text.split("\n")

    def units(line: int, column: int, encoding: str) -> int:
        prefix = lines[line - 1][: column - 1]
        return len(prefix.encode(encoding)) // (2 if encoding == "utf-16-le" else 1)

    lsp, shown = [], []
    for f in findings:
        (sl, sc), (el, ec) = (
            (f["start"]["line"], f["start"]["column"]),
            (f["end"]["line"], f["end"]["column"]),
        )
        lsp.append(
            (
                f["rule"],
                sl - 1,
                units(sl, sc, "utf-16-le"),
                el - 1,
                units(el, ec, "utf-16-le"),
                f["message"],
            )
        )
        shown.append((sl - 1, units(sl, sc, "utf-8"), el - 1, units(el, ec, "utf-8"), f["message"]))
    return sorted(lsp), sorted(shown)


def received(round_: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    lsp = [
        (
            d["code"],
            d["range"]["start"]["line"],
            d["range"]["start"]["character"],
            d["range"]["end"]["line"],
            d["range"]["end"]["character"],
            d["message"],
        )
        for d in round_["lsp"]
    ]
    shown = [
        (d["lnum"], d["col"], d["end_lnum"], d["end_col"], d["message"]) for d in round_["shown"]
    ]
    return sorted(lsp), sorted(shown)


def test_neovim_shows_what_ketlint_check_reports_at_the_same_positions(tmp_path: Path) -> None:
    workspace = tmp_path / "site"
    workspace.mkdir()
    (workspace / "ketlint.toml").write_text("# the built-in rules, defaults\n")
    article = workspace / "article.md"
    text = (HERE / "fixtures" / "article.md").read_text(encoding="utf-8")
    article.write_text(text, encoding="utf-8")
    # Typed in the editor: words before a finding on a line with an emoji and accents.
    line = text.split("\n").index(next(li for li in text.split("\n") if "😀" in li))
    edit = {"line": line, "col": 0, "text": "Truly, "}

    report = run_neovim(article, tmp_path, edit)

    assert report["filetype"] == "markdown"
    first, after_edit = report["rounds"]
    cli = cli_findings(article)
    assert len(cli) >= 5, "the fixture should exercise several rules"
    assert received(first) == expected_in_editor(cli, text)

    edited = report["edited_text"]
    lines = text.split("\n")
    lines[line] = "Truly, " + lines[line]
    assert edited == "\n".join(lines)
    assert after_edit["version"] > first["version"]
    assert received(after_edit) == expected_in_editor(cli_findings(article, edited), edited)
    # The finding after the edit point moved by exactly the inserted bytes.
    moved = [d for d in after_edit["shown"] if d["lnum"] == line]
    before = [d for d in first["shown"] if d["lnum"] == line]
    assert [d["col"] - 7 for d in moved] == [d["col"] for d in before]
