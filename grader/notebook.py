"""Jupyter, JupyterLab and Colab: ``%load_ext grader`` (or ``import grader.notebook``).

``%%grade lstm`` on a cell grades the cell's code as the submission of
``lstm``, in the same sandbox and with the same checks as ``grade exercise``
(outside the kernel: a crash or an endless loop cannot hang or kill the
notebook), shows the report, then runs the cell in the kernel so its
functions exist there too; ``--no-run`` skips that, and code that crashed,
exited or timed out while being imported for grading is never run in the
kernel.  ``%grade_hint lstm`` gives the next hint, ``%quiz day3`` takes a quiz
with ``input()``, ``%grade_lab binary-addition --compare lr=0.1,0.5,1`` runs
the lab and shows its PNG inline.  Every magic takes ``--lang ja|en``.

Needs IPython (``pip install "dl-course-toolkit[notebook]"``); the rest of the
package never imports this module.
"""
from __future__ import annotations

import argparse
import shlex
import sys

from IPython.core.magic import Magics, cell_magic, line_magic, magics_class
from IPython.display import display

from grader import api
from grader.i18n import set_lang


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise api.UsageError(f"{self.prog}: {message}")


def _parse(prog: str, line: str, *extra):
    parser = _Parser(prog=prog, add_help=False)
    parser.add_argument("name")
    parser.add_argument("--lang", choices=["ja", "en"], default=None)
    for args, kwargs in extra:
        parser.add_argument(*args, **kwargs)
    return parser.parse_args(shlex.split(line))


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _in_language(method):
    """A magic's --lang holds for that magic only; the notebook's language stays as it was."""
    import functools

    from grader.i18n import get_lang

    @functools.wraps(method)
    def run(self, *args):
        saved = get_lang()
        try:
            return method(self, *args)
        finally:
            set_lang(saved)

    return run


@magics_class
class GraderMagics(Magics):
    """The grader's magics."""

    @cell_magic
    @_in_language
    def grade(self, line, cell):
        """%%grade NAME [--no-run] [--seed N] [--lang ja|en]: grade this cell as exercise NAME."""
        try:
            args = _parse("%%grade", line, (("--no-run",), {"action": "store_true"}),
                          (("--seed",), {"type": int, "default": 0}))
            report = api.check(args.name, cell, seed=args.seed, lang=args.lang)
        except api.UsageError as exc:
            _say(str(exc))
            return None
        display(report)
        if not args.no_run and report.imported:
            self.shell.run_cell(cell, store_history=False)
        return None

    @line_magic
    @_in_language
    def grade_hint(self, line):
        """%grade_hint NAME [--reset] [--lang ja|en]: the next hint for exercise NAME."""
        from grader.hints import next_hint
        from grader.names import resolve

        try:
            args = _parse("%grade_hint", line, (("--reset",), {"action": "store_true"}))
            set_lang(args.lang)
            print(next_hint(resolve(args.name), reset=args.reset))
        except (api.UsageError, KeyError) as exc:
            _say(exc.args[0] if isinstance(exc, KeyError) else str(exc))

    @line_magic
    @_in_language
    def quiz(self, line):
        """%quiz BANK [--limit N] [--seed N] [--review] [--lang ja|en]: take a quiz here."""
        try:
            args = _parse("%quiz", line, (("--limit",), {"type": int, "default": None}),
                          (("--seed",), {"type": int, "default": None}), (("--review",), {"action": "store_true"}))
            api.quiz(args.name, lang=args.lang, seed=args.seed, limit=args.limit, review=args.review)
        except api.UsageError as exc:
            _say(str(exc))


    @line_magic
    @_in_language
    def grade_lab(self, line):
        """%grade_lab binary-addition [options of `grade lab binary-addition`]: the lab here, its PNG inline."""
        import os
        import tempfile

        from grader.lab.cli import lab_group

        args = shlex.split(line)
        png = None
        try:
            import matplotlib  # noqa: F401

            if "--plot" not in args:
                png = os.path.join(tempfile.mkdtemp(prefix="dl-grader-lab-"), "curve.png")
                args += ["--plot", png]
        except ImportError:
            pass
        lab_group.main(args, prog_name="%grade_lab", standalone_mode=False)
        if png is not None and os.path.exists(png):
            from IPython.display import Image

            display(Image(filename=png))


def load_ipython_extension(ipython) -> None:
    ipython.register_magics(GraderMagics)


def _register_here() -> None:
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        load_ipython_extension(shell)


_register_here()
