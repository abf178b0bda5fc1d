"""`quiz serve`: the app in a browser tab (the `serve` extra: textual-serve and aiohttp)."""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
import webbrowser

from quiz.cli.common import UsageError, db_option, extra_banks, profile_for


def add_serve_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only; any other warns)",
    )
    p.add_argument(
        "--port", type=int, default=0, help="port to listen on (default: a free one, printed)"
    )
    p.add_argument("--open", action="store_true", help="open the URL in the default browser")
    p.add_argument(
        "--max-sessions",
        type=int,
        default=3,
        metavar="N",
        help="app processes (browser tabs) at once (default 3)",
    )
    p.add_argument(
        "--idle-timeout",
        type=float,
        default=1800.0,
        metavar="S",
        help="end a tab's session after S seconds without a key (default 1800)",
    )


def app_command(args: argparse.Namespace) -> list[str]:
    """The command line each browser tab's app runs: this quiz, with the flags given here (the
    app reads the config file and the environment itself, as in a terminal)."""
    argv = [sys.executable, "-m", "quiz"]
    if getattr(args, "db", None) is not None:
        argv += ["--db", str(args.db)]
    for bank in getattr(args, "bank", None) or ():
        argv += ["--bank", str(bank)]
    if getattr(args, "profile", None) is not None:
        argv += ["--profile", str(args.profile)]
    return argv


def cmd_serve(args: argparse.Namespace) -> int:
    """`quiz serve`: serve the app to a browser, to whoever has the printed URL."""
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535, not {args.port}")
    if not 1 <= args.max_sessions <= 100:
        raise UsageError(f"--max-sessions must be between 1 and 100, not {args.max_sessions}")
    if not 10 <= args.idle_timeout <= 7 * 86400:
        raise UsageError(
            f"--idle-timeout must be between 10 and 604800 seconds, not {args.idle_timeout:g}"
        )
    extra_banks(args), db_option(args), profile_for(args)  # a bad flag fails here, not per tab
    try:
        from quiz.tui.server import QuizServer, exposure_warning, url_host
    except ImportError as exc:
        raise UsageError(
            f"quiz serve needs the serve extra ({exc.name} is missing): pip install 'quiz[serve]'"
        ) from None
    warning = exposure_warning(args.host)
    if warning is not None:
        print(f"quiz: warning: {warning}", file=sys.stderr)
    token = secrets.token_urlsafe(32)
    server = QuizServer(
        app_command(args),
        token,
        max_sessions=args.max_sessions,
        idle_timeout=args.idle_timeout,
    )

    def ready(port: int) -> None:
        url = f"http://{url_host(args.host)}:{port}/?token={token}"
        print(f"quiz: serving the app at {url}", flush=True)
        print(
            "quiz: the URL is the key to your progress: share it with no one. ctrl+c stops.",
            flush=True,
        )
        if args.open:
            webbrowser.open(url)

    try:
        asyncio.run(server.run(args.host, args.port, ready))
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    return 0
