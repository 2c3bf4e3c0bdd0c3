"""The VS Code extension in a real VS Code workbench (issue 11).

The ``.vsix`` is built exactly as ``editors/vscode/README.md`` says (``npm ci``, ``npm run
build``, ``npm run package``) and installed with ``--install-extension`` into code-server
4.100.3 (VS Code 1.100.3 in a browser), with ``ketlint.path`` set to this environment's
``ketlint`` as a user would. ``editors/vscode/e2e/drive.js`` drives the workbench in Chromium
(playwright-core) and reports what a writer sees; this test compares it with ``ketlint
check --format json`` on the same files. ``editors/vscode/e2e/setup.sh`` installs what is
missing (``.ci/run`` runs it first); only a machine without Node skips this test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
EXTENSION = REPO / "editors" / "vscode"
E2E = EXTENSION / "e2e"
NODE, NPM = shutil.which("node"), shutil.which("npm")
pytestmark = pytest.mark.skipif(
    NODE is None or NPM is None,
    reason="Node.js is not installed (node and npm): the VS Code extension cannot be built "
    "or run in a real workbench here",
)
SEVERITY = {"error": "Error", "warning": "Warning", "info": "Info", "hint": "Hint"}


def run(command: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env
    )
    assert done.returncode == 0, (
        f"{' '.join(command)} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    )
    return done.stdout


@pytest.fixture(scope="module")
def vsix() -> Path:
    """The extension packaged as its README says (npm ci only when node_modules is missing)."""
    assert NPM is not None
    if not (EXTENSION / "node_modules" / "vscode-languageclient").is_dir():
        run([NPM, "ci", "--no-audit", "--no-fund"], EXTENSION, 600)
    run([NPM, "run", "build"], EXTENSION, 300)
    run([NPM, "run", "package"], EXTENSION, 300)
    package = EXTENSION / "ketlint.vsix"
    assert package.is_file()
    return package


@pytest.fixture(scope="module")
def code_server() -> Path:
    """code-server and the browser tooling, installed by the setup script if missing."""
    out = run(["bash", str(E2E / "setup.sh")], E2E, 900)
    binary = Path(out.strip().splitlines()[-1])
    assert binary.is_file(), out
    return binary


def ketlint_command() -> list[str]:
    """This environment's ketlint, as README step 3 has the user set ``ketlint.path``."""
    script = Path(sys.executable).parent / "ketlint"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "ketlint"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def cli_findings(file: Path) -> list[dict[str, Any]]:
    out = run(
        [*ketlint_command(), "check", "--format", "json", "--exit-zero", str(file)],
        file.parent,
        120,
    )
    (result,) = json.loads(out)["files"]
    findings: list[dict[str, Any]] = result["findings"]
    return findings


def units(text: str) -> int:
    """The length of ``text`` in UTF-16 code units, VS Code's columns."""
    return len(text.encode("utf-16-le")) // 2


def units_slice(text: str, start: int, count: int) -> str:
    """``count`` UTF-16 code units of ``text`` from unit ``start``."""
    raw = text.encode("utf-16-le")[2 * start : 2 * (start + count)]
    return raw.decode("utf-16-le", errors="replace")


def cli_problems(file: Path) -> Counter[tuple[str, str, str, int, int, str]]:
    """What the Problems panel should list: (rule, severity, message, line, UTF-16 column,
    the exact words) for each finding ``ketlint check`` reports."""
    text = file.read_text(encoding="utf-8")
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    want: Counter[tuple[str, str, str, int, int, str]] = Counter()
    for f in cli_findings(file):
        (sl, sc), (el, ec) = (
            (f["start"]["line"], f["start"]["column"]),
            (
                f["end"]["line"],
                f["end"]["column"],
            ),
        )
        words = text[offsets[sl - 1] + sc - 1 : offsets[el - 1] + ec - 1]
        column = units(lines[sl - 1][: sc - 1]) + 1
        want[(f["rule"], SEVERITY[f["severity"]], f["message"], sl, column, words)] += 1
    return want


ROW = re.compile(r"^(Error|Warning|Info|Hint): (.*) at line (\d+) and character (\d+)\.", re.S)


def panel_problems(rows: list[dict[str, Any]], texts: dict[str, str]) -> dict[str, Counter[Any]]:
    """The Problems panel's ketlint rows by file: the same tuples, the words being the range
    the editor selected when the row was opened (its length read from the status bar)."""
    by_file: dict[str, Counter[Any]] = {}
    current = ""
    for row in rows:
        header = re.match(r"^\d+ problems? in file (.+?) of folder", row["label"])
        if header:
            current = header.group(1)
            by_file.setdefault(current, Counter())
            continue
        match = ROW.match(row["label"])
        # The row shows "ketlint(rule)"; its text has the source and the code on lines of their own.
        rule = re.search(r"^ketlint\n([a-z0-9-]+)$", row.get("text", ""), re.M)
        if not match or not rule:
            continue  # related information, or another extension's problem
        severity, message, line, column = match[1], match[2], int(match[3]), int(match[4])
        selected = re.search(r"\((\d+) selected\)", row.get("selection") or "")
        count = int(selected[1]) if selected else 0
        lines = texts[current].split("\n")
        start = units("".join(line + "\n" for line in lines[: line - 1])) + column - 1
        text = units_slice(texts[current], start, count)
        by_file[current][(rule[1], severity, message, line, column, text)] += 1
    return by_file


