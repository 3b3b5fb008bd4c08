"""The content of quizzes/day4.yaml (issue 13): no parameter draw lets a
named mistake through, the options are not a giveaway, the audit's fixes
stay fixed, and learners' usual spellings of text answers are accepted.

Every parametrized numeric question has an independent right formula and the
wrong methods its explanation names (plus the obvious ones) below; every
combination of its parameter values is judged with the bank's own tolerance.
"""
from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from pathlib import Path

import pytest

from grader.i18n import pick
from grader.quiz.instance import make_instance
from grader.quiz.judge import judge, numeric_ok, snap, text_key
from grader.quiz.validate import load_bank, validate_file

BANK_PATH = Path(__file__).resolve().parents[2] / "quizzes" / "day4.yaml"
BANK = load_bank(BANK_PATH)


def sig(x):
    return 1 / (1 + math.exp(-x))


# qid -> (right formula, {mistake: formula}); a formula takes the drawn values
# as a dict and returns a number, or None where the mistake does not apply.
METHODS = {
    "keras-simplernn-params": (
        lambda v: v["h"] * v["d"] + v["h"] * v["h"] + v["h"], {
            "no recurrent kernel": lambda v: v["d"] * v["h"] + v["h"],
            "no bias": lambda v: v["h"] * (v["d"] + v["h"]),
            "times the 8 steps": lambda v: 8 * (v["h"] * (v["d"] + v["h"]) + v["h"]),
            "LSTM count": lambda v: 4 * (v["h"] * (v["d"] + v["h"]) + v["h"]),
            "with the Dense(1) head": lambda v: v["h"] * (v["d"] + v["h"]) + v["h"] + v["h"] + 1,
        }),
    "keras-lstm-params": (
        lambda v: 4 * v["h2"] * v["h1"] + 4 * v["h2"] ** 2 + 4 * v["h2"], {
            "input counted as d": lambda v: 4 * (v["h2"] * (v["d"] + v["h2"]) + v["h2"]),
            "one block": lambda v: v["h2"] * (v["h1"] + v["h2"]) + v["h2"],
            "no bias": lambda v: 4 * v["h2"] * (v["h1"] + v["h2"]),
            "first layer's count": lambda v: 4 * (v["h1"] * (v["d"] + v["h1"]) + v["h1"]),
            "three blocks (GRU)": lambda v: 3 * (v["h2"] * (v["h1"] + v["h2"]) + v["h2"]),
            "both layers": lambda v: 4 * (v["h1"] * (v["d"] + v["h1"]) + v["h1"])
            + 4 * (v["h2"] * (v["h1"] + v["h2"]) + v["h2"]),
        }),
    "keras-gru-params": (
        lambda v: 3 * v["h"] * v["d"] + 3 * v["h"] ** 2 + 6 * v["h"], {
            "one bias (reset_after=False)": lambda v: 3 * (v["h"] * (v["d"] + v["h"]) + v["h"]),
            "no bias (Day 3's GRU)": lambda v: 3 * v["h"] * (v["d"] + v["h"]),
            "four blocks (LSTM)": lambda v: 4 * (v["h"] * (v["d"] + v["h"]) + v["h"]),
            "one block (SimpleRNN)": lambda v: v["h"] * (v["d"] + v["h"]) + v["h"],
            "four blocks with two biases": lambda v: 4 * (v["h"] * (v["d"] + v["h"]) + 2 * v["h"]),
        }),
    "rl-epsilon-greedy-prob": (
        lambda v: (1 - v["eps"]) + v["eps"] * (1 / v["n"]), {
            "1 - eps": lambda v: 1 - v["eps"],
            "eps / n": lambda v: v["eps"] / v["n"],
            "1 - eps / n": lambda v: 1 - v["eps"] / v["n"],
            "(1 - eps) / n": lambda v: (1 - v["eps"]) / v["n"],
            "1 - eps + eps / (n - 1)": lambda v: 1 - v["eps"] + v["eps"] / (v["n"] - 1),
        }),
    "rl-discounted-return": (
        lambda v: sum(v[f"r{k}"] * v["g"] ** k for k in range(3)), {
            "time-0 reward discounted": lambda v: sum(v[f"r{k}"] * v["g"] ** (k + 1) for k in range(3)),
            "2 gamma instead of gamma^2": lambda v: v["r0"] + v["g"] * v["r1"] + 2 * v["g"] * v["r2"],
            "undiscounted": lambda v: v["r0"] + v["r1"] + v["r2"],
            "discounting the wrong end": lambda v: v["g"] ** 2 * v["r0"] + v["g"] * v["r1"] + v["r2"],
            "gamma on every reward once": lambda v: v["r0"] + v["g"] * (v["r1"] + v["r2"]),
        }),
    "rl-constant-reward-return": (
        lambda v: v["r"] * sum(v["g"] ** k for k in range(20000)), {
            "sum from k = 1": lambda v: v["g"] * v["r"] / (1 - v["g"]),
            "r (1 - gamma)": lambda v: v["r"] * (1 - v["g"]),
            "r / (1 + gamma)": lambda v: v["r"] / (1 + v["g"]),
            "1 / (1 - gamma), r forgotten": lambda v: 1 / (1 - v["g"]),
            "only the next reward": lambda v: v["r"],
        }),
    "rl-bellman-expectation-value": (
        lambda v: sum(prob * (r + v["g"] * val) for prob, r, val in
                      [(v["p"], v["r1"], v["v1"]), (1 - v["p"], v["r2"], v["v2"])]), {
            "max (optimality)": lambda v: max(v["r1"] + v["g"] * v["v1"], v["r2"] + v["g"] * v["v2"]),
            "gamma forgotten": lambda v: v["p"] * (v["r1"] + v["v1"]) + (1 - v["p"]) * (v["r2"] + v["v2"]),
            "reward discounted too": lambda v: v["g"] * (v["p"] * (v["r1"] + v["v1"])
                                                        + (1 - v["p"]) * (v["r2"] + v["v2"])),
            "rewards only": lambda v: v["p"] * v["r1"] + (1 - v["p"]) * v["r2"],
            "probabilities swapped": lambda v: (1 - v["p"]) * (v["r1"] + v["g"] * v["v1"])
            + v["p"] * (v["r2"] + v["g"] * v["v2"]),
            "plain average": lambda v: 0.5 * (v["r1"] + v["g"] * v["v1"]) + 0.5 * (v["r2"] + v["g"] * v["v2"]),
        }),
    "rl-q-update-value": (
        lambda v: (1 - v["alpha"]) * v["q"] + v["alpha"] * (v["r"] + v["g"] * v["qmax"]), {
            "SARSA target": lambda v: v["q"] + v["alpha"] * (v["r"] + v["g"] * v["qnext"] - v["q"]),
            "no alpha": lambda v: v["r"] + v["g"] * v["qmax"],
            "no gamma": lambda v: v["q"] + v["alpha"] * (v["r"] + v["qmax"] - v["q"]),
            "no - Q(s, a)": lambda v: v["q"] + v["alpha"] * (v["r"] + v["g"] * v["qmax"]),
            "increment only": lambda v: v["alpha"] * (v["r"] + v["g"] * v["qmax"] - v["q"]),
            "future forgotten": lambda v: v["q"] + v["alpha"] * (v["r"] - v["q"]),
            "alpha and 1 - alpha swapped": lambda v: v["alpha"] * v["q"]
            + (1 - v["alpha"]) * (v["r"] + v["g"] * v["qmax"]),
        }),
    "dqn-target-value": (
        lambda v: v["r"] + v["g"] * sorted([v["t1"], v["t2"]])[-1], {
            "online network": lambda v: v["r"] + v["g"] * max(v["o1"], v["o2"]),
            "Double DQN": lambda v: v["r"] + v["g"] * (v["t1"] if v["o1"] >= v["o2"] else v["t2"]),
            "gamma forgotten": lambda v: v["r"] + max(v["t1"], v["t2"]),
            "mean instead of max": lambda v: v["r"] + v["g"] * (v["t1"] + v["t2"]) / 2,
            "min instead of max": lambda v: v["r"] + v["g"] * min(v["t1"], v["t2"]),
            "terminal (y = r)": lambda v: v["r"],
        }),
    "rl-policy-gradient-sample": (
        lambda v: v["G"] * math.exp(v["t2"]) / (math.exp(v["t1"]) + math.exp(v["t2"])), {
            "pi(1) instead of 1 - pi(1)": lambda v: v["G"] * sig(v["t1"] - v["t2"]),
            "G forgotten": lambda v: 1 - sig(v["t1"] - v["t2"]),
            "sigmoid derivative": lambda v: v["G"] * sig(v["t1"] - v["t2"]) * (1 - sig(v["t1"] - v["t2"])),
            "log pi(1)": lambda v: v["G"] * math.log(sig(v["t1"] - v["t2"])),
            "d/d theta_2 (-pi(2))": lambda v: -v["G"] * (1 - sig(v["t1"] - v["t2"])),
            "G (1 - theta_1)": lambda v: v["G"] * (1 - v["t1"]),
        }),
    "gan-optimal-d-value": (
        lambda v: 1 / (1 + v["pg"] / v["pd"]), {
            "p_g in the numerator": lambda v: v["pg"] / (v["pd"] + v["pg"]),
            "ratio p_data / p_g": lambda v: v["pd"] / v["pg"],
            "always 1/2": lambda v: 0.5,
            "p_data alone": lambda v: v["pd"],
            "p_data - p_g": lambda v: v["pd"] - v["pg"],
        }),
    "gan-value-at-given-d": (
        lambda v: math.log(v["a"] * (1 - v["b"])), {
            "log D(G(z))": lambda v: math.log(v["a"]) + math.log(v["b"]),
            "base-10 logs": lambda v: math.log10(v["a"]) + math.log10(1 - v["b"]),
            "discriminator loss -V": lambda v: -(math.log(v["a"]) + math.log(1 - v["b"])),
            "first term only": lambda v: math.log(v["a"]),
            "second term only": lambda v: math.log(1 - v["b"]),
            "a and b swapped": lambda v: math.log(1 - v["a"]) + math.log(v["b"]),
        }),
    "leaky-relu-value": (
        lambda v: v["x"] if v["x"] > 0 else v["x"] / 100, {
            "plain ReLU": lambda v: max(v["x"], 0),
            "identity": lambda v: v["x"],
            "sign dropped": lambda v: 0.01 * abs(v["x"]),
            "slope 0.1": lambda v: 0.1 * v["x"],
        }),
    "vae-reparam-sample": (
        lambda v: v["mu"] + math.sqrt(math.exp(v["lv"])) * v["eps"], {
            "log variance as sigma": lambda v: v["mu"] + v["lv"] * v["eps"],
            "variance as sigma": lambda v: v["mu"] + math.exp(v["lv"]) * v["eps"],
            "sigma forgotten": lambda v: v["mu"] + v["eps"],
            "mu forgotten": lambda v: math.exp(v["lv"] / 2) * v["eps"],
            "mu and sigma swapped": lambda v: math.exp(v["lv"] / 2) + v["mu"] * v["eps"],
        }),
    "mobilenet-depthwise-cost": (
        lambda v: v["h"] * v["w"] * v["c"] * v["k"] ** 2, {
            "one K": lambda v: v["h"] * v["w"] * v["c"] * v["k"],
            "C forgotten": lambda v: v["h"] * v["w"] * v["k"] * v["k"],
            "one position": lambda v: v["k"] * v["k"] * v["c"],
            "standard conv with M = C": lambda v: v["h"] * v["w"] * v["c"] * v["c"] * v["k"] * v["k"],
        }),
    "mobilenet-pointwise-cost": (
        lambda v: v["h"] * v["w"] * v["c"] * v["m"], {
            "C forgotten": lambda v: v["h"] * v["w"] * v["m"],
            "M forgotten": lambda v: v["h"] * v["w"] * v["c"],
            "weights only": lambda v: v["c"] * v["m"],
            "with a 3x3 filter": lambda v: v["h"] * v["w"] * v["c"] * v["m"] * 9,
        }),
    "mobilenet-standard-cost": (
        lambda v: v["h"] * v["w"] * v["c"] * v["m"] * v["k"] ** 2, {
            "separable total": lambda v: v["h"] * v["w"] * v["c"] * (v["k"] * v["k"] + v["m"]),
            "depthwise only": lambda v: v["h"] * v["w"] * v["c"] * v["k"] * v["k"],
            "pointwise only": lambda v: v["h"] * v["w"] * v["c"] * v["m"],
            "one K": lambda v: v["h"] * v["w"] * v["k"] * v["c"] * v["m"],
            "weights only": lambda v: v["k"] * v["k"] * v["c"] * v["m"],
        }),
    "mobilenet-cost-ratio": (
        lambda v: (v["k"] ** 2 + v["m"]) / (v["k"] ** 2 * v["m"]), {
            "depthwise part only (1/M)": lambda v: 1 / v["m"],
            "pointwise part only (1/K^2)": lambda v: 1 / v["k"] ** 2,
            "inverted": lambda v: v["k"] ** 2 * v["m"] / (v["k"] ** 2 + v["m"]),
            "product 1/(M K^2)": lambda v: 1 / (v["m"] * v["k"] ** 2),
            "1/(M + K^2)": lambda v: 1 / (v["m"] + v["k"] ** 2),
            "one K": lambda v: 1 / v["m"] + 1 / v["k"],
        }),
    "wavenet-receptive-field": (
        lambda v: 1 + (v["k"] - 1) * sum(2 ** i for i in range(int(v["L"]))), {
            "no dilation": lambda v: 1 + (v["k"] - 1) * v["L"],
            "the initial 1 forgotten": lambda v: (v["k"] - 1) * (2 ** v["L"] - 1),
            "top layer's dilation only": lambda v: 1 + (v["k"] - 1) * 2 ** (v["L"] - 1),
            "the k = 2 formula 2^L": lambda v: 2 ** v["L"] if v["k"] != 2 else None,
            "k^L": lambda v: v["k"] ** v["L"] if v["k"] != 2 else None,
            "k 2^(L-1)": lambda v: v["k"] * 2 ** (v["L"] - 1) if v["k"] != 2 else None,
        }),
}


