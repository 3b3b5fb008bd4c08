"""Checks for ``bptt``: the gradients of the challenge's linear RNN, against the reference and
against a numerical gradient.

Inputs have H != D and H != O (so delta_t.dot(W) and delta_t.dot(V) stop with a shape error,
recognised from the code typed), except in one task where N = D = H = O, so that those slips and
U.dot(delta_t) run there and are named from their outputs; N >= 3 (so a missing or extra / N
shows, and is not confused with a stray factor 1/2), and a non-symmetric U (so U and U.T differ).
"""
import numpy as np

from grader.compare import check_unchanged, difference, expect, expect_form, shape_case
from grader.checks._rnn_mistakes import candidates, check_fresh_each_call
from grader.i18n import tr
from grader.mistakes import predictions, bilingual
from grader.numgrad import numerical_gradient, relative_error, remembered
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


def _grads(back=lambda d, U, N: d @ U, state="zero", mean=(True, True, True), extra=None):
    """The challenge's loop with the blank replaced by ``back(delta, U, N)``; ``state`` is the h_prev
    read at each step ("zero": the right one, h_{-1} = 0; "wrap": the original's hiddens[:, bptt_step-1]
    at step 0; "current": hiddens[:, bptt_step]); ``mean`` says which of dW, dU, dV get their / N;
    ``extra(delta, s, hs, do, U, V, W)`` replaces the blank when given (it needs more than delta)."""
    def predict(xs, ys, W, U, V):
        hs, outs = _forward(xs, W, U, V)
        N, T = ys.shape[:2]
        kW, kU, kV = (N if m else 1 for m in mean)
        dW, dU, dV = np.zeros_like(W), np.zeros_like(U), np.zeros_like(V)
        do = outs - ys
        for t in reversed(range(T)):
            dV += do[:, t].T @ hs[:, t] / kV
            delta = do[:, t] @ V
            for s in reversed(range(t + 1)):
                if state == "current":
                    h_prev = hs[:, s]
                else:
                    h_prev = hs[:, s - 1] if (s > 0 or state == "wrap") else np.zeros_like(hs[:, 0])
                dW += delta.T @ xs[:, s] / kW
                dU += delta.T @ h_prev / kU
                delta = extra(delta, s, hs, do, U, V, W) if extra else back(delta, U, N)
        return dW, dU, dV
    return predict


def _m(mid, *texts, **kw):   # every mistake here is one of bptt
    return bilingual(mid, "bptt", *texts, **kw)


def _earlier(hs, s):
    return hs[:, s - 1] if s > 0 else np.zeros_like(hs[:, 0])


_WHY_U = {"en": "h_t = x_t W^T + h_{t-1} U^T: the step back follows the term with h_{t-1} in it, with delta_t "
                "as one row per sample",
          "ja": "h_t = x_t W^T + h_{t-1} U^T です。1 時刻遡るときは h_{t-1} を含む項をたどります（delta_t はサンプルごとの行）"}
_ONE_LINE = {"en": "only one of the three sums lost its / N: the loss is the mean over the N samples, so every sum over "
                   "the batch in dW, dU and dV is divided by N",
             "ja": "3 つの和のうち 1 つだけ / N が抜けています。損失は N 個のサンプルの平均なので、dW, dU, dV でバッチ方向に"
                   "足す和はすべて N で割ります"}
_LINES = {"dV": ("dV += do[:, t].T @ hiddens[:, t] / N", "dV += do[:, t].T @ hiddens[:, t]"),
          "dW": ("dW += delta_t.T @ xs[:, bptt_step] / N", "dW += delta_t.T @ xs[:, bptt_step]"),
          "dU": ("dU += delta_t.T @ h_prev / N", "dU += delta_t.T @ h_prev")}
_H_PREV = "h_prev = hiddens[:, bptt_step - 1] if bptt_step > 0 else np.zeros_like(hiddens[:, 0])"

