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
