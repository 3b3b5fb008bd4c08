"""What the checks make of every catalogued mistake (and every right answer) at many seeds.

    python tools/mistake_seeds.py [--seeds 50] [--slug dropout ...] --save before.json
    python tools/mistake_seeds.py [--seeds 50] [--slug dropout ...] --compare before.json

For each exercise, the submissions of the project's own tests (the reference,
the answered stub, each of ``EQUIVALENTS``, and each catalogued mistake's
example) are graded at seeds 0 .. N-1, and what each task said is kept: its
status and the mistake it named.  ``--compare`` grades again and prints every
difference from a saved run: a wrong answer that now passes a task at some seed,
a mistake named or no longer named, a right answer that now fails.  Use it
before and after changing a check, to show the change weakened nothing.

The submissions are our own files, so they run in this process (an Impl that
turns their exceptions into the errors the sandbox would report), which is
much faster than a worker each; what is measured is the checks' inputs,
tolerances and mistake matching, the same either way.
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from grader import registry, wire  # noqa: E402
from grader.blanks import statement_expressions  # noqa: E402
from grader.collector import Collector, one_name_per_function, say_once  # noqa: E402
from grader.engine import _run_pytest, load_reference  # noqa: E402
from grader.impl import LocalImpl  # noqa: E402
from grader.outcome import BlankLeft, LearnerError  # noqa: E402

from exercise_helpers import answered, checks, variant  # noqa: E402


class InProcessLearner(LocalImpl):
    """A learner's module imported here, its failures reported as the sandbox reports them."""

    def __init__(self, module):
        super().__init__(module)
        self.called: set = set()

    def _run(self, label, fn, args, kwargs):
        args = self._resolve(wire.copy_plain(list(args_refs(args))))
        kwargs = self._resolve(wire.copy_plain(args_refs(kwargs)))
        try:
            return fn(*args, **kwargs)
        except NameError as exc:
            if "___" in str(exc):
                raise BlankLeft(f"blank reached: {exc}", None, None) from None
            raise LearnerError(f"your code raised NameError: {exc}", error={"type": "NameError",
                                                                              "message": str(exc)}) from None
        except Exception as exc:
            raise LearnerError(f"your code raised {type(exc).__name__}: {exc}",
                               error={"type": type(exc).__name__, "message": str(exc)}) from None

    def _plain(self, value):
        try:
            return wire.copy_plain(value)
        except wire.WireError as exc:
            raise LearnerError(f"your function returned {exc}", kind="output") from None

    def call(self, name, *args, **kwargs):
        self.called.add(name)
        fn = getattr(self._module, name, None)
        if not callable(fn):
            raise LearnerError(f"no function {name}", kind="missing")
        return self._plain(self._run(name, fn, args, kwargs))

    def new(self, cls, *args, **kwargs):
        self.called.add(cls)
        klass = getattr(self._module, cls, None)
        if not callable(klass):
            raise LearnerError(f"no class {cls}", kind="missing")
        return self._keep(self._run(cls, klass, args, kwargs), cls)

    def method(self, obj, name, *args, **kwargs):
        self.called.add(obj._label)
        target = self._objects[obj.ref.handle]
        return self._plain(self._run(f"{obj._label}.{name}", getattr(target, name), args, kwargs))


def args_refs(value):
    from grader.impl import _refs

    return _refs(value)


def _import(path: Path):
    spec = importlib.util.spec_from_file_location(f"_variant_{path.stem}_{abs(hash(str(path)))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def grade_in_process(slug: str, text: str, seed: int, folder: Path):
    """[[task, status, mistake], ...] of ``text`` graded at ``seed``; None when it does not import."""
    path = folder / f"{slug}.py"
    path.write_text(text, encoding="utf-8")
    try:
        module = _import(path)
    except Exception:
        return None
    exercise = registry.get(slug)
    plugin = Collector(InProcessLearner(module), load_reference(slug, ROOT / "solutions"), seed,
                       statement_expressions(text), getattr(checks(slug), "MISTAKES", ()))
    _run_pytest(exercise.checks, plugin)
    results = one_name_per_function(say_once([plugin.results[n] for n in plugin.order if n in plugin.results]),
                                    plugin.mistakes)
    return [[r.name, r.status.value, r.mistake] for r in results]


def cases(slug: str):
    module = checks(slug)
    yield "reference", (ROOT / "solutions" / f"{slug}.py").read_text(encoding="utf-8"), True
    yield "answered", answered(slug), True
    for i, fills in enumerate(getattr(module, "EQUIVALENTS", [])):
        yield f"eq{i + 1}", answered(slug, fills), True
    for mistake in module.MISTAKES:
        yield mistake.id, variant(slug, mistake.test_example()), False


def run(slugs, seeds):
    found = {}
    with tempfile.TemporaryDirectory(prefix="mistake-seeds-") as tmp:
        for slug in slugs:
            found[slug] = {}
            for case, text, right in cases(slug):
                folder = Path(tmp) / slug / case
                folder.mkdir(parents=True)
                found[slug][case] = {"right": right,
                                     "seeds": [grade_in_process(slug, text, s, folder) for s in range(seeds)]}
            print(f"{slug}: {len(found[slug])} submissions x {seeds} seeds", file=sys.stderr, flush=True)
    return found


def compare(before, after) -> int:
    problems = 0
    for slug, by_case in after.items():
        for case, data in by_case.items():
            old = before.get(slug, {}).get(case)
            if old is None:
                print(f"{slug} {case}: new submission")
                continue
            for seed, (was, now) in enumerate(zip(old["seeds"], data["seeds"])):
                if was == now:
                    continue
                if was is None or now is None:
                    print(f"{slug} {case} seed {seed}: import {'fails' if now is None else 'works'} now")
                    problems += 1
                    continue
                was_t = {t[0]: t[1:] for t in was}
                now_t = {t[0]: t[1:] for t in now}
                for name in dict.fromkeys([*was_t, *now_t]):
                    a, b = was_t.get(name), now_t.get(name)
                    if a == b:
                        continue
                    weaker = a is not None and b is not None and a[0] != "passed" and b[0] == "passed"
                    print(f"{slug} {case} seed {seed} task {name}: {a} -> {b}"
                          f"{'  (WEAKER: passes now)' if weaker and not data['right'] else ''}")
                    problems += 1
                named_was = sorted({t[2] for t in was if t[2]})
                named_now = sorted({t[2] for t in now if t[2]})
                if named_was != named_now:
                    print(f"{slug} {case} seed {seed}: named {named_was} -> {named_now}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=50)
    parser.add_argument("--slug", action="append", help="an exercise (default: all)")
    parser.add_argument("--save", help="write what every task said to this JSON file")
    parser.add_argument("--compare", help="a JSON file written by --save: print every difference")
    args = parser.parse_args()
    slugs = args.slug or registry.slugs()
    found = run(slugs, args.seeds)
    if args.save:
        Path(args.save).write_text(json.dumps(found))
    if args.compare:
        before = json.loads(Path(args.compare).read_text())
        problems = compare(before, found)
        print(f"{problems} differences")
        raise SystemExit(1 if problems else 0)
    for slug, by_case in found.items():
        for case, data in by_case.items():
            runs = [s for s in data["seeds"] if s is not None]
            passed = sum(all(t[1] == "passed" for t in s) for s in runs)
            named = sorted({t[2] for s in runs for t in s if t[2]})
            print(f"{slug:18} {case:28} {'right' if data['right'] else 'wrong'}: passed at {passed}/{len(runs)} "
                  f"seeds; named {named}")


if __name__ == "__main__":
    main()
