"""Short-answer grading benchmark: SemEval-2013 Task 7 (Beetle, SciEntsBank), 2-way labels.

For each reference answer of a question a rubric is built with the `quiz rubric suggest`
machinery (quiz.grading.suggest.word_concepts): one point per content word, "not X" where the
reference negates X, and words that merely repeat the question weighted down ("question
demoting"). A student answer's feature is its best score against one reference's rubric, as the
scorer computes it (stems, typo budget, negation). The demoting weight and one cut-off per corpus
are chosen on the train split only; the script prints 2-way weighted F1 and accuracy for the
unseen-answers (UA) and unseen-questions (UQ) test sets beside the published figures.

A second table goes beyond the reference answers, for UA only (where the questions are known):
the train split's graded student answers to the same question become references too, each as a
rubric of its own. An answer's feature is then its best score against the reference answers and
the correct train answers, less a weight times its best score against the incorrect ones (on the
train split an answer is never compared with itself). The weight and the cut-off are again
chosen on the train split only.

The data (CC BY-SA 3.0) is read from ../shared/data/semeval2013/ or --data; it is never shipped.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.bank.loader import load_bank, validated  # noqa: E402
from quiz.bank.schema import RubricPoint  # noqa: E402
from quiz.bank.sources import bank_sources  # noqa: E402
from quiz.grading.compiled import Rubric, compile_rubric  # noqa: E402
from quiz.grading.match import stem  # noqa: E402
from quiz.grading.score import score_answer  # noqa: E402
from quiz.grading.suggest import suggested_rubric, word_concepts  # noqa: E402
from quiz.grading.text import tokenize  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "semeval2013" / "semeval2013_sra.csv"
PUBLISHED = {"beetle": (0.742, 0.845), "sciEntsBank": (0.661, 0.773)}  # baseline, best system


DEMOTING_WEIGHTS = (1.0, 0.5, 0.25)
INCORRECT_WEIGHTS = (0.0, 0.25, 0.5, 0.75)
Scored = dict[tuple[str, str], list[tuple[float, bool]]]
Neighbours = dict[str, list[tuple[float, float, float, bool]]]  # per split: ref, right, wrong, gold


def build_rubrics(references: list[str], question: str, demote: float) -> list[Rubric]:
    """One rubric per reference answer: a point per content word, question words demoted."""
    asked = {stem(word) for word in tokenize(question).words}
    rubrics = []
    for reference in references:
        points = [
            validated(
                RubricPoint,
                {
                    "id": f"c{index}",
                    "criterion": forms[0],
                    "weight": demote if stem(forms[0].split()[-1]) in asked else 1.0,
                    "concepts": [{"forms": list(forms)}],
                },
            )
            for index, forms in enumerate(word_concepts(reference))
        ]
        if points:
            rubrics.append(compile_rubric(points))
    return rubrics


def feature(rubrics: list[Rubric], answer: str) -> float:
    return max((score_answer(rubric, answer).score for rubric in rubrics), default=0.0)


def score_all(rows: list[dict[str, str]], demote: float) -> Scored:
    return score_with(rows, lambda references, q: build_rubrics(references, q, demote))


def score_with(
    rows: list[dict[str, str]], build: Callable[[list[str], str], list[Rubric]]
) -> Scored:
    """Each answer's feature against the rubrics `build` makes of its question's references."""
    rubrics: dict[str, list[Rubric]] = {}
    scored: Scored = defaultdict(list)
    for row in rows:
        question = row["question_id"]
        if question not in rubrics:
            references = json.loads(row["all_reference_answers"])
            rubrics[question] = build(references, row["question"])
        value = feature(rubrics[question], row["student_answer"])
        scored[(row["corpus"], row["split"])].append((value, row["label_2way"] == "correct"))
    return scored


def neighbours(rows: list[dict[str, str]], demote: dict[str, float]) -> Neighbours:
    """Per answer of the train and UA splits of a corpus: its best score against the reference
    answers, against the correct train answers and against the incorrect ones."""
    by_question: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        if row["split"] != "test-unseen-questions":
            by_question[row["question_id"]].append(row)
    found: Neighbours = defaultdict(list)
    for answers in by_question.values():
        first = answers[0]
        weight = demote[first["corpus"]]
        references = json.loads(first["all_reference_answers"])
        rubrics = build_rubrics(references, first["question"], weight)
        graded = [
            (row["answer_id"], row["label_2way"] == "correct", rubric)
            for row in answers
            if row["split"] == "train"
            for rubric in build_rubrics([row["student_answer"]], first["question"], weight)
        ]
        for row in answers:
            answer = row["student_answer"]
            best = {True: 0.0, False: 0.0}
            for answer_id, correct, rubric in graded:
                if answer_id != row["answer_id"]:
                    best[correct] = max(best[correct], score_answer(rubric, answer).score)
            found[f"{row['corpus']}:{row['split']}"].append(
                (feature(rubrics, answer), best[True], best[False], row["label_2way"] == "correct")
            )
    return found


def weighted_f1(gold: list[bool], predicted: list[bool]) -> float:
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g and p)
    fp = sum(1 for g, p in zip(gold, predicted, strict=True) if not g and p)
    fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g and not p)
    return _weighted_f1(tp, fp, fn, len(gold) - tp - fp - fn)


def _weighted_f1(tp: int, fp: int, fn: int, tn: int) -> float:
    """2-way F1 of each label weighted by its support, from the confusion counts."""
    total = tp + fp + fn + tn
    score = 0.0
    for hits, false_alarms, misses in ((tp, fp, fn), (tn, fn, fp)):
        support = hits + misses
        if support:
            precision = hits / (hits + false_alarms) if hits + false_alarms else 0.0
            recall = hits / support
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            score += f1 * support / total
    return score


def best_cutoff(rows: list[tuple[float, bool]]) -> float:
    """The cut-off (one of the values) with the best weighted F1, the lowest among equals: one
    sweep down the sorted values."""
    positives = sum(1 for _, label in rows if label)
    negatives = len(rows) - positives
    ordered = sorted(rows, key=lambda row: row[0], reverse=True)
    best, best_f1 = 0.5, -1.0
    tp = fp = 0
    for index, (value, label) in enumerate(ordered):
        tp, fp = (tp + 1, fp) if label else (tp, fp + 1)
        if index + 1 < len(ordered) and ordered[index + 1][0] == value:
            continue  # every answer of this value is on the same side of the cut
        f1 = _weighted_f1(tp, fp, positives - tp, negatives - fp)
        if f1 >= best_f1:
            best, best_f1 = value, f1
    return best


def read_rows(path: Path, script: str) -> list[dict[str, str]] | None:
    """The data set's rows, or None (said on stdout) when it is not there."""
    if not path.is_file():
        print(f"{script}: no data at {path}; pass --data PATH/semeval2013_sra.csv")
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="semeval2013_sra.csv")
    args = parser.parse_args()
    rows = read_rows(args.data, "asag")
    if rows is None:
        return 2
    started = time.perf_counter()
    runs = {demote: score_all(rows, demote) for demote in DEMOTING_WEIGHTS}
    elapsed = time.perf_counter() - started
    print(f"{len(rows):,} answers x {len(runs)} demoting weights, scored in {elapsed:.1f} s")
    print(
        f"{'corpus':<12} {'test':<4} {'demote':>6} {'cut-off':>7} {'F1 (w)':>7} {'acc':>6} "
        f"{'baseline':>8} {'best':>6}  vs baseline"
    )
    ok = True
    chosen: dict[str, float] = {}
    for corpus, (baseline, best) in PUBLISHED.items():
        choices = []
        for demote, scored in runs.items():
            train = scored[(corpus, "train")]
            cut = best_cutoff(train)
            train_f1 = weighted_f1([g for _, g in train], [v >= cut for v, _ in train])
            choices.append((train_f1, demote, cut))
        _, demote, cut = max(choices)
        chosen[corpus] = demote
        on_train = ", ".join(f"{d:.2f}: {f1:.4f}" for f1, d, _ in choices)
        print(f"{corpus:<12} train F1 by demoting weight ({on_train})")
        for split, name in (("test-unseen-answers", "UA"), ("test-unseen-questions", "UQ")):
            data = runs[demote][(corpus, split)]
            gold = [label for _, label in data]
            predicted = [value >= cut for value, _ in data]
            f1 = weighted_f1(gold, predicted)
            accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
            verdict = "beats" if f1 > baseline else "BELOW"
            ok = ok and f1 > baseline
            print(
                f"{corpus:<12} {name:<4} {demote:>6.2f} {cut:>7.3f} {f1:>7.3f} {accuracy:>6.3f} "
                f"{baseline:>8.3f} {best:>6.3f}  {verdict} ({f1 - baseline:+.3f})"
            )
    print_neighbours(neighbours(rows, chosen))
    print_suggested(rows)
    return 0 if ok else 1


