"""Checks for ``regularization``: the L2 penalty over a list of weights, and
the L2 and L1 gradients.

The inputs are chosen so that the catalogued slips give different outputs: λ = 0.1 first
(so λ, λ², 0.5 λ, 2 λ, 0.25 λ and 1 all differ), lists of several arrays whose last one
differs from the first, and W with exact zeros for L1 (sign(0) = 0, while W / |W| is NaN
there and np.where(W >= 0, 1, -1) gives 1)."""
import numpy as np

from grader.compare import check_repeatable, check_unchanged, difference, expect
from grader.mistakes import predictions
from grader.i18n import pick, tr
from grader.mistakes import bilingual
from grader.outcome import TaskFailed
from grader.tasks import task

ANSWERS = {1: "0.5 * lam * sum(np.sum(W ** 2) for W in weights)", 2: "dW + lam * W", 3: "dW + lam * np.sign(W)"}
EQUIVALENTS = [
    {1: "lam / 2 * sum((W * W).sum() for W in weights)", 2: "lam * W + dW", 3: "dW + lam * np.sign(W)"},
    {1: "0.5 * lam * np.sum([np.linalg.norm(W) ** 2 for W in weights])", 2: "np.add(dW, lam * W)",
     3: "dW + lam * np.where(W > 0, 1.0, np.where(W < 0, -1.0, 0.0))"},
    {1: "0.5 * lam * sum(float(np.dot(W.ravel(), W.ravel())) for W in weights)", 2: "dW + W * lam",
     3: "dW + lam * ((W > 0).astype(float) - (W < 0).astype(float))"},
]


def _squares(weights):
    return sum(float(np.sum(W ** 2)) for W in weights)


def _penalty(factor, power=1):
    return lambda weights, lam: factor * lam ** power * _squares(weights)


def _quiet(fn):
    def predict(W, dW, lam):
        with np.errstate(all="ignore"):
            return fn(np.asarray(W, dtype=float), np.asarray(dW, dtype=float), lam)
    return predict


_HALF = {"en": "DL1's weight decay carries a factor of one half, there so that the derivative of the penalty is "
               "λ times W with no extra factor: check the factor in front of your sum",
         "ja": "ゼロから作るDeep Learning の Weight decay には 2 分の 1 の係数が付いています。そのおかげでペナルティの"
               "微分が余分な係数なしの λ 倍の W になります。和の前の係数を確認してください"}
_LAM_ONCE = {"en": "λ scales the penalty exactly once; check where lam appears in your expression",
             "ja": "λ はペナルティをちょうど 1 回だけ何倍かします。式のどこに lam が入っているか確認してください"}
_ZERO = {"en": "at W = 0 the course takes the slope of |W| to be 0 (the exercise says so), neither +1 nor -1",
         "ja": "W = 0 での |W| の傾きは、この講座では（問題文のとおり）+1 でも -1 でもなく 0 とします"}

