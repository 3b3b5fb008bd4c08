"""Feedback round 2, the framework: what every exercise's messages now do."""
from __future__ import annotations

import types

import numpy as np
import pytest

from grader import i18n
from grader.blanks import fill_blanks, find_blanks, stub_numbers
from grader.compare import check_repeatable, check_unchanged
from grader.impl import LocalImpl
from grader.outcome import TaskFailed
from grader.result import Status

from exercise_helpers import ROOT, answered, grade_text, stub_text, summary

RIGHT = answered("lstm")


def test_a_float32_result_fails_and_says_float64(tmp_path):
    report = grade_text("lstm", RIGHT.replace("    return c, h", "    return c.astype(np.float32), h"), tmp_path)
    assert not report.passed
    failed = [t for t in report.tests if t.status is Status.FAILED]
    assert failed and all("float64" in t.message and "float32" in t.message for t in failed), summary(report)


def test_blanks_keep_the_stubs_numbers_when_earlier_ones_are_filled(tmp_path):
    stub = stub_text("optimizers")
    numbers = [n for n, _line, _col in find_blanks(stub)]
    from exercise_helpers import checks

    fills = {n: checks("optimizers").ANSWERS[n] for n in numbers[:3]}
    report = grade_text("optimizers", fill_blanks(stub, fills), tmp_path)
    blanks = [t for t in report.tests if t.status is Status.BLANK]
    assert blanks and "blank 4 " in blanks[0].message, summary(report)
    assert "blank 1 " not in " ".join(t.message for t in report.tests)


def test_stub_numbers_follow_lines_moved_by_inserted_code():
    stub = "a = ___\nb = ___\nc = ___\n"
    learner = "import os\n\n# my notes\na = 1\nb = ___\nc = ___\n"
    assert stub_numbers(stub, learner) == {5: 2, 6: 3}


def test_a_syntax_error_is_told_once(tmp_path):
    report = grade_text("lstm", RIGHT.replace("h = output_gate * np.tanh(c)", "h = output_gate * np.tanh(c"), tmp_path)
    first, *rest = report.tests
    assert "syntax error" in first.message
    assert rest and all(t.message.startswith("not run: the same problem as in") for t in rest), summary(report)
    assert all(t.status is Status.ERROR for t in report.tests)      # the contract's status is kept


@pytest.mark.parametrize("typo, meant", [("forget_gat", "forget_gate"), ("np.tahn(a)", "np.tanh")])
def test_a_misspelt_name_gets_did_you_mean(tmp_path, typo, meant):
    text = RIGHT.replace("forget_gate * prev_c", "forget_gat * prev_c") if typo == "forget_gat" else \
        RIGHT.replace("input_gate * a", "input_gate * np.tahn(a)")
    report = grade_text("lstm", text, tmp_path)
    assert f"did you mean {meant}?" in report.tests[0].message, summary(report)


def test_a_numpy_shape_error_says_which_line_and_shapes_in_japanese(tmp_path):
    text = RIGHT.replace("    h = output_gate * np.tanh(c)", "    c = c + np.ones((2, 7))\n    h = output_gate * np.tanh(c)")
    i18n.set_lang("ja")
    report = grade_text("lstm", text, tmp_path)
    message = report.tests[0].message
    line = text.splitlines().index("    c = c + np.ones((2, 7))") + 1
    assert f"{line} 行目" in message and "(2,7)" in message and "ブロードキャスト" in message, message


def test_what_the_learner_prints_is_shown_under_its_task(tmp_path):
    text = RIGHT.replace("    return c, h", "    print('my debug', c.shape)\n    return c, h")
    report = grade_text("lstm", text, tmp_path)
    assert report.passed
    assert "my debug (3, 4)" in report.tests[0].message, summary(report)
    assert "dl-grader" not in " ".join(t.message for t in report.tests)


