"""The check API: what an exercise's check module imports.  Stable from 0.x on.

A course's own exercise has its checks in ``checks/<slug>.py`` at the course
root (a shipped one in ``grader/checks/``), written against this module only::

    import numpy as np
    from grader.authoring import Mistake, expect, expect_form, task, tr

    ANSWERS = {1: "x @ W + b"}             # blank -> a right fill (for grade verify)
    EQUIVALENTS = [{1: "b + x.dot(W)"}]    # other right fills that must pass too
    MISTAKES = [Mistake("no-bias", func="affine", title={...}, hint={...},
                        predict=lambda x, W, b: x @ W, code=("x @ W",))]

    @task({"en": "values", "ja": "値"}, points=2)
    def test_values(sub, ref, rng):
        x, W, b = rng.normal(size=(3, 4)), rng.normal(size=(4, 2)), rng.normal(size=2)
        expect(sub.affine(x, W, b), ref.affine(x, W, b), name=tr("the output", "出力"),
               candidates=lambda: predictions(MISTAKES, "affine", (x, W, b), {}))

Each task receives the fixtures it names: ``sub`` (the learner's solution, run
in the sandbox), ``ref`` (the reference, or in a student copy its recorded
outputs), ``rng`` (a NumPy Generator seeded from ``--seed`` and the task's
name).  Both ``sub`` and ``ref`` are called alike: ``sub.f(*args)`` for a
module-level function, ``sub.new("Cls", ...)`` for an object kept by the
solution, whose methods are called on the handle it returns, ``sub.put`` /
``sub.get`` for values kept there.  See docs/authoring.md for the whole guide.

The names below keep their meaning and signatures in later versions; new
keyword arguments may be added.  Anything else in ``grader`` is internal.
"""
from __future__ import annotations

from grader.compare import (check_call, check_repeatable, check_unchanged, difference, expect, expect_form,
                            shape_case)
from grader.i18n import pick, tr
from grader.mistakes import Mistake, bilingual, predictions
from grader.numgrad import numerical_gradient, relative_error
from grader.outcome import TaskFailed
from grader.tasks import advise, task

__all__ = [
    "task", "advise", "expect", "expect_form", "check_call", "check_repeatable", "check_unchanged",
    "difference", "shape_case", "Mistake", "bilingual", "predictions", "numerical_gradient",
    "relative_error", "TaskFailed", "tr", "pick",
]
