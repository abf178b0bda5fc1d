"""Write quiz/grading/field_words.txt: the words of the packaged bank (prompts, model answers,
supplements, errata, criteria, concept and misconception forms, statements and corrections, the
lexicon's terms), normalised as answers are, one a line, sorted. The glue rule
(quiz.grading.glue) reads a word outside them, its family and its typos as foreign to the field.
tests/test_grading_glue.py fails when the file is not the bank's.

    python bench/field_words.py [--check]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.bank.loader import load_bank  # noqa: E402
from quiz.bank.schema import RubricPoint  # noqa: E402
from quiz.bank.sources import bank_sources  # noqa: E402
from quiz.grading.glue import FIELD_WORDS_FILE  # noqa: E402
from quiz.grading.text import tokenize  # noqa: E402


def _rubric_texts(points: tuple[RubricPoint, ...]) -> Iterator[str]:
    for point in points:
        yield point.criterion
        for concept in point.concepts:
            yield from concept.forms
        for wrong in point.misconceptions:
            yield wrong.statement
            yield wrong.correction or ""
            yield from wrong.forms


def field_words() -> str:
    bank = load_bank(bank_sources())
    texts: list[str] = []
    seen: set[int] = set()
    for item in bank.items.values():
        question = item.question
        if id(question) in seen:
            continue
        seen.add(id(question))
        texts += [question.prompt, question.model_answer, question.supplement or ""]
        texts += [question.erratum or ""]
        texts += _rubric_texts(question.rubric)
        for follow_up in question.follow_ups:
            texts += [follow_up.prompt, follow_up.model_answer or "", follow_up.supplement or ""]
            texts += _rubric_texts(follow_up.rubric)
    for group in bank.lexicon:
        texts += [*(group.terms or ()), *(group.opposites or ())]
    words = {word for text in texts for word in tokenize(text).words}
    return "".join(f"{word}\n" for word in sorted(words))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is out of date")
    args = parser.parse_args()
    text = field_words()
    if args.check:
        return 0 if FIELD_WORDS_FILE.read_text(encoding="utf-8") == text else 1
    FIELD_WORDS_FILE.write_text(text, encoding="utf-8")
    print(f"{FIELD_WORDS_FILE}: {text.count(chr(10))} words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
