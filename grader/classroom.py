"""Grading a whole class: one folder per learner, every exercise found there.

A class folder holds one subfolder per learner; a learner's file for exercise
``slug`` is ``<learner>/<slug>.py`` or ``<learner>/exercises/<slug>.py``.
Each file is graded exactly as ``grade exercise`` would (its own worker
process, the same reference); a missing file is recorded as missing.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, List, Optional

from grader.engine import grade
from grader.result import Report


@dataclass
class Row:
    learner: str
    exercise: str
    report: Optional[Report]   # None: no file

    def as_json(self) -> dict:
        if self.report is None:
            return {"learner": self.learner, "exercise": self.exercise, "missing": True}
        return {"learner": self.learner, **self.report.as_json()}


def learner_file(folder: Path, slug: str) -> Optional[Path]:
    for candidate in (folder / f"{slug}.py", folder / "exercises" / f"{slug}.py"):
        if candidate.is_file():
            return candidate
    return None


def learners(class_dir: Path) -> List[Path]:
    return sorted(p for p in class_dir.iterdir() if p.is_dir() and not p.name.startswith("."))


def grade_class(class_dir: Path, slugs: Iterable[str], solutions: Path, seed: int = 0,
                progress: Optional[Callable[[str, str], None]] = None) -> List[Row]:
    rows = []
    for folder in learners(class_dir):
        for slug in slugs:
            path = learner_file(folder, slug)
            if progress:
                progress(folder.name, slug)
            report = grade(slug, path, solutions, seed=seed, private=[class_dir]) if path else None
            rows.append(Row(folder.name, slug, report))
    return rows


def as_csv(rows: List[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["learner", "exercise", "score", "max_score", "passed", "statuses"])
    for row in rows:
        r = row.report
        if r is None:
            writer.writerow([row.learner, row.exercise, "", "", "", "missing"])
            continue
        statuses = " ".join(f"{t.name}={t.status.value}" for t in r.tests)
        writer.writerow([row.learner, row.exercise, r.score, r.max_score, str(r.passed).lower(), statuses])
    return out.getvalue()
