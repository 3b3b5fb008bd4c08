"""The catalogue of known mistakes for ``dropout``, and how a mask's structure shows
units dropped together (one draw per row, per column, or one for all)."""
import math

import numpy as np

from grader.mistakes import bilingual as _m


def _test_time(factor):
    """A forward whose test-time output is factor(ratio) * x (training not modelled); None: x - ratio."""
    if factor is None:
        return lambda x, ratio, train, seed=None: (x - ratio, None)
    return lambda x, ratio, train, seed=None: (factor(ratio) * x, None)


_F, _B = "dropout_forward", "dropout_backward"
MISTAKES = [
    _m("inverted", _F, "inverted dropout (training output divided by 1 - ratio, test output x unchanged)",
       "inverted dropout になっている（学習時の出力を 1 - ratio で割り、テスト時は x のまま）",
       "inverted dropout is a valid method, but this exercise asks for the book's: in training the kept units pass "
       "unchanged, and the scaling is done at test time",
       "inverted dropout も正しい手法ですが、この演習では本書の方式を使います。学習時は残したユニットをそのまま通し、"
       "縮める処理はテスト時に行います",
       _test_time(lambda r: 1.0), code=("x * mask / (1 - ratio)", "x * mask / (1.0 - ratio)", "mask / (1 - ratio)"),
       example={2: "x * mask / (1 - ratio)", 3: "x"}),
    _m("kept-below", _F, "units kept with probability ratio instead of 1 - ratio (draw < ratio, or draw > 1 - ratio)",
       "ユニットを確率 1 - ratio ではなく ratio で残している（乱数 < ratio、または乱数 > 1 - ratio）",
       "ratio is the share of units DROPPED: keep a unit where its uniform draw is greater than ratio",
       "ratio は「消す」ユニットの割合です。一様乱数が ratio より大きいユニットを残します",
       example={1: "np.random.rand(*x.shape) < ratio"}),
    _m("normal-draws", _F, "normal draws (np.random.randn) compared with ratio instead of uniform ones",
       "一様乱数ではなく正規乱数（np.random.randn）を ratio と比べている",
       "a uniform draw in [0, 1) exceeds ratio with probability 1 - ratio; a normal one does not: use np.random.rand",
       "[0, 1) の一様乱数が ratio を超える確率は 1 - ratio ですが、正規乱数ではそうなりません。np.random.rand を使ってください",
       example={1: "np.random.randn(*x.shape) > ratio"}),
    _m("seed-ignored", _F, "the seed has no effect on the mask", "seed が mask に効いていない",
       "the given line seeds NumPy's global generator with np.random.seed(seed): draw the mask from it "
       "(np.random.rand), not from a new unseeded generator",
       "用意された行が np.random.seed(seed) で NumPy の共通の乱数生成器を初期化しています。mask はそこから"
       "（np.random.rand で）引き、seed のない新しい生成器を使わないでください",
       example={1: "np.random.default_rng().random(x.shape) > ratio"}),
    _m("test-times-ratio", _F, "the test-time output scaled by ratio, the share dropped (x * ratio)",
       "テスト時の出力を、消す割合 ratio で縮めている（x * ratio）",
       "in training a unit is kept with probability 1 - ratio, so at test time the output is scaled by the "
       "share KEPT, not the share dropped",
       "学習時にユニットが残る確率は 1 - ratio なので、テスト時は「消す」割合ではなく「残る」割合に縮めます",
       _test_time(lambda r: r), code=("x * ratio",), example={3: "x * ratio"}),
    _m("test-no-scaling", _F, "test-time output x, not scaled", "テスト時の出力が x のまま（縮めていない）",
       "in training only a share 1 - ratio of the units pass, so at test time the book scales the output down "
       "by that share",
       "学習時には 1 - ratio の割合のユニットしか通らないので、本書ではテスト時に出力をその割合に縮めます",
       _test_time(lambda r: 1.0), code=("x",), example={3: "x"}),
    _m("backward-no-mask", _B, "the backward pass ignores the mask (dx = dout)",
       "逆伝播で mask を使っていない（dx = dout）",
       "a dropped unit passed nothing forward, so it gets no gradient back: the mask must act on dout too",
       "順伝播で消したユニットは何も伝えていないので、勾配も戻りません。dout にも mask を効かせてください",
       lambda dout, mask: dout, code=("dout",), example={4: "dout"}),
    # -- round 2 --------------------------------------------------------------------------------------
    _m("mask-per-row", _F, "one draw per row (sample): all units of a row kept or dropped together",
       "行（データ）ごとに 1 回だけ乱数を引いている: 1 行のユニットがまとめて残る／消える",
       "dropout decides for each unit on its own: draw one uniform number per entry of x, an array of x's whole shape",
       "Dropout はユニットごとに別々に決めます。x の要素 1 つにつき 1 つ、x と同じ形の一様乱数を引いてください",
       example={1: "np.random.rand(x.shape[0], 1) > ratio"}),
    _m("mask-per-column", _F, "one draw per column (unit position): a unit kept or dropped for the whole batch",
       "列（ユニットの位置）ごとに 1 回だけ乱数を引いている: 1 つのユニットがバッチ全体でまとめて残る／消える",
       "each sample gets its own mask: draw one uniform number per entry of x, an array of x's whole shape, "
       "not one per column shared by all rows",
       "データごとに別の mask になります。列ごとに 1 つを全行で共有せず、x の要素 1 つにつき 1 つ、x と同じ形の"
       "一様乱数を引いてください",
       example={1: "np.random.rand(*x.shape[1:]) > ratio"}),
    _m("mask-one-draw", _F, "a single draw for all units (np.random.rand() without a shape)",
       "すべてのユニットに 1 回だけ乱数を引いている（形を渡さない np.random.rand()）",
       "np.random.rand() with no arguments gives one number, so every unit is kept or dropped together: pass x's "
       "shape to get one draw per unit",
       "引数なしの np.random.rand() は 1 つの数しか返さないので、すべてのユニットがまとめて残る／消えます。"
       "x の形を渡して、ユニットごとに 1 つずつ引いてください",
       example={1: "np.random.rand() > ratio"}),
    _m("train-scaled", _F, "the training output scaled by 1 - ratio as well (x * mask * (1 - ratio))",
       "学習時の出力にも 1 - ratio を掛けている（x * mask * (1 - ratio)）",
       "in the book's dropout the kept units pass unchanged in training; the scaling by the kept share is done only "
       "at test time, where no unit is dropped",
       "本書の Dropout では、学習時は残したユニットをそのまま通します。残る割合で縮めるのは、ユニットを消さないテスト時だけです",
       code=("x * mask * (1 - ratio)", "x * mask * (1.0 - ratio)", "x * (1 - ratio) * mask"),
       example={2: "x * mask * (1 - ratio)"}),
    _m("test-divided", _F, "test-time output divided by 1 - ratio instead of multiplied",
       "テスト時の出力を 1 - ratio で掛けずに割っている",
       "at test time every unit passes, more than in training: the output is scaled DOWN to the share kept in "
       "training, so it gets smaller, not larger",
       "テスト時はすべてのユニットが通り、学習時より多くなります。学習時に残る割合へ「縮める」ので、出力は大きくではなく"
       "小さくなります",
       _test_time(lambda r: 1.0 / (1.0 - r)), code=("x / (1 - ratio)", "x / (1.0 - ratio)"),
       example={3: "x / (1 - ratio)"}),
    _m("test-uses-mask", _F, "the mask used at test time (it exists only in training)",
       "テスト時に mask を使っている（mask は学習時にしかない）",
       "at test time no unit is dropped and no mask is drawn (the name mask is set only when train is True): the "
       "output depends on x and ratio alone",
       "テスト時はユニットを消さず、mask も引きません（mask という名前は train が True のときしか作られません）。"
       "出力は x と ratio だけで決まります",
       error=r"local variable 'mask'", example={3: "x * mask"}),
    _m("rand-tuple", _F, "np.random.rand given the shape as a tuple (np.random.rand(x.shape))",
       "np.random.rand に形をタプルのまま渡している（np.random.rand(x.shape)）",
       "np.random.rand takes the sizes as separate numbers: unpack the tuple with *, or use a function that takes "
       "a tuple (np.random.random_sample)",
       "np.random.rand は大きさを別々の数として受け取ります。* でタプルを展開するか、タプルを受け取る関数"
       "（np.random.random_sample）を使ってください",
       code=("np.random.rand(x.shape) > ratio",), error="tuple"),
    _m("out-indexed", _F, "out = x[mask]: the kept values picked out, instead of x with the dropped ones set to 0",
       "out = x[mask] としている: 0 にすべきところを残さず、残したユニットだけを取り出している",
       "x[mask] keeps only the kept entries, as a 1-D array; the output must keep x's shape, with 0 where a unit "
       "is dropped",
       "x[mask] は残したユニットだけの 1 次元配列になります。出力は x と同じ形で、消したユニットは 0 です",
       code=("x[mask]",), example={2: "x[mask]"}),
    _m("backward-last-mask", _B, "the backward pass uses a mask kept from the last forward call, not its argument",
       "逆伝播が引数の mask ではなく、前回の順伝播で取っておいた mask を使っている",
       "dropout_backward gets the mask it must use as its argument; a mask kept from the last forward call belongs "
       "to another call (the book's class keeps it in self.mask, a function cannot)",
       "dropout_backward は使うべき mask を引数で受け取ります。前回の順伝播で取っておいた mask は別の呼び出しのものです"
       "（本のクラスは self.mask に持ちますが、関数ではそうはいきません）",
       example=[("        return out, mask\n", "        global _last\n        _last = mask\n        return out, mask\n"),
                ("    return dout * mask", "    return dout * _last")]),
    _m("test-precedence", _F, "test-time output x * 1.0 - ratio (the parentheses missing)",
       "テスト時の出力が x * 1.0 - ratio になっている（括弧がない）",
       "* binds tighter than -: without parentheses, ratio is subtracted from x instead of scaling it",
       "* は - より先に計算されます。括弧がないと、x を縮めずに x から ratio を引くことになります",
       _test_time(None), code=("x * 1.0 - ratio", "x * 1 - ratio"), example={3: "x * 1.0 - ratio"}),
    _m("out-is-mask", _F, "the training output is the mask itself (out = mask)", "学習時の出力が mask そのもの（out = mask）",
       "the mask says which units are kept; the output is x with the dropped units set to 0",
       "mask はどのユニットを残すかを表すだけです。出力は x の、消したユニットを 0 にしたものです",
       example={2: "mask"}),
    _m("backward-returns-mask", _B, "the backward pass returns the mask (dx = mask)", "逆伝播で mask をそのまま返している（dx = mask）",
       "the gradient that flows back is dout, let through where the unit was kept",
       "戻る勾配は dout で、それを残したユニットのところだけ通します",
       lambda dout, mask: mask, example={4: "mask"}),
    _m("backward-indexed", _B, "dx = dout[mask]: the kept gradients picked out as a 1-D array",
       "dx = dout[mask] としている: 残したユニットの勾配だけを 1 次元配列として取り出している",
       "dx must keep dout's shape, with 0 where a unit was dropped",
       "dx は dout と同じ形で、消したユニットのところを 0 にします",
       code=("dout[mask]",), example={4: "dout[mask]"}),
]
BY_ID = {m.id: m for m in MISTAKES}


