"""The learner's quiz history: one JSON line per answer, written as it is given.

The file is ``quiz-history.jsonl`` in the state folder (grader.state:
``$GRADER_STATE_DIR`` or the platform's per-user folder).  Each line is::

    {"time": "2024-05-01T10:00:00+00:00", "session": "...", "bank": "day3",
     "id": "lstm-forget-gate", "seed": 3, "params": {"x": "0.5"},
     "given": "2", "correct": false}

Writing appends and flushes one line at a time, so an interrupted quiz loses
nothing already answered.  ``--review`` asks the questions whose most recent
answer in this file was wrong.
"""
from __future__ import annotations

import datetime as _dt
import uuid
from typing import Dict, Iterable, List, Optional

from .. import state

FILE = "quiz-history.jsonl"


def new_session() -> str:
    """An id shared by the answers of one run."""
    return uuid.uuid4().hex[:12]


def record(bank: str, instance, given: str, correct: bool, session: str) -> bool:
    """Append one answer; False (and nothing raised) when the file cannot be written."""
    entry = {
        "time": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "session": session,
        "bank": bank,
        "id": instance.id,
        "seed": instance.seed,
        "params": instance.params_text(),
        "given": given,
        "correct": bool(correct),
    }
    try:
        state.append_jsonl(FILE, entry)
    except OSError:
        return False
    return True


def entries(bank: Optional[str] = None) -> Iterable[dict]:
    """The recorded answers in order (of ``bank`` only, when given)."""
    for entry in state.read_jsonl(FILE):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        if bank is None or entry.get("bank") == bank:
            yield entry


def last_results(bank: str) -> Dict[str, bool]:
    """Question id -> whether its most recent answer was right."""
    last: Dict[str, bool] = {}
    for entry in entries(bank):
        last[entry["id"]] = bool(entry.get("correct"))
    return last


def to_review(bank: str) -> List[str]:
    """Ids whose most recent answer was wrong."""
    return [qid for qid, right in last_results(bank).items() if not right]


def last_session_score(bank: str) -> Optional[tuple]:
    """(right, answered) in the most recent run of ``bank``, or None."""
    sessions: Dict[str, List[bool]] = {}
    latest = None
    for entry in entries(bank):
        sid = entry.get("session")
        sessions.setdefault(sid, []).append(bool(entry.get("correct")))
        latest = sid
    if latest is None:
        return None
    results = sessions[latest]
    return sum(results), len(results)
