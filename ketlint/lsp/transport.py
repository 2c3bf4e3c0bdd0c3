"""How the language server talks to its client: LSP base-protocol framing over stdio (or
TCP, for debugging), and the protocol object that writes prepared diagnostics.

Kept apart from the server's handlers: nothing here knows about articles or rules.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
import re
import sys
import threading
from typing import Any

from lsprotocol import types
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInternalError,
    JsonRpcInvalidParams,
    JsonRpcInvalidRequest,
    JsonRpcParseError,
)
from pygls.io_ import StdinAsyncReader, StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

logger = logging.getLogger(__name__)


class KetlintProtocol(LanguageServerProtocol):
    """pygls's protocol, minus its document store (the server keeps its own), with an
    answer for requests whose params do not even parse, and diagnostics sent as JSON
    prepared once per diagnostic (:class:`~ketlint.lsp.convert.DiagnosticCache`)."""

    def __init__(self, server: Any, converter: Any) -> None:
        super().__init__(server, converter)
        self.converter = converter
        self._output: Any = None  # the writer, and whether messages get headers
        self._headers = False

    def set_writer(self, writer: Any, include_headers: bool = True) -> None:
        super().set_writer(writer, include_headers)
        self._output = writer
        self._headers = include_headers

    def publish_prepared(self, uri: str, version: int | None, diagnostics: list[str]) -> None:
        """``textDocument/publishDiagnostics`` for diagnostics already in JSON text: the
        message pygls would send, without unstructuring and encoding each one again."""
        version_field = "" if version is None else f',"version":{int(version)}'
        body = (
            f'{{"jsonrpc":"{self.VERSION}","method":"{types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS}",'
            f'"params":{{"uri":{json.dumps(uri)}{version_field},'
            f'"diagnostics":[{",".join(diagnostics)}]}}}}'
        )
        writer = self._output
        if writer is None:  # no transport of our own (in-process use): the ordinary path
            self._send_data(json.loads(body))
            return
        data = body.encode(self.CHARSET)
        if self._headers:
            header = (
                f"Content-Length: {len(data)}\r\n"
                f"Content-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
            )
            data = header.encode(self.CHARSET) + data
        try:
            written = writer.write(data)
            if inspect.isawaitable(written):
                asyncio.ensure_future(written)
        except BrokenPipeError:
            logger.exception("could not send diagnostics: broken pipe")
            raise
        except Exception as error:
            logger.exception("could not send diagnostics")
            self._server._report_server_error(error, JsonRpcInternalError)

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams) -> Any:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> Any:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> Any:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None

    def handle_message(self, message: Any) -> Any:
        # The LSP spec: after ``shutdown`` every request but ``exit`` gets InvalidRequest
        # (pygls drops them, and the client waits for an answer forever).
        method = getattr(message, "method", None)
        if (
            self._shutdown
            and method not in (None, types.EXIT)
            and getattr(message, "id", None) is not None
        ):
            self._send_response(
                message.id,
                None,
                JsonRpcInvalidRequest(
                    f"the server is shut down; {method!r} refused"
                ).to_response_error(),
            )
            return None
        return super().handle_message(message)

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if isinstance(data, dict) and "id" in data and "method" in data:
                # Without this the client would wait forever for an answer.
                cause = error.__cause__ or error
                message = f"invalid params for {data.get('method')!r}: {str(cause).splitlines()[0]}"
                self._send_response(
                    data["id"], None, JsonRpcInvalidParams(message).to_response_error()
                )
            raise


class FramingError(Exception):
    """The byte stream from the client is not LSP base-protocol framing."""


_HEADER = re.compile(rb"([!-9;-~]+):[ \t]*(.*?)[ \t]*\r?\n")
MAX_LENGTH_DIGITS = 15  # a petabyte


async def read_messages(
    stop_event: threading.Event, reader: Any, protocol: LanguageServerProtocol, on_error: Any
) -> None:
    """pygls's read loop, strict: a header block without one valid Content-Length (missing,
    not a number, negative), a header line that is not "Name: value", or a body that is not
    JSON (a Content-Length longer than the body swallows the next message's header) raise
    FramingError. pygls skipped such input and kept reading, out of step for good (alive
    but deaf); there is no telling where the next message starts, so the server exits
    non-zero and the client restarts it."""
    while not stop_event.is_set():
        length: int | None = None
        seen_header = False
        while True:
            line = await reader.readline()
            if not line:
                if seen_header:
                    raise FramingError("the stream ended inside a message header")
                return  # the client closed the stream between messages
            if line in (b"\r\n", b"\n"):
                if seen_header:
                    break
                continue  # stray blank lines between messages are harmless
            seen_header = True
            match = _HEADER.fullmatch(line)
            if match is None:
                raise FramingError(f"not a header line: {line[:80]!r}")
            if match.group(1).lower() == b"content-length":
                value = match.group(2)
                # More digits than any body could have: int() refuses thousands of them
                # (a ValueError that ended the server with a traceback, exit code 1).
                if not value.isdigit() or len(value) > MAX_LENGTH_DIGITS or length is not None:
                    raise FramingError(f"bad Content-Length: {value[:40]!r}")
                length = int(value)
        if length is None:
            raise FramingError("a message without a Content-Length header")
        body = await reader.readexactly(length) if length else b""
        if len(body) < length:
            raise FramingError(f"the stream ended {length - len(body)} bytes into a message body")
        try:
            message = json.loads(body, object_hook=protocol.structure_message)
        except json.JSONDecodeError:
            raise FramingError(f"a message body that is not JSON: {body[:80]!r}") from None
        except Exception as exc:  # valid JSON, not a valid message: answered, logged
            logger.exception("Unable to handle message")
            on_error(exc, JsonRpcException)
            continue
        try:
            protocol.handle_message(message)
        except Exception as exc:  # one bad message: answered (structure_message) and logged
            logger.exception("Unable to handle message")
            on_error(exc, JsonRpcException)


def serve(server: LanguageServer, tcp: list[str] | None = None) -> int:
    """Serve LSP on stdio (or on ``tcp = [HOST, PORT]`` for debugging). Returns the exit code."""
    if tcp:
        host, port = tcp[0], int(tcp[1])
        server.start_tcp(host, port)
        return 0 if server.protocol._shutdown else 1
    return _serve_stdio(server)


def configure_logging() -> None:
    logging.basicConfig(
        level=logging.WARNING, format="ketlint-lsp %(levelname)s %(name)s: %(message)s"
    )


def _serve_stdio(server: LanguageServer) -> int:
    """pygls's stdio server with :func:`read_messages` as the reader: a framing error ends
    the server with exit code 2 (the client restarts it), after telling the client why."""
    stop_event = server._stop_event = threading.Event()
    reader = StdinAsyncReader(sys.stdin.buffer, server.thread_pool)
    server.protocol.set_writer(StdoutWriter(sys.stdout.buffer))
    failure: FramingError | None = None

    async def serve() -> None:
        nonlocal failure
        try:
            await read_messages(stop_event, reader, server.protocol, server.report_server_error)
        except FramingError as exc:
            failure = exc
            logger.error(
                "LSP framing error, exiting so that the client restarts the server: %s", exc
            )
            with contextlib.suppress(Exception):  # id null: the request cannot be named
                server.protocol._send_response(
                    None,  # type: ignore[arg-type]
                    None,
                    JsonRpcParseError(f"LSP framing error: {exc}").to_response_error(),
                )

    try:
        asyncio.run(serve())
    except BrokenPipeError:
        logger.error("Connection to the client is lost! Shutting down the server.")
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()
    if failure is not None:
        return 2
    return 0 if server.protocol._shutdown else 1
