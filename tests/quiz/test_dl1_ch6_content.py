"""Content of quizzes/dl1-ch6.yaml: what issue 13 asks of the bank.

For every parametrized numeric question, WRONG lists the wrong methods its
explanation names (and the obvious slips: a swapped operand, a forgotten
term or factor); no draw of its parameters may let one of them be judged
right, whether typed in full or rounded to the precision the prompt asks.
The other tests hold the bank to its size, key positions, explanations that
name every option through {choiceN}, and the audit's specific fixes.
"""
from __future__ import annotations

import itertools
import math
import re
from math import sqrt
from pathlib import Path

import pytest
import yaml

from grader.quiz.judge import judge_text, numeric_ok, snap
from grader.quiz.validate import load_bank

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


def draws(q):
    """Every combination of the question's parameter values, as numbers."""
    names = list(q.params)
    for combo in itertools.product(*(q.params[n] for n in names)):
        yield {n: p.value for n, p in zip(names, combo)}


def typed_forms(value, tolerance):
    """The ways a learner would type ``value``: in full, to 3 significant
    digits, and to the decimals a tolerance implies."""
    forms = {value, float(f"{value:.3g}")}
    if tolerance:
        forms.add(round(value, int(-math.log10(tolerance) + 0.5)))
    return forms


def accepted_wrong(qid, methods):
    q = BANK.question(qid)
    found = []
    for values in draws(q):
        expected = snap(q.answer.evaluate(values))
        for name, method in methods.items():
            try:
                wrong = method(**values)
            except (ZeroDivisionError, ValueError, OverflowError):
                continue
            if isinstance(wrong, complex) or not math.isfinite(wrong):
                continue
            if any(numeric_ok(t, expected, q.tolerance) for t in typed_forms(wrong, q.tolerance)):
                found.append(f"{name} at {values}: {wrong} vs {expected}")
    return found


@pytest.mark.parametrize("qid", sorted(WRONG))
def test_no_draw_lets_a_wrong_method_through(qid):
    assert BANK.question(qid) is not None, f"{qid} is not in the bank"
    found = accepted_wrong(qid, WRONG[qid])
    assert not found, "\n".join(found[:10])


def test_every_parametrized_numeric_question_has_its_wrong_methods_listed():
    varied = {q.id for q in BANK.questions if q.type == "numeric" and q.parametrized}
    assert varied == set(WRONG)


def test_the_check_catches_a_draw_that_accepts_a_mistake():
    # The old dropout-test-scale drew ratio 0.5, where x * ratio = x * (1 - ratio).
    q = BANK.question("dropout-test-scale")
    assert all(numeric_ok(x * 0.5, x * (1 - 0.5), q.tolerance) for x in (0.8, 2))
    # and the right answer typed as asked is accepted
    for values in draws(q):
        assert numeric_ok(round(values["x"] * (1 - values["ratio"]), 3),
                          snap(q.answer.evaluate(values)), q.tolerance)


def test_bank_is_shuffled_big_enough_and_a_quarter_parametrized():
    raw = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    assert raw.get("shuffle") is True
    assert len(BANK.questions) >= 35
    varied = [q for q in BANK.questions if q.type == "numeric" and q.parametrized]
    assert 4 * len(varied) >= len(BANK.questions)


def test_keys_are_spread_over_the_positions_in_the_file():
    keys = [q.answer for q in BANK.questions if q.type == "choice"]
    for position in set(keys):
        assert keys.count(position) <= 0.4 * len(keys), (position, keys)
    for q in BANK.questions:
        if q.type == "multi":
            assert tuple(q.answer) != tuple(range(1, len(q.answer) + 1)), f"{q.id}: the first {len(q.answer)}"


def _texts(text):
    return [text] if isinstance(text, str) else list(text.values())


def test_explanations_name_every_option_through_placeholders():
    for q in BANK.questions:
        if q.type not in ("choice", "multi"):
            continue
        for lang in ("ja", "en"):
            text = q.explanation[lang]
            assert not re.search(r"\(\d\)", text), f"{q.id} ({lang}) names an option by number"
            named = {int(n) for n in re.findall(r"\{choice(\d+)\}", text)}
            others = set(range(1, len(q.choices) + 1))
            if q.type == "choice":
                others.discard(q.answer)
            assert others <= named, f"{q.id} ({lang}) does not explain options {sorted(others - named)}"


def test_choices_are_given_in_both_languages():
    for q in BANK.questions:
        for choice in q.choices:
            if isinstance(choice, dict):
                assert {"ja", "en"} <= set(choice), q.id


def _reveals(text, answers):
    """Whether ``text`` contains one of ``answers`` (a Latin answer as a whole word)."""
    text = text.casefold()
    return any(re.search(rf"(?<![a-z]){re.escape(a)}(?![a-z])", text) if a.isascii() else a in text
               for a in answers)


def test_text_questions_come_before_options_that_reveal_their_answers():
    seen = []
    for q in BANK.questions:
        if q.type == "text":
            answers = [a.casefold() for t in q.answer for a in _texts(t)]
            for earlier in seen:
                for choice in earlier.choices:
                    for option in _texts(choice):
                        assert not _reveals(option, answers), (q.id, earlier.id, option)
            for prompt in _texts(q.prompt):
                assert not _reveals(prompt, answers), (q.id, "prompt")
        seen.append(q)


def test_the_key_is_not_the_giveaway_longest_option():
    worded = [q for q in BANK.questions if q.type == "choice" and all(isinstance(c, dict) for c in q.choices)]
    longest = 0
    for q in worded:
        sizes = [len(c["ja"]) + len(c["en"]) / 2 for c in q.choices]
        key = sizes[q.answer - 1]
        if all(key > 1.15 * s for i, s in enumerate(sizes) if i != q.answer - 1):
            longest += 1
    assert longest <= len(worded) // 4, f"{longest} of {len(worded)} keys stand out as the longest"


STRONG = re.compile(r"必ず|どんな|まったく|一切|決して|always|every|never", re.IGNORECASE)


def test_strongly_worded_options_are_not_always_wrong():
    right = wrong = 0
    for q in BANK.questions:
        keys = {q.answer} if q.type == "choice" else set(q.answer) if q.type == "multi" else set()
        for number, choice in enumerate(q.choices, start=1):
            if any(STRONG.search(t) for t in _texts(choice)):
                right += number in keys
                wrong += number not in keys
    assert right >= 2 and wrong >= 1, (right, wrong)


def test_audit_fixes():
    bo = BANK.question("bayesian-optimization")
    for prompt in _texts(bo.prompt):
        assert "ベイズ" not in prompt and "bayes" not in prompt.casefold()
    for typed in ("ベイズ最適化", "Bayesian optimization", "ベイジアン最適化", "BO", "bayesian optimisation"):
        assert judge_text(typed, bo.answer).correct, typed
    assert 0.5 not in [p.value for p in BANK.question("dropout-test-scale").params["ratio"]]
    adam = BANK.question("adam-first-step")
    assert all(abs(g.value) != 1 for g in adam.params["g"]), "SGD's step would equal Adam's"
