"""Checking a course before learners see it: `grade verify`.

For each exercise, :func:`verify` looks at

- **signatures**: the stub and the reference define the same public functions
  and classes with the same parameters, and the registry's functions among them;
- **points**: the tasks' points add up to the registry's, every catalogued
  mistake has an example, ``ANSWERS`` fills exactly the stub's blanks;
- **reference**: the reference passes its own checks at seeds 0 to N-1 (in this
  process, in the learner's place), including the checks that do not compare
  with it (numerical gradients, plain loops), which it must pass too;
- **stub**, **answers**, **equivalents**, **mistakes**: graded as learners'
  files (each in its own sandboxed worker, one pytest session per exercise):
  the untouched stub is blank in every task, the stub with ``ANSWERS`` gets full
  marks, every listed equivalent passes, every catalogued mistake fails and is
  named by its own id and no other (at seed 0, or at every seed with ``thorough``).

Each finding is one line naming the exercise, the part and what is wrong.
"""
from __future__ import annotations

import ast
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from grader import registry
from grader.blanks import fill_blanks, find_blanks
from grader.i18n import tr

PARTS = ("signatures", "points", "reference", "stub", "answers", "equivalents", "mistakes")


@dataclass
class Verdict:
    slug: str
    counts: Dict[str, str] = field(default_factory=dict)   # part -> what was checked ("50 seeds", "12/12")
    problems: List[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def signatures(path: Path) -> Dict[str, object]:
    """Name -> parameters of each public function (for a class: of its methods) defined in ``path``."""
    def signature(node):
        if isinstance(node, ast.ClassDef):
            return {m.name: ast.dump(m.args) for m in node.body if isinstance(m, ast.FunctionDef)}
        return ast.dump(node.args)

    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name: signature(node) for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_")}


def _files(slug: str, stub: Path, reference: Path, verdict: Verdict) -> bool:
    for what, path in (("stub", stub), ("reference", reference)):
        if not path.is_file():
            verdict.problems.append(tr("{s}: no {w} {p}", "{s}: {w} {p} がありません", s=slug, w=what, p=path))
    return not verdict.problems


def _static(slug: str, checks, stub: Path, reference: Path, verdict: Verdict) -> None:
    try:
        mine, theirs = signatures(stub), signatures(reference)
    except SyntaxError as exc:
        verdict.problems.append(f"{slug}: signatures: {exc.filename or ''} line {exc.lineno}: {exc.msg}")
        return
    for name in sorted(set(mine) | set(theirs)):
        if mine.get(name) != theirs.get(name):
            verdict.problems.append(tr("{s}: signatures: {n} differs between the stub and the reference",
                                       "{s}: シグネチャ: {n} がスタブと模範解答で異なります", s=slug, n=name))
    for name in registry.get(slug).functions:
        if name not in mine:
            verdict.problems.append(tr("{s}: signatures: the stub has no {n}", "{s}: シグネチャ: スタブに {n} がありません",
                                       s=slug, n=name))
    verdict.counts["signatures"] = str(len(mine))
    tasks = [f._task for f in vars(checks).values() if callable(f) and hasattr(f, "_task")]
    points = sum(t.points for t in tasks)
    if points != registry.get(slug).points:
        verdict.problems.append(tr("{s}: points: the tasks give {t}, the registry says {r}",
                                   "{s}: 配点: 課題の合計は {t}、一覧では {r}", s=slug, t=points, r=registry.get(slug).points))
    for mistake in getattr(checks, "MISTAKES", ()):
        if mistake.test_example() is None:
            verdict.problems.append(tr("{s}: points: mistake {m} has no example", "{s}: 配点: 間違い {m} に例がありません",
                                       s=slug, m=mistake.id))
    blanks = {n for n, _line, _col in find_blanks(stub.read_text(encoding="utf-8"))}
    if set(getattr(checks, "ANSWERS", {})) != blanks:
        verdict.problems.append(tr("{s}: points: ANSWERS fills blanks {a}, the stub has {b}",
                                   "{s}: 配点: ANSWERS は空欄 {a}、スタブの空欄は {b}", s=slug,
                                   a=sorted(getattr(checks, "ANSWERS", {})), b=sorted(blanks)))
    verdict.counts["points"] = str(points)


def _reference(slug: str, solutions: Path, seeds: int, verdict: Verdict) -> None:
    from grader.engine import ReferenceProblem, _reference_run

    failed = 0
    for seed in range(seeds):
        try:
            report, plugin = _reference_run(slug, solutions, seed)
        except ReferenceProblem as exc:
            verdict.problems.append(f"{slug}: reference: {exc}")
            return
        bad = [t for t in report.tests if t.status.value != "passed"]
        skipped = plugin.skipped
        if bad or skipped or not report.tests:
            failed += 1
            if failed <= 3:   # the first few seeds say enough
                for t in bad:
                    verdict.problems.append(tr("{s}: reference: seed {n}: task {t} {st}: {m}",
                                               "{s}: 模範解答: seed {n}: 課題 {t} が {st}: {m}", s=slug, n=seed,
                                               t=t.name, st=t.status.value, m=t.message.splitlines()[0][:200]))
                for name, why in skipped:
                    verdict.problems.append(tr(
                        "{s}: reference: seed {n}: it fails check {t}, which does not compare with it, so the check "
                        "is skipped for learners: {w}",
                        "{s}: 模範解答: seed {n}: 模範解答と比べないチェック {t} を模範解答自体が通らないため、"
                        "受講者にはこのチェックが行われません: {w}", s=slug, n=seed, t=name, w=(why.splitlines() or [""])[0][:200]))
    verdict.counts["reference"] = tr("{p}/{n} seeds", "{p}/{n} seed", p=seeds - failed, n=seeds)


def answered(stub_text: str, checks, fills=None) -> str:
    """The stub with ``fills`` typed into its blanks and the checks' ANSWERS in the others."""
    return fill_blanks(stub_text, {**getattr(checks, "ANSWERS", {}), **(fills or {})})


def variant(stub_text: str, checks, example) -> Optional[str]:
    """The text of a submission reproducing a mistake's (or equivalent's) ``example``
    (see grader.mistakes): fills for blanks, or (old, new) replacements of the
    answered stub; None when an ``old`` text is not in it."""
    if isinstance(example, Mapping):
        return answered(stub_text, checks, example)
    text = answered(stub_text, checks)
    for old, new in example:
        if old not in text:
            return None
        text = text.replace(old, new)
    return text


def _variants(slug: str, checks, stub_text: str):
    """(part, label, text, expect) for the graded parts: expect is "blank", "full" or a mistake id."""
    yield "stub", "stub", stub_text, "blank"
    yield "answers", "ANSWERS", answered(stub_text, checks), "full"
    for i, fills in enumerate(getattr(checks, "EQUIVALENTS", [])):
        yield "equivalents", f"equivalent {i + 1}", answered(stub_text, checks, fills), "full"
    for mistake in getattr(checks, "MISTAKES", ()):
        example = mistake.test_example()
        if example is not None:
            yield "mistakes", mistake.id, variant(stub_text, checks, example), mistake.id


def _judge(slug: str, label: str, expect: str, report, verdict: Verdict) -> bool:
    statuses = {t.status.value for t in report.tests}
    if expect == "blank":
        ok = statuses == {"blank"}
        why = tr("is not blank in every task ({s})", "すべての課題が未記入にはなりません（{s}）", s=", ".join(sorted(statuses)))
    elif expect == "full":
        ok = report.passed
        first = next((t for t in report.tests if t.status.value != "passed"), None)
        why = tr("does not pass: task {t} {s}: {m}", "合格しません: 課題 {t} が {s}: {m}", t=first.name if first else "?",
                 s=first.status.value if first else "?", m=(first.message.splitlines() or [""])[0][:200] if first else "")
    else:
        named = {t.mistake for t in report.tests if t.mistake}
        ok = not report.passed and named == {expect}
        why = (tr("passes", "合格してしまいます") if report.passed else
               tr("fails but is named {n}", "不合格ですが {n} と判定されます", n=", ".join(sorted(named)) or "nothing"))
    if not ok:
        verdict.problems.append(f"{slug}: {label}: {why}")
    return ok


def _graded(slug: str, checks, stub_text: str, solutions: Path, seeds: Sequence[int], verdict: Verdict) -> None:
    from grader import forkserver
    from grader.session import Submission, grade_each

    cases = list(_variants(slug, checks, stub_text))
    totals: Dict[str, List[int]] = {}
    with tempfile.TemporaryDirectory(prefix="grade-verify-") as folder:
        subs = []
        for index, (part, label, text, expect) in enumerate(cases):
            totals.setdefault(part, [0, 0])
            if text is None:
                verdict.problems.append(tr("{s}: {l}: its example's text is not in the answered stub",
                                           "{s}: {l}: 例の置き換え前の文字列が解答済みのスタブにありません", s=slug, l=label))
                totals[part][1] += 1
                continue
            path = Path(folder) / f"{index:03d}" / f"{slug}.py"
            path.parent.mkdir()
            path.write_text(text, encoding="utf-8")
            subs.append(Submission(index, path, [folder]))
        with forkserver.serving():
            for seed in seeds:
                def emit(sub, report, problem, _kind, seed=seed):
                    part, label, _text, expect = cases[sub.tag]
                    totals[part][1] += 1
                    if report is None:
                        verdict.problems.append(f"{slug}: {label}: seed {seed}: {problem}")
                    elif _judge(slug, label if seed == 0 else f"{label} (seed {seed})", expect, report, verdict):
                        totals[part][0] += 1

                grade_each(slug, solutions, list(subs), emit, seed=seed)
    for part, (good, total) in totals.items():
        verdict.counts[part] = f"{good}/{total}"


def verify(slug: str, solutions: Path, course: Path, seeds: int = 50, thorough: bool = False) -> Verdict:
    """Every check of exercise ``slug`` with the reference in ``solutions`` and the stub of ``course``."""
    verdict = Verdict(slug)
    stub, reference = course / "exercises" / f"{slug}.py", Path(solutions) / f"{slug}.py"
    if not _files(slug, stub, reference, verdict):
        return verdict
    checks = registry.checks_module(registry.get(slug))
    _static(slug, checks, stub, reference, verdict)
    _reference(slug, solutions, seeds, verdict)
    if any(": reference: " in p and "seed" not in p for p in verdict.problems):
        return verdict   # a reference that cannot be used grades nothing
    _graded(slug, checks, stub.read_text(encoding="utf-8"), solutions, range(seeds) if thorough else [0], verdict)
    return verdict
