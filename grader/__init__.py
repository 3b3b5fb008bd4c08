"""Auto-graded deep-learning exercises and quizzes (Rabbit Challenge, ゼロから作るDeep Learning).

In a notebook: ``%load_ext grader``, then ``%%grade lstm`` on a cell; from Python:
``grader.check("lstm", source)`` and ``grader.quiz("day3")`` (see :mod:`grader.api`).
"""

__version__ = "0.1.0"


def check(slug, source, **options):
    """Grade ``source`` as the submission of exercise ``slug``; the report (see grader.api.check)."""
    from grader.api import check as _check

    return _check(slug, source, **options)


def quiz(bank, **options):
    """Take the quiz ``bank`` with input() (see grader.api.quiz)."""
    from grader.api import quiz as _quiz

    return _quiz(bank, **options)


def load_ipython_extension(ipython):
    """``%load_ext grader``: the %%grade, %grade_hint and %quiz magics."""
    from grader.notebook import load_ipython_extension as _load

    _load(ipython)
