"""`grade new NAME`: the four files of a new exercise, with a working example.

The example is an affine layer ``NAME(x, W, b) = x @ W + b`` with one blank,
one shape task, one value task and one catalogued mistake (the bias left out),
so that ``grade verify NAME`` passes at once and the author edits from there.
"""
from __future__ import annotations

from pathlib import Path
from typing import List

from grader.registry import COURSE_CHECKS, COURSE_REGISTRY

REGISTRY_HEAD = """\
# This course's own exercises (see docs/authoring.md). They come after the shipped
# exercises; an entry with a shipped exercise's slug replaces that exercise.
# Each entry needs exercises/<slug>.py (the stub), solutions/<slug>.py (the reference) and
# checks/<slug>.py (the checks). A hint that gives the answer away says answer: true.
"""

ENTRY = """
- slug: {name}
  title: {{ja: "アフィン変換 ({name})", en: "An affine layer ({name})"}}
  section: My course
  source: "the example of grade new: replace it with your own exercise"
  points: 3
  functions: [{name}]
  hints:
    - ja: "出力の各行は、入力の行に重み W を右から掛け、バイアス b を足したものです。"
      en: "Each row of the output is the row of the input times W, from the right, plus the bias b."
    - ja: "x @ W + b"
      en: "x @ W + b"
      answer: true
"""

STUB = '''"""アフィン変換 / An affine layer (the example of grade new: edit it).

___ を正しいコードに置き換えてから、次を実行してください:  grade exercise {name}
Replace the ___ with the right code, then run:  grade exercise {name}
"""
import numpy as np


def {name}(x, W, b):
    """x: (N, D), W: (D, M), b: (M,).  Returns the array of shape (N, M) x W + b."""
    # 穴埋め (1) / blank (1): 重みを掛けてバイアスを足す / multiply by the weights and add the bias
    return ___
'''

REFERENCE = '''"""Reference: an affine layer (the example of grade new)."""
import numpy as np


def {name}(x, W, b):
    """x: (N, D), W: (D, M), b: (M,).  Returns x W + b, of shape (N, M)."""
    return np.dot(x, W) + b
'''

CHECKS = '''"""Checks for ``{name}`` (the example of grade new: an affine layer).

Written against grader.authoring, the stable check API (docs/authoring.md).
"""
import numpy as np

from grader.authoring import Mistake, expect, expect_form, predictions, shape_case, task, tr

FUNC = "{name}"
ANSWERS = {{1: "x @ W + b"}}                       # blank (1) filled in rightly: grade verify grades it
EQUIVALENTS = [{{1: "b + np.dot(x, W)"}}, {{1: "x.dot(W) + b"}}]   # other right answers: they must pass

MISTAKES = [
    Mistake("no-bias", func=FUNC,
            title={{"en": "the bias b is left out", "ja": "バイアス b を足していない"}},
            hint={{"en": "an affine layer adds the bias b to every row after the product with W",
                  "ja": "アフィン変換では W との積のあとに、すべての行にバイアス b を足します"}},
            predict=lambda x, W, b: x @ W,             # our own wrong answer: its output names the mistake
            code=("x @ W", "np.dot(x, W)", "x.dot(W)")),   # as a learner would type it in the blank
]


def _inputs(rng, N, D, M):
    return rng.normal(size=(N, D)), rng.normal(size=(D, M)), rng.normal(size=M)


@task({{"en": "returns an array of shape (N, M)", "ja": "形 (N, M) の配列を返す"}}, points=1)
def test_shape(sub, ref, rng):
    x, W, b = _inputs(rng, 3, 4, 2)
    expect_form(sub.{name}(x, W, b), ref.{name}(x, W, b), name=tr("the output", "出力"),
                case=shape_case(x=x, W=W, b=b))


@task({{"en": "values on random inputs", "ja": "ランダムな入力での値"}}, points=2)
def test_values(sub, ref, rng):
    for N, D, M in [(2, 3, 4), (5, 1, 3)]:
        args = _inputs(rng, N, D, M)
        expect(sub.{name}(*args), ref.{name}(*args), name=tr("the output", "出力"),
               candidates=lambda: predictions(MISTAKES, FUNC, args, {{}}),
               case=shape_case(x=args[0], W=args[1], b=args[2]))
'''


class ScaffoldProblem(ValueError):
    """The files cannot be written (one exists already, a folder cannot be made)."""


def files(root: Path, name: str) -> List[Path]:
    """The files ``grade new`` writes for ``name`` (the registry is added to, the others created)."""
    root = Path(root)
    return [root / "exercises" / f"{name}.py", root / "solutions" / f"{name}.py",
            root / COURSE_CHECKS / f"{name}.py", root / COURSE_REGISTRY]


def scaffold(root: Path, name: str) -> List[Path]:
    """Write the stub, the reference and the checks of ``name`` under ``root``
    and add its entry to ``root/registry.yaml``; the paths written."""
    stub, reference, checks, registry_file = files(root, name)
    existing = [p for p in (stub, reference, checks) if p.exists()]
    if existing:
        raise ScaffoldProblem(f"{existing[0]} exists already: nothing was written")
    try:
        for path, text in ((stub, STUB), (reference, REFERENCE), (checks, CHECKS)):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text.format(name=name), encoding="utf-8")
        head = "" if registry_file.exists() else REGISTRY_HEAD
        with open(registry_file, "a", encoding="utf-8") as fh:
            fh.write(head + ENTRY.format(name=name))
    except OSError as exc:
        raise ScaffoldProblem(f"cannot write {exc.filename or root}: {exc.strerror or exc}") from None
    return [stub, reference, checks, registry_file]
