"""Content of quizzes/dl1-ch7.yaml: what issue 13 asks of the bank.

For every parametrized numeric question, WRONG lists the wrong methods its
explanation names (and the obvious slips: a swapped operand, a forgotten
term or factor); no draw of its parameters may let one of them be judged
right, whether typed in full or rounded to 3 significant digits.
The other tests hold the bank to its size, key positions, explanations that
name every option through {choiceN}, and the audit's specific fixes.
"""
from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import pytest
import yaml

from grader.quiz.judge import judge_text, numeric_ok, snap
from grader.quiz.validate import load_bank

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


def test_bank_is_shuffled_big_enough_and_a_quarter_parametrized():
    raw = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    assert raw.get("shuffle") is True
    assert len(BANK.questions) >= 30
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
