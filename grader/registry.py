"""The ordered registry of exercises, loaded and validated in one place.

``grader/registry.yaml`` lists the shipped exercises in course order with their
metadata: slug, title, section, source, points, the functions the stub must
define, and hints from gentle to explicit (a hint that gives the answer away
says ``answer: true``; ``grade release`` leaves those out).  The stub is
``exercises/<slug>.py``, the reference ``solutions/<slug>.py`` and the checks
``grader/checks/<slug>.py``.

A course folder may add its own exercises in a ``registry.yaml`` at its root,
with the same fields, and their checks in its ``checks/`` folder.  They come
after the shipped ones; an entry with a shipped slug replaces that exercise in
its place (``Exercise.replaces``).  Every error names the file and the line.
"""
from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Dict, List, Optional, Tuple

import yaml

from grader.i18n import LANGS, Text

REGISTRY_FILE = Path(__file__).with_name("registry.yaml")
CHECKS_DIR = Path(__file__).with_name("checks")
COURSE_REGISTRY = "registry.yaml"   # at a course folder's root, beside exercises/
COURSE_CHECKS = "checks"
FIELDS = {"slug", "title", "section", "source", "points", "functions", "hints"}
SLUG = re.compile(r"[a-z][a-z0-9_]*\Z")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class RegistryError(ValueError):
    """A registry file is malformed (a bug in the course, not the learner's): a usage error."""


@dataclass(frozen=True)
class Exercise:
    slug: str
    title: Text
    section: str
    source: str
    points: float
    functions: Tuple[str, ...]
    hints: Tuple[Text, ...]
    answer_hints: Tuple[bool, ...] = ()   # per hint: it gives the answer away
    checks: Path = field(default=None)    # the check module; default grader/checks/<slug>.py
    origin: str = "shipped"               # or "course": from a course folder's registry.yaml
    where: str = ""                       # file:line of its entry
    replaces: bool = False                # a course entry that replaces the shipped one

    def __post_init__(self):
        if self.checks is None:
            object.__setattr__(self, "checks", CHECKS_DIR / f"{self.slug}.py")
        if len(self.answer_hints) != len(self.hints):
            object.__setattr__(self, "answer_hints", tuple(self.answer_hints[:len(self.hints)])
                               + (False,) * (len(self.hints) - len(self.answer_hints)))


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML's safe loader, keeping the line of every mapping and of each of its keys."""


def _mapping(loader, node):
    loader.flatten_mapping(node)
    value = _Lines()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        value[key] = loader.construct_object(value_node, deep=True)
        value.lines[key] = key_node.start_mark.line + 1
    value.line = node.start_mark.line + 1
    return value


class _Lines(dict):
    line = 0

    def __init__(self):
        super().__init__()
        self.lines: Dict[str, int] = {}


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)


def _at(path: Path, raw, key: Optional[str] = None) -> str:
    line = getattr(raw, "lines", {}).get(key) if key else None
    return f"{path}:{line or getattr(raw, 'line', 0) or 1}"


def _bilingual(value, where: str, extra=()) -> Text:
    if isinstance(value, dict) and all(isinstance(value.get(lang), str) and value[lang].strip() for lang in LANGS):
        unknown = set(value) - set(LANGS) - set(extra)
        if unknown:
            raise RegistryError(f"{where}: unknown keys {sorted(unknown)} (a text has ja and en)")
        return {lang: value[lang] for lang in LANGS}
    raise RegistryError(f"{where}: needs a text in both ja and en")


def _exercise(raw, index: int, path: Path, checks_dir: Path, origin: str) -> Exercise:
    if not isinstance(raw, dict):
        raise RegistryError(f"{path}: entry {index + 1} is not a mapping of the fields {sorted(FIELDS)}")
    slug = raw.get("slug")
    if not (isinstance(slug, str) and SLUG.match(slug)):
        raise RegistryError(f"{_at(path, raw, 'slug')}: slug must be lower-case letters, digits and _, "
                            f"starting with a letter (it names exercises/<slug>.py), not {slug!r}")
    missing, unknown = FIELDS - set(raw), set(raw) - FIELDS
    if missing or unknown:
        what = "; ".join(filter(None, [missing and f"missing {sorted(missing)}",
                                       unknown and f"unknown {sorted(unknown)}"]))
        raise RegistryError(f"{_at(path, raw)}: {slug}: {what}")
    points = raw["points"]
    if isinstance(points, bool) or not (isinstance(points, (int, float)) and points > 0):
        raise RegistryError(f"{_at(path, raw, 'points')}: {slug}: points must be a positive number")
    functions = raw["functions"]
    if not (isinstance(functions, list) and functions and all(isinstance(f, str) and NAME.match(f) for f in functions)):
        raise RegistryError(f"{_at(path, raw, 'functions')}: {slug}: functions must be a list of Python names")
    hints = raw["hints"]
    if not (isinstance(hints, list) and hints):
        raise RegistryError(f"{_at(path, raw, 'hints')}: {slug}: at least one hint")
    texts, gives = [], []
    for i, hint in enumerate(hints):
        where = f"{_at(path, hint if isinstance(hint, dict) else raw, None if isinstance(hint, dict) else 'hints')}"
        texts.append(_bilingual(hint, f"{where}: {slug} hint {i + 1}", extra=("answer",)))
        flag = hint.get("answer", False)
        if not isinstance(flag, bool):
            raise RegistryError(f"{_at(path, hint, 'answer')}: {slug} hint {i + 1}: answer is true or false")
        gives.append(flag)
    for key in ("section", "source"):
        if not isinstance(raw[key], (str, int, float)) or not str(raw[key]).strip():
            raise RegistryError(f"{_at(path, raw, key)}: {slug}: {key} must be a text")
    checks = checks_dir / f"{slug}.py"
    if origin == "course" and not checks.is_file():
        raise RegistryError(f"{_at(path, raw)}: {slug}: no checks file {checks}")
    return Exercise(slug=slug, title=_bilingual(raw["title"], f"{_at(path, raw, 'title')}: {slug} title"),
                    section=str(raw["section"]), source=str(raw["source"]), points=points,
                    functions=tuple(functions), hints=tuple(texts), answer_hints=tuple(gives), checks=checks,
                    origin=origin, where=_at(path, raw))