MISTAKES = [
    bilingual("penalty-no-half", "l2_penalty", "the penalty without the factor 0.5", "ペナルティに係数 0.5 がない",
              _HALF["en"], _HALF["ja"], _penalty(1.0), example={1: "lam * sum(np.sum(W ** 2) for W in weights)"}),
    bilingual("penalty-double", "l2_penalty", "the penalty multiplied by 2 instead of 0.5",
              "ペナルティに 0.5 ではなく 2 を掛けている", _HALF["en"], _HALF["ja"], _penalty(2.0),
              example={1: "2 * lam * sum(np.sum(W ** 2) for W in weights)"}),
    bilingual("penalty-quarter", "l2_penalty", "the factor 0.5 applied twice (0.25 * λ * ...)",
              "係数 0.5 を 2 回掛けている（0.25 * λ * ...）", _HALF["en"], _HALF["ja"], _penalty(0.25),
              example={1: "0.5 * lam * sum(0.5 * np.sum(W ** 2) for W in weights)"}),
    bilingual("penalty-no-lambda", "l2_penalty", "λ missing from the penalty", "ペナルティに λ がない",
              "the strength of the penalty is set by λ (lam); without it every network gets the same decay",
              "ペナルティの強さは λ（lam）で決まります。λ がないと、どのネットワークにも同じ強さの減衰がかかります",
              _penalty(0.5, 0), example={1: "0.5 * sum(np.sum(W ** 2) for W in weights)"}),
    bilingual("penalty-lambda-twice", "l2_penalty", "λ applied twice (λ² in the penalty)",
              "λ を 2 回掛けている（ペナルティに λ²）", _LAM_ONCE["en"], _LAM_ONCE["ja"], _penalty(0.5, 2),
              example={1: "0.5 * lam * sum(lam * np.sum(W ** 2) for W in weights)"}),
    bilingual("penalty-first-only", "l2_penalty", "only the first weight array counted", "最初の重みの配列だけを数えている",
              "weights is a list of arrays (one per layer): add up the squares of every one",
              "weights は層ごとの配列のリストです。すべての配列の 2 乗和を足し合わせてください",
              lambda weights, lam: 0.5 * lam * float(np.sum(weights[0] ** 2)),
              example={1: "0.5 * lam * np.sum(weights[0] ** 2)"}),
    bilingual("penalty-last-only", "l2_penalty", "only the last weight array counted (a loop that overwrites its total)",
              "最後の重みの配列だけを数えている（ループで合計を上書きしている）",
              "every array of the list adds to the penalty: accumulate the sums of squares over the whole list",
              "リストのすべての配列がペナルティに加わります。リスト全体で 2 乗和を足し合わせてください",
              lambda weights, lam: 0.5 * lam * float(np.sum(weights[-1] ** 2)),
              example={1: "0.5 * lam * np.sum(weights[-1] ** 2)"}),
    bilingual("penalty-square-of-sum", "l2_penalty", "the square of the sum, (ΣW)², instead of the sum of squares",
              "2 乗の和ではなく和の 2 乗（(ΣW)²）になっている",
              "each weight is squared before the squares are added; squaring a sum lets positive and negative "
              "weights cancel",
              "重みを 1 つずつ 2 乗してから足します。和を 2 乗すると正と負の重みが打ち消し合います",
              lambda weights, lam: 0.5 * lam * sum(float(np.sum(W)) ** 2 for W in weights),
              example={1: "0.5 * lam * sum(np.sum(W) ** 2 for W in weights)"}),
    bilingual("penalty-mean", "l2_penalty", "the mean of the squares instead of their sum",
              "2 乗の和ではなく平均をとっている",
              "the penalty adds up the squares of all the weights; a mean divides by the number of weights",
              "ペナルティはすべての重みの 2 乗を足し合わせたものです。平均では重みの個数で割ってしまいます",
              lambda weights, lam: 0.5 * lam * sum(float(np.mean(W ** 2)) for W in weights),
              example={1: "0.5 * lam * sum(np.mean(W ** 2) for W in weights)"}),
    bilingual("penalty-l1", "l2_penalty", "absolute values summed (an L1 penalty) instead of squares",
              "2 乗ではなく絶対値を足している（L1 ペナルティ）",
              "the L2 penalty squares each weight", "L2 ペナルティは各重みを 2 乗します",
              lambda weights, lam: 0.5 * lam * sum(float(np.sum(np.abs(W))) for W in weights),
              example={1: "0.5 * lam * sum(np.sum(np.abs(W)) for W in weights)"}),
    bilingual("l2-grad-squared", "l2_grad", "the gradient written λ * W² (the penalty, not its derivative)",
              "勾配を λ * W² としている（ペナルティそのもので、微分ではない）",
              "differentiate 0.5 * λ * W² with respect to W: the square goes", "0.5 * λ * W² を W で微分してください。2 乗は消えます",
              lambda W, dW, lam: dW + lam * W ** 2, example={2: "dW + lam * W ** 2"}),
    bilingual("l2-grad-double", "l2_grad", "the gradient written 2 * λ * W", "勾配を 2 * λ * W としている",
              "with the 0.5 in the penalty, the 2 from the derivative cancels",
              "ペナルティの 0.5 と微分で出る 2 が打ち消し合います",
              lambda W, dW, lam: dW + 2 * lam * W, example={2: "dW + 2 * lam * W"}),
    bilingual("l2-grad-half", "l2_grad", "the gradient written 0.5 * λ * W (the penalty's 0.5 kept)",
              "勾配を 0.5 * λ * W としている（ペナルティの 0.5 が残っている）",
              "the derivative of W² is 2W, and that 2 cancels the penalty's 0.5",
              "W² の微分は 2W で、その 2 がペナルティの 0.5 と打ち消し合います",
              lambda W, dW, lam: dW + 0.5 * lam * W, example={2: "dW + 0.5 * lam * W"}),
    bilingual("l2-grad-no-lambda", "l2_grad", "λ missing from the gradient (dW + W)", "勾配に λ がない（dW + W）",
              "the penalty is λ times the squares, so its gradient is λ times as large too",
              "ペナルティは 2 乗の λ 倍なので、その勾配も λ 倍になります",
              lambda W, dW, lam: dW + W, example={2: "dW + W"}),
    bilingual("l2-grad-lambda-twice", "l2_grad", "λ applied twice in the gradient", "勾配で λ を 2 回掛けている",
              _LAM_ONCE["en"], _LAM_ONCE["ja"], lambda W, dW, lam: dW + lam * lam * W, example={2: "dW + lam * lam * W"}),
    bilingual("l2-grad-sign", "l2_grad", "λ * W subtracted from dW", "dW から λ * W を引いている",
              "the penalty is added to the loss, so its gradient is added too; the update W -= lr * grad is what "
              "shrinks the weights",
              "ペナルティは損失に足すので、その勾配も足します。重みを小さくするのは更新 W -= lr * grad の方です",
              lambda W, dW, lam: dW - lam * W, example={2: "dW - lam * W"}),
    bilingual("l2-grad-missing-dw", "l2_grad", "only the penalty's gradient returned, without dW",
              "dW を足さずにペナルティの勾配だけを返している",
              "the total gradient is the loss's gradient dW plus the penalty's", "全体の勾配は、損失の勾配 dW とペナルティの勾配の和です",
              lambda W, dW, lam: lam * W, example={2: "lam * W"}),
    bilingual("l1-grad-as-l2", "l1_grad", "λ * W used for L1 (that is L2's gradient)", "L1 に λ * W を使っている（L2 の勾配）",
              "the derivative of |w| does not depend on the size of w, only on its sign",
              "|w| の微分は w の大きさによらず、符号だけで決まります",
              lambda W, dW, lam: dW + lam * W, example={3: "dW + lam * W"}),
    bilingual("l1-grad-abs", "l1_grad", "λ * |W| used as the gradient (np.abs instead of np.sign)",
              "勾配に λ * |W| を使っている（np.sign ではなく np.abs）",
              "|W| is the penalty itself, not its derivative; the slope of |w| is +1 or -1 (0 at 0)",
              "|W| はペナルティそのもので、微分ではありません。|w| の傾きは +1 か -1（0 では 0）です",
              lambda W, dW, lam: dW + lam * np.abs(W), example={3: "dW + lam * np.abs(W)"}),
    bilingual("l1-grad-nan-at-zero", "l1_grad", "W / |W| used for the sign (NaN where W = 0)",
              "符号に W / |W| を使っている（W = 0 で NaN）",
              "W / |W| divides 0 by 0 where a weight is exactly 0; " + _ZERO["en"],
              "重みがちょうど 0 のところで W / |W| は 0 / 0 になります。" + _ZERO["ja"],
              _quiet(lambda W, dW, lam: dW + lam * W / np.abs(W)), example={3: "dW + lam * W / np.abs(W)"}),
    bilingual("l1-grad-one-at-zero", "l1_grad", "+1 where W = 0 (np.where(W >= 0, 1, -1))",
              "W = 0 で +1 にしている（np.where(W >= 0, 1, -1)）", _ZERO["en"], _ZERO["ja"],
              lambda W, dW, lam: dW + lam * np.where(W >= 0, 1.0, -1.0),
              example={3: "dW + lam * np.where(W >= 0, 1.0, -1.0)"}),
    bilingual("l1-grad-minus-one-at-zero", "l1_grad", "-1 where W = 0 (np.where(W > 0, 1, -1))",
              "W = 0 で -1 にしている（np.where(W > 0, 1, -1)）", _ZERO["en"], _ZERO["ja"],
              lambda W, dW, lam: dW + lam * np.where(W > 0, 1.0, -1.0),
              example={3: "dW + lam * np.where(W > 0, 1.0, -1.0)"}),
    bilingual("l1-grad-step", "l1_grad", "(W > 0) used for the sign: 0 instead of -1 for negative weights",
              "符号に (W > 0) を使っている（負の重みで -1 ではなく 0）",
              "negative weights must be pushed up as strongly as positive ones are pushed down: their slope is -1",
              "負の重みも、正の重みと同じ強さで 0 に向けて押し戻します。負の重みでの傾きは -1 です",
              lambda W, dW, lam: dW + lam * (W > 0), example={3: "dW + lam * (W > 0)"}),
    bilingual("l1-grad-no-lambda", "l1_grad", "λ missing from the L1 gradient", "L1 の勾配に λ がない",
              "the L1 penalty is λ * Σ|W|: its gradient is λ times the slope of |W|",
              "L1 ペナルティは λ * Σ|W| なので、その勾配は |W| の傾きの λ 倍です",
              lambda W, dW, lam: dW + np.sign(W), example={3: "dW + np.sign(W)"}),
    bilingual("l1-grad-missing-dw", "l1_grad", "only the penalty's gradient returned, without dW",
              "dW を足さずにペナルティの勾配だけを返している",
              "the total gradient is the loss's gradient dW plus the penalty's", "全体の勾配は、損失の勾配 dW とペナルティの勾配の和です",
              lambda W, dW, lam: lam * np.sign(W), example={3: "lam * np.sign(W)"}),
]

