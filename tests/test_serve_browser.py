"""`quiz serve` in a real browser: the distribution's Chromium (/usr/bin/chromium), driven by
Playwright for Python (no browser download). One server for the module; each test opens its
own page. Chromium runs without WebGL so that xterm.js draws the terminal as text in the page
(its DOM renderer): the page's own text is what the tests read. Every wait is for a condition,
with a deadline far beyond what it needs; screenshots are kept in the test's tmp_path.

Without /usr/bin/chromium (or Playwright) the tests skip, saying so; CI installs Chromium and
sets QUIZ_REQUIRE_BROWSER=1, so there they fail instead."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pytest

from tests.conftest import Q1_ANSWER

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

ROOT = Path(__file__).parent.parent
CHROMIUM = Path("/usr/bin/chromium")
DEADLINE = 60.0  # seconds: far beyond what any wait here needs on a busy machine


def _unavailable() -> str | None:
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
        import textual_serve  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def playwright_session() -> Iterator[Playwright]:
    missing = _unavailable()
    if missing is not None:
        if os.environ.get("QUIZ_REQUIRE_BROWSER") == "1":
            pytest.fail(f"the browser tests cannot run: {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def browser(playwright_session: Playwright) -> Iterator[Browser]:
    args = ["--disable-webgl", "--disable-webgl2"]  # xterm.js then draws text into the page
    if os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium's sandbox refuses to run as root
    browser = playwright_session.chromium.launch(executable_path=str(CHROMIUM), args=args)
    yield browser
    browser.close()


class Served(NamedTuple):
    url: str  # with its token
    base: str  # http://127.0.0.1:PORT
    db: Path
    pid: int  # the server's


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`quiz serve` on a fresh database, as a learner would start it."""
    folder = tmp_path_factory.mktemp("served")
    db = folder / "q.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUIZ_", "TEXTUAL_"))}
    env |= {"QUIZ_CONFIG": str(folder / "config.toml"), "QUIZ_CACHE_DIR": str(folder / "cache")}
    process = subprocess.Popen(
        [sys.executable, "-m", "quiz", "serve", "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # printed once it listens (or '' if it failed)
    if "http://" not in line:
        process.kill()
        pytest.fail(f"quiz serve did not start: {line!r} {process.communicate()[1]}")
    url = line.split()[-1]
    try:
        yield Served(url, url.split("/?", 1)[0], db, process.pid)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(DEADLINE)
        except subprocess.TimeoutExpired:
            process.kill()
            raise


def until(condition: Callable[[], bool], what: str, seconds: float = DEADLINE) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds:g} s: {what}"
        time.sleep(0.05)


def screen_text(page: Page) -> str:
    return page.locator(".xterm-rows").inner_text() if page.locator(".xterm-rows").count() else ""


def wait_for_text(page: Page, *texts: str) -> str:
    """The terminal's text once it shows every one of `texts`."""
    until(lambda: all(text in screen_text(page) for text in texts), f"{texts} on screen")
    return screen_text(page)


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended while listed
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def attempts(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("select count(*) from attempts").fetchone()[0])


def test_an_answer_in_the_browser_is_graded_and_stored(
    served: Served, browser: Browser, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("websocket", lambda ws: requested.append(ws.url))
    page.goto(served.url)
    home = wait_for_text(page, "due now", "Practice", "Quit")
    assert "f10 Quit" in home and "^q" not in home  # the browser keeps ctrl+q: F10 instead
    page.screenshot(path=tmp_path / "home.png")

    page.keyboard.press("p")
    asking = wait_for_text(page, "Submit")
    assert "f8 Suspend" in asking and "^t" not in asking  # the browser keeps ctrl+t
    page.keyboard.type(Q1_ANSWER)
    wait_for_text(page, Q1_ANSWER[:30])  # echoed in the answer box
    page.keyboard.press("Control+s")
    feedback = wait_for_text(page, "Rating:")
    assert "Score" in feedback or "correct" in feedback or "wrong" in feedback
    page.screenshot(path=tmp_path / "feedback.png")
    assert attempts(served.db) == 1  # committed before the verdict was shown

    page.keyboard.press("Escape")
    wait_for_text(page, "due now")
    page.keyboard.press("s")
    stats = wait_for_text(page, "Due, next 30 days", "next 7 days")
    assert "Mastery" in stats
    page.screenshot(path=tmp_path / "stats.png")
    page.close()

    for name in ("home", "feedback", "stats"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000, name
    ws_base = served.base.replace("http://", "ws://", 1)
    elsewhere = [u for u in requested if not u.startswith((served.base, ws_base))]
    assert requested and elsewhere == []  # the page works offline: nothing left the machine


def test_without_the_token_the_server_refuses(served: Served, browser: Browser) -> None:
    context = browser.new_context()  # no cookie from an earlier page
    try:
        for path in ("/", "/?token=wrong", "/ws", "/static/js/textual.js"):
            response = context.request.get(served.base + path)
            assert response.status == 403, path
        page = context.new_page()
        shown = page.goto(served.base + "/")
        assert shown is not None and shown.status == 403
        assert "token" in page.content()
    finally:
        context.close()


def test_closing_the_page_ends_its_app_process(served: Served, browser: Browser) -> None:
    before = children(served.pid)
    page = browser.new_page()
    page.goto(served.url)
    wait_for_text(page, "due now")
    until(lambda: len(children(served.pid) - before) == 1, "one app process for the page")
    (app,) = children(served.pid) - before
    page.close()
    until(lambda: not Path(f"/proc/{app}").exists(), f"app process {app} gone")
    assert children(served.pid) == before
