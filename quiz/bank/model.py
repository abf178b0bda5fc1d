"""The loaded bank: items flattened from all files, with where each came from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from quiz.bank.findings import Finding
from quiz.bank.schema import (
    FollowUp,
    GpuPreset,
    LexiconGroup,
    ModelPreset,
    Question,
    RubricPoint,
    Source,
    Template,
)

ItemKind = Literal["question", "followup"]


@dataclass(frozen=True, slots=True)
class Item:
    """One askable item: a question or a follow-up, with its file and YAML path."""

    id: str
    kind: ItemKind
    file: str
    path: tuple[str | int, ...]
    question: Question
    follow_up: FollowUp | None = None

    @property
    def parent_id(self) -> str | None:
        return self.question.id if self.follow_up is not None else None

    @property
    def topic(self) -> str:
        return self.question.topic

    @property
    def tags(self) -> tuple[str, ...]:
        return self.question.tags

    @property
    def rev(self) -> int:
        return self.follow_up.rev if self.follow_up is not None else self.question.rev

    @property
    def prompt(self) -> str:
        return self.follow_up.prompt if self.follow_up is not None else self.question.prompt

    @property
    def model_answer(self) -> str | None:
        if self.follow_up is not None:
            return self.follow_up.model_answer
        return self.question.model_answer

    @property
    def supplement(self) -> str | None:
        if self.follow_up is not None:
            return self.follow_up.supplement
        return self.question.supplement

    @property
    def authored(self) -> bool:
        """The model answer and rubric were written for the bank, not taken from the source."""
        return self.follow_up is not None and self.follow_up.authored

    @property
    def model_answer_title(self) -> str:
        """How the model answer is introduced wherever it is shown."""
        if self.authored:
            return "Model answer (written for this bank, not the source's words)"
        return "Model answer"

    @property
    def full_answer(self) -> str | None:
        """The model answer with its supplement: what a complete answer says."""
        parts = [p for p in (self.model_answer, self.supplement) if p]
        return "\n\n".join(parts) if parts else None

    @property
    def rubric(self) -> tuple[RubricPoint, ...]:
        return self.follow_up.rubric if self.follow_up is not None else self.question.rubric

    @property
    def source(self) -> Source | None:
        if self.follow_up is not None:
            return self.follow_up.source or self.question.source
        return self.question.source

    @property
    def follow_up_ids(self) -> tuple[str, ...]:
        if self.follow_up is not None:
            return ()
        return tuple(f.id for f in self.question.follow_ups)


@dataclass(frozen=True, slots=True)
class TemplateEntry:
    """A numeric problem template, with its file and YAML path."""

    id: str
    file: str
    path: tuple[str | int, ...]
    template: Template

    @property
    def topic(self) -> str:
        return self.template.topic


@dataclass(slots=True)
class Bank:
    """All loaded items in file order, and the findings that kept some of them out."""

    files: tuple[str, ...] = ()
    items: dict[str, Item] = field(default_factory=dict)
    templates: dict[str, TemplateEntry] = field(default_factory=dict)
    presets: dict[str, GpuPreset | ModelPreset] = field(default_factory=dict)
    lexicon: tuple[LexiconGroup, ...] = ()  # interchangeable terms, for every rubric
    lexicon_at: tuple[tuple[str, tuple[str | int, ...]], ...] = ()  # each group's file and path
    findings: list[Finding] = field(default_factory=list)
    key: str | None = None  # `quiz.bank.sources.bank_key` of the files it was loaded from
    complete: bool = True  # every source and file was read (else nothing may be marked removed)

    def criterion(self, item_id: str, point_id: str) -> str:
        """The criterion of an item's rubric point ('' when the bank no longer has it)."""
        item = self.items.get(item_id)
        if item is None:
            return ""
        return next((p.criterion for p in item.rubric if p.id == point_id), "")

    @property
    def topics(self) -> list[str]:
        """Every topic of an item or template, sorted."""
        found = {item.topic for item in self.items.values()}
        return sorted(found | {entry.topic for entry in self.templates.values()})

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def get(self, item_id: str) -> Item | None:
        return self.items.get(item_id)


def question_items(question: Question, file: str, path: tuple[str | int, ...]) -> Iterator[Item]:
    """The question and then each of its follow-ups, as askable items."""
    yield Item(question.id, "question", file, path, question)
    for index, follow_up in enumerate(question.follow_ups):
        yield Item(
            follow_up.id, "followup", file, (*path, "follow_ups", index), question, follow_up
        )


def preset_key(section: str | int, preset: GpuPreset | ModelPreset) -> str:
    """The key of a GPU or model preset in `Bank.presets` ('gpus:h100-sxm')."""
    return f"{section}:{preset.id}"
