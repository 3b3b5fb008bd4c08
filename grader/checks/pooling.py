"""Checks for ``pooling``: max pooling forward and backward, against the
reference, a plain loop and a numerical gradient.  The catalogue of known
mistakes is in ``_pooling_mistakes``."""
import numpy as np

from grader.checks._pooling_mistakes import MISTAKES, forward as _forward, _size
from grader.compare import check_repeatable, check_unchanged, difference, expect, expect_form
from grader.i18n import tr
from grader.mistakes import predictions
from grader.numgrad import numerical_gradient_stacked, relative_error, remembered
from grader.outcome import TaskFailed
from grader.tasks import task

ANSWERS = {1: "rows.max(axis=1)", 2: "out.reshape(N, oh, ow, C).transpose(0, 3, 1, 2)",
           3: "dout.transpose(0, 2, 3, 1).reshape(-1)", 4: "np.arange(rows.shape[0]), winner"}
EQUIVALENTS = [
    {1: "np.max(rows, axis=1)", 2: "np.transpose(out.reshape(N, oh, ow, C), (0, 3, 1, 2))",
     3: "np.transpose(dout, (0, 2, 3, 1)).flatten()", 4: "range(len(rows)), winner"},
    {1: "rows[np.arange(len(rows)), rows.argmax(axis=1)]", 2: "np.moveaxis(out.reshape(N, oh, ow, C), 3, 1)",
     3: "np.moveaxis(dout, 1, 3).ravel()", 4: "np.arange(len(winner)), winner"},
    {1: "np.amax(rows, axis=-1)", 2: "out.reshape(N, oh, ow, C).swapaxes(2, 3).swapaxes(1, 2)",
     3: "dout.transpose(0, 2, 3, 1).flatten()"},
    {1: "np.max(rows, axis=1, keepdims=True)", 4: "tuple([np.arange(rows.shape[0]), winner])"},
]

_F, _B = "max_pooling_forward", "max_pooling_backward"
# (N, C, H, W, pool_h, pool_w, stride, pad): overlapping windows (stride 1; 2x3 with stride 2), gaps
# between windows (3x2 with stride 3), padding with mostly negative inputs (the padded 0 can win).
CASES = [(2, 3, 4, 6, 2, 2, 2, 0), (1, 2, 5, 5, 3, 3, 1, 0), (2, 2, 5, 4, 2, 3, 2, 1), (3, 1, 6, 6, 3, 2, 3, 0)]


def _case(x, ph, pw, s, p):
    return tr("x {x}, pool {ph}x{pw}, stride {s}, pad {p}", "x {x}、プール {ph}x{pw}、ストライド {s}、パディング {p}",
              x=x.shape, ph=ph, pw=pw, s=s, p=p)


def _x(rng, shape, pad):
    """Random inputs; mostly negative when padded, so that a padded 0 is the maximum of some windows."""
    return rng.normal(size=shape) - (1.0 if pad else 0.0)


def _look_forward(got, want):
    """Say only what the outputs show: the right values in the wrong places, or wrong values."""
    g = np.asarray(got, dtype=np.float64)
    if g.size != want.size:
        return ""
    if np.allclose(np.sort(g.ravel()), np.sort(want.ravel()), rtol=1e-6, atol=1e-9):
        return tr("Your values are the right ones, but in the wrong places: look at how the values, which come in "
                  "(n, oh, ow, c) order, are brought to the shape (N, C, OH, OW).",
                  "値そのものは正しく、置かれた場所が違います。(n, oh, ow, c) の順に並んだ値を形 (N, C, OH, OW) に"
                  "並べ替えるところを確認してください。")
    return tr("Some values themselves are wrong, not only their order: look at what each window keeps "
              "(its largest entry; the padding is 0).",
              "並び順だけでなく、値そのものが違うところがあります。各窓から何を取り出しているか（最大の要素。"
              "パディングは 0）を確認してください。")


def _look_backward(got, want):
    g = np.asarray(got, dtype=np.float64)
    if g.shape != want.shape:
        return ""
    if np.isclose(g.sum(), want.sum(), rtol=1e-6, atol=1e-9):
        return tr("dx has the right total, but some gradients sit at the wrong inputs: look at which input each "
                  "value of dout is sent to.",
                  "dx の合計は正しいのですが、一部の勾配が別の入力に置かれています。dout の各値をどの入力へ送っているかを"
                  "確認してください。")
    return tr("The entries of dx add up to {g:.6g}, but {w:.6g} is expected: some gradients are lost or counted more "
              "than once. Where windows overlap (stride smaller than the window), an input that is the maximum of "
              "several windows receives the sum of their gradients.",
              "dx の要素の合計が {g:.6g} ですが、{w:.6g} のはずです。勾配の一部が失われたか、二重に数えられています。"
              "窓が重なる（ストライドが窓より小さい）ところでは、複数の窓で最大値になった入力が、それらの勾配の和を"
              "受け取ります。", g=float(g.sum()), w=float(want.sum()))


