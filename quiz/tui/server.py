"""`quiz serve`: the app in a browser tab, private by default.

textual-serve runs one app process per WebSocket connection (over pipes, with Textual's web
driver) and relays the screen to xterm.js in the page. On its own it has no authentication, no
bound on processes, forces TEXTUAL_FPS=60 and its page fetches a font from the internet. This
server keeps textual-serve's process handling (`AppService`) and its page script, and adds:

- a secret token: every request needs it (`?token=` in the URL that was printed, or the cookie
  the page sets, for its scripts, styles and WebSocket), else 403; compared in constant time;
- at most `max_sessions` app processes at once (503 beyond), each ended after `idle_timeout`
  seconds without a key or a resize, and ended (terminated, then killed) when its tab closes;
- a page that loads nothing from outside the machine (the font is served from textual-serve's
  own files; the page's Content-Security-Policy allows nothing else);
- the app's own frame rate (TEXTUAL_FPS is left as the user set it, not forced to 60).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import os
import signal
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import textual_serve
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from quiz.tui.served import SERVED_ENV
from quiz.tui.served_page import CSP, page

log = logging.getLogger("quiz.serve")

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
STATIC = Path(textual_serve.__file__).parent / "static"  # its script, styles and font
FORBIDDEN = "quiz: this address needs its token: open the URL 'quiz serve' printed\n"
FULL = "quiz: {n} session(s) already open (--max-sessions): close a tab, then reload this page\n"
GRACE = 5.0  # seconds an app process has to quit by itself before it is terminated


def token_matches(expected: str, given: str | None) -> bool:
    """Whether `given` is the token, compared in constant time (no early exit on a mismatch)."""
    if given is None:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8", "replace"))


def exposure_warning(host: str) -> str | None:
    """Why binding to `host` needs care, or None for this machine's own loopback."""
    if host in LOCAL_HOSTS or host.startswith("127."):
        return None
    return (
        f"serving on {host}: anyone who can reach this address and has the URL practises as you "
        "and reads your progress, over plain HTTP (the token travels unencrypted); for a cohort, "
        "put quiz behind a reverse proxy with TLS"
    )


def url_host(host: str) -> str:
    """The host as a URL names it: a wildcard address becomes this machine's name."""
    if host in ("", "0.0.0.0", "::"):
        host = socket.gethostname()
    return f"[{host}]" if ":" in host else host


@dataclass
class Sessions:
    """How many app processes run, against the limit. `claim` and `release` run on the event
    loop with no await between the check and the count, so two connections never both get the
    last place."""

    limit: int
    open: int = 0

    def claim(self) -> bool:
        if self.open >= self.limit:
            return False
        self.open += 1
        return True

    def release(self) -> None:
        self.open = max(0, self.open - 1)


@dataclass
class Activity:
    """When the learner last typed or resized the page (the loop's clock)."""

    last: float = field(default_factory=lambda: asyncio.get_running_loop().time())

    def touch(self) -> None:
        self.last = asyncio.get_running_loop().time()


class ServedApp(AppService):
    """One app process: started from an argument list (no shell), with its frame rate its own
    and told that it is served."""

    def __init__(self, argv: Sequence[str], **kwargs: object) -> None:
        super().__init__(" ".join(argv), **kwargs)  # type: ignore[arg-type]
        self.argv = tuple(argv)

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        own = os.environ.get("TEXTUAL_FPS")  # textual-serve forces 60; the app picks its own
        if own is None:
            environment.pop("TEXTUAL_FPS", None)
        else:
            environment["TEXTUAL_FPS"] = own
        environment[SERVED_ENV] = "1"
        return environment

    async def _open_app_process(
        self, width: int = 80, height: int = 24
    ) -> asyncio.subprocess.Process:
        pipe = asyncio.subprocess.PIPE
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=pipe,
            stdout=pipe,
            stderr=pipe,
            env=self._build_environment(width=width, height=height),
        )
        self._stdin = process.stdin
        return process

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    async def end(self, grace: float = GRACE) -> None:
        """Ask the app to quit (it finishes what it was writing), then make sure it is gone."""
        with contextlib.suppress(TimeoutError, Exception):
            await asyncio.wait_for(self.stop(), grace)
        process = self._process
        if process is None or process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        try:
            await asyncio.wait_for(process.wait(), grace)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


