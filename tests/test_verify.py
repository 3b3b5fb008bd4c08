"""`grade verify`: the shipped course holds; an instructor's mistakes are found and named."""
from __future__ import annotations

import pytest

from grader.cli import main

from exercise_helpers import ROOT
from sandbox_helpers import cli_runner

RIGHT_LSTM = (ROOT / "solutions" / "lstm.py").read_text(encoding="utf-8")
RIGHT_BPTT = (ROOT / "solutions" / "bptt.py").read_text(encoding="utf-8")


def verify(*args):
    return cli_runner().invoke(main, ["verify", *args])


def rows(stdout: str) -> dict:
    lines = stdout.splitlines()
    return {line.split()[0]: line.split()[-1] for line in lines[1:] if line.split() and not ":" in line.split()[0]}


def test_the_shipped_course_holds():
    result = verify("--seeds", "1")
    assert result.exit_code == 0, result.output
    table = rows(result.stdout)
    assert len(table) == 20 and set(table.values()) == {"ok"}, table


@pytest.fixture
def mine(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    return folder


def test_a_reference_that_fails_a_check_not_comparing_with_it_is_named(mine):
    """The numerical-gradient check of bptt: skipped for learners where the reference fails it;
    verify tells the instructor which check and why."""
    (mine / "bptt.py").write_text(RIGHT_BPTT.replace("    return dW, dU, dV", "    return 2 * dW, dU, dV"),
                                  encoding="utf-8")
    result = verify("bptt", "--solutions", str(mine), "--seeds", "2")
    assert result.exit_code == 1
    assert rows(result.stdout)["bptt"] == "PROBLEM"
    assert "bptt: reference: seed 0: it fails check numerical" in result.stdout
    assert "numerical gradient" in result.stdout


def test_a_reference_that_disagrees_with_the_courses_answers_is_found(mine):
    (mine / "lstm.py").write_text(RIGHT_LSTM.replace("c = input_gate * a + forget_gate * prev_c",
                                                     "c = forget_gate * a + input_gate * prev_c"), encoding="utf-8")
    result = verify("lstm", "--solutions", str(mine), "--seeds", "1")
    assert result.exit_code == 1
    assert "lstm: ANSWERS: does not pass: task values failed" in result.stdout   # the course's answers fail against it
    assert "lstm: equivalent 1: does not pass" in result.stdout
    assert "1/1 seeds" in result.stdout   # while the reference, against itself, passes


def test_signatures_that_differ_are_named(mine):
    (mine / "lstm.py").write_text(RIGHT_LSTM.replace("def lstm(x, prev_h, prev_c, W, U, b):",
                                                     "def lstm(x, h, prev_c, W, U, b):"), encoding="utf-8")
    result = verify("lstm", "--solutions", str(mine), "--seeds", "1")
    assert result.exit_code == 1 and "lstm: signatures: lstm differs" in result.stdout


def test_usage_errors_and_help():
    assert verify("nosuch").exit_code == 2
    assert "--thorough" in verify("--help").stdout