def position_of(text: str, words: str) -> dict[str, int]:
    """1-based line and UTF-16 column of the middle of ``words`` in ``text``."""
    before = text[: text.index(words) + len(words) // 2]
    return {"line": before.count("\n") + 1, "col": units(before.rsplit("\n", 1)[-1]) + 1}


def test_the_extension_in_a_real_vs_code_shows_what_ketlint_check_reports(
    tmp_path: Path, vsix: Path, code_server: Path
) -> None:
    workspace = tmp_path / "site"
    workspace.mkdir()
    (workspace / "ketlint.toml").write_text("# the built-in rules, defaults\n", encoding="utf-8")
    md_text = (HERE / "fixtures" / "article.md").read_text(encoding="utf-8")
    txt_text = (HERE / "fixtures" / "article.txt").read_text(encoding="utf-8")
    (workspace / "article.md").write_text(md_text, encoding="utf-8")
    (workspace / "article.txt").write_text(txt_text, encoding="utf-8")
    want = {
        "article.md": cli_problems(workspace / "article.md"),
        "article.txt": cli_problems(workspace / "article.txt"),
    }
    md_findings = cli_findings(workspace / "article.md")
    txt_findings = cli_findings(workspace / "article.txt")
    total = sum(sum(c.values()) for c in want.values())
    assert total >= 10, "the fixtures should give the Problems panel something to show"

    # A finding with a suggested wording, to pick its fix; one to silence for its line.
    suggested = next(
        f
        for f in md_findings
        if "Consider “" in f["message"] and f["end"]["line"] == f["start"]["line"]
    )
    suggestion = re.search(r"Consider “([^”]+)”", suggested["message"])
    assert suggestion is not None
    md_lines = md_text.split("\n")
    sug_words = md_lines[suggested["start"]["line"] - 1][
        suggested["start"]["column"] - 1 : suggested["end"]["column"] - 1
    ]
    silenced = next(
        f for f in txt_findings if f["rule"] == "hype-phrase" and f["start"]["line"] > 1
    )
    txt_lines = txt_text.split("\n")
    silenced_words = txt_lines[silenced["start"]["line"] - 1][
        silenced["start"]["column"] - 1 : silenced["end"]["column"] - 1
    ]
    # Hover: on the title (whole-article findings and a phrase), and on a phrase in the text.
    title_finding = min(
        (f for f in md_findings if f["start"]["line"] == 1),
        key=lambda f: f["end"]["column"] - f["start"]["column"],
    )
    title_words = md_lines[0][
        title_finding["start"]["column"] - 1 : title_finding["end"]["column"] - 1
    ]

    data = tmp_path / "data"
    (data / "User").mkdir(parents=True)
    (data / "User" / "settings.json").write_text(
        json.dumps(
            {
                "ketlint.path": ketlint_command(),
                "workbench.startupEditor": "none",
                "workbench.tips.enabled": False,
                "security.workspace.trust.enabled": False,
                "telemetry.telemetryLevel": "off",
                "extensions.autoCheckUpdates": False,
                "files.autoSave": "off",
            }
        ),
        encoding="utf-8",
    )
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home)}
    extensions = tmp_path / "extensions"
    common = ["--user-data-dir", str(data), "--extensions-dir", str(extensions)]
    run([str(code_server), *common, "--install-extension", str(vsix)], tmp_path, 120, env)
    port = free_port()
    (tmp_path / "config.yaml").write_text(
        f"bind-addr: 127.0.0.1:{port}\nauth: none\ncert: false\n", encoding="utf-8"
    )
    shots = tmp_path / "shots"
    shots.mkdir()
    spec = {
        "url": f"http://127.0.0.1:{port}/?folder={workspace}",
        "shots": str(shots),
        "expectProblems": total,
        "files": ["article.md", "article.txt"],
        "hovers": [
            {
                "file": "article.md",
                "name": "title",
                **position_of(md_text, title_words),
            },
        ],
        "actions": [
            {
                "file": "article.md",
                "name": "suggestion",
                "title": "Replace with “",
                **position_of(md_text, sug_words),
            },
            {
                "file": "article.txt",
                "name": "disable-line",
                "title": f"Disable {silenced['rule']} for this line",
                **position_of(txt_text, silenced_words),
            },
        ],
    }
    (tmp_path / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    log = (tmp_path / "code-server.log").open("w")
    server = subprocess.Popen(
        [
            str(code_server),
            "--config",
            str(tmp_path / "config.yaml"),
            *common,
            "--disable-telemetry",
            "--disable-update-check",
            "--disable-workspace-trust",
            str(workspace),
        ],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline, "code-server did not start"
                time.sleep(0.2)
        assert NODE is not None
        run(
            [
                NODE,
                str(E2E / "drive.js"),
                str(tmp_path / "spec.json"),
                str(tmp_path / "result.json"),
            ],
            E2E,
            300,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    result = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    context = f"driver: {result.get('error')} steps {result['steps']}; screenshots in {shots}"
    assert "error" not in result, context

    # The server command the extension built (ketlint.path + "lsp" + "--stdio") was accepted.
    server_log = result.get("serverLog", "").replace("\xa0", " ")
    assert "unrecognized arguments" not in server_log, server_log
    assert f"serving {workspace.resolve()}" in server_log, server_log
    assert not [n for n in result.get("notifications") or [] if "ketlint" in n.lower()], result[
        "notifications"
    ]

    # The Problems panel lists exactly the CLI's findings: rule, severity, message, line,
    # column, and the exact words the editor selects for each.
    got = panel_problems(result["rows"], {"article.md": md_text, "article.txt": txt_text})
    for name in ("article.md", "article.txt"):
        assert got.get(name) == want[name], (name, context)

    # Hover on the title's narrowest finding: that rule's documentation in full, first; the
    # other rules there one line each.
    hover = "\n".join(result["hovers"]["title"])
    doc_headings = re.findall(r"^Kind: ", hover, re.M)
    assert len(doc_headings) == 1, hover
    first_doc = hover[: hover.index("Kind: ")].strip().split("\n")[-1]
    assert first_doc == title_finding["rule"], hover
    others = {f["rule"] for f in md_findings if f["start"]["line"] == 1} - {title_finding["rule"]}
    if others:
        assert "Also here:" in hover and all(rule in hover for rule in others), hover

    # The suggested wording applied and saved, and that finding gone.
    picked = result["actions"]["suggestion"]
    assert picked.get("picked", "").startswith("Replace with “"), picked
    saved = (workspace / "article.md").read_text(encoding="utf-8")
    assert sug_words not in saved.split("\n")[suggested["start"]["line"] - 1]
    assert suggestion[1].lower() in saved.split("\n")[suggested["start"]["line"] - 1].lower()

    # "Disable for this line" in the .txt: its title says what it inserts; the line it
    # inserts is there, on disk, and silences exactly that finding.
    picked = result["actions"]["disable-line"]
    directive = f"ketlint-disable-next-line {silenced['rule']}"
    assert picked.get("picked", "").startswith(
        f"Disable {silenced['rule']} for this line (adds the line “{directive}” to the article)"
    ), picked
    assert any(
        t.startswith(f"Ignore {silenced['rule']} for this file in ketlint.toml")
        for t in picked["menu"]
    )
    saved_lines = (workspace / "article.txt").read_text(encoding="utf-8").split("\n")
    assert saved_lines[silenced["start"]["line"] - 1] == directive
    after = Counter(f["rule"] for f in cli_findings(workspace / "article.txt"))
    assert after[silenced["rule"]] == Counter(f["rule"] for f in txt_findings)[silenced["rule"]] - 1
    # The status bar counts what `ketlint check` now finds in both saved files.
    now = len(cli_findings(workspace / "article.md")) + len(cli_findings(workspace / "article.txt"))
    status = picked.get("statusAfter", "")
    assert sum(map(int, re.findall(r"\d+", status))) == now < total, (status, context)


def test_the_vsix_ships_the_rule_file_schema_and_points_yaml_validation_at_it(vsix: Path) -> None:
    """Rule files get completion and checking from the YAML extension with no network: the
    schema travels inside the .vsix (the README's $schema URL does not resolve)."""
    import zipfile

    with zipfile.ZipFile(vsix) as package:
        manifest = json.loads(package.read("extension/package.json"))
        (entry,) = manifest["contributes"]["yamlValidation"]
        assert entry["url"].startswith("./")
        shipped = json.loads(package.read("extension/" + entry["url"][2:]))
        names = set(package.namelist())
    assert {"**/rules/*.yml", "ketlint*.yml"} <= set(entry["fileMatch"])
    printed = run([*ketlint_command(), "schema", "rules"], REPO, 60)
    assert shipped == json.loads(printed)  # what `ketlint schema rules` prints, no older copy
    # Nothing the tests or the developer set-up need goes into the package.
    assert not [n for n in names if "/e2e/" in n or "/.vscode/" in n or "/src/" in n]
