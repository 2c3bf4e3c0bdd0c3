"""ketlint is safe to run on anyone's repository: no network, nothing from the workspace executed."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

AUDIT_SCRIPT = textwrap.dedent(
    """
    import json, sys
    watched = ("socket.", "subprocess.", "os.system", "os.exec", "os.spawn", "os.posix_spawn",
               "os.fork", "urllib.", "http.", "ftplib.", "smtplib.", "ctypes.dlopen")
    events = []
    def hook(event, args):
        if event.startswith(watched):
            events.append(event)
    sys.addaudithook(hook)
    from ketlint.cli import main
    code = main(sys.argv[1:])
    sys.stdout.flush()
    print("\\nAUDIT " + json.dumps(sorted(set(events))), file=sys.stderr)
    """
)


def write_workspace(root: Path) -> Path:
    marker = root / "executed.txt"
    payload = f"open({str(marker)!r}, 'w').write('ran')\n"
    # Things a hostile repository might contain, hoping ketlint runs them.
    (root / "conftest.py").write_text(payload, encoding="utf-8")
    (root / "sitecustomize.py").write_text(payload, encoding="utf-8")
    rules = root / "house-rules"
    rules.mkdir()
    (rules / "plugin.py").write_text(payload, encoding="utf-8")
    (rules / "house.yml").write_text(
        "rules:\n  - id: house-words\n    kind: phrases\n    message: m\n"
        "    options:\n      terms: ['wonder drug']\n",
        encoding="utf-8",
    )
    (root / "ketlint.toml").write_text('rule-dirs = ["house-rules"]\n', encoding="utf-8")
    (root / "article.md").write_text(
        "---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\n"
        "# A wonder drug\n\nStudies show 50% of people improve. See [this](http://example.org).\n"
        "Suicide is mentioned here. It may cure you.\n",
        encoding="utf-8",
    )
    return marker


def test_linting_opens_no_connection_and_runs_nothing_from_the_workspace(tmp_path):
    marker = write_workspace(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-c", AUDIT_SCRIPT, "check", "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    audit_line = [line for line in proc.stderr.splitlines() if line.startswith("AUDIT ")][-1]
    events = json.loads(audit_line[len("AUDIT ") :])
    assert events == [], f"unexpected events: {events}"
    assert not marker.exists()
    data = json.loads(proc.stdout)
    rules = {f["rule"] for f in data["files"][0]["findings"]}
    assert "house-words" in rules  # the house pack was read as data and used
