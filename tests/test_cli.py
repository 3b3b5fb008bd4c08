"""The `grade` CLI: its contract (commands, flags, JSON fields, exit codes)."""
from __future__ import annotations

import io
import json



import pytest
from click.testing import CliRunner

from grader import registry
from grader.cli import main
from grader.report_text import use_colour

from exercise_helpers import ROOT, answered

TEST_FIELDS = {"name", "status", "score", "max_score", "message"}
STATUSES = {"passed", "failed", "error", "timeout", "blank"}


def run(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env)


def _write(tmp_path, text, name="lstm.py"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _check_schema(data):
    assert isinstance(data["exercise"], str) and isinstance(data["passed"], bool)
    assert isinstance(data["score"], (int, float)) and isinstance(data["max_score"], (int, float))
    assert data["tests"]
    for test in data["tests"]:
        assert TEST_FIELDS <= set(test)
        assert test["status"] in STATUSES
        assert isinstance(test["name"], str) and isinstance(test["message"], str)
    assert data["score"] == sum(t["score"] for t in data["tests"])
    assert data["max_score"] == sum(t["max_score"] for t in data["tests"])


def test_reference_passes_with_exit_0_and_json_on_stdout_only():
    result = run("exercise", "lstm", "--file", str(ROOT / "solutions" / "lstm.py"), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    _check_schema(data)
    assert data["passed"] and data["score"] == data["max_score"] == registry.get("lstm").points
    assert all(t["status"] == "passed" for t in data["tests"])


def test_course_stub_found_from_a_subfolder(monkeypatch):
    monkeypatch.chdir(ROOT / "grader")
    result = run("exercise", "lstm", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    _check_schema(data)
    assert {t["status"] for t in data["tests"]} == {"blank"}


def test_text_format_lists_each_task_and_the_total(tmp_path):
    path = _write(tmp_path, answered("lstm", {1: "input_gate * a + forget_gate * prev_h"}))
    result = run("exercise", "lstm", "--file", str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("lstm: ")
    import grader.checks.lstm as checks

    tasks = [f for f in vars(checks).values() if callable(f) and hasattr(f, "_task")]
    assert sum(1 for line in lines if line.strip().startswith(("PASS", "FAIL"))) == len(tasks) >= 4
    assert "total: " in result.stdout and "/10 points" in result.stdout
    assert "prev_h" in result.stdout and "\x1b[" not in result.stdout  # piped: no colour


def test_japanese_text(tmp_path):
    result = run("exercise", "lstm", "--file", str(ROOT / "exercises" / "lstm.py"), "--lang", "ja")
    assert result.exit_code == 1
    assert "空欄 1" in result.stdout and "合計" in result.stdout


def test_language_defaults_from_lang(tmp_path):
    result = run("exercise", "lstm", "--file", str(ROOT / "exercises" / "lstm.py"), env={"LANG": "ja_JP.UTF-8"})
    assert "空欄 1" in result.stdout
    result = run("exercise", "lstm", "--file", str(ROOT / "exercises" / "lstm.py"),
                 env={"LANG": "ja_JP.UTF-8", "LC_ALL": "en_US.UTF-8"})
    assert "blank 1" in result.stdout


@pytest.mark.parametrize("args, word", [
    (["exercise", "no_such_exercise"], "unknown exercise"),
    (["exercise", "lstm", "--file", "/no/such/file.py"], "no such file"),
    (["exercise", "lstm", "--solutions", "/no/such/folder"], "cannot read the solutions folder"),
    (["hint", "no_such_exercise"], "unknown exercise"),
])
def test_usage_errors_exit_2_with_one_line(args, word):
    result = run(*args)
    assert result.exit_code == 2
    assert word in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_solutions_folder_without_the_exercise_falls_back_to_the_courses_own(tmp_path):
    result = run("exercise", "lstm", "--solutions", str(tmp_path))   # the stub, against the course's reference
    assert result.exit_code == 1 and "has no lstm.py" in result.stderr and "course's own reference" in result.stderr


def test_broken_reference_is_a_usage_error(tmp_path):
    (tmp_path / "lstm.py").write_text("raise ImportError('instructor typo')\n")
    result = run("exercise", "lstm", "--solutions", str(tmp_path))
    assert result.exit_code == 2 and "instructor typo" in result.stderr


INSTRUCTOR = '''import numpy as np
def _s(x):
    return 1 / (1 + np.exp(-x))
def lstm(x, prev_h, prev_c, W, U, b):
    a, i, f, o = np.hsplit(x @ W.T + prev_h @ U.T + b, 4)
    c = _s(i) * np.tanh(a) + _s(f) * prev_c + 1.0   # an instructor's variant
    return c, _s(o) * np.tanh(c)
'''


def test_swapped_solutions_judge_against_that_reference(tmp_path, monkeypatch):
    solutions = tmp_path / "mine"
    solutions.mkdir()
    (solutions / "lstm.py").write_text(INSTRUCTOR)
    learner = _write(tmp_path, answered("lstm", {1: "input_gate * a + forget_gate * prev_c + 1.0"}))
    ours = run("exercise", "lstm", "--file", str(learner), "--format", "json")
    assert ours.exit_code == 1
    flag = run("exercise", "lstm", "--file", str(learner), "--solutions", str(solutions), "--format", "json")
    assert flag.exit_code == 0, flag.stdout
    monkeypatch.setenv("GRADER_SOLUTIONS", str(solutions))
    env = run("exercise", "lstm", "--file", str(learner), "--format", "json")
    assert env.exit_code == 0
    # the flag wins over the variable
    wins = run("exercise", "lstm", "--file", str(learner), "--solutions", str(ROOT / "solutions"), "--format", "json")
    assert wins.exit_code == 1


def test_seed_changes_inputs_but_not_the_verdict(tmp_path):
    path = _write(tmp_path, answered("lstm", {1: "input_gate * a + forget_gate * prev_h"}))
    outputs = [json.loads(run("exercise", "lstm", "--file", str(path), "--format", "json", "--seed", s).stdout)
               for s in ("1", "2")]
    assert all(not o["passed"] for o in outputs)
    assert outputs[0]["seed"] == 1 and outputs[1]["seed"] == 2
    messages = [o["tests"][1]["message"] for o in outputs]
    assert messages[0] != messages[1]


def test_list_shows_every_exercise_and_the_last_result(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    before = json.loads(run("list", "--format", "json").stdout)
    assert [row["exercise"] for row in before] == registry.slugs()
    assert all(row["last"] is None for row in before)
    run("exercise", "lstm")  # grades exercises/lstm.py: the untouched stub
    after = {row["exercise"]: row for row in json.loads(run("list", "--format", "json").stdout)}
    assert after["lstm"]["last"]["score"] == 0 and after["lstm"]["last"]["passed"] is False
    text = run("list").stdout
    assert "lstm" in text and "0/10" in text and "LSTM" in text


def test_hint_gives_the_next_hint_each_time():
    hints = registry.get("lstm").hints
    shown = [run("hint", "lstm").stdout for _ in range(len(hints) + 1)]
    for i, hint in enumerate(hints):
        assert hint["en"] in shown[i] and f"Hint {i + 1}/{len(hints)}" in shown[i]
    assert hints[-1]["en"] in shown[-1] and "last hint" in shown[-1]
    again = run("hint", "lstm", "--reset", "--lang", "ja").stdout
    assert hints[0]["ja"] in again


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_colour_only_on_a_terminal_without_no_color(monkeypatch):
    assert use_colour(_Tty())
    assert not use_colour(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(_Tty())


def test_class_grades_every_learner_folder(tmp_path):
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "lstm.py").write_text((ROOT / "solutions" / "lstm.py").read_text())
    (tmp_path / "bob" / "exercises").mkdir(parents=True)
    (tmp_path / "bob" / "exercises" / "lstm.py").write_text((ROOT / "exercises" / "lstm.py").read_text())
    (tmp_path / "carol").mkdir()
    result = run("class", str(tmp_path), "--exercise", "lstm")
    assert result.exit_code == 0, result.output
    rows = result.stdout.strip().splitlines()
    assert rows[0] == "learner,exercise,score,max_score,passed,statuses"
    assert rows[1].startswith("alice,lstm,10,10,true,")
    assert rows[2].startswith("bob,lstm,0,10,false,") and "values=blank" in rows[2]
    assert rows[3] == "carol,lstm,,,,missing"
    data = json.loads(run("class", str(tmp_path), "--exercise", "lstm", "--format", "json").stdout)
    assert [d["learner"] for d in data] == ["alice", "bob", "carol"] and data[2]["missing"] is True
    assert run("class", str(tmp_path / "nobody")).exit_code == 2