def parametrized_numeric():
    return [q for q in BANK.questions if q.type == "numeric" and q.parametrized]


def draws(q):
    names = list(q.params)
    for combo in itertools.product(*(q.params[n] for n in names)):
        yield dict(zip(names, (p.value for p in combo)))


def judged_right(q, value, expected):
    typed = [value]
    if q.tolerance is not None:
        typed.append(round(value, 3))     # the prompts ask for 3 decimal places
    else:
        typed.append(float(f"{value:.4g}"))
    return any(numeric_ok(t, expected, q.tolerance) for t in typed)


def test_every_parametrized_numeric_question_has_its_methods_listed():
    assert {q.id for q in parametrized_numeric()} == set(METHODS)


@pytest.mark.parametrize("qid", sorted(METHODS))
def test_right_formula_matches_the_bank_at_every_draw(qid):
    q = BANK.question(qid)
    right, _ = METHODS[qid]
    for values in draws(q):
        expected = snap(q.answer.evaluate(values))
        assert numeric_ok(right(values), expected, q.tolerance if q.tolerance is not None else 1e-9), (qid, values)


@pytest.mark.parametrize("qid", sorted(METHODS))
def test_no_draw_lets_a_named_mistake_through(qid):
    q = BANK.question(qid)
    _, mistakes = METHODS[qid]
    through = []
    for values in draws(q):
        expected = snap(q.answer.evaluate(values))
        for name, method in mistakes.items():
            try:
                value = method(values)
            except (ValueError, ZeroDivisionError):
                continue
            if value is not None and judged_right(q, value, expected):
                through.append((name, values))
    assert not through, f"{qid}: {len(through)} draws accept a mistake, e.g. {through[:3]}"


