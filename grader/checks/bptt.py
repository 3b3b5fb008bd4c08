"""Checks for ``bptt``: the gradients of the challenge's linear RNN, against the reference and
against a numerical gradient.

Inputs always have H != D and H != O (so delta_t.dot(W) and delta_t.dot(V) stop with a shape
error), N >= 3 (so a missing or extra / N shows, and is not confused with a stray factor 1/2),
and a non-symmetric U (so U and U.T differ).
"""
import numpy as np

from grader.compare import check_call, difference, expect_form, shape_case
from grader.i18n import pick, tr
from grader.mistakes import predictions, bilingual
from grader.numgrad import numerical_gradient, relative_error
from grader.outcome import TaskFailed
from grader.tasks import task

ANSWERS = {1: "delta_t.dot(U)"}
EQUIVALENTS = [
    {1: "delta_t @ U"},
    {1: "np.dot(delta_t, U)"},
    {1: "(U.T @ delta_t.T).T"},
]


def _forward(xs, W, U, V):
    """Our own forward pass: hiddens (N, T, H) and outputs (N, T, O)."""
    N, T, _ = xs.shape
    hs = np.zeros((N, T, W.shape[0]))
    h = np.zeros((N, W.shape[0]))
    for t in range(T):
        h = xs[:, t] @ W.T + h @ U.T
        hs[:, t] = h
    return hs, hs @ V.T


def _loss(xs, ys, W, U, V):
    return 0.5 * np.sum((_forward(xs, W, U, V)[1] - ys) ** 2) / xs.shape[0]


def _grads(back=lambda d, U, N: d @ U, wrap=False, mean=True):
    """The challenge's loop with the blank replaced by ``back``; ``wrap`` reads the original's
    hiddens[:, bptt_step-1] at step 0, ``mean=False`` leaves out every / N."""
    def predict(xs, ys, W, U, V):
        hs, outs = _forward(xs, W, U, V)
        N, T = ys.shape[:2]
        k = N if mean else 1
        dW, dU, dV = np.zeros_like(W), np.zeros_like(U), np.zeros_like(V)
        do = outs - ys
        for t in reversed(range(T)):
            dV += do[:, t].T @ hs[:, t] / k
            delta = do[:, t] @ V
            for s in reversed(range(t + 1)):
                h_prev = hs[:, s - 1] if (s > 0 or wrap) else np.zeros_like(hs[:, 0])
                dW += delta.T @ xs[:, s] / k
                dU += delta.T @ h_prev / k
                delta = back(delta, U, N)
        return dW, dU, dV
    return predict


def _m(mid, *texts, **kw):   # every mistake here is one of bptt
    return bilingual(mid, "bptt", *texts, **kw)


_WHY_U = {"en": "h_t = x_t W^T + h_{t-1} U^T, so dh_t/dh_{t-1} is U, and with row vectors the gradient goes one "
                "step back as delta_t.dot(U)",
          "ja": "h_t = x_t W^T + h_{t-1} U^T なので dh_t/dh_{t-1} は U です。行ベクトルでは、勾配は delta_t.dot(U) "
                "で 1 時刻前に戻ります"}

