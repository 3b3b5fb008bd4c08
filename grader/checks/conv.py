"""Checks for ``conv``: output size, im2col, col2im and the convolution, against
the reference and against plain loops written independently of im2col.  The
catalogue of known mistakes is in ``_conv_mistakes``."""
import numpy as np

from grader.checks._conv_mistakes import MISTAKES, _size, cols6 as _cols6, im2col as _im2col
from grader.compare import check_repeatable, check_unchanged, difference, expect, expect_form, shape_case
from grader.i18n import tr
from grader.mistakes import predictions
from grader.tasks import task

ANSWERS = {
    1: "(input_size + 2 * pad - filter_size) // stride + 1",
    2: "col.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, -1)",
    3: "col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)",
    4: "W.reshape(FN, -1).T",
    5: "out.reshape(N, out_h, out_w, FN).transpose(0, 3, 1, 2)",
}
EQUIVALENTS = [
    {1: "int((input_size + 2 * pad - filter_size) / stride) + 1",
     2: "np.moveaxis(col, (4, 5), (1, 2)).reshape(N * out_h * out_w, C * filter_h * filter_w)",
     4: "W.reshape(FN, C * FH * FW).transpose()", 5: "np.moveaxis(out.reshape(N, out_h, out_w, FN), 3, 1)"},
    {3: "np.transpose(col.reshape(N, out_h, out_w, C, filter_h, filter_w), (0, 3, 4, 5, 1, 2))",
     4: "np.transpose(W, (1, 2, 3, 0)).reshape(-1, FN)"},
    {1: "1 + (input_size - filter_size + 2 * pad) // stride",
     2: "col.transpose(0, 4, 5, 1, 2, 3).reshape(-1, C * filter_h * filter_w)",
     4: "W.reshape(W.shape[0], -1).T", 5: "out.reshape(N, out_h, out_w, -1).transpose(0, 3, 1, 2)"},
]


# (N, C, H, W, FN, FH, FW, stride, pad): sizes all different, so swapped axes show.
CASES = [(2, 3, 5, 6, 4, 3, 2, 1, 0), (1, 2, 7, 7, 3, 3, 3, 2, 1), (3, 1, 4, 5, 2, 2, 2, 1, 1), (2, 3, 6, 5, 5, 1, 2, 2, 0)]
_FWD = "convolution_forward"


def _data(rng, N, C, H, W, FN, FH, FW):
    return rng.normal(size=(N, C, H, W)), rng.normal(size=(FN, C, FH, FW)), rng.normal(size=FN)


def _same_values(got, want):
    g = np.asarray(got, dtype=np.float64)
    return g.size == want.size and np.allclose(np.sort(g.ravel()), np.sort(want.ravel()), rtol=1e-6, atol=1e-9)


def _look_order(got, want):
    """im2col: the right values in the wrong places, or say nothing."""
    if _same_values(got, want):
        return tr("Your values are the right ones, but in the wrong places: look at the order of the axes "
                  "(rows (n, oh, ow), columns (c, fh, fw)).",
                  "値そのものは正しく、置かれた場所が違います。軸の順番を確認してください（行は (n, oh, ow)、列は (c, fh, fw)）。")
    return ""


def _look_forward(got, want):
    if _same_values(got, want):
        return tr("Your values are the right ones, but in the wrong places: look at the order of the axes "
                  "(im2col's rows (n, oh, ow), the output (N, FN, OH, OW)).",
                  "値そのものは正しく、置かれた場所が違います。軸の順番を確認してください（im2col の行は (n, oh, ow)、"
                  "出力は (N, FN, OH, OW)）。")
    return tr("Some values themselves are wrong, not only their order: look at which filter weights are multiplied "
              "with which inputs (the filter matrix, and the order of im2col's columns).",
              "並び順だけでなく、値そのものが違うところがあります。どのフィルタの重みがどの入力と掛け合わされているか"
              "（フィルタの行列、im2col の列の順）を確認してください。")


