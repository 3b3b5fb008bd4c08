"""Checks for ``dropout``: the book's dropout (DL1 6.4.3), graded by properties.

The draws are random, so no task compares masks with the reference's: every task
checks a property that any right answer has (seeds are fixed, taken from the task's
rng), with bounds wide enough that a right answer never fails in practice.
"""
import math

import numpy as np

from grader.compare import expect
from grader.i18n import pick, tr
from grader.mistakes import predictions, bilingual as _m
from grader.outcome import TaskFailed
from grader.tasks import task

ANSWERS = {1: "np.random.rand(*x.shape) > ratio", 2: "x * mask", 3: "x * (1.0 - ratio)", 4: "dout * mask"}
EQUIVALENTS = [
    {1: "np.random.random_sample(x.shape) > ratio", 2: "np.where(mask, x, 0.0)", 3: "x - ratio * x",
     4: "np.where(mask, dout, 0.0)"},
    # a 0/1 float mask is fine too
    {1: "(np.random.rand(*x.shape) > ratio).astype(float)", 2: "mask * x", 3: "(1 - ratio) * x",
     4: "mask * dout"},
]


def _test_time(factor):
    """A forward whose test-time output is factor(ratio) * x (training not modelled)."""
    return lambda x, ratio, train, seed=None: (factor(ratio) * x, None)



