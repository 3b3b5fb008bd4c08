"""Checks for ``dropout``: the book's dropout (DL1 6.4.3), graded by properties.

The draws are random, so the tasks check properties that any right answer has (seeds
are fixed, taken from the task's rng), with bounds wide enough that a right answer never
fails in practice; only the check of state kept between calls looks at the reference's
masks, and only when the learner's first call drew exactly the same.  The catalogue of
known mistakes is in ``_dropout_mistakes``.
"""
import math

import numpy as np

from grader.checks._dropout_mistakes import (BY_ID as _BY_ID, MISTAKES, dependence, shared_shape,
                                             shared_structure)
from grader.compare import check_repeatable, check_unchanged, difference, expect
from grader.i18n import pick, tr
from grader.mistakes import predictions
from grader.outcome import TaskFailed
from grader.tasks import task

ANSWERS = {1: "np.random.rand(*x.shape) > ratio", 2: "x * mask", 3: "x * (1.0 - ratio)", 4: "dout * mask"}
EQUIVALENTS = [
    {1: "np.random.random_sample(x.shape) > ratio", 2: "np.where(mask, x, 0.0)", 3: "x - ratio * x",
     4: "np.where(mask, dout, 0.0)"},
    # a 0/1 float mask is fine too
    {1: "(np.random.rand(*x.shape) > ratio).astype(float)", 2: "mask * x", 3: "(1 - ratio) * x",
     4: "mask * dout"},
    # an integer 0/1 mask, and a float one built with np.where
    {1: "(np.random.uniform(size=x.shape) > ratio).astype(int)", 3: "np.multiply(x, 1 - ratio)"},
    {1: "np.where(np.random.rand(*x.shape) > ratio, 1.0, 0.0)", 2: "np.multiply(x, mask)"},
]


_F, _B = "dropout_forward", "dropout_backward"
_LOOK = {"en": "Look at blank (1): the mask, one uniform draw per unit of x, compared with ratio.",
         "ja": "空欄 (1) を確認してください: mask は x のユニット 1 つにつき 1 つの一様乱数を ratio と比べたものです。"}
_LOOK_OUT = {"en": "Look at blank (2): the output in training, from x and the mask.",
             "ja": "空欄 (2) を確認してください: 学習時の出力を x と mask から作るところです。"}


def _fail(message, mistake=None, look=_LOOK):
    raise TaskFailed(message + "\n" + (mistake.message() if mistake else pick(look)), mistake)


def _x(rng, shape):
    """Inputs without zeros (sizes 0.5 to 2, random signs), so a kept unit never looks dropped."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 2.0, size=shape)


def _train(sub, x, ratio, seed, held=None):
    """The learner's (out, mask as a float 0/1 array, case, mask as returned) in training; checks the form:
    mask bool or 0/1 numbers (float64 if float) of x's shape, out a float64 array of x's shape.  ``held``:
    x as kept in the learner's process by sub.put (a big x is then sent once for several calls)."""
    case = tr("x {s}, ratio = {r}, train = True, seed = {d}", "x {s}、ratio = {r}、train = True、seed = {d}",
              s=x.shape, r=ratio, d=seed)
    got = sub.dropout_forward(x if held is None else held, ratio=ratio, train=True, seed=seed)
    if not (isinstance(got, (tuple, list)) and len(got) == 2):
        _fail(tr("With {c}: dropout_forward should return (out, mask).", "{c} のとき: dropout_forward は (out, mask) を"
                 "返す必要があります。", c=case), look=_LOOK_OUT)
    out, mask = got
    if not (isinstance(mask, np.ndarray) and mask.shape == x.shape):
        shape = np.shape(mask) if isinstance(mask, (np.ndarray, np.generic, bool, int, float)) else None
        _fail(tr("With {c}: mask should be an array of x's shape {s}, but it is {t}.",
                 "{c} のとき: mask は x と同じ形 {s} の配列のはずですが、{t} でした。", c=case, s=x.shape,
                 t=f"{type(mask).__name__} {shape if shape is not None else ''}"),
              shared_shape(shape, x.shape) if shape is not None else None)
    if mask.dtype.kind not in "biuf" or not np.all((mask == 0) | (mask == 1)):
        _fail(tr("With {c}: mask should hold only True/False (or 1/0).", "{c} のとき: mask は True/False（または 1/0）"
                 "だけを持つはずです。", c=case))
    if mask.dtype.kind == "f":   # a 0/1 float mask is fine, as float64 like every float array of the course
        problem = difference(mask, np.zeros(x.shape), "mask", None, None)
        if problem:
            _fail(tr("With {c}: {p}.", "{c} のとき: {p}。", c=case, p=problem))
    problem = difference(out, np.zeros(x.shape), "out", None, None)
    if isinstance(out, np.ndarray) and out.shape == x.shape and np.array_equal(out, mask) \
            and not np.array_equal(out, x * mask):
        _fail(tr("With {c}: out is the mask itself.", "{c} のとき: out が mask そのものです。", c=case), _BY_ID["out-is-mask"])
    if problem:
        _fail(tr("With {c}: {p}.", "{c} のとき: {p}。", c=case, p=problem), look=_LOOK_OUT)
    return out.astype(np.float64), mask.astype(np.float64), case, mask


