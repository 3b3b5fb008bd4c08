"""Checks for ``gradient_clipping``: clipping by the norm of the whole array."""
import numpy as np

from grader.compare import check_repeatable, check_unchanged, difference, expect, expect_form, shape_case
from grader.i18n import pick, tr
from grader.mistakes import Mistake, predictions
from grader.tasks import task

FUNC = "gradient_clipping"
ANSWERS = {1: "grad * rate"}
EQUIVALENTS = [
    {1: "rate * grad"},
    {1: "np.multiply(grad, rate)"},
    {1: "grad * min(rate, 1.0)"},
    {1: "grad / (1 / rate)"},
]


def _quiet(fn):
    """Our own wrong answers may divide 0 by 0 on purpose: no warnings about it."""
    def predict(grad, threshold):
        with np.errstate(all="ignore"):
            return fn(np.asarray(grad, dtype=float), threshold)
    return predict


_GRAD = {"en": " (the original's `gradient` is this file's `grad`)",
         "ja": "（元の問題の `gradient` は、このファイルの `grad` です）"}

MISTAKES = [
    Mistake("option-2", func=FUNC,
            title={"en": "option (2) of the original, `gradient / norm`" + _GRAD["en"],
                   "ja": "元の選択肢 (2) `gradient / norm`" + _GRAD["ja"]},
            hint={"en": "dividing by the norm makes every gradient a unit vector (and a zero gradient NaN); "
                        "clipping only shrinks a gradient that is too long, by the factor rate = threshold / norm",
                  "ja": "ノルムで割るとどの勾配も長さ 1 になります（勾配が 0 なら NaN）。クリッピングは長すぎる勾配だけを"
                        "倍率 rate = threshold / norm で縮めます"},
            predict=_quiet(lambda g, t: g / np.linalg.norm(g)), code=("grad / norm",)),
    Mistake("option-3", func=FUNC,
            title={"en": "option (3) of the original, `gradient / threshold`" + _GRAD["en"],
                   "ja": "元の選択肢 (3) `gradient / threshold`" + _GRAD["ja"]},
            hint={"en": "dividing by the threshold changes every gradient, short ones too, and does not bring the "
                        "norm to the threshold; multiply by the factor rate that the line above computes",
                  "ja": "閾値で割ると短い勾配まで変わり、ノルムも閾値になりません。すぐ上の行で求めた倍率 rate を掛けてください"},
            predict=_quiet(lambda g, t: g / t), code=("grad / threshold",)),
    Mistake("option-4", func=FUNC,
            title={"en": "option (4) of the original, `np.maximum(gradient, threshold)`" + _GRAD["en"],
                   "ja": "元の選択肢 (4) `np.maximum(gradient, threshold)`" + _GRAD["ja"]},
            hint={"en": "np.maximum compares each element with the threshold and keeps the larger one, so it raises "
                        "small elements instead of shrinking a long gradient; scale the whole array by rate",
                  "ja": "np.maximum は要素ごとに閾値と比べて大きい方を取るので、長い勾配を縮めるどころか小さな要素を"
                        "引き上げてしまいます。配列全体に倍率 rate を掛けてください"},
            predict=_quiet(lambda g, t: np.maximum(g, t)), code=("np.maximum(grad, threshold)",)),
    Mistake("original-name", func=FUNC,
            title={"en": "the original's name `gradient` typed as is: the argument is called `grad` here",
                   "ja": "元の問題の名前 `gradient` をそのまま入力している（ここでは引数名は `grad`）"},
            hint={"en": "there is no variable gradient in this file; write the same expression with grad",
                  "ja": "このファイルに gradient という変数はありません。同じ式を grad で書いてください"},
            code=("gradient * rate", "rate * gradient", "gradient / norm", "gradient / threshold",
                  "np.maximum(gradient, threshold)"),
            error=r"gradient"),
    Mistake("clip-by-value", func=FUNC,
            title={"en": "clipping by value, `np.clip(grad, -threshold, threshold)`, instead of by the norm",
                   "ja": "ノルムではなく値でクリッピングしている（`np.clip(grad, -threshold, threshold)`）"},
            hint={"en": "clipping each element on its own changes the gradient's direction and does not bound its "
                        "norm; clipping by the norm multiplies every element by the same factor rate, which keeps "
                        "the direction",
                  "ja": "要素ごとに切り詰めると勾配の向きが変わり、ノルムも閾値以下になりません。ノルムによるクリッピングは"
                        "すべての要素に同じ倍率 rate を掛けるので、向きが保たれます"},
            predict=_quiet(lambda g, t: np.clip(g, -t, t)),
            code=("np.clip(grad, -threshold, threshold)", "grad.clip(-threshold, threshold)")),
    Mistake("always-rescale", func=FUNC,
            title={"en": "`grad * threshold / norm` used in every case, so short gradients are stretched",
                   "ja": "`grad * threshold / norm` をどの場合にも使い、短い勾配まで引き伸ばしている"},
            hint={"en": "a gradient whose norm is at most the threshold must come back unchanged (a zero gradient "
                        "then gives 0 / 0 = NaN); the line above already works out the factor for both cases",
                  "ja": "ノルムが閾値以下の勾配はそのまま返さなければなりません（勾配が 0 だと 0 / 0 = NaN にもなります）。"
                        "すぐ上の行が、どちらの場合の倍率もすでに求めています"},
            predict=_quiet(lambda g, t: g * t / np.linalg.norm(g)),
            code=("grad * threshold / norm", "threshold * grad / norm", "grad * (threshold / norm)")),
]

