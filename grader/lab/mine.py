"""``--mine``: the lab trained with the learner's own functions, in a sandboxed worker.

The learner's files are untrusted, so they are loaded here, in a worker
started and confined exactly as for grading (:mod:`grader.spawn`), from
private copies of the files; never in the process that prints the lab's
report.  The parent sends the configuration as one message; this process
answers with messages: which parts are the learner's ("parts"), progress, and
the outcome ("done") or a problem ("error").

Parts taken from the learner, where their file defines them, filled in and
running: from ``exercises/activations.py`` sigmoid, d_sigmoid, d_tanh, relu,
d_relu (the hidden layer and the output layer); from ``exercises/rnn.py``
rnn_forward (the forward pass, with the sigmoid hidden activation).
"""
from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import numpy as np

from grader.lab import FUNCTIONS


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(f"_mine_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _probe(name, fn, ref):
    """Run the learner's ``fn`` on a small input; a reason to skip it, or None."""
    x = np.linspace(-3, 3, 7).reshape(1, 7) + 0.05
    try:
        if name == "rnn_forward":
            rng = np.random.default_rng(0)
            args = (rng.normal(size=(2, 3, 2)), rng.normal(size=(2, 4)), rng.normal(size=(4, 4)),
                    rng.normal(size=(4, 1)), np.zeros(4), np.zeros(1))
            Z, Y = fn(*args)
            if np.shape(Z) != (2, 3, 4) or np.shape(Y) != (2, 3, 1):
                return "returns the wrong shapes"
            return None
        out = np.asarray(fn(x), dtype=np.float64)
    except NameError as exc:
        from grader.worker import _is_blank

        return "a blank is not filled in" if _is_blank(exc) else f"NameError: {exc}"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    if out.shape != x.shape:
        return "returns the wrong shape"
    if not np.allclose(out, ref(x), atol=1e-6):
        return "DIFFERS"
    return None


def learner_functions(folder: Path, emit):
    """The lab's functions with the learner's (``folder/<stem>.py``) where they run; reports the parts."""
    from grader.lab import binary_addition as lab

    fns = lab.reference_functions()
    mine, skipped, differs = [], [], []
    for stem, names in FUNCTIONS.items():
        path = folder / f"{stem}.py"
        try:
            module = _load(path)
        except BaseException as exc:  # the learner's file: anything can happen
            skipped.extend(f"{stem}.{n} ({type(exc).__name__}: {exc})" for n in names)
            continue
        for name in names:
            fn = getattr(module, name, None)
            if not callable(fn):
                skipped.append(f"{stem}.{name} (not defined)")
                continue
            reason = _probe(name, fn, fns.get(name, lambda x: x))
            if reason in (None, "DIFFERS"):
                fns[name] = fn
                mine.append(f"{stem}.{name}")
                if reason:
                    differs.append(f"{stem}.{name}")
            else:
                skipped.append(f"{stem}.{name} ({reason})")
    emit({"event": "parts", "mine": mine, "skipped": skipped, "differs": differs})
    return fns


def main() -> None:
    from grader import frames
    from grader.confine import confine
    from grader.worker import _import_path, _setup, _take_protocol_streams

    setup = _setup()
    confine(setup)
    _import_path(setup)
    _in, out = _take_protocol_streams()

    def emit(event):
        frames.write_message(out, event)

    try:
        request = frames.read_message(_in, 1 << 20)
        from grader.lab import binary_addition as lab

        cfg = lab.Config(**request["config"])
        fns = learner_functions(Path(setup["runtime"]), emit)
        outcome = lab.train(cfg, fns, lambda i, loss: emit({"event": "progress", "i": i, "loss": loss}))
        emit({"event": "done", "losses": outcome.losses, "accuracy": outcome.accuracy, "pairs": outcome.pairs})
    except BaseException as exc:
        emit({"event": "error", "message": f"{type(exc).__name__}: {str(exc)[:300]}"})
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
