"""`quiz run` with no input coming (a notebook's `!`) ends at once instead of hanging."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.skipif(sys.platform.startswith("win"), reason="select() on pipes is POSIX")

QUIZ = [sys.executable, "-m", "grader.quiz.cli", "run", "day3", "--lang", "en"]


def test_closed_input_ends_with_one_line(tmp_path):
    result = subprocess.run(QUIZ, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "%quiz day3" in result.stderr and "Traceback" not in result.stderr


def test_a_pipe_that_never_brings_anything_does_not_hang():
    started = time.monotonic()
    proc = subprocess.Popen(QUIZ, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        proc.wait(timeout=20)   # stdin stays open and empty
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 2 and time.monotonic() - started < 15
    assert "no input here" in proc.stderr.read()


def test_piped_answers_still_work():
    result = subprocess.run(QUIZ + ["--limit", "2", "--seed", "1"], input="1\n2\n", capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 0 and "Score:" in result.stdout
