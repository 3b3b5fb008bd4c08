"""Checks for ``pooling``: max pooling forward and backward, against the
reference, a plain loop and a numerical gradient."""
import numpy as np

from grader.compare import check_call, expect, expect_form
from grader.i18n import pick, tr
from grader.mistakes import bilingual as _m
from grader.numgrad import numerical_gradient, relative_error
from grader.outcome import TaskFailed
from grader.tasks import task

ANSWERS = {1: "rows.max(axis=1)", 2: "out.reshape(N, oh, ow, C).transpose(0, 3, 1, 2)",
           3: "dout.transpose(0, 2, 3, 1).reshape(-1)", 4: "np.arange(rows.shape[0]), winner"}
EQUIVALENTS = [
    {1: "np.max(rows, axis=1)", 2: "np.transpose(out.reshape(N, oh, ow, C), (0, 3, 1, 2))",
     3: "np.transpose(dout, (0, 2, 3, 1)).flatten()", 4: "range(len(rows)), winner"},
    {1: "rows[np.arange(len(rows)), rows.argmax(axis=1)]", 2: "np.moveaxis(out.reshape(N, oh, ow, C), 3, 1)",
     3: "np.moveaxis(dout, 1, 3).ravel()"},
]


def _size(n, k, s, p):
    return (n + 2 * p - k) // s + 1


def _rows(x, ph, pw, s, p, order="nhwc"):
    """Window rows in (n, oh, ow, c) order, built with plain loops."""
    N, C, H, W = x.shape
    oh, ow = _size(H, ph, s, p), _size(W, pw, s, p)
    img = np.pad(x, [(0, 0), (0, 0), (p, p), (p, p)])
    out = np.zeros((N, oh, ow, C, ph * pw))
    for i in range(oh):
        for j in range(ow):
            out[:, i, j] = img[:, :, i * s:i * s + ph, j * s:j * s + pw].reshape(N, C, -1)
    return out


def _forward(x, ph, pw, stride=2, pad=0, reduce="max", layout="right"):
    r = _rows(x, ph, pw, stride, pad)
    v = r.max(axis=-1) if reduce == "max" else r.mean(axis=-1)    # (N, OH, OW, C)
    if layout == "right":
        return v.transpose(0, 3, 1, 2)
    N, oh, ow, C = v.shape
    return v.reshape(N, C, oh, ow)


def _backward(dout, x, ph, pw, stride=2, pad=0, spread=False, dout_order="right"):
    N, C, H, W = x.shape
    r = _rows(x, ph, pw, stride, pad)
    g = np.zeros_like(r)
    d = dout.transpose(0, 2, 3, 1) if dout_order == "right" else dout.reshape(r.shape[:4])
    if spread:
        g[:] = d[..., None] / (ph * pw)
    else:
        idx = np.argmax(r, axis=-1)
        np.put_along_axis(g, idx[..., None], d[..., None], axis=-1)
    dimg = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    for i in range(r.shape[1]):
        for j in range(r.shape[2]):
            dimg[:, :, i * stride:i * stride + ph, j * stride:j * stride + pw] += g[:, i, j].reshape(N, C, ph, pw)
    return dimg[:, :, pad:pad + H, pad:pad + W]



