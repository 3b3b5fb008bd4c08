"""The catalogue of known mistakes for ``pooling``, with our own implementations of
the wrong answers (written here with plain loops, independently of the stub)."""
import numpy as np

from grader.mistakes import bilingual as _m


def _size(n, k, s, p):
    return (n + 2 * p - k) // s + 1


def _rows(x, ph, pw, s, p, fill=0.0):
    """Window rows (N, OH, OW, C, ph*pw) in (n, oh, ow, c) order; padding with ``fill``."""
    N, C, H, W = x.shape
    oh, ow = _size(H, ph, s, p), _size(W, pw, s, p)
    img = np.pad(x, [(0, 0), (0, 0), (p, p), (p, p)], constant_values=fill)
    out = np.zeros((N, oh, ow, C, ph * pw))
    for i in range(oh):
        for j in range(ow):
            out[:, i, j] = img[:, :, i * s:i * s + ph, j * s:j * s + pw].reshape(N, C, -1)
    return out


def forward(x, ph, pw, stride=2, pad=0, fill=0.0, reduce="max", layout="right"):
    r = _rows(x, ph, pw, stride, pad, fill)
    v = {"max": lambda: r.max(axis=-1), "mean": lambda: r.mean(axis=-1),
         "argmax": lambda: r.argmax(axis=-1)}[reduce]()                       # (N, OH, OW, C)
    N, oh, ow, C = v.shape
    if layout == "right":
        return v.transpose(0, 3, 1, 2)
    if layout == "flat":
        return v.reshape(N, C, oh, ow)
    if layout == "hw":
        return v.transpose(0, 3, 2, 1)
    return v                                                                  # (N, OH, OW, C)


def backward(dout, x, ph, pw, stride=2, pad=0, fill=0.0, route="max", dout_axes=(0, 2, 3, 1), add=True):
    """The stub's backward pass, with the keywords making the catalogued slips."""
    N, C, H, W = x.shape
    r = _rows(x, ph, pw, stride, pad, fill)
    _, oh, ow, _, P = r.shape
    rows = r.reshape(-1, P)
    flat = dout.transpose(dout_axes).reshape(-1)
    grad = np.zeros_like(rows)
    winner = rows.argmax(axis=1)
    if route == "max":
        grad[np.arange(len(rows)), winner] = flat
    elif route == "spread":
        grad[:] = flat[:, None] / P
    else:                                   # grad[:, winner] = flat
        grad[:, winner] = flat
    grad = grad.reshape(N, oh, ow, C, ph, pw)
    dimg = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    for i in range(oh):
        for j in range(ow):
            window = (slice(None), slice(None), slice(i * stride, i * stride + ph), slice(j * stride, j * stride + pw))
            dimg[window] = dimg[window] + grad[:, i, j] if add else grad[:, i, j]
    return dimg[:, :, pad:pad + H, pad:pad + W]


def _minus_inf_pad(*args, **kw):
    """-inf padding changes both functions: told apart by their arguments."""
    if isinstance(args[1], np.ndarray):        # (dout, x, pool_h, pool_w, ...)
        return backward(*args, fill=-np.inf, **kw)
    return forward(*args, fill=-np.inf, **kw)