@task({"en": "training: out is x where kept and 0 where dropped",
       "ja": "学習時: 残したところは x、消したところは 0"}, points=2, independent=True)
def test_training_output(sub, rng):
    # no ratio of 0.5 here: there inverted dropout's 1 / (1 - ratio) = 2 would look like any doubling
    for shape, ratio in (((4, 5), 0.2), ((3, 2, 6), 0.4), ((50,), 0.8)):
        x = _x(rng, shape)
        out, mask, case, _ = _train(sub, x, ratio, int(rng.integers(2 ** 31)))
        if np.array_equal(out, x * mask):
            continue
        kept = mask == 1
        for factor, mid, what in ((1 / (1 - ratio), "inverted", "x / (1 - ratio)"), (1 - ratio, "train-scaled",
                                                                                     "x * (1 - ratio)")):
            if np.allclose(out[kept], x[kept] * factor, rtol=1e-9) and np.all(out[~kept] == 0):
                _fail(tr("With {c}: the kept units are {w}, not x.", "{c} のとき: 残したユニットが x ではなく {w} に"
                         "なっています。", c=case, w=what), _BY_ID[mid])
        idx = tuple(int(i) for i in np.argwhere(out != x * mask)[0])
        _fail(tr("With {c}: out differs from x * mask at index {i} (out {o:.6g}, x {v:.6g}, mask {m:g}); in training "
                 "out must be x where a unit is kept and 0 where it is dropped.",
                 "{c} のとき: 添字 {i} で out が x * mask と違います（out {o:.6g}、x {v:.6g}、mask {m:g}）。学習時の out は、"
                 "残したユニットでは x、消したユニットでは 0 です。", c=case, i=idx, o=out[idx], v=x[idx], m=mask[idx]),
              look=_LOOK_OUT)


def _normal_tail(r):
    return 0.5 * math.erfc(r / math.sqrt(2.0))  # P(Z > r) for a standard normal Z


# Bound: with n = 100,000 independent units each kept with probability p = 1 - ratio, the kept
# share has a standard deviation of sqrt(p (1 - p) / n) <= 0.0016.  A right answer must land
# within 6 standard deviations (a chance of about 2e-9 per ratio to fail).  The ratios are far
# from 0.5, so a mask kept with probability ratio lands 0.4 or more away, beyond 250 of them.
# The share does not depend on the values of x: one x (800 KB) is sent once, for every ratio.
@task({"en": "training: the kept share is close to 1 - ratio", "ja": "学習時: 残る割合が 1 - ratio に近い"}, points=2,
      independent=True)
