"""Judging answers as learners type them: every type right and wrong, and the
normalizations (full-width input, half-width katakana, stray spaces)."""
from pathlib import Path

import pytest

from grader.quiz.judge import (judge, judge_numeric, judge_text, normalize, numeric_ok,
                               parse_number)
from grader.quiz.instance import make_instance
from grader.quiz.validate import load_bank

FIXTURES = Path(__file__).parent / "fixtures"
BANK = load_bank(FIXTURES / "sample.yaml")


def inst(qid, seed=0):
    return make_instance(BANK.question(qid), seed)


# -- normalization ----------------------------------------------------------

def test_normalize_applies_nfkc_and_collapses_space():
    assert normalize("　ＡＢＣ　１２３  x ") == "ABC 123 x"
    assert normalize("ﾌｫｰｹﾞｯﾄ") == "フォーゲット"
    assert normalize("③") == "3"


# -- numeric ----------------------------------------------------------------

@pytest.mark.parametrize("typed", [
    "0.25", " 0.25 ", ".25", "+0.25", "0.250", "1/4", " 1 / 4 ", "2.5e-1", "2.5E-1", "25e-2",
    "2.5×10^-1", "2.5x10^-1", "０．２５", "１／４", "０.２５", "2.5ｅ-1",
])
def test_numeric_forms_of_a_quarter_are_right(typed):
    assert judge(inst("sigmoid-at-zero"), typed) == judge(inst("sigmoid-at-zero"), "0.25")
    assert judge(inst("sigmoid-at-zero"), typed).correct


@pytest.mark.parametrize("typed", ["0.3", "1/3", "-0.25", "25", "0.15"])
def test_numeric_other_values_are_wrong(typed):
    verdict = judge(inst("sigmoid-at-zero"), typed)
    assert verdict.understood and not verdict.correct


@pytest.mark.parametrize("typed", ["abc", "0.2.5", "1/0", "1/", "inf", "nan", "0,25"])
def test_numeric_unreadable_input_is_not_understood(typed):
    verdict = judge(inst("sigmoid-at-zero"), typed)
    assert not verdict.correct and not verdict.understood
    assert "not a number" in verdict.note


def test_numeric_special_forms():
    assert parse_number("16,768") == 16768
    assert parse_number("１６，７６８") == 16768
    assert parse_number("1,2") is None  # not a thousands separator: ambiguous
    assert parse_number("−2") == -2  # U+2212 MINUS SIGN
    assert parse_number("－2") == -2  # full-width hyphen-minus
    assert parse_number("010") == 10


def test_integer_answers_must_match_exactly_without_tolerance():
    assert numeric_ok(7.0, 7.0, None)
    assert judge_numeric("7.0", 7.0, None).correct
    assert not judge_numeric("7.01", 7.0, None).correct
    assert not judge_numeric("6.99", 7.0, None).correct


def test_other_answers_match_within_relative_one_percent_without_tolerance():
    expected = 0.19661193324148185
    assert judge_numeric("0.1966", expected, None).correct
    assert judge_numeric("0.195", expected, None).correct  # 0.8% off
    assert not judge_numeric("0.2", expected, None).correct  # 1.7% off
    assert not judge_numeric("0.19", expected, None).correct


def test_an_absolute_tolerance_replaces_the_default_rule():
    assert judge_numeric("0.2509", 0.25, 0.001).correct
    assert judge_numeric("0.249", 0.25, 0.001).correct
    assert not judge_numeric("0.252", 0.25, 0.001).correct
    assert judge_numeric("7.4", 7.0, 0.5).correct
    assert not judge_numeric("7.01", 7.0, 0.0).correct


# -- choice -------------------------------------------------------------------

@pytest.mark.parametrize("typed", [
    "2", " 2 ", "(2)", "2)", "2.", "[2]", "２", "（２）", "②", "2番", "No. 2", "#2",
    "b", "B", "(b)", "b)", "ｂ",
    "forget gate", "Forget  Gate", "忘却ゲート", " 忘却 ゲート ",
])
def test_choice_forms_of_the_right_option_are_right(typed):
    assert judge(inst("forget-gate"), typed).correct


