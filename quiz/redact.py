"""Database URLs as they may be shown: any password replaced by ***. Standard library only, so
the settings code and the plain commands can use it without loading SQLAlchemy."""

from __future__ import annotations

import re

AUTHORITY = re.compile(r"(?P<scheme>[^:/?#]+://)(?P<user>[^:/?#@]*):[^/?#]*@")


def redacted_url(url: str) -> str:
    """'postgresql://ada:s3cret@host/db' -> 'postgresql://ada:***@host/db'; anything without a
    password (a file path, a URL without credentials) is returned as it is. (A password must be
    percent-encoded in a URL, so it holds no '/', '?', '#' or '@'.)"""
    return AUTHORITY.sub(r"\g<scheme>\g<user>:***@", url, count=1)
