"""Import benchmark: a generated backup of N answers imported into a fresh database, then the
same file again (it adds nothing), each timed in a fresh process; the baseline is reading and
parsing the same file with json (measured in the same run).

    python bench/import_speed.py [--answers 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def backup(answers: int) -> dict[str, object]:
    stamp = "2026-11-01T09:00:00+00:00"
    items = [
        {
            "id": f"ch44.q{n}",
            "kind": "question",
            "topic": "t",
            "parent_id": None,
            "rev": 1,
            "content_hash": "h",
            "title": f"Q{n}",
            "position": n,
            "first_seen": stamp,
            "last_seen": stamp,
            "removed": False,
        }
        for n in range(1, 8)
    ]
    attempts = [
        {
            "uid": f"bench-{index}",
            "item": f"ch44.q{index % 7 + 1}",
            "has_card": False,
            "interview": None,
            "created_at": f"2026-{index % 12 + 1:02d}-{index % 28 + 1:02d}T09:00:00+00:00",
            "mode": "cram",
            "answer": "Bandwidth is the rate of data transfer from memory.",
            "score": 0.5,
            "correct": None,
            "points": '[{"id": "definition", "hit": true}]',
            "suggested_rating": 2,
            "final_rating": 2,
            "seed": None,
            "duration_ms": 30000,
            "content_hash": "h",
            "rev": 1,
            "scheduled": False,
            "card_before": None,
            "state_before": None,
            "undone": False,
            "review": None,
        }
        for index in range(answers)
    ]
    profile = {
        "name": "bench",
        "created_at": stamp,
        "settings": {
            "desired_retention": 0.9,
            "learning_steps": "60,600",
            "relearning_steps": "600",
            "maximum_interval": 36500,
            "daily_new_limit": 10,
            "fuzzing": True,
        },
        "cards": [],
        "interviews": [],
        "attempts": attempts,
    }
    return {
        "format": "quiz-progress",
        "version": 1,
        "exported_at": stamp,
        "items": items,
        "profiles": [profile],
    }


def timed(argv: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, *argv], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path, db = Path(tmp) / "backup.json", Path(tmp) / "bench.db"
        path.write_text(json.dumps(backup(args.answers)), encoding="utf-8")
        parse = timed(["-c", f"import json; json.load(open({str(path)!r}))"])
        first = timed(["-m", "quiz", "import", str(path), "--db", str(db)])
        again = timed(["-m", "quiz", "import", str(path), "--db", str(db)])
        size = path.stat().st_size
    print(f"backup of {args.answers:,} answers ({size / 1e6:.1f} MB)")
    print(f"json parse alone (fresh process): {parse:7.2f} s  (baseline)")
    print(f"import into a new database:       {first:7.2f} s  = {first / parse:.1f}x")
    print(f"the same file again (adds none):  {again:7.2f} s  = {again / parse:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
