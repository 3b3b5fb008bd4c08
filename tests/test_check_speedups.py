"""The shortcuts that make the checks fast give what the plain ways give: the stacked
numerical gradient, the remembered one, the fast isclose, and predictions of mistakes
computed only for a wrong answer."""
import numpy as np
import pytest

from grader import numgrad
from grader.compare import _isclose, check_call, expect
from grader.impl import LocalImpl
from grader.mistakes import bilingual
from grader.numgrad import numerical_gradient, numerical_gradient_stacked, remembered
from grader.outcome import TaskFailed


def test_stacked_gradient_is_the_plain_one_bit_for_bit():
    rng = np.random.default_rng(1)
    x, w = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))

    def f(v):
        return float(np.sum(np.sin(v) * w + v ** 3))

    def each(xs):
        assert xs.shape == (x.size,) + x.shape   # every perturbed copy in one call
        return [f(v) for v in xs]

    assert np.array_equal(numerical_gradient_stacked(each, x), numerical_gradient(f, x))


def test_stacked_gradient_leaves_x_alone_and_is_right():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    before = x.copy()
    grad = numerical_gradient_stacked(lambda xs: [float(np.sum(v ** 2)) for v in xs], x)
    assert np.array_equal(x, before)
    np.testing.assert_allclose(grad, 2 * x, rtol=1e-8)


def test_pooling_numerical_gradient_is_the_plain_one():
    from grader.checks import pooling
    from grader.checks._pooling_mistakes import _size, forward

    rng = np.random.default_rng(7)
    for N, C, H, W, ph, pw, s, p in pooling.CASES:
        x = pooling._x(rng, (N, C, H, W), p)
        dout = rng.normal(size=(N, C, _size(H, ph, s, p), _size(W, pw, s, p)))
        plain = numerical_gradient(lambda v: float(np.sum(forward(v, ph, pw, s, p) * dout)), x)
        assert np.array_equal(pooling._numeric(x, dout, ph, pw, s, p), plain)


def test_remembered_computes_once_per_key_and_hands_out_copies():
    calls = []

    def compute():
        calls.append(1)
        return (np.arange(3.0), np.ones(2))

    a = np.array([1.0, 2.0])
    first = remembered(("test-remembered", a, 3), compute)
    first[0][0] = 99.0                       # a caller that writes into its result changes nothing kept
    again = remembered(("test-remembered", a.copy(), 3), compute)
    assert len(calls) == 1 and again[0][0] == 0.0
    remembered(("test-remembered", a + 1e-12, 3), compute)   # other inputs: computed again
    remembered(("test-remembered", a, 4), compute)
    remembered(("test-remembered", a.astype(np.float32), 3), compute)
    assert len(calls) == 4


def test_remembered_keeps_only_the_newest():
    for i in range(numgrad.KEEP + 5):
        remembered(("test-keep", i), lambda: i)
    assert len(numgrad._REMEMBERED) <= numgrad.KEEP
    computed = []
    remembered(("test-keep", 0), lambda: computed.append(1) or 0)
    assert computed == [1]


def test_remembered_refuses_a_key_it_cannot_compare():
    with pytest.raises(TypeError):
        remembered(("test-bad", object()), lambda: 0)


def test_fast_isclose_is_numpys():
    rng = np.random.default_rng(3)
    special = np.array([0.0, -0.0, 1e-300, 1.0, -1.0, 1e308, -1e308, np.inf, -np.inf, np.nan, 5e-324, 1e-9])
    for trial in range(300):
        n = int(rng.integers(1, 20))
        w = rng.choice(special, n) if trial % 2 else rng.normal(size=n) * 10.0 ** rng.integers(-10, 10)
        g = rng.choice(special, n) if trial % 3 == 0 else w * (1 + rng.choice([0, 1e-9, 1e-6, 1e-3], n))
        for rtol, atol in ((1e-6, 1e-9), (0.0, 0.0), (1e-4, 1e-4)):
            with np.errstate(over="ignore", invalid="ignore"):
                assert np.array_equal(_isclose(g, w, rtol, atol),
                                      np.isclose(g, w, rtol=rtol, atol=atol, equal_nan=True))


def _counting_mistake(calls):
    def predict(x):
        calls.append(1)
        return x * 2.0
    return bilingual("doubled", "f", "doubled", "2 倍", "hint", "ヒント", predict)


def test_a_right_answer_costs_no_prediction_and_a_wrong_one_is_still_named():
    class Ref:
        @staticmethod
        def f(x):
            return x + 1.0

    class Wrong:
        @staticmethod
        def f(x):
            return x * 2.0

    calls = []
    mistake = _counting_mistake(calls)
    x = np.array([1.0, 3.0])
    check_call(LocalImpl(Ref), LocalImpl(Ref), "f", x, mistakes=[mistake])
    assert calls == []
    with pytest.raises(TaskFailed) as failed:
        check_call(LocalImpl(Wrong), LocalImpl(Ref), "f", x, mistakes=[mistake])
    assert calls == [1] and failed.value.mistake is mistake


def test_expect_calls_look_at_only_when_wrong():
    looked = []

    def look():
        looked.append(1)
        return "look here"

    expect(np.ones(2), np.ones(2), name="y", look_at=look, candidates=lambda: looked.append(2) or [])
    assert looked == []
    with pytest.raises(TaskFailed) as failed:
        expect(np.zeros(2), np.ones(2), name="y", look_at=look)
    assert looked == [1] and "look here" in failed.value.message
