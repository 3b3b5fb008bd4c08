"""Checks for ``activations``: sigmoid, tanh, ReLU and Leaky ReLU (Day 4) and their derivatives.

Graded inputs stay within |x| <= 20: the course's sigmoid 1 / (1 + np.exp(-x)) overflows inside
np.exp for x < -709, and the cosh / exp forms of d_tanh overflow for |x| > ~355, although all of
them are right.  Large inputs get a separate look that only gives advice, never a failure.
d_relu is never given exactly 0 (its value there is not graded).

A bool (or integer) array from d_relu fails: a derivative is a number, and a bool array does
not behave like one in NumPy (-d raises an error, d + d is a logical or, d *= 0.5 raises an
error).  The catalogue names both cases and says to convert with .astype(float).
"""
import numpy as np

from grader.checks._activations_mistakes import _BLANK, MISTAKES
from grader.compare import check_repeatable, check_unchanged, difference, expect, shape_case
from grader.i18n import pick, tr
from grader.mistakes import predictions
from grader.outcome import LearnerError, LearnerTimeout
from grader.tasks import advise, task

ANSWERS = {1: "1 / (1 + np.exp(-x))", 2: "sigmoid(x) * (1 - sigmoid(x))", 3: "1 - np.tanh(x) ** 2",
           4: "np.maximum(0, x)", 5: "np.where(x > 0, 1.0, 0.0)", 6: "np.where(x > 0, x, alpha * x)",
           7: "np.where(x > 0, 1.0, alpha)"}
EQUIVALENTS = [
    {1: "0.5 * (1 + np.tanh(0.5 * x))", 2: "np.exp(-x) / (1 + np.exp(-x)) ** 2", 3: "1 / np.cosh(x) ** 2",
     4: "x * (x > 0)", 5: "(x > 0).astype(float)", 6: "np.maximum(alpha * x, x)", 7: "np.where(x > 0, 1, alpha)"},
    # a stable sigmoid: np.exp never sees a positive argument
    {1: "np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x)))", 2: "sigmoid(x) * sigmoid(-x)",
     3: "4 / (np.exp(x) + np.exp(-x)) ** 2", 4: "np.where(x > 0, x, 0)", 5: "np.heaviside(x, 0.0)",
     6: "x * np.where(x > 0, 1.0, alpha)", 7: "(x > 0) + alpha * (x <= 0)"},
    # loops, one element at a time
    {1: "np.array([1 / (1 + np.exp(-v)) for v in x])", 2: "np.array([s * (1 - s) for s in sigmoid(x)])",
     3: "np.array([1 - np.tanh(v) ** 2 for v in x])", 4: "np.array([max(0.0, v) for v in x])",
     5: "np.array([1.0 if v > 0 else 0.0 for v in x])", 6: "np.array([v if v > 0 else alpha * v for v in x])",
     7: "np.array([1.0 if v > 0 else alpha for v in x])"},
    {1: "np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))", 2: "sigmoid(x) - sigmoid(x) ** 2",
     3: "1 - np.tanh(x) * np.tanh(x)", 4: "np.clip(x, 0, None)", 6: "np.where(x > 0, 1.0, alpha) * x"},
    # right on moderate inputs, NaN for x > ~709: passes, with advice
    {1: "np.exp(x) / (1 + np.exp(x))"},
]


_STATE = {"en": "Calling it again with the same x gave another output: your function keeps something between "
                "calls (a module-level variable, a default list or dict, a cache). Each call must start from its "
                "arguments alone.",
          "ja": "同じ x でもう一度呼ぶと別の出力になりました。呼び出しのあいだで何かを持ち越しています（モジュールの変数、"
                "既定値のリストや辞書、キャッシュ）。毎回、引数だけから計算してください。"}


def _look(func):
    return tr("Look at blank ({n}), in {f}.", "{f} の空欄 ({n}) を確認してください。", n=_BLANK[func], f=func)


def _differs(got, want, rtol=1e-6, atol=1e-9):
    return difference(got, want, "", rtol, atol) is not None


