"""Small units: language detection, blanks, typed-code matching, comparison messages."""
import numpy as np
import pytest

from grader import i18n
from grader.blanks import blank_lines, fill_blanks, find_blanks, statement_expressions, typed_any
from grader.compare import difference, expect
from grader.mistakes import Mistake
from grader.outcome import TaskFailed


@pytest.mark.parametrize("env, lang", [
    ({"LANG": "ja_JP.UTF-8"}, "ja"), ({"LANG": "en_US.UTF-8"}, "en"), ({}, "en"),
    ({"LC_ALL": "C.UTF-8", "LANG": "ja_JP.UTF-8"}, "ja"), ({"LC_ALL": "en_GB.UTF-8", "LANG": "ja_JP"}, "en"),
    ({"LC_MESSAGES": "ja_JP.UTF-8", "LANG": "en_US"}, "ja"), ({"LANG": "C"}, "en"),
])
def test_detect_lang(env, lang):
    assert i18n.detect_lang(env) == lang


def test_pick_falls_back_to_the_other_language():
    assert i18n.pick({"ja": "はい", "en": "yes"}, "ja") == "はい"
    assert i18n.pick({"en": "yes"}, "ja") == "yes"
    assert i18n.pick("plain", "ja") == "plain"


def test_blanks_are_numbered_in_file_order_and_ignore_strings_and_comments():
    text = 's = "___"  # ___\nx = ___ + 1\ndef f():\n    return ___\n'
    assert [(n, line) for n, line, _ in find_blanks(text)] == [(1, 2), (2, 4)]
    assert blank_lines(text) == {2: 1, 4: 2}
    assert fill_blanks(text, {2: "y"}).splitlines()[3] == "    return y"


def test_typed_code_matches_whole_expressions_only():
    exprs = statement_expressions("h_new = (1 - z) * h + z * h_bar\nc = E.dot( w )\n")
    assert typed_any(exprs, ["E.dot(w)"]) == "E.dot(w)"
    assert typed_any(exprs, ["((1-z)*h) + (z*h_bar)"])
    assert typed_any(exprs, ["z * h_bar"]) is None
    assert typed_any(statement_expressions("def f(:\n"), ["x"]) is None


def test_difference_messages_say_what_differs():
    want = (np.zeros((2, 3)), np.ones(3))
    assert difference((np.zeros((2, 3)), np.ones(3)), want, "out", 1e-6, 1e-9) is None
    assert "shape (3, 2)" in difference((np.zeros((3, 2)), np.ones(3)), want, "out", 1e-6, 1e-9, ("c", "h"))
    assert "dtype int64" in difference((np.zeros((2, 3), dtype=np.int64), np.ones(3)), want, "o", 1e-6, 1e-9)
    got = np.ones(3)
    got[1] = 5.0
    message = difference((np.zeros((2, 3)), got), want, "o", 1e-6, 1e-9, ("c", "h"))
    assert "h differs" in message and "(1,)" in message and "1 of 3" in message
    assert "NaN" in difference(np.array([np.nan]), np.array([1.0]), "o", 1e-6, 1e-9)
    assert "tuple" in difference(np.zeros(3), want, "o", 1e-6, 1e-9)
    assert "number" in difference("1.0", 1.0, "o", 1e-6, 1e-9)


def test_a_match_with_the_reference_wins_over_a_mistake():
    m = Mistake("m", {"en": "always zero", "ja": "常に 0"}, {"en": "h", "ja": "h"})
    expect(np.zeros(2), np.zeros(2), name="o", candidates=[(m, np.zeros(2))])  # no exception
    with pytest.raises(TaskFailed) as info:
        expect(np.ones(2), np.zeros(2), name="o", candidates=[(m, np.ones(2))])
    assert info.value.mistake is m and "always zero" in info.value.message


def test_an_integer_is_expected_where_the_reference_returns_one():
    assert difference(3, 3, "o", 1e-6, 1e-9) is None
    assert difference(np.int64(3), 3, "o", 1e-6, 1e-9) is None
    assert "integer" in difference(3.0, 3, "o", 1e-6, 1e-9)
    assert difference(3, 3.0, "o", 1e-6, 1e-9) is None  # an int where a float is expected is fine
