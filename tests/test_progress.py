"""grade status and grade next: progress from the learner's last results."""
from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from grader.cli import main

from exercise_helpers import ROOT


def _course(tmp_path, monkeypatch):
    course = tmp_path / "course"
    shutil.copytree(ROOT / "exercises", course / "exercises")
    shutil.copytree(ROOT / "solutions", course / "solutions")
    monkeypatch.setenv("GRADER_COURSE", str(course))
    return course


def test_next_follows_the_course_order_and_status_counts(tmp_path, monkeypatch):
    course = _course(tmp_path, monkeypatch)
    runner = CliRunner()
    assert "grade exercise rnn" in runner.invoke(main, ["next"]).output
    (course / "exercises" / "rnn.py").write_text((ROOT / "solutions" / "rnn.py").read_text(encoding="utf-8"))
    assert runner.invoke(main, ["exercise", "rnn"]).exit_code == 0
    assert "grade exercise bptt" in runner.invoke(main, ["next"]).output     # rnn is passed: the next one
    rows = {r["section"]: r for r in json.loads(runner.invoke(main, ["status", "--format", "json"]).output)}
    assert rows["Day 3"]["passed"] == 1 and rows["Day 3"]["score"] == 10
    assert rows["DL1 ch.7"]["passed"] == 0
    text = runner.invoke(main, ["status"]).output
    assert "1/11 exercises passed" in text and "total: 10/" in text
