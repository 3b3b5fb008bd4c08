"""Hostile learner objects with state (the optimizers): they live in the worker,
and nothing they do there can turn a fail into a pass or stop the grader."""
from __future__ import annotations

import time

import pytest

from grader.result import Status

from exercise_helpers import answered, grade_text, summary

SLUG = "optimizers"


pytestmark = pytest.mark.usefixtures("short_limits")


def _sgd(fill: str) -> str:
    """The right answers everywhere, and SGD's blank (1) filled with ``fill``."""
    return answered(SLUG, {1: fill})


def _sgd_tasks(report):
    tasks = [t for t in report.tests if "sgd" in t.name.lower()]
    assert tasks, summary(report)
    return tasks


def test_an_update_that_never_returns_times_out_and_grading_ends(tmp_path):
    started = time.monotonic()
    report = grade_text(SLUG, _sgd("while True: pass"), tmp_path)
    assert time.monotonic() - started < 2 + 8 + 4
    assert any(t.status is Status.TIMEOUT for t in report.tests), summary(report)
    assert not report.passed


def test_an_update_that_exits_the_worker_is_an_error_not_a_pass(tmp_path):
    report = grade_text(SLUG, _sgd("import os; os._exit(0)"), tmp_path)
    assert all(t.status is not Status.PASSED for t in _sgd_tasks(report)), summary(report)
    assert not report.passed


def test_replacing_the_params_dict_entries_with_lookalikes_does_not_pass(tmp_path):
    # An object that says it equals anything, put where the array was.
    fill = ("params[key] = type('Any', (), {'__eq__': lambda s, o: True, "
            "'__array__': lambda s, *a, **k: __import__('numpy').zeros(1)})()")
    report = grade_text(SLUG, _sgd(fill), tmp_path)
    assert all(t.status is not Status.PASSED for t in _sgd_tasks(report)), summary(report)


def test_patching_numpy_in_the_worker_changes_nothing_in_the_grader(tmp_path):
    fill = "import numpy; numpy.allclose = lambda *a, **k: True; numpy.array_equal = lambda *a, **k: True"
    report = grade_text(SLUG, _sgd(fill), tmp_path)
    assert all(t.status is Status.FAILED for t in _sgd_tasks(report)), summary(report)


def test_state_kept_between_submissions_cannot_leak(tmp_path):
    # A class attribute set by one grading run is gone in the next: each run has a fresh worker.
    first = grade_text(SLUG, answered(SLUG), tmp_path)
    assert first.passed
    again = grade_text(SLUG, _sgd("pass"), tmp_path)
    assert all(t.status is Status.FAILED for t in _sgd_tasks(again)), summary(again)
