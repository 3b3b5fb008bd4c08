"""Checks for ``gradient_clipping``: clipping by the norm of the whole array."""
import numpy as np

from grader.compare import check_call, expect_form, shape_case
from grader.i18n import pick, tr
from grader.mistakes import Mistake
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
                        "then gives 0 / 0 = NaN); rate is already 1 in that case, so multiply by rate",
                  "ja": "ノルムが閾値以下の勾配はそのまま返さなければなりません（勾配が 0 だと 0 / 0 = NaN にもなります）。"
                        "その場合 rate はすでに 1 なので、rate を掛けてください"},
            predict=_quiet(lambda g, t: g * t / np.linalg.norm(g)),
            code=("grad * threshold / norm", "threshold * grad / norm", "grad * (threshold / norm)")),
]

_LOOK = {"en": "Look at the return line: when the norm exceeds the threshold, every element is multiplied by the "
               "same factor rate = threshold / norm; otherwise rate is 1 and grad comes back unchanged.",
         "ja": "return の行を確認してください: ノルムが閾値を超えたときはすべての要素に同じ倍率 rate = threshold / norm を"
               "掛け、そうでなければ rate は 1 で grad はそのまま返ります。"}



def _run(sub, ref, grad, threshold, case=None):
    check_call(sub, ref, FUNC, grad, threshold, name=tr("the clipped gradient", "クリッピング後の勾配"),
               mistakes=MISTAKES, look_at=pick(_LOOK),
               case=case or shape_case(grad=grad, threshold=threshold))


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
       "ja": "ノルムが閾値を超えると閾値まで縮められる（1 次元・2 次元・3 次元の配列）"}, points=4)
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
