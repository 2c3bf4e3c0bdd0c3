"""Client settings: ``initializationOptions`` and ``workspace/didChangeConfiguration``.

Editors send them in different shapes: VS Code sends ``{"ketlint": {...}}``,
others the bare object, some ``null`` (then the server asks with
``workspace/configuration``). Unknown keys are ignored; a bad value keeps the
default and is reported in the log, never raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

DEFAULT_DEBOUNCE_MS = 150
MAX_DEBOUNCE_MS = 10_000
DEFAULT_LANGUAGES = {
    "markdown": "markdown",
    "plaintext": "text",
    "text": "text",  # Neovim's filetype for .txt
    "html": "html",
    "mdx": "mdx",
    "restructuredtext": "rst",  # VS Code's language id
    "rst": "rst",  # Neovim's and Helix's filetype
}
FORMATS = ("markdown", "text", "html", "mdx", "rst")
SECTION = "ketlint"


@dataclass(frozen=True)
class ServerSettings:
    config_path: str | None = (
        None  # like `ketlint check --config`; relative to the workspace folder
    )
    run: str = "onType"  # "onType" or "onSave"
    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    languages: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_LANGUAGES))
    code_lens: bool = True
    diagnostic_mode: str = "auto"  # "auto", "push" or "pull" (read at initialize only)


DEFAULT_POLL_SECONDS = 2.0


def poll_seconds(options: Any) -> float:
    """How often to look for config changes without file watching: ``watchPollMs`` in the
    initialization options (at least 50 ms), else every 2 s."""
    poll = options.get("watchPollMs") if isinstance(options, dict) else None
    if isinstance(poll, (int, float)) and not isinstance(poll, bool) and poll >= 50:
        return poll / 1000
    return DEFAULT_POLL_SECONDS


def parse_settings(
    raw: Any, base: ServerSettings | None = None
) -> tuple[ServerSettings, list[str]]:
    """Settings from a client payload, on top of ``base``; plus a note per ignored value."""
    settings = base or ServerSettings()
    notes: list[str] = []
    if isinstance(raw, dict) and isinstance(raw.get(SECTION), dict):
        raw = raw[SECTION]
    if not isinstance(raw, dict):
        return settings, notes
    changes: dict[str, Any] = {}

    if "configPath" in raw:
        value = raw["configPath"]
        if value is None or (isinstance(value, str) and not value.strip()):
            changes["config_path"] = None
        elif isinstance(value, str):
            changes["config_path"] = value.strip()
        else:
            notes.append(f"configPath must be a string, not {type(value).__name__}")
    if "run" in raw:
        if raw["run"] in ("onType", "onSave"):
            changes["run"] = raw["run"]
        else:
            notes.append(f"run must be 'onType' or 'onSave', not {raw['run']!r}")
    if "debounceMs" in raw:
        value = raw["debounceMs"]
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
            changes["debounce_ms"] = int(min(value, MAX_DEBOUNCE_MS))
        else:
            notes.append(f"debounceMs must be a number of milliseconds >= 0, not {value!r}")
    if "languages" in raw:
        value = raw["languages"]
        if isinstance(value, dict) and all(
            isinstance(k, str) and v in FORMATS for k, v in value.items()
        ):
            changes["languages"] = {**DEFAULT_LANGUAGES, **value}
        else:
            notes.append(
                f"languages must map language ids to one of {', '.join(map(repr, FORMATS))}, not {value!r}"
            )
    if "codeLens" in raw:
        if isinstance(raw["codeLens"], bool):
            changes["code_lens"] = raw["codeLens"]
        else:
            notes.append("codeLens must be true or false")
    if "diagnosticMode" in raw:
        if raw["diagnosticMode"] in ("auto", "push", "pull"):
            changes["diagnostic_mode"] = raw["diagnosticMode"]
        else:
            notes.append(
                f"diagnosticMode must be 'auto', 'push' or 'pull', not {raw['diagnosticMode']!r}"
            )
    return replace(settings, **changes), notes
