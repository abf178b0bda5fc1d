"""`quiz serve` without a browser: the token, the bound on sessions, the idle timeout, the
warning for another address, and the alternatives to keys a browser keeps for itself. Each app
process here is a stand-in (a few lines of Python speaking textual-serve's pipe protocol), so
these tests start no Textual app; tests/test_serve_browser.py serves the real one."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

pytest.importorskip("textual_serve", reason="quiz serve's extra is not installed")

from aiohttp import WSServerHandshakeError, web
from aiohttp.test_utils import TestClient, TestServer

from quiz.tui import served
from quiz.tui.server import QuizServer, Sessions, exposure_warning, token_matches

ROOT = Path(__file__).parent.parent
Client = TestClient[web.Request, web.Application]
TOKEN = "s3cret-token_value"
# The stand-in app: announces itself as textual-serve expects, then waits for the quit message
# (or the end of its input), as Textual's web driver does.
STAND_IN = (
    "import sys\n"
    "sys.stdout.write('__GANGLION__\\n'); sys.stdout.flush()\n"
    "while (chunk := sys.stdin.buffer.read1(4096)) and b'quit' not in chunk: pass\n"
)


async def until(condition: Callable[[], bool], seconds: float = 30.0) -> None:
    """Wait for a condition, with a deadline far beyond what it needs."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        await asyncio.sleep(0.02)


async def client_for(server: QuizServer) -> AsyncIterator[Client]:
    client = TestClient(TestServer(server.make_app()))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


@pytest.fixture
def quiz_server() -> QuizServer:
    return QuizServer([sys.executable, "-c", STAND_IN], TOKEN, max_sessions=1)


@pytest.fixture
async def client(quiz_server: QuizServer) -> AsyncIterator[Client]:
    async for made in client_for(quiz_server):
        yield made


def test_the_token_is_compared_whole() -> None:
    assert token_matches(TOKEN, TOKEN)
    assert not token_matches(TOKEN, None)
    assert not token_matches(TOKEN, "")
    assert not token_matches(TOKEN, TOKEN[:-1])
    assert not token_matches(TOKEN, TOKEN + "x")
    assert not token_matches(TOKEN, "s3cret-token_valué")  # not ASCII: refused, not an error


async def test_without_the_token_every_request_is_refused(
    client: Client,
) -> None:
    for path in ("/", "/?token=wrong", "/static/js/textual.js", "/ws", "/nothing"):
        response = await client.get(path)
        assert response.status == 403, path
        assert "token" in await response.text()
    with pytest.raises(WSServerHandshakeError) as refused:
        await client.ws_connect("/ws")
    assert refused.value.status == 403


async def test_the_token_opens_the_page_and_its_cookie_the_rest(
    client: Client,
) -> None:
    response = await client.get(f"/?token={TOKEN}")
    assert response.status == 200
    page = await response.text()
    assert "https://" not in page and "http://" not in page  # nothing from elsewhere
    assert "static/fonts/RobotoMono" in page  # the font is served from here
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    cookie = response.cookies["quiz-token"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    script = await client.get("/static/js/textual.js")  # the client kept the cookie
    assert script.status == 200


async def test_sessions_are_bounded_and_closing_one_ends_its_process(
    client: Client, quiz_server: QuizServer
) -> None:
    await client.get(f"/?token={TOKEN}")  # the cookie
    first = await client.ws_connect("/ws?width=80&height=24")
    await until(lambda: len(quiz_server.running) == 1)
    (app,) = quiz_server.running.values()
    await until(lambda: app.pid is not None)
    with pytest.raises(WSServerHandshakeError) as full:
        await client.ws_connect("/ws")
    assert full.value.status == 503
    page = await client.get("/")
    assert page.status == 503 and "--max-sessions" in await page.text()
    await first.close()
    await until(lambda: not quiz_server.running and quiz_server.sessions.open == 0)
    assert app._process is not None and app._process.returncode is not None  # gone, reaped
    second = await client.ws_connect("/ws")  # the place is free again
    await second.close()


async def test_an_idle_session_is_closed() -> None:
    server = QuizServer([sys.executable, "-c", STAND_IN], TOKEN, idle_timeout=0.3)
    async for client in client_for(server):
        await client.get(f"/?token={TOKEN}")
        ws = await client.ws_connect("/ws")
        message = await asyncio.wait_for(ws.receive(), 60)  # nothing typed: closed by the server
        assert ws.closed, message
        await until(lambda: not server.running)


def test_sessions_count_against_their_limit() -> None:
    sessions = Sessions(2)
    assert sessions.claim() and sessions.claim()
    assert not sessions.claim()
    sessions.release()
    assert sessions.claim()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_this_machine_needs_no_warning(host: str) -> None:
    assert exposure_warning(host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "quiz.example.org"])
