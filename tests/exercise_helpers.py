"""Helpers for grading variants of the stubs in the project's own tests."""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Mapping, Sequence, Tuple, Union

from grader import verify
from grader.engine import grade
from grader.result import Report

ROOT = Path(__file__).resolve().parents[1]


def checks(slug: str):
    return importlib.import_module(f"grader.checks.{slug}")


def stub_text(slug: str) -> str:
    return (ROOT / "exercises" / f"{slug}.py").read_text(encoding="utf-8")


def answered(slug: str, fills: Mapping[int, str] = None) -> str:
    """The stub with ``fills`` typed into its blanks and the module's ANSWERS in the others."""
    return verify.answered(stub_text(slug), checks(slug), fills)


def variant(slug: str, example: Union[Mapping[int, str], Sequence[Tuple[str, str]]]) -> str:
    """The text of a submission reproducing ``example`` (see grader.mistakes)."""
    text = verify.variant(stub_text(slug), checks(slug), example)
    assert text is not None, f"{slug}: a text the example replaces is not in the answered stub: {example!r}"
    return text


def grade_text(slug: str, text: str, tmp_path: Path, seed: int = 0, solutions: Path = None) -> Report:
    path = tmp_path / f"{slug}.py"
    path.write_text(text, encoding="utf-8")
    return grade(slug, path, solutions or ROOT / "solutions", seed=seed)


def summary(report: Report) -> str:
    return "\n".join(f"{t.name}: {t.status.value} {t.score}/{t.max_score} [{t.mistake}] {t.message}"
                     for t in report.tests)
