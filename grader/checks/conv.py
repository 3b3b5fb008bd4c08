"""Checks for ``conv``: output size, im2col, col2im and the convolution, against
the reference and against plain loops written here independently of im2col."""
import numpy as np

from grader.compare import check_call, expect, expect_form, shape_case
from grader.i18n import pick, tr
from grader.mistakes import bilingual as _m
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
]


def _size(i, f, s, p):
    return (i + 2 * p - f) // s + 1


def _cols6(x, fh, fw, stride, pad):
    """(N, C, FH, FW, OH, OW) patches, built here with plain loops."""
    N, C, H, W = x.shape
    oh, ow = _size(H, fh, stride, pad), _size(W, fw, stride, pad)
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    out = np.zeros((N, C, fh, fw, oh, ow))
    for i in range(oh):
        for j in range(ow):
            out[..., i, j] = img[:, :, i * stride:i * stride + fh, j * stride:j * stride + fw]
    return out


def _im2col(x, fh, fw, stride=1, pad=0, axes=(0, 4, 5, 1, 2, 3)):
    c6 = _cols6(x, fh, fw, stride, pad)
    N, oh, ow = x.shape[0], c6.shape[4], c6.shape[5]
    return c6.transpose(axes).reshape(N * oh * ow, -1)


def _col2im(col, shape, fh, fw, stride=1, pad=0, layout="right", add=True):
    N, C, H, W = shape
    oh, ow = _size(H, fh, stride, pad), _size(W, fw, stride, pad)
    if layout == "right":
        c6 = col.reshape(N, oh, ow, C, fh, fw).transpose(0, 3, 4, 5, 1, 2)
    else:
        c6 = col.reshape(N, C, fh, fw, oh, ow)
    img = np.zeros((N, C, H + 2 * pad + stride - 1, W + 2 * pad + stride - 1))
    for dy in range(fh):
        for dx in range(fw):
            window = (slice(None), slice(None), slice(dy, dy + stride * oh, stride), slice(dx, dx + stride * ow, stride))
            img[window] = img[window] + c6[:, :, dy, dx] if add else c6[:, :, dy, dx]
    return img[:, :, pad:H + pad, pad:W + pad]


def _conv(x, W, b, stride=1, pad=0, filters="right", output="right"):
    FN, C, FH, FW = W.shape
    N, H, Wd = x.shape[0], x.shape[2], x.shape[3]
    oh, ow = _size(H, FH, stride, pad), _size(Wd, FW, stride, pad)
    col_W = W.reshape(FN, -1).T if filters == "right" else W.reshape(-1, FN)
    out = _im2col(x, FH, FW, stride, pad).dot(col_W) + b
    if output == "right":
        return out.reshape(N, oh, ow, FN).transpose(0, 3, 1, 2)
    return out.reshape(N, FN, oh, ow)