def _advice(sub, ref, func, x, got, want, kw):
    """The pointer under a failure no catalogued slip explains, saying no more than is sure: nothing about a
    blank when the dtype is off (it may come from anywhere); state when the same call changes; d_sigmoid's result also depends on
    the learner's sigmoid, so a wrong sigmoid is named first; else the function's own blank."""
    if isinstance(got, np.ndarray) and got.dtype.kind == "f" and got.dtype != np.float64:   # the dtype message
        if func == "d_sigmoid":
            s = sub.sigmoid(x)
            if isinstance(s, np.ndarray) and s.dtype == got.dtype:
                return tr("(Your sigmoid returns {t} too, and d_sigmoid may take it from there.)",
                          "（あなたの sigmoid も {t} を返しています。d_sigmoid はそこから受け取っているのかもしれません。）",
                          t=got.dtype)
        return ""
    if _differs(sub.call(func, x, **kw), got, 0.0, 0.0):
        return pick(_STATE)
    if func == "d_sigmoid" and _differs(sub.sigmoid(x), ref.sigmoid(x)):
        return tr("Your sigmoid gives wrong values for these x as well: if d_sigmoid calls it, fix sigmoid (blank (1)) "
                  "first.", "あなたの sigmoid もこれらの x で値が違います。d_sigmoid が sigmoid を呼んでいるなら、"
                  "先に sigmoid（空欄 (1)）を直してください。")
    return _look(func)


def _check(sub, ref, func, x, **kw):
    case = shape_case(x=x) + "".join(f", {k} = {v}" for k, v in kw.items())
    want, got = ref.call(func, x, **kw), sub.call(func, x, **kw)
    if not _differs(got, want):
        return
    expect(got, want, name=tr("the output of {f}", "{f} の出力", f=func), case=case,
           candidates=predictions(MISTAKES, func, (x,), kw), look_at=_advice(sub, ref, func, x, got, want, kw))


def _plain(sub, ref, rng, func, *more):
    """x left as it was, and the same outputs whatever was called before."""
    check_unchanged(sub, func, (_moderate(rng, 12), *more), names=("x", "alpha"))
    check_repeatable(sub, ref, func, [(_moderate(rng, 12), *more) for _ in range(3)],
                     name=tr("the output of {f}", "{f} の出力", f=func), mistakes=MISTAKES)


def _moderate(rng, n, zero=True):
    """n values in [-6, 6] plus a few fixed ones up to |x| = 20 (see the module docstring);
    no exact 0 unless ``zero``, and never closer to 0 than 0.01 otherwise."""
    x = rng.uniform(0.01, 6.0, size=n) * rng.choice([-1.0, 1.0], size=n)
    fixed = [-20.0, -7.5, -0.3, 0.25, 2.0, 20.0] + ([0.0] if zero else [])
    return rng.permutation(np.concatenate([x, fixed]))


X_BIG = np.array([-1000.0, -720.0, -50.0, 0.0, 50.0, 720.0, 1000.0])


def _look_at_large_inputs(sub):
    """Advice only: how the learner's sigmoid copes with |x| up to 1000."""
    try:
        got = sub.sigmoid(X_BIG)
    except LearnerTimeout:
        raise
    except LearnerError as exc:
        advise(tr("Advice (not graded): your sigmoid stops with an error for large inputs such as x = -1000 ({e}). "
                  "math.exp raises OverflowError beyond about 709; np.exp returns inf instead, and "
                  "1 / (1 + np.exp(-x)) then gives the right 0.",
                  "アドバイス（採点には影響しません）: x = -1000 のような大きな入力で sigmoid がエラーになります（{e}）。"
                  "math.exp は約 709 を超えると OverflowError になります。np.exp なら inf を返し、1 / (1 + np.exp(-x)) は"
                  "正しく 0 になります。", e=exc.message.splitlines()[0]))
        return
    if not isinstance(got, np.ndarray) or got.shape != X_BIG.shape or got.dtype.kind not in "fiub":
        return
    g = got.astype(np.float64)
    bad = ~np.isfinite(g) | (g < 0) | (g > 1)
    if bad.any():
        at = float(X_BIG[np.argmax(bad)])
        advise(tr("Advice (not graded): for large inputs your sigmoid returns {v} (at x = {x:g}). np.exp(x) "
                  "overflows to inf beyond about 709, and inf / inf is nan. A stable form never gives np.exp a "
                  "large positive argument, e.g. np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x))).",
                  "アドバイス（採点には影響しません）: 大きな入力で sigmoid が {v} を返します（x = {x:g}）。np.exp(x) は約 709 を"
                  "超えると inf にあふれ、inf / inf は nan です。安定な書き方では np.exp に大きな正の値を渡しません。"
                  "例: np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x)))", v=g[np.argmax(bad)], x=at))
    elif g[1] == 0.0:
        advise(tr("Advice (not graded): sigmoid(-720) came back as exactly 0 (the true value is about 2e-313), so "
                  "np.exp(-x) probably overflowed: with 1 / (1 + np.exp(-x)), NumPy warns 'overflow encountered in "
                  "exp' for x < -709. The result is still right, so this is fine here; a form such as "
                  "np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x))) avoids the warning.",
                  "アドバイス（採点には影響しません）: sigmoid(-720) がちょうど 0 になりました（真の値は約 2e-313）。"
                  "1 / (1 + np.exp(-x)) では x < -709 で np.exp(-x) があふれ、NumPy が 'overflow encountered in exp' と"
                  "警告します。結果は正しいのでここでは問題ありません。np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x))) "
                  "のように書くと警告は出ません。"))