def test_the_fixed_numeric_answers_reject_the_named_mistakes():
    d = BANK.question("gan-optimal-discriminator")
    v = BANK.question("gan-value-at-optimum")
    for wrong in (1, 0, 0.25):
        assert not judge(make_instance(d, 0), str(wrong)).correct
    for wrong in (-0.602, 1.386, -0.693, -0.301):
        assert not judge(make_instance(v, 0), str(wrong)).correct
    assert judge(make_instance(v, 0), "-1.386").correct


def test_the_named_mistakes_appear_in_the_explanations():
    # the explanation of every parametrized question names its slips
    for q in parametrized_numeric():
        for lang in ("ja", "en"):
            text = q.explanation[lang]
            assert ("よくある間違い" in text) if lang == "ja" else ("Common slips" in text), (q.id, lang)


# ---------------------------------------------------------------- the bank

def test_bank_is_valid_large_enough_and_a_quarter_parametrized():
    assert validate_file(BANK_PATH) == []
    assert len(BANK.questions) >= 45
    assert 4 * len(parametrized_numeric()) >= len(BANK.questions)


def test_bank_shuffles_and_no_question_opts_out():
    assert BANK.shuffle
    assert all(q.shuffle for q in BANK.questions if q.type in ("choice", "multi"))


OPTION_NUMBER = re.compile(r"(?<![\w{])\(([1-9])\)")