_F, _B = "max_pooling_forward", "max_pooling_backward"
MISTAKES = [
    _m("max-wrong-axis", _F, "the maximum taken over axis 0 (across windows)",
       "最大値を axis=0（窓をまたいだ方向）でとっている",
       "each row of rows is one window: take the maximum along the axis that runs through a row",
       "rows の各行が 1 つの窓です。1 つの行の中を走る軸の方向で最大値をとります",
       code=("rows.max(axis=0)", "np.max(rows, axis=0)")),
    _m("mean-pooling", _F, "the mean of each window (average pooling)", "各窓の平均をとっている（Average プーリング）",
       "max pooling keeps the largest value of each window: max, not mean",
       "Max プーリングは各窓の最大値を残します。mean ではなく max です",
       predict=lambda x, ph, pw, stride=2, pad=0: forward(x, ph, pw, stride, pad, reduce="mean"),
       code=("rows.mean(axis=1)", "np.mean(rows, axis=1)")),
    _m("forward-no-transpose", _F, "the output reshaped to (N, C, OH, OW) directly",
       "出力をそのまま (N, C, OH, OW) に reshape している",
       "the values come in (n, oh, ow, c) order: a direct reshape to (N, C, OH, OW) mixes channels and positions; "
       "reshape to the order they come in first, then move the channel axis",
       "値は (n, oh, ow, c) の順に並んでいます。いきなり (N, C, OH, OW) に reshape するとチャンネルと位置が混ざります。"
       "まず並んでいる順の形に reshape してから、チャンネルの軸を移してください",
       predict=lambda x, ph, pw, stride=2, pad=0: forward(x, ph, pw, stride, pad, layout="flat"),
       example={2: "out.reshape(N, C, oh, ow)"}),
    _m("backward-dout-order", _B, "dout flattened in (n, c, oh, ow) order",
       "dout を (n, c, oh, ow) の順のまま 1 次元にしている",
       "the window rows are in (n, oh, ow, c) order, so move the channel axis of dout last before flattening",
       "窓の行は (n, oh, ow, c) の順なので、平らにする前に dout のチャンネルの軸を最後へ移してください",
       predict=lambda dout, x, ph, pw, stride=2, pad=0: backward(dout, x, ph, pw, stride, pad, dout_axes=(0, 1, 2, 3)),
       example={3: "dout.reshape(-1)"}),
    _m("backward-spread", _B, "the gradient spread evenly over the window (average pooling's backward)",
       "勾配を窓全体に均等に分けている（Average プーリングの逆伝播）",
       "only the maximum reached the output, so only its position gets the gradient; the others get 0",
       "出力に届いたのは最大値だけなので、勾配もその位置にだけ流れます。ほかの位置は 0 です",
       predict=lambda dout, x, ph, pw, stride=2, pad=0: backward(dout, x, ph, pw, stride, pad, route="spread"),
       example=[("    grad[np.arange(rows.shape[0]), winner] = flat\n",
                 "    grad[:] = flat[:, None] / (pool_h * pool_w)\n")]),
    # -- round 2 --------------------------------------------------------------------------------------
    _m("backward-overwrite", _B, "overlapping windows overwrite each other in dx (= instead of +=)",
       "重なった窓の勾配が dx の中で上書きされている（+= ではなく =）",
       "when the stride is smaller than the window, one input belongs to several windows; if it is the maximum "
       "of more than one, its gradient is the sum of theirs, so add into dimg (+=) instead of assigning",
       "ストライドが窓より小さいと、1 つの入力が複数の窓に含まれます。複数の窓で最大値なら勾配はそれらの和なので、"
       "dimg には代入せず足し込んでください（+=）",
       predict=lambda dout, x, ph, pw, stride=2, pad=0: backward(dout, x, ph, pw, stride, pad, add=False),
       example=[("] += grad[:, i, j]", "] = grad[:, i, j]")]),
    _m("pad-minus-inf", None, "padding with -inf instead of 0",
       "0 ではなく -inf でパディングしている",
       "this course pads with zeros, as DL1's im2col does: where a window at the border holds only negative "
       "inputs, the padded 0 is its maximum (and the gradient goes to the padding, not to x)",
       "この講座では DL1 の im2col と同じく 0 でパディングします。端の窓の入力がすべて負なら、パディングの 0 が最大値に"
       "なります（勾配も x ではなくパディングへ行きます）",
       predict=_minus_inf_pad,
       example=[('mode="constant")', 'mode="constant", constant_values=-np.inf)')]),
    _m("argmax-wrong-axis", _B, "the position of the maximum taken over axis 0 (across windows)",
       "最大値の位置を axis=0（窓をまたいだ方向）で探している",
       "winner must say, for each window (each row of rows), which of its entries is the largest: the argmax along "
       "the axis that runs through a row, one index per row",
       "winner は窓（rows の各行）ごとに、どの要素が最大かを表します。1 つの行の中を走る軸で argmax をとり、"
       "1 行に 1 つの添字にしてください",
       code=("rows.argmax(axis=0)", "np.argmax(rows, axis=0)"),
       example=[("winner = rows.argmax(axis=1)", "winner = rows.argmax(axis=0)")]),
    _m("argmax-flat", _B, "the position of the maximum taken over the whole array (argmax without axis)",
       "最大値の位置を配列全体で探している（axis なしの argmax）",
       "without an axis, argmax gives one index into the flattened array; each window (row) needs its own",
       "axis を指定しない argmax は、平らにした配列全体での 1 つの添字を返します。窓（行）ごとに 1 つずつ必要です",
       code=("rows.argmax()", "np.argmax(rows)"),
       example=[("winner = rows.argmax(axis=1)", "winner = rows.argmax()")]),
    _m("grad-all-rows", _B, "grad[:, winner] = flat (every row indexed by every winner)",
       "grad[:, winner] = flat としている（すべての行をすべての winner で添字付け）",
       "grad[:, winner] selects the columns winner for EVERY row; each row must get one value, in its own "
       "column: pair each row number with its own winner",
       "grad[:, winner] は「すべての行」の winner 列を選びます。各行には自分の列に 1 つだけ値を入れるので、"
       "行番号とその行の winner を組にして添字にしてください",
       predict=lambda dout, x, ph, pw, stride=2, pad=0: backward(dout, x, ph, pw, stride, pad, route="columns"),
       example={4: ":, winner"}),
    _m("backward-dout-hw", _B, "dout flattened in (n, ow, oh, c) order (transpose(0, 3, 2, 1))",
       "dout を (n, ow, oh, c) の順で 1 次元にしている（transpose(0, 3, 2, 1)）",
       "the window rows are in (n, oh, ow, c) order: keep the two position axes of dout in their order and move only "
       "the channel axis last",
       "窓の行は (n, oh, ow, c) の順です。位置の 2 つの軸（oh、ow）の順は変えず、チャンネルの軸だけを"
       "最後へ移してください",
       predict=lambda dout, x, ph, pw, stride=2, pad=0: backward(dout, x, ph, pw, stride, pad, dout_axes=(0, 3, 2, 1)),
       example={3: "dout.transpose(0, 3, 2, 1).reshape(-1)"}),
    _m("forward-argmax", _F, "the position of the maximum (argmax) returned instead of its value",
       "最大値そのものではなく、その位置（argmax）を返している",
       "the forward pass outputs the largest VALUE of each window; argmax gives where it is (the backward pass "
       "needs that, the output does not)",
       "順伝播が出力するのは各窓の最大の「値」です。argmax はその位置を返します（位置が要るのは逆伝播です）",
       predict=lambda x, ph, pw, stride=2, pad=0: forward(x, ph, pw, stride, pad, reduce="argmax"),
       code=("rows.argmax(axis=1)", "np.argmax(rows, axis=1)"), example={1: "rows.argmax(axis=1)"}),
    _m("forward-channels-last", _F, "the output left as (N, OH, OW, C), the channel axis not moved",
       "出力を (N, OH, OW, C) のままにしている（チャンネルの軸を移していない）",
       "the output's shape is (N, C, OH, OW): after the reshape, move the channel axis to position 1",
       "出力の形は (N, C, OH, OW) です。reshape のあと、チャンネルの軸を 1 番目へ移してください",
       predict=lambda x, ph, pw, stride=2, pad=0: forward(x, ph, pw, stride, pad, layout="nhwc"),
       example={2: "out.reshape(N, oh, ow, C)"}),
    _m("forward-hw-swapped", _F, "the output's height and width axes swapped (transpose(0, 3, 2, 1))",
       "出力の高さと幅の軸が入れ替わっている（transpose(0, 3, 2, 1)）",
       "moving the channel axis must keep oh before ow: (N, OH, OW, C) becomes (N, C, OH, OW)",
       "チャンネルの軸を移すとき、oh と ow の順はそのままにします: (N, OH, OW, C) から (N, C, OH, OW) へ",
       predict=lambda x, ph, pw, stride=2, pad=0: forward(x, ph, pw, stride, pad, layout="hw"),
       example={2: "out.reshape(N, oh, ow, C).transpose(0, 3, 2, 1)"}),
    _m("max-no-axis", _F, "the maximum of the whole array (max without axis)", "配列全体の最大値をとっている（axis なしの max）",
       "without an axis, max returns one number for all windows; each window (row) needs its own maximum",
       "axis を指定しない max は、すべての窓をまとめた 1 つの数を返します。窓（行）ごとに最大値が必要です",
       code=("rows.max()", "np.max(rows)"), example={1: "rows.max()"}),
    _m("dout-not-flattened", _B, "dout reordered but not flattened (no reshape(-1))",
       "dout を並べ替えたが 1 次元にしていない（reshape(-1) がない）",
       "flat must be one value per window row, a 1-D array as long as rows: flatten dout after moving its axes",
       "flat は窓の行 1 つにつき 1 つの値を持つ、rows の行数と同じ長さの 1 次元配列です。軸を移したあとで平らにしてください",
       code=("dout.transpose(0, 2, 3, 1)", "np.transpose(dout, (0, 2, 3, 1))"), example={3: "dout.transpose(0, 2, 3, 1)"}),
    _m("forward-no-reshape", _F, "the output transposed without reshaping it first",
       "出力を reshape せずに transpose している",
       "out is 1-D, one value per window: give it the 4-D shape of the order the values come in before moving axes",
       "out は窓ごとに 1 つの値を持つ 1 次元配列です。軸を移す前に、値が並んでいる順の 4 次元の形に reshape してください",
       code=("out.transpose(0, 3, 1, 2)", "np.transpose(out, (0, 3, 1, 2))"), example={2: "out.transpose(0, 3, 1, 2)"}),
]
