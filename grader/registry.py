"""The ordered registry of exercises, loaded and validated in one place.

``grader/registry.yaml`` lists every exercise in course order with its
metadata: slug, title, section, source, points, the functions the stub must
define, and hints from gentle to explicit.  The stub is
``exercises/<slug>.py``, the reference ``solutions/<slug>.py`` and the checks
``grader/checks/<slug>.py``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

from grader.i18n import LANGS, Text

REGISTRY_FILE = Path(__file__).with_name("registry.yaml")
CHECKS_DIR = Path(__file__).with_name("checks")
FIELDS = {"slug", "title", "section", "source", "points", "functions", "hints"}


class RegistryError(ValueError):
    """The registry file is malformed (a bug in the course, not the learner's)."""


@dataclass(frozen=True)
class Exercise:
    slug: str
    title: Text
    section: str
    source: str
    points: float
    functions: Tuple[str, ...]
    hints: Tuple[Text, ...]

    @property
    def checks(self) -> Path:
        return CHECKS_DIR / f"{self.slug}.py"


def _bilingual(value, where: str) -> Text:
    if isinstance(value, dict) and all(isinstance(value.get(lang), str) and value[lang] for lang in LANGS):
        return dict(value)
    raise RegistryError(f"{where}: needs a text in both ja and en")


def _exercise(raw: dict, index: int) -> Exercise:
    where = f"{REGISTRY_FILE.name}: entry {index + 1}"
    if not isinstance(raw, dict):
        raise RegistryError(f"{where}: not a mapping")
    missing, unknown = FIELDS - set(raw), set(raw) - FIELDS
    if missing or unknown:
        raise RegistryError(f"{where}: missing {sorted(missing)}, unknown {sorted(unknown)}")
    slug = raw["slug"]
    where = f"{REGISTRY_FILE.name}: {slug}"
    if not (isinstance(raw["points"], (int, float)) and raw["points"] > 0):
        raise RegistryError(f"{where}: points must be a positive number")
    functions = raw["functions"]
    if not (isinstance(functions, list) and functions and all(isinstance(f, str) for f in functions)):
        raise RegistryError(f"{where}: functions must be a list of names")
    hints = raw["hints"]
    if not (isinstance(hints, list) and hints):
        raise RegistryError(f"{where}: at least one hint")
    return Exercise(slug=slug, title=_bilingual(raw["title"], where), section=str(raw["section"]),
                    source=str(raw["source"]), points=raw["points"], functions=tuple(functions),
                    hints=tuple(_bilingual(h, f"{where} hint {i + 1}") for i, h in enumerate(hints)))


@lru_cache(maxsize=None)
def load() -> Dict[str, Exercise]:
    """Every exercise by slug, in course order."""
    import yaml

    with open(REGISTRY_FILE, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    if not isinstance(raw, list):
        raise RegistryError(f"{REGISTRY_FILE.name}: must be a list of exercises")
    exercises: Dict[str, Exercise] = {}
    for index, item in enumerate(raw):
        exercise = _exercise(item, index)
        if exercise.slug in exercises:
            raise RegistryError(f"{REGISTRY_FILE.name}: {exercise.slug} appears twice")
        exercises[exercise.slug] = exercise
    return exercises


def slugs() -> List[str]:
    return list(load())


def get(slug: str) -> Exercise:
    """The exercise named ``slug``; KeyError when there is none."""
    return load()[slug]