MISTAKES = [
    _m("size-true-division", "conv_output_size", "the output size computed with / (a float)",
       "出力サイズを / で計算している（float になる）",
       "DL1's helper returns a float; a size is a whole number: use // for integer division",
       "本の関数は float を返しますが、サイズは整数です。整数の割り算 // を使ってください",
       predict=lambda i, f, stride=1, pad=0: (i + 2 * pad - f) / stride + 1,
       code=("(input_size + 2 * pad - filter_size) / stride + 1",)),
    _m("size-single-pad", "conv_output_size", "the padding counted once", "パディングを片側分しか数えていない",
       "padding is added on both sides: + 2 * pad", "パディングは両側に付くので + 2 * pad です",
       predict=lambda i, f, stride=1, pad=0: (i + pad - f) // stride + 1,
       code=("(input_size + pad - filter_size) // stride + 1",)),
    _m("size-no-plus-one", "conv_output_size", "the + 1 left out", "+ 1 を忘れている",
       "the first position counts too: (H + 2P - FH) // S positions after the first, so + 1",
       "最初の位置も数えます。最初の位置から (H + 2P - FH) // S 回ずらせるので + 1 です",
       predict=lambda i, f, stride=1, pad=0: (i + 2 * pad - f) // stride,
       code=("(input_size + 2 * pad - filter_size) // stride",)),
    _m("im2col-column-order", "im2col", "im2col's columns in (fh, fw, c) order instead of (c, fh, fw)",
       "im2col の列が (c, fh, fw) ではなく (fh, fw, c) の順になっている",
       "the columns must match W.reshape(FN, -1), which runs over c first: transpose(0, 4, 5, 1, 2, 3)",
       "列の順は W.reshape(FN, -1) と同じく c が先頭でなければなりません: transpose(0, 4, 5, 1, 2, 3)",
       predict=lambda x, fh, fw, stride=1, pad=0: _im2col(x, fh, fw, stride, pad, (0, 4, 5, 2, 3, 1)),
       example={2: "col.transpose(0, 4, 5, 2, 3, 1).reshape(N * out_h * out_w, -1)"}),
    _m("im2col-no-transpose", "im2col", "col reshaped without moving the output axes first",
       "出力位置の軸を前に移さずに reshape している",
       "col is (N, C, FH, FW, OH, OW); a row must be one output position, so bring (N, OH, OW) to the front "
       "before reshaping", "col は (N, C, FH, FW, OH, OW) です。1 行が 1 つの出力位置になるよう、reshape の前に "
       "(N, OH, OW) を前に移してください",
       predict=lambda x, fh, fw, stride=1, pad=0: _im2col(x, fh, fw, stride, pad, (0, 1, 2, 3, 4, 5)),
       example={2: "col.reshape(N * out_h * out_w, -1)"}),
    _m("col2im-no-transpose", "col2im", "col reshaped to (N, C, FH, FW, OH, OW) directly",
       "col をそのまま (N, C, FH, FW, OH, OW) に reshape している",
       "im2col's rows are (n, oh, ow) and its columns (c, fh, fw): reshape to (N, OH, OW, C, FH, FW) first, "
       "then transpose(0, 3, 4, 5, 1, 2)", "im2col の行は (n, oh, ow)、列は (c, fh, fw) です。まず (N, OH, OW, C, FH, FW) "
       "に reshape してから transpose(0, 3, 4, 5, 1, 2) します",
       predict=lambda col, shape, fh, fw, stride=1, pad=0: _col2im(col, shape, fh, fw, stride, pad, layout="flat"),
       example={3: "col.reshape(N, C, filter_h, filter_w, out_h, out_w)"}),
    _m("col2im-overwrite", "col2im", "overlapping patches overwrite each other (= instead of +=)",
       "重なったパッチが上書きされている（+= ではなく =）",
       "where windows overlap, an input takes part in several patches: their values add up (+=)",
       "窓が重なるところでは 1 つの入力が複数のパッチに含まれるので、値を足し合わせます（+=）",
       predict=lambda col, shape, fh, fw, stride=1, pad=0: _col2im(col, shape, fh, fw, stride, pad, add=False),
       example=[("] += col[:, :, dy, dx]", "] = col[:, :, dy, dx]")]),
    _m("filters-reshape-order", "convolution_forward", "the filters reshaped as W.reshape(-1, FN)",
       "フィルタを W.reshape(-1, FN) としている",
       "reshape(-1, FN) mixes values of different filters; reshape to (FN, -1) (one row per filter), then transpose",
       "reshape(-1, FN) では別のフィルタの値が混ざります。(FN, -1)（1 行 1 フィルタ）に reshape してから転置してください",
       predict=lambda x, W, b, stride=1, pad=0: _conv(x, W, b, stride, pad, filters="mixed"),
       code=("W.reshape(-1, FN)",), example={4: "W.reshape(-1, FN)"}),
    _m("filters-not-transposed", "convolution_forward", "the filter matrix not transposed (W.reshape(FN, -1))",
       "フィルタの行列を転置していない（W.reshape(FN, -1)）",
       "col is (N*OH*OW, C*FH*FW), so the matrix product needs (C*FH*FW, FN): add .T",
       "col は (N*OH*OW, C*FH*FW) なので、積には (C*FH*FW, FN) が必要です。.T を付けてください",
       code=("W.reshape(FN, -1)",), example={4: "W.reshape(FN, -1)"}),
    _m("output-no-transpose", "convolution_forward", "the output reshaped to (N, FN, OH, OW) directly",
       "出力をそのまま (N, FN, OH, OW) に reshape している",
       "out's rows are output positions and its columns filters: reshape to (N, OH, OW, FN), then "
       "transpose(0, 3, 1, 2)", "out の行は出力位置、列はフィルタです。(N, OH, OW, FN) に reshape してから "
       "transpose(0, 3, 1, 2) してください",
       predict=lambda x, W, b, stride=1, pad=0: _conv(x, W, b, stride, pad, output="flat"),
       example={5: "out.reshape(N, FN, out_h, out_w)"}),
]