class QuizServer:
    """The aiohttp application serving `argv` (the app's command line) to whoever has `token`."""

    def __init__(
        self,
        argv: Sequence[str],
        token: str,
        *,
        max_sessions: int = 3,
        idle_timeout: float = 1800.0,
        title: str = "quiz",
    ) -> None:
        self.argv = tuple(argv)
        self.token = token
        self.sessions = Sessions(max_sessions)
        self.idle_timeout = idle_timeout
        self.title = title
        self.cookie = "quiz-token"  # renamed with the port once it is known
        self.running: dict[web.WebSocketResponse, ServedApp] = {}
        self.ending: set[asyncio.Future[None]] = set()  # apps being ended (kept referenced)
        self.downloads = DownloadManager()

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard])
        app.add_routes(
            [
                web.get("/", self.index),
                web.get("/ws", self.websocket),
                web.static("/static", STATIC),
            ]
        )
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def guard(
        self, request: web.Request, handler: Callable[[web.Request], object]
    ) -> web.StreamResponse:
        """Every request carries the token, in the query or in the page's cookie."""
        given = request.query.get("token", request.cookies.get(self.cookie))
        if not token_matches(self.token, given):
            raise web.HTTPForbidden(text=FORBIDDEN)
        response = await handler(request)  # type: ignore[misc]
        assert isinstance(response, web.StreamResponse)
        return response

    async def index(self, request: web.Request) -> web.Response:
        if self.sessions.open >= self.sessions.limit:
            raise web.HTTPServiceUnavailable(text=FULL.format(n=self.sessions.open))
        font_size = request.query.get("fontsize", "16")
        response = web.Response(
            text=page(self.title, font_size if font_size.isdigit() else "16"),
            content_type="text/html",
            headers={
                "Cache-Control": "no-store",
                "Referrer-Policy": "no-referrer",  # the URL holds the token
                "Content-Security-Policy": CSP,
                "X-Frame-Options": "DENY",
            },
        )
        # The page's scripts, styles and WebSocket carry the token as a cookie: sent to this
        # origin only, never to another site's requests, and out of the page's scripts' reach.
        response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict")
        return response

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not self.sessions.claim():
            raise web.HTTPServiceUnavailable(text=FULL.format(n=self.sessions.open))
        try:
            ws = web.WebSocketResponse(heartbeat=15)
            await ws.prepare(request)
        except BaseException:
            self.sessions.release()
            raise
        served = ServedApp(
            self.argv,
            write_bytes=ws.send_bytes,
            write_str=ws.send_str,
            close=ws.close,
            download_manager=self.downloads,
        )
        self.running[ws] = served
        try:
            await self._session(request, ws, served)
        finally:
            # aiohttp cancels this handler when the tab goes away: the app's end is shielded,
            # so its process is always reaped and its place given back.
            ending = asyncio.ensure_future(self._end(ws, served))
            self.ending.add(ending)
            ending.add_done_callback(self.ending.discard)
            await asyncio.shield(ending)
        return ws

    async def _end(self, ws: web.WebSocketResponse, served: ServedApp) -> None:
        try:
            await served.end()
        finally:
            self.running.pop(ws, None)
            self.sessions.release()
            log.info("session ended: app process %s", served.pid)

    async def _session(
        self, request: web.Request, ws: web.WebSocketResponse, served: ServedApp
    ) -> None:
        width = _size(request.query.get("width"), 80)
        height = _size(request.query.get("height"), 24)
        await served.start(width, height)
        log.info("session started: app process %s", served.pid)
        activity = Activity()
        watchers = [
            asyncio.create_task(self._close_when_idle(ws, activity)),
            asyncio.create_task(self._close_when_ended(ws, served)),
        ]
        try:
            await self._relay(ws, served, activity)
        finally:
            for watcher in watchers:
                watcher.cancel()

    async def _relay(
        self, ws: web.WebSocketResponse, served: ServedApp, activity: Activity
    ) -> None:
        """The page's messages to the app: keys, resizes, focus; pings answered here."""
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, *rest = json.loads(message.data)  # ["stdin", "..."], ["focus"]...
            except (ValueError, TypeError):
                continue
            data = rest[0] if rest else None
            if kind == "stdin" and isinstance(data, str):
                activity.touch()
                await served.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                activity.touch()
                await served.set_terminal_size(
                    _size(data.get("width"), 80), _size(data.get("height"), 24)
                )
            elif kind == "ping":
                await ws.send_json(["pong", data])
            elif kind == "blur":
                await served.blur()
            elif kind == "focus":
                await served.focus()

    async def _close_when_idle(self, ws: web.WebSocketResponse, activity: Activity) -> None:
        loop = asyncio.get_running_loop()
        while not ws.closed:
            left = activity.last + self.idle_timeout - loop.time()
            if left <= 0:
                log.info("session idle for %gs: closing it", self.idle_timeout)
                await ws.close(code=WSCloseCode.GOING_AWAY, message=b"idle")
                return
            await asyncio.sleep(left)

    async def _close_when_ended(self, ws: web.WebSocketResponse, served: ServedApp) -> None:
        """The app quit by itself (its quit key) or failed: the page shows the session ended."""
        process = served._process
        if process is not None:
            await process.wait()
            await ws.close()

    async def on_shutdown(self, app: web.Application) -> None:
        for ws in list(self.running):
            await ws.close(code=WSCloseCode.GOING_AWAY, message=b"server shutdown")
        await asyncio.gather(*(served.end() for served in list(self.running.values())))
        await asyncio.gather(*self.ending, return_exceptions=True)

    async def run(self, host: str, port: int, ready: Callable[[int], None]) -> None:
        """Serve until SIGINT or SIGTERM; `ready` gets the port once it is bound."""
        runner = web.AppRunner(self.make_app(), handle_signals=False, access_log=None)
        await runner.setup()
        try:
            site = web.TCPSite(runner, host, port)
            await site.start()
            bound = runner.addresses[0][1]
            self.cookie = f"quiz-token-{bound}"  # cookies do not tell ports apart
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, stop.set)
            ready(bound)
            await stop.wait()
        finally:
            await runner.cleanup()


def _size(value: object, default: int) -> int:
    """A terminal dimension from the page, within sane bounds."""
    try:
        number = int(str(value))
    except ValueError:
        return default
    return min(max(number, 10), 1000)