def shared_shape(mask_shape, x_shape):
    """The mistake a mask of another shape than x shows, if any: one draw per row, per column, or one."""
    if len(mask_shape) == 0:
        return BY_ID["mask-one-draw"]
    if len(mask_shape) >= 2 and mask_shape[0] == x_shape[0] and all(n == 1 for n in mask_shape[1:]):
        return BY_ID["mask-per-row"]
    if len(x_shape) >= 2 and tuple(mask_shape) in (tuple(x_shape[1:]), (1, *x_shape[1:])):
        return BY_ID["mask-per-column"]
    return None


def agreement(mask, axis):
    """The share of neighbouring units along ``axis`` (of a 2-D 0/1 mask) that agree, and the number of pairs."""
    a = np.moveaxis(mask, axis, -1)
    same = a[..., 1:] == a[..., :-1]
    return float(same.mean()), same.size


# For independent units, each kept with probability p, two neighbours agree with probability
# q = p^2 + (1 - p)^2; the share of the n neighbouring pairs that agree has a standard deviation close
# to sqrt(q (1 - q) / n) (adjacent pairs share a unit: for p in [0.3, 0.7] that makes it at most 1.25
# times larger).  BOUND = 10 of those (8 of the true ones, a chance below 1e-14 for a right answer);
# a mask with rows or columns shared agrees in every pair along them (share 1, about 70 deviations
# away for the masks of 8000 units used here), and one with pairs of units shared in 3 of 4.
BOUND = 10.0


def dependence(mask):
    """(axis, share, expected share, bound) for the first axis along which the units of a 2-D 0/1 mask
    agree far more (or less) than independent draws do; None when they look independent."""
    p = float(mask.mean())
    q = p * p + (1 - p) * (1 - p)
    if q >= 1.0:   # every unit kept, or every one dropped: nothing to compare
        return None
    for axis in (1, 0):
        share, n = agreement(mask, axis)
        sd = math.sqrt(q * (1 - q) / n)
        if abs(share - q) > BOUND * sd:
            return axis, share, q, BOUND * sd
    return None


def shared_structure(mask):
    """The catalogued mistake a 2-D 0/1 mask of x's shape shows, if any."""
    rows_same = bool(np.all(mask == mask[:, :1]))
    cols_same = bool(np.all(mask == mask[:1, :]))
    if rows_same and cols_same:
        return BY_ID["mask-one-draw"]
    if rows_same:
        return BY_ID["mask-per-row"]
    if cols_same:
        return BY_ID["mask-per-column"]
    return None