@pytest.mark.parametrize("q", [q for q in BANK.questions if q.type in ("choice", "multi")], ids=lambda q: q.id)
def test_explanations_name_options_by_placeholder_and_discuss_each(q):
    for lang in ("ja", "en"):
        text = q.explanation[lang]
        assert not OPTION_NUMBER.search(text), f"{q.id} ({lang}) names an option by number"
        named = {int(n) for n in re.findall(r"\{choice(\d+)\}", text)}
        assert named <= set(range(1, len(q.choices) + 1))
        wrong = set(range(1, len(q.choices) + 1)) - ({q.answer} if q.type == "choice" else set(q.answer))
        assert wrong <= named, f"{q.id} ({lang}): options {sorted(wrong - named)} are not explained"


def test_key_positions_in_the_file_are_spread():
    choice = [q for q in BANK.questions if q.type == "choice"]
    counts = Counter(q.answer for q in choice)
    assert max(counts.values()) <= 0.4 * len(choice), counts
    multi = [q for q in BANK.questions if q.type == "multi"]
    first_k = [q.id for q in multi if tuple(q.answer) == tuple(range(1, len(q.answer) + 1))]
    assert len(first_k) <= 1, first_k


def test_shown_key_positions_stay_under_40_percent_over_seeds_0_to_9():
    choice = [q for q in BANK.questions if q.type == "choice"]
    counts = Counter(make_instance(q, seed).question.answer for seed in range(10) for q in choice)
    assert max(counts.values()) <= 0.4 * 10 * len(choice), counts


