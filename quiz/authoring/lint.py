"""Bank lint: loading findings plus self-consistency checks, each located at file:line:col."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from quiz.authoring.checked import load_checked_bank
from quiz.authoring.markup import markup_findings
from quiz.authoring.selfchecks import self_checks
from quiz.bank.errors import BankError, YamlPath
from quiz.bank.findings import Finding
from quiz.bank.locate import Locator
from quiz.bank.model import Bank, Item, TemplateEntry
from quiz.bank.schema import MIN_FORMS_PER_POINT, LexiconGroup
from quiz.bank.sources import BANK_SUFFIXES, expand
from quiz.collector import collector_paused
from quiz.grading.lexicon import interchangeable, keys_of, same_term
from quiz.grading.match import split_by_clause_end, words_of
from quiz.grading.negation_words import NEGATION_CUES
from quiz.grading.rubrics import score_item
from quiz.grading.words import FUNCTION_WORDS
from quiz.paths import user_path

SCHEMA_HEADER = "# yaml-language-server: $schema="
MIN_MODEL_ANSWER_SCORE = 0.9
_NOT_DENIABLE = FUNCTION_WORDS | NEGATION_CUES


@dataclass(slots=True)
class LintReport:
    files: tuple[str, ...]
    item_count: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warning_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def to_json(self) -> dict[str, object]:
        return {
            "files": list(self.files),
            "items": self.item_count,
            "errors": self.error_count,
            "warnings": self.warning_count,
            "findings": [f.to_json() for f in self.findings],
        }


def lint_sources(sources: Sequence[str], only: Sequence[str] = ()) -> LintReport:
    """Lint the bank the sources name; with `only`, load those files too, as part of the whole
    bank (so an id they repeat from another file is found), and report on them alone."""
    with collector_paused():  # a large bank's nodes and terms: see quiz.collector
        return _lint_sources(sources, only)


def _lint_sources(sources: Sequence[str], only: Sequence[str]) -> LintReport:
    bank = load_checked_bank([*sources, *only], cached=False)
    wanted = _resolved(only) if only else None
    known: dict[str, bool] = {}

    def mine(file: str) -> bool:
        if file not in known:
            known[file] = wanted is None or _resolve(file) in wanted
        return known[file]

    loaded = set(bank.files)  # a finding about a source itself (a missing path) is always shown
    findings = [f for f in bank.findings if f.file not in loaded or mine(f.file)]
    findings += lint_bank(bank, mine)
    findings += _without_bank_files(only)
    findings.sort(key=lambda f: (f.file, f.line, f.col))
    files = tuple(name for name in bank.files if mine(name))
    count = len([i for i in bank.items.values() if mine(i.file)])
    count += len([t for t in bank.templates.values() if mine(t.file)])
    return LintReport(files, count, findings)


def _without_bank_files(paths: Sequence[str]) -> list[Finding]:
    """A folder asked for by name that holds no bank file: checking nothing is not clean."""
    empty: list[Finding] = []
    for path in paths:
        try:
            if expand([path]):
                continue
        except BankError:
            continue  # a missing or unreadable path is reported by the loader
        names = ", ".join(f"*{suffix}" for suffix in BANK_SUFFIXES)
        empty.append(Finding(path, 1, 1, f"no bank files ({names}) here"))
    return empty


def _resolve(name: str) -> Path:
    try:  # realpath: a symlink loop is left as it is (Path.resolve raises RuntimeError)
        return Path(os.path.realpath(user_path(name)))
    except (OSError, ValueError):  # a name the system cannot even resolve: compared as written
        return Path(name)


def _resolved(paths: Sequence[str]) -> set[Path]:
    """Every bank file the paths name (a folder: the files in it), as absolute paths."""
    found: set[Path] = set()
    for path in paths:
        try:  # a sub-folder that cannot be read is the loader's finding; the rest still counts
            found.update(_resolve(str(file)) for file, _ in expand([path], unreadable=[]))
        except BankError:
            found.add(_resolve(path))  # a missing path: its finding is still reported
    return found


def lint_bank(bank: Bank, mine: Callable[[str], bool] = lambda file: True) -> list[Finding]:
    """The checks that need the problems and grading layers, on the entries of the files that
    `mine` accepts (every file by default)."""
    locator = Locator()
    findings: list[Finding] = []
    for name in filter(mine, bank.files):
        src = locator.source(name)
        if src is not None and not src.text.startswith(SCHEMA_HEADER):
            findings.append(
                Finding(
                    name,
                    1,
                    1,
                    f"first line should be '{SCHEMA_HEADER}<path to schema.json>'",
                    "warning",
                )
            )
    for item in bank.items.values():
        if not mine(item.file):
            continue
        findings += _lint_rubric(locator, item)
        findings += _lint_model_answer(locator, item, bank.lexicon)
        if item.kind == "followup":
            findings += _lint_follow_up_id(locator, item)
    findings += _lint_templates(locator, bank, [t for t in bank.templates.values() if mine(t.file)])
    findings += _lint_lexicon(locator, bank, mine)
    findings += _lint_opposites(locator, bank, mine)
    findings += markup_findings(locator, bank, mine)
    return findings


def _lint_opposites(locator: Locator, bank: Bank, mine: Callable[[str], bool]) -> list[Finding]:
    """An opposite must have a word a negation can deny, and two opposites cannot also be
    interchangeable terms."""
    findings: list[Finding] = []
    for (file, path), group in zip(bank.lexicon_at, bank.lexicon, strict=True):
        if not group.opposites or not mine(file):
            continue
        for index, term in enumerate(group.opposites):
            if all(word in _NOT_DENIABLE for _, word in words_of(term)):
                line, column = locator.position(file, (*path, "opposites", index))
                message = f"opposite {term!r} is only small words or a negation: nothing to deny"
                findings.append(Finding(file, line, column, message, "error"))
        first, second = group.opposites
        if interchangeable(bank.lexicon, first, second):
            line, column = locator.position(file, (*path, "opposites"))
            message = (
                f"{first!r} and {second!r} are opposites here and interchangeable terms in a "
                "lexicon group: one of the two is wrong"
            )
            findings.append(Finding(file, line, column, message, "error"))
    return findings


def _lint_lexicon(locator: Locator, bank: Bank, mine: Callable[[str], bool]) -> list[Finding]:
    """Groups that share a term are merged. Across files that is how an author extends a group of
    another file; within one file it is a slip (write one group), said at each later use. Terms
    are located only for a finding (200,000 groups were each located whether or not)."""
    findings: list[Finding] = []
    first: dict[tuple[str, tuple[str, ...]], list[tuple[str, YamlPath]]] = {}  # by file, keys
    for (file, path), group in zip(bank.lexicon_at, bank.lexicon, strict=True):
        for index, term in enumerate(group.terms):
            where = (*path, "terms", index)
            earlier = first.setdefault((file, keys_of(term)), [])
            seen = next((at for text, at in earlier[:32] if same_term(text, term)), None)
            if seen is None:
                earlier.append((term, where))
                continue
            if not mine(file):
                continue
            seen_line, _ = locator.position(file, seen)
            line, column = locator.position(file, where)
            if seen_line == line:
                continue
            findings.append(
                Finding(
                    file,
                    line,
                    column,
                    f"lexicon term {term!r} is already in the group on line {seen_line}: groups "
                    "sharing a term are merged, so write them as one",
                    "warning",
                )
            )
    return findings


def _lint_templates(locator: Locator, bank: Bank, templates: list[TemplateEntry]) -> list[Finding]:
    """Generate every template's seeds and grade its own answers (see quiz.problems.selfcheck;
    results cached by template content in `selfchecks.py`)."""
    findings: list[Finding] = []
    results = self_checks(bank, templates)
    for entry in templates:
        for path, message, severity in results[entry.id]:
            findings.append(
                locator.finding(entry, path, f"template {entry.id!r}: {message}", severity)
            )
    return findings


def _lint_rubric(locator: Locator, item: Item) -> list[Finding]:
    findings: list[Finding] = []
    owner: dict[str, str] = {}
    for index, point in enumerate(item.rubric):
        forms = [f for concept in point.concepts for f in concept.forms]
        if len(forms) < MIN_FORMS_PER_POINT:
            findings.append(
                locator.finding(
                    item,
                    ("rubric", index, "concepts"),
                    f"rubric point {point.id!r} has {len(forms)} surface form(s); "
                    f"give at least {MIN_FORMS_PER_POINT} so paraphrases are recognised",
                )
            )
        for number, mistake in enumerate(point.misconceptions):
            if not mistake.correction:
                findings.append(
                    locator.finding(
                        item,
                        ("rubric", index, "misconceptions", number),
                        f"misconception {mistake.statement!r} has no correction: the learner "
                        "is told what is wrong, not what is right",
                        "warning",
                    )
                )
        findings += _unfindable_forms(locator, item, index)
        for form in {" ".join(f.lower().split()) for f in forms}:
            other = owner.setdefault(form, point.id)
            if other != point.id:
                findings.append(
                    locator.finding(
                        item,
                        ("rubric", index, "concepts"),
                        f"surface form {form!r} is used by rubric points {other!r} and "
                        f"{point.id!r}: one answer phrase would hit both",
                        "warning",
                    )
                )
    return findings


def _unfindable_forms(locator: Locator, item: Item, index: int) -> list[Finding]:
    """Forms split by a clause's end: no answer's phrase spans one, so none can state them."""
    point = item.rubric[index]
    places = [
        (("concepts", number), concept.forms) for number, concept in enumerate(point.concepts)
    ] + [(("misconceptions", number), m.forms) for number, m in enumerate(point.misconceptions)]
    return [
        locator.finding(
            item,
            ("rubric", index, *where, "forms", at),
            f"surface form {form!r} can never be found: its punctuation ends a clause, and an "
            "answer's phrase never spans one; split it into two forms or drop the punctuation",
            "warning",
        )
        for where, forms in places
        for at, form in enumerate(forms)
        if split_by_clause_end(form)
    ]


def _lint_model_answer(
    locator: Locator, item: Item, lexicon: tuple[LexiconGroup, ...]
) -> list[Finding]:
    """The model answer (with its supplement) must score well on its own rubric."""
    answer = item.full_answer
    if not answer or not item.rubric:
        return []
    result = score_item(item, answer, lexicon)
    if result.score >= MIN_MODEL_ANSWER_SCORE:
        return []
    missed = ", ".join(p.id for p in result.points if not p.hit) or "none"
    where = "supplement" if item.supplement else "model_answer"
    return [
        locator.finding(
            item,
            (where,),
            f"the model answer of {item.id} scores {result.score:.2f} on its own rubric "
            f"(below {MIN_MODEL_ANSWER_SCORE}; points missed: {missed}): add the surface forms "
            "it uses, or a supplement covering the missed points",
        )
    ]


_FOLLOW_UP_ID = re.compile(r"\.f(\d+)$")


def _lint_follow_up_id(locator: Locator, item: Item) -> list[Finding]:
    expected = item.path[-1]
    match = _FOLLOW_UP_ID.search(item.id)
    if match and isinstance(expected, int) and int(match.group(1)) == expected + 1:
        return []
    return [
        locator.finding(
            item,
            ("id",),
            f"follow-up id {item.id!r} should be {item.parent_id}.f{int(expected) + 1} "
            "(numbered in order from f1)",
            "warning",
        )
    ]
