"""The user's config file (TOML in the platform config dir), environment variables and flags,
resolved into one set of effective settings that remembers where each value came from.

Precedence, highest first: command-line flag, environment variable, config file, built-in
default. Bank paths add up instead (config file, then QUIZ_BANK, then --bank). A config file that
cannot be used never stops quiz: each problem is reported as `file:line: message` and the setting
falls back to the next source. Cheap to import (the standard library only).
"""

from __future__ import annotations

import math
import os
import re
import stat
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from quiz.paths import user_dir, user_path
from quiz.printable import visible_name
from quiz.redact import redacted_url

MAX_CONFIG_BYTES = 256 * 1024
KEY_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
KEY_SPEC = re.compile(r"^[A-Za-z0-9_+,.;:/\\\-=\[\]'`#!$%^&*()<>?{}|~\"@ ]{1,60}$")


class Setting(NamedTuple):
    """One effective value and where it came from ('default', 'config', 'env QUIZ_DB', ...)."""

    value: Any
    source: str


class Config(NamedTuple):
    path: Path
    db: Setting
    banks: tuple[Setting, ...]
    profile: Setting
    theme: Setting
    daily_new_limit: Setting
    desired_retention: Setting
    interview_date: Setting
    keys: Mapping[str, Setting] = MappingProxyType({})
    problems: tuple[str, ...] = ()  # located, one line each

    def to_json(self) -> dict[str, Any]:
        def one(s: Setting) -> dict[str, Any]:
            value = s.value.isoformat() if isinstance(s.value, date) else s.value
            return {"value": value, "source": s.source}

        return {
            "path": str(self.path),
            "db": {**one(self.db), "value": redacted_url(self.db.value) if self.db.value else None},
            "banks": [one(b) for b in self.banks],
            "profile": one(self.profile),
            "theme": one(self.theme),
            "daily_new_limit": one(self.daily_new_limit),
            "desired_retention": one(self.desired_retention),
            "interview_date": one(self.interview_date),
            "keys": {name: one(s) for name, s in self.keys.items()},
            "problems": list(self.problems),
        }


def config_path(environ: Mapping[str, str] = os.environ) -> Path:
    override = environ.get("QUIZ_CONFIG")
    if override:
        return user_path(override)
    return user_dir("config") / "config.toml"


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() and "\0" not in value else None


PROFILE_NAME_MAX = 100  # the profiles table's name column (and a backup's)


def profile_name(value: Any) -> str | None:
    """A name a learner can see and type again: printable, every character visible (no
    zero-width or filler characters: two names that look alike are one), not padded, not too
    long."""
    if isinstance(value, str) and value == value.strip() and visible_name(value):
        return value if 0 < len(value) <= PROFILE_NAME_MAX else None
    return None


def _limit(value: Any) -> int | None:
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 6:
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1000:
        return value
    return None


def _retention(value: Any) -> float | None:
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number) and 0.7 <= number <= 0.99:
            return number
    return None


def _date(value: Any) -> date | None:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    return None


_FIELDS: dict[str, tuple[Any, str, str]] = {
    # name: (checker, environment variable, what a valid value is)
    "db": (_text, "QUIZ_DB", "a file path or a database URL"),
    "profile": (
        profile_name,
        "QUIZ_PROFILE",
        f"a profile name (1-{PROFILE_NAME_MAX} printable characters, no spaces around it)",
    ),
    "theme": (_text, "QUIZ_THEME", "a theme name"),
    "daily_new_limit": (_limit, "QUIZ_DAILY_NEW_LIMIT", "a whole number from 0 to 1000"),
    "desired_retention": (_retention, "QUIZ_RETENTION", "a number from 0.70 to 0.99"),
    "interview_date": (_date, "QUIZ_INTERVIEW_DATE", "a date such as 2027-01-20"),
}
_KNOWN = {*_FIELDS, "banks", "keys"}


def checked_flag(name: str, value: str) -> Any:
    """A command-line value checked as the setting `name` is in the config file; ValueError
    saying what a valid value is."""
    check, _, wanted = _FIELDS[name]
    found = check(value)
    if found is None:
        raise ValueError(f"must be {wanted}, not {value!r}")
    return found