_BLANK = {"l2_penalty": 1, "l2_grad": 2, "l1_grad": 3}


def _look(func):
    return tr("Look at blank ({n}), in {f}.", "{f} の空欄 ({n}) を確認してください。", n=_BLANK[func], f=func)


STATE = {"en": "Calling it again with the same arguments gave another output: your function keeps something "
               "between calls (a module-level variable, a default list or dict, a cache). Each call must start "
               "from its arguments alone.",
         "ja": "同じ引数でもう一度呼ぶと別の出力になりました。呼び出しのあいだで何かを持ち越しています（モジュールの"
               "変数、既定値のリストや辞書、キャッシュ）。毎回、引数だけから計算してください。"}


def _call(sub, ref, func, *args, case):
    """Compare one call with the reference.  Under a failure no catalogued slip explains, point at the
    function's blank, except when the dtype is off (it may come from anywhere) or when the same
    call gives another output the second time (state kept between calls)."""
    want, got = ref.call(func, *args), sub.call(func, *args)
    if difference(got, want, func, 1e-6, 1e-9) is None:
        return
    look = _look(func)
    if isinstance(got, np.ndarray) and got.dtype.kind == "f" and got.dtype != np.float64:
        look = ""
    elif difference(sub.call(func, *args), got, func, 0.0, 0.0) is not None:
        look = pick(STATE)
    expect(got, want, name=func, case=case, look_at=look, candidates=lambda: predictions(MISTAKES, func, args, {}))


