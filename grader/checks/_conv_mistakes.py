"""The catalogue of known mistakes for ``conv``, with our own implementations of the
wrong answers (plain loops written here, independently of the stub)."""
import math

import numpy as np

from grader.mistakes import bilingual as _m


def _size(i, f, s, p):
    return (i + 2 * p - f) // s + 1


def cols6(x, fh, fw, stride, pad):
    """(N, C, FH, FW, OH, OW) patches, built with plain loops."""
    N, C, H, W = x.shape
    oh, ow = _size(H, fh, stride, pad), _size(W, fw, stride, pad)
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    out = np.zeros((N, C, fh, fw, oh, ow))
    for i in range(oh):
        for j in range(ow):
            out[..., i, j] = img[:, :, i * stride:i * stride + fh, j * stride:j * stride + fw]
    return out


def im2col(x, fh, fw, stride=1, pad=0, axes=(0, 4, 5, 1, 2, 3)):
    c6 = cols6(x, fh, fw, stride, pad)
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


def _conv(x, W, b, stride=1, pad=0, filters="right", output="right", flip=False, pre_pad=0):
    if pre_pad:
        x = np.pad(x, [(0, 0), (0, 0), (pre_pad, pre_pad), (pre_pad, pre_pad)])
    if flip:
        W = W[:, :, ::-1, ::-1]
    FN, C, FH, FW = W.shape
    N, H, Wd = x.shape[0], x.shape[2], x.shape[3]
    oh, ow = _size(H, FH, stride, pad), _size(Wd, FW, stride, pad)
    col_W = W.reshape(FN, -1).T if filters == "right" else W.reshape(-1, FN)
    out = im2col(x, FH, FW, stride, pad).dot(col_W) + b
    if output == "right":
        return out.reshape(N, oh, ow, FN).transpose(0, 3, 1, 2)
    if output == "hw":
        return out.reshape(N, oh, ow, FN).transpose(0, 3, 2, 1)
    return out.reshape(N, FN, oh, ow)


