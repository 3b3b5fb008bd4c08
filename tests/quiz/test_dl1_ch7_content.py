"""Content of quizzes/dl1-ch7.yaml: what issue 13 asks of the bank.

For every parametrized numeric question, WRONG lists the wrong methods its
explanation names (and the obvious slips: a swapped operand, a forgotten
term or factor); no draw of its parameters may let one of them be judged
right, whether typed in full or rounded to 3 significant digits.
The other tests hold the bank to its size, key positions, explanations that
name every option through {choiceN}, and the audit's specific fixes.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from grader.quiz.judge import judge_text
from grader.quiz.validate import load_bank

from bank_content_checks import (check_choices_in_both_languages, check_every_parametrized_numeric_question_is_listed,
                                 check_explanations_name_every_option_through_placeholders,
                                 check_key_not_the_giveaway_longest_option,
                                 check_keys_spread_over_the_positions_in_the_file,
                                 check_no_draw_lets_a_wrong_method_through,
                                 check_shuffled_big_enough_and_a_quarter_parametrized,
                                 check_strongly_worded_options_not_always_wrong,
                                 check_text_questions_before_options_that_reveal_them, draws)

REPO = Path(__file__).resolve().parents[2]
PATH = REPO / "quizzes" / "dl1-ch7.yaml"
BANK = load_bank(PATH)


def out(size, f, s=1, p=0):
    """An ordinary convolution's output size, as a float (no flooring)."""
    return (size + 2 * p - f) / s + 1