def read(path: Path, checks_dir: Path = CHECKS_DIR, origin: str = "shipped") -> Dict[str, Exercise]:
    """The exercises of one registry file, by slug in its order; RegistryError naming the file and line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: cannot read it ({exc})") from None
    try:
        raw = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RegistryError(f"{path}:{mark.line + 1 if mark else 1}: not YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(raw, list):
        raise RegistryError(f"{path}:1: must be a list of exercises (- slug: ...)")
    exercises: Dict[str, Exercise] = {}
    for index, item in enumerate(raw):
        exercise = _exercise(item, index, Path(path), Path(checks_dir), origin)
        if exercise.slug in exercises:
            raise RegistryError(f"{exercise.where}: {exercise.slug} appears twice (first at {exercises[exercise.slug].where})")
        exercises[exercise.slug] = exercise
    return exercises


def course_file(root: Optional[Path]) -> Optional[Path]:
    """The course folder's own registry file, when it has one."""
    if root is None:
        return None
    path = Path(root) / COURSE_REGISTRY
    return path if path.is_file() else None


NO_HINTS = {"ja": "この講座では、これ以上のヒントは配られていません。", "en": "This course gives no further hints."}


def _without_answer_hints(exercise: Exercise) -> Exercise:
    kept = tuple(h for h, gives in zip(exercise.hints, exercise.answer_hints) if not gives) or (NO_HINTS,)
    return replace(exercise, hints=kept, answer_hints=(False,) * len(kept))


@lru_cache(maxsize=None)
def _merged(root: Optional[str]) -> Dict[str, Exercise]:
    from grader.course import release_info

    exercises = read(REGISTRY_FILE)
    own = course_file(Path(root)) if root else None
    if own is not None:
        for slug, exercise in read(own, own.parent / COURSE_CHECKS, "course").items():
            exercises[slug] = replace(exercise, replaces=slug in exercises)
    info = release_info(Path(root)) if root else None
    if info is not None and not info.get("answers_in_hints"):   # a student copy: no hint gives the answer
        exercises = {slug: _without_answer_hints(ex) for slug, ex in exercises.items()}
    return exercises


def load(root: Optional[Path] = None) -> Dict[str, Exercise]:
    """Every exercise by slug, in course order: the shipped ones, with the
    course folder's own (see the module docstring) merged in; the course
    folder is ``root``, else the one found from here."""
    from grader.course import find_course_root

    root = root if root is not None else find_course_root()
    return dict(_merged(str(Path(root).resolve()) if root is not None else None))


def slugs() -> List[str]:
    return list(load())


def get(slug: str) -> Exercise:
    """The exercise named ``slug``; KeyError when there is none."""
    return load()[slug]


def checks_module(exercise: Exercise) -> ModuleType:
    """The exercise's check module, imported (its MISTAKES, ANSWERS, EQUIVALENTS)."""
    if exercise.origin == "shipped":
        return importlib.import_module(f"grader.checks.{exercise.slug}")
    name = f"_course_checks_{exercise.slug}"
    cached = sys.modules.get(name)
    if cached is not None and getattr(cached, "__file__", None) == str(exercise.checks):
        return cached
    spec = importlib.util.spec_from_file_location(name, exercise.checks)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except BaseException as exc:   # an instructor's file: a usage error, not a crash
        raise RegistryError(f"{exercise.checks}: the checks of {exercise.slug} failed to import: "
                            f"{type(exc).__name__}: {exc}") from None
    sys.modules[name] = module
    return module