def _look_col2im(got, want):
    g = np.asarray(got, dtype=np.float64)
    if g.shape != want.shape:
        return ""
    if np.isclose(g.sum(), want.sum(), rtol=1e-6, atol=1e-9):
        return tr("The entries add up to the right total, but some sit at the wrong positions: each entry of col goes "
                  "back to the input position im2col took it from.",
                  "合計は正しいのですが、一部の値が違う位置にあります。col の各値は、im2col がそれを取り出した入力の位置へ戻します。")
    return tr("The entries add up to {g:.6g}, but {w:.6g} is expected: some are lost or counted more than once "
              "(where patches overlap, the values add up).",
              "要素の合計が {g:.6g} ですが、{w:.6g} のはずです。一部の値が失われたか、二重に数えられています"
              "（パッチが重なるところでは値を足し合わせます）。", g=float(g.sum()), w=float(want.sum()))


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


def _case(x, fh, fw, s, p):
    return tr("x {x}, filter {fh}x{fw}, stride {s}, pad {p}", "x {x}、フィルタ {fh}x{fw}、ストライド {s}、パディング {p}",
              x=x.shape, fh=fh, fw=fw, s=s, p=p)


SIZES = [(5, 3, 2, 1), (6, 2, 1, 1), (28, 5, 1, 0), (7, 3, 2, 0), (32, 3, 1, 1), (10, 4, 3, 2), (6, 3, 2, 0),
         (8, 3, 2, 0)]


# All the sizes are compared at once, and a known mistake is named only when it gives every one of them.
@task({"en": "conv_output_size: an integer, e.g. 5x5, 3x3, stride 2, pad 1 gives 3",
       "ja": "conv_output_size: 整数（例: 5x5、3x3、ストライド 2、パディング 1 なら 3）"}, points=2)
def test_output_size(sub, ref):
    got, want, labels, wrong = [], [], [], {}
    for i, f, s, p in SIZES:
        want.append(ref.conv_output_size(i, f, stride=s, pad=p))
        got.append(sub.conv_output_size(i, f, stride=s, pad=p))
        labels.append(tr("the size for input {i}, filter {f}, stride {s}, pad {p}",
                         "入力 {i}、フィルタ {f}、ストライド {s}、パディング {p} のサイズ", i=i, f=f, s=s, p=p))
        for m, w in predictions(MISTAKES, "conv_output_size", (i, f), {"stride": s, "pad": p}):
            wrong.setdefault(m.id, (m, []))[1].append(w)
    expect(tuple(got), tuple(want), name="conv_output_size", parts=labels,
           candidates=[(m, tuple(ws)) for m, ws in wrong.values() if len(ws) == len(SIZES)],
           look_at=tr("Look at blank (1): count the positions the filter takes on the padded input as it moves by the "
                      "stride (an integer).",
                      "空欄 (1) を確認してください: パディングを付けた入力の上を、フィルタがストライドずつ動いてとる位置の数"
                      "（整数）です。"))


@task({"en": "im2col: shape and order of rows and columns", "ja": "im2col: 形と行・列の順番"}, points=2)
def test_im2col(sub, ref, rng):
    for N, C, H, W, FN, FH, FW, s, p in CASES:
        x = rng.normal(size=(N, C, H, W))
        _compare(sub, ref, "im2col", x, FH, FW, stride=s, pad=p, name="col", case=_case(x, FH, FW, s, p),
                 look=_look_order)


@task({"en": "col2im: the inverse arrangement, overlaps added", "ja": "col2im: 逆の並べ替え（重なりは足し合わせる）"}, points=2)
def test_col2im(sub, ref, rng):
    for N, C, H, W, FN, FH, FW, s, p in CASES:
        shape = (N, C, H, W)
        col = rng.normal(size=(N * _size(H, FH, s, p) * _size(W, FW, s, p), C * FH * FW))
        _compare(sub, ref, "col2im", col, shape, FH, FW, stride=s, pad=p, name="col2im", look=_look_col2im,
                 case=tr("input shape {x}, filter {fh}x{fw}, stride {s}, pad {p}",
                         "入力の形 {x}、フィルタ {fh}x{fw}、ストライド {s}、パディング {p}", x=shape, fh=FH, fw=FW, s=s, p=p))


# col2im is the adjoint (transpose) of im2col: <im2col(x), y> = <x, col2im(y)> for every x and y.
@task({"en": "col2im undoes im2col's arrangement (checked by the adjoint identity)",
       "ja": "col2im が im2col の並べ替えの逆になっている（随伴の関係で確認）"}, points=1, independent=True)