def text_options(q):
    return q.type == "choice" and all(isinstance(c, dict) for c in q.choices)


def test_the_key_is_seldom_the_uniquely_longest_option():
    questions = [q for q in BANK.questions if text_options(q)]
    for lang in ("ja", "en"):
        longest = []
        for q in questions:
            lengths = [len(c[lang]) for c in q.choices]
            key = lengths[q.answer - 1]
            if all(key > n for i, n in enumerate(lengths) if i != q.answer - 1):
                longest.append(q.id)
        assert 3 * len(longest) <= len(questions), (lang, longest)


STRONG = re.compile(r"必ず|どんな|まったく|always|every|確実|never", re.IGNORECASE)


def test_strong_wording_is_not_a_sign_of_a_wrong_option():
    strong_right, strong_wrong = [], []
    for q in BANK.questions:
        if q.type not in ("choice", "multi"):
            continue
        keys = {q.answer} if q.type == "choice" else set(q.answer)
        for n, c in enumerate(q.choices, start=1):
            if isinstance(c, dict) and STRONG.search(c["ja"] + " " + c["en"]):
                (strong_right if n in keys else strong_wrong).append((q.id, n))
    assert len(strong_right) >= 2, strong_right


def accepted(q):
    for t in q.answer:
        if isinstance(t, dict):
            yield from t.values()
        else:
            yield t


def test_text_questions_come_before_options_that_reveal_their_answers():
    for at, q in enumerate(BANK.questions):
        if q.type != "text":
            continue
        answers = {text_key(a) for a in accepted(q) if len(text_key(a)) >= 4}
        for earlier in BANK.questions[:at]:
            texts = [c for choice in earlier.choices for c in (choice.values() if isinstance(choice, dict) else [choice])]
            if earlier.section == q.section:
                texts += list(earlier.prompt.values())
            for t in texts:
                found = [a for a in answers if a in text_key(t)]
                assert not found, f"{earlier.id} reveals {found} before {q.id}"