_SIZE, _FWD = "conv_output_size", "convolution_forward"
MISTAKES = [
    _m("size-true-division", _SIZE, "the output size computed with / (a float)",
       "出力サイズを / で計算している（float になる）",
       "DL1's helper returns a float; a size is a whole number: use // for integer division",
       "本の関数は float を返しますが、サイズは整数です。整数の割り算 // を使ってください",
       predict=lambda i, f, stride=1, pad=0: (i + 2 * pad - f) / stride + 1,
       code=("(input_size + 2 * pad - filter_size) / stride + 1",)),
    _m("size-single-pad", _SIZE, "the padding counted once", "パディングを片側分しか数えていない",
       "the padding is added on both sides of the input, so it counts twice",
       "パディングは入力の両側に付くので、2 回分数えます",
       predict=lambda i, f, stride=1, pad=0: (i + pad - f) // stride + 1,
       code=("(input_size + pad - filter_size) // stride + 1",)),
    _m("size-no-plus-one", _SIZE, "the + 1 left out", "+ 1 を忘れている",
       "the first position counts too: the filter's first place, plus the number of times it can shift",
       "最初の位置も数えます。フィルタの最初の位置に、ずらせる回数を足したものが出力の長さです",
       predict=lambda i, f, stride=1, pad=0: (i + 2 * pad - f) // stride,
       code=("(input_size + 2 * pad - filter_size) // stride",)),
    _m("im2col-column-order", "im2col", "im2col's columns in (fh, fw, c) order instead of (c, fh, fw)",
       "im2col の列が (c, fh, fw) ではなく (fh, fw, c) の順になっている",
       "the columns must run in the order of a filter flattened to one row, W.reshape(FN, -1): the channel first",
       "列の順は、フィルタを 1 行に平らにした W.reshape(FN, -1) と同じでなければなりません。チャンネルが先頭です",
       predict=lambda x, fh, fw, stride=1, pad=0: im2col(x, fh, fw, stride, pad, (0, 4, 5, 2, 3, 1)),
       example={2: "col.transpose(0, 4, 5, 2, 3, 1).reshape(N * out_h * out_w, -1)"}),
    _m("im2col-no-transpose", "im2col", "col reshaped without moving the output axes first",
       "出力位置の軸を前に移さずに reshape している",
       "col is (N, C, FH, FW, OH, OW); a row must be one output position, so bring (N, OH, OW) to the front "
       "before reshaping", "col は (N, C, FH, FW, OH, OW) です。1 行が 1 つの出力位置になるよう、reshape の前に "
       "(N, OH, OW) を前に移してください",
       predict=lambda x, fh, fw, stride=1, pad=0: im2col(x, fh, fw, stride, pad, (0, 1, 2, 3, 4, 5)),
       example={2: "col.reshape(N * out_h * out_w, -1)"}),
    _m("col2im-no-transpose", "col2im", "col reshaped to (N, C, FH, FW, OH, OW) directly",
       "col をそのまま (N, C, FH, FW, OH, OW) に reshape している",
       "im2col's rows are (n, oh, ow) and its columns (c, fh, fw): reshape to that order first, then move the axes",
       "im2col の行は (n, oh, ow)、列は (c, fh, fw) です。まずその並びの形に reshape してから、軸を移してください",
       predict=lambda col, shape, fh, fw, stride=1, pad=0: _col2im(col, shape, fh, fw, stride, pad, layout="flat"),
       example={3: "col.reshape(N, C, filter_h, filter_w, out_h, out_w)"}),
    _m("col2im-overwrite", "col2im", "overlapping patches overwrite each other (= instead of +=)",
       "重なったパッチが上書きされている（+= ではなく =）",
       "where windows overlap, an input takes part in several patches: their values add up (+=)",
       "窓が重なるところでは 1 つの入力が複数のパッチに含まれるので、値を足し合わせます（+=）",
       predict=lambda col, shape, fh, fw, stride=1, pad=0: _col2im(col, shape, fh, fw, stride, pad, add=False),
       example=[("] += col[:, :, dy, dx]", "] = col[:, :, dy, dx]")]),
    _m("filters-reshape-order", _FWD, "the filters reshaped as W.reshape(-1, FN)",
       "フィルタを W.reshape(-1, FN) としている",
       "reshape(-1, FN) mixes values of different filters in one column; make one row per filter first, then "
       "turn the rows into columns",
       "reshape(-1, FN) では 1 つの列に別のフィルタの値が混ざります。まず 1 行 1 フィルタにしてから、行を列に変えてください",
       predict=lambda x, W, b, stride=1, pad=0: _conv(x, W, b, stride, pad, filters="mixed"),
       code=("W.reshape(-1, FN)",), example={4: "W.reshape(-1, FN)"}),
    _m("filters-not-transposed", _FWD, "the filter matrix not transposed (W.reshape(FN, -1))",
       "フィルタの行列を転置していない（W.reshape(FN, -1)）",
       "col is (N*OH*OW, C*FH*FW), so the matrix product needs one COLUMN per filter, (C*FH*FW, FN)",
       "col は (N*OH*OW, C*FH*FW) なので、積には 1 列 1 フィルタの (C*FH*FW, FN) が必要です",
       code=("W.reshape(FN, -1)",), example={4: "W.reshape(FN, -1)"}),
    _m("output-no-transpose", _FWD, "the output reshaped to (N, FN, OH, OW) directly",
       "出力をそのまま (N, FN, OH, OW) に reshape している",
       "out's rows are output positions (n, oh, ow) and its columns filters: reshape to that order first, then "
       "move the filter axis to position 1",
       "out の行は出力位置 (n, oh, ow)、列はフィルタです。まずその並びの形に reshape してから、フィルタの軸を 1 番目へ"
       "移してください",
       predict=lambda x, W, b, stride=1, pad=0: _conv(x, W, b, stride, pad, output="flat"),
       example={5: "out.reshape(N, FN, out_h, out_w)"}),
    # -- round 2 --------------------------------------------------------------------------------------
    _m("flipped-kernel", _FWD, "the filter flipped (a true convolution instead of DL1's cross-correlation)",
       "フィルタを反転している（DL1 の相互相関ではなく、数学の畳み込み）",
       "DL1's convolution layer, like every deep-learning library, multiplies the filter with the patch as it is, "
       "without flipping it: weight (fh, fw) meets the input at offset (fh, fw)",
       "DL1 の畳み込み層は（どの深層学習ライブラリも）フィルタを反転せず、そのままパッチに掛けます。"
       "重み (fh, fw) は、ずれ (fh, fw) の位置の入力と掛け合わされます",
       predict=lambda x, W, b, stride=1, pad=0: _conv(x, W, b, stride, pad, flip=True),
       code=("W[:, :, ::-1, ::-1].reshape(FN, -1).T", "np.flip(W, axis=(2, 3)).reshape(FN, -1).T"),
       example={4: "W[:, :, ::-1, ::-1].reshape(FN, -1).T"}),
    _m("size-no-pad", _SIZE, "the padding left out of the output size", "出力サイズにパディングを入れていない",
       "the filter slides over the padded input, which is longer than the input by the padding on both sides",
       "フィルタが動くのはパディングを付けた入力の上で、それは両側のパディングの分だけ元の入力より長くなります",
       predict=lambda i, f, stride=1, pad=0: (i - f) // stride + 1,
       code=("(input_size - filter_size) // stride + 1",)),
    _m("size-no-stride", _SIZE, "the stride left out of the output size", "出力サイズでストライドを考えていない",
       "with stride S the filter moves S positions at a time, so it can shift only a 1/S share of the times "
       "(rounded down)", "ストライド S ではフィルタが一度に S ずつ動くので、ずらせる回数は S 分の 1（切り捨て）になります",
       predict=lambda i, f, stride=1, pad=0: (i + 2 * pad - f) + 1,
       code=("(input_size + 2 * pad - filter_size) + 1", "input_size + 2 * pad - filter_size + 1")),
    _m("size-plus-one-inside", _SIZE, "the + 1 added before the division by the stride",
       "+ 1 をストライドで割る前に足している",
       "the + 1 is the filter's first position, which does not depend on the stride: divide only the length "
       "left to shift over, then add 1",
       "+ 1 はフィルタの最初の位置の分で、ストライドには関係しません。ずらせる長さだけをストライドで割ってから 1 を足します",
       predict=lambda i, f, stride=1, pad=0: (i + 2 * pad - f + 1) // stride,
       code=("(input_size + 2 * pad - filter_size + 1) // stride",)),
    _m("size-ceil", _SIZE, "the division by the stride rounded up (ceil)", "ストライドでの割り算を切り上げている（ceil）",
       "a last shift that would go past the end of the padded input does not fit: round down",
       "パディングを付けた入力の端を越えてしまう最後のずらしは入りません。切り捨てにしてください",
       predict=lambda i, f, stride=1, pad=0: float(math.ceil((i + 2 * pad - f) / stride) + 1),
       example={1: "int(np.ceil((input_size + 2 * pad - filter_size) / stride)) + 1"}),
    _m("pad-twice", _FWD, "the input padded twice (padded in convolution_forward, then again by im2col)",
       "入力を 2 回パディングしている（convolution_forward で付けたうえに im2col でも）",
       "im2col already pads its input by pad: pass x itself, without padding it first",
       "im2col が入力に pad の分のパディングを付けます。先にパディングせず、x そのものを渡してください",
       predict=lambda x, W, b, stride=1, pad=0: _conv(x, W, b, stride, pad, pre_pad=pad),
       example=[("    N, _, H, Wd = x.shape\n",
                 "    x = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])\n    N, _, H, Wd = x.shape\n")]),
    _m("im2col-row-order", "im2col", "im2col's rows in (n, ow, oh) order instead of (n, oh, ow)",
       "im2col の行が (n, oh, ow) ではなく (n, ow, oh) の順になっている",
       "the rows run over the output positions row by row: oh before ow, as the output (N, OH, OW, ...) is read",
       "行は出力位置を 1 行ずつ（oh が先、ow が後）たどります。出力 (N, OH, OW, ...) を読む順です",
       predict=lambda x, fh, fw, stride=1, pad=0: im2col(x, fh, fw, stride, pad, (0, 5, 4, 1, 2, 3)),
       example={2: "col.transpose(0, 5, 4, 1, 2, 3).reshape(N * out_h * out_w, -1)"}),
    _m("col2im-same-transpose", "col2im", "col2im moves the axes with im2col's transpose (0, 4, 5, 1, 2, 3)",
       "col2im で im2col と同じ transpose(0, 4, 5, 1, 2, 3) を使っている",
       "col2im must undo im2col's reordering, so it needs the inverse permutation, not the same one: after the "
       "reshape the axes are (n, oh, ow, c, fh, fw), and (n, c, fh, fw, oh, ow) is wanted",
       "col2im は im2col の並べ替えを元に戻すので、同じ並べ替えではなく逆の並べ替えが必要です。reshape の後の軸は "
       "(n, oh, ow, c, fh, fw) で、欲しいのは (n, c, fh, fw, oh, ow) です",
       code=("col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 4, 5, 1, 2, 3)",),
       example={3: "col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 4, 5, 1, 2, 3)"}),
    _m("output-hw-swapped", _FWD, "the output's height and width axes swapped (transpose(0, 3, 2, 1))",
       "出力の高さと幅の軸が入れ替わっている（transpose(0, 3, 2, 1)）",
       "moving the filter axis must keep oh before ow: (N, OH, OW, FN) becomes (N, FN, OH, OW)",
       "フィルタの軸を移すとき、oh と ow の順はそのままにします: (N, OH, OW, FN) から (N, FN, OH, OW) へ",
       predict=lambda x, W, b, stride=1, pad=0: _conv(x, W, b, stride, pad, output="hw"),
       example={5: "out.reshape(N, out_h, out_w, FN).transpose(0, 3, 2, 1)"}),
    _m("size-precedence", _SIZE, "the division applied to the filter size alone (missing parentheses)",
       "割り算がフィルタサイズだけに掛かっている（括弧がない）",
       "// binds tighter than + and -: the whole length the filter can shift over must be in parentheses before "
       "it is divided by the stride",
       "// は + や - より先に計算されます。フィルタがずらせる長さ全体を括弧でくくってから、ストライドで割ってください",
       predict=lambda i, f, stride=1, pad=0: i + 2 * pad - f // stride + 1,
       code=("input_size + 2 * pad - filter_size // stride + 1",)),
    _m("im2col-result-transposed", "im2col", "im2col's result transposed, (C*FH*FW, N*OH*OW)",
       "im2col の結果が転置されている（(C*FH*FW, N*OH*OW)）",
       "im2col returns one ROW per output position, so its shape is (N*OH*OW, C*FH*FW)",
       "im2col は出力位置 1 つにつき 1 「行」を返すので、形は (N*OH*OW, C*FH*FW) です",
       predict=lambda x, fh, fw, stride=1, pad=0: im2col(x, fh, fw, stride, pad).T,
       example={2: "col.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, -1).T"}),
    _m("im2col-reshape-swapped", "im2col", "im2col reshaped to (C*FH*FW, N*OH*OW) (reshape(-1, N * out_h * out_w))",
       "im2col を (C*FH*FW, N*OH*OW) に reshape している（reshape(-1, N * out_h * out_w)）",
       "after moving the axes, the first three are (n, oh, ow): they become the rows, one per output position",
       "軸を移したあと、先頭の 3 つが (n, oh, ow) です。これが行になり、出力位置 1 つにつき 1 行です",
       predict=lambda x, fh, fw, stride=1, pad=0: cols6(x, fh, fw, stride, pad).transpose(0, 4, 5, 1, 2, 3).reshape(
           -1, x.shape[0] * _size(x.shape[2], fh, stride, pad) * _size(x.shape[3], fw, stride, pad)),
       example={2: "col.transpose(0, 4, 5, 1, 2, 3).reshape(-1, N * out_h * out_w)"}),
    _m("filters-full-transpose", _FWD, "the filters transposed whole (W.T.reshape(-1, FN))",
       "フィルタ全体を転置している（W.T.reshape(-1, FN)）",
       "W.T reverses all four axes, so each column runs over (fw, fh, c), not (c, fh, fw) as im2col's columns do: "
       "make one row per filter first, then turn the rows into columns",
       "W.T は 4 つの軸をすべて逆にするので、各列が im2col の列の (c, fh, fw) ではなく (fw, fh, c) の順になります。"
       "まず 1 行 1 フィルタにしてから、行を列に変えてください",
       predict=lambda x, W, b, stride=1, pad=0: _conv_wt(x, W, b, stride, pad),
       code=("W.T.reshape(-1, FN)",), example={4: "W.T.reshape(-1, FN)"}),
]


def _conv_wt(x, W, b, stride=1, pad=0):
    """The convolution with the filter matrix W.T.reshape(-1, FN)."""
    FN, C, FH, FW = W.shape
    N, H, Wd = x.shape[0], x.shape[2], x.shape[3]
    oh, ow = _size(H, FH, stride, pad), _size(Wd, FW, stride, pad)
    out = im2col(x, FH, FW, stride, pad).dot(W.T.reshape(-1, FN)) + b
    return out.reshape(N, oh, ow, FN).transpose(0, 3, 1, 2)
