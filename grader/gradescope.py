"""Gradescope autograders: the zip ``grade gradescope`` builds, and the grading
its ``run_autograder`` does on the platform (``grade gradescope-run``).

The zip (Gradescope unpacks it into ``/autograder/source``)::

    setup.sh                 run once when Gradescope builds the image: a Python 3.11+
                             (apt where the image has none), a virtual environment with
                             the carried wheel, `grade` linked into /usr/local/bin
    run_autograder           run for each submission: `grade gradescope-run`
    gradescope.json          what to grade and how (see :func:`settings`)
    dl_course_toolkit-*.whl  this toolkit, the exact version that built the zip
    course/exercises/NAME.py the stubs (blanks are named by the stub's numbers)
    course/solutions/NAME.py the references, when they are the course's own
    solutions/NAME.py        the instructor's references (``--solutions``), otherwise

On the platform the submission is in ``ROOT/submission`` and the results go to
``ROOT/results/results.json``; ROOT is ``/autograder`` unless ``AUTOGRADER_ROOT``
says otherwise, so a test can run the bundle anywhere.  Each exercise's file is
found as a class run finds a learner's (:func:`grader.submissions.folder_files`)
and graded by the normal engine in its own sandboxed worker, for which the whole
ROOT (references included) is private.  Gradescope knows two statuses: our
``passed`` stays passed, every other status is ``failed``.  Whatever happens, a
results.json is written.
"""
from __future__ import annotations

import json
import os
import time
import zipfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from grader import registry
from grader.i18n import pick, set_lang, tr
from grader.result import Report, Status

CONFIG = "gradescope.json"
RESULTS = "results/results.json"
VISIBILITIES = ("hidden", "after_due_date", "after_published")   # what --hidden-until may say
# The learner's worker's memory limit on the platform: below Gradescope's default 768 MB for the
# whole container, with room for the grader, so a greedy submission loses its tasks, not the run.
MEMORY_MB = 512


class BundleProblem(Exception):
    """The autograder cannot be built as asked (one line for the instructor)."""


def autograder_root(flag: Optional[Path] = None) -> Path:
    return Path(flag or os.environ.get("AUTOGRADER_ROOT") or "/autograder")


# -- building the zip --------------------------------------------------------

def _task_list(slug: str, solutions: Path) -> List[dict]:
    """The tasks of ``slug`` (name, title, points), from a run of its checks on the reference."""
    from grader.engine import ReferenceProblem, check_reference

    try:
        report = check_reference(slug, solutions)
    except ReferenceProblem as exc:
        raise BundleProblem(str(exc)) from None
    return [{"name": t.name, "title": t.title, "max_score": t.max_score} for t in report.tests]


def _check_hidden(hidden: Sequence[str], tasks: Dict[str, List[dict]]) -> List[str]:
    """``--hidden`` names: EXERCISE (all its tasks) or EXERCISE:TASK; each must exist."""
    checked = []
    for spec in hidden:
        slug, _, task = spec.partition(":")
        if slug not in tasks:
            raise BundleProblem(tr("--hidden {s}: {e} is not one of the exercises in this autograder ({all})",
                                   "--hidden {s}: {e} はこの自動採点の演習ではありません（{all}）",
                                   s=spec, e=slug, all=", ".join(tasks)))
        names = [t["name"] for t in tasks[slug]]
        if task and task not in names:
            raise BundleProblem(tr("--hidden {s}: {slug} has no task {t} (its tasks: {all})",
                                   "--hidden {s}: {slug} に課題 {t} はありません（課題: {all}）",
                                   s=spec, slug=slug, t=task, all=", ".join(names)))
        checked.append(spec)
    return checked


def settings(slugs: Sequence[str], tasks: Dict[str, List[dict]], hidden: Sequence[str], hidden_until: str,
             show_mistakes: bool, seed: int, lang: str, solutions: str, wheel: str, version: str,
             memory_mb: int = MEMORY_MB) -> dict:
    """What gradescope.json holds: everything ``run_autograder`` needs besides the files."""
    return {"toolkit": version, "wheel": wheel, "exercises": list(slugs), "tasks": tasks, "hidden": list(hidden),
            "hidden_until": hidden_until, "show_mistakes": show_mistakes, "seed": seed, "lang": lang,
            "solutions": solutions, "memory_mb": memory_mb}


def script(name: str, **fields) -> str:
    """setup.sh or run_autograder, with ``fields`` filled in."""
    from grader.gradescope_scripts import TEMPLATES

    text = TEMPLATES[name]
    for key, value in fields.items():
        text = text.replace("{{" + key + "}}", str(value))
    return text