MISTAKES = [
    _m("max-wrong-axis", "max_pooling_forward", "the maximum taken over axis 0 (across windows)",
       "最大値を axis=0（窓をまたいだ方向）でとっている",
       "each row of rows is one window: take the maximum along axis=1", "rows の各行が 1 つの窓です。axis=1 方向の最大値をとります",
       code=("rows.max(axis=0)", "np.max(rows, axis=0)")),
    _m("mean-pooling", "max_pooling_forward", "the mean of each window (average pooling)", "各窓の平均をとっている（Average プーリング）",
       "max pooling keeps the largest value of each window: max, not mean", "Max プーリングは各窓の最大値を残します。mean ではなく max です",
       predict=lambda x, ph, pw, stride=2, pad=0: _forward(x, ph, pw, stride, pad, reduce="mean"),
       code=("rows.mean(axis=1)", "np.mean(rows, axis=1)")),
    _m("forward-no-transpose", "max_pooling_forward", "the output reshaped to (N, C, OH, OW) directly",
       "出力をそのまま (N, C, OH, OW) に reshape している",
       "the values come in (n, oh, ow, c) order: reshape to (N, OH, OW, C), then transpose(0, 3, 1, 2)",
       "値は (n, oh, ow, c) の順に並んでいます。(N, OH, OW, C) に reshape してから transpose(0, 3, 1, 2) します",
       predict=lambda x, ph, pw, stride=2, pad=0: _forward(x, ph, pw, stride, pad, layout="flat"),
       example={2: "out.reshape(N, C, oh, ow)"}),
    _m("backward-dout-order", "max_pooling_backward", "dout flattened in (n, c, oh, ow) order",
       "dout を (n, c, oh, ow) の順のまま 1 次元にしている",
       "the window rows are in (n, oh, ow, c) order, so move the channel axis last before flattening: "
       "dout.transpose(0, 2, 3, 1)", "窓の行は (n, oh, ow, c) の順なので、平らにする前にチャンネルの軸を最後へ: "
       "dout.transpose(0, 2, 3, 1)",
       predict=lambda dout, x, ph, pw, stride=2, pad=0: _backward(dout, x, ph, pw, stride, pad, dout_order="flat"),
       example={3: "dout.reshape(-1)"}),
    _m("backward-spread", "max_pooling_backward", "the gradient spread evenly over the window (average pooling's backward)",
       "勾配を窓全体に均等に分けている（Average プーリングの逆伝播）",
       "only the maximum reached the output, so only its position gets the gradient; the others get 0",
       "出力に届いたのは最大値だけなので、勾配もその位置にだけ流れます。ほかの位置は 0 です",
       predict=lambda dout, x, ph, pw, stride=2, pad=0: _backward(dout, x, ph, pw, stride, pad, spread=True),
       example=[("    grad[np.arange(rows.shape[0]), winner] = flat\n",
                 "    grad[:] = flat[:, None] / (pool_h * pool_w)\n")]),
]

_LOOK = {"en": "Look at the order of the values: windows are in (n, oh, ow, c) order, the output is (N, C, OH, OW).",
         "ja": "値の並び順を確認してください: 窓は (n, oh, ow, c) の順、出力は (N, C, OH, OW) です。"}
# (N, C, H, W, pool_h, pool_w, stride, pad): overlapping windows (stride 1), padding with negatives.
CASES = [(2, 3, 4, 6, 2, 2, 2, 0), (1, 2, 5, 5, 3, 3, 1, 0), (2, 2, 5, 4, 2, 3, 2, 1), (3, 1, 6, 6, 3, 2, 3, 0)]


def _case(x, ph, pw, s, p):
    return tr("x {x}, pool {ph}x{pw}, stride {s}, pad {p}", "x {x}、プール {ph}x{pw}、ストライド {s}、パディング {p}",
              x=x.shape, ph=ph, pw=pw, s=s, p=p)


@task({"en": "forward: output shape (N, C, OH, OW)", "ja": "順伝播: 出力の形 (N, C, OH, OW)"}, points=1)
def test_forward_shape(sub, ref, rng):
    x = rng.normal(size=(2, 3, 4, 6))
    expect_form(sub.max_pooling_forward(x, 2, 2, stride=2), ref.max_pooling_forward(x, 2, 2, stride=2),
                name="out", case=_case(x, 2, 2, 2, 0))


@task({"en": "forward against the reference", "ja": "順伝播を模範解答と比較"}, points=3)
def test_forward(sub, ref, rng):
    for N, C, H, W, ph, pw, s, p in CASES:
        x = rng.normal(size=(N, C, H, W)) - (1.0 if p else 0.0)   # mostly negative when padded
        check_call(sub, ref, "max_pooling_forward", x, ph, pw, stride=s, pad=p, name="out", mistakes=MISTAKES,
                   case=_case(x, ph, pw, s, p), look_at=pick(_LOOK))


