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

from grader.compare import check_call, shape_case
from grader.i18n import tr
from grader.mistakes import bilingual
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


def _sig(x):
    return 1 / (1 + np.exp(-x))


_BLANK = {"sigmoid": 1, "d_sigmoid": 2, "d_tanh": 3, "relu": 4, "d_relu": 5, "leaky_relu": 6, "d_leaky_relu": 7}


def _m(mid, func, en, ja, hint_en, hint_ja, predict=None, **kw):
    if "example" not in kw:  # the tests type code[0] into this function's own blank
        kw["example"] = {_BLANK[func]: kw["code"][0]}
    return bilingual(mid, func, en, ja, hint_en, hint_ja, predict, **kw)


_PRE = {"en": "every derivative here takes the pre-activation x; x * (1 - x) and 1 - x ** 2 are the derivatives "
              "written in terms of the activated value y, which this function is not given",
        "ja": "ここでの微分はどれも活性化前の x を受け取ります。x * (1 - x) や 1 - x ** 2 は活性化後の値 y で書いた式で、"
              "この関数には y は渡されません"}
_NUM = {"en": "convert to numbers with .astype(float), or write np.where(x > 0, 1.0, 0.0)",
        "ja": ".astype(float) で数値に変換するか、np.where(x > 0, 1.0, 0.0) と書いてください"}

