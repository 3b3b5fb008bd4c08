"""Hostile and broken submissions: each is reported as what it is, never as a
pass, within the time limits, and the grader survives."""
from __future__ import annotations

import json
import os

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.result import Status

from exercise_helpers import answered, grade_text, summary

SLUG = "lstm"
GOOD_BODY = answered(SLUG)


pytestmark = pytest.mark.usefixtures("short_limits")


def _with_body(body: str) -> str:
    """A submission whose lstm() runs ``body`` (indented) before the right answer."""
    indented = "".join(f"    {line}\n" for line in body.strip().splitlines())
    return GOOD_BODY.replace('    lstm_in = _activation', indented + '    lstm_in = _activation', 1)


def _grade(text, tmp_path):
    started = time.monotonic()
    report = grade_text(SLUG, text, tmp_path)
    return report, time.monotonic() - started


def _all(report, status):
    return all(t.status is status for t in report.tests)


def test_exit_at_import_fails_every_task(tmp_path):
    report, _ = _grade("import sys\nsys.exit(0)\n" + GOOD_BODY, tmp_path)
    assert report.exit_code == 1 and report.score == 0
    assert _all(report, Status.ERROR), summary(report)
    assert "sys.exit" in report.tests[0].message


def test_exception_at_import_names_the_line(tmp_path):
    report, _ = _grade(GOOD_BODY + "\nraise RuntimeError('boom')\n", tmp_path)
    assert _all(report, Status.ERROR)
    assert "RuntimeError: boom" in report.tests[0].message and "line" in report.tests[0].message


def test_syntax_error_names_file_and_line(tmp_path):
    text = GOOD_BODY.replace("h = output_gate * np.tanh(c)", "h = output_gate * np.tanh(c", 1)
    report, _ = _grade(text, tmp_path)
    assert _all(report, Status.ERROR)
    line = text.splitlines().index("    h = output_gate * np.tanh(c") + 1
    message = report.tests[0].message
    assert "syntax error" in message and "lstm.py" in message
    assert f"line {line}" in message or f"line {line + 1}" in message


def test_missing_function_fails_every_task(tmp_path):
    report, _ = _grade(GOOD_BODY.replace("def lstm(", "def lstm_cell("), tmp_path)
    assert _all(report, Status.ERROR)
    assert "no function lstm" in report.tests[0].message


def test_exit_inside_the_function(tmp_path):
    report, _ = _grade(_with_body("import sys\nsys.exit(3)"), tmp_path)
    assert _all(report, Status.ERROR), summary(report)
    assert "sys.exit(3)" in report.tests[0].message


def test_os_exit_inside_the_function_is_a_crash_and_the_grader_goes_on(tmp_path):
    report, _ = _grade(_with_body("import os\nos._exit(7)"), tmp_path)
    assert _all(report, Status.ERROR), summary(report)
    assert "exit code 7" in report.tests[0].message
    # every task was tried with a fresh worker, not just the first, and the same crash is told once
    assert all("exit code 7" in t.message or t.message.startswith("the same problem as in") for t in report.tests)
    assert "not run" not in " ".join(t.message for t in report.tests)


def test_endless_loop_times_out_without_waiting_again(tmp_path):
    report, seconds = _grade(_with_body("while True:\n    pass"), tmp_path)
    assert _all(report, Status.TIMEOUT), summary(report)
    assert seconds < 2 + 4  # one call limit, not one per task
    assert "2 s" in report.tests[0].message


def test_endless_loop_at_import_times_out(tmp_path):
    report, seconds = _grade("while True:\n    pass\n" + GOOD_BODY, tmp_path)
    assert _all(report, Status.TIMEOUT), summary(report)
    assert seconds < 4 + 4


def test_object_whose_eq_is_always_true(tmp_path):
    text = GOOD_BODY + '''
class _Yes:
    def __eq__(self, other):
        return True
    __hash__ = object.__hash__

_real = lstm
def lstm(*args):
    return _Yes(), _Yes()
'''
    report, _ = _grade(text, tmp_path)
    assert report.score == 0, summary(report)
    assert all(t.status is Status.ERROR for t in report.tests)
    assert "_Yes" in report.tests[0].message


