"""Content of quizzes/dl1-ch6.yaml: what issue 13 asks of the bank.

For every parametrized numeric question, WRONG lists the wrong methods its
explanation names (and the obvious slips: a swapped operand, a forgotten
term or factor); no draw of its parameters may let one of them be judged
right, whether typed in full or rounded to the precision the prompt asks.
The other tests hold the bank to its size, key positions, explanations that
name every option through {choiceN}, and the audit's specific fixes.
"""
from __future__ import annotations

import math
from math import sqrt
from pathlib import Path

import pytest

from grader.quiz.judge import judge_text, numeric_ok, snap
from grader.quiz.validate import load_bank

from bank_content_checks import (check_choices_in_both_languages, check_every_parametrized_numeric_question_is_listed,
                                 check_explanations_name_every_option_through_placeholders,
                                 check_key_not_the_giveaway_longest_option,
                                 check_keys_spread_over_the_positions_in_the_file,
                                 check_no_draw_lets_a_wrong_method_through,
                                 check_shuffled_big_enough_and_a_quarter_parametrized,
                                 check_strongly_worded_options_not_always_wrong,
                                 check_text_questions_before_options_that_reveal_them, draws, texts)

REPO = Path(__file__).resolve().parents[2]
PATH = REPO / "quizzes" / "dl1-ch6.yaml"
BANK = load_bank(PATH)


def sign(x):
    return math.copysign(1.0, x)


def mean3(a, b, c):
    return (a + b + c) / 3


def var3(a, b, c, ddof=0):
    m = mean3(a, b, c)
    return ((a - m) ** 2 + (b - m) ** 2 + (c - m) ** 2) / (3 - ddof)