def _weights(rng, shapes):
    return [rng.normal(size=s) for s in shapes]


def _with_zeros(rng, shape):
    W = rng.normal(size=shape)
    W.flat[::3] = 0.0
    return W


@task({"en": "the L2 penalty over a list of weight arrays", "ja": "重みの配列のリストに対する L2 ペナルティ"}, points=3)
def test_penalty(sub, ref, rng):
    for shapes, lam in [([(3, 4), (2, 3)], 0.1), ([(5, 2), (2,), (2, 3)], 0.01), ([(1, 1), (4, 4)], 1.5), ([(3, 4)], 0.1)]:
        weights = _weights(rng, shapes)
        _call(sub, ref, "l2_penalty", weights, lam, case=f"{len(weights)} arrays {shapes}, lam = {lam}")


@task({"en": "λ = 0 adds nothing", "ja": "λ = 0 なら何も足されない"}, points=1)
def test_zero_lambda(sub, ref, rng):
    weights = _weights(rng, [(3, 3), (3,)])
    _call(sub, ref, "l2_penalty", weights, 0.0, case="lam = 0")
    W, dW = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    _call(sub, ref, "l2_grad", W, dW, 0.0, case="lam = 0")
    _call(sub, ref, "l1_grad", W, dW, 0.0, case="lam = 0")