_F = "dropout_forward"
MISTAKES = [
    _m("inverted", _F, "inverted dropout (training output divided by 1 - ratio, test output x unchanged)",
       "inverted dropout になっている（学習時の出力を 1 - ratio で割り、テスト時は x のまま）",
       "inverted dropout is a valid method, but this exercise asks for the book's: in training out = x * mask, "
       "and at test time out = x * (1 - ratio)",
       "inverted dropout も正しい手法ですが、この演習では本書の方式を使います: 学習時は out = x * mask、"
       "テスト時は out = x * (1 - ratio)",
       _test_time(lambda r: 1.0), code=("x * mask / (1 - ratio)", "x * mask / (1.0 - ratio)", "mask / (1 - ratio)"),
       example={2: "x * mask / (1 - ratio)", 3: "x"}),
    _m("kept-below", _F, "units kept with probability ratio instead of 1 - ratio (draw < ratio)",
       "ユニットを確率 1 - ratio ではなく ratio で残している（乱数 < ratio）",
       "ratio is the share of units DROPPED: keep a unit where its uniform draw is greater than ratio, "
       "np.random.rand(*x.shape) > ratio",
       "ratio は「消す」ユニットの割合です。一様乱数が ratio より大きいユニットを残します: "
       "np.random.rand(*x.shape) > ratio",
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
    _m("test-times-ratio", _F, "test-time output x * ratio instead of x * (1 - ratio)",
       "テスト時の出力が x * (1 - ratio) ではなく x * ratio",
       "in training a unit is kept with probability 1 - ratio, so at test time the output is scaled by the "
       "kept share, x * (1 - ratio)",
       "学習時にユニットが残る確率は 1 - ratio なので、テスト時は残る割合 x * (1 - ratio) に縮めます",
       _test_time(lambda r: r), code=("x * ratio",), example={3: "x * ratio"}),
    _m("test-no-scaling", _F, "test-time output x, not scaled", "テスト時の出力が x のまま（縮めていない）",
       "in training only a share 1 - ratio of the units pass, so at test time the book scales the output: "
       "x * (1 - ratio)",
       "学習時には 1 - ratio の割合のユニットしか通らないので、本書ではテスト時に出力を x * (1 - ratio) に縮めます",
       _test_time(lambda r: 1.0), code=("x",), example={3: "x"}),
    _m("backward-no-mask", "dropout_backward", "the backward pass ignores the mask (dx = dout)",
       "逆伝播で mask を使っていない（dx = dout）",
       "a dropped unit passed nothing forward, so it gets no gradient back: dx = dout * mask",
       "順伝播で消したユニットは何も伝えていないので、勾配も戻りません: dx = dout * mask",
       lambda dout, mask: dout, code=("dout",), example={4: "dout"}),
]
_BY_ID = {m.id: m for m in MISTAKES}

_LOOK = {"en": "Look at blanks (1) and (2): keep a unit where np.random.rand exceeds ratio, and out = x * mask.",
         "ja": "空欄 (1) と (2) を確認してください: np.random.rand が ratio を超えるユニットを残し、out = x * mask。"}


def _fail(message, mistake=None, look=_LOOK):
    raise TaskFailed(message + "\n" + (mistake.message() if mistake else pick(look)), mistake)


def _x(rng, shape):
    """Inputs without zeros (sizes 0.5 to 2, random signs), so a kept unit never looks dropped."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 2.0, size=shape)


def _train(sub, x, ratio, seed):
    """The learner's (out, mask as a float 0/1 array, case, mask as returned) in training; checks the form."""
    case = tr("x {s}, ratio = {r}, train = True, seed = {d}", "x {s}、ratio = {r}、train = True、seed = {d}",
              s=x.shape, r=ratio, d=seed)
    got = sub.dropout_forward(x, ratio=ratio, train=True, seed=seed)
    if not (isinstance(got, (tuple, list)) and len(got) == 2):
        _fail(tr("With {c}: dropout_forward should return (out, mask).", "{c} のとき: dropout_forward は (out, mask) を"
                 "返す必要があります。", c=case))
    out, mask = got
    for name, value in (("out", out), ("mask", mask)):
        if not (isinstance(value, np.ndarray) and value.shape == x.shape):
            _fail(tr("With {c}: {n} should be an array of x's shape {s}, but it is {t}.",
                     "{c} のとき: {n} は x と同じ形 {s} の配列のはずですが、{t} でした。", c=case, n=name, s=x.shape,
                     t=f"{type(value).__name__} {getattr(value, 'shape', '')}"))
    if mask.dtype.kind not in "biuf" or not np.all((mask == 0) | (mask == 1)):
        _fail(tr("With {c}: mask should hold only True/False (or 1/0).", "{c} のとき: mask は True/False（または 1/0）"
                 "だけを持つはずです。", c=case))
    return out.astype(np.float64), mask.astype(np.float64), case, mask


@task({"en": "training: out is x where kept and 0 where dropped (out = x * mask)",
       "ja": "学習時: 残したところは x、消したところは 0（out = x * mask）"}, points=3, independent=True)
def test_training_output(sub, rng):
    # no ratio of 0.5 here: there inverted dropout's 1 / (1 - ratio) = 2 would look like any doubling
    for shape, ratio in (((4, 5), 0.2), ((3, 2, 6), 0.4), ((50,), 0.8)):
        x = _x(rng, shape)
        out, mask, case, _ = _train(sub, x, ratio, int(rng.integers(2 ** 31)))
        if np.array_equal(out, x * mask):
            continue
        kept = mask == 1
        if np.allclose(out[kept], x[kept] / (1 - ratio), rtol=1e-9) and np.all(out[~kept] == 0):
            _fail(tr("With {c}: the kept units are x / (1 - ratio), not x.", "{c} のとき: 残したユニットが x ではなく "
                     "x / (1 - ratio) になっています。", c=case), _BY_ID["inverted"])
        bad = np.argwhere(out != x * mask)[0]
        idx = tuple(int(i) for i in bad)
        _fail(tr("With {c}: out differs from x * mask at index {i} (out {o:.6g}, x {v:.6g}, mask {m:g}); in training "
                 "out must be x where a unit is kept and 0 where it is dropped.",
                 "{c} のとき: 添字 {i} で out が x * mask と違います（out {o:.6g}、x {v:.6g}、mask {m:g}）。学習時の out は、"
                 "残したユニットでは x、消したユニットでは 0 です。", c=case, i=idx, o=out[idx], v=x[idx], m=mask[idx]))


def _normal_tail(r):
    return 0.5 * math.erfc(r / math.sqrt(2.0))  # P(Z > r) for a standard normal Z


# Bound: with n = 100,000 independent units each kept with probability p = 1 - ratio, the kept
# share has a standard deviation of sqrt(p (1 - p) / n) <= 0.0016.  A right answer must land
# within 6 standard deviations (a chance of about 2e-9 per ratio to fail).  The ratios are far
# from 0.5, so a mask kept with probability ratio lands 0.4 or more away, beyond 250 of them.
@task({"en": "training: the kept share is close to 1 - ratio", "ja": "学習時: 残る割合が 1 - ratio に近い"}, points=3,
      independent=True)
def test_kept_share(sub, rng):
    n = 100_000
    for ratio in (0.1, 0.3, 0.75, 0.9):
        x = _x(rng, (200, n // 200))
        _out, mask, case, _ = _train(sub, x, ratio, int(rng.integers(2 ** 31)))
        share = float(mask.mean())

        def near(p):
            return abs(share - p) <= 6 * math.sqrt(p * (1 - p) / n) + 1e-12

        if near(1 - ratio):
            continue
        mistake = _BY_ID["kept-below"] if near(ratio) else _BY_ID["normal-draws"] if near(_normal_tail(ratio)) else None
        _fail(tr("With {c}: {s:.4f} of the units were kept; about 1 - ratio = {p:.2f} is expected "
                 "(within {b:.4f}).", "{c} のとき: 残ったユニットの割合が {s:.4f} でした。1 - ratio = {p:.2f} 前後"
                 "（誤差 {b:.4f} 以内）のはずです。", c=case, s=share, p=1 - ratio,
                 b=6 * math.sqrt(ratio * (1 - ratio) / n)), mistake)


# Two masks of 400 units with ratio 0.5 from different seeds agree by chance with a
# probability of 2^-400: a right answer never gives equal masks there.
@task({"en": "training: the same seed gives the same mask, another seed another mask",
       "ja": "学習時: 同じ seed なら同じ mask、別の seed なら別の mask"}, points=2, independent=True)
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


_LOOK_TEST = {"en": "Look at blank (3): at test time out = x * (1 - ratio), the share of units kept in training.",
              "ja": "空欄 (3) を確認してください: テスト時は out = x * (1 - ratio)（学習時に残る割合）です。"}


@task({"en": "test time: out = x * (1 - ratio)", "ja": "テスト時: out = x * (1 - ratio)"}, points=2, independent=True)
def test_test_time(sub, rng):
    for shape, ratio in (((4, 5), 0.25), ((3, 2, 2), 0.6), ((7,), 0.9)):
        x = _x(rng, shape)
        got = sub.dropout_forward(x, ratio=ratio, train=False)
        case = tr("x {s}, ratio = {r}, train = False", "x {s}、ratio = {r}、train = False", s=shape, r=ratio)
        if not (isinstance(got, (tuple, list)) and len(got) == 2):
            _fail(tr("With {c}: dropout_forward should return (out, mask) (mask may be None).",
                     "{c} のとき: dropout_forward は (out, mask) を返す必要があります（mask は None でかまいません）。",
                     c=case), look=_LOOK_TEST)
        candidates = [(m, m.predict(x, ratio, False)[0]) for m in MISTAKES if m.func == _F and m.predict]
        expect(got[0], x * (1 - ratio), name="out", case=case, candidates=candidates, look_at=pick(_LOOK_TEST))


_LOOK_BACK = {"en": "Look at blank (4): the gradient passes only where the mask kept the unit: dout * mask.",
              "ja": "空欄 (4) を確認してください: 勾配は mask で残したところだけを通ります: dout * mask。"}


@task({"en": "backward: dx = dout * mask, also with the mask of your forward",
       "ja": "逆伝播: dx = dout * mask（自分の順伝播の mask でも）"}, points=2, independent=True)
def test_backward(sub, rng):
    for shape in ((4, 5), (2, 3, 4)):
        dout = rng.normal(size=shape)
        bool_mask = rng.random(shape) > 0.4
        for mask in (bool_mask, bool_mask.astype(np.float64)):
            expect(sub.dropout_backward(dout, mask), dout * mask, name="dx", look_at=pick(_LOOK_BACK),
                   case=tr("dout {s}, a {k} mask", "dout {s}、{k} の mask", s=shape, k=mask.dtype),
                   candidates=predictions(MISTAKES, "dropout_backward", (dout, mask), {}))
    x = _x(rng, (6, 5))
    _out, mask, _case, returned = _train(sub, x, 0.3, int(rng.integers(2 ** 31)))
    dout = rng.normal(size=x.shape)
    expect(sub.dropout_backward(dout, returned), dout * mask, name="dx", look_at=pick(_LOOK_BACK),
           case=tr("the mask returned by your dropout_forward", "あなたの dropout_forward が返した mask"),
           candidates=predictions(MISTAKES, "dropout_backward", (dout, returned), {}))
