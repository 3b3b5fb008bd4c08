"""Benchmark: `grade exercise lstm` on the reference vs. importing the dependencies.

    python tools/bench.py [--runs 15] [--slug lstm]

Prints the median wall time of each command over the runs (after one warm-up
run each) and their ratio.  The issue's target: grading lstm's reference takes
at most twice as long as `python -c "import numpy, pytest, click, yaml"`.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(cmd, runs, env):
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--slug", default="lstm")
    args = parser.parse_args()
    env = dict(os.environ, GRADER_STATE_DIR=tempfile.mkdtemp(prefix="bench-state-"))
    grade = shutil.which("grade")
    grade_cmd = ([grade] if grade else [sys.executable, "-m", "grader.cli"]) + [
        "exercise", args.slug, "--file", str(ROOT / "solutions" / f"{args.slug}.py"), "--format", "json"]
    base = timed([sys.executable, "-c", "import numpy, pytest, click, yaml"], args.runs, env)
    ours = timed(grade_cmd, args.runs, env)
    print(f"import numpy, pytest, click, yaml: median {base[0]:.3f} s (min {base[1]:.3f}, max {base[2]:.3f})")
    print(f"grade exercise {args.slug} (reference): median {ours[0]:.3f} s (min {ours[1]:.3f}, max {ours[2]:.3f})")
    print(f"ratio: {ours[0] / base[0]:.2f} (target <= 2.00) over {args.runs} runs, {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