_NORM_LINE = "    norm = np.linalg.norm(grad)  #"
_RATE_LINE = "    rate = threshold / norm if norm > threshold else 1.0"


def _by_norm(norm_of):
    """Our own clipping with another norm in the place of np.linalg.norm(grad)."""
    def predict(grad, threshold):
        grad = np.asarray(grad, dtype=float)
        norm = norm_of(grad)
        with np.errstate(all="ignore"):
            return grad * np.where(norm > threshold, threshold / norm, 1.0)
    return predict


_WHOLE = {"en": "the norm is the length of the whole array taken as one vector, np.linalg.norm(grad) as the stub "
                "gives it: the square root of the sum of all the squares",
          "ja": "ノルムは配列全体を 1 本のベクトルとみたときの長さで、スタブにあるとおり np.linalg.norm(grad)、"
                "つまり全要素の 2 乗和の平方根です"}
MISTAKES += [
    Mistake("norm-squared", func=FUNC,
            title={"en": "the squared norm used as the norm (np.sum(grad ** 2), no square root)",
                   "ja": "ノルムの代わりにノルムの 2 乗を使っている（np.sum(grad ** 2) で平方根がない）"},
            hint={"en": "without the square root the 'norm' grows with the square of the gradient's length, so "
                        "gradients are clipped too early and too hard; " + _WHOLE["en"],
                  "ja": "平方根がないと「ノルム」が勾配の長さの 2 乗で増えるので、早すぎる段階で強く縮めすぎます。" + _WHOLE["ja"]},
            predict=_by_norm(lambda g: np.sum(g ** 2)),
            example=[(_NORM_LINE, "    norm = np.sum(grad ** 2)  #")]),
    Mistake("norm-max", func=FUNC,
            title={"en": "the largest element, np.max(np.abs(grad)), used as the norm",
                   "ja": "最大の要素 np.max(np.abs(grad)) をノルムとして使っている"},
            hint={"en": "the largest element is much smaller than the length of the whole gradient, so long gradients "
                        "are not shortened enough; " + _WHOLE["en"],
                  "ja": "最大の要素は勾配全体の長さよりずっと小さいので、長い勾配が十分に縮みません。" + _WHOLE["ja"]},
            predict=_by_norm(lambda g: np.max(np.abs(g))),
            example=[(_NORM_LINE, "    norm = np.max(np.abs(grad))  #")]),
    Mistake("norm-l1", func=FUNC,
            title={"en": "the sum of absolute values, np.sum(np.abs(grad)), used as the norm",
                   "ja": "絶対値の和 np.sum(np.abs(grad)) をノルムとして使っている"},
            hint={"en": "the sum of absolute values (the L1 norm) is not the length of the gradient; " + _WHOLE["en"],
                  "ja": "絶対値の和（L1 ノルム）は勾配の長さではありません。" + _WHOLE["ja"]},
            predict=_by_norm(lambda g: np.sum(np.abs(g))),
            example=[(_NORM_LINE, "    norm = np.sum(np.abs(grad))  #")]),
    Mistake("norm-per-row", func=FUNC,
            title={"en": "a norm per row (np.linalg.norm(grad, axis=...)) instead of one for the whole array",
                   "ja": "配列全体で 1 つではなく行ごとにノルムをとっている（np.linalg.norm(grad, axis=...)）"},
            hint={"en": "clipping by rows shortens each row on its own and turns the gradient; the norm is one number "
                        "for the whole array, so that every element is scaled by the same factor",
                  "ja": "行ごとに縮めると各行が別々の倍率になり、勾配の向きが変わります。ノルムは配列全体で 1 つの数で、"
                        "すべての要素を同じ倍率で縮めます"},
            predict=_by_norm(lambda g: np.linalg.norm(g, axis=-1, keepdims=True)),
            code=("np.linalg.norm(grad, axis=1)", "np.linalg.norm(grad, axis=1, keepdims=True)",
                  "np.linalg.norm(grad, axis=-1)", "np.linalg.norm(grad, axis=-1, keepdims=True)"),
            example=[(_NORM_LINE, "    norm = np.linalg.norm(grad, axis=-1, keepdims=True)  #"),
                     (_RATE_LINE, "    rate = np.where(norm > threshold, threshold / norm, 1.0)")]),
    Mistake("divide-by-rate", func=FUNC,
            title={"en": "grad divided by rate (grad / rate)", "ja": "grad を rate で割っている（grad / rate）"},
            hint={"en": "rate is at most 1; dividing by it makes a long gradient longer still",
                  "ja": "rate は 1 以下なので、rate で割ると長い勾配がさらに長くなります"},
            predict=_quiet(lambda g, t: g / (t / np.linalg.norm(g) if np.linalg.norm(g) > t else 1.0)),
            example={1: "grad / rate"}),
    Mistake("rate-only", func=FUNC,
            title={"en": "only the factor rate returned, not the clipped gradient",
                   "ja": "クリッピングした勾配ではなく倍率 rate だけを返している"},
            hint={"en": "the function returns the gradient itself, shaped like grad, after the factor is applied",
                  "ja": "関数が返すのは、倍率を掛けたあとの勾配そのもの（grad と同じ形）です"},
            predict=_quiet(lambda g, t: float(t / np.linalg.norm(g)) if np.linalg.norm(g) > t else 1.0),
            example={1: "rate"}),
]