def _compare(sub, ref, func, *args, case, look, name, **kw):
    want = ref.call(func, *args, **kw)
    got = sub.call(func, *args, **kw)
    if difference(got, want, name, 1e-6, 1e-9) is None:
        return
    try:
        advice = look(got, want)
    except Exception:   # an output too far off to say more about
        advice = ""
    expect(got, want, name=name, candidates=lambda: predictions(MISTAKES, func, args, kw), case=case, look_at=advice)


@task({"en": "forward: output shape (N, C, OH, OW)", "ja": "順伝播: 出力の形 (N, C, OH, OW)"}, points=1)
def test_forward_shape(sub, ref, rng):
    x = rng.normal(size=(2, 3, 4, 6))
    expect_form(sub.max_pooling_forward(x, 2, 2, stride=2), ref.max_pooling_forward(x, 2, 2, stride=2),
                name="out", case=_case(x, 2, 2, 2, 0))


@task({"en": "forward against the reference", "ja": "順伝播を模範解答と比較"}, points=2)
def test_forward(sub, ref, rng):
    for N, C, H, W, ph, pw, s, p in CASES:
        x = _x(rng, (N, C, H, W), p)
        _compare(sub, ref, _F, x, ph, pw, stride=s, pad=p, name="out", case=_case(x, ph, pw, s, p), look=_look_forward)


@task({"en": "forward against a plain loop", "ja": "順伝播をループによる実装と比較"}, points=2, independent=True)
def test_forward_loop(sub, rng):
    for N, C, H, W, ph, pw, s, p in CASES:
        x = _x(rng, (N, C, H, W), p)
        img = np.pad(x, [(0, 0), (0, 0), (p, p), (p, p)])
        want = np.zeros((N, C, _size(H, ph, s, p), _size(W, pw, s, p)))
        for i in range(want.shape[2]):
            for j in range(want.shape[3]):
                want[:, :, i, j] = img[:, :, i * s:i * s + ph, j * s:j * s + pw].max(axis=(2, 3))
        got = sub.max_pooling_forward(x, ph, pw, stride=s, pad=p)
        if difference(got, want, "out", 1e-6, 1e-9) is not None:
            expect(got, want, name="out", case=_case(x, ph, pw, s, p), look_at=_look_forward(got, want),
                   candidates=lambda: predictions(MISTAKES, _F, (x, ph, pw), {"stride": s, "pad": p}))


@task({"en": "backward against the reference", "ja": "逆伝播を模範解答と比較"}, points=2)
def test_backward(sub, ref, rng):
    for N, C, H, W, ph, pw, s, p in CASES:
        x = _x(rng, (N, C, H, W), p)
        dout = rng.normal(size=(N, C, _size(H, ph, s, p), _size(W, pw, s, p)))
        _compare(sub, ref, _B, dout, x, ph, pw, stride=s, pad=p, name="dx", case=_case(x, ph, pw, s, p),
                 look=_look_backward)


# A window of 2x2 with stride 1, and one of 3x3 with stride 2, over x whose largest entry (one per
# channel) lies where 4 windows meet: its gradient is the sum of those 4 windows' values of dout.
@task({"en": "backward with overlapping windows: a maximum shared by several windows gets the sum",
       "ja": "窓が重なるときの逆伝播: 複数の窓で共有された最大値は勾配の和を受け取る"}, points=1)
def test_backward_overlap(sub, ref, rng):
    for N, C, H, W, ph, pw, s, (i, j) in [(1, 2, 4, 5, 2, 2, 1, (2, 2)), (2, 1, 5, 5, 3, 3, 2, (2, 2))]:
        x = rng.uniform(-1.0, 1.0, size=(N, C, H, W))
        x[:, :, i, j] = 3.0
        dout = rng.normal(size=(N, C, _size(H, ph, s, 0), _size(W, pw, s, 0)))
        case = _case(x, ph, pw, s, 0) + tr(", the largest entry at ({i}, {j})", "、最大の要素は ({i}, {j})", i=i, j=j)

        def look(got, want):
            g = np.asarray(got, dtype=np.float64)
            lost = not np.isclose(g.sum(), want.sum(), rtol=1e-6, atol=1e-9)
            if lost and not np.isclose(g[0, 0, i, j], want[0, 0, i, j], rtol=1e-6, atol=1e-9):
                return tr("At index (0, 0, {i}, {j}), the maximum of 4 overlapping windows, dx should be the sum of "
                          "those windows' 4 gradients ({w:.6g}); yours is {g:.6g}.",
                          "添字 (0, 0, {i}, {j}) は重なった 4 つの窓の最大値なので、dx はその 4 つの窓の勾配の和"
                          "（{w:.6g}）のはずですが、{g:.6g} でした。", i=i, j=j, w=want[0, 0, i, j], g=g[0, 0, i, j])
            return _look_backward(got, want)

        _compare(sub, ref, _B, dout, x, ph, pw, stride=s, pad=0, name="dx", case=case, look=look)