def suggested_rubrics(
    references: list[str], lexicon: tuple[Any, ...], question: str
) -> list[Rubric]:
    """One rubric per reference answer, exactly as `quiz rubric suggest --question` proposes
    it."""
    made = (suggested_rubric(reference, lexicon, question) for reference in references)
    return [compile_rubric(points, lexicon) for points in made if points]


def print_suggested(rows: list[dict[str, str]]) -> None:
    """The same test splits, graded against the rubrics `quiz rubric suggest` writes (with the
    packaged lexicon), the cut-off chosen on the train split."""
    lexicon = load_bank(bank_sources()).lexicon
    scored = score_with(rows, lambda refs, question: suggested_rubrics(refs, lexicon, question))
    print("\nRubrics written by `quiz rubric suggest` (points by idea, lexicon variants):")
    print(f"{'corpus':<12} {'test':<4} {'cut-off':>7} {'F1 (w)':>7} {'acc':>6} {'baseline':>8}")
    for corpus, (baseline, _) in PUBLISHED.items():
        cut = best_cutoff(scored[(corpus, "train")])
        splits = (("train", "tr"), ("test-unseen-answers", "UA"), ("test-unseen-questions", "UQ"))
        for split, name in splits:  # train: where the suggestion's rules were chosen
            data = scored[(corpus, split)]
            gold = [label for _, label in data]
            predicted = [value >= cut for value, _ in data]
            f1 = weighted_f1(gold, predicted)
            accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
            print(
                f"{corpus:<12} {name:<4} {cut:>7.3f} {f1:>7.3f} {accuracy:>6.3f} {baseline:>8.3f}"
            )


