"""What the client can do, read once from ``initialize`` (every capability is optional)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.capabilities import ServerCapabilitiesBuilder
from pygls.uris import to_fs_path

from ketlint.lsp.convert import lsp_encoding


def capability(obj: Any, *names: str) -> Any:
    """``obj.a.b.c`` or None if any link is missing (client capabilities are all optional)."""
    for name in names:
        if obj is None:
            return None
        obj = getattr(obj, name, None)
    return obj


@dataclass(frozen=True)
class ClientFeatures:
    encoding: str = "utf-16"  # positions, as negotiated (UTF-16 unless it prefers another)
    markdown_hover: bool = True
    versioned_edits: bool = False  # WorkspaceEdit.documentChanges
    can_create_files: bool = False  # CreateFile in a WorkspaceEdit
    pull_diagnostics: bool = False  # textDocument/diagnostic
    diagnostic_refresh: bool = False  # workspace/diagnostic/refresh
    code_lens_refresh: bool = False
    watches_files: bool = False  # registers workspace/didChangeWatchedFiles dynamically
    configuration: bool = False  # answers workspace/configuration
    progress: bool = False  # window/workDoneProgress

    @classmethod
    def of(cls, caps: types.ClientCapabilities) -> ClientFeatures:
        hover_formats = capability(caps, "text_document", "hover", "content_format") or []
        versioned = bool(capability(caps, "workspace", "workspace_edit", "document_changes"))
        operations = capability(caps, "workspace", "workspace_edit", "resource_operations") or []
        return cls(
            encoding=lsp_encoding(ServerCapabilitiesBuilder.choose_position_encoding(caps)),
            markdown_hover=not hover_formats or types.MarkupKind.Markdown in hover_formats,
            versioned_edits=versioned,
            can_create_files=versioned
            and any(str(getattr(op, "value", op)) == "create" for op in operations),
            pull_diagnostics=capability(caps, "text_document", "diagnostic") is not None,
            diagnostic_refresh=bool(
                capability(caps, "workspace", "diagnostics", "refresh_support")
            ),
            code_lens_refresh=bool(capability(caps, "workspace", "code_lens", "refresh_support")),
            watches_files=bool(
                capability(caps, "workspace", "did_change_watched_files", "dynamic_registration")
            ),
            configuration=bool(capability(caps, "workspace", "configuration")),
            progress=bool(capability(caps, "window", "work_done_progress")),
        )

    def pulls(self, mode: str) -> bool:
        """Whether diagnostics are pulled in the ``diagnosticMode`` setting's ``mode``: only
        where the client can also be asked to re-pull after a rule change, or a rule edit
        would leave old diagnostics up until the next keystroke."""
        return self.pull_diagnostics and (
            mode == "pull" or (mode == "auto" and self.diagnostic_refresh)
        )


def workspace_folders(params: types.InitializeParams) -> list[Path]:
    """The folders to serve: the workspace folders, else the root (older clients)."""
    folders = [to_fs_path(f.uri) for f in params.workspace_folders or []]
    if not folders and (params.root_uri or params.root_path):
        folders = [to_fs_path(params.root_uri) if params.root_uri else params.root_path]
    return [Path(f) for f in folders if f]


def path_of(uri: str) -> Path | None:
    """The file a ``file:`` URI names; None for anything else (an untitled buffer)."""
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None