@task({"en": "sigmoid: values for |x| <= 20 (larger inputs: advice only)",
       "ja": "sigmoid: |x| <= 20 での値（それより大きい入力はアドバイスのみ）"}, points=2)
def test_sigmoid(sub, ref, rng):
    for n in (5, 40):
        _check(sub, ref, "sigmoid", _moderate(rng, n))
    _plain(sub, ref, rng, "sigmoid")
    _look_at_large_inputs(sub)


@task({"en": "d_sigmoid: the slope of the sigmoid at x", "ja": "d_sigmoid: x でのシグモイドの傾き"}, points=2)
def test_d_sigmoid(sub, ref, rng):
    for n in (5, 40):
        _check(sub, ref, "d_sigmoid", _moderate(rng, n))
    _plain(sub, ref, rng, "d_sigmoid")


@task({"en": "d_tanh: the slope of tanh at x", "ja": "d_tanh: x での tanh の傾き"}, points=2)
def test_d_tanh(sub, ref, rng):
    for n in (5, 40):
        _check(sub, ref, "d_tanh", _moderate(rng, n))
    _plain(sub, ref, rng, "d_tanh")


@task({"en": "relu: values, 0 included", "ja": "relu: 0 を含む値"}, points=2)
def test_relu(sub, ref, rng):
    for n in (5, 40):
        _check(sub, ref, "relu", _moderate(rng, n))
    _plain(sub, ref, rng, "relu")


@task({"en": "d_relu: 1.0 or 0.0 (x = 0 is not given)", "ja": "d_relu: 1.0 か 0.0（x = 0 は与えません）"}, points=2)
def test_d_relu(sub, ref, rng):
    for n in (5, 40):
        _check(sub, ref, "d_relu", _moderate(rng, n, zero=False))
    check_unchanged(sub, "d_relu", (_moderate(rng, 12, zero=False),), names=("x",))
    check_repeatable(sub, ref, "d_relu", [(_moderate(rng, 12, zero=False),) for _ in range(3)],
                     name=tr("the output of {f}", "{f} の出力", f="d_relu"), mistakes=MISTAKES)


@task({"en": "leaky_relu: default alpha and other alphas", "ja": "leaky_relu: 既定の alpha とほかの alpha"}, points=2)
def test_leaky_relu(sub, ref, rng):
    # 0.004 lies between 0 and alpha: there np.maximum(alpha, x) gives alpha, np.where(x > 0, x, alpha) gives x
    _check(sub, ref, "leaky_relu", np.append(_moderate(rng, 20), 0.004))
    for alpha in (0.2, 0.05):
        _check(sub, ref, "leaky_relu", np.append(_moderate(rng, 20), 0.004), alpha=alpha)
    _plain(sub, ref, rng, "leaky_relu", 0.2)


@task({"en": "d_leaky_relu: 1 or alpha, alpha at exactly 0", "ja": "d_leaky_relu: 1 か alpha（ちょうど 0 では alpha）"},
      points=2)
def test_d_leaky_relu(sub, ref, rng):
    _check(sub, ref, "d_leaky_relu", _moderate(rng, 20))
    for alpha in (0.2, 0.05):
        _check(sub, ref, "d_leaky_relu", _moderate(rng, 20), alpha=alpha)
    _plain(sub, ref, rng, "d_leaky_relu", 0.2)
