"""`grade release OUT`: a course folder for learners, without the answers.

OUT gets the stubs of every exercise (exercises/), the quiz banks (quizzes/),
the course's own registry.yaml (hints that give the answer left out unless asked
for) and checks with their ``ANSWERS``, ``EQUIVALENTS`` and mistake ``example``
entries taken out (checks/), the references' recorded results at the public
seeds (expected/, see :mod:`grader.recording`), release.json and a README.  No
solutions/.  The shipped exercises' checks are the installed toolkit's; the
recording names their digest, so a copy graded by another version says so.  Before it says it is done, every file of OUT outside
quizzes/ is searched for every line of every reference that the stub does not
already give, and for every answer text (:func:`leaks`).
"""
from __future__ import annotations

import ast
import json
import re
import shutil
import time
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import yaml

from grader import recording, registry
from grader.course import RELEASE_FILE, find_course_root, shipped_course
from grader.i18n import LANGS, set_lang, get_lang, tr

PUBLIC_SEEDS = (0, 1, 2)
SECRET_NAMES = ("ANSWERS", "EQUIVALENTS")


class ReleaseProblem(ValueError):
    """The release cannot be made (OUT is not empty, a reference fails its checks, ...)."""


# -- the checks without the answers ------------------------------------------------------

def strip_checks(text: str, where: str) -> str:
    """A check module's text without ``ANSWERS``, ``EQUIVALENTS`` and ``example=`` entries."""
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        raise ReleaseProblem(f"{where}:{exc.lineno}: the checks do not parse ({exc.msg})") from None

    def secret(node) -> bool:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        return isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and any(
            isinstance(t, ast.Name) and t.id in SECRET_NAMES for t in targets)

    tree.body = [node for node in tree.body if not secret(node)]
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            node.keywords = [k for k in node.keywords if k.arg != "example"]
    return ("# Written by grade release: the course's checks without their answers.\n"
            + ast.unparse(tree) + "\n")


# -- what must not be in OUT ------------------------------------------------------------

def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _texts(value) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _texts(v)


def secrets(exercise: registry.Exercise, stub: str, reference: str) -> Tuple[List[str], List[str]]:
    """(reference lines, answer texts) that must not appear in a release: every
    line of the reference that ``stub`` (the text of the stubs) does not give
    (whole lines, spaces ignored), and every ANSWERS, EQUIVALENTS and mistake
    example text it does not give."""
    given = {_squash(line) for line in stub.splitlines()}
    lines = []
    for line in reference.splitlines():
        squashed = _squash(line)
        if squashed and squashed not in given and not squashed.startswith("#") and squashed not in lines:
            lines.append(squashed)
    checks = registry.checks_module(exercise)
    answers = list(_texts(getattr(checks, "ANSWERS", {}))) + list(_texts(getattr(checks, "EQUIVALENTS", [])))
    typed = {_squash(code) for mistake in getattr(checks, "MISTAKES", ()) for code in mistake.code}
    for mistake in getattr(checks, "MISTAKES", ()):
        example = mistake.example
        found = list(_texts(example)) if isinstance(example, dict) else (
            [new for _old, new in example] if isinstance(example, list) else [])
        # a wrong answer the catalogue recognises as typed stays in the checks: not a secret
        answers += [text for text in found if _squash(text) not in typed]
    texts = []
    for text in answers:
        squashed = _squash(text)
        if squashed and squashed not in _squash(stub) and squashed not in texts:
            texts.append(squashed)
    return lines, texts


def _pattern(squashed: str) -> "re.Pattern":
    """``squashed`` (an answer without its spaces) as typed with any spaces, not inside a longer
    ASCII name: "x@W+b" finds "Write x @ W + b there" and "答えは x @ W + b です", not "max@W+bias"."""
    body = r"\s*".join(re.escape(ch) for ch in squashed)
    head = r"(?<![A-Za-z0-9_])" if re.match(r"[A-Za-z0-9_]", squashed) else ""
    tail = r"(?![A-Za-z0-9_])" if re.search(r"[A-Za-z0-9_]$", squashed) else ""
    return re.compile(head + body + tail)


def _readable(path: Path) -> str:
    if path.name.endswith(recording.SUFFIX):
        import gzip

        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
            return fh.read()
    return path.read_text(encoding="utf-8", errors="replace")


