"""The ketlint language server (``ketlint lsp``): findings, fixes and rule docs in the editor."""

from __future__ import annotations

from ketlint.lsp.server import KetlintLanguageServer, run_server

__all__ = ["KetlintLanguageServer", "run_server"]