WRONG = {
    "conv-single-output": {
        "flipped filter": lambda a, b, c, d, bias: 2 * a - b + d + bias,
        "transposed filter": lambda a, b, c, d, bias: a - b + 2 * d + bias,
        "forgets the bias": lambda a, b, c, d, bias: a - c + 2 * d,
        "subtracts the bias": lambda a, b, c, d, bias: a - c + 2 * d - bias,
        "sum of the window": lambda a, b, c, d, bias: a + b + c + d + bias,
        "drops the minus sign": lambda a, b, c, d, bias: a + c + 2 * d + bias,
    },
    "padding-same-size": {
        "the total padding": lambda f: f - 1,
        "(f + 1) / 2": lambda f: (f + 1) / 2,
        "f / 2": lambda f: f / 2,
        "f": lambda f: f,
    },
    "conv-output-size": {
        "P instead of 2P": lambda h, w, fh, fw, s, p: (w + p - fw) / s + 1,
        "forgets the + 1": lambda h, w, fh, fw, s, p: (w + 2 * p - fw) / s,
        "adds 1 before dividing": lambda h, w, fh, fw, s, p: (w + 2 * p - fw + 1) / s,
        "forgets the padding": lambda h, w, fh, fw, s, p: out(w, fw, s),
        "forgets the stride": lambda h, w, fh, fw, s, p: out(w, fw, 1, p),
        "the height OH": lambda h, w, fh, fw, s, p: out(h, fh, s, p),
        "H with FW": lambda h, w, fh, fw, s, p: out(h, fw, s, p),
        "W with FH": lambda h, w, fh, fw, s, p: out(w, fh, s, p),
        "floors W / S first": lambda h, w, fh, fw, s, p: (w // s + 2 * p - fw) + 1,
    },
    "batch-output-elements": {
        "multiplies by C": lambda n, c, h, fn, p: n * c * fn * (h + 2 * p - 2) ** 2,
        "C instead of FN": lambda n, c, h, fn, p: n * c * (h + 2 * p - 2) ** 2,
        "P instead of 2P": lambda n, c, h, fn, p: n * fn * (h + p - 2) ** 2,
        "forgets the + 1": lambda n, c, h, fn, p: n * fn * (h + 2 * p - 3) ** 2,
        "forgets N": lambda n, c, h, fn, p: fn * (h + 2 * p - 2) ** 2,
        "forgets the padding": lambda n, c, h, fn, p: n * fn * (h - 2) ** 2,
        "one side only": lambda n, c, h, fn, p: n * fn * (h + 2 * p - 2),
    },
    "conv-param-count": {
        "forgets C": lambda c, fn, f: fn * f * f + fn,
        "forgets the biases": lambda c, fn, f: fn * c * f * f,
        "a bias per channel": lambda c, fn, f: fn * c * f * f + fn * c,
        "one filter's weights": lambda c, fn, f: c * f * f + fn,
        "C biases": lambda c, fn, f: fn * c * f * f + c,
    },
    "receptive-field-stacked": {
        "n times f": lambda n, f: n * f,
        "f to the n": lambda n, f: f ** n,
        "forgets the first pixel": lambda n, f: n * (f - 1),
        "one pixel per layer": lambda n, f: f + n - 1,
        "the filter alone": lambda n, f: f,
    },
    "stacked-3x3-params": {
        "forgets the biases' difference": lambda c: 7 * c * c,
        "subtracts one 3x3 layer": lambda c: 16 * c * c,
        "forgets the input channels": lambda c: (25 * c + c) - 2 * (9 * c + c),
        "bias difference the wrong way": lambda c: 7 * c * c + c,
        "the two 3x3 layers' count": lambda c: 2 * (9 * c * c + c),
        "the 5x5 layer's count": lambda c: 25 * c * c + c,
    },
    "dilated-conv-output": {
        "ignores the dilation": lambda h, f, d, p: out(h, f, 1, p),
        "effective size d * f": lambda h, f, d, p: out(h, d * f, 1, p),
        "effective size f + d - 1": lambda h, f, d, p: out(h, f + d - 1, 1, p),
        "effective size d * (f - 1)": lambda h, f, d, p: out(h, d * (f - 1), 1, p),
        "P instead of 2P": lambda h, f, d, p: h + p - d * (f - 1),
        "forgets the + 1": lambda h, f, d, p: h + 2 * p - d * (f - 1) - 1,
    },
    "transposed-conv-output": {
        "H times S": lambda h, f, s, p: h * s,
        "the ordinary convolution's formula": lambda h, f, s, p: out(h, f, s, p),
        "forgets the padding": lambda h, f, s, p: (h - 1) * s + f,
        "adds the padding": lambda h, f, s, p: (h - 1) * s + 2 * p + f,
        "forgets the - 1": lambda h, f, s, p: h * s - 2 * p + f,
        "P instead of 2P": lambda h, f, s, p: (h - 1) * s - p + f,
    },
    "pooling-max-value": {
        "the mean": lambda a, b, c, d: (a + b + c + d) / 4,
        "the sum": lambda a, b, c, d: a + b + c + d,
        "the top-left block": lambda a, b, c, d: 8,
        "the bottom-left block": lambda a, b, c, d: 9,
        "the minimum": lambda a, b, c, d: min(a, b, c, d),
    },
    "pooling-output-elements": {
        "merges the channels": lambda c, h: (h / 2) ** 2,
        "halves the height only": lambda c, h: c * h * (h / 2),
        "one side only": lambda c, h: c * (h / 2),
        "no pooling": lambda c, h: c * h * h,
        "quarters each side": lambda c, h: c * (h / 4) ** 2,
    },
    "conv-pool-output": {
        "forgets the pooling": lambda h, f, p: h + 2 * p - f + 1,
        "pools first": lambda h, f, p: h / 2 + 2 * p - f + 1,
        "P instead of 2P": lambda h, f, p: (h + p - f + 1) / 2,
        "forgets the + 1": lambda h, f, p: (h + 2 * p - f) / 2,
        "divides by 4": lambda h, f, p: (h + 2 * p - f + 1) / 4,
        "forgets the padding": lambda h, f, p: (h - f + 1) / 2,
    },
    "im2col-rows": {
        "multiplies by C": lambda n, c, h, f, s, p: n * c * out(h, f, s, p) ** 2,
        "forgets N": lambda n, c, h, f, s, p: out(h, f, s, p) ** 2,
        "P instead of 2P": lambda n, c, h, f, s, p: n * ((h + p - f) / s + 1) ** 2,
        "forgets the + 1": lambda n, c, h, f, s, p: n * ((h + 2 * p - f) / s) ** 2,
        "the column count": lambda n, c, h, f, s, p: c * f * f,
        "one side only": lambda n, c, h, f, s, p: n * out(h, f, s, p),
        "forgets the padding": lambda n, c, h, f, s, p: n * out(h, f, s) ** 2,
    },
    "im2col-cols": {
        "forgets C": lambda n, c, h, f: f * f,
        "multiplies by N": lambda n, c, h, f: n * c * f * f,
        "one side of the filter": lambda n, c, h, f: c * f,
        "the row count": lambda n, c, h, f: n * (h - f + 1) ** 2,
        "a channel of the input": lambda n, c, h, f: h * h,
    },
}


@pytest.mark.parametrize("qid", sorted(WRONG))
def test_no_draw_lets_a_wrong_method_through(qid):
    check_no_draw_lets_a_wrong_method_through(BANK, WRONG, qid)


def test_every_parametrized_numeric_question_has_its_wrong_methods_listed():
    check_every_parametrized_numeric_question_is_listed(BANK, WRONG)


def test_bank_is_shuffled_big_enough_and_a_quarter_parametrized():
    check_shuffled_big_enough_and_a_quarter_parametrized(BANK, PATH, 30)


def test_keys_are_spread_over_the_positions_in_the_file():
    check_keys_spread_over_the_positions_in_the_file(BANK)


def test_explanations_name_every_option_through_placeholders():
    check_explanations_name_every_option_through_placeholders(BANK)


def test_choices_are_given_in_both_languages():
    check_choices_in_both_languages(BANK)


def test_text_questions_come_before_options_that_reveal_their_answers():
    check_text_questions_before_options_that_reveal_them(BANK)


def test_the_key_is_not_the_giveaway_longest_option():
    check_key_not_the_giveaway_longest_option(BANK)


def test_strongly_worded_options_are_not_always_wrong():
    check_strongly_worded_options_not_always_wrong(BANK)


def test_audit_fixes():
    pad = BANK.question("padding-name")
    for typed in ("パディング", "padding", "0パディング", "０パディング", "ゼロ埋め", "ゼロパディング", "zero padding"):
        assert judge_text(typed, pad.answer).correct, typed
    for qid in ("im2col-cols", "im2col-rows", "conv-param-count", "batch-output-elements",
                "pooling-output-elements"):
        assert 1 not in [v.value for v in BANK.question(qid).params["c"]], f"{qid}: c = 1 hides a forgotten C"
    # not the near-duplicate of day3's conv-output-size: a rectangular input, the width asked
    size = BANK.question("conv-output-size")
    assert {"h", "w", "fh", "fw"} <= set(size.params) and "w" in size.answer.names
    assert size.answer.evaluate({"h": 20, "w": 27, "fh": 2, "fw": 3, "s": 2, "p": 1}) == 14
    # integer answers at every draw
    for qid in ("conv-output-size", "dilated-conv-output", "transposed-conv-output", "conv-pool-output",
                "receptive-field-stacked", "im2col-rows", "pooling-output-elements"):
        q = BANK.question(qid)
        for values in draws(q):
            assert float(q.answer.evaluate(values)).is_integer(), (qid, values)
