"""Where the time of one grading goes, per exercise, with the worker already started.

    python tools/profile_checks.py [--runs 7] [--slug lstm ...] [--tasks] [--save before.json]
                                   [--compare before.json]

For each exercise the reference solution is graded as a learner's file
(``engine.grade`` with a sandbox whose worker is started and ready before the
clock starts), ``--runs`` times after one warm-up, and the median of each
part is printed, in milliseconds:

- ``total``: the whole grading (the load of the file in the worker included);
- ``worker``: waiting for the worker's replies (its computing, the pipe, the
  thread hand-offs), the load of the file included;
- ``grader``: total - worker, the cost this process adds per submission
  (``cpu``: the CPU time this process used, all its threads: steadier than
  wall time on a busy machine):
  - ``outside``: outside the tasks: the engine and pytest (loading the
    reference, collecting the checks, the report);
  - ``ref``: the reference solution's calls (``LocalImpl``);
  - (``--save`` also keeps ``refrun``: the independent tasks' runs with the
    reference in the learner's place, the same for every learner at one seed);
  - ``pred``: the known mistakes' predictions (``grader.mistakes.predictions``);
  - ``rest``: the rest of the tasks' own time: the checks' code, the
    comparisons, encoding and decoding the messages, the messages' texts;
- ``trips``: requests sent to the worker; ``KB out`` / ``KB in``: bytes of the
  requests and of the replies.

``--tasks`` adds a line per task (its median ms, trips and bytes).  ``--session N``
grades N copies of each reference the way a class run does instead
(``grader.session``: pytest set up once per exercise, the next worker started
while one is graded) and prints the averages per grading; there ``outside``
holds the worker's start too, and ``worker`` only what is waited for.  ``--save``
writes the medians as JSON; ``--compare`` prints them beside a saved run.
Nothing is changed: the measurements wrap functions in this process only.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader import frames, mistakes  # noqa: E402  (patched before the checks import predictions)


class Meter:
    """Counters for one grading, split by the task running."""

    def __init__(self):
        self.task = "(load)"
        self.ms = defaultdict(float)         # (part, task) -> ms
        self.count = defaultdict(int)        # (what, task) -> number

    def add(self, part, ms):
        self.ms[part, self.task] += ms

    def total(self, part):
        return sum(v for (p, _), v in self.ms.items() if p == part)

    def number(self, what):
        return sum(v for (w, _), v in self.count.items() if w == what)


METER = Meter()


@contextmanager
def timing(part):
    start = time.perf_counter()
    try:
        yield
    finally:
        METER.add(part, (time.perf_counter() - start) * 1000)


def _wrap(owner, name, part):
    original = getattr(owner, name)

    def wrapped(*args, **kwargs):
        with timing(part):
            return original(*args, **kwargs)

    wrapped.__wrapped__ = original
    setattr(owner, name, wrapped)


def _install() -> None:
    """Wrap the functions measured; before any check module is imported."""
    _wrap(mistakes, "predictions", "pred")

    original_encode = frames.encode_message

    def encode_message(msg):
        data = original_encode(msg)
        if msg.get("op") not in ("setup", "exit"):
            METER.count["out", METER.task] += len(data)
        return data

    frames.encode_message = encode_message

    original_feed = frames.Decoder.feed

    def feed(self, chunk):
        METER.count["in", METER.task] += len(chunk)
        return original_feed(self, chunk)

    frames.Decoder.feed = feed

    from grader import impl, sandbox

    for name in ("call", "new", "method", "put", "get"):
        _wrap(impl.LocalImpl, name, "ref")
    original_wait = sandbox.Sandbox._wait

    def wait(self, msg_id, limit, what):
        METER.count["trips", METER.task] += 1
        with timing("worker"):
            return original_wait(self, msg_id, limit, what)

    sandbox.Sandbox._wait = wait

    from grader.collector import Collector

    original_call = Collector.pytest_pyfunc_call

    def pytest_pyfunc_call(self, pyfuncitem):
        info = getattr(pyfuncitem.function, "_task", None)
        METER.task = info.name if info is not None else pyfuncitem.name
        try:
            with timing("task"):
                return original_call(self, pyfuncitem)
        finally:
            METER.task = "(after)"

    Collector.pytest_pyfunc_call = pytest_pyfunc_call
    _wrap(Collector, "_reference_run", "refrun")


def one_grading(slug: str, seed: int = 0):
    """Grade the reference of ``slug`` with a ready worker; (its Meter, the report)."""
    global METER
    from grader import engine, registry
    from grader.sandbox import start_sandbox

    exercise = registry.get(slug)
    solutions = ROOT / "solutions"
    path = solutions / f"{slug}.py"
    sandbox = start_sandbox(exercise, path, path.read_text(encoding="utf-8"), solutions)
    end = time.monotonic() + 30
    while sandbox.proc.facts is None and time.monotonic() < end:
        time.sleep(0.002)
    METER = Meter()
    cpu = time.process_time()
    try:
        with timing("total"):
            report = engine.grade(slug, path, solutions, seed=seed, sandbox=sandbox)
        METER.ms["cpu", "(all)"] = (time.process_time() - cpu) * 1000
    finally:
        sandbox.close()
    return METER, report


def session_gradings(slug: str, count: int, seed: int = 0):
    """Grade ``count`` copies of the reference of ``slug`` as a class run does (grader.session:
    pytest set up once, the next worker started during a grading); (a Meter of all, reports)."""
    global METER
    import tempfile

    from grader import session

    solutions = ROOT / "solutions"
    text = (solutions / f"{slug}.py").read_text(encoding="utf-8")
    reports = []
    with tempfile.TemporaryDirectory(prefix="profile-class-") as tmp:
        subs = []
        for k in range(count):
            folder = Path(tmp) / f"learner{k}"
            folder.mkdir()
            (folder / f"{slug}.py").write_text(text, encoding="utf-8")
            subs.append(session.Submission(k, folder / f"{slug}.py", [tmp]))
        taken = []

        def feed():
            for sub in subs:
                taken.append(sub)
                yield sub

        def upcoming():
            return subs[len(taken)] if len(taken) < len(subs) else None

        METER = Meter()
        cpu = time.process_time()
        with timing("total"):
            session.grade_each(slug, solutions, feed(), lambda sub, report, problem, kind: reports.append(
                (report, problem)), seed=seed, upcoming=upcoming)
        METER.ms["cpu", "(all)"] = (time.process_time() - cpu) * 1000
    return METER, reports


def profile_session(slug: str, count: int):
    session_gradings(slug, 2)   # warm-up
    meter, reports = session_gradings(slug, count)
    for report, problem in reports:
        if report is None or report.score != report.max_score:
            raise SystemExit(f"{slug}: the reference was not given full marks: {problem or report.tests}")
    row = {c: meter.total(c) / count for c in ("total", "worker", "cpu", "ref", "pred", "task", "refrun")}
    row["grader"] = row["total"] - row["worker"]
    row["outside"] = row["total"] - row.pop("task")
    row["rest"] = max(0.0, row["grader"] - row["outside"] - row["ref"] - row["pred"])
    row.update(trips=meter.number("trips") // count, out=meter.number("out") / 1024 / count,
               **{"in": meter.number("in") / 1024 / count})
    row["tasks"] = [{"task": name, "ms": meter.ms["task", name] / count, "worker": meter.ms["worker", name] / count,
                     "trips": meter.count["trips", name] // count, "out": meter.count["out", name] / 1024 / count,
                     "in": meter.count["in", name] / 1024 / count}
                    for name in dict.fromkeys(t for (p, t) in meter.ms if p == "task")]
    return row


def profile(slug: str, runs: int):
    one_grading(slug)   # warm-up: imports, caches
    meters = []
    for _ in range(runs):
        meter, report = one_grading(slug)
        if report.score != report.max_score:
            raise SystemExit(f"{slug}: the reference scored {report.score}/{report.max_score}")
        meters.append(meter)
    med = statistics.median
    row = {"total": med(m.total("total") for m in meters), "worker": med(m.total("worker") for m in meters),
           "cpu": med(m.total("cpu") for m in meters), "refrun": med(m.total("refrun") for m in meters),
           "ref": med(m.total("ref") for m in meters), "pred": med(m.total("pred") for m in meters),
           "trips": meters[0].number("trips"), "out": meters[0].number("out") / 1024,
           "in": meters[0].number("in") / 1024}
    row["grader"] = med(m.total("total") - m.total("worker") for m in meters)
    row["outside"] = med(m.total("total") - m.total("task") for m in meters)
    row["rest"] = max(0.0, row["grader"] - row["outside"] - row["ref"] - row["pred"])
    tasks = []
    for name in dict.fromkeys(t for (p, t) in meters[0].ms if p == "task"):
        tasks.append({"task": name, "ms": med(m.ms["task", name] for m in meters),
                      "worker": med(m.ms["worker", name] for m in meters),
                      "trips": meters[0].count["trips", name],
                      "out": meters[0].count["out", name] / 1024, "in": meters[0].count["in", name] / 1024})
    row["tasks"] = tasks
    return row


COLUMNS = ("total", "worker", "grader", "cpu", "outside", "ref", "pred", "rest", "trips", "out", "in")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--slug", action="append", help="an exercise (default: all, in course order)")
    parser.add_argument("--tasks", action="store_true", help="a line per task too")
    parser.add_argument("--save", help="write the medians to this JSON file")
    parser.add_argument("--compare", help="a JSON file written by --save: print its total and grader beside")
    parser.add_argument("--session", type=int, metavar="N",
                        help="grade N copies in one class-run session (grader.session) instead; per-grading averages")
    args = parser.parse_args()
    _install()
    from grader import registry

    before = json.loads(Path(args.compare).read_text()) if args.compare else {}
    slugs = args.slug or registry.slugs()
    head = f"{'exercise':18}" + "".join(f"{c:>8}" for c in ("total", "worker", "grader", "cpu", "outside",
                                                              "ref", "pred", "rest", "trips", "KB out", "KB in"))
    if before:
        head += f"{'was tot':>9}{'was grd':>9}{'was cpu':>9}"
    print(head)
    results = {}
    for slug in slugs:
        row = profile_session(slug, args.session) if args.session else profile(slug, args.runs)
        results[slug] = row
        line = f"{slug:18}" + "".join(f"{row[c]:8.1f}" if c not in ("trips",) else f"{row[c]:8d}" for c in COLUMNS)
        if slug in before:
            line += f"{before[slug]['total']:9.1f}{before[slug]['grader']:9.1f}{before[slug].get('cpu', 0):9.1f}"
        print(line, flush=True)
        if args.tasks:
            for t in row["tasks"]:
                print(f"    {t['task'][:30]:30} {t['ms']:7.1f} ms  worker {t['worker']:6.1f}  trips {t['trips']:4d}"
                      f"  out {t['out']:7.1f} KB  in {t['in']:7.1f} KB")
    n = len(results)
    if n > 1:
        mean = {c: sum(r[c] for r in results.values()) / n for c in ("total", "worker", "grader", "cpu")}
        print(f"{'mean':18}{mean['total']:8.1f}{mean['worker']:8.1f}{mean['grader']:8.1f}{mean['cpu']:8.1f}")
    if args.save:
        Path(args.save).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