WRONG = {
    "sgd-update-step": {
        "adds the gradient": lambda w, g, lr: w + lr * g,
        "forgets the learning rate": lambda w, g, lr: w - g,
        "subtracts the learning rate alone": lambda w, g, lr: w - lr,
        "gives the step, not W": lambda w, g, lr: -lr * g,
    },
    "momentum-step": {
        "adds the old v first": lambda w, v, alpha, lr, g: w + v,
        "forgets alpha": lambda w, v, alpha, lr, g: w + v - lr * g,
        "adds the gradient": lambda w, v, alpha, lr, g: w + alpha * v + lr * g,
        "plain SGD": lambda w, v, alpha, lr, g: w - lr * g,
        "gives v, not W": lambda w, v, alpha, lr, g: alpha * v - lr * g,
        "swaps alpha and lr": lambda w, v, alpha, lr, g: w + lr * v - alpha * g,
    },
    "adagrad-effective-rate": {
        "the last gradient only": lambda g1, g2, lr: lr / abs(g2),
        "the first gradient only": lambda g1, g2, lr: lr / abs(g1),
        "no square root": lambda g1, g2, lr: lr / (g1 ** 2 + g2 ** 2),
        "sum of absolute values": lambda g1, g2, lr: lr / (abs(g1) + abs(g2)),
        "unsquared sum": lambda g1, g2, lr: lr / sqrt(g1 + g2),
        "forgets lr": lambda g1, g2, lr: 1 / sqrt(g1 ** 2 + g2 ** 2),
        "multiplies by sqrt(h)": lambda g1, g2, lr: lr * sqrt(g1 ** 2 + g2 ** 2),
    },
    "rmsprop-h-value": {
        "AdaGrad's sum": lambda g1, g2, rho: g1 ** 2 + g2 ** 2,
        "swaps rho and 1 - rho": lambda g1, g2, rho: (1 - rho) * rho * g1 ** 2 + rho * g2 ** 2,
        "old h not decayed": lambda g1, g2, rho: (1 - rho) * (g1 ** 2 + g2 ** 2),
        "no (1 - rho) factor": lambda g1, g2, rho: rho * g1 ** 2 + g2 ** 2,
        "no (1 - rho) on the first step": lambda g1, g2, rho: rho * g1 ** 2 + (1 - rho) * g2 ** 2,
        "unsquared gradients": lambda g1, g2, rho: rho * (1 - rho) * g1 + (1 - rho) * g2,
        "the last gradient only": lambda g1, g2, rho: (1 - rho) * g2 ** 2,
        "h after the first update": lambda g1, g2, rho: (1 - rho) * g1 ** 2,
        "the effective rate's root": lambda g1, g2, rho: sqrt(rho * (1 - rho) * g1 ** 2 + (1 - rho) * g2 ** 2),
    },
    "adam-first-step": {
        "plain SGD": lambda w, g, lr, b1, b2: w - lr * g,
        "no bias correction": lambda w, g, lr, b1, b2: w - lr * (1 - b1) * g / (sqrt(1 - b2) * abs(g)),
        "corrects m only": lambda w, g, lr, b1, b2: w - lr * g / (sqrt(1 - b2) * abs(g)),
        "corrects v only": lambda w, g, lr, b1, b2: w - lr * (1 - b1) * sign(g),
        "adds the step": lambda w, g, lr, b1, b2: w + lr * sign(g),
        "no update": lambda w, g, lr, b1, b2: w,
        "gives the step, not W": lambda w, g, lr, b1, b2: -lr * sign(g),
    },
    "adam-second-m-hat": {
        "no correction": lambda b1, g1, g2: b1 * (1 - b1) * g1 + (1 - b1) * g2,
        "first-step correction": lambda b1, g1, g2: (b1 * (1 - b1) * g1 + (1 - b1) * g2) / (1 - b1),
        "swapped gradients": lambda b1, g1, g2: (b1 * (1 - b1) * g2 + (1 - b1) * g1) / (1 - b1 ** 2),
        "plain mean": lambda b1, g1, g2: (g1 + g2) / 2,
        "the last gradient": lambda b1, g1, g2: g2,
        "divides by (1 - b1)^2": lambda b1, g1, g2: (b1 * (1 - b1) * g1 + (1 - b1) * g2) / (1 - b1) ** 2,
    },
    "xavier-std": {
        "1/n": lambda n: 1 / n,
        "He's sqrt(2/n)": lambda n: sqrt(2 / n),
        "2/sqrt(n)": lambda n: 2 / sqrt(n),
        "the variance 1/n... as sqrt(n)": lambda n: sqrt(n),
    },
    "he-std": {
        "2/sqrt(n) (the notes' slip)": lambda n: 2 / sqrt(n),
        "Xavier's 1/sqrt(n)": lambda n: 1 / sqrt(n),
        "the variance 2/n": lambda n: 2 / n,
        "sqrt(2)/n": lambda n: sqrt(2) / n,
    },
    "glorot-std": {
        "the book's 1/sqrt(n_in)": lambda n_in, n_out: 1 / sqrt(n_in),
        "He's sqrt(2/n_in)": lambda n_in, n_out: sqrt(2 / n_in),
        "the variance, no square root": lambda n_in, n_out: 2 / (n_in + n_out),
        "1/sqrt(n_in + n_out)": lambda n_in, n_out: 1 / sqrt(n_in + n_out),
        "the uniform limit sqrt(6/(n_in + n_out))": lambda n_in, n_out: sqrt(6 / (n_in + n_out)),
        "1/sqrt(n_out)": lambda n_in, n_out: 1 / sqrt(n_out),
        "2/sqrt(n_in + n_out)": lambda n_in, n_out: 2 / sqrt(n_in + n_out),
    },
    "batchnorm-output": {
        "unbiased variance": lambda a, b, c, gamma, beta:
            gamma * (a - mean3(a, b, c)) / sqrt(var3(a, b, c, 1)) + beta,
        "forgets beta": lambda a, b, c, gamma, beta: gamma * (a - mean3(a, b, c)) / sqrt(var3(a, b, c)),
        "forgets gamma": lambda a, b, c, gamma, beta: (a - mean3(a, b, c)) / sqrt(var3(a, b, c)) + beta,
        "divides by the variance": lambda a, b, c, gamma, beta:
            gamma * (a - mean3(a, b, c)) / var3(a, b, c) + beta,
        "forgets the mean": lambda a, b, c, gamma, beta: gamma * a / sqrt(var3(a, b, c)) + beta,
        "swaps gamma and beta": lambda a, b, c, gamma, beta:
            beta * (a - mean3(a, b, c)) / sqrt(var3(a, b, c)) + gamma,
    },
    "batchnorm-running-mean": {
        "swaps momentum and 1 - momentum": lambda m, mu, mom: (1 - mom) * m + mom * mu,
        "takes mu as it is": lambda m, mu, mom: mu,
        "keeps the old value": lambda m, mu, mom: m,
        "plain average": lambda m, mu, mom: (m + mu) / 2,
        "forgets 1 - momentum": lambda m, mu, mom: mom * m + mu,
    },
    "batchnorm-inference": {
        "divides by the variance": lambda x, rm, rv, gamma, beta: gamma * (x - rm) / rv + beta,
        "forgets the mean": lambda x, rm, rv, gamma, beta: gamma * x / sqrt(rv) + beta,
        "swaps gamma and beta": lambda x, rm, rv, gamma, beta: beta * (x - rm) / sqrt(rv) + gamma,
        "forgets gamma": lambda x, rm, rv, gamma, beta: (x - rm) / sqrt(rv) + beta,
        "forgets beta": lambda x, rm, rv, gamma, beta: gamma * (x - rm) / sqrt(rv),
        "multiplies by the std": lambda x, rm, rv, gamma, beta: gamma * (x - rm) * sqrt(rv) + beta,
        "no normalization": lambda x, rm, rv, gamma, beta: gamma * x + beta,
    },
    "l2-penalty-value": {
        "forgets the 1/2": lambda w1, w2, w3, lam: lam * (w1 ** 2 + w2 ** 2 + w3 ** 2),
        "L1 with 1/2": lambda w1, w2, w3, lam: 0.5 * lam * (abs(w1) + abs(w2) + abs(w3)),
        "L1": lambda w1, w2, w3, lam: lam * (abs(w1) + abs(w2) + abs(w3)),
        "forgets lambda": lambda w1, w2, w3, lam: 0.5 * (w1 ** 2 + w2 ** 2 + w3 ** 2),
        "squares the sum": lambda w1, w2, w3, lam: 0.5 * lam * (w1 + w2 + w3) ** 2,
    },
    "weight-decay-gradient": {
        "2 lambda W": lambda w, lam, g: g + 2 * lam * w,
        "adds lambda alone": lambda w, lam, g: g + lam,
        "subtracts lambda W": lambda w, lam, g: g - lam * w,
        "halves lambda W": lambda w, lam, g: g + 0.5 * lam * w,
        "forgets the penalty": lambda w, lam, g: g,
        "the penalty's gradient only": lambda w, lam, g: lam * w,
    },
    "dropout-test-scale": {
        "multiplies by the ratio": lambda x, ratio: x * ratio,
        "inverted dropout's test output": lambda x, ratio: x,
        "inverted dropout's training output": lambda x, ratio: x / (1 - ratio),
        "divides by the ratio": lambda x, ratio: x / ratio,
    },
    "inverted-dropout-scale": {
        "the book's test-time value": lambda x, p: x * (1 - p),
        "divides by p": lambda x, p: x / p,
        "multiplies by p": lambda x, p: x * p,
        "forgets the factor": lambda x, p: x,
        "times (1 + p)": lambda x, p: x * (1 + p),
    },
    "log-scale-sampling": {
        "natural exponent": lambda u: math.exp(u),
        "sign flipped": lambda u: 10 ** (-u),
        "one decade off": lambda u: 10 ** (u + 1),
    },
    "iterations-per-epoch": {
        "multiplies": lambda n, b: n * b,
        "inverted": lambda n, b: b / n,
    },
}


