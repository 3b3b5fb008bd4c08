"""Parametrized questions with fixed seeds, texts filled in, and the answer key."""
import math
from pathlib import Path

import pytest

from grader.quiz.instance import answer_key, format_number, make_instance
from grader.quiz.judge import judge
from grader.quiz.session import select
from grader.quiz.validate import load_bank

FIXTURES = Path(__file__).parent / "fixtures"
BANK = load_bank(FIXTURES / "sample.yaml")
SIGMOID = BANK.question("sigmoid-derivative")
CONV = BANK.question("conv-output")


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


@pytest.mark.parametrize("seed", range(6))
def test_a_seed_always_picks_the_same_values(seed):
    first = make_instance(SIGMOID, seed)
    again = make_instance(SIGMOID, seed)
    assert first.values == again.values and first.prompt == again.prompt


def test_different_seeds_give_different_numbers():
    picked = {make_instance(SIGMOID, seed).values["x"].text for seed in range(30)}
    assert len(picked) >= 3
    assert picked <= {"-2", "-1", "0.5", "1", "2", "3"}


@pytest.mark.parametrize("seed", range(8))
def test_the_prompt_shows_the_values_and_the_answer_is_computed_from_them(seed):
    inst = make_instance(SIGMOID, seed)
    x_text = inst.values["x"].text
    x = float(x_text)
    assert inst.prompt["en"] == f"Give the derivative of the sigmoid at x = {x_text}."
    assert f"x = {x_text} " in inst.prompt["ja"]
    assert inst.expected == pytest.approx(sigmoid(x) * (1 - sigmoid(x)))
    assert inst.explanation["en"].endswith(f": {inst.answer_text()}.")


@pytest.mark.parametrize("seed", range(8))
def test_integer_answers_use_floor_division_as_written(seed):
    inst = make_instance(CONV, seed)
    h, f, s, p = (int(inst.values[n].text) for n in "hfsp")
    assert inst.expected == (h + 2 * p - f) // s + 1
    assert inst.answer_text() == str((h + 2 * p - f) // s + 1)
    assert "{" not in inst.prompt["en"] and "}" not in inst.prompt["en"]


def test_values_depend_on_the_seed_and_id_only_not_on_order_or_limit():
    plain = {i.id: i.values for i in select(BANK, seed=7)}
    shuffled = {i.id: i.values for i in select(BANK, seed=7, shuffle=True)}
    limited = {i.id: i.values for i in select(BANK, seed=7, limit=3)}
    assert shuffled == plain
    assert all(plain[k] == v for k, v in limited.items())


def test_shuffle_reorders_and_limit_cuts():
    order = [i.id for i in select(BANK, seed=1)]
    assert order == [q.id for q in BANK.questions]
    shuffled = [[i.id for i in select(BANK, seed=s, shuffle=True)] for s in range(5)]
    assert any(s != order for s in shuffled) and all(sorted(s) == sorted(order) for s in shuffled)
    assert [i.id for i in select(BANK, seed=1, limit=2)] == order[:2]
    assert [i.id for i in select(BANK, seed=1, only=["vae-latent", "forget-gate"])] == ["forget-gate",
                                                                                        "vae-latent"]


@pytest.mark.parametrize("seed", range(5))
def test_the_answer_key_is_judged_right_at_its_seed(seed):
    key = answer_key(BANK, seed)
    assert set(key) == {q.id for q in BANK.questions}
    for q in BANK.questions:
        assert judge(make_instance(q, seed), key[q.id]).correct, (q.id, key[q.id])


def test_answer_key_forms():
    key = answer_key(BANK, 0)
    assert key["sigmoid-at-zero"] == "0.25"
    assert key["forget-gate"] == "2"
    assert key["gates-count"] == "b"  # "2" would read as the option whose text is 2
    assert key["rnn-uses"] == "1, 3, 4"
    assert key["bptt-blank"] == "U"
    assert answer_key(BANK, 0, "ja")["vae-latent"] == "確率分布"
    assert answer_key(BANK, 0, "en")["vae-latent"] == "a probability distribution"


def test_answer_display_shows_option_texts():
    inst = make_instance(BANK.question("rnn-uses"))
    assert inst.answer_display("en") == "1) speech, 3) stock prices, 4) text"
    assert make_instance(BANK.question("forget-gate")).answer_display("ja") == "2) 忘却ゲート"


@pytest.mark.parametrize("value, tolerance, text", [
    (0.25, None, "0.25"), (16768.0, None, "16768"), (0.19661193324148185, None, "0.1966"),
    (0.10499358540350652, 0.001, "0.105"), (1 / 3, 1e-9, "0.333333333"), (-2.0, None, "-2"),
])
def test_format_number_is_short_but_still_right(value, tolerance, text):
    assert format_number(value, tolerance) == text
