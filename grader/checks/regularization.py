"""Checks for ``regularization``: the L2 penalty over a list of weights, and
the L2 and L1 gradients."""
import numpy as np

from grader.compare import check_call
from grader.i18n import pick
from grader.mistakes import Mistake
from grader.tasks import task

ANSWERS = {1: "0.5 * lam * sum(np.sum(W ** 2) for W in weights)", 2: "dW + lam * W", 3: "dW + lam * np.sign(W)"}
EQUIVALENTS = [
    {1: "lam / 2 * sum((W * W).sum() for W in weights)", 2: "lam * W + dW", 3: "dW + lam * np.sign(W)"},
    {1: "0.5 * lam * np.sum([np.linalg.norm(W) ** 2 for W in weights])", 2: "np.add(dW, lam * W)",
     3: "dW + lam * np.where(W > 0, 1.0, np.where(W < 0, -1.0, 0.0))"},
]


def _squares(weights):
    return sum(float(np.sum(W ** 2)) for W in weights)


MISTAKES = [
    Mistake("penalty-no-half", func="l2_penalty",
            title={"en": "the penalty without the factor 0.5", "ja": "ペナルティに係数 0.5 がない"},
            hint={"en": "DL1's weight decay adds 0.5 * λ * W²: the 0.5 makes its gradient exactly λ * W",
                  "ja": "ゼロから作るDeep Learning の Weight decay は 0.5 * λ * W² を足します。0.5 があるので勾配がちょうど λ * W になります"},
            predict=lambda weights, lam: lam * _squares(weights),
            example={1: "lam * sum(np.sum(W ** 2) for W in weights)"}),
    Mistake("penalty-first-only", func="l2_penalty",
            title={"en": "only the first weight array counted", "ja": "最初の重みの配列だけを数えている"},
            hint={"en": "weights is a list of arrays (one per layer): add up the squares of every one",
                  "ja": "weights は層ごとの配列のリストです。すべての配列の 2 乗和を足し合わせてください"},
            predict=lambda weights, lam: 0.5 * lam * float(np.sum(weights[0] ** 2)),
            example={1: "0.5 * lam * np.sum(weights[0] ** 2)"}),
    Mistake("penalty-l1", func="l2_penalty",
            title={"en": "absolute values summed (an L1 penalty) instead of squares",
                   "ja": "2 乗ではなく絶対値を足している（L1 ペナルティ）"},
            hint={"en": "the L2 penalty squares each weight: W ** 2", "ja": "L2 ペナルティは各重みを 2 乗します: W ** 2"},
            predict=lambda weights, lam: 0.5 * lam * sum(float(np.sum(np.abs(W))) for W in weights),
            example={1: "0.5 * lam * sum(np.sum(np.abs(W)) for W in weights)"}),
    Mistake("l2-grad-squared", func="l2_grad",
            title={"en": "the gradient written λ * W² (the penalty, not its derivative)",
                   "ja": "勾配を λ * W² としている（ペナルティそのもので、微分ではない）"},
            hint={"en": "the derivative of 0.5 * λ * W² is λ * W", "ja": "0.5 * λ * W² の微分は λ * W です"},
            predict=lambda W, dW, lam: dW + lam * W ** 2, code=("dW + lam * W ** 2",),
            example={2: "dW + lam * W ** 2"}),
    Mistake("l2-grad-double", func="l2_grad",
            title={"en": "the gradient written 2 * λ * W", "ja": "勾配を 2 * λ * W としている"},
            hint={"en": "with the 0.5 in the penalty, the 2 from the derivative cancels: λ * W",
                  "ja": "ペナルティの 0.5 と微分で出る 2 が打ち消し合うので λ * W です"},
            predict=lambda W, dW, lam: dW + 2 * lam * W, code=("dW + 2 * lam * W",), example={2: "dW + 2 * lam * W"}),
    Mistake("l2-grad-sign", func="l2_grad",
            title={"en": "λ * W subtracted from dW", "ja": "dW から λ * W を引いている"},
            hint={"en": "the penalty is added to the loss, so its gradient is added too; the update "
                        "W -= lr * grad is what shrinks the weights",
                  "ja": "ペナルティは損失に足すので、その勾配も足します。重みを小さくするのは更新 W -= lr * grad の方です"},
            predict=lambda W, dW, lam: dW - lam * W, code=("dW - lam * W",), example={2: "dW - lam * W"}),
    Mistake("l2-grad-missing-dw", func="l2_grad",
            title={"en": "only the penalty's gradient returned, without dW", "ja": "dW を足さずにペナルティの勾配だけを返している"},
            hint={"en": "the total gradient is the loss's gradient dW plus the penalty's λ * W",
                  "ja": "全体の勾配は損失の勾配 dW とペナルティの勾配 λ * W の和です"},
            predict=lambda W, dW, lam: lam * W, code=("lam * W",), example={2: "lam * W"}),
    Mistake("l1-grad-as-l2", func="l1_grad",
            title={"en": "λ * W used for L1 (that is L2's gradient)", "ja": "L1 に λ * W を使っている（L2 の勾配）"},
            hint={"en": "the derivative of |w| is sign(w): +1, -1, or 0 at 0", "ja": "|w| の微分は sign(w) で、+1・-1（0 では 0）です"},
            predict=lambda W, dW, lam: dW + lam * W, code=("dW + lam * W",), example={3: "dW + lam * W"}),
    Mistake("l1-grad-abs", func="l1_grad",
            title={"en": "λ * |W| used as the gradient", "ja": "勾配に λ * |W| を使っている"},
            hint={"en": "|W| is the penalty; its derivative is np.sign(W)", "ja": "|W| はペナルティそのものです。微分は np.sign(W) です"},
            predict=lambda W, dW, lam: dW + lam * np.abs(W), code=("dW + lam * np.abs(W)",),
            example={3: "dW + lam * np.abs(W)"}),
]

