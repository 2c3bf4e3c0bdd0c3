"""Fixtures for the language server tests (helpers live in ``helpers.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A workspace folder with its own (empty) config, so no config above tmp_path leaks in."""
    root = tmp_path / "ws"
    root.mkdir()
    (root / "ketlint.toml").write_text("# defaults\n", encoding="utf-8")
    return root


@pytest.fixture(scope="session", autouse=True)
def trusted_test_workspaces(tmp_path_factory: pytest.TempPathFactory):
    """The workspaces these tests make are the tester's own: trust them (your own config's
    ``trust-projects``), so their house packs' safe fixes stay safe. Servers started by the
    tests inherit the variable. tests/test_hostile_workspace.py tests the untrusted case."""
    import os

    home = tmp_path_factory.mktemp("user-config")
    (home / "ketlint").mkdir()
    base = tmp_path_factory.getbasetemp().resolve()
    (home / "ketlint" / "ketlint.toml").write_text(
        f'trust-projects = ["{base.as_posix()}"]\n', encoding="utf-8"
    )
    before = os.environ.get("XDG_CONFIG_HOME")
    os.environ["XDG_CONFIG_HOME"] = str(home)
    yield
    if before is None:
        os.environ.pop("XDG_CONFIG_HOME", None)
    else:
        os.environ["XDG_CONFIG_HOME"] = before