def leaks(out: Path, found: Dict[str, Tuple[List[str], List[str], bool]], hints_allowed: bool = False) -> List[str]:
    """'file:line: what' for every secret (see :func:`secrets`) in a file of ``out`` outside quizzes/
    and exercises/; ``found`` is slug -> (reference lines, answer texts, shipped).  A shipped
    exercise's secrets are not looked for in the course's own checks (the installed toolkit
    holds them anyway); with ``hints_allowed``, answer texts in registry.yaml are not counted."""
    searched = {slug: (ref_lines, [(text, _pattern(text)) for text in answer_texts], shipped)
                for slug, (ref_lines, answer_texts, shipped) in found.items()}
    problems = []
    for path in sorted(p for p in Path(out).rglob("*") if p.is_file()):
        relative = path.relative_to(out)
        if relative.parts[0] in ("quizzes", "exercises"):   # quoted options; the stubs are the given text
            continue
        lines = _readable(path).splitlines()
        for slug, (ref_lines, patterns, shipped) in searched.items():
            if shipped and relative.parts[0] == "checks":
                continue   # the course's own checks may say what the installed toolkit shows anyway
            for number, line in enumerate(lines, 1):
                if _squash(line) in ref_lines:
                    problems.append(f"{relative}:{number}: a line of the reference of {slug}")
                for text, pattern in patterns:
                    if pattern.search(line) and not (hints_allowed and relative.name == registry.COURSE_REGISTRY):
                        problems.append(f"{relative}:{number}: an answer of {slug} ({text})")
    return problems


# -- recording ------------------------------------------------------------------------

def record(exercise: registry.Exercise, solutions: Path, seeds: Sequence[int]) -> Dict[int, Dict[str, dict]]:
    """seed -> task -> recorded calls and outcomes; ReleaseProblem when the
    reference raises or fails one of its own tasks that compare with it."""
    from grader.engine import ReferenceProblem, _reference_run
    from grader.result import Status

    slug = exercise.slug
    lang, done = get_lang(), {}
    try:
        for seed in seeds:
            recorder = recording.Recorder()

            def stand_in(module, recorder=recorder):
                recorder.module = module
                return recorder

            for each in LANGS:   # the outcome of a task that does not compare with the reference, in each language
                set_lang(each)
                try:
                    report, plugin = _reference_run(slug, solutions, seed, stand_in)
                except ReferenceProblem as exc:
                    raise ReleaseProblem(str(exc)) from None
                independent = {name for name, _why in plugin.skipped}
                for result in report.tests:
                    if result.status != Status.PASSED and result.name not in independent:
                        raise ReleaseProblem(tr(
                            "the reference {p} fails its own task {t} at seed {s}: {m} (run grade verify {n})",
                            "模範解答 {p} が seed {s} で自分の課題 {t} を通りません: {m}（grade verify {n} を実行してください）",
                            p=Path(solutions) / f"{slug}.py", t=result.name, s=seed, m=result.message.split("\n")[0],
                            n=slug))
            done[seed] = recorder.tasks
    finally:
        set_lang(lang)
    return done


# -- writing OUT ----------------------------------------------------------------------

def _registry_text(exercises: Iterable[registry.Exercise], with_answers: bool) -> str:
    entries = []
    for ex in exercises:
        hints = [dict(h) for h, gives in zip(ex.hints, ex.answer_hints) if with_answers or not gives]
        if with_answers:
            for hint, gives in zip(hints, ex.answer_hints):
                if gives:
                    hint["answer"] = True
        entries.append({"slug": ex.slug, "title": dict(ex.title), "section": ex.section, "source": ex.source,
                        "points": ex.points, "functions": list(ex.functions),
                        "hints": hints or [{"ja": "この講座ではヒントは配られていません。", "en": "No hints in this course."}]})
    return ("# Written by grade release: this course's own exercises (the shipped ones come with the toolkit).\n"
            + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=110))


README = """# {title}

{ja}

{en}
"""


def _readme(exercises: List[registry.Exercise], seeds: Sequence[int]) -> str:
    seeds_text = ", ".join(map(str, seeds))
    ja = ("演習と確認テストの配布用フォルダです（模範解答は含まれていません）。このフォルダの中で:\n\n"
          "    grade list                 演習の一覧\n    grade exercise NAME        exercises/NAME.py を採点\n"
          "    grade hint NAME            ヒント\n    quiz list / quiz run BANK  確認テスト\n\n"
          f"採点には、あらかじめ記録された期待される結果を使います（seed {seeds_text}）。")
    en = ("A student copy of the exercises and quizzes (the reference solutions are not in it). Inside this folder:\n\n"
          "    grade list                 the exercises\n    grade exercise NAME        grade exercises/NAME.py\n"
          "    grade hint NAME            a hint\n    quiz list / quiz run BANK  the quizzes\n\n"
          f"Grading uses expected results recorded in advance (seeds {seeds_text}).")
    return README.format(title=f"{len(exercises)} exercises / 演習 {len(exercises)} 問", ja=ja, en=en)