MISTAKES = [
    _m("sigmoid-flipped", "sigmoid", "the sign of the exponent flipped (1 / (1 + np.exp(x)), i.e. sigmoid(-x))",
       "指数の符号が逆（1 / (1 + np.exp(x))、つまり sigmoid(-x)）",
       "the sigmoid rises from 0 to 1 as x grows: 1 / (1 + np.exp(-x)), with the minus sign",
       "シグモイドは x が大きくなるほど 0 から 1 へ上がります: マイナスを付けて 1 / (1 + np.exp(-x))",
       lambda x: _sig(-x), code=("1 / (1 + np.exp(x))", "np.exp(-x) / (1 + np.exp(-x))")),
    _m("sigmoid-parentheses", "sigmoid", "parentheses missing: 1 / 1 + np.exp(-x)", "括弧がない: 1 / 1 + np.exp(-x)",
       "division comes before addition, so this is 1 + np.exp(-x); put the whole denominator in parentheses",
       "割り算が足し算より先に計算されるので、これは 1 + np.exp(-x) です。分母全体を括弧で囲んでください",
       lambda x: 1 + np.exp(-x), code=("1 / 1 + np.exp(-x)",)),
    _m("d-sigmoid-of-activated", "d_sigmoid", "x * (1 - x): the formula for the activated value applied to x",
       "x * (1 - x): 活性化後の値で書いた式を x にそのまま使っている",
       _PRE["en"] + ": use sigmoid(x) * (1 - sigmoid(x))", _PRE["ja"] + "。sigmoid(x) * (1 - sigmoid(x)) としてください",
       lambda x: x * (1 - x), code=("x * (1 - x)",)),
    _m("d-sigmoid-half", "d_sigmoid", "only half converted: sigmoid(x) * (1 - x)", "半分だけ書き換えている: sigmoid(x) * (1 - x)",
       "both factors use the sigmoid's value: sigmoid(x) * (1 - sigmoid(x))",
       "2 つの因子のどちらもシグモイドの値を使います: sigmoid(x) * (1 - sigmoid(x))",
       lambda x: _sig(x) * (1 - x), code=("sigmoid(x) * (1 - x)",)),
    _m("d-sigmoid-no-square", "d_sigmoid", "the square of the denominator missing (np.exp(-x) / (1 + np.exp(-x)), "
       "which is 1 - sigmoid(x))", "分母の 2 乗がない（np.exp(-x) / (1 + np.exp(-x))、つまり 1 - sigmoid(x)）",
       "differentiating 1 / (1 + e^-x) gives e^-x / (1 + e^-x) ** 2, which equals sigmoid(x) * (1 - sigmoid(x))",
       "1 / (1 + e^-x) を微分すると e^-x / (1 + e^-x) ** 2 で、これは sigmoid(x) * (1 - sigmoid(x)) に等しくなります",
       lambda x: 1 - _sig(x), code=("np.exp(-x) / (1 + np.exp(-x))", "1 - sigmoid(x)")),
    _m("d-tanh-of-activated", "d_tanh", "1 - x ** 2: the formula for the activated value applied to x",
       "1 - x ** 2: 活性化後の値で書いた式を x にそのまま使っている",
       _PRE["en"] + ": use 1 - np.tanh(x) ** 2", _PRE["ja"] + "。1 - np.tanh(x) ** 2 としてください",
       lambda x: 1 - x ** 2, code=("1 - x ** 2", "1 - x * x")),
    _m("d-tanh-no-square", "d_tanh", "the square missing: 1 - np.tanh(x)", "2 乗がない: 1 - np.tanh(x)",
       "the derivative of tanh is 1 minus the square of tanh(x), 1 - np.tanh(x) ** 2; without the square it "
       "exceeds 1 for x < 0, and no slope of tanh does",
       "tanh の微分は 1 から tanh(x) の 2 乗を引いた 1 - np.tanh(x) ** 2 です。2 乗がないと x < 0 で 1 を超えてしまいますが、"
       "tanh の傾きは 1 を超えません",
       lambda x: 1 - np.tanh(x), code=("1 - np.tanh(x)",)),
    _m("d-tanh-square-outside", "d_tanh", "(1 - np.tanh(x)) ** 2: the square on the whole difference",
       "(1 - np.tanh(x)) ** 2: 差の全体を 2 乗している",
       "only tanh(x) is squared: 1 - np.tanh(x) ** 2", "2 乗するのは tanh(x) だけです: 1 - np.tanh(x) ** 2",
       lambda x: (1 - np.tanh(x)) ** 2, code=("(1 - np.tanh(x)) ** 2",)),
    _m("d-tanh-sigmoid-pattern", "d_tanh", "the sigmoid's pattern used for tanh: np.tanh(x) * (1 - np.tanh(x))",
       "シグモイドの微分の形を tanh に使っている: np.tanh(x) * (1 - np.tanh(x))",
       "f * (1 - f) holds for the sigmoid only; for tanh the derivative is 1 - np.tanh(x) ** 2",
       "f * (1 - f) が成り立つのはシグモイドだけです。tanh の微分は 1 - np.tanh(x) ** 2 です",
       lambda x: np.tanh(x) * (1 - np.tanh(x)), code=("np.tanh(x) * (1 - np.tanh(x))",)),
    _m("relu-max", "relu", "np.max or max instead of np.maximum", "np.maximum ではなく np.max や max を使っている",
       "np.max(x, 0) is the largest entry of x (0 is read as the axis) and max(0, x) cannot compare an array; "
       "np.maximum(0, x) compares element by element",
       "np.max(x, 0) は x の最大の要素です（0 は軸として読まれます）。max(0, x) は配列と比較できません。"
       "要素ごとに比べるのは np.maximum(0, x) です",
       lambda x: np.max(x), code=("np.max(0, x)", "np.max(x, 0)", "max(0, x)", "max(x, 0)", "np.amax(x, 0)")),
    _m("relu-minimum", "relu", "np.minimum instead of np.maximum", "np.maximum ではなく np.minimum を使っている",
       "ReLU keeps the positive part and turns the negative part into 0: np.maximum(0, x)",
       "ReLU は正の部分をそのまま残し、負の部分を 0 にします: np.maximum(0, x)",
       lambda x: np.minimum(0, x), code=("np.minimum(0, x)", "np.minimum(x, 0)")),
    _m("relu-is-derivative", "relu", "relu returns its derivative (1 where x > 0)", "relu が微分（x > 0 で 1）を返している",
       "relu(x) is x itself where x > 0, not 1: np.maximum(0, x)", "relu(x) は x > 0 で 1 ではなく x そのものです: np.maximum(0, x)",
       lambda x: (x > 0) * 1.0, example={4: "(x > 0) * 1.0"}),
    _m("d-relu-not-float", "d_relu", "d_relu returns a bool or integer array (x > 0, np.where(x > 0, 1, 0))",
       "d_relu が bool や整数の配列（x > 0、np.where(x > 0, 1, 0)）を返している",
       "the values are right, but a derivative should be floating-point numbers: on a bool array -d fails and "
       "d + d is a logical or, and on an integer array d *= 0.5 fails; " + _NUM["en"],
       "値は合っていますが、微分は浮動小数点数の配列にします。bool の配列では -d がエラーになり d + d は論理和になります。"
       "整数の配列では d *= 0.5 がエラーになります。" + _NUM["ja"], lambda x: x > 0, example={5: "x > 0"}),
    _m("d-relu-is-relu", "d_relu", "d_relu returns relu(x) instead of its slope", "d_relu が傾きではなく relu(x) を返している",
       "the slope of ReLU is 1 where x > 0 and 0 where x < 0, whatever the size of x",
       "ReLU の傾きは x の大きさによらず、x > 0 で 1、x < 0 で 0 です",
       lambda x: np.maximum(0, x), example={5: "np.maximum(0, x)"}),
    _m("leaky-alpha-wrong-side", "leaky_relu", "alpha on the positive side (np.where(x > 0, alpha * x, x))",
       "alpha を正の側に掛けている（np.where(x > 0, alpha * x, x)）",
       "Leaky ReLU passes positive x unchanged and lets only a small slope alpha through for x <= 0",
       "Leaky ReLU は正の x をそのまま通し、x <= 0 のときだけ小さな傾き alpha で通します",
       lambda x, alpha=0.01: np.where(x > 0, alpha * x, x), example={6: "np.where(x > 0, alpha * x, x)"}),
    _m("leaky-fixed-alpha", "leaky_relu", "0.01 written in place of the argument alpha", "引数 alpha の代わりに 0.01 と書いている",
       "0.01 is only alpha's default; use the argument alpha, which the caller may change",
       "0.01 は alpha の既定値にすぎません。呼び出し側が変えられるように、引数 alpha を使ってください",
       lambda x, alpha=0.01: np.where(x > 0, x, 0.01 * x), example={6: "np.where(x > 0, x, 0.01 * x)"}),
    _m("leaky-alpha-alone", "leaky_relu", "alpha alone for x <= 0 instead of alpha * x", "x <= 0 で alpha * x ではなく alpha だけを返している",
       "for x <= 0 the output is alpha * x, a line of slope alpha through 0 (alpha is the derivative there)",
       "x <= 0 での出力は alpha * x で、0 を通る傾き alpha の直線です（alpha はそこでの微分です）",
       lambda x, alpha=0.01: np.where(x > 0, x, alpha), example={6: "np.where(x > 0, x, alpha)"}),
    _m("leaky-is-relu", "leaky_relu", "plain ReLU: 0 for x <= 0 instead of alpha * x", "ただの ReLU: x <= 0 で alpha * x ではなく 0",
       "the point of Leaky ReLU is the small slope alpha on the negative side, so that the gradient never dies there",
       "Leaky ReLU の要点は負の側の小さな傾き alpha で、そこで勾配が消えないようにすることです",
       lambda x, alpha=0.01: np.maximum(0, x), example={6: "np.maximum(0, x)"}),
    _m("d-leaky-swapped", "d_leaky_relu", "the two slopes swapped (np.where(x > 0, alpha, 1.0))", "2 つの傾きが逆（np.where(x > 0, alpha, 1.0)）",
       "the slope is 1 for x > 0 and alpha otherwise", "傾きは x > 0 で 1、それ以外で alpha です",
       lambda x, alpha=0.01: np.where(x > 0, alpha, 1.0), example={7: "np.where(x > 0, alpha, 1.0)"}),
    _m("d-leaky-at-zero", "d_leaky_relu", "1 at x = 0 (x >= 0 instead of x > 0)", "x = 0 で 1 を返している（x > 0 ではなく x >= 0）",
       "at exactly 0 Leaky ReLU has no derivative in the strict sense; this course follows its definition, "
       "1 for x > 0 and alpha otherwise, so the value at 0 is alpha: compare with x > 0",
       "ちょうど 0 では厳密には微分できません。この講座は「x > 0 で 1、それ以外は alpha」と定めているので、0 での値は alpha です。"
       "x > 0 で比較してください",
       lambda x, alpha=0.01: np.where(x >= 0, 1.0, alpha), example={7: "np.where(x >= 0, 1.0, alpha)"}),
    _m("d-leaky-times-x", "d_leaky_relu", "alpha * x instead of alpha for x <= 0", "x <= 0 で alpha ではなく alpha * x を返している",
       "alpha * x is the function's value; its slope there is the constant alpha",
       "alpha * x は関数の値です。そこでの傾きは定数 alpha です",
       lambda x, alpha=0.01: np.where(x > 0, 1.0, alpha * x), example={7: "np.where(x > 0, 1.0, alpha * x)"}),
    _m("d-leaky-is-d-relu", "d_leaky_relu", "the ReLU derivative: 0 for x <= 0 instead of alpha",
       "ReLU の微分: x <= 0 で alpha ではなく 0", "on the negative side Leaky ReLU is alpha * x, whose slope is alpha, not 0",
       "負の側で Leaky ReLU は alpha * x なので、傾きは 0 ではなく alpha です",
       lambda x, alpha=0.01: np.where(x > 0, 1.0, 0.0), example={7: "np.where(x > 0, 1.0, 0.0)"}),
    _m("d-leaky-fixed-alpha", "d_leaky_relu", "0.01 written in place of the argument alpha", "引数 alpha の代わりに 0.01 と書いている",
       "0.01 is only alpha's default; use the argument alpha", "0.01 は alpha の既定値にすぎません。引数 alpha を使ってください",
       lambda x, alpha=0.01: np.where(x > 0, 1.0, 0.01), example={7: "np.where(x > 0, 1.0, 0.01)"}),
]