def print_neighbours(found: Neighbours) -> None:
    print("\nUA with the train split's graded answers as references too (leave-one-out on train):")
    print(
        f"{'corpus':<12} {'test':<4} {'wrong w':>7} {'cut-off':>7} {'F1 (w)':>7} {'acc':>6} "
        f"{'baseline':>8} {'best':>6}  vs best system"
    )
    for corpus, (baseline, best) in PUBLISHED.items():
        choices = []
        for weight in INCORRECT_WEIGHTS:
            train = [
                (max(ref, right) - weight * wrong, gold)
                for ref, right, wrong, gold in found[f"{corpus}:train"]
            ]
            cut = best_cutoff(train)
            train_f1 = weighted_f1([g for _, g in train], [v >= cut for v, _ in train])
            choices.append((train_f1, weight, cut))
        _, weight, cut = max(choices)
        data = found[f"{corpus}:test-unseen-answers"]
        gold = [g for *_, g in data]
        predicted = [max(ref, right) - weight * wrong >= cut for ref, right, wrong, _ in data]
        f1 = weighted_f1(gold, predicted)
        accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
        print(
            f"{corpus:<12} {'UA':<4} {weight:>7.2f} {cut:>7.3f} {f1:>7.3f} {accuracy:>6.3f} "
            f"{baseline:>8.3f} {best:>6.3f}  {f1 - best:+.3f}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