_STATE = {"en": "Calling it again with the same arguments gave another output: your function keeps something "
                "between calls (a module-level variable, a default list or dict, a cache). Each call must start "
                "from its arguments alone.",
          "ja": "同じ引数でもう一度呼ぶと別の出力になりました。呼び出しのあいだで何かを持ち越しています（モジュールの"
                "変数、既定値のリストや辞書、キャッシュ）。毎回、引数だけから計算してください。"}


def _advice(sub, got, want, grad, threshold):
    """What the learner's wrong output shows, saying no more than it can tell: the dtype alone is off
    (no pointer), the same call changes (state), the result is grad times a wrong common factor (the
    factor: norm, rate or how rate is applied), or the elements are not scaled alike (the direction)."""
    if not isinstance(got, np.ndarray) or got.shape != want.shape or got.dtype != np.float64:
        return ""
    g = got
    if not np.isfinite(g).all():
        return ""
    if difference(sub.call(FUNC, grad, threshold), got, "", 0.0, 0.0) is not None:
        return pick(_STATE)
    flat, out = grad.ravel(), g.ravel()
    if not flat.any():
        return ""
    factor = float(flat @ out / (flat @ flat))
    if np.allclose(out, factor * flat, rtol=1e-6, atol=1e-9):
        right = float(want.ravel() @ flat / (flat @ flat))
        return tr("Your result is grad times one common factor, as it should be, but the factor is {c:.6g} where "
                  "{w:.6g} is expected: check how the norm and the factor rate are computed and applied.",
                  "結果は grad に共通の倍率を掛けたものになっていますが、その倍率が {c:.6g} です（期待値 {w:.6g}）。"
                  "ノルムと倍率 rate の求め方と使い方を確認してください。", c=factor, w=right)
    return tr("Your result is not grad times one common factor: its elements are scaled by different amounts, so "
              "the gradient turns. Clipping by the norm multiplies the whole array by a single number.",
              "結果が grad に共通の倍率を掛けたものになっていません。要素ごとに倍率が違うので、勾配の向きが変わっています。"
              "ノルムによるクリッピングでは、配列全体に 1 つの数を掛けます。")


