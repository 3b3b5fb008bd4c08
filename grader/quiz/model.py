"""The shapes of a bank once it is valid, and of what can be wrong with one.

A *text* (title, prompt, choice, explanation) is a plain string, the same in
both languages, or a mapping ``{"ja": ..., "en": ...}`` (see grader.i18n).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple, Union

from ..i18n import Text

TYPES = ("choice", "multi", "numeric", "text")


class QuizError(Exception):
    """An expected failure the CLI reports in one message (exit 2)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a bank: where it is and what to change."""

    file: str
    line: int
    qid: Optional[str]
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:" if self.line else f"{self.file}:"
        who = f" [{self.qid}]" if self.qid else ""
        return f"{where}{who} {self.message}"


class InvalidBank(QuizError):
    """A bank that cannot be used; ``problems`` says why, each with its line."""

    def __init__(self, problems: List[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Param:
    """One value a parameter can take: as typed in the bank, and as a number."""

    text: str
    value: float


@dataclass
class Question:
    """One question of a bank, checked.

    ``answer`` depends on ``type``: choice -> the right choice's number
    (1-based); multi -> a tuple of numbers; numeric -> an
    :class:`~grader.quiz.expr.Expr`; text -> a tuple of accepted texts (the
    answer first, then ``accept``).  Numbers count options in the file's
    order; the question of an :class:`~grader.quiz.instance.Instance` has its
    options (and these numbers) in the order shown, after any shuffle."""

    id: str
    type: str
    prompt: Text
    answer: object
    explanation: Text
    choices: List[Text] = field(default_factory=list)
    tolerance: Optional[float] = None
    params: Dict[str, Tuple[Param, ...]] = field(default_factory=dict)
    section: Optional[Text] = None
    source: Optional[Text] = None
    line: int = 0
    shuffle: bool = False   # options shuffled per seed (the bank's ``shuffle:`` unless the question says)

    @property
    def parametrized(self) -> bool:
        return bool(self.params)


@dataclass
class Bank:
    """A checked bank: its name (the file's stem), title and questions."""

    name: str
    title: Text
    questions: List[Question]
    path: Optional[Path] = None
    description: Optional[Text] = None
    source: Optional[Text] = None
    shuffle: bool = False   # ``shuffle: true`` at the top: choice and multi options shuffled per seed

    def question(self, qid: str) -> Optional[Question]:
        for q in self.questions:
            if q.id == qid:
                return q
        return None


TextOrNone = Union[Text, None]