@task({"en": "forward against a plain loop", "ja": "順伝播をループによる実装と比較"}, points=2, independent=True)
def test_forward_loop(sub, rng):
    for N, C, H, W, ph, pw, s, p in CASES:
        x = rng.normal(size=(N, C, H, W))
        img = np.pad(x, [(0, 0), (0, 0), (p, p), (p, p)])
        want = np.zeros((N, C, _size(H, ph, s, p), _size(W, pw, s, p)))
        for i in range(want.shape[2]):
            for j in range(want.shape[3]):
                want[:, :, i, j] = img[:, :, i * s:i * s + ph, j * s:j * s + pw].max(axis=(2, 3))
        expect(sub.max_pooling_forward(x, ph, pw, stride=s, pad=p), want, name="out", case=_case(x, ph, pw, s, p))


@task({"en": "backward against the reference", "ja": "逆伝播を模範解答と比較"}, points=3)
def test_backward(sub, ref, rng):
    for N, C, H, W, ph, pw, s, p in CASES:
        x = rng.normal(size=(N, C, H, W))
        dout = rng.normal(size=(N, C, _size(H, ph, s, p), _size(W, pw, s, p)))
        check_call(sub, ref, "max_pooling_backward", dout, x, ph, pw, stride=s, pad=p, name="dx",
                   mistakes=MISTAKES, case=_case(x, ph, pw, s, p), look_at=pick(_LOOK))


@task({"en": "backward with ties: the first maximum gets the gradient",
       "ja": "同じ値が並ぶときの逆伝播: 最初の最大値の位置に勾配が流れる"}, points=1)
def test_backward_ties(sub, ref, rng):
    for N, C, H, W, ph, pw, s, p in CASES[:2]:
        x = rng.integers(0, 2, size=(N, C, H, W)).astype(np.float64)
        dout = rng.normal(size=(N, C, _size(H, ph, s, p), _size(W, pw, s, p)))
        check_call(sub, ref, "max_pooling_backward", dout, x, ph, pw, stride=s, pad=p, name="dx",
                   mistakes=MISTAKES, case=_case(x, ph, pw, s, p) + tr(", values 0 or 1", "、値は 0 か 1"))


# Max pooling is piecewise linear: away from ties, central differences with h = 1e-5 are exact up to
# rounding (about 1e-11 relative), so 1e-6 leaves a wide margin while any misrouted gradient gives an
# error of order 1.
@task({"en": "backward against a numerical gradient", "ja": "逆伝播を数値微分と比較"}, points=2, independent=True)
def test_backward_numerical(sub, rng):
    for N, C, H, W, ph, pw, s, p in CASES:
        x = rng.normal(size=(N, C, H, W))
        dout = rng.normal(size=(N, C, _size(H, ph, s, p), _size(W, pw, s, p)))
        got = np.asarray(sub.max_pooling_backward(dout, x, ph, pw, stride=s, pad=p), dtype=np.float64)
        expect_form(got, x, name="dx", case=_case(x, ph, pw, s, p))
        numeric = numerical_gradient(lambda v: float(np.sum(_forward(v, ph, pw, s, p) * dout)), x)
        error = relative_error(got, numeric)
        if error > 1e-6:
            idx = np.unravel_index(int(np.argmax(np.abs(got - numeric))), x.shape)
            raise TaskFailed(tr("With {c}: dx differs from the numerical gradient (relative error {e:.2g}; at index {i} "
                                "yours is {g:.6g}, the numerical one {n:.6g}).\n{look}",
                                "{c} のとき: dx が数値微分と一致しません（相対誤差 {e:.2g}。添字 {i} であなたの値 {g:.6g}、"
                                "数値微分 {n:.6g}）。\n{look}", c=_case(x, ph, pw, s, p), e=error, i=tuple(map(int, idx)),
                                g=float(got[idx]), n=float(numeric[idx]), look=pick(_LOOK)))