@pytest.mark.parametrize("qid", sorted(WRONG))
def test_no_draw_lets_a_wrong_method_through(qid):
    check_no_draw_lets_a_wrong_method_through(BANK, WRONG, qid)


def test_every_parametrized_numeric_question_has_its_wrong_methods_listed():
    check_every_parametrized_numeric_question_is_listed(BANK, WRONG)


def test_the_check_catches_a_draw_that_accepts_a_mistake():
    # The old dropout-test-scale drew ratio 0.5, where x * ratio = x * (1 - ratio).
    q = BANK.question("dropout-test-scale")
    assert all(numeric_ok(x * 0.5, x * (1 - 0.5), q.tolerance) for x in (0.8, 2))
    # and the right answer typed as asked is accepted
    for values in draws(q):
        assert numeric_ok(round(values["x"] * (1 - values["ratio"]), 3),
                          snap(q.answer.evaluate(values)), q.tolerance)


def test_bank_is_shuffled_big_enough_and_a_quarter_parametrized():
    check_shuffled_big_enough_and_a_quarter_parametrized(BANK, PATH, 35)


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
    bo = BANK.question("bayesian-optimization")
    for prompt in texts(bo.prompt):
        assert "ベイズ" not in prompt and "bayes" not in prompt.casefold()
    for typed in ("ベイズ最適化", "Bayesian optimization", "ベイジアン最適化", "BO", "bayesian optimisation"):
        assert judge_text(typed, bo.answer).correct, typed
    assert 0.5 not in [p.value for p in BANK.question("dropout-test-scale").params["ratio"]]
    adam = BANK.question("adam-first-step")
    assert all(abs(g.value) != 1 for g in adam.params["g"]), "SGD's step would equal Adam's"
