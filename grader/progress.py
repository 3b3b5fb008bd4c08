"""A learner's progress: per section, and the next exercise to do, from the
last results ``grade exercise`` keeps for the course folder."""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional

from grader import registry
from grader.state import load_json

RESULTS_FILE = "results.json"


def last_results(root: Optional[Path]) -> Dict[str, dict]:
    """The last result of each exercise graded in course folder ``root``."""
    if root is None:
        return {}
    results = load_json(RESULTS_FILE, {})
    found = results.get(str(root.resolve()), {}) if isinstance(results, dict) else {}
    return found if isinstance(found, dict) else {}


def by_section(root: Optional[Path]) -> List[dict]:
    """Per section, in course order: points earned and possible, exercises passed and in all."""
    last = last_results(root)
    sections: Dict[str, dict] = {}
    for exercise in registry.load().values():
        row = sections.setdefault(exercise.section, {"section": exercise.section, "score": 0, "points": 0,
                                                     "passed": 0, "exercises": 0})
        result = last.get(exercise.slug) or {}
        row["points"] += exercise.points
        row["exercises"] += 1
        row["score"] += result.get("score", 0) if isinstance(result.get("score", 0), (int, float)) else 0
        row["passed"] += 1 if result.get("passed") is True else 0
    return list(sections.values())


def next_exercise(root: Optional[Path]) -> Optional[registry.Exercise]:
    """The first exercise, in course order, whose last result is not a pass (None: all passed)."""
    last = last_results(root)
    for exercise in registry.load().values():
        if (last.get(exercise.slug) or {}).get("passed") is not True:
            return exercise
    return None