def test_monkeypatching_numpy_comparisons_changes_nothing(tmp_path):
    text = GOOD_BODY.replace("c = input_gate * a + forget_gate * prev_c", "c = input_gate * a") + '''
np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, **k: np.ones(np.broadcast(a, b).shape, bool)
np.testing.assert_allclose = lambda *a, **k: None
np.array_equal = lambda *a, **k: True
'''
    report, _ = _grade(text, tmp_path)
    assert report.score < report.max_score
    assert any(t.status is Status.FAILED for t in report.tests), summary(report)


def test_printing_fake_results_does_not_reach_the_report(tmp_path, monkeypatch):
    fake = json.dumps({"exercise": SLUG, "passed": True, "score": 10, "max_score": 10, "tests": []})
    text = f'''import os, sys
print({fake!r})
os.write(1, b"PASSED 10/10\\n")
sys.__stdout__.write("ALL PASSED\\n")
''' + GOOD_BODY.replace("c = input_gate * a + forget_gate * prev_c", "c = input_gate * a")
    path = tmp_path / "lstm.py"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["exercise", SLUG, "--file", str(path), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)  # one JSON object and nothing else
    assert data["passed"] is False and data["score"] < data["max_score"]
    assert "ALL PASSED" not in result.stdout and "PASSED 10/10" not in result.stdout


def test_returning_an_object_that_would_run_code_when_unpickled(tmp_path):
    marker = tmp_path / "pwned"
    text = GOOD_BODY + f'''
class _Evil:
    def __reduce__(self):
        import os
        return (os.system, ("touch {marker}",))

def lstm(*args):
    return _Evil(), _Evil()
'''
    report, _ = _grade(text, tmp_path)
    assert report.score == 0 and all(t.status is Status.ERROR for t in report.tests)
    assert not marker.exists()


def test_wrong_type_dtype_and_shape_are_named(tmp_path):
    cases = {
        "return c.tolist(), h": "NumPy array",
        "return c.astype(int), h": "dtype",
        "return c[:, :1], h": "shape",
        "return c": "tuple",
    }
    for line, word in cases.items():
        report, _ = _grade(GOOD_BODY.replace("    return c, h", "    " + line), tmp_path)
        assert report.score < report.max_score
        assert any(word in t.message for t in report.tests), f"{line}: {summary(report)}"


def _running_with(marker: str):
    """Pids of processes whose command line holds ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(os.name != "posix" or not Path("/proc").is_dir(), reason="needs /proc to look for processes")
def test_nothing_the_learner_started_is_left_running(tmp_path):
    marker = f"left-running-{os.getpid()}-{time.time_ns()}"
    body = f'''import subprocess, sys
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", {marker!r}])'''
    report, _ = _grade(_with_body(body), tmp_path)
    assert report.passed, summary(report)
    assert _running_with(marker) == []


def test_input_and_huge_output_are_harmless(tmp_path):
    body = 'print("x" * 10_000_000)\nimport sys\nsys.stderr.write("y" * 1_000_000)'
    report, _ = _grade(_with_body(body), tmp_path)
    assert report.passed, summary(report)
    report, _ = _grade(_with_body("input()"), tmp_path)
    assert _all(report, Status.ERROR) and "EOFError" in report.tests[0].message


def test_huge_return_value_is_refused_quickly(tmp_path):
    text = GOOD_BODY.replace("    return c, h", "    return np.zeros((2, 4_000_000)), h")
    report, seconds = _grade(text, tmp_path)
    assert report.score == 0 and all(t.status is Status.ERROR for t in report.tests), summary(report)
    assert "MB" in report.tests[0].message


def test_total_budget_ends_a_slow_submission(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADER_BUDGET", "2.5")
    report, seconds = _grade(_with_body("import time\ntime.sleep(0.4)"), tmp_path)
    assert seconds < 2.5 + 3
    assert report.tests[-1].status is Status.TIMEOUT, summary(report)
    first_timeout = next(t for t in report.tests if t.status is Status.TIMEOUT)
    assert "budget" in first_timeout.message
    assert all(t.message.startswith("not run: the same problem") for t in report.tests
               if t.status is Status.TIMEOUT and t is not first_timeout)
    assert not report.passed


def test_default_limits_end_an_endless_loop_within_30_seconds(tmp_path, monkeypatch):
    for var in ("GRADER_CALL_TIMEOUT", "GRADER_LOAD_TIMEOUT", "GRADER_BUDGET"):
        monkeypatch.delenv(var)
    report, seconds = _grade(_with_body("while True:\n    pass"), tmp_path)
    assert _all(report, Status.TIMEOUT) and seconds < 30, (seconds, summary(report))