MISTAKES = [
    _m("U-transposed", "U transposed, delta_t.dot(U.T)", "U を転置している（delta_t.dot(U.T)）",
       "the forward pass multiplies by U^T (h_{t-1} U^T), so going back does not use U^T again; " + _WHY_U["en"],
       "順伝播で U^T（h_{t-1} U^T）を掛けているので、逆向きにもう一度 U^T を掛けるのではありません。" + _WHY_U["ja"],
       _grads(back=lambda d, U, N: d @ U.T),
       code=("delta_t.dot(U.T)", "delta_t @ U.T", "np.dot(delta_t, U.T)", "U.dot(delta_t.T).T")),
    _m("U-on-the-left", "U on the left of delta_t (U.dot(delta_t))", "U を delta_t の左に掛けている（U.dot(delta_t)）",
       "delta_t is (N, H), one row per sample: a matrix on its left mixes the samples (and fails unless N = H). "
       + _WHY_U["en"],
       "delta_t は (N, H) でサンプルごとの行です。左から行列を掛けるとサンプル同士が混ざります（N = H でなければ形のエラー）。"
       + _WHY_U["ja"], _grads(back=lambda d, U, N: U @ d),
       code=("U.dot(delta_t)", "U @ delta_t", "np.dot(U, delta_t)")),
    _m("W-for-U", "the input weight W instead of the recurrent weight U, delta_t.dot(W)",
       "再帰の重み U ではなく入力の重み W を使っている（delta_t.dot(W)）",
       "W connects the input x_t to h_t; the path from h_t back to h_{t-1} goes through the recurrent weight "
       "(delta_t.dot(W) has the shape of x, (N, D), and fails unless D = H). " + _WHY_U["en"],
       "W は入力 x_t から h_t への重みで、h_t から h_{t-1} へ戻る道は再帰の重みを通ります（delta_t.dot(W) は x と同じ形 "
       "(N, D) になり、D = H でなければ失敗します）。" + _WHY_U["ja"],
       _grads(extra=lambda d, s, hs, do, U, V, W: d @ W), code=("delta_t.dot(W)", "delta_t @ W", "np.dot(delta_t, W)")),
    _m("V-for-U", "the output weight V instead of U (delta_t.dot(V))", "U ではなく出力の重み V を使っている（delta_t.dot(V)）",
       "V was already used once, to bring the output error to h_t (do[:, t] @ V); going further back in time "
       "uses the recurrent weight. " + _WHY_U["en"],
       "V は出力の誤差を h_t に戻すとき（do[:, t] @ V）に 1 度だけ使います。さらに時間を遡るのは再帰の重みです。" + _WHY_U["ja"],
       _grads(extra=lambda d, s, hs, do, U, V, W: d @ V),
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
    _m("activation-derivative", "a tanh derivative in the step back (... * (1 - h_prev ** 2))",
       "遡るときに tanh の微分を掛けている（... * (1 - h_prev ** 2)）",
       "this network has no nonlinearity (_activation is the identity), so its derivative is 1: there is no factor "
       "besides the weight", "このネットワークには非線形性がありません（_activation は恒等関数）。微分は 1 なので、重みのほかに掛けるものはありません",
       _grads(extra=lambda d, s, hs, do, U, V, W: (d @ U) * (1 - _earlier(hs, s) ** 2)),
       example={1: "delta_t.dot(U) * (1 - h_prev ** 2)"}),
    _m("adds-earlier-output", "the output error of the earlier step added in the blank (... + do[:, bptt_step - 1] @ V)",
       "空欄で前の時刻の出力の誤差を足している（... + do[:, bptt_step - 1] @ V）",
       "the outer loop already starts a chain from the output of every step t; adding the earlier outputs here "
       "counts them again", "外側のループが各時刻 t の出力から 1 本ずつ連鎖を始めています。ここで前の時刻の出力を足すと二重に数えます",
       _grads(extra=lambda d, s, hs, do, U, V, W: d @ U + do[:, s - 1] @ V),
       example={1: "delta_t.dot(U) + do[:, bptt_step - 1] @ V"}),
    _m("no-mean", "the gradients summed over the batch without / N (N times too large)",
       "バッチで足した勾配を N で割っていない（N 倍の大きさになる）",
       "the loss is the mean over the N samples, so every sum over the batch in dW, dU and dV is divided by N",
       "損失は N 個のサンプルの平均なので、dW, dU, dV でバッチ方向に足した和はすべて N で割ります",
       _grads(mean=(False, False, False)), example=list(_LINES.values())),
    _m("no-mean-dV", "dV summed over the batch without / N", "dV をバッチで足したまま N で割っていない",
       _ONE_LINE["en"], _ONE_LINE["ja"], _grads(mean=(True, True, False)), example=[_LINES["dV"]]),
    _m("no-mean-dW", "dW summed over the batch without / N", "dW をバッチで足したまま N で割っていない",
       _ONE_LINE["en"], _ONE_LINE["ja"], _grads(mean=(False, True, True)), example=[_LINES["dW"]]),
    _m("no-mean-dU", "dU summed over the batch without / N", "dU をバッチで足したまま N で割っていない",
       _ONE_LINE["en"], _ONE_LINE["ja"], _grads(mean=(True, False, True)), example=[_LINES["dU"]]),
    _m("wrapped-state", "the state before the first step read as hiddens[:, -1] (the original's wrap-around)",
       "最初の時刻の前の状態を hiddens[:, -1] として読んでいる（元のコードの回り込み）",
       "at bptt_step = 0, hiddens[:, bptt_step - 1] is hiddens[:, -1], the LAST step; the state before the first "
       "step is h_{-1} = 0, so dU gets nothing from step 0",
       "bptt_step = 0 のとき hiddens[:, bptt_step - 1] は hiddens[:, -1]、つまり「最後の」時刻です。"
       "最初の時刻の前の状態は h_{-1} = 0 なので、時刻 0 から dU には何も足されません",
       _grads(state="wrap"), example=[(_H_PREV, "h_prev = hiddens[:, bptt_step - 1]")]),
    _m("current-state", "the state of the same step, hiddens[:, bptt_step], used as h_prev",
       "h_prev に同じ時刻の状態 hiddens[:, bptt_step] を使っている",
       "dU pairs the error at step bptt_step with the state that U multiplied on the way in, the one of the "
       "step before (h_{-1} = 0 before the first step)",
       "dU では、時刻 bptt_step の誤差と、順伝播でそこへ U が掛けられた状態、つまり 1 つ前の時刻の状態を組み合わせます"
       "（最初の時刻の前は h_{-1} = 0）",
       _grads(state="current"), example=[(_H_PREV, "h_prev = hiddens[:, bptt_step]")]),
]
_PARTS = ("dW", "dU", "dV")


def _look(got, want):
    ok = {}
    if isinstance(got, (tuple, list)) and len(got) == 3:
        ok = {p: difference(g, w, p, 1e-6, 1e-9) is None for p, g, w in zip(_PARTS, got, want)}
    return _look_parts(ok)


def _look_parts(ok):
    """Where to look, from the parts that are right (``ok``, empty when the output is not three
    arrays): blank (1) cannot change dV, and changes dW along with dU."""
    if ok and not ok["dV"]:
        return tr("dV differs, and blank (1) does not change dV: look at the lines you changed outside the blank "
                  "(the dV line, the forward pass, the error do).",
                  "dV が違いますが、空欄 (1) は dV を変えません。空欄の外で変えた行（dV の行、順伝播、誤差 do）を確認してください。")
    if ok and ok["dW"] and not ok["dU"]:
        return tr("dW and dV are right but dU is not; blank (1) would change dW too, so look at the line that adds "
                  "to dU and at the state h_prev it uses.",
                  "dW と dV は正しく dU だけが違います。空欄 (1) なら dW も変わるので、dU に足す行と、そこで使う h_prev を"
                  "確認してください。")
    return tr("Look at blank (1), how delta_t is sent one step back in time (which weight, on which side), and at "
              "the lines that add to dW and dU if you changed them.",
              "空欄 (1) で delta_t を 1 時刻前へ送る計算（どの重みを、どちら側から掛けるか）と、変えた場合は dW と dU に"
              "足す行を確認してください。")


def _inputs(rng, N, T, D, H, O):
    xs, ys = rng.normal(size=(N, T, D)), rng.normal(size=(N, T, O))
    W = rng.normal(scale=1 / np.sqrt(D), size=(H, D))
    U = rng.normal(scale=0.6 / np.sqrt(H), size=(H, H))
    U[0, -1] += 0.5  # never symmetric, even for a small H
    V = rng.normal(scale=1 / np.sqrt(H), size=(O, H))
    return xs, ys, W, U, V


def _case(args):
    return shape_case(xs=args[0], W=args[2], V=args[4])


def _run(sub, ref, args, general=False):
    _compare(sub.bptt(*args), ref.bptt(*args), args, general)


def _compare(got, want, args, general=False):
    expect(got, want, name="(dW, dU, dV)", parts=_PARTS, case=_case(args),
           candidates=lambda: candidates(MISTAKES, "bptt", args, want, parts=_PARTS, like_reference=general),
           look_at=lambda: _look(got, want))


@task({"en": "returns (dW, dU, dV) shaped like W, U and V", "ja": "W, U, V と同じ形の (dW, dU, dV) を返す"}, points=1)
def test_shapes(sub, ref, rng):
    args = _inputs(rng, 3, 4, 2, 5, 3)
    expect_form(sub.bptt(*args), ref.bptt(*args), name="(dW, dU, dV)", parts=_PARTS, case=_case(args))


# (N, T, D, H, O): N >= 3, H != D, H != O (see the module docstring).
SIZES = [(3, 3, 3, 4, 2), (4, 5, 2, 3, 4), (5, 2, 5, 3, 1), (3, 6, 4, 5, 3)]


@task({"en": "values against the reference on several sizes", "ja": "いろいろな大きさで模範解答と比較"}, points=3)
def test_values(sub, ref, rng):
    for size in SIZES:
        _run(sub, ref, _inputs(rng, *size), general=True)


@task({"en": "a single step (T = 1): h_{-1} = 0, so dU is zero", "ja": "1 時刻だけ（T = 1）: h_{-1} = 0 なので dU は 0"},
      points=1)
def test_single_step(sub, ref, rng):
    _run(sub, ref, _inputs(rng, 3, 1, 2, 4, 3))


@task({"en": "values when all sizes are equal (N = D = H = O)", "ja": "すべての大きさが等しいとき（N = D = H = O）の値"},
      points=1)
def test_square(sub, ref, rng):
    _run(sub, ref, _inputs(rng, 3, 4, 3, 3, 3))      # here W, V or U on the left run: see the module docstring


@task({"en": "the inputs are left unchanged", "ja": "入力の配列を書き換えない"}, points=1)
def test_inputs_unchanged(sub, ref, rng):
    args = _inputs(rng, 3, 3, 2, 4, 3)
    got = check_unchanged(sub, "bptt", args, names=("xs", "ys", "W", "U", "V"))
    _compare(got, ref.bptt(*args), args)


@task({"en": "called again and again, each result depends only on its own arguments",
       "ja": "何度呼んでも、結果はその回の引数だけで決まる"}, points=1)
def test_repeatable(sub, ref, rng):
    calls = [_inputs(rng, 3, 3, 2, 4, 3) for _ in range(3)]
    check_fresh_each_call(sub, ref, "bptt", calls, name="(dW, dU, dV)", parts=_PARTS, mistakes=MISTAKES,
                          look_at=_look_parts({}))


# Threshold: E is a polynomial in the weights, so central differences (h = 1e-5) are accurate to
# about 1e-10 relative here; the relative error (CS231n style, |a - b| / max(|a|, |b|)) gets a
# floor of 1e-3 times the largest numerical entry so that entries near 0 do not measure rounding
# noise.  CS231n calls anything above 1e-4 suspect for a smooth function.  Over 600 random draws
# of these inputs a right bptt reached at most 1.3e-7, and the catalogued mistakes that run
# gave 0.09 or more (extra-mean; most 0.28 or more), so NUM_TOL = 1e-5 leaves a margin of
# about 80 above the right answer and 10^4 below the mistakes.
NUM_TOL = 1e-5


@task({"en": "against a numerical gradient of the loss E", "ja": "損失 E の数値微分と比較"}, points=2, independent=True)
def test_numerical(sub, rng):
    for size in [(3, 4, 3, 4, 2), (4, 3, 2, 4, 3)]:
        xs, ys, W, U, V = args = _inputs(rng, *size)
        # computed once for the reference's run and the learner's (the same inputs)
        numeric = remembered(("bptt", xs, ys, W, U, V), lambda: (
            numerical_gradient(lambda v: _loss(xs, ys, v, U, V), W),
            numerical_gradient(lambda v: _loss(xs, ys, W, v, V), U),
            numerical_gradient(lambda v: _loss(xs, ys, W, U, v), V)))
        got = sub.bptt(*args)
        expect_form(got, numeric, name="(dW, dU, dV)", parts=_PARTS, case=_case(args))
        errors = {p: relative_error(g, n, floor=1e-3 * float(np.abs(n).max()) + 1e-12)
                  for p, g, n in zip(_PARTS, got, numeric)}
        for name in _PARTS:
            if errors[name] > NUM_TOL:
                named = [m for m, w in predictions(MISTAKES, "bptt", args, {})
                         if difference(got, w, "", 1e-6, 1e-9) is None]
                mistake = named[0] if len(named) == 1 else None
                look = _look_parts({p: e <= NUM_TOL for p, e in errors.items()})
                raise TaskFailed(tr("With {c}: {n} differs from the numerical gradient of E (relative error {e:.2g}, "
                                    "more than {t:g}).", "{c} のとき: {n} が E の数値微分と一致しません（相対誤差 {e:.2g}、"
                                    "許容 {t:g}）。", c=_case(args), n=name, e=errors[name], t=NUM_TOL)
                                 + "\n" + (mistake.message() if mistake else look), mistake)