def build(out: Path, slugs: Sequence[str], solutions: Path, course: Path, *, hidden: Sequence[str] = (),
          hidden_until: str = "hidden", show_mistakes: bool = True, seed: int = 0, lang: str = "en",
          memory_mb: int = MEMORY_MB, wheel: Optional[Path] = None) -> Path:
    """Write the autograder zip ``out``; BundleProblem when it cannot be built as asked."""
    import tempfile

    from grader.toolkit_wheel import WheelProblem, build as build_wheel

    if not slugs:
        raise BundleProblem(tr("no exercise to grade", "採点する演習がありません"))
    if hidden_until not in VISIBILITIES:
        raise BundleProblem(f"--hidden-until must be one of {', '.join(VISIBILITIES)}")
    if memory_mb < 64:
        raise BundleProblem("--memory-mb must be at least 64")
    for slug in slugs:
        if not (solutions / f"{slug}.py").is_file():
            raise BundleProblem(tr("the solutions folder {d} has no {n}.py", "模範解答のフォルダ {d} に {n}.py がありません",
                                   d=solutions, n=slug))
    tasks = {slug: _task_list(slug, solutions) for slug in slugs}
    hidden = _check_hidden(hidden, tasks)
    own = (course / "solutions").is_dir() and (course / "solutions").resolve() == solutions.resolve()
    where = "course/solutions" if own else "solutions"
    with tempfile.TemporaryDirectory(prefix="gradescope-") as tmp:
        try:
            wheel = wheel or build_wheel(Path(tmp))
        except WheelProblem as exc:
            raise BundleProblem(str(exc)) from None
        version = wheel.name.split("-")[1]
        config = settings(slugs, tasks, hidden, hidden_until, show_mistakes, seed, lang, where, wheel.name, version,
                          memory_mb)
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".part")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as bundle:
            _add(bundle, "setup.sh", script("setup.sh", WHEEL=wheel.name, VERSION=version), executable=True)
            _add(bundle, "run_autograder", script("run_autograder", VERSION=version), executable=True)
            _add(bundle, CONFIG, json.dumps(config, ensure_ascii=False, indent=2) + "\n")
            bundle.write(wheel, wheel.name)
            for slug in slugs:
                stub = course / "exercises" / f"{slug}.py"
                if stub.is_file():
                    bundle.write(stub, f"course/exercises/{slug}.py")
                bundle.write(solutions / f"{slug}.py", f"{where}/{slug}.py")
        os.replace(partial, out)
    return out