def located(path: Path, key: str, section: str | None = None) -> str:
    """`file:line` of a key of the config file (line 1 if it cannot be told), for a problem
    found after reading (a theme or a key the app does not know)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    return f"{path}:{_line_of(text, key, section)}"


def _line_of(text: str, key: str, section: str | None = None) -> int:
    """The line where a key is set (1 if it cannot be told): TOML parsers give no positions."""
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            current = stripped.strip("[] ")
            if section is None and current == key:
                return number
            continue
        name = stripped.split("=", 1)[0].strip().strip("\"'")
        if "=" in stripped and name == key and current == section:
            return number
    return 1


def _read(path: Path, problems: list[str]) -> tuple[dict[str, Any], str]:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return {}, ""
    except OSError as exc:
        problems.append(f"{path}:1: cannot read the config file: {exc.strerror}")
        return {}, ""
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            problems.append(f"{path}:1: not a regular file")
            return {}, ""
        if info.st_size > MAX_CONFIG_BYTES:
            problems.append(f"{path}:1: larger than {MAX_CONFIG_BYTES // 1024} KiB")
            return {}, ""
        data = os.read(fd, MAX_CONFIG_BYTES + 1)
    finally:
        os.close(fd)
    import tomllib  # only when there is a config file to read

    try:
        text = data.decode("utf-8")
        return tomllib.loads(text), text
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(f"{path}:{line}: not UTF-8 text")
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = f"{found.group(1)}:{found.group(2)}" if found else "1"
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "invalid TOML"
        problems.append(f"{path}:{where}: invalid TOML: {message}")
    except RecursionError:
        problems.append(f"{path}:1: invalid TOML: nested too deeply")
    return {}, ""


def load_config(
    flags: Mapping[str, Any] | None = None, environ: Mapping[str, str] = os.environ
) -> Config:
    """The effective settings; `flags` holds the command line's values (None: not given)."""
    flags = flags or {}
    path = config_path(environ)
    problems: list[str] = []
    document, text = _read(path, problems)
    for key in document:
        if key not in _KNOWN:
            known = ", ".join(sorted(_KNOWN))
            problems.append(f"{path}:{_line_of(text, key)}: unknown setting {key!r} ({known})")
    chosen: dict[str, Setting] = {}
    for name, (check, variable, wanted) in _FIELDS.items():
        setting = Setting(None, "default")
        if name in document:
            value = check(document[name])
            if value is None:
                line = _line_of(text, name)
                problems.append(f"{path}:{line}: {name} must be {wanted}, not {document[name]!r}")
            else:
                setting = Setting(value, "config")
        if environ.get(variable):
            value = check(environ[variable])
            if value is None:
                problems.append(f"{variable}: must be {wanted}, not {environ[variable]!r}")
            else:
                setting = Setting(value, f"env {variable}")
        if flags.get(name) is not None:
            setting = Setting(flags[name], "flag --" + name.replace("_", "-"))
        chosen[name] = setting
    if chosen["profile"].value is None:
        chosen["profile"] = Setting("default", "default")
    return Config(
        path=path,
        banks=_banks(document, text, path, flags, environ, problems),
        keys=_keys(document, text, path, problems),
        problems=tuple(problems),
        **chosen,
    )


def _banks(
    document: Mapping[str, Any],
    text: str,
    path: Path,
    flags: Mapping[str, Any],
    environ: Mapping[str, str],
    problems: list[str],
) -> tuple[Setting, ...]:
    found: list[Setting] = []
    listed = document.get("banks", [])
    if isinstance(listed, str):
        listed = [listed]
    if not isinstance(listed, list) or not all(_text(p) for p in listed):
        problems.append(f"{path}:{_line_of(text, 'banks')}: banks must be a list of paths")
        listed = []
    found += [Setting(str(user_path(p)), "config") for p in listed]
    found += [
        Setting(p, "env QUIZ_BANK") for p in environ.get("QUIZ_BANK", "").split(os.pathsep) if p
    ]
    found += [Setting(p, "flag --bank") for p in flags.get("banks") or ()]
    return tuple(found)


def _keys(
    document: Mapping[str, Any], text: str, path: Path, problems: list[str]
) -> dict[str, Setting]:
    table = document.get("keys", {})
    if not isinstance(table, dict):
        problems.append(f"{path}:{_line_of(text, 'keys')}: keys must be a table ([keys])")
        return {}
    keys: dict[str, Setting] = {}
    for binding, key in table.items():
        line = _line_of(text, binding, "keys")
        if not KEY_ID.match(binding):
            problems.append(f"{path}:{line}: {binding!r} is not a binding id")
        elif not isinstance(key, str) or not KEY_SPEC.match(key):
            problems.append(f"{path}:{line}: keys.{binding} must be a key name such as 'ctrl+n'")
        else:
            keys[binding] = Setting(key, "config")
    return keys
