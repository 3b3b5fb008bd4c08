"""Advice is shown, never counted: the course's plain softmax and sigmoid pass
with full score and are told about overflow; the stable forms are not."""
from __future__ import annotations

import pytest

from grader.advice import falls_short, softmax_overflow
from grader.outcome import BlankLeft, LearnerError

from exercise_helpers import answered, grade_text

PLAIN_AND_STABLE = [
    ("word2vec", {1: "np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)"},
     {1: "np.exp(s - s.max(axis=1, keepdims=True)) / np.exp(s - s.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True)"}),
    ("attention", {2: "np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)"},
     {2: "np.exp(scores - scores.max(axis=1, keepdims=True)) / "
         "np.exp(scores - scores.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True)"}),
    ("policy_gradient", {3: "np.exp(logits)"}, {3: "np.exp(logits - logits.max(axis=1, keepdims=True))"}),
    ("activations", {1: "1 / (1 + np.exp(-x))"}, {1: "np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x)))"}),
]


def advice(report):
    return [t.message for t in report.tests if "Advice" in t.message]


@pytest.mark.parametrize("slug, plain, stable", PLAIN_AND_STABLE, ids=[c[0] for c in PLAIN_AND_STABLE])
def test_plain_form_passes_with_advice_and_stable_form_without(slug, plain, stable, tmp_path):
    report = grade_text(slug, answered(slug, plain), tmp_path)
    assert report.passed and report.score == report.max_score
    assert advice(report), f"{slug}: the plain form got no advice"
    report = grade_text(slug, answered(slug, stable), tmp_path)
    assert report.passed and not advice(report), advice(report)


def test_falls_short_tells_error_from_other_values_and_lets_blanks_through():
    assert falls_short(lambda: 1.0, 1.0, "x") is None
    assert falls_short(lambda: 2.0, 1.0, "x") == "differs"

    def crash():
        raise LearnerError("ZeroDivisionError")

    def blank():
        raise BlankLeft("blank 1 at line 3", 1, 3)

    assert falls_short(crash, 1.0, "x") == "error"
    with pytest.raises(BlankLeft):
        falls_short(blank, 1.0, "x")


def test_overflow_advice_names_the_function_and_the_fix():
    text = softmax_overflow("attention", "weights", "differs", 2000.0, "scores - scores.max(axis=1, keepdims=True)")
    assert "attention" in text and "weights" in text and "2000" in text and "scores.max" in text