def test_kept_share(sub, rng):
    n = 100_000
    x = _x(rng, (200, n // 200))
    held = sub.put(x)
    for ratio in (0.1, 0.3, 0.75, 0.9):
        _out, mask, case, _ = _train(sub, x, ratio, int(rng.integers(2 ** 31)), held)
        share = float(mask.mean())

        def near(p):
            return abs(share - p) <= 6 * math.sqrt(p * (1 - p) / n) + 1e-12

        if near(1 - ratio):
            continue
        mistake = _BY_ID["kept-below"] if near(ratio) else _BY_ID["normal-draws"] if near(_normal_tail(ratio)) \
            else shared_structure(mask)
        _fail(tr("With {c}: {s:.4f} of the units were kept; about 1 - ratio = {p:.2f} is expected "
                 "(within {b:.4f}).", "{c} のとき: 残ったユニットの割合が {s:.4f} でした。1 - ratio = {p:.2f} 前後"
                 "（誤差 {b:.4f} 以内）のはずです。", c=case, s=share, p=1 - ratio,
                 b=6 * math.sqrt(ratio * (1 - ratio) / n)), mistake)


# Units dropped together (one draw per row or per column, or units sharing draws) can keep the
# right share; they show in neighbouring units that agree far more often than independent ones
# do (bounds in _dropout_mistakes.dependence).  Masks of 8000 units, in two orientations.
@task({"en": "training: each unit is dropped on its own (not whole rows or columns together)",
       "ja": "学習時: ユニットごとに別々に消す（行や列をまとめて消さない）"}, points=2, independent=True)
def test_independent_units(sub, rng):
    for shape, ratio in (((200, 40), 0.5), ((40, 200), 0.3)):
        x = _x(rng, shape)
        _out, mask, case, _ = _train(sub, x, ratio, int(rng.integers(2 ** 31)))
        mistake = shared_structure(mask)
        found = dependence(mask)
        if mistake is None and found is None:
            continue
        if mistake is not None and mistake.id == "mask-one-draw":   # not told apart from a mask kept whole
            mistake = None
        if found is None:
            _fail(tr("With {c}: every unit of the mask has the same value.", "{c} のとき: mask のすべてのユニットが"
                     "同じ値です。", c=case), mistake)
        axis, share, q, bound = found
        where = tr("within a row (the units of one sample)", "行の中（1 つのデータのユニット）") if axis == 1 else \
            tr("within a column (one unit across the samples)", "列の中（データをまたいだ 1 つのユニット）")
        _fail(tr("With {c}: neighbouring units {w} are both kept or both dropped in {s:.1%} of the pairs, but "
                 "independent draws agree in about {q:.1%} (within {b:.1%}): the units are not dropped each on its "
                 "own.", "{c} のとき: {w}で隣り合うユニットが、両方残るか両方消える割合が {s:.1%} でした。ユニットごとに"
                 "独立に引けば約 {q:.1%}（誤差 {b:.1%} 以内）のはずです。ユニットが別々に消されていません。",
                 c=case, w=where, s=share, q=q, b=bound), mistake)


# Two masks of 400 units with ratio 0.5 from different seeds agree by chance with a
# probability of 2^-400: a right answer never gives equal masks there.
@task({"en": "training: the same seed gives the same mask, another seed another mask",
       "ja": "学習時: 同じ seed なら同じ mask、別の seed なら別の mask"}, points=1, independent=True)
def test_seed(sub, rng):
    x = _x(rng, (20, 20))
    seed = int(rng.integers(2 ** 31 - 1))
    first, case = _train(sub, x, 0.5, seed)[1:3]
    again = _train(sub, x, 0.5, seed)[1]
    other = _train(sub, x, 0.5, seed + 1)[1]
    if not np.array_equal(first, again):
        _fail(tr("With {c}: two calls with the same seed gave different masks.",
                 "{c} のとき: 同じ seed で 2 回呼ぶと別の mask になりました。", c=case), _BY_ID["seed-ignored"])
    if np.array_equal(first, other):
        _fail(tr("With {c}: seeds {a} and {b} gave the same mask; the mask must come from the seeded random draws.",
                 "{c} のとき: seed {a} と {b} で同じ mask になりました。mask は seed で初期化した乱数から作ります。",
                 c=case, a=seed, b=seed + 1))


_LOOK_TEST = {"en": "Look at blank (3): the output at test time, where no unit is dropped.",
              "ja": "空欄 (3) を確認してください: ユニットを消さないテスト時の出力です。"}


def _test_time_out(sub, x, ratio):
    case = tr("x {s}, ratio = {r}, train = False", "x {s}、ratio = {r}、train = False", s=x.shape, r=ratio)
    got = sub.dropout_forward(x, ratio=ratio, train=False)
    if not (isinstance(got, (tuple, list)) and len(got) == 2):
        _fail(tr("With {c}: dropout_forward should return (out, mask) (mask may be None).",
                 "{c} のとき: dropout_forward は (out, mask) を返す必要があります（mask は None でかまいません）。",
                 c=case), look=_LOOK_TEST)
    return got[0], case


def _expect_test_time(got, x, ratio, case, look=None):
    candidates = [(m, m.predict(x, ratio, False)[0]) for m in MISTAKES if m.func == _F and m.predict]
    expect(got, x * (1 - ratio), name="out", case=case, candidates=candidates, look_at=look or pick(_LOOK_TEST))


@task({"en": "test time: the output scaled to the share of units kept in training",
       "ja": "テスト時: 学習時に残るユニットの割合に合わせて出力を縮める"}, points=2, independent=True)
def test_test_time(sub, rng):
    for shape, ratio in (((4, 5), 0.25), ((3, 2, 2), 0.6), ((7,), 0.9)):
        x = _x(rng, shape)
        got, case = _test_time_out(sub, x, ratio)
        _expect_test_time(got, x, ratio, case)


_LOOK_BACK = {"en": "Look at blank (4): the gradient passes only where the mask kept the unit.",
              "ja": "空欄 (4) を確認してください: 勾配は mask で残したところだけを通ります。"}


def _expect_dx(got, want, case, dout, mask, last=None):
    """dx against dout * mask; a dx equal to dout times the mask of the last forward call is named."""
    if last is not None and difference(got, want, "dx", 1e-6, 1e-9) is not None and \
            difference(got, dout * last, "dx", 1e-6, 1e-9) is None:
        _fail(tr("With {c}: dx is dout times the mask of the last dropout_forward call, not times the mask passed.",
                 "{c} のとき: dx が、渡した mask ではなく直前の dropout_forward の mask を dout に掛けたものになっています。",
                 c=case), _BY_ID["backward-last-mask"])
    expect(got, want, name="dx", look_at=pick(_LOOK_BACK), case=case,
           candidates=lambda: predictions(MISTAKES, _B, (dout, mask), {}))


@task({"en": "backward: the gradient passes only through the kept units, also with the mask of your forward",
       "ja": "逆伝播: 勾配は残したユニットだけを通る（自分の順伝播の mask でも）"}, points=2, independent=True)
def test_backward(sub, rng):
    x = _x(rng, (4, 5))
    _out, last, _case, _ = _train(sub, x, 0.5, int(rng.integers(2 ** 31)))
    for shape in ((4, 5), (2, 3, 4)):
        dout = rng.normal(size=shape)
        bool_mask = rng.random(shape) > 0.4
        for mask in (bool_mask, bool_mask.astype(np.float64)):
            _expect_dx(sub.dropout_backward(dout, mask), dout * mask, tr("dout {s}, a {k} mask", "dout {s}、{k} の mask",
                       s=shape, k=mask.dtype), dout, mask, last if shape == x.shape else None)
    x = _x(rng, (6, 5))
    _out, mask, _case, returned = _train(sub, x, 0.3, int(rng.integers(2 ** 31)))
    dout = rng.normal(size=x.shape)
    _expect_dx(sub.dropout_backward(dout, returned), dout * mask,
               tr("the mask returned by your dropout_forward", "あなたの dropout_forward が返した mask"), dout, returned)


_DEPENDS = {"en": "The same arguments and seed gave another output on another call: does the mask come from the "
                  "generator that the given line seeds with the seed, and does your function keep nothing between "
                  "calls (a module-level variable, a cache)? Each call must start from its arguments alone.",
            "ja": "同じ引数と seed でも、別の回の呼び出しでは別の出力になりました。mask は、用意された行で seed を"
                  "設定した乱数生成器から作っていますか。また、呼び出しのあいだで何かを持ち越していませんか（モジュールの"
                  "変数、キャッシュ）。毎回、引数だけから計算してください。"}


# Training calls are compared with their own first output (the same x and seed must give the same
# (out, mask)), and with the reference's when the first call drew exactly the reference's mask (then
# the learner draws as the reference does, and a later call that does not is using something kept).
@task({"en": "the same inputs give the same outputs in any order, and the inputs are left unchanged",
       "ja": "同じ入力には呼ぶ順番によらず同じ出力を返し、入力を書き換えない"}, points=1)
def test_repeatable_and_inputs_unchanged(sub, ref, rng):
    calls = [(_x(rng, (7, 9)), 0.3, int(rng.integers(2 ** 31))) for _ in range(2)]
    first, like_ref = {}, None
    for turn, i in enumerate((0, 1, 1, 0)):
        x, ratio, seed = calls[i]
        out, mask, case, _ = _train(sub, x, ratio, seed)
        ref_mask = np.asarray(ref.dropout_forward(x, ratio=ratio, train=True, seed=seed)[1], dtype=np.float64)
        like_ref = np.array_equal(mask, ref_mask) if like_ref is None else like_ref
        if i in first and not (np.array_equal(out, first[i][0]) and np.array_equal(mask, first[i][1])) or \
                like_ref and not np.array_equal(mask, ref_mask):
            _fail(tr("With call {k} of 4 ({c}): ", "4 回中 {k} 回目の呼び出し（{c}）: ", k=turn + 1, c=case)
                  + tr("the mask differs from the one this x and seed gave before.",
                       "この x と seed で前に得た mask と違います。"), look=_DEPENDS)
        first.setdefault(i, (out, mask))
    tests = [(_x(rng, (3, 4)), 0.3), (_x(rng, (3, 4)), 0.6)]
    for turn, i in enumerate((0, 1, 1, 0)):
        x, ratio = tests[i]
        got, case = _test_time_out(sub, x, ratio)
        # a call that was right before with these very arguments: a failure now comes from something kept
        _expect_test_time(got, x, ratio, case, look=pick(_DEPENDS) if turn in (2, 3) else None)
    douts = [rng.normal(size=(3, 4)) for _ in range(2)]
    masks = [rng.random((3, 4)) > 0.5 for _ in range(2)]
    check_repeatable(sub, ref, _B, list(zip(douts, masks)), name="dx", mistakes=MISTAKES)
    check_unchanged(sub, _F, [calls[0][0], 0.3, True, calls[0][2]], names=["x"])
    check_unchanged(sub, _B, [douts[0], masks[0]], names=["dout", "mask"])
