"""Checks the dl1-ch6 and dl1-ch7 content tests hold their banks to, written once.

Each ``check_*`` takes the loaded bank and asserts; the test modules call them
from tests of their own names, with their own numbers (sizes, audit fixes).
"""
from __future__ import annotations

import itertools
import math
import re

import yaml

from grader.quiz.judge import numeric_ok, snap


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


def accepted_wrong(bank, qid, methods):
    """'name at values: wrong vs expected' for every draw where a wrong method is judged right."""
    q = bank.question(qid)
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


def check_no_draw_lets_a_wrong_method_through(bank, wrong, qid):
    assert bank.question(qid) is not None, f"{qid} is not in the bank"
    found = accepted_wrong(bank, qid, wrong[qid])
    assert not found, "\n".join(found[:10])


def check_every_parametrized_numeric_question_is_listed(bank, wrong):
    varied = {q.id for q in bank.questions if q.type == "numeric" and q.parametrized}
    assert varied == set(wrong)


def check_shuffled_big_enough_and_a_quarter_parametrized(bank, path, minimum):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert raw.get("shuffle") is True
    assert len(bank.questions) >= minimum
    varied = [q for q in bank.questions if q.type == "numeric" and q.parametrized]
    assert 4 * len(varied) >= len(bank.questions)


def check_keys_spread_over_the_positions_in_the_file(bank):
    keys = [q.answer for q in bank.questions if q.type == "choice"]
    for position in set(keys):
        assert keys.count(position) <= 0.4 * len(keys), (position, keys)
    for q in bank.questions:
        if q.type == "multi":
            assert tuple(q.answer) != tuple(range(1, len(q.answer) + 1)), f"{q.id}: the first {len(q.answer)}"


def texts(text):
    return [text] if isinstance(text, str) else list(text.values())


def check_explanations_name_every_option_through_placeholders(bank):
    for q in bank.questions:
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


def check_choices_in_both_languages(bank):
    for q in bank.questions:
        for choice in q.choices:
            if isinstance(choice, dict):
                assert {"ja", "en"} <= set(choice), q.id


def reveals(text, answers):
    """Whether ``text`` contains one of ``answers`` (a Latin answer as a whole word)."""
    text = text.casefold()
    return any(re.search(rf"(?<![a-z]){re.escape(a)}(?![a-z])", text) if a.isascii() else a in text
               for a in answers)


def check_text_questions_before_options_that_reveal_them(bank):
    seen = []
    for q in bank.questions:
        if q.type == "text":
            answers = [a.casefold() for t in q.answer for a in texts(t)]
            for earlier in seen:
                for choice in earlier.choices:
                    for option in texts(choice):
                        assert not reveals(option, answers), (q.id, earlier.id, option)
            for prompt in texts(q.prompt):
                assert not reveals(prompt, answers), (q.id, "prompt")
        seen.append(q)


def check_key_not_the_giveaway_longest_option(bank):
    worded = [q for q in bank.questions if q.type == "choice" and all(isinstance(c, dict) for c in q.choices)]
    longest = 0
    for q in worded:
        sizes = [len(c["ja"]) + len(c["en"]) / 2 for c in q.choices]
        key = sizes[q.answer - 1]
        if all(key > 1.15 * s for i, s in enumerate(sizes) if i != q.answer - 1):
            longest += 1
    assert longest <= len(worded) // 4, f"{longest} of {len(worded)} keys stand out as the longest"


STRONG = re.compile(r"必ず|どんな|まったく|一切|決して|always|every|never", re.IGNORECASE)


def check_strongly_worded_options_not_always_wrong(bank):
    right = wrong = 0
    for q in bank.questions:
        keys = {q.answer} if q.type == "choice" else set(q.answer) if q.type == "multi" else set()
        for number, choice in enumerate(q.choices, start=1):
            if any(STRONG.search(t) for t in texts(choice)):
                right += number in keys
                wrong += number not in keys
    assert right >= 2 and wrong >= 1, (right, wrong)