def _add(bundle: zipfile.ZipFile, name: str, text: str, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (0o100755 if executable else 0o100644) << 16
    bundle.writestr(info, text.encode("utf-8"))


# -- grading on the platform -------------------------------------------------

def _visibility(config: dict, slug: str, task: str) -> str:
    hidden = set(config.get("hidden", ()))
    return config.get("hidden_until", "hidden") if slug in hidden or f"{slug}:{task}" in hidden else "visible"


def _entry(config: dict, number: str, slug: str, name: str, title: str, score, max_score, passed: bool,
           output: str, status: str, mistake: str = "") -> dict:
    extra = {"exercise": slug, "task": name, "status": status}
    if mistake:
        extra["mistake"] = mistake
    return {"name": f"{slug}: {title}", "name_format": "text", "number": number, "score": score,
            "max_score": max_score, "status": "passed" if passed else "failed", "output": output,
            "output_format": "text", "visibility": _visibility(config, slug, name), "tags": [slug], "extra_data": extra}


def _without_mistakes(slug: str, report: Report) -> None:
    """The named mistakes taken out of the messages (their ids stay in extra_data and the log)."""
    from grader import registry

    catalogue = {m.id: m for m in getattr(registry.checks_module(registry.get(slug)), "MISTAKES", ())}
    for task in report.tests:
        mistake = catalogue.get(task.mistake)
        if mistake is not None:
            task.message = task.message.replace("\n" + mistake.message(), "")


def report_entries(config: dict, index: int, report: Report) -> List[dict]:
    """One Gradescope test per task of ``report`` (the ``index``-th exercise of the autograder)."""
    from grader.report_text import status_word

    if not config.get("show_mistakes", True):
        _without_mistakes(report.exercise, report)
    entries = []
    for j, task in enumerate(report.tests, 1):
        passed = task.status is Status.PASSED
        word = status_word(task.status)
        output = task.message if passed else (f"{word}: {task.message}" if task.message else word)
        entries.append(_entry(config, f"{index}.{j}", report.exercise, task.name, task.title, task.score,
                              task.max_score, passed, output, task.status.value, task.mistake))
    return entries


def zero_entries(config: dict, index: int, slug: str, why: str, status: str) -> List[dict]:
    """0 points on every task of ``slug`` (a missing or unreadable file), each saying ``why``."""
    tasks = config.get("tasks", {}).get(slug) or [{"name": slug, "title": pick(registry.get(slug).title),
                                                   "max_score": registry.get(slug).points}]
    return [_entry(config, f"{index}.{j}", slug, t["name"], t["title"], 0, t["max_score"], False, why, status)
            for j, t in enumerate(tasks, 1)]


def grade_submission(root: Path, config: dict, log=print) -> dict:
    """The results of ``root/submission`` as Gradescope reads them."""
    from grader.engine import ReferenceProblem, grade
    from grader.submissions import SubmissionProblem, choose, warnings

    source = root / "source"
    os.environ["GRADER_COURSE"] = str(source / "course")   # the stubs: blanks named by their numbers
    os.environ.setdefault("GRADER_MEMORY_MB", str(config.get("memory_mb", MEMORY_MB)))
    solutions = source / config["solutions"]
    slugs = list(config["exercises"])
    found = choose(root / "submission", slugs)   # as a class run finds a learner's files
    files = found.learners[(root / "submission").name]
    tests, summary, facts = [], [], None
    for index, slug in enumerate(slugs, 1):
        path = files.get(slug)
        if path is None:
            why = tr("no file for {slug}: hand in {slug}.py (or the notebook {slug}.ipynb)",
                     "{slug} のファイルがありません。{slug}.py（またはノートブック {slug}.ipynb）を提出してください", slug=slug)
            tests += zero_entries(config, index, slug, why, "missing")
            summary.append(why)
            log(f"{slug}: missing")
            continue
        try:
            # the whole root is private to the learner's code: the references, the settings, the results
            report = grade(slug, path, solutions, seed=config.get("seed", 0), private=[root])
        except SubmissionProblem as exc:   # named as the learner knows it: submission/x.ipynb, not the full path
            why = str(exc).replace(str(root / "submission") + os.sep, "")
            tests += zero_entries(config, index, slug, why, "error")
            summary.append(f"{slug}: {why}")
            log(f"{slug}: {why}")
            continue
        except (ReferenceProblem, Exception) as exc:   # never a traceback: the learner gets a line, the log the cause
            why = tr("{slug} could not be graded; your instructor can see why in the autograder's log",
                     "{slug} を採点できませんでした。理由は講師が自動採点のログで確認できます", slug=slug)
            tests += zero_entries(config, index, slug, why, "error")
            summary.append(why)
            log(f"{slug}: could not be graded: {type(exc).__name__}: {exc}")
            continue
        log(f"{slug}: {report.score:g}/{report.max_score:g} from {path.name}; "
            + " ".join(f"{t.name}={t.status.value}" + (f"({t.mistake})" if t.mistake else "") for t in report.tests))
        for note in report.notes:
            log(f"  note: {note}")
        tests += report_entries(config, index, report)
        facts = facts or report.sandbox
        line = f"{slug} ({report.title}): {report.score:g}/{report.max_score:g}"
        notes = report.notes if config.get("show_mistakes", True) else []
        summary.append("\n".join([line, *notes]))
    if facts:
        from grader import protections

        log(protections.summary(facts))   # what confined the learner's code on this image
    for warning in warnings(found, root / "submission"):   # files that matched nothing, or came second
        summary.append(warning)
        log(warning)
    score = sum(t["score"] for t in tests)
    return {"score": int(score) if float(score).is_integer() else round(score, 6), "output": "\n".join(summary),
            "output_format": "text", "tests": tests}


def run(root: Path, log=print) -> dict:
    """Grade the submission in ``root`` and write ``root/results/results.json``; never raises."""
    started = time.monotonic()
    try:
        with open(root / "source" / CONFIG, encoding="utf-8") as fh:
            config = json.load(fh)
        set_lang(config.get("lang"))
        results = grade_submission(root, config, log)
    except Exception as exc:   # the bundle itself is broken: still a results.json, and the cause in the log
        log(f"the autograder could not run: {type(exc).__name__}: {exc}")
        results = {"score": 0, "output": tr("The autograder could not run; your instructor can see why in its log.",
                                            "自動採点を実行できませんでした。理由は講師がログで確認できます。"),
                   "output_format": "text", "tests": []}
    results["execution_time"] = max(1, round(time.monotonic() - started))   # whole seconds
    target = root / RESULTS
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(partial, target)
    return results
