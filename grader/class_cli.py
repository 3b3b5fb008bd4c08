"""`grade class`: grade every learner's files of a class folder.

The run itself is grader.class_run; what it writes besides results.jsonl is
grader.class_outputs.  Exit codes: 0 every file was graded (whatever the
learners scored), 1 some file's grading could not finish (its row says so),
2 a usage error, 130 stopped by Ctrl-C (what was finished is kept).
"""
from __future__ import annotations

import csv
import io
import json
import os
import sys
from pathlib import Path
from typing import List, Optional

import click

from grader import registry
from grader.cli_common import UsageProblem, _exercise, _solutions_dir, lang_option, reference_folder
from grader.helptext import Command
from grader.i18n import set_lang, tr


def _warn_once() -> None:
    """Before a class run: say once, on stderr, if learner code could reach the user's files here."""
    from grader import protections
    from grader.doctor import run

    try:
        facts = run(None)["sandbox"]
    except Exception:  # the run itself reports a worker that cannot start, per file
        return
    warning = protections.warning(facts) if facts is not None else None
    if warning:
        click.echo(warning, err=True)


def legacy_csv(rows: List[dict]) -> str:
    """The CSV `grade class` prints without --out: learner, exercise, score, max_score, passed, statuses."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["learner", "exercise", "score", "max_score", "passed", "statuses"])
    for row in rows:
        if row.get("missing"):
            writer.writerow([row["learner"], row["exercise"], "", "", "", "missing"])
            continue
        statuses = " ".join(f"{t.get('name')}={t.get('status')}" for t in row.get("tests", [])) or "error"
        writer.writerow([row["learner"], row["exercise"], row.get("score", 0), row.get("max_score", ""),
                         str(bool(row.get("passed"))).lower(), statuses])
    return out.getvalue()


def _in_learner_order(rows: List[dict], slugs: List[str]) -> List[dict]:
    place = {slug: i for i, slug in enumerate(slugs)}
    return sorted(rows, key=lambda r: (r["learner"], place.get(r["exercise"], len(place))))


class _Progress:
    """One line per file on stderr; on a terminal, one line kept up to date."""

    def __init__(self):
        self.tty = sys.stderr.isatty()

    def __call__(self, row: dict, done: int, total: int) -> None:
        status = "missing" if row.get("missing") else ("error" if row.get("error") else
                                                       f"{row.get('score', 0)}/{row.get('max_score', 0)}")
        line = f"[{done}/{total}] {row['learner']}: {row['exercise']} {status}"
        if self.tty:
            click.echo("\r\033[K" + line, err=True, nl=done == total)
        else:
            click.echo(line, err=True)


@click.command("class", cls=Command)
@click.argument("class_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--exercise", "names", multiple=True, help="Grade only this exercise (repeatable; default: all).")
@click.option("--solutions", type=click.Path(path_type=Path), default=None,
              help="Folder of reference solutions (default: $GRADER_SOLUTIONS, else solutions/).")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              help="What to print without --out.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random test inputs.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Results folder: results.jsonl (one row per file, kept as it is graded), grades.csv, "
                   "details.csv, junit.xml, report.html.")
@click.option("--jobs", type=click.IntRange(1, 256), default=None,
              help="Files graded at once (default: the number of cores).")
@click.option("--resume", is_flag=True,
              help="With --out: keep what results.jsonl has from the same files, references and toolkit; "
                   "grade only the rest.")
@lang_option
def class_cmd(class_dir: Path, names, solutions: Optional[Path], fmt: str, seed: int, out: Optional[Path],
              jobs: Optional[int], resume: bool, lang: Optional[str]) -> None:
    """Grade every learner's files in CLASS_DIR (one subfolder per learner).

    A learner's file for exercise NAME is LEARNER/NAME.py or LEARNER/NAME.ipynb
    (also in LEARNER/exercises/; names in any case).  Without --out, prints a
    CSV (learner, exercise, score, max_score, passed, statuses) or a JSON list
    of reports at the end.  With --out DIR, each result is appended to
    DIR/results.jsonl as soon as it is known, and the gradebook files are
    written from it at the end (or at Ctrl-C); --resume carries on a run that
    was stopped.  Progress goes to stderr.

    Exit 0 when every file was graded, 1 when some file's grading could not
    finish, 2 for a usage error, 130 when stopped by Ctrl-C.
    """
    set_lang(lang)
    from grader import results
    from grader.class_run import ClassRun, Interrupted, ReferenceBroken, plan, stop_on_signals
    from grader.submissions import SubmissionProblem, class_files, no_learners, warnings

    if not class_dir.is_dir():
        raise UsageProblem(tr("no such folder: {d}", "フォルダがありません: {d}", d=class_dir))
    if resume and out is None:
        raise UsageProblem(tr("--resume needs --out (the results folder to carry on)",
                              "--resume には --out（続きを書く結果のフォルダ）が必要です"))
    slugs = [_exercise(n).slug for n in names] or registry.slugs()
    solutions = _solutions_dir(solutions)
    references = {slug: reference_folder(slug, solutions) for slug in slugs}   # the course's own where it lacks one
    _check_references(references, seed)
    try:
        found = class_files(class_dir, slugs)
    except SubmissionProblem as exc:
        raise UsageProblem(str(exc)) from None
    if out is not None:   # a results folder inside the class folder is not a learner
        found.learners.pop(next((n for n in found.learners if (class_dir / n).resolve() == out.resolve()), ""), None)
    if not found.learners:
        raise UsageProblem(no_learners(class_dir))
    for warning in warnings(found, class_dir):   # files that matched no exercise, or lost to another file
        click.echo(warning, err=True)
    done = results.latest(out) if (resume and out is not None) else {}
    todo = plan(found.learners, slugs, references, seed, done)
    if resume:
        click.echo(tr("Resuming: {k} kept from {f}, {n} to grade.", "続きから: {f} の {k} 件をそのまま使い、{n} 件を採点します。",
                      k=len(found.learners) * len(slugs) - len(todo), f=out / results.FILE, n=len(todo)), err=True)
    _warn_once()
    private = [str(class_dir.resolve()), str(solutions.resolve())] + ([str(out.resolve())] if out is not None else [])
    try:
        writer = results.Writer(out) if out is not None else None
    except OSError as exc:
        raise UsageProblem(tr("cannot write to {d}: {e}", "{d} に書き込めません: {e}", d=out, e=exc.strerror)) from None
    run = ClassRun(class_dir, todo, seed, private, writer, jobs or os.cpu_count() or 1, _Progress())
    restore = stop_on_signals()
    interrupted, broken = False, None
    try:
        run.run()
    except (KeyboardInterrupt, Interrupted):
        interrupted = True
    except ReferenceBroken as exc:
        broken = str(exc)
    finally:
        restore()
        if writer is not None:
            writer.close()
    if out is not None:
        _finish(out, lang)
    elif not broken:
        rows = _in_learner_order(run.rows, slugs)
        if fmt == "json":
            click.echo(json.dumps([{k: v for k, v in r.items() if k != "hash"} for r in rows], ensure_ascii=False))
        else:
            click.echo(legacy_csv(rows), nl=False)
    if broken:
        raise UsageProblem(broken)
    if interrupted:
        click.echo(tr("Stopped: {d} of {n} files done and kept.", "中断しました: {n} 件中 {d} 件を終えて保存しました。",
                      d=run.done, n=len(todo)) +
                   (tr(" Run it again with --resume to finish.", " --resume を付けてもう一度実行すると残りを採点します。")
                    if out is not None else ""), err=True)
        sys.exit(130)
    if run.failures:
        click.echo(tr("{n} file(s) could not be graded to the end: {w}", "{n} 件のファイルを最後まで採点できませんでした: {w}",
                      n=len(run.failures), w=", ".join(run.failures[:10])), err=True)
        sys.exit(1)


def _check_references(references, seed: int) -> None:
    """Every reference imports and runs through its own checks without failing
    itself, before any learner is graded: a broken one is a usage error, never
    a learner's result (during the run, a reference that fails was given the
    learner's data)."""
    from grader.engine import ReferenceProblem, load_reference, reference_trouble

    for slug, folder in references.items():
        try:
            load_reference(slug, folder)
            trouble = reference_trouble(slug, folder, seed)
        except ReferenceProblem as exc:
            raise UsageProblem(str(exc)) from None
        if trouble:
            raise UsageProblem(trouble)


def _finish(out: Path, lang: Optional[str]) -> None:
    """Write the gradebook files from results.jsonl, and say where they are."""
    from grader.class_outputs import write_outputs

    try:
        written = write_outputs(out, lang)
    except OSError as exc:
        raise UsageProblem(tr("cannot write to {d}: {e}", "{d} に書き込めません: {e}", d=out, e=exc.strerror)) from None
    for path in written:
        click.echo(str(path))
