"""The learner's quiz history: one JSON line per answer, written as it is given.

The file is ``quiz-history.jsonl`` in the state folder (grader.state:
``$GRADER_STATE_DIR`` or the platform's per-user folder).  Each line is::

    {"time": "2024-05-01T10:00:00+00:00", "session": "...", "bank": "day3",
     "id": "lstm-forget-gate", "seed": 3, "params": {"x": "0.5"},
     "given": "2", "correct": false}

Writing appends and flushes one line at a time, so an interrupted quiz loses
nothing already answered.  ``--review`` asks the questions whose most recent
answer in this file was wrong.  A skipped question is a line with ``"skipped":
true`` and ``"correct": false``.  ``quiz-runs.jsonl`` beside it has a line when a
run starts (its questions, in order) and when it has asked them all: ``--resume``
goes on with the last run that did not, and ``quiz list`` shows the best and the
last finished run.
"""
from __future__ import annotations

import datetime as _dt
import uuid
from typing import Dict, Iterable, List, Optional

from .. import state

FILE = "quiz-history.jsonl"
RUNS = "quiz-runs.jsonl"     # a line when a run starts (its plan) and when it asked every question


def now() -> _dt.datetime:
    """The time an answer is recorded at (UTC); ``quiz review``'s present too (tests put in their own)."""
    return _dt.datetime.now(_dt.timezone.utc)


def new_session() -> str:
    """An id shared by the answers of one run."""
    return uuid.uuid4().hex[:12]


def _append(entry: dict, name: str = FILE) -> bool:
    try:
        state.append_jsonl(name, entry)
    except OSError:
        return False
    return True


def start(bank: str, session: str, seed: int, plan: List[str], review: bool) -> bool:
    """Mark the start of a run: the questions it will ask, in order (for --resume)."""
    return _append({"event": "start", "session": session, "bank": bank, "seed": seed, "plan": list(plan),
                    "review": bool(review),
                    "time": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")}, RUNS)


def end(bank: str, session: str) -> bool:
    """Mark a run that asked every question of its plan."""
    return _append({"event": "end", "session": session, "bank": bank}, RUNS)


def mark(event: str, session: str, **fields) -> bool:
    """Another line of the runs file (``quiz exam`` writes "exam" and "exam-end"
    ones); ``start``/``end`` readers do not see it."""
    return _append({"event": event, "session": session, **fields,
                    "time": now().isoformat(timespec="seconds")}, RUNS)


def _markers(bank: str) -> List[dict]:
    return [e for e in state.read_jsonl(RUNS)
            if isinstance(e, dict) and e.get("event") in ("start", "end") and e.get("bank") == bank]


def unfinished(bank: str) -> Optional[dict]:
    """The latest run of ``bank`` that was started and not finished, with the ids
    still to ask: {"session", "seed", "plan", "left"}; None when there is none."""
    markers = _markers(bank)
    ended = {m.get("session") for m in markers if m.get("event") == "end"}
    starts = [m for m in markers if m.get("event") == "start" and isinstance(m.get("plan"), list)]
    if not starts or starts[-1].get("session") in ended:
        return None
    run = starts[-1]
    asked = {e["id"] for e in entries(bank) if e.get("session") == run["session"]}
    left = [qid for qid in run["plan"] if qid not in asked]
    if not left:
        return None
    return {"session": run["session"], "seed": run.get("seed", 0), "plan": run["plan"], "left": left}


def full_runs(bank: str) -> List[tuple]:
    """(right, total) of each finished run of ``bank`` that was not a --review, oldest first."""
    markers = _markers(bank)
    ended = [m.get("session") for m in markers if m.get("event") == "end"]
    plans = {m.get("session"): m for m in markers if m.get("event") == "start" and not m.get("review")}
    scores: Dict[str, List[bool]] = {}
    for entry in entries(bank):
        scores.setdefault(entry.get("session"), []).append(bool(entry.get("correct")))
    return [(sum(scores.get(sid, [])), len(plans[sid].get("plan") or [])) for sid in ended if sid in plans]


def record(bank: str, instance, given: str, correct: bool, session: str, skipped: bool = False) -> bool:
    """Append one answer; False (and nothing raised) when the file cannot be written."""
    entry = {
        "time": now().isoformat(timespec="seconds"),
        "session": session,
        "bank": bank,
        "id": instance.id,
        "seed": instance.seed,
        "params": instance.params_text(),
        "given": given,
        "correct": bool(correct),
    }
    if skipped:
        entry["skipped"] = True
    return _append(entry)


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