def _source_of(kind: str, root: Optional[Path]) -> Optional[Path]:
    for base in (root, shipped_course()):
        if base is not None and (base / kind).is_dir():
            return base / kind
    return None


def make(out: Path, references, seeds: Sequence[int] = PUBLIC_SEEDS, with_answers_in_hints: bool = False,
         with_quiz_key: bool = False, progress=lambda slug: None) -> Dict[str, object]:
    """Write the student copy into ``out`` (missing or empty); ``references(slug)``
    gives the folder of each exercise's reference.  What was written."""
    from grader import __version__

    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ReleaseProblem(tr("{d} is not an empty folder: name a new one", "{d} は空のフォルダではありません。新しいフォルダを指定してください", d=out))
    root = find_course_root()
    exercises = list(registry.load().values())
    reference_files, recorded = {}, {}
    for ex in exercises:
        # the course's own stub, else the shipped one (a course folder may hold only its own exercises)
        stub = next((base / "exercises" / f"{ex.slug}.py" for base in (root, shipped_course())
                     if base is not None and (base / "exercises" / f"{ex.slug}.py").is_file()), None)
        if stub is None:
            raise ReleaseProblem(tr("no stub exercises/{n}.py for {n}", "{n} のスタブ exercises/{n}.py がありません", n=ex.slug))
        folder = references(ex.slug)
        progress(ex.slug)
        recorded[ex.slug] = (stub, record(ex, folder, seeds))
        reference_files[ex.slug] = Path(folder) / f"{ex.slug}.py"
    given = "\n".join(stub.read_text(encoding="utf-8") for stub, _ in recorded.values())   # every stub is public
    found = {ex.slug: (*secrets(ex, given, reference_files[ex.slug].read_text(encoding="utf-8")), ex.origin == "shipped")
             for ex in exercises}
    staging = out.with_name(out.name + ".partial")
    if staging.exists():
        shutil.rmtree(staging)
    try:
        for sub in ("exercises", "checks", "expected"):
            (staging / sub).mkdir(parents=True)
        for ex in exercises:
            stub, seeds_done = recorded[ex.slug]
            shutil.copyfile(stub, staging / "exercises" / f"{ex.slug}.py")
            if ex.origin == "course":   # the shipped checks come with the toolkit the learner installs
                text = ex.checks.read_text(encoding="utf-8")
                (staging / "checks" / f"{ex.slug}.py").write_text(strip_checks(text, str(ex.checks)), encoding="utf-8")
            recording.write(staging / "expected", ex.slug, seeds_done)
        (staging / "expected" / recording.INDEX).write_text(json.dumps(
            {"format": recording.FORMAT, "seeds": list(seeds), "toolkit": __version__,
             "checks": {e.slug: recording.checks_digest(e) for e in exercises if e.origin == "shipped"}}), encoding="utf-8")
        quizzes = _source_of("quizzes", root)
        if quizzes is not None:
            shutil.copytree(quizzes, staging / "quizzes", ignore=shutil.ignore_patterns("__pycache__", ".*"))
        own = [e for e in exercises if e.origin == "course"]
        (staging / registry.COURSE_REGISTRY).write_text(_registry_text(own, with_answers_in_hints), encoding="utf-8")
        (staging / "README.md").write_text(_readme(exercises, seeds), encoding="utf-8")
        info = {"release": 1, "toolkit": __version__, "seeds": list(seeds), "quiz_key": bool(with_quiz_key),
                "answers_in_hints": bool(with_answers_in_hints), "exercises": [e.slug for e in exercises],
                "made": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        (staging / RELEASE_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        problems = leaks(staging, found, hints_allowed=with_answers_in_hints)
        if problems:
            raise ReleaseProblem(tr("the release would give answers away; nothing was written:\n{p}",
                                    "配布用フォルダに答えが含まれてしまうため、何も書きませんでした:\n{p}",
                                    p="\n".join(problems[:40] + ([tr("... and {n} more", "... ほか {n} 件", n=len(problems) - 40)] if len(problems) > 40 else []))))
        if out.exists():
            out.rmdir()
        staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return info
