"""The `quiz` command line."""

from quiz.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
