"""How the scorer agrees with people on labelled answers (tests/data): per-point accuracy,
Spearman's rank correlation between the score and the labelled grade, mean score by kind, and
the rating each gets. With --suggested, each item is graded instead against the rubric `quiz
rubric suggest` proposes from its model answer (and prompt), pasted unedited: what an author
starts from (per-point accuracy does not apply, the points being others).

The labelled grade of an answer is the weighted share of its points that people judged satisfied
(a point judged half satisfied counts half). Baseline in the same run: a constant score (every
answer graded the same, which agrees on the points most answers miss) for per-point accuracy.

    python bench/grading_agreement.py [--suggested] [FILE ...]   (default: the held-out sets)

A FILE is YAML with an `answers:` list, or JSON Lines of the same records (the blind set of
issue 32, bench/data/blind_issue32.jsonl).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.bank.loader import load_bank  # noqa: E402
from quiz.bank.sources import bank_sources  # noqa: E402
from quiz.grading.calibration import GRADE_BOUNDS, rating_of  # noqa: E402
from quiz.grading.compiled import Rubric, compile_rubric  # noqa: E402
from quiz.grading.rubrics import score_item  # noqa: E402
from quiz.grading.score import score_answer  # noqa: E402
from quiz.grading.suggest import suggested_rubric  # noqa: E402
from quiz.srs.ratings import SCORE_CUTOFFS  # noqa: E402

DEFAULT = ("graded_answers_paraphrased.yaml", "graded_answers_heldout.yaml")


def ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(a: list[float], b: list[float]) -> float:
    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5
    vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb) if va and vb else 0.0


def evaluate(path: Path, suggested: bool = False) -> dict[str, Any]:
    bank = load_bank(bank_sources())
    with path.open(encoding="utf-8") as handle:
        if path.suffix == ".jsonl":  # one answer a line (bench/data/blind_issue32.jsonl)
            cases = [json.loads(line) for line in handle if line.strip()]
        else:
            cases = yaml.safe_load(handle)["answers"]
    agree = total = 0
    scores: list[float] = []
    grades: list[float] = []
    by_kind: dict[str, list[tuple[float, float]]] = defaultdict(list)
    good: dict[str, int] = defaultdict(int)  # per kind, the answers suggested good or easy
    pasted: dict[str, Rubric] = {}
    for case in cases:
        item = bank.get(case["question"])
        assert item is not None, case["question"]
        result = score_item(item, case["answer"], bank.lexicon)
        full, half = set(case["points"]), set(case.get("partial", ()))
        weights = {p.id: p.weight for p in result.points}
        unknown = (full | half) - set(weights)
        assert not unknown, f"{case['question']}: no points {sorted(unknown)}"
        grade = sum(weights[p] for p in full) + 0.5 * sum(weights[p] for p in half)
        grade /= sum(weights.values())
        if suggested:
            if item.id not in pasted:
                points = suggested_rubric(item.model_answer or "", bank.lexicon, item.prompt)
                pasted[item.id] = compile_rubric(points, bank.lexicon)
            result = score_answer(pasted[item.id], case["answer"], item.id)
            scores.append(result.score)
            grades.append(grade)
            by_kind[case["kind"]].append((result.score, grade))
            continue
        for point in result.points:
            if point.id in half:
                continue  # a half-satisfied point is neither a hit nor a miss to agree with
            total += 1
            agree += point.hit == (point.id in full)
        scores.append(result.score)
        grades.append(grade)
        by_kind[case["kind"]].append((result.score, grade))
        good[case["kind"]] += result.suggested >= 3
    bounds = [bound for bound, _ in SCORE_CUTOFFS]
    same = sum(
        rating_of(s, bounds) == rating_of(g, GRADE_BOUNDS)
        for s, g in zip(scores, grades, strict=True)
    )
    gaps = [abs(s - g) for s, g in zip(scores, grades, strict=True)]
    return {
        "rating": same / len(cases),
        "mean_gap": sum(gaps) / len(gaps),
        "answers": len(cases),
        "per_point": f"{agree / total:.3f}" if total else "n/a (not the bank's points)",
        "spearman": spearman(scores, grades),
        "by_kind": {
            kind: (
                sum(s for s, _ in v) / len(v),
                sum(g for _, g in v) / len(v),
                len(v),
                good[kind],
            )
            for kind, v in sorted(by_kind.items())
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument(
        "--suggested", action="store_true", help="grade against pasted `rubric suggest` rubrics"
    )
    args = parser.parse_args()
    files = args.files or [ROOT / "tests" / "data" / name for name in DEFAULT]
    for path in files:
        found = evaluate(path, args.suggested)
        print(f"{path.name}: {found['answers']} answers")
        print(f"  per-point accuracy {found['per_point']}   Spearman {found['spearman']:.3f}")
        print(
            f"  suggested rating = the people's {found['rating']:.3f}   mean |score - grade| "
            f"{found['mean_gap']:.3f}"
        )
        print(f"  {'kind':<18} {'n':>3}  mean score  mean label grade  good or easy")
        for kind, (score, grade, n, good) in found["by_kind"].items():
            print(f"  {kind:<18} {n:>3}  {score:10.2f}  {grade:16.2f}  {good:12d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