MISTAKES = [
    _m("U-transposed", "U transposed, delta_t.dot(U.T)", "U を転置している（delta_t.dot(U.T)）",
       "the forward pass multiplies by U^T (h_{t-1} U^T), so going back multiplies by U: " + _WHY_U["en"],
       "順伝播で U^T（h_{t-1} U^T）を掛けているので、逆向きには U を掛けます。" + _WHY_U["ja"],
       _grads(back=lambda d, U, N: d @ U.T),
       code=("delta_t.dot(U.T)", "delta_t @ U.T", "np.dot(delta_t, U.T)", "U.dot(delta_t.T).T")),
    _m("W-for-U", "the input weight W instead of the recurrent weight U, delta_t.dot(W)",
       "再帰の重み U ではなく入力の重み W を使っている（delta_t.dot(W)）",
       "W connects the input x_t to h_t; the path from h_t back to h_{t-1} goes through U. "
       "delta_t.dot(W) has the shape of x (N, D), so the next step cannot use it. " + _WHY_U["en"],
       "W は入力 x_t から h_t への重みで、h_t から h_{t-1} へ戻る道は U を通ります。delta_t.dot(W) は x と同じ形 "
       "(N, D) になり、次の時刻で使えません。" + _WHY_U["ja"],
       code=("delta_t.dot(W)", "delta_t @ W", "np.dot(delta_t, W)")),
    _m("V-for-U", "the output weight V instead of U (delta_t.dot(V))", "U ではなく出力の重み V を使っている（delta_t.dot(V)）",
       "V was already used once, to bring the output error to h_t (do[:, t] @ V); going further back in time "
       "uses U. " + _WHY_U["en"],
       "V は出力の誤差を h_t に戻すとき（do[:, t] @ V）に 1 度だけ使います。さらに時間を遡るのは U です。" + _WHY_U["ja"],
       code=("delta_t.dot(V)", "delta_t @ V", "np.dot(delta_t, V)", "delta_t * V", "delta_t.dot(V.T)")),
    _m("not-propagated", "delta_t not sent back at all (delta_t = delta_t)", "delta_t を過去に送っていない（delta_t = delta_t）",
       "each step back must multiply by dh_t/dh_{t-1}; otherwise every earlier step gets the same error as step "
       "t. " + _WHY_U["en"],
       "1 時刻遡るごとに dh_t/dh_{t-1} を掛ける必要があります。掛けないと、過去のどの時刻も時刻 t と同じ誤差を受け取ってしまいます。"
       + _WHY_U["ja"], _grads(back=lambda d, U, N: d), code=("delta_t",)),
    _m("extra-mean", "an extra / N in the blank (delta_t.dot(U) / N)", "空欄に余分な / N がある（delta_t.dot(U) / N）",
       "the / N for the batch mean is applied once, where dW, dU and dV are summed; delta_t itself is the "
       "gradient of one sample and must not be divided again",
       "バッチ平均の / N は dW, dU, dV に足すところで 1 回だけ掛けます。delta_t は 1 サンプルごとの勾配なので、もう一度割ってはいけません",
       _grads(back=lambda d, U, N: d @ U / N), code=("delta_t.dot(U) / N", "delta_t @ U / N", "np.dot(delta_t, U) / N")),
    _m("no-mean", "the gradients summed over the batch without / N (N times too large)",
       "バッチで足した勾配を N で割っていない（N 倍の大きさになる）",
       "the loss is the mean over the N samples, so every sum over the batch in dW, dU and dV is divided by N",
       "損失は N 個のサンプルの平均なので、dW, dU, dV でバッチ方向に足した和はすべて N で割ります",
       _grads(mean=False),
       example=[("dV += do[:, t].T @ hiddens[:, t] / N", "dV += do[:, t].T @ hiddens[:, t]"),
                ("dW += delta_t.T @ xs[:, bptt_step] / N", "dW += delta_t.T @ xs[:, bptt_step]"),
                ("dU += delta_t.T @ h_prev / N", "dU += delta_t.T @ h_prev")]),
    _m("wrapped-state", "the state before the first step read as hiddens[:, -1] (the original's wrap-around)",
       "最初の時刻の前の状態を hiddens[:, -1] として読んでいる（元のコードの回り込み）",
       "at bptt_step = 0, hiddens[:, bptt_step - 1] is hiddens[:, -1], the LAST step; the state before the first "
       "step is h_{-1} = 0, so dU gets nothing from step 0",
       "bptt_step = 0 のとき hiddens[:, bptt_step - 1] は hiddens[:, -1]、つまり「最後の」時刻です。"
       "最初の時刻の前の状態は h_{-1} = 0 なので、時刻 0 から dU には何も足されません",
       _grads(wrap=True),
       example=[("h_prev = hiddens[:, bptt_step - 1] if bptt_step > 0 else np.zeros_like(hiddens[:, 0])",
                 "h_prev = hiddens[:, bptt_step - 1]")]),
]

_LOOK = {"en": "Look at blank (1): going one step back multiplies delta_t by dh_t/dh_{t-1} = U, from the right: "
               "delta_t.dot(U). The lines around it (the / N, h_prev) are given complete.",
         "ja": "空欄 (1) を確認してください: 1 時刻遡るには delta_t に dh_t/dh_{t-1} = U を右から掛けます: delta_t.dot(U)。"
               "まわりの行（/ N や h_prev）は完成したものが与えられています。"}
_PARTS = ("dW", "dU", "dV")