def test_another_address_warns(host: str) -> None:
    warning = exposure_warning(host)
    assert warning is not None and host in warning and "TLS" in warning


def test_quiz_serve_prints_a_private_url_and_warns_for_another_host(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "quiz",
            "serve",
            "--db",
            str(tmp_path / "q.db"),
            "--host",
            "0.0.0.0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        line = process.stdout.readline()  # blocks until the server is listening
        assert "quiz: serving the app at http://" in line and "/?token=" in line
        token = line.rsplit("token=", 1)[1].strip()
        assert len(token) >= 40  # secrets.token_urlsafe(32)
    finally:
        process.send_signal(signal.SIGINT)
        err = process.communicate(timeout=60)[1]
    assert process.returncode == 0, err
    assert "warning: serving on 0.0.0.0" in err and "TLS" in err


def test_a_bad_limit_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import run_cli

    code, output = run_cli(["serve", "--max-sessions", "0"], capsys)
    assert code == 2 and "--max-sessions" in output


def test_the_browsers_alternatives_collide_with_nothing() -> None:
    """Every binding on a key a browser keeps has an alternative; on each screen the
    alternative's key is no other binding's, nor a text box's (a priority binding would take
    it from the answer box)."""
    from textual.widgets import Input, TextArea

    from quiz.tui.destinations import screen_bindings

    typing = {key for widget in (TextArea, Input) for key in _keys(widget)}
    for screen, bindings in screen_bindings().items():
        for binding_id, key in bindings.items():
            if key in served.RESERVED_KEYS:
                assert binding_id in served.ALTERNATIVES, f"{binding_id} ({key}) on {screen}"
        with_them = served.with_alternatives(bindings)
        for binding_id, key in with_them.items():
            if binding_id in bindings:
                continue
            others = {k for i, k in with_them.items() if i != binding_id}
            assert key not in others | typing, f"{binding_id} ({key}) on {screen}"


def _keys(widget: type) -> set[str]:
    return {
        key.strip()
        for binding in widget.BINDINGS  # type: ignore[attr-defined]
        for key in getattr(binding, "key", "").split(",")
    }


async def test_served_the_footer_shows_the_alternatives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quiz.tui.app import QuizApp
    from quiz.tui.context import Options

    monkeypatch.setenv(served.SERVED_ENV, "1")
    app = QuizApp(Options(db=str(tmp_path / "q.db")))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        shown = {b.key: b.id for _, b, _, _ in app.screen.active_bindings.values() if b.show}
        assert shown.get("f10") == "quit-browser" and "ctrl+q" not in shown
        await pilot.press("f10")
        await pilot.pause()
    assert app.return_code == 0


def test_the_alternatives_can_be_remapped_in_the_config_file() -> None:
    from quiz.tui.config_names import keys_problem

    assert keys_problem({"quit-browser": "f9", "suspend-browser": "ctrl+e"}) is None
    clash = keys_problem({"suspend-browser": "ctrl+g"})  # bury's key on the asking screens
    assert clash is not None and "bury" in clash and "suspend-browser" in clash


async def test_served_an_asking_screen_offers_f8_for_ctrl_t(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from quiz.tui.screens.ask import AskScreen
    from quiz.tui.served import offer_alternatives

    screen = AskScreen("practice")  # not served: as declared
    offer_alternatives(screen, {})
    keys = {
        b.id: (key, b.show) for key, held in screen._bindings.key_to_bindings.items() for b in held
    }
    assert keys["suspend"] == ("ctrl+t", False) and keys["suspend-browser"] == ("f8", True)
    remapped = AskScreen("practice")  # the learner moved suspend off ctrl+t: nothing to offer
    offer_alternatives(remapped, {"suspend": "ctrl+e"})
    assert "suspend-browser" not in {
        b.id for held in remapped._bindings.key_to_bindings.values() for b in held
    }


def test_alternatives_leave_the_classes_bindings_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """A served app's alternatives are its own: they changed the class's bindings in place (a
    node's map is a shallow copy of its class's), and every later app's footer with them."""
    from quiz.tui.app import QuizApp
    from quiz.tui.context import Options

    def quit_bindings() -> list[tuple[str, bool]]:
        merged = QuizApp._merged_bindings
        assert merged is not None
        return [(b.key, b.show) for held in merged.key_to_bindings.values() for b in held]

    before = quit_bindings()
    monkeypatch.setenv(served.SERVED_ENV, "1")
    app = QuizApp(Options())
    assert any(
        b.id == "quit-browser" for held in app._bindings.key_to_bindings.values() for b in held
    )
    assert quit_bindings() == before