_LOOK = {
    "sigmoid": ("blank (1): 1 / (1 + np.exp(-x))", "空欄 (1): 1 / (1 + np.exp(-x))"),
    "d_sigmoid": ("blank (2): sigmoid(x) * (1 - sigmoid(x)), from the pre-activation x",
                  "空欄 (2): 活性化前の x から sigmoid(x) * (1 - sigmoid(x))"),
    "d_tanh": ("blank (3): 1 - np.tanh(x) ** 2, from the pre-activation x", "空欄 (3): 活性化前の x から 1 - np.tanh(x) ** 2"),
    "relu": ("blank (4): np.maximum(0, x), element by element", "空欄 (4): 要素ごとに np.maximum(0, x)"),
    "d_relu": ("blank (5): 1.0 where x > 0, 0.0 elsewhere, as floats", "空欄 (5): x > 0 で 1.0、それ以外で 0.0（浮動小数点数）"),
    "leaky_relu": ("blank (6): x where x > 0, alpha * x elsewhere", "空欄 (6): x > 0 で x、それ以外で alpha * x"),
    "d_leaky_relu": ("blank (7): 1.0 where x > 0, alpha elsewhere (alpha at 0)", "空欄 (7): x > 0 で 1.0、それ以外（0 を含む）で alpha"),
}