def test_a_warning_is_shown_with_the_learners_line_and_no_private_path(tmp_path):
    report = grade_text("activations", answered("activations"), tmp_path)
    sigmoid = report.tests[0]
    assert "RuntimeWarning at line" in sigmoid.message and "overflow" in sigmoid.message, sigmoid.message
    assert "/tmp/" not in sigmoid.message


def test_a_mistake_is_named_only_under_the_function_that_made_it(tmp_path):
    report = grade_text("activations", answered("activations", {4: "max(0, x)"}), tmp_path)
    named = {t.name: t.mistake for t in report.tests if t.mistake}
    assert named == {"relu": "relu-max"}, summary(report)


def _swapped_reference(tmp_path, slug, old, new):
    folder = tmp_path / "instructor"
    folder.mkdir()
    text = (ROOT / "solutions" / f"{slug}.py").read_text(encoding="utf-8")
    assert old in text
    (folder / f"{slug}.py").write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_a_reference_in_another_convention_names_no_course_mistake(tmp_path):
    folder = _swapped_reference(tmp_path, "lstm", "a, i, f, o = np.hsplit(lstm_in, 4)", "i, f, a, o = np.hsplit(lstm_in, 4)")
    report = grade_text("lstm", RIGHT, tmp_path, solutions=folder)
    assert not report.passed
    assert all(t.mistake != "gate-order-ifgo" for t in report.tests), summary(report)
    assert report.notes and "differs from the course's" in report.notes[0] and "PyTorch" in report.notes[0]
    assert report.as_json()["notes"] == report.notes
    same = variant_of_reference(tmp_path, folder)
    assert grade_text("lstm", same, tmp_path, solutions=folder).passed


def variant_of_reference(tmp_path, folder):
    return (folder / "lstm.py").read_text(encoding="utf-8")


def test_advice_the_instructors_reference_also_gets_is_not_given(tmp_path):
    """The course's sigmoid, 1 / (1 + np.exp(-x)), gets overflow advice; an instructor whose
    own reference is written the same way does not want it given to their learners."""
    shipped = grade_text("activations", answered("activations"), tmp_path)
    assert "Advice" in shipped.tests[0].message
    folder = _swapped_reference(tmp_path, "activations", "def sigmoid(x):", "def sigmoid(x):")
    report = grade_text("activations", answered("activations"), tmp_path, solutions=folder)
    assert report.passed and "Advice" not in report.tests[0].message, summary(report)


def _module(source: str):
    module = types.ModuleType("fake")
    exec(source, module.__dict__)
    return LocalImpl(module)


PURE = "import numpy as np\ndef f(x):\n    return x * 2.0\n"
STATEFUL = "import numpy as np\n_last = [None]\ndef f(x):\n    out = x * 2.0 if _last[0] is None else x * 2.0 + 0 * _last[0] + (_last[0] is not None)\n" \
           "    _last[0] = x\n    return out\n"
MUTATING = "import numpy as np\ndef f(x):\n    x *= 2.0\n    return x\n"


def test_check_repeatable_finds_state_kept_between_calls():
    calls = [(np.arange(3.0),), (np.ones(3),)]
    check_repeatable(_module(PURE), _module(PURE), "f", calls)
    with pytest.raises(TaskFailed) as caught:
        check_repeatable(_module(STATEFUL), _module(PURE), "f", calls)
    assert "between calls" in caught.value.message


def test_check_unchanged_finds_an_input_changed_in_place():
    x = np.arange(3.0)
    out = check_unchanged(_module(PURE), "f", [x], names=["x"])
    assert np.array_equal(out, x * 2)
    with pytest.raises(TaskFailed) as caught:
        check_unchanged(_module(MUTATING), "f", [np.arange(3.0)], names=["x"])
    assert "changed its input x in place" in caught.value.message
    check_unchanged(_module(MUTATING), "f", [np.arange(3.0)], keep=[0])     # allowed where the contract says so