def _run(sub, ref, grad, threshold, case=None):
    want, got = ref.call(FUNC, grad, threshold), sub.call(FUNC, grad, threshold)
    if difference(got, want, "", 1e-6, 1e-9) is None:
        return
    expect(got, want, name=tr("the clipped gradient", "クリッピング後の勾配"),
           candidates=lambda: predictions(MISTAKES, FUNC, (grad, threshold), {}),
           case=case or shape_case(grad=grad, threshold=threshold), look_at=_advice(sub, got, want, grad, threshold))


def _long(rng, shape, low=0.2, high=0.8):
    """A gradient and a threshold below its norm (each element well away from the threshold)."""
    grad = rng.normal(scale=3.0, size=shape)
    return grad, round(float(np.linalg.norm(grad) * rng.uniform(low, high)), 3)


@task({"en": "returns an array shaped like grad", "ja": "grad と同じ形の配列を返す"}, points=1)
def test_shape(sub, ref, rng):
    for shape in [(6,), (3, 4), (2, 3, 2)]:
        grad, threshold = _long(rng, shape)
        expect_form(sub.gradient_clipping(grad, threshold), ref.gradient_clipping(grad, threshold),
                    name=tr("the clipped gradient", "クリッピング後の勾配"), case=shape_case(grad=grad))


@task({"en": "a norm above the threshold is scaled down to it (1-D, 2-D and 3-D arrays)",
       "ja": "ノルムが閾値を超えると閾値まで縮められる（1 次元・2 次元・3 次元の配列）"}, points=3)
def test_clipped(sub, ref, rng):
    for shape in [(5,), (4, 3), (2, 3, 4), (1,)]:
        _run(sub, ref, *_long(rng, shape))
    # every row is shorter than the threshold, the whole array is not: the norm is over the whole array
    grad = rng.normal(size=(6, 4))
    grad /= np.linalg.norm(grad, axis=1, keepdims=True)
    _run(sub, ref, grad, 1.5, case=tr("grad (6, 4) whose rows all have norm 1, threshold 1.5 (the whole array has "
                                      "norm {n:.3g}: the norm is taken over the whole array)",
                                      "各行のノルムが 1 の grad (6, 4)、threshold 1.5（配列全体のノルムは {n:.3g}。"
                                      "ノルムは配列全体でとります）", n=np.linalg.norm(grad)))


@task({"en": "a norm below the threshold leaves the gradient unchanged",
       "ja": "ノルムが閾値より小さければ勾配は変わらない"}, points=2)
def test_below(sub, ref, rng):
    for shape in [(5,), (3, 4)]:
        grad, threshold = _long(rng, shape, 1.5, 4.0)
        _run(sub, ref, grad, threshold)


@task({"en": "a zero gradient returns zeros, never NaN", "ja": "勾配が 0 なら 0 を返し、NaN にならない"}, points=2)
def test_zero(sub, ref, rng):
    for shape in [(4,), (2, 3)]:
        grad = np.zeros(shape)
        _run(sub, ref, grad, round(float(rng.uniform(0.5, 3.0)), 3),
             case=tr("a zero gradient of shape {s}", "形 {s} のすべて 0 の勾配", s=shape))


@task({"en": "a threshold exactly equal to the norm leaves the gradient unchanged",
       "ja": "閾値がノルムにちょうど等しければ勾配は変わらない"}, points=1)
def test_equal(sub, ref, rng):
    grad = rng.normal(scale=2.0, size=(3, 5))
    _run(sub, ref, grad, float(np.linalg.norm(grad)),
         case=tr("grad (3, 5) and threshold equal to its norm", "grad (3, 5)、threshold はそのノルムと等しい"))


@task({"en": "grad is left as it was, and every call starts afresh",
       "ja": "grad は書き換えず、どの呼び出しも前の呼び出しに左右されない"}, points=1)
def test_inputs_and_repeats(sub, ref, rng):
    calls = [_long(rng, (3, 4)), _long(rng, (3, 4), 1.5, 4.0), _long(rng, (3, 4))]
    check_repeatable(sub, ref, FUNC, calls, name=tr("the clipped gradient", "クリッピング後の勾配"), mistakes=MISTAKES)
    for grad, threshold in (_long(rng, (4, 3)), _long(rng, (5,), 1.5, 4.0)):
        check_unchanged(sub, FUNC, (grad, threshold), names=("grad", "threshold"))