_LOOK = {"en": "Look at the formulas: penalty 0.5·λ·ΣW², L2 gradient dW + λW, L1 gradient dW + λ·sign(W).",
         "ja": "式を確認してください: ペナルティ 0.5·λ·ΣW²、L2 の勾配 dW + λW、L1 の勾配 dW + λ·sign(W)。"}


def _weights(rng, shapes):
    return [rng.normal(size=s) for s in shapes]


@task({"en": "the L2 penalty over a list of weight arrays", "ja": "重みの配列のリストに対する L2 ペナルティ"}, points=3)
def test_penalty(sub, ref, rng):
    for shapes, lam in [([(3, 4)], 0.1), ([(5, 2), (2,), (2, 3)], 0.01), ([(1, 1), (4, 4)], 1.5)]:
        weights = _weights(rng, shapes)
        check_call(sub, ref, "l2_penalty", weights, lam, name="l2_penalty", mistakes=MISTAKES,
                   case=f"{len(weights)} arrays {shapes}, lam = {lam}", look_at=pick(_LOOK))


@task({"en": "λ = 0 adds nothing", "ja": "λ = 0 なら何も足されない"}, points=1)
def test_zero_lambda(sub, ref, rng):
    weights = _weights(rng, [(3, 3), (3,)])
    check_call(sub, ref, "l2_penalty", weights, 0.0, name="l2_penalty", mistakes=MISTAKES, case="lam = 0")
    W, dW = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    check_call(sub, ref, "l2_grad", W, dW, 0.0, name="l2_grad", mistakes=MISTAKES, case="lam = 0")


@task({"en": "the L2 gradient", "ja": "L2 の勾配"}, points=3)
def test_l2_grad(sub, ref, rng):
    for shape, lam in [((4, 3), 0.1), ((10,), 0.5), ((2, 3, 2), 2.0)]:
        W, dW = rng.normal(size=shape), rng.normal(size=shape)
        check_call(sub, ref, "l2_grad", W, dW, lam, name="l2_grad", mistakes=MISTAKES,
                   case=f"W {shape}, lam = {lam}", look_at=pick(_LOOK))


@task({"en": "the L1 gradient, with zeros in W", "ja": "L1 の勾配（W に 0 を含む）"}, points=3)
def test_l1_grad(sub, ref, rng):
    for shape, lam in [((4, 3), 0.1), ((10,), 0.5)]:
        W, dW = rng.normal(size=shape), rng.normal(size=shape)
        W.flat[::3] = 0.0
        check_call(sub, ref, "l1_grad", W, dW, lam, name="l1_grad", mistakes=MISTAKES,
                   case=f"W {shape}, lam = {lam}", look_at=pick(_LOOK))
