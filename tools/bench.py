"""Benchmark: `grade exercise lstm` on the reference vs. importing the dependencies,
and `grade class` on a synthetic class.

    python tools/bench.py [--runs 15] [--slug lstm]
    python tools/bench.py --class 25 [--jobs 2]

With ``--class N`` it makes a class of N learners over all exercises, each
file right, wrong (a catalogued mistake), the untouched stub or missing in
turn, grades it with `grade class --out --jobs J`, and prints gradings per
second and the cost of one grading as a share of the import floor (and the
time 10,000 gradings would take at that rate).

Prints the median wall time of each command over the runs (after one warm-up
run each; the commands take turns, so a busy moment hits them alike) and their
ratio.  The issue's target: grading lstm's reference takes at most twice as
long as `python -c "import numpy, pytest, click, yaml"`.  It also times the
same grading with every sandbox protection turned off
(GRADER_SANDBOX_OFF=namespaces,landlock,seccomp,cgroup) and the worker alone
(started, confined, ready, ended), to say what the sandbox costs.
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
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[1]


OFF = "namespaces,landlock,seccomp,cgroup"


def timed(commands, runs):
    """Median, min and max wall time of each (cmd, env), the commands taking turns."""
    for cmd, env in commands.values():
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    times = {name: [] for name in commands}
    for _ in range(runs):
        for name, (cmd, env) in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(t), min(t), max(t)) for name, t in times.items()}


def worker_times(runs, off):
    """Milliseconds from starting a worker to its ready message, and to its end."""
    sys.path.insert(0, str(ROOT))
    from grader import view
    from grader.limits import Limits
    from grader.spawn import WorkerProcess

    limits = Limits()
    limits.off = off
    private = view.private_paths([ROOT])
    ready, ended = [], []
    for _ in range(runs + 1):
        start = time.perf_counter()
        worker = WorkerProcess({"x.py": "pass"}, limits, private)
        worker.replies.get(timeout=30)
        mid = time.perf_counter()
        worker.kill()
        ready.append(mid - start)
        ended.append(time.perf_counter() - mid)
    return statistics.median(ready[1:]) * 1000, statistics.median(ended[1:]) * 1000


def make_class(folder: Path, learners: int) -> Dict[str, int]:
    """A class of ``learners`` over every exercise; how many files of each kind."""
    sys.path.insert(0, str(ROOT / "tests"))
    from exercise_helpers import answered, checks, stub_text, variant

    from grader import registry

    kinds = {"right": 0, "wrong": 0, "blank": 0, "missing": 0}
    for i in range(learners):
        (folder / f"learner{i:03d}").mkdir(parents=True)
        for j, slug in enumerate(registry.slugs()):
            kind = list(kinds)[(i + j) % 4]
            if kind == "wrong":
                mistakes = [m for m in getattr(checks(slug), "MISTAKES", ()) if m.test_example() is not None]
                text = variant(slug, mistakes[(i // 4) % len(mistakes)].test_example()) if mistakes else None
                kind = kind if text is not None else "blank"
            text = {"right": lambda: answered(slug), "blank": lambda: stub_text(slug)}.get(kind, lambda: text)() \
                if kind != "missing" else None
            kinds[kind] += 1
            if text is not None:
                (folder / f"learner{i:03d}" / f"{slug}.py").write_text(text, encoding="utf-8")
    return kinds


def class_bench(learners: int, jobs: int, env: Dict[str, str], grade_cmd: List[str]) -> None:
    floor = timed({"floor": ([sys.executable, "-c", "import numpy, pytest, click, yaml"], env)}, 7)["floor"][0]
    work = Path(tempfile.mkdtemp(prefix="bench-class-"))
    try:
        kinds = make_class(work / "class", learners)
        graded = kinds["right"] + kinds["wrong"] + kinds["blank"]
        start = time.perf_counter()
        done = subprocess.run(grade_cmd + ["class", str(work / "class"), "--out", str(work / "out"), "--jobs", str(jobs)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, text=True)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            print(done.stderr[-2000:])
        per = wall / graded
        print(f"grade class, {learners} learners x {kinds_total(kinds)} files ({kinds}), --jobs {jobs}: "
              f"{wall:.1f} s, exit {done.returncode}")
        print(f"  {graded / wall:.1f} gradings per second; one grading costs {1000 * per:.1f} ms = "
              f"1/{floor / per:.1f} of the import floor ({1000 * floor:.0f} ms); "
              f"10,000 gradings would take {10000 * per:.0f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def kinds_total(kinds: Dict[str, int]) -> int:
    return sum(kinds.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--slug", default="lstm")
    parser.add_argument("--class", dest="learners", type=int, default=0,
                        help="Benchmark grade class on a synthetic class of this many learners instead.")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    env = dict(os.environ, GRADER_STATE_DIR=tempfile.mkdtemp(prefix="bench-state-"))
    env.pop("GRADER_SANDBOX_OFF", None)
    grade = shutil.which("grade")
    if args.learners:
        class_bench(args.learners, args.jobs, env, [grade] if grade else [sys.executable, "-m", "grader.cli"])
        return
    grade_cmd = ([grade] if grade else [sys.executable, "-m", "grader.cli"]) + [
        "exercise", args.slug, "--file", str(ROOT / "solutions" / f"{args.slug}.py"), "--format", "json"]
    result = timed({"floor": ([sys.executable, "-c", "import numpy, pytest, click, yaml"], env),
                    "ours": (grade_cmd, env), "off": (grade_cmd, dict(env, GRADER_SANDBOX_OFF=OFF))}, args.runs)
    base, ours, off = result["floor"], result["ours"], result["off"]
    print(f"import numpy, pytest, click, yaml: median {base[0]:.3f} s (min {base[1]:.3f}, max {base[2]:.3f})")
    print(f"grade exercise {args.slug} (reference): median {ours[0]:.3f} s (min {ours[1]:.3f}, max {ours[2]:.3f})")
    print(f"ratio: {ours[0] / base[0]:.2f} (target <= 2.00) over {args.runs} runs, {os.cpu_count()} CPUs")
    print(f"the same with the sandbox off: median {off[0]:.3f} s; the sandbox adds {1000 * (ours[0] - off[0]):+.0f} ms")
    for label, off_list in (("sandboxed", []), ("protections off", OFF.split(","))):
        ready, ended = worker_times(args.runs, off_list)
        print(f"a worker alone, {label}: {ready:.0f} ms to ready (python, confinement, NumPy), "
              f"{ended:.1f} ms to end and clean up")


if __name__ == "__main__":
    main()
