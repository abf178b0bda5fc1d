from __future__ import annotations

import contextlib
import os
import signal
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Property tests: in the suite, the same examples on every run (derandomized, no example database
# written), never a deadline (the suite must pass on a busy machine); `HYPOTHESIS_PROFILE=long`
# explores many more, freshly drawn, before a change lands.
settings.register_profile(
    "ci",
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
settings.register_profile(
    "long", max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

DATA = Path(__file__).parent / "data"
# Correct answers to ch44.q1 and ch44.q2 for tests that need one recorded.
Q1_ANSWER = "Bandwidth is the rate data is read from GPU memory; each token reads all the weights."
Q2_ANSWER = "Memory-bound work lacks capacity; bandwidth-bound work lacks transfer speed."
SELF_RATED = DATA / "self_rated_bank.yaml"  # a question whose follow-ups are rated by the learner
POSTGRES = os.environ.get("QUIZ_TEST_POSTGRES", "")  # a server's URL, as a superuser
NO_POSTGRES = (
    "no PostgreSQL server for the tests: set QUIZ_TEST_POSTGRES=postgresql://user@host:port/db "
    '(a throwaway one: eval "$(scripts/throwaway-postgres start)")'
)


@pytest.fixture(autouse=True)
def _isolated_env(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep tests away from the user's cache, database and bank settings."""
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("QUIZ_BANK", raising=False)
    monkeypatch.delenv("QUIZ_DB", raising=False)
    monkeypatch.delenv("QUIZ_NOW", raising=False)
    for name in ("QUIZ_PROFILE", "QUIZ_THEME", "QUIZ_DAILY_NEW_LIMIT", "QUIZ_RETENTION"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path_factory.mktemp("config") / "config.toml"
    monkeypatch.setenv("QUIZ_CONFIG", str(config))


class Hang(BaseException):  # not caught by the code's own `except Exception`
    """The guarded code ran far past any reasonable time: it is stuck, not slow."""


@contextlib.contextmanager
def finishes(seconds: float = 120) -> Iterator[None]:
    """Guard against a hang (an alarm after `seconds`, far beyond what the work needs on the
    busiest machine). Not a speed check: speed is measured by the benchmarks in bench/."""

    def stuck(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(params=["sqlite", "postgresql"])
def dialect(request: pytest.FixtureRequest) -> str:
    """Run the test on each database quiz supports. Without a PostgreSQL server the PostgreSQL
    run skips (QUIZ_REQUIRE_POSTGRES=1, set by CI, makes it fail instead)."""
    if request.param == "postgresql":
        require_postgres()
    return str(request.param)


def require_postgres() -> None:
    if not POSTGRES:
        if os.environ.get("QUIZ_REQUIRE_POSTGRES") == "1":
            pytest.fail(NO_POSTGRES)
        pytest.skip(NO_POSTGRES)


def postgres_url(database: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(POSTGRES).set(database=database).render_as_string(hide_password=False)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A SQLite progress database's path (not made yet)."""
    return tmp_path / "progress.db"


@pytest.fixture
def store(db: Path) -> Iterator[Any]:
    """The store on `db` (modules testing other databases define their own)."""
    from quiz.store.location import database_url
    from quiz.store.store import Store

    opened = Store.open(database_url(str(db)))
    yield opened
    opened.close()


def admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(statement)


@pytest.fixture
def new_db(dialect: str, tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """Makes empty databases of the test's dialect: `new_db("one")` gives a SQLite file's path
    or a fresh PostgreSQL database's URL, either of which `--db` takes. Dropped afterwards."""
    made: list[str] = []

    def make(name: str = "q") -> str:
        if dialect == "sqlite":
            return str(tmp_path / f"{name}.db")
        database = f"quiz_test_{name}_{uuid.uuid4().hex[:10]}".lower()
        admin(f'CREATE DATABASE "{database}"')
        made.append(database)
        return postgres_url(database)

    yield make
    for database in made:
        admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture
def postgres() -> Iterator[str]:
    """A fresh PostgreSQL database's URL, for the tests of PostgreSQL-only behaviour."""
    require_postgres()
    database = f"quiz_test_pg_{uuid.uuid4().hex[:10]}"
    admin(f'CREATE DATABASE "{database}"')
    yield postgres_url(database)
    admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def one_question_bank(prompt: str = "What is bandwidth?", rev: int | None = None) -> str:
    """A bank of one question, `t.q1`, with a one-point rubric, as YAML (its `rev` line only
    when one is given: line numbers of the shortest form are what test_bank_malformed reads)."""
    revision = f"\n    rev: {rev}" if rev is not None else ""
    return f"""questions:
  - id: t.q1{revision}
    topic: demo
    prompt: {prompt}
    model_answer: The rate at which data moves.
    rubric:
      - id: def
        criterion: Defines it.
        concepts:
          - forms: [rate, speed]
"""


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """A command's exit code and everything it printed; an exception escaping main fails the
    test (argparse's usage errors are exit codes)."""
    from quiz.cli import main

    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def recorded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A database with one answer in it."""
    from quiz.cli import main

    db = tmp_path / "q.db"
    assert main(["answer", "ch44.q2", "--answer", Q2_ANSWER, "--db", str(db)]) == 0
    capsys.readouterr()
    return db


def make_due(
    db: Path | str,
    item_id: str,
    monkeypatch: pytest.MonkeyPatch,
    when: str,
    bank: Path = SELF_RATED,
) -> None:
    """Answer an item of the bank (the self-rated one unless told) at `when` (ISO), so it is
    due well after."""
    from quiz.cli import main

    monkeypatch.setenv("QUIZ_NOW", when)
    argv = ["answer", item_id, "--answer", "the rate data moves", "--rating", "good"]
    assert main([*argv, "--bank", str(bank), "--db", str(db)]) == 0
    monkeypatch.delenv("QUIZ_NOW")


# ---- a cohort on PostgreSQL ---------------------------------------------------------------


def as_role(url: str, role: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(username=role, password=None).render_as_string(hide_password=False)


def one_value(url: str, query: str) -> object:
    """The first column of the first row a query gives, as the URL's role (psycopg itself)."""
    import psycopg

    with psycopg.connect(plain(url)) as connection:
        row = connection.execute(query).fetchone()
        assert row is not None
        return row[0]


def as_learner(url: str, *statements: str) -> None:
    """Run the statements as the URL's role and commit them."""
    import psycopg

    with psycopg.connect(plain(url)) as connection:
        for statement in statements:
            connection.execute(statement)


def plain(url: str) -> str:
    """The URL for psycopg itself (no SQLAlchemy driver name)."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def cohort(postgres: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """A shared database with an instructor and two learners who have answered: role -> URL
    (and "owner": the database's owner; "<who>_role": each role's name)."""
    import psycopg

    from quiz.cli import main

    suffix = uuid.uuid4().hex[:6]
    names = {"ada": f"ada_{suffix}", "bob": f"bob_{suffix}", "mia": f"mia_{suffix}"}
    monkeypatch.setenv("QUIZ_NOW", "2026-12-01T09:00:00Z")
    assert main(["db", "sync", "--db", postgres]) == 0  # the owner brings the shared items
    assert main(["db", "add-instructor", names["mia"], "--db", postgres]) == 0
    for learner in ("ada", "bob"):
        assert main(["db", "add-learner", names[learner], "--db", postgres]) == 0
    urls = {who: as_role(postgres, role) for who, role in names.items()}
    for item in ("ch44.q1", "ch44.q2"):
        assert main(["answer", item, "--answer", Q1_ANSWER, "--db", urls["ada"]]) == 0
    assert main(["answer", "ch44.q3", "--answer", Q1_ANSWER, "--db", urls["bob"]]) == 0
    yield {**urls, "owner": postgres, **{f"{k}_role": v for k, v in names.items()}}
    with psycopg.connect(plain(postgres), autocommit=True) as connection:
        for role in names.values():
            connection.execute(f'DROP OWNED BY "{role}"')
    for role in names.values():
        admin(f'DROP ROLE IF EXISTS "{role}"')


def count(url: str, table: str) -> int:
    """Rows of the table as the URL's role sees them."""
    import psycopg

    with psycopg.connect(plain(url)) as connection:
        row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
        assert row is not None
        return int(row[0])


def refused(url: str, statements: Sequence[str]) -> None:
    """Each statement, run as the URL's role, is refused for want of privilege."""
    import psycopg

    for statement in statements:
        with (
            psycopg.connect(plain(url)) as connection,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            connection.execute(statement)