def _check(sub, ref, func, x, **kw):
    en, ja = _LOOK[func]
    case = shape_case(x=x) + "".join(f", {k} = {v}" for k, v in kw.items())
    check_call(sub, ref, func, x, mistakes=MISTAKES, case=case, look_at=tr("Look at " + en + ".", ja + " を確認してください。"),
               **kw)


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
    _look_at_large_inputs(sub)


@task({"en": "d_sigmoid: the slope of the sigmoid at x", "ja": "d_sigmoid: x でのシグモイドの傾き"}, points=2)
def test_d_sigmoid(sub, ref, rng):
    for n in (5, 40):
        _check(sub, ref, "d_sigmoid", _moderate(rng, n))


@task({"en": "d_tanh: the slope of tanh at x", "ja": "d_tanh: x での tanh の傾き"}, points=2)
def test_d_tanh(sub, ref, rng):
    for n in (5, 40):
        _check(sub, ref, "d_tanh", _moderate(rng, n))


@task({"en": "relu: values, 0 included", "ja": "relu: 0 を含む値"}, points=2)
def test_relu(sub, ref, rng):
    for n in (5, 40):
        _check(sub, ref, "relu", _moderate(rng, n))


@task({"en": "d_relu: 1.0 or 0.0 (x = 0 is not given)", "ja": "d_relu: 1.0 か 0.0（x = 0 は与えません）"}, points=2)
def test_d_relu(sub, ref, rng):
    for n in (5, 40):
        _check(sub, ref, "d_relu", _moderate(rng, n, zero=False))


@task({"en": "leaky_relu: default alpha and other alphas", "ja": "leaky_relu: 既定の alpha とほかの alpha"}, points=2)
def test_leaky_relu(sub, ref, rng):
    _check(sub, ref, "leaky_relu", _moderate(rng, 20))
    for alpha in (0.2, 0.05):
        _check(sub, ref, "leaky_relu", _moderate(rng, 20), alpha=alpha)


@task({"en": "d_leaky_relu: 1 or alpha, alpha at exactly 0", "ja": "d_leaky_relu: 1 か alpha（ちょうど 0 では alpha）"},
      points=2)
def test_d_leaky_relu(sub, ref, rng):
    _check(sub, ref, "d_leaky_relu", _moderate(rng, 20))
    for alpha in (0.2, 0.05):
        _check(sub, ref, "d_leaky_relu", _moderate(rng, 20), alpha=alpha)
