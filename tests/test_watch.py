"""grade watch: graded at once, again at each save, until Ctrl-C."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from exercise_helpers import ROOT, answered

pytestmark = pytest.mark.skipif(os.name != "posix", reason="sends SIGINT")


def test_watch_grades_again_on_save_and_stops_on_ctrl_c(tmp_path):
    path = tmp_path / "lstm.py"
    path.write_text((ROOT / "exercises" / "lstm.py").read_text(encoding="utf-8"), encoding="utf-8")
    env = dict(os.environ, GRADER_STATE_DIR=str(tmp_path / "state"), LANG="en_US.UTF-8")
    env.pop("GRADER_LANG", None)
    proc = subprocess.Popen([sys.executable, "-m", "grader.cli", "watch", "lstm", "--file", str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(ROOT), env=env)
    try:
        deadline = time.monotonic() + 60
        out = ""
        while "Watching" not in out and time.monotonic() < deadline:
            out += proc.stdout.readline()
        assert "total: 0/10 points" in out
        time.sleep(0.5)
        path.write_text(answered("lstm"), encoding="utf-8")
        while out.count("Watching") < 2 and time.monotonic() < deadline:
            out += proc.stdout.readline()
        assert "All tasks passed" in out, out
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "Stopped watching." in rest and "Traceback" not in err