def test_the_action_value_prompt_does_not_spell_out_its_answer():
    q = BANK.question("rl-action-value-name")
    for lang in ("ja", "en"):
        prompt = text_key(q.prompt[lang])
        for giveaway in ("行動価値", "actionvalue", "action-value", "q(s,a)", "q値", "q関数"):
            assert giveaway not in prompt, (lang, giveaway)


TYPED = {
    "rl-action-value-name": (["行動価値関数", "action-value function", "Action-value", "action value", "Q値",
                              "Ｑ値", "Q(s,a)", "Q(s, a)", "Q function", "q-value"],
                             ["状態価値関数", "state-value function", "V(s)", "方策関数", "reward function"]),
    "keras-sparse-loss-name": (["sparse_categorical_crossentropy", "loss='sparse_categorical_crossentropy'",
                                'loss="sparse_categorical_crossentropy"', "'sparse_categorical_crossentropy'",
                                "tf.keras.losses.SparseCategoricalCrossentropy()"],
                               ["categorical_crossentropy", "loss='categorical_crossentropy'", "mse",
                                "binary_crossentropy"]),
    "vae-epsilon-distribution": (["標準正規分布", "standard normal distribution", "N(0,1)", "N(0, 1)", "Ｎ(０,１)",
                                  "gaussian", "Gaussian distribution", "N(0, I)", "平均0、分散1の正規分布"],
                                 ["一様分布", "uniform distribution", "U(0,1)", "ベルヌーイ分布", "N(μ,σ^2)",
                                  "posterior distribution"]),
}


@pytest.mark.parametrize("qid", sorted(TYPED))
def test_text_answers_accept_the_usual_spellings_and_reject_mistakes(qid):
    inst = make_instance(BANK.question(qid), 0)
    right, wrong = TYPED[qid]
    for typed in right:
        assert judge(inst, typed).correct, typed
    for typed in wrong:
        assert not judge(inst, typed).correct, typed


JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_english_keys_and_text_answers_are_english():
    for q in BANK.questions:
        if q.type == "text":
            first = q.answer[0]
            english = pick(first, "en")
            assert not JAPANESE.search(english), q.id
        for field in ("prompt", "explanation"):
            assert not JAPANESE.search(getattr(q, field)["en"]), (q.id, field)
        for c in q.choices:
            assert not JAPANESE.search(pick(c, "en")), (q.id, c)


# ------------------------------------------------------------- the audit

def explanation(qid, lang):
    return BANK.question(qid).explanation[lang]


def test_audit_fixes_stay_fixed():
    # tf-noise-fit: noise is the standard deviation
    q = BANK.question("tf-noise-fit")
    assert "標準偏差" in q.prompt["ja"] and "standard deviation" in q.prompt["en"]
    assert "大きさ noise" not in q.prompt["ja"] and "size noise" not in q.prompt["en"]
    # DQN's result was Atari; AlphaGo used policy and value networks with tree search
    for lang in ("ja", "en"):
        text = explanation("rl-q-learning-function-approx", lang)
        assert "Atari" in text
        assert ("木探索" in text) if lang == "ja" else ("tree search" in text)
    assert "such as AlphaGo" not in explanation("rl-q-learning-function-approx", "en")
    # yolo-traits: no refutation of a wording the options no longer have
    assert "up to some number" not in explanation("yolo-traits", "en")
    assert "最大で何個" not in explanation("yolo-traits", "ja")
    # keras-rnn-speed: the same implementation, computation per step
    assert "same implementation" in explanation("keras-rnn-speed", "en")
    assert "per time step" in explanation("keras-rnn-speed", "en")
    assert "同じ実装" in explanation("keras-rnn-speed", "ja")


def test_the_issue_s_topics_are_asked():
    for qid in ("rl-bellman-expectation-value", "rl-bellman-optimality", "rl-q-update-value",
                "dqn-experience-replay", "dqn-target-network", "dqn-target-value", "gan-optimal-d-value",
                "gan-mode-collapse", "vae-reparameterization", "vae-reparam-sample", "vae-epsilon-distribution",
                "keras-gru-params"):
        assert BANK.question(qid) is not None, qid
    assert "alpha" in BANK.question("rl-q-update-value").params
