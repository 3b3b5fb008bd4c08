"""An instructor's solutions folder: partial ones fall back to the course's own
references, broken ones are usage errors, never a learner's result."""
from __future__ import annotations

import json
import shutil

import pytest

from grader import results
from grader.cli import main

from exercise_helpers import ROOT
from sandbox_helpers import cli_runner

RIGHT = {slug: (ROOT / "solutions" / f"{slug}.py").read_text(encoding="utf-8") for slug in ("rnn", "lstm")}


def grade(*args, env=None):
    return cli_runner().invoke(main, list(args), env=env)


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A course folder of its own (its exercises/ and solutions/), and a state folder of its own."""
    for part in ("exercises", "solutions"):
        shutil.copytree(ROOT / part, tmp_path / "course" / part)
    monkeypatch.chdir(tmp_path / "course")
    monkeypatch.setenv("GRADER_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("GRADER_SOLUTIONS", raising=False)
    return tmp_path / "course"


def test_an_exercise_the_folder_lacks_is_graded_against_the_courses_own(course, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "rnn.py").write_text(RIGHT["rnn"], encoding="utf-8")
    (tmp_path / "lstm.py").write_text(RIGHT["lstm"], encoding="utf-8")
    result = grade("exercise", "lstm", "--file", str(tmp_path / "lstm.py"), "--solutions", str(mine))
    assert result.exit_code == 0, result.output
    assert "has no lstm.py" in result.stderr and "course's own reference" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    (tmp_path / "rnn.py").write_text(RIGHT["rnn"], encoding="utf-8")
    own = grade("exercise", "rnn", "--file", str(tmp_path / "rnn.py"), "--solutions", str(mine))
    assert own.exit_code == 0 and "course's own" not in own.stderr
    # the same through GRADER_SOLUTIONS: every other exercise keeps working
    env = grade("exercise", "lstm", "--file", str(tmp_path / "lstm.py"), env={"GRADER_SOLUTIONS": str(mine)})
    assert env.exit_code == 0, env.output


def test_a_solutions_folder_that_does_not_exist_is_still_a_usage_error(course, tmp_path):
    (tmp_path / "lstm.py").write_text(RIGHT["lstm"], encoding="utf-8")
    result = grade("exercise", "lstm", "--file", str(tmp_path / "lstm.py"), "--solutions", str(tmp_path / "nope"))
    assert result.exit_code == 2 and "nope" in result.stderr


BROKEN = {
    "lacks its function": "import numpy as np\n\ndef _sigmoid(x):\n    return 1 / (1 + np.exp(-x))\n",
    "raises on the checks' inputs": RIGHT["lstm"] + "\n\ndef lstm(*args, **kwargs):\n    raise ValueError('not today')\n",
}


@pytest.mark.parametrize("how", sorted(BROKEN))
def test_a_broken_reference_is_a_usage_error_and_not_recorded(course, tmp_path, how):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "lstm.py").write_text(BROKEN[how], encoding="utf-8")
    (course / "exercises" / "lstm.py").write_text(RIGHT["lstm"], encoding="utf-8")
    result = grade("exercise", "lstm", "--solutions", str(mine))
    assert result.exit_code == 2, result.output
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and str(mine / "lstm.py") in line and "Traceback" not in line
    listed = {e["exercise"]: e for e in json.loads(grade("list", "--format", "json").stdout)}
    assert listed["lstm"]["last"] is None, listed["lstm"]   # no 0/10 recorded for the learner


def test_a_class_run_with_a_partial_folder_and_with_a_broken_reference(course, tmp_path):
    for learner in ("alice", "bob"):
        (tmp_path / "class" / learner).mkdir(parents=True)
        for slug, text in RIGHT.items():
            (tmp_path / "class" / learner / f"{slug}.py").write_text(text, encoding="utf-8")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "lstm.py").write_text(RIGHT["lstm"], encoding="utf-8")
    out = tmp_path / "results"
    args = ["class", str(tmp_path / "class"), "--out", str(out), "--exercise", "rnn", "--exercise", "lstm",
            "--solutions", str(mine)]
    result = grade(*args)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("course's own reference") == 1 and "rnn.py" in result.stderr
    assert all(row["passed"] for row in results.latest(out).values()) and len(results.latest(out)) == 4
    (mine / "lstm.py").write_text(BROKEN["lacks its function"], encoding="utf-8")
    broken = grade(*args[:3], str(tmp_path / "results2"), *args[4:])
    assert broken.exit_code == 2 and str(mine / "lstm.py") in broken.stderr
    assert not (tmp_path / "results2" / results.FILE).exists() or not list(results.rows(tmp_path / "results2"))