_LOOK = {"en": "Look at the order of the axes: rows (n, oh, ow), columns (c, fh, fw).",
         "ja": "軸の順番を確認してください: 行は (n, oh, ow)、列は (c, fh, fw) です。"}
# (N, C, H, W, FN, FH, FW, stride, pad): sizes all different, so swapped axes show.
CASES = [(2, 3, 5, 6, 4, 3, 2, 1, 0), (1, 2, 7, 7, 3, 3, 3, 2, 1), (3, 1, 4, 5, 2, 2, 2, 1, 1), (2, 3, 6, 5, 5, 1, 2, 2, 0)]


def _data(rng, N, C, H, W, FN, FH, FW):
    return rng.normal(size=(N, C, H, W)), rng.normal(size=(FN, C, FH, FW)), rng.normal(size=FN)


@task({"en": "conv_output_size: an integer, e.g. 5x5, 3x3, stride 2, pad 1 gives 3",
       "ja": "conv_output_size: 整数（例: 5x5、3x3、ストライド 2、パディング 1 なら 3）"}, points=2)
def test_output_size(sub, ref):
    for i, f, s, p in [(5, 3, 2, 1), (6, 2, 1, 1), (28, 5, 1, 0), (7, 3, 2, 0), (32, 3, 1, 1), (10, 4, 3, 2)]:
        check_call(sub, ref, "conv_output_size", i, f, stride=s, pad=p, name="conv_output_size",
                   mistakes=MISTAKES, case=f"input {i}, filter {f}, stride {s}, pad {p}")


@task({"en": "im2col: shape and order of rows and columns", "ja": "im2col: 形と行・列の順番"}, points=3)
def test_im2col(sub, ref, rng):
    for N, C, H, W, FN, FH, FW, s, p in CASES:
        x = rng.normal(size=(N, C, H, W))
        check_call(sub, ref, "im2col", x, FH, FW, stride=s, pad=p, name="col", mistakes=MISTAKES,
                   case=tr("x {x}, filter {fh}x{fw}, stride {s}, pad {p}", "x {x}、フィルタ {fh}x{fw}、ストライド {s}、パディング {p}",
                           x=x.shape, fh=FH, fw=FW, s=s, p=p), look_at=pick(_LOOK))


@task({"en": "col2im: the inverse arrangement, overlaps added", "ja": "col2im: 逆の並べ替え（重なりは足し合わせる）"}, points=2)
def test_col2im(sub, ref, rng):
    for N, C, H, W, FN, FH, FW, s, p in CASES:
        shape = (N, C, H, W)
        col = rng.normal(size=(N * _size(H, FH, s, p) * _size(W, FW, s, p), C * FH * FW))
        check_call(sub, ref, "col2im", col, shape, FH, FW, stride=s, pad=p, name="col2im", mistakes=MISTAKES,
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
        expect(right, left, name=tr("<x, col2im(y)>", "<x, col2im(y)>"), rtol=1e-9, atol=1e-9,
               case=tr("x {x}, stride {s}, pad {p} (it must equal <im2col(x), y>)",
                       "x {x}、ストライド {s}、パディング {p}（<im2col(x), y> と等しいはず）", x=x.shape, s=s, p=p))


@task({"en": "convolution_forward against the reference", "ja": "convolution_forward を模範解答と比較"}, points=2)
def test_forward(sub, ref, rng):
    for N, C, H, W, FN, FH, FW, s, p in CASES:
        x, Wt, b = _data(rng, N, C, H, W, FN, FH, FW)
        check_call(sub, ref, "convolution_forward", x, Wt, b, stride=s, pad=p, name="out", mistakes=MISTAKES,
                   case=shape_case(x=x, W=Wt) + f", stride {s}, pad {p}", look_at=pick(_LOOK))


@task({"en": "convolution_forward against a plain loop over output positions",
       "ja": "convolution_forward を出力位置ごとのループと比較"}, points=2, independent=True)
def test_forward_loop(sub, rng):
    for N, C, H, W, FN, FH, FW, s, p in CASES:
        x, Wt, b = _data(rng, N, C, H, W, FN, FH, FW)
        c6 = _cols6(x, FH, FW, s, p)   # (N, C, FH, FW, OH, OW)
        want = np.einsum("ncijhw,fcij->nfhw", c6, Wt) + b[None, :, None, None]
        expect(sub.convolution_forward(x, Wt, b, stride=s, pad=p), want, name="out",
               case=shape_case(x=x, W=Wt) + f", stride {s}, pad {p}")
