"""The companion's web server: aiohttp on a thread of its own, with its own event loop.

Only the documented operations exist:

    GET  /, /producer, /presenter, /cuesheet   the pages (no data in them)
    GET  /static/companion.js|companion.css     what the pages load (nothing from a CDN)
    GET  /api/state                             the run now            (PIN)
    GET  /api/plan                              the rundown            (PIN)
    POST /api/flags                             raise a flag → 201     (PIN)
    POST /api/notes                             add a note → 201       (PIN)
    GET  /api/ws                                live updates; the first message pairs:
                                                {"type": "hello", "pin": "…"}

The PIN is sent as `Authorization: Bearer PIN`. A wrong or missing one gets 401; after a few
from one device that device is locked out with back-off (429 and `Retry-After`). Bodies are
bounded (`MAX_BODY_BYTES`), calls per device too, and so are the connected pages.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from functools import partial
from importlib import resources
from typing import Any

from aiohttp import WSMsgType, web

from rehearsal.companion.guard import Guard, Verdict, bearer, new_pin
from rehearsal.companion.requests import MAX_BODY_BYTES, BadRequest, flag_request, note_request
from rehearsal.companion.source import LiveSource, Receipt
from rehearsal.errors import RehearsalError

_log = logging.getLogger(__name__)
PAGES = {"/": "producer.html", "/producer": "producer.html", "/presenter": "presenter.html"}
PAGES["/cuesheet"] = "cuesheet.html"
STATIC = {"companion.js": "text/javascript", "companion.css": "text/css"}
MAX_SOCKETS = 50  # pages connected at once
HELLO_TIMEOUT_S = 10.0
OWNER_TIMEOUT_S = 10.0  # how long a flag waits for the run's owner to record it
RESYNC_S = 5.0  # the state is sent this often even when nothing changed
MIN_PUSH_S = 0.2  # changes closer than this are sent together (a page counts down itself)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _page(name: str) -> bytes:
    return resources.files("rehearsal_resources").joinpath("companion", name).read_bytes()


class Companion:
    """A running companion server. Start it with `Companion.start`; `close()` stops it."""

    def __init__(
        self,
        source: LiveSource,
        host: str,
        port: int,
        pin: str | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._source = source
        self._host = host
        self._port = port
        self.pin = pin if pin is not None else new_pin()
        self._guard = Guard(self.pin, clock)
        self._guard_lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, name="companion", daemon=True)
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._runner: web.AppRunner | None = None
        self._sockets: set[web.WebSocketResponse] = set()
        self._changed: asyncio.Event | None = None
        self._stopping: asyncio.Event | None = None
        self._files = {name: _page(name) for name in {*PAGES.values(), *STATIC}}
        self.bound_port = 0

    @classmethod
    def start(
        cls, source: LiveSource, host: str = "127.0.0.1", port: int = 0, pin: str | None = None
    ) -> Companion:
        """Serve `source` on `host:port` (0: any free port); `RehearsalError` when the
        address cannot be bound."""
        companion = cls(source, host, port, pin)
        companion._thread.start()
        companion._ready.wait(30)
        if companion._failure is not None:
            companion._thread.join(5)
            raise RehearsalError(
                f"The companion cannot listen on {host}:{port} ({companion._failure})."
            ) from None
        source.on_change(companion.changed)
        return companion

    @property
    def url(self) -> str:
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self.bound_port}/"

    @property
    def connected(self) -> int:
        """How many pages are connected for live updates now."""
        return len(self._sockets)

    def changed(self) -> None:
        """The run changed: tell the connected pages (callable from any thread)."""
        if self._changed is not None and not self._loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop just closed
                self._loop.call_soon_threadsafe(self._changed.set)

    def close(self) -> None:
        """Stop serving: the pages are disconnected, the port is free when this returns."""
        if self._stopping is not None and not self._loop.is_closed():
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(30)
        self._source.close()

    # -- the server's thread ---------------------------------------------------------------
    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._main())
        finally:
            self._loop.close()

    async def _main(self) -> None:
        self._changed = asyncio.Event()
        self._stopping = asyncio.Event()
        app = web.Application(client_max_size=MAX_BODY_BYTES, middlewares=[self._headers])
        for path in PAGES:
            app.router.add_get(path, self._serve_page)
        app.router.add_get("/static/{name}", self._serve_static)
        app.router.add_get("/api/state", self._state)
        app.router.add_get("/api/plan", self._plan)
        app.router.add_post("/api/flags", self._flag)
        app.router.add_post("/api/notes", self._note)
        app.router.add_get("/api/ws", self._socket)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        try:
            await self._runner.setup()
            site = web.TCPSite(self._runner, self._host, self._port)
            await site.start()
            server = site._server
            sockets = getattr(server, "sockets", None) or []
            self.bound_port = sockets[0].getsockname()[1] if sockets else self._port
        except OSError as exc:
            self._failure = exc
            self._ready.set()
            await self._runner.cleanup()
            return
        self._ready.set()
        pusher = asyncio.create_task(self._push())
        await self._stopping.wait()
        pusher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pusher
        for ws in list(self._sockets):
            await ws.close()
        await self._runner.cleanup()

    @web.middleware
    async def _headers(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        response = await handler(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cache-Control"] = "no-store"
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            f"connect-src 'self' ws://{request.host}; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'"
        )
        return response

    # -- pages -----------------------------------------------------------------------------
    async def _serve_page(self, request: web.Request) -> web.Response:
        return web.Response(
            body=self._files[PAGES[request.path]], content_type="text/html", charset="utf-8"
        )

    async def _serve_static(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in STATIC:
            raise web.HTTPNotFound()
        return web.Response(body=self._files[name], content_type=STATIC[name], charset="utf-8")

    # -- the API ---------------------------------------------------------------------------
    def _admit(self, request: web.Request, offered: str | None) -> web.Response | None:
        """None when the call may go on, else the refusal to send."""
        device = request.remote or "?"
        with self._guard_lock:
            verdict, wait = self._guard.check(device, offered)
        if verdict is Verdict.OK:
            return None
        if verdict is Verdict.WRONG:
            return _error(401, "pin", "the pairing PIN shown on the live screen")
        retry = str(max(1, round(wait)))
        reason = "locked" if verdict is Verdict.LOCKED else "too many calls"
        return _error(429, reason, f"a wait of {retry} s", headers={"Retry-After": retry})

    async def _state(self, request: web.Request) -> web.Response:
        refused = self._admit(request, bearer(request.headers.get("Authorization")))
        if refused is not None:
            return refused
        return web.json_response(await self._ask(self._source.state))

    async def _plan(self, request: web.Request) -> web.Response:
        refused = self._admit(request, bearer(request.headers.get("Authorization")))
        if refused is not None:
            return refused
        return web.json_response(await self._ask(self._source.plan))

    async def _flag(self, request: web.Request) -> web.Response:
        return await self._record(
            request, lambda body: partial(self._source.flag, flag_request(body))
        )

    async def _note(self, request: web.Request) -> web.Response:
        return await self._record(
            request, lambda body: partial(self._source.note, note_request(body))
        )

    async def _record(
        self, request: web.Request, recording: Callable[[bytes], Callable[[], Receipt]]
    ) -> web.Response:
        refused = self._admit(request, bearer(request.headers.get("Authorization")))
        if refused is not None:
            return refused
        try:
            record = recording(await _body(request))
        except BadRequest as exc:
            return _error(400, exc.field, exc.expected)
        loop = asyncio.get_running_loop()
        try:
            receipt = await asyncio.wait_for(loop.run_in_executor(None, record), OWNER_TIMEOUT_S)
        except TimeoutError:
            return _error(503, "busy", "a moment: the live screen did not answer in time")
        except RehearsalError as exc:
            return _error(409, "run", str(exc))
        return web.json_response({"id": receipt.id}, status=201 if receipt.new else 200)

    async def _ask(self, question: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        return await asyncio.wait_for(loop.run_in_executor(None, question), OWNER_TIMEOUT_S)

    # -- live updates ----------------------------------------------------------------------
    async def _socket(self, request: web.Request) -> web.StreamResponse:
        if len(self._sockets) >= MAX_SOCKETS:
            return _error(503, "full", f"at most {MAX_SOCKETS} pages connected at once")
        ws = web.WebSocketResponse(heartbeat=20, max_msg_size=1024)
        await ws.prepare(request)
        try:
            hello = await ws.receive(timeout=HELLO_TIMEOUT_S)
        except TimeoutError:
            await ws.close(code=4408, message=b"pair first")
            return ws
        offered = None
        if hello.type is WSMsgType.TEXT:
            with contextlib.suppress(ValueError):
                message = json.loads(hello.data)
                if isinstance(message, dict) and isinstance(message.get("pin"), str):
                    offered = message["pin"]
        refused = self._admit(request, offered)
        if refused is not None:
            await ws.close(code=4401 if refused.status == 401 else 4429, message=b"refused")
            return ws
        self._sockets.add(ws)
        try:
            await ws.send_json({"type": "state", **await self._ask(self._source.state)})
            async for _ in ws:  # a page says nothing more; whatever it sends is ignored
                pass
        finally:
            self._sockets.discard(ws)
        return ws

    async def _push(self) -> None:
        assert self._changed is not None
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), RESYNC_S)
            await asyncio.sleep(MIN_PUSH_S)
            self._changed.clear()
            if not self._sockets:
                continue
            try:
                state = await self._ask(self._source.state)
            except Exception:  # the owner did not answer: try again at the next change
                _log.exception("the companion could not read the run's state")
                continue
            text = json.dumps({"type": "state", **state})
            sockets = list(self._sockets)
            results = await asyncio.gather(
                *(asyncio.wait_for(ws.send_str(text), 5.0) for ws in sockets),
                return_exceptions=True,
            )
            for ws, result in zip(sockets, results, strict=True):
                if isinstance(result, BaseException):  # a page that cannot keep up
                    self._sockets.discard(ws)
                    await ws.close()


async def _body(request: web.Request) -> bytes:
    """The request's body, read to its end or one byte past the bound (then refused)."""
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise BadRequest("body", f"at most {MAX_BODY_BYTES} bytes")
    body = bytearray()
    while len(body) <= MAX_BODY_BYTES:
        chunk = await request.content.read(MAX_BODY_BYTES + 1 - len(body))
        if not chunk:
            break
        body += chunk
    return bytes(body)


def _error(
    status: int, field: str, expected: str, headers: dict[str, str] | None = None
) -> web.Response:
    return web.json_response({"error": field, "expected": expected}, status=status, headers=headers)
