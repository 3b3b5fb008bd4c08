"""`grade class --out`: parallel, kept row by row, resumable, one learner's worst case costs one row."""
from __future__ import annotations

import collections
import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader import results
from grader.class_run import content_hash

from exercise_helpers import ROOT
from sandbox_helpers import cli_runner

SLUGS = ["rnn", "lstm", "dropout"]
GRADE = [sys.executable, "-m", "grader.cli"]


def make_class(folder: Path, learners: int = 4) -> dict:
    """learner -> {slug: what their file is}: right, the stub (blanks), a wrong value, or missing."""
    kinds = {}
    for i in range(learners):
        name = f"learner{i:02d}"
        (folder / name).mkdir(parents=True)
        kinds[name] = {}
        for j, slug in enumerate(SLUGS):
            kind = ("right", "stub", "wrong", "missing")[(i + j) % 4]
            kinds[name][slug] = kind
            right = (ROOT / "solutions" / f"{slug}.py").read_text(encoding="utf-8")
            if kind == "right":
                text = right
            elif kind == "stub":
                text = (ROOT / "exercises" / f"{slug}.py").read_text(encoding="utf-8")
            elif kind == "wrong":   # every function returns something of the wrong size
                text = right + "\n\nimport numpy as _np\n" + "".join(
                    f"\ndef {f}(*a, **k):\n    return _np.zeros(1)\n" for f in _functions(right))
            else:
                continue
            (folder / name / f"{slug}.py").write_text(text, encoding="utf-8")
    return kinds


def _functions(source: str):
    return [line.split("(")[0][4:] for line in source.splitlines() if line.startswith("def ")]


def counts(out: Path) -> collections.Counter:
    return collections.Counter((r["learner"], r["exercise"]) for r in results.rows(out))


def own_tmp(out: Path) -> dict:
    """An environment whose temporary folder is the run's own (to see what it leaves there)."""
    tmp = out.parent / "tmp"
    tmp.mkdir(exist_ok=True)
    return dict(os.environ, TMPDIR=str(tmp))


def left_in_tmp(out: Path) -> list:
    return sorted(p.name for p in (out.parent / "tmp").iterdir())


