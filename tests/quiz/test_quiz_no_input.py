"""`quiz exam` refuses to wait for answers that cannot come (stdin at its end, as under ! in a notebook)."""
import os
import subprocess
import sys


def test_an_exam_with_no_input_says_so_instead_of_waiting(tmp_path):
    env = dict(os.environ, GRADER_LANG="en", GRADER_STATE_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "grader.quiz.cli", "exam", "--questions", "2", "--seed", "1"],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "no input here" in done.stderr and "--answers FILE" in done.stderr and "Traceback" not in done.stderr