def test_col2im_adjoint(sub, rng):
    for N, C, H, W, FN, FH, FW, s, p in CASES:
        x = rng.normal(size=(N, C, H, W))
        y = rng.normal(size=_im2col(x, FH, FW, s, p).shape)
        back = sub.col2im(y, (N, C, H, W), FH, FW, stride=s, pad=p)
        expect_form(back, x, name="col2im", case=shape_case(x=x))
        left, right = float(np.sum(_im2col(x, FH, FW, s, p) * y)), float(np.sum(x * np.asarray(back)))
        candidates = [(m, float(np.sum(x * w))) for m, w in
                      predictions(MISTAKES, "col2im", (y, (N, C, H, W), FH, FW), {"stride": s, "pad": p})]
        expect(right, left, name=tr("<x, col2im(y)>", "<x, col2im(y)>"), rtol=1e-9, atol=1e-9, candidates=candidates,
               case=tr("x {x}, stride {s}, pad {p} (it must equal <im2col(x), y>)",
                       "x {x}、ストライド {s}、パディング {p}（<im2col(x), y> と等しいはず）", x=x.shape, s=s, p=p))


@task({"en": "convolution_forward against the reference", "ja": "convolution_forward を模範解答と比較"}, points=2)
def test_forward(sub, ref, rng):
    for N, C, H, W, FN, FH, FW, s, p in CASES:
        x, Wt, b = _data(rng, N, C, H, W, FN, FH, FW)
        _compare(sub, ref, _FWD, x, Wt, b, stride=s, pad=p, name="out", look=_look_forward,
                 case=shape_case(x=x, W=Wt) + f", stride {s}, pad {p}")


@task({"en": "convolution_forward against a plain loop over output positions",
       "ja": "convolution_forward を出力位置ごとのループと比較"}, points=2, independent=True)
def test_forward_loop(sub, rng):
    for N, C, H, W, FN, FH, FW, s, p in CASES:
        x, Wt, b = _data(rng, N, C, H, W, FN, FH, FW)
        c6 = _cols6(x, FH, FW, s, p)   # (N, C, FH, FW, OH, OW)
        want = np.einsum("ncijhw,fcij->nfhw", c6, Wt) + b[None, :, None, None]
        got = sub.convolution_forward(x, Wt, b, stride=s, pad=p)
        if difference(got, want, "out", 1e-6, 1e-9) is not None:
            expect(got, want, name="out", case=shape_case(x=x, W=Wt) + f", stride {s}, pad {p}",
                   candidates=lambda: predictions(MISTAKES, _FWD, (x, Wt, b), {"stride": s, "pad": p}),
                   look_at=_look_forward(got, want) if np.shape(got) == want.shape else "")


@task({"en": "the same inputs give the same outputs in any order, and the inputs are left unchanged",
       "ja": "同じ入力には呼ぶ順番によらず同じ出力を返し、入力を書き換えない"}, points=1)
def test_repeatable_and_inputs_unchanged(sub, ref, rng):
    N, C, H, W, FN, FH, FW, s, p = 2, 2, 6, 7, 3, 3, 3, 2, 1    # shapes no other task uses
    data = [_data(rng, N, C, H, W, FN, FH, FW) for _ in range(2)]
    cols = [rng.normal(size=(N * _size(H, FH, s, p) * _size(W, FW, s, p), C * FH * FW)) for _ in data]
    check_repeatable(sub, ref, "im2col", [(x, FH, FW, s, p) for x, _, _ in data], name="col", mistakes=MISTAKES)
    check_repeatable(sub, ref, "col2im", [(c, (N, C, H, W), FH, FW, s, p) for c in cols], name="col2im",
                     mistakes=MISTAKES)
    check_repeatable(sub, ref, _FWD, [(x, Wt, b, s, p) for x, Wt, b in data], name="out", mistakes=MISTAKES)
    check_unchanged(sub, "im2col", [data[0][0], FH, FW, s, p], names=["input_data"])
    check_unchanged(sub, "col2im", [cols[0], (N, C, H, W), FH, FW, s, p], names=["col"])
    check_unchanged(sub, _FWD, [*data[0], s, p], names=["x", "W", "b"])