@task({"en": "the L2 gradient", "ja": "L2 の勾配"}, points=2)
def test_l2_grad(sub, ref, rng):
    for shape, lam in [((4, 3), 0.1), ((10,), 0.3), ((2, 3, 2), 2.0)]:
        W, dW = rng.normal(size=shape), rng.normal(size=shape)
        _call(sub, ref, "l2_grad", W, dW, lam, case=f"W {shape}, lam = {lam}")


@task({"en": "the L1 gradient, with zeros in W", "ja": "L1 の勾配（W に 0 を含む）"}, points=3)
def test_l1_grad(sub, ref, rng):
    for shape, lam in [((4, 3), 0.1), ((10,), 0.3)]:
        W, dW = _with_zeros(rng, shape), rng.normal(size=shape)
        _call(sub, ref, "l1_grad", W, dW, lam,
              case=tr("W {s} with some entries exactly 0, lam = {l}", "一部の要素がちょうど 0 の W {s}、lam = {l}",
                      s=shape, l=lam))


@task({"en": "the inputs are left as they were, and every call starts afresh",
       "ja": "入力は書き換えず、どの呼び出しも前の呼び出しに左右されない"}, points=1)
def test_inputs_and_repeats(sub, ref, rng):
    names = ("W", "dW")
    for func in ("l2_grad", "l1_grad"):
        calls = [(_with_zeros(rng, (3, 4)), rng.normal(size=(3, 4)), 0.1) for _ in range(2)]
        check_repeatable(sub, ref, func, calls, name=func, mistakes=MISTAKES)
        W, dW = _with_zeros(rng, (3, 4)), rng.normal(size=(3, 4))
        check_unchanged(sub, func, (W, dW, 0.1), names=names)
    weights = _weights(rng, [(3, 2), (2,)])
    held = [sub.put(W) for W in weights]
    sub.call("l2_penalty", held, 0.1)
    for i, (W, h) in enumerate(zip(weights, held)):
        if not np.array_equal(sub.get(h), W):
            raise TaskFailed(tr("l2_penalty changed weights[{i}] in place: compute the squares into new arrays and "
                                "leave the network's weights as they were",
                                "l2_penalty が weights[{i}] をその場で書き換えました。2 乗は新しい配列に計算し、"
                                "ネットワークの重みはそのままにしてください", i=i))
    check_repeatable(sub, ref, "l2_penalty", [(_weights(rng, [(3, 2), (2,)]), 0.1) for _ in range(2)],
                     name="l2_penalty", mistakes=MISTAKES)