@task({"en": "backward with ties: the first maximum gets the gradient",
       "ja": "同じ値が並ぶときの逆伝播: 最初の最大値の位置に勾配が流れる"}, points=1)
def test_backward_ties(sub, ref, rng):
    for N, C, H, W, ph, pw, s, p in CASES[:2]:
        x = rng.integers(0, 2, size=(N, C, H, W)).astype(np.float64)
        dout = rng.normal(size=(N, C, _size(H, ph, s, p), _size(W, pw, s, p)))
        _compare(sub, ref, _B, dout, x, ph, pw, stride=s, pad=p, name="dx",
                 case=_case(x, ph, pw, s, p) + tr(", values 0 or 1", "、値は 0 か 1"), look=_look_backward)


# Max pooling is piecewise linear: away from ties, central differences with h = 1e-5 are exact up to
# rounding (about 1e-11 relative), so 1e-6 leaves a wide margin while any misrouted gradient gives an
# error of order 1.
def _numeric(x, dout, ph, pw, s, p):
    """The numerical gradient of sum(forward(x) * dout): every perturbed copy of x in one forward call (the
    windows of one sample never meet another's), each copy's sum taken on its own, as for x alone."""
    N = x.shape[0]

    def each(xs):
        out = _forward(xs.reshape((-1,) + x.shape[1:]), ph, pw, s, p)
        return [float(np.sum(out[k * N:(k + 1) * N] * dout)) for k in range(xs.shape[0])]

    return numerical_gradient_stacked(each, x)


@task({"en": "backward against a numerical gradient", "ja": "逆伝播を数値微分と比較"}, points=2, independent=True)
def test_backward_numerical(sub, rng):
    for N, C, H, W, ph, pw, s, p in CASES:
        x = _x(rng, (N, C, H, W), p)
        dout = rng.normal(size=(N, C, _size(H, ph, s, p), _size(W, pw, s, p)))
        got = sub.max_pooling_backward(dout, x, ph, pw, stride=s, pad=p)
        case = _case(x, ph, pw, s, p)
        expect_form(got, x, name="dx", case=case)
        numeric = remembered(("pooling", x, dout, ph, pw, s, p), lambda: _numeric(x, dout, ph, pw, s, p))
        error = relative_error(got, numeric)
        if error > 1e-6:
            named = [m for m, w in predictions(MISTAKES, _B, (dout, x, ph, pw), {"stride": s, "pad": p})
                     if difference(got, w, "dx", 1e-6, 1e-9) is None]
            mistake = named[0] if len({m.id for m in named}) == 1 else None
            idx = np.unravel_index(int(np.argmax(np.abs(got - numeric))), x.shape)
            raise TaskFailed(tr("With {c}: dx differs from the numerical gradient (relative error {e:.2g}; at index {i} "
                                "yours is {g:.6g}, the numerical one {n:.6g}).",
                                "{c} のとき: dx が数値微分と一致しません（相対誤差 {e:.2g}。添字 {i} であなたの値 {g:.6g}、"
                                "数値微分 {n:.6g}）。", c=case, e=error, i=tuple(map(int, idx)),
                                g=float(got[idx]), n=float(numeric[idx]))
                             + "\n" + (mistake.message() if mistake else _look_backward(got, numeric)), mistake)


@task({"en": "the same inputs give the same outputs in any order, and the inputs are left unchanged",
       "ja": "同じ入力には呼ぶ順番によらず同じ出力を返し、入力を書き換えない"}, points=1)
def test_repeatable_and_inputs_unchanged(sub, ref, rng):
    shape, (ph, pw, s, p) = (2, 3, 5, 5), (3, 3, 2, 1)     # shapes no other task uses
    xs = [_x(rng, shape, p) for _ in range(2)]
    douts = [rng.normal(size=(2, 3, _size(5, ph, s, p), _size(5, pw, s, p))) for _ in xs]
    check_repeatable(sub, ref, _F, [(x, ph, pw, s, p) for x in xs], name="out", mistakes=MISTAKES)
    check_repeatable(sub, ref, _B, [(d, x, ph, pw, s, p) for d, x in zip(douts, xs)], name="dx", mistakes=MISTAKES)
    check_unchanged(sub, _F, [xs[0], ph, pw, s, p], names=["x"])
    check_unchanged(sub, _B, [douts[0], xs[0], ph, pw, s, p], names=["dout", "x"])
