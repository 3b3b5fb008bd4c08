"""The spaced-review schedule of ``quiz review``: Leitner boxes worked out from
the quiz history (grader.quiz.history), nothing stored besides it.

Every question the learner has answered sits in a box:

- box 0 after a wrong (or skipped) answer: due again at once;
- a right answer moves it one box later, box 1, 2, 3, 4 being due 1, 3, 7 and
  21 days after that answer; box 4 is the last (it stays there, due 21 days
  after each right answer).

A right answer counts as a step only when the question was due (or had never
been answered): answering it right again the same afternoon leaves it in its
box and due date, so the spacing is kept.  A question never answered is in no
box and never due.  The history's own timestamps are the clock of the past;
the present is whatever moment the caller gives (``quiz review`` takes
:func:`grader.quiz.history.now`, the clock answers are recorded with), so
tests need no waiting.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Tuple

DAYS = (1, 3, 7, 21)          # days until a question in box 1, 2, 3, 4 is due again
LAST_BOX = len(DAYS)

Key = Tuple[str, str]          # (bank, question id)


@dataclass
class Card:
    """Where one question stands: its box, when it is due, its last answer."""

    bank: str
    id: str
    box: int
    due: _dt.datetime
    last: _dt.datetime

    @property
    def name(self) -> str:
        return f"{self.bank}/{self.id}"


def parse_time(text: object) -> Optional[_dt.datetime]:
    """A history line's ``time`` as an aware datetime; None when it is not one."""
    if not isinstance(text, str):
        return None
    try:
        moment = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.timezone.utc)
    return moment


def step(card: Optional[Card], bank: str, qid: str, correct: bool, when: _dt.datetime) -> Card:
    """The card after one answer given at ``when``."""
    if not correct:
        return Card(bank, qid, 0, when, when)
    if card is not None and card.box > 0 and when < card.due:
        return Card(bank, qid, card.box, card.due, when)          # early: the box stays
    box = min((card.box if card is not None else 0) + 1, LAST_BOX)
    return Card(bank, qid, box, when + _dt.timedelta(days=DAYS[box - 1]), when)


def schedule(entries: Iterable[dict]) -> Dict[Key, Card]:
    """(bank, id) -> Card, replaying the history's answers in time order.
    Lines without a bank, an id or a readable time are left out."""
    answers = []
    for n, entry in enumerate(entries):
        when = parse_time(entry.get("time"))
        bank, qid = entry.get("bank"), entry.get("id")
        if when is None or not isinstance(bank, str) or not isinstance(qid, str):
            continue
        answers.append((when, n, bank, qid, bool(entry.get("correct")) and not entry.get("skipped")))
    cards: Dict[Key, Card] = {}
    for when, _, bank, qid, correct in sorted(answers):
        cards[(bank, qid)] = step(cards.get((bank, qid)), bank, qid, correct, when)
    return cards


def due(cards: Dict[Key, Card], at: _dt.datetime) -> List[Card]:
    """The cards due at ``at``, the longest overdue first (then by name)."""
    return sorted((c for c in cards.values() if c.due <= at), key=lambda c: (c.due, c.bank, c.id))


def next_due(cards: Dict[Key, Card], at: _dt.datetime) -> Optional[Card]:
    """The card that falls due first after ``at``; None when there is none."""
    later = [c for c in cards.values() if c.due > at]
    return min(later, key=lambda c: (c.due, c.bank, c.id)) if later else None


def wait_text(delta: _dt.timedelta) -> Tuple[int, str]:
    """A wait as (count, unit): days when a day or more, else hours, else minutes."""
    seconds = max(0, int(delta.total_seconds()))
    if seconds >= 86400:
        return round(seconds / 86400), "days"
    if seconds >= 3600:
        return round(seconds / 3600), "hours"
    return max(1, round(seconds / 60)), "minutes"