def _inputs(rng, N, T, D, H, O):
    xs, ys = rng.normal(size=(N, T, D)), rng.normal(size=(N, T, O))
    W = rng.normal(scale=1 / np.sqrt(D), size=(H, D))
    U = rng.normal(scale=0.6 / np.sqrt(H), size=(H, H))
    U[0, -1] += 0.5  # never symmetric, even for a small H
    V = rng.normal(scale=1 / np.sqrt(H), size=(O, H))
    return xs, ys, W, U, V


def _case(args):
    return shape_case(xs=args[0], W=args[2], V=args[4])


def _run(sub, ref, args):
    return check_call(sub, ref, "bptt", *args, parts=_PARTS, mistakes=MISTAKES, look_at=pick(_LOOK), case=_case(args))


@task({"en": "returns (dW, dU, dV) shaped like W, U and V", "ja": "W, U, V と同じ形の (dW, dU, dV) を返す"}, points=2)
def test_shapes(sub, ref, rng):
    args = _inputs(rng, 3, 4, 2, 5, 3)
    expect_form(sub.bptt(*args), ref.bptt(*args), name="(dW, dU, dV)", parts=_PARTS, case=_case(args))


# (N, T, D, H, O): N >= 3, H != D, H != O (see the module docstring).
SIZES = [(3, 3, 3, 4, 2), (4, 5, 2, 3, 4), (5, 2, 5, 3, 1), (3, 6, 4, 5, 3)]


@task({"en": "values against the reference on several sizes", "ja": "いろいろな大きさで模範解答と比較"}, points=4)
def test_values(sub, ref, rng):
    for size in SIZES:
        _run(sub, ref, _inputs(rng, *size))


@task({"en": "a single step (T = 1): h_{-1} = 0, so dU is zero", "ja": "1 時刻だけ（T = 1）: h_{-1} = 0 なので dU は 0"},
      points=1)
def test_single_step(sub, ref, rng):
    _run(sub, ref, _inputs(rng, 3, 1, 2, 4, 3))


# Threshold: E is a polynomial in the weights, so central differences (h = 1e-5) are accurate to
# about 1e-10 relative here; the relative error (CS231n style, |a - b| / max(|a|, |b|)) gets a
# floor of 1e-3 times the largest numerical entry so that entries near 0 do not measure rounding
# noise.  CS231n calls anything above 1e-4 suspect for a smooth function.  Over 600 random draws
# of these inputs a right bptt reached at most 1.3e-7, and every catalogued mistake that runs
# gave 0.09 or more (extra-mean; the others 0.28 or more), so NUM_TOL = 1e-5 leaves a margin of
# about 80 above the right answer and 10^4 below the mistakes.
NUM_TOL = 1e-5


@task({"en": "against a numerical gradient of the loss E", "ja": "損失 E の数値微分と比較"}, points=3, independent=True)
def test_numerical(sub, rng):
    for size in [(3, 4, 3, 4, 2), (4, 3, 2, 4, 3)]:
        xs, ys, W, U, V = args = _inputs(rng, *size)
        numeric = (numerical_gradient(lambda v: _loss(xs, ys, v, U, V), W),
                   numerical_gradient(lambda v: _loss(xs, ys, W, v, V), U),
                   numerical_gradient(lambda v: _loss(xs, ys, W, U, v), V))
        got = sub.bptt(*args)
        expect_form(got, numeric, name="(dW, dU, dV)", parts=_PARTS, case=_case(args))
        for name, g, n in zip(_PARTS, got, numeric):
            error = relative_error(g, n, floor=1e-3 * float(np.abs(n).max()) + 1e-12)
            if error > NUM_TOL:
                named = [m for m, w in predictions(MISTAKES, "bptt", args, {})
                         if difference(got, w, "", 1e-6, 1e-9) is None]
                mistake = named[0] if len(named) == 1 else None
                raise TaskFailed(tr("With {c}: {n} differs from the numerical gradient of E (relative error {e:.2g}, "
                                    "more than {t:g}).", "{c} のとき: {n} が E の数値微分と一致しません（相対誤差 {e:.2g}、"
                                    "許容 {t:g}）。", c=_case(args), n=name, e=error, t=NUM_TOL)
                                 + "\n" + (mistake.message() if mistake else pick(_LOOK)), mistake)
