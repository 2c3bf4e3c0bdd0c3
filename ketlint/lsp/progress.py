"""A work-done progress bar in the client, or nothing where the client has none."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

from lsprotocol import types


class Progress:
    def __init__(self, tracker: Any, token: str | None) -> None:
        self._tracker = tracker  # pygls's work_done_progress
        self._token = token  # None: no bar (the client has none, or refused one)

    @classmethod
    async def start(
        cls, tracker: Any, title: str, supported: bool, log: Callable[[str], None]
    ) -> Progress:
        if not supported:
            return cls(tracker, None)
        token = f"ketlint-{uuid.uuid4()}"
        try:
            await asyncio.wait_for(tracker.create_async(token), timeout=10)
        except Exception as exc:
            log(f"no progress bar: {exc}")
            return cls(tracker, None)
        tracker.begin(
            token, types.WorkDoneProgressBegin(title=title, cancellable=True, percentage=0)
        )
        return cls(tracker, token)

    def cancelled(self) -> bool:
        """Whether the user cancelled it in the client."""
        if self._token is None:
            return False
        future = self._tracker.tokens.get(self._token)
        return future is not None and future.cancelled()

    def report(self, done: int, total: int, message: str) -> None:
        if self._token is not None:
            self._tracker.report(
                self._token,
                types.WorkDoneProgressReport(
                    message=message, percentage=int(done * 100 / max(1, total))
                ),
            )

    def end(self, message: str) -> None:
        if self._token is not None:
            self._tracker.end(self._token, types.WorkDoneProgressEnd(message=message))