@pytest.mark.parametrize("typed", ["1", "a", "(3)", "c", "input gate", "出力ゲート"])
def test_choice_other_options_are_wrong(typed):
    verdict = judge(inst("forget-gate"), typed)
    assert verdict.understood and not verdict.correct


@pytest.mark.parametrize("typed", ["4", "0", "d", "z", "gate", "", "1 2 3 4 5"])
def test_choice_input_naming_no_option_is_not_understood(typed):
    verdict = judge(inst("forget-gate"), typed)
    assert not verdict.understood and not verdict.correct
    assert "1-3" in verdict.note


def test_an_options_own_text_picks_it():
    # choices 0.15 0.25 0.35 0.45, answer 2 (0.25): the text and the number agree
    assert judge(inst("numbers-as-choices"), "0.25").correct
    assert judge(inst("numbers-as-choices"), "2").correct
    assert not judge(inst("numbers-as-choices"), "0.35").correct


def test_text_wins_over_number_when_options_read_like_numbers():
    # choices "2" "3" "4" "5", answer 2 (the option reading 3)
    q = inst("gates-count")
    assert judge(q, "3").correct  # the option's text
    assert judge(q, "b").correct  # its letter
    assert judge(q, "(2)").correct  # its number in parentheses
    assert not judge(q, "2").correct  # the option that reads 2


# -- multi ------------------------------------------------------------------

@pytest.mark.parametrize("typed", [
    "1, 3, 4", "4 3 1", "1,3,4", "3,1,4", "1、3、4", "１，３，４", "1;3;4", "1/3/4",
    "a c d", "d, a, c", "(1) (3) (4)", "1,3,4,1",
    "speech, stock prices, text", "音声、株価、文章",
])
def test_multi_right_set_in_any_order_and_form(typed):
    assert judge(inst("rnn-uses"), typed).correct


@pytest.mark.parametrize("typed", ["1, 3", "1, 2, 3, 4", "2", "1 3 4 2", "speech"])
def test_multi_wrong_sets_are_wrong(typed):
    verdict = judge(inst("rnn-uses"), typed)
    assert verdict.understood and not verdict.correct


@pytest.mark.parametrize("typed", ["1, 9", "1, x", "", ",", "speech and text"])
def test_multi_input_naming_no_option_is_not_understood(typed):
    assert not judge(inst("rnn-uses"), typed).understood


# -- text ---------------------------------------------------------------------

@pytest.mark.parametrize("qid, typed", [
    ("bptt-blank", "U"), ("bptt-blank", " u "), ("bptt-blank", "np.array(U)"),
    ("bptt-blank", "NP.ARRAY( U )"), ("bptt-blank", "Ｕ"),
    ("vae-latent", "a probability distribution"), ("vae-latent", "A  Probability Distribution"),
    ("vae-latent", "probability distribution"), ("vae-latent", "確率分布"),
    ("vae-latent", "確率 分布"), ("vae-latent", "　確率分布　"), ("vae-latent", "分布"),
])
def test_text_answers_ignore_case_and_space_and_accept_listed_forms(qid, typed):
    assert judge(inst(qid), typed).correct


@pytest.mark.parametrize("qid, typed", [
    ("bptt-blank", "W"), ("bptt-blank", "U.T"), ("vae-latent", "a point"), ("vae-latent", "確率"),
])
def test_text_other_answers_are_wrong(qid, typed):
    verdict = judge(inst(qid), typed)
    assert verdict.understood and not verdict.correct


def test_text_half_width_katakana_matches_full_width():
    assert judge_text("ﾌｫｰｹﾞｯﾄｹﾞｰﾄ", ["フォーゲットゲート"]).correct
    assert not judge_text("ｲﾝﾌﾟｯﾄｹﾞｰﾄ", ["フォーゲットゲート"]).correct


def test_text_empty_input_is_not_understood():
    assert not judge_text("   ", ["x"]).understood
