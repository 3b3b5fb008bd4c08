"""The catalogue of ``activations`` (grader/checks/activations.py): the wrong options and the
slips a learner makes in each function, with our own implementation of each."""
import numpy as np

from grader.mistakes import bilingual


def _quiet(fn):
    def predict(x):
        with np.errstate(all="ignore"):
            return fn(np.asarray(x, dtype=float))
    return predict


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
_NUM = {"en": "convert to numbers with .astype(float), or choose between the numbers 1.0 and 0.0",
        "ja": ".astype(float) で数値に変換するか、数値 1.0 と 0.0 から選ぶ形にしてください"}

MISTAKES = [
    _m("sigmoid-flipped", "sigmoid", "the sign of the exponent flipped (1 / (1 + np.exp(x)), i.e. sigmoid(-x))",
       "指数の符号が逆（1 / (1 + np.exp(x))、つまり sigmoid(-x)）",
       "the sigmoid rises from 0 to 1 as x grows, and yours falls: check the sign of the exponent",
       "シグモイドは x が大きくなるほど 0 から 1 へ上がりますが、あなたのものは下がります。指数の符号を確認してください",
       lambda x: _sig(-x), code=("1 / (1 + np.exp(x))", "np.exp(-x) / (1 + np.exp(-x))")),
    _m("sigmoid-parentheses", "sigmoid", "parentheses missing: 1 / 1 + np.exp(-x)", "括弧がない: 1 / 1 + np.exp(-x)",
       "division comes before addition, so this is 1 + np.exp(-x); put the whole denominator in parentheses",
       "割り算が足し算より先に計算されるので、これは 1 + np.exp(-x) です。分母全体を括弧で囲んでください",
       lambda x: 1 + np.exp(-x), code=("1 / 1 + np.exp(-x)",)),
    _m("d-sigmoid-of-activated", "d_sigmoid", "x * (1 - x): the formula for the activated value applied to x",
       "x * (1 - x): 活性化後の値で書いた式を x にそのまま使っている",
       _PRE["en"] + ": compute the sigmoid of x first", _PRE["ja"] + "。先に x のシグモイドを求めてください",
       lambda x: x * (1 - x), code=("x * (1 - x)",)),
    _m("d-sigmoid-half", "d_sigmoid", "only half converted: sigmoid(x) * (1 - x)", "半分だけ書き換えている: sigmoid(x) * (1 - x)",
       "both factors use the sigmoid's value, not x itself",
       "2 つの因子のどちらも、x そのものではなくシグモイドの値を使います",
       lambda x: _sig(x) * (1 - x), code=("sigmoid(x) * (1 - x)",)),
    _m("d-sigmoid-no-square", "d_sigmoid", "the square of the denominator missing (np.exp(-x) / (1 + np.exp(-x)), "
       "which is 1 - sigmoid(x))", "分母の 2 乗がない（np.exp(-x) / (1 + np.exp(-x))、つまり 1 - sigmoid(x)）",
       "the derivative of 1 / u is -u' / u ** 2: the denominator comes back squared",
       "1 / u の微分は -u' / u ** 2 です。分母は 2 乗になって戻ってきます",
       lambda x: 1 - _sig(x), code=("np.exp(-x) / (1 + np.exp(-x))", "1 - sigmoid(x)")),
    _m("d-tanh-of-activated", "d_tanh", "1 - x ** 2: the formula for the activated value applied to x",
       "1 - x ** 2: 活性化後の値で書いた式を x にそのまま使っている",
       _PRE["en"] + ": compute tanh of x first", _PRE["ja"] + "。先に x の tanh を求めてください",
       lambda x: 1 - x ** 2, code=("1 - x ** 2", "1 - x * x")),
    _m("d-tanh-no-square", "d_tanh", "the square missing: 1 - np.tanh(x)", "2 乗がない: 1 - np.tanh(x)",
       "without the square the slope exceeds 1 for x < 0, and no slope of tanh does",
       "2 乗がないと x < 0 で傾きが 1 を超えてしまいますが、tanh の傾きは 1 を超えません",
       lambda x: 1 - np.tanh(x), code=("1 - np.tanh(x)",)),
    _m("d-tanh-square-outside", "d_tanh", "(1 - np.tanh(x)) ** 2: the square on the whole difference",
       "(1 - np.tanh(x)) ** 2: 差の全体を 2 乗している",
       "only tanh(x) is squared, not the whole difference", "2 乗するのは tanh(x) だけで、差の全体ではありません",
       lambda x: (1 - np.tanh(x)) ** 2, code=("(1 - np.tanh(x)) ** 2",)),
    _m("d-tanh-sigmoid-pattern", "d_tanh", "the sigmoid's pattern used for tanh: np.tanh(x) * (1 - np.tanh(x))",
       "シグモイドの微分の形を tanh に使っている: np.tanh(x) * (1 - np.tanh(x))",
       "f * (1 - f) holds for the sigmoid only; tanh's derivative is written with the square of tanh(x)",
       "f * (1 - f) が成り立つのはシグモイドだけです。tanh の微分は tanh(x) の 2 乗を使って書けます",
       lambda x: np.tanh(x) * (1 - np.tanh(x)), code=("np.tanh(x) * (1 - np.tanh(x))",)),
    _m("relu-max", "relu", "np.max or max instead of np.maximum", "np.maximum ではなく np.max や max を使っている",
       "np.max(x, 0) is the largest entry of x (0 is read as the axis) and max(0, x) cannot compare an array; "
       "NumPy has another function that compares element by element",
       "np.max(x, 0) は x の最大の要素です（0 は軸として読まれます）。max(0, x) は配列と比較できません。"
       "NumPy には要素ごとに比べる別の関数があります",
       lambda x: np.max(x), code=("np.max(0, x)", "np.max(x, 0)", "max(0, x)", "max(x, 0)", "np.amax(x, 0)")),
    _m("relu-minimum", "relu", "np.minimum instead of np.maximum", "np.maximum ではなく np.minimum を使っている",
       "ReLU keeps the positive part and turns the negative part into 0; np.minimum does the opposite",
       "ReLU は正の部分をそのまま残し、負の部分を 0 にします。np.minimum はその逆です",
       lambda x: np.minimum(0, x), code=("np.minimum(0, x)", "np.minimum(x, 0)")),
    _m("relu-is-derivative", "relu", "relu returns its derivative (1 where x > 0)", "relu が微分（x > 0 で 1）を返している",
       "relu(x) is x itself where x > 0, not 1", "relu(x) は x > 0 で 1 ではなく x そのものです",
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

MISTAKES += [
    _m("sigmoid-minus", "sigmoid", "a minus in the denominator: 1 / (1 - np.exp(-x))", "分母がマイナスになっている: 1 / (1 - np.exp(-x))",
       "the denominator 1 + e^-x is always above 1, which keeps the sigmoid between 0 and 1; with a minus it "
       "divides by 0 at x = 0 and goes negative",
       "分母 1 + e^-x は常に 1 より大きいので、シグモイドは 0 と 1 の間に収まります。マイナスだと x = 0 で 0 で割り、"
       "負の値にもなります", _quiet(lambda x: 1 / (1 - np.exp(-x))), code=("1 / (1 - np.exp(-x))",)),
    _m("d-sigmoid-plus", "d_sigmoid", "sigmoid(x) * (1 + sigmoid(x)): a plus for the minus",
       "sigmoid(x) * (1 + sigmoid(x)): マイナスがプラスになっている",
       "the slope of the sigmoid is at most 0.25 (at x = 0) and tends to 0 on both sides; the second factor is "
       "the distance of sigmoid(x) from 1",
       "シグモイドの傾きは最大でも 0.25（x = 0）で、両側で 0 に近づきます。2 つ目の因子は sigmoid(x) と 1 との差です",
       lambda x: _sig(x) * (1 + _sig(x)), code=("sigmoid(x) * (1 + sigmoid(x))",)),
    _m("d-tanh-plus", "d_tanh", "1 + np.tanh(x) ** 2: a plus for the minus", "1 + np.tanh(x) ** 2: マイナスがプラスになっている",
       "the slope of tanh is 1 at x = 0 and falls towards 0 as |x| grows; adding the square makes it grow",
       "tanh の傾きは x = 0 で 1、|x| が大きくなるほど 0 に近づきます。2 乗を足すと逆に大きくなってしまいます",
       lambda x: 1 + np.tanh(x) ** 2, code=("1 + np.tanh(x) ** 2",)),
    _m("d-tanh-square-inside", "d_tanh", "1 - np.tanh(x ** 2): x squared inside tanh", "1 - np.tanh(x ** 2): tanh の中で x を 2 乗している",
       "the value of tanh is squared, not its argument", "2 乗するのは tanh の値で、引数ではありません",
       lambda x: 1 - np.tanh(x ** 2), code=("1 - np.tanh(x ** 2)",)),
    _m("relu-abs", "relu", "np.abs(x): negative inputs come out positive", "np.abs(x): 負の入力が正になって出てくる",
       "ReLU lets positive inputs through and stops the negative ones at 0; it does not flip them",
       "ReLU は正の入力をそのまま通し、負の入力は 0 で止めます。符号を反転するのではありません",
       lambda x: np.abs(x), code=("np.abs(x)", "abs(x)")),
    _m("d-relu-sign", "d_relu", "-1 for negative x (np.sign(x))", "負の x で -1 を返している（np.sign(x)）",
       "for x < 0 ReLU is flat (always 0), so its slope there is 0, not -1",
       "x < 0 で ReLU は平ら（常に 0）なので、そこでの傾きは -1 ではなく 0 です",
       lambda x: np.sign(x).astype(float), code=("np.sign(x)", "np.where(x > 0, 1.0, -1.0)")),
    _m("leaky-max-alpha", "leaky_relu", "np.maximum(alpha, x): alpha itself instead of alpha * x",
       "np.maximum(alpha, x): alpha * x ではなく alpha そのものと比べている",
       "for x <= 0 the output is alpha times x; comparing with the constant alpha cuts the negative side off at alpha",
       "x <= 0 での出力は x の alpha 倍です。定数 alpha と比べると、負の側が alpha で切られてしまいます",
       lambda x, alpha=0.01: np.maximum(alpha, x), code=("np.maximum(alpha, x)", "np.maximum(x, alpha)")),
]
