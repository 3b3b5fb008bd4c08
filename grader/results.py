"""A class run's results file, ``RESULTS_DIR/results.jsonl``: one JSON object a line.

Each row is one learner × exercise::

    {"learner": "alice", "exercise": "lstm", "exercise_file": "alice/lstm.py", "hash": "...",
     ...the fields of `grade exercise --format json`...}
    {"learner": "bob", "exercise": "lstm", "missing": true, "hash": "..."}

A row is appended and flushed the moment it is known, so a ``kill -9`` loses at
most the gradings in flight; a torn last line is skipped when reading.  Rows are
only ever appended: where a learner × exercise appears twice, the last row wins
(:func:`latest`).  ``hash`` is the content hash of what the row was graded with
(the submission, the reference, the checks, the toolkit's version): ``--resume``
grades again only what changed.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

FILE = "results.jsonl"


class Writer:
    """Appends rows to ``folder/results.jsonl``, each flushed to the operating
    system the moment it is written (a ``kill -9`` of the grader loses nothing
    written); :meth:`close` also syncs the file to disk."""

    def __init__(self, folder: Path):
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / FILE
        self._fh = open(self.path, "a", encoding="utf-8")
        if self._fh.tell() > 0 and not _ends_with_newline(self.path):
            self._fh.write("\n")   # a torn last line stays a line of its own, skipped when read

    def append(self, row: dict) -> None:
        self._fh.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
        self._fh.flush()

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.flush()
            try:
                os.fsync(self._fh.fileno())
            except OSError:
                pass
            self._fh.close()


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as fh:
        fh.seek(-1, os.SEEK_END)
        return fh.read(1) == b"\n"


def rows(folder: Path) -> Iterator[dict]:
    """The rows in file order; a torn or damaged line (a kill mid-write) is skipped."""
    try:
        fh = open(Path(folder) / FILE, encoding="utf-8", errors="replace")   # a line torn inside a character
    except OSError:
        return
    with fh:
        for line in fh:
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if isinstance(row, dict) and isinstance(row.get("learner"), str) and isinstance(row.get("exercise"), str):
                yield row


def latest(folder: Path) -> Dict[Tuple[str, str], dict]:
    """(learner, exercise) -> its last row: what every output is built from."""
    found: Dict[Tuple[str, str], dict] = {}
    for row in rows(folder):
        found[(row["learner"], row["exercise"])] = row
    return found


def learners(table: Dict[Tuple[str, str], dict]) -> List[str]:
    return sorted({learner for learner, _exercise in table})
