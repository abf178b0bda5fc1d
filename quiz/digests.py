"""Content digests (BLAKE2b) for cache keys, cheap to import.

`hashlib` loads OpenSSL when imported, a few milliseconds of every plain command's start; BLAKE2
is built into the interpreter, so it is taken from there when it can be.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # an interpreter built without its own BLAKE2
    from hashlib import blake2b

__all__ = ["blake2b"]