def start(class_dir: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([*GRADE, "class", str(class_dir), "--out", str(out), *sum((["--exercise", s] for s in SLUGS), []),
                             *extra], cwd=str(ROOT), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env=own_tmp(out))


def wait_for_rows(out: Path, n: int, proc: subprocess.Popen, limit: float = 120.0) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if sum(counts(out).values()) >= n:
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError(f"fewer than {n} rows after {limit} s")


def check_rows_match_files(out: Path, kinds: dict) -> None:
    table = results.latest(out)
    assert set(table) == {(l, s) for l in kinds for s in SLUGS}
    for (learner, slug), row in table.items():
        kind = kinds[learner][slug]
        if kind == "missing":
            assert row.get("missing") is True, row
        elif kind == "right":
            assert row["passed"] is True and row["score"] == row["max_score"] > 0, row
        elif kind == "stub":
            assert row["passed"] is False and "blank" in {t["status"] for t in row["tests"]}, row
        else:
            assert row["passed"] is False and row["score"] < row["max_score"], row


def test_a_class_run_keeps_a_row_per_learner_and_exercise(tmp_path):
    kinds = make_class(tmp_path / "class")
    out = tmp_path / "results"
    result = cli_runner().invoke(__import__("grader.cli", fromlist=["main"]).main,
                                 ["class", str(tmp_path / "class"), "--out", str(out), "--jobs", "2",
                                  *sum((["--exercise", s] for s in SLUGS), [])])
    assert result.exit_code == 0, result.output
    assert set(counts(out).values()) == {1}
    check_rows_match_files(out, kinds)
    for row in results.rows(out):
        assert row["hash"] and (row.get("missing") or row["file"] == f"{row['learner']}/{row['exercise']}.py")
    with open(out / "grades.csv", encoding="utf-8-sig") as fh:
        grades = list(csv.DictReader(fh))
    assert [g["learner"] for g in grades] == sorted(kinds)
    for g in grades:
        assert float(g["total"]) == sum(float(g[s]) for s in SLUGS)
    assert (out / "report.html").stat().st_size > 1000 and (out / "junit.xml").is_file()


def test_kill_9_part_way_then_resume_grades_each_file_exactly_once(tmp_path):
    kinds = make_class(tmp_path / "class", learners=8)
    out = tmp_path / "results"
    proc = start(tmp_path / "class", out, "--jobs", "2")
    wait_for_rows(out, 12, proc)   # the 6 missing rows come first, then gradings
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    before = [r for r in results.rows(out)]
    graded_before = {(r["learner"], r["exercise"]) for r in before if not r.get("missing")}
    assert 0 < len(graded_before) < sum(k != "missing" for v in kinds.values() for k in v.values())
    with open(out / results.FILE, "a", encoding="utf-8") as fh:   # a write torn by the kill
        fh.write('{"learner": "learner00", "exerc')
    resumed = subprocess.run([*GRADE, "class", str(tmp_path / "class"), "--out", str(out), "--resume",
                              *sum((["--exercise", s] for s in SLUGS), [])],
                             cwd=str(ROOT), capture_output=True, text=True, timeout=300, env=own_tmp(out))
    assert resumed.returncode == 0, resumed.stderr
    assert left_in_tmp(out) == []   # what the killed run left, the next one swept
    assert f"{len(before)} kept" in resumed.stderr or f"{len(before)} 件" in resumed.stderr, resumed.stderr
    assert set(counts(out).values()) == {1}, "a file was graded twice, or a kept row was written again"
    check_rows_match_files(out, kinds)
    # nothing done before the kill was graded again
    assert [r for r in results.rows(out)][:len(before)] == before


def test_resume_grades_again_only_what_changed(tmp_path):
    kinds = make_class(tmp_path / "class", learners=4)
    out = tmp_path / "results"
    args = ["class", str(tmp_path / "class"), "--out", str(out), *sum((["--exercise", s] for s in SLUGS), [])]
    main = __import__("grader.cli", fromlist=["main"]).main
    assert cli_runner().invoke(main, args).exit_code == 0
    first = len(list(results.rows(out)))
    learner = next(l for l, k in kinds.items() if k["lstm"] == "stub")
    (tmp_path / "class" / learner / "lstm.py").write_text((ROOT / "solutions" / "lstm.py").read_text(), encoding="utf-8")
    again = cli_runner().invoke(main, args + ["--resume"])
    assert again.exit_code == 0, again.output
    rows = list(results.rows(out))
    assert len(rows) == first + 1 and (rows[-1]["learner"], rows[-1]["exercise"]) == (learner, "lstm")
    assert results.latest(out)[(learner, "lstm")]["passed"] is True   # the last row wins
    with open(out / "grades.csv", encoding="utf-8-sig") as fh:
        grades = {g["learner"]: g for g in csv.DictReader(fh)}
    assert grades[learner]["lstm"] == "10"
    nothing = cli_runner().invoke(main, args + ["--resume"])
    assert nothing.exit_code == 0 and len(list(results.rows(out))) == first + 1


def test_the_content_hash_follows_the_file_the_reference_and_the_seed(tmp_path):
    sub = tmp_path / "lstm.py"
    sub.write_text("x = 1\n")
    sols = tmp_path / "sols"
    sols.mkdir()
    (sols / "lstm.py").write_text("y = 1\n")
    base = content_hash("lstm", sub, sols, 0)
    assert content_hash("lstm", sub, sols, 0) == base
    assert content_hash("lstm", sub, sols, 1) != base
    assert content_hash("rnn", sub, sols, 0) != base
    assert content_hash("lstm", None, sols, 0) != base
    (sols / "lstm.py").write_text("y = 2\n")
    assert content_hash("lstm", sub, sols, 0) != base


def test_ctrl_c_stops_cleanly_with_what_is_done_written(tmp_path):
    make_class(tmp_path / "class", learners=8)
    out = tmp_path / "results"
    proc = start(tmp_path / "class", out, "--jobs", "1")
    wait_for_rows(out, 8, proc)
    os.killpg(proc.pid, signal.SIGINT)   # as a terminal sends it: to the whole foreground group
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "--resume" in stderr and "Traceback" not in stderr
    rows = list(results.rows(out))
    assert rows and set(counts(out).values()) == {1}
    with open(out / "grades.csv", encoding="utf-8-sig") as fh:   # written from what was done
        assert {g["learner"] for g in csv.DictReader(fh)} == {r["learner"] for r in rows}
    assert str(out / "grades.csv") in stdout
    assert left_in_tmp(out) == []   # the killed grading processes' workers and fork servers are swept


def test_a_grading_process_that_dies_costs_only_its_file(tmp_path):
    kinds = make_class(tmp_path / "class", learners=8)
    out = tmp_path / "results"
    proc = start(tmp_path / "class", out, "--jobs", "2")
    wait_for_rows(out, 10, proc)
    killed = 0
    for entry in os.listdir("/proc"):   # kill one grading process (not the run)
        try:
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if b"grader.class_job" in cmd and entry.isdigit():
            os.kill(int(entry), signal.SIGKILL)
            killed += 1
            break
    assert killed == 1
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode in (0, 1), stderr
    table = results.latest(out)
    assert set(table) == {(l, s) for l in kinds for s in SLUGS}
    lost = [key for key, row in table.items() if row.get("error")]
    assert len(lost) <= 1 and (proc.returncode == 1) == bool(lost)
    if lost:
        assert "could not be graded" in stderr and "/".join(lost[0]) in stderr
    assert left_in_tmp(out) == []   # the killed process's folders: swept by the others


def test_an_empty_class_folder_is_a_usage_error(tmp_path):
    main = __import__("grader.cli", fromlist=["main"]).main
    (tmp_path / "class").mkdir()
    result = cli_runner().invoke(main, ["class", str(tmp_path / "class"), "--out", str(tmp_path / "r")])
    assert result.exit_code == 2 and "learner" in result.stderr
    assert cli_runner().invoke(main, ["class", str(tmp_path / "class"), "--resume"]).exit_code == 2


def test_the_results_folder_is_private_to_learner_code(tmp_path):
    """A learner's file cannot read the other rows of results.jsonl, nor write there."""
    make_class(tmp_path / "class", learners=2)
    out = tmp_path / "class" / "results"   # even inside the class folder
    spy = f'''
import os
def _peek():
    found = []
    for path in ({str(out / results.FILE)!r}, {str(tmp_path / "class" / "learner00" / "rnn.py")!r}):
        try:
            found.append(open(path).read()[:20])
        except OSError:
            found.append("")
    try:
        open({str(out / results.FILE)!r}, "a").write('{{"learner": "learner00", "exercise": "rnn", "passed": true}}\\n')
    except OSError:
        pass
    return found
_seen = _peek()
assert _seen == ["", ""], _seen
'''
    (tmp_path / "class" / "zz-spy").mkdir()
    (tmp_path / "class" / "zz-spy" / "lstm.py").write_text((ROOT / "solutions" / "lstm.py").read_text() + spy)
    main = __import__("grader.cli", fromlist=["main"]).main
    result = cli_runner().invoke(main, ["class", str(tmp_path / "class"), "--out", str(out),
                                        *sum((["--exercise", s] for s in SLUGS), [])])
    assert result.exit_code == 0, result.output
    table = results.latest(out)
    assert ("results", "rnn") not in table   # the results folder is not a learner
    assert table[("zz-spy", "lstm")]["passed"] is True   # it read nothing: its own check passed
    assert all(r.get("passed") is not True or r.get("hash") for r in results.rows(out))


def test_notebooks_and_names_in_any_case_are_graded_in_a_class_run(tmp_path):
    right = (ROOT / "solutions" / "lstm.py").read_text(encoding="utf-8")
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# LSTM"]},
             {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
              "source": ["!pip install nothing\n", "%matplotlib inline\n", right]}]
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}
    for name, files in (("alice", {"Copy of LSTM.ipynb": json.dumps(notebook)}), ("bob", {"LSTM.PY": right}),
                        ("carol", {"lstm.ipynb": "{not json"})):
        (tmp_path / "class" / name).mkdir(parents=True)
        for file, text in files.items():
            (tmp_path / "class" / name / file).write_text(text, encoding="utf-8")
    out = tmp_path / "results"
    main = __import__("grader.cli", fromlist=["main"]).main
    result = cli_runner().invoke(main, ["class", str(tmp_path / "class"), "--out", str(out), "--exercise", "lstm"])
    table = results.latest(out)
    assert table[("alice", "lstm")]["passed"] is True and table[("bob", "lstm")]["passed"] is True
    broken = table[("carol", "lstm")]
    assert broken["passed"] is False and "lstm.ipynb" in broken["error"] and "Traceback" not in broken["error"]
    assert result.exit_code == 0, result.output   # a learner's broken file is their result, not a lost grading
