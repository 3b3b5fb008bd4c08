"""演習: im2col による畳み込み / Exercise: convolution with im2col.

ゼロから作るDeep Learning 7.2-7.4.  ___ を正しいコードに置き換えてから、次を実行してください:
Replace each ___ with the right code, then run:  grade exercise conv

形はすべて本のとおりです / shapes as in the book:
x (N, C, H, W), W (FN, C, FH, FW), b (FN,), 出力 / output (N, FN, OH, OW).
im2col は (N*OH*OW, C*FH*FW) を返します。行は出力の位置 (n, oh, ow) の順、列はパッチの (c, fh, fw) の順です。
im2col returns (N*OH*OW, C*FH*FW): a row per output position in (n, oh, ow) order, its columns the
patch in (c, fh, fw) order.  パディングは 0 / zero padding.
"""
import numpy as np


def conv_output_size(input_size, filter_size, stride=1, pad=0):
    """1 つの軸の出力の長さ（整数）/ the output length along one axis (an int)."""
    # 穴埋め (1) / blank (1)
    return ___


def im2col(input_data, filter_h, filter_w, stride=1, pad=0):
    """(N, C, H, W) -> (N*OH*OW, C*FH*FW)."""
    N, C, H, W = input_data.shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    img = np.pad(input_data, [(0, 0), (0, 0), (pad, pad), (pad, pad)], mode="constant")
    # col[n, c, dy, dx, i, j] = フィルタ内の位置 (dy, dx) が出力 (i, j) で重なる入力の値
    # col[n, c, dy, dx, i, j] = the input under filter position (dy, dx) at output position (i, j)
    col = np.zeros((N, C, filter_h, filter_w, out_h, out_w))
    for dy in range(filter_h):
        for dx in range(filter_w):
            col[:, :, dy, dx] = img[:, :, dy:dy + stride * out_h:stride, dx:dx + stride * out_w:stride]
    # 穴埋め (2) / blank (2): 軸を並べ替えて (N*OH*OW, C*FH*FW) に
    # reorder the axes and reshape to (N*OH*OW, C*FH*FW)
    return ___


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    """im2col の逆の並べ替え: 各行の値を元の位置に足し戻します（重なった部分は足し合わされます）。
    The inverse arrangement of im2col: each entry is added back where it came from (overlaps add up)."""
    N, C, H, W = input_shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    # 穴埋め (3) / blank (3): col を (N, C, FH, FW, OH, OW) の並びに戻す
    # bring col back to the layout (N, C, FH, FW, OH, OW)
    col = ___
    img = np.zeros((N, C, H + 2 * pad + stride - 1, W + 2 * pad + stride - 1))
    for dy in range(filter_h):
        for dx in range(filter_w):
            img[:, :, dy:dy + stride * out_h:stride, dx:dx + stride * out_w:stride] += col[:, :, dy, dx]
    return img[:, :, pad:H + pad, pad:W + pad]


def convolution_forward(x, W, b, stride=1, pad=0):
    """x (N, C, H, W), W (FN, C, FH, FW), b (FN,) -> (N, FN, OH, OW)."""
    FN, C, FH, FW = W.shape
    N, _, H, Wd = x.shape
    out_h = conv_output_size(H, FH, stride, pad)
    out_w = conv_output_size(Wd, FW, stride, pad)
    col = im2col(x, FH, FW, stride, pad)      # (N*OH*OW, C*FH*FW)
    # 穴埋め (4) / blank (4): フィルタを (C*FH*FW, FN) の行列に / the filters as a (C*FH*FW, FN) matrix
    col_W = ___
    out = col.dot(col_W) + b                  # (N*OH*OW, FN)
    # 穴埋め (5) / blank (5): (N, FN, OH, OW) に並べ替える / rearrange to (N, FN, OH, OW)
    return ___
