"""Checks for ``batch_norm``: forward, backward, running averages and inference (DL1 6.3).

eps and momentum are always passed by keyword, except in one call per function that
relies on the default the syllabus names (eps=1e-6, momentum=0.9).
"""
import numpy as np

from grader.checks._batch_norm_mistakes import BY_ID, MISTAKES, norm as _norm
from grader.compare import check_repeatable, check_unchanged, difference, expect, expect_form, shape_case
from grader.i18n import tr
from grader.mistakes import predictions
from grader.numgrad import numerical_gradient, relative_error, remembered
from grader.outcome import TaskFailed
from grader.tasks import task

ANSWERS = {
    1: "x.mean(axis=0)",
    2: "np.mean((x - mu) ** 2, axis=0)",
    3: "(x - mu) / np.sqrt(var + eps)",
    4: "np.sum(dout, axis=0)",
    5: "np.sum(dout * xn, axis=0)",
    6: "dxc + (2.0 / N) * xc * dvar",
    7: "dxc - dmu / N",
    8: "momentum * running_mean + (1 - momentum) * mu",
    9: "momentum * running_var + (1 - momentum) * var",
    10: "(x - running_mean) / np.sqrt(running_var + eps)",
}
EQUIVALENTS = [
    {1: "np.mean(x, axis=0)", 2: "x.var(axis=0)", 3: "(x - mu) * (var + eps) ** -0.5", 4: "dout.sum(axis=0)",
     5: "(xn * dout).sum(axis=0)", 6: "dxc + 2 * xc * dvar / N", 7: "dxc - np.mean(dxc, axis=0)",
     8: "running_mean + (1 - momentum) * (mu - running_mean)", 9: "running_var - (1 - momentum) * (running_var - var)",
     10: "(x - running_mean) / (running_var + eps) ** 0.5"},
    # the whole backward pass in one formula, ignoring the chain of blanks (6)
    {2: "np.var(x, axis=0)",
     7: "gamma / std * (dout - dout.mean(axis=0) - xn * (dout * xn).mean(axis=0))"},
    {1: "np.average(x, axis=0)", 2: "np.mean(x ** 2, axis=0) - mu ** 2", 3: "(x - mu) / (var + eps) ** 0.5",
     4: "np.einsum('nd->d', dout)", 5: "np.einsum('nd,nd->d', dout, xn)", 6: "dxc + xc * dvar * 2 / N",
     7: "dxc - dmu / x.shape[0]", 8: "(1 - momentum) * mu + momentum * running_mean",
     9: "running_var * momentum + var * (1 - momentum)", 10: "(x - running_mean) * (running_var + eps) ** -0.5"},
]


_FWD, _BWD, _RUN, _INF = "batchnorm_forward", "batchnorm_backward", "running_update", "batchnorm_inference"


def _look_forward(got, want, args):
    """What the output shows: each feature centred on beta or not (out = gamma * xn + beta is given)."""
    g = np.asarray(got, dtype=np.float64)
    if g.shape != want.shape or g.shape[0] < 2:
        return ""
    beta = args[2]
    if np.allclose(g.mean(axis=0), beta, rtol=1e-6, atol=1e-7):
        return tr("Each feature of out is centred right (its mean over the batch is beta), but its spread is wrong: "
                  "look at the variance, blank (2), and how x is divided by it in blank (3).",
                  "out の各特徴の中心は正しい（バッチでの平均が beta）のですが、広がりが違います。分散の空欄 (2) と、"
                  "空欄 (3) でそれで割るところを確認してください。")
    return tr("The features of out are not centred on beta: look at how x is centred, the mean in blank (1) and what "
              "blank (3) subtracts.",
              "out の各特徴の中心が beta になっていません。x の中心のそろえ方、空欄 (1) の平均と空欄 (3) で引くものを"
              "確認してください。")


_BLANKS = {"dgamma": "(5)", "dbeta": "(4)"}


def _look_backward(got, want, args=()):
    """dbeta comes from blank (4) alone, dgamma from (5), dx from (6) and (7): name the first that differs."""
    for name, g, w in zip(("dbeta", "dgamma", "dx"), reversed(list(got)), reversed(list(want))):
        if difference(g, w, name, 1e-6, 1e-9) is not None:
            if name == "dx":
                return tr("Look at blanks (6) and (7): dx collects the paths through the variance and through the mean.",
                          "空欄 (6) と (7) を確認してください: dx には分散を通る経路と平均を通る経路が入ります。")
            return tr("Look at blank {b}: {n} alone comes from it.", "空欄 {b} を確認してください: {n} はそこだけから決まります。",
                      b=_BLANKS[name], n=name)
    return ""


def _look_running(got, want, args):
    for name, blank, g, w in zip(("new_mean", "new_var"), ("(8)", "(9)"), got, want):
        if difference(g, w, name, 1e-6, 1e-9) is not None:
            return tr("Look at blank {b}: {n} comes from it alone (momentum is the share of the old value that stays).",
                      "空欄 {b} を確認してください: {n} はそこだけから決まります（momentum は古い値が残る割合）。",
                      b=blank, n=name)
    return ""


def _look_inference(got, want, args):
    return tr("Look at blank (10): normalize x with the running averages, the way the forward pass does with the "
              "batch's statistics.",
              "空欄 (10) を確認してください: 順伝播でバッチの統計量を使うのと同じやり方で、移動平均を使って x を正規化します。")


_LOOKS = {_FWD: _look_forward, _BWD: _look_backward, _RUN: _look_running, _INF: _look_inference}


def _check(sub, ref, func, *args, parts=(), case=None, **kw):
    """Compare ``func`` with the reference, naming a known mistake, else saying what the output shows."""
    if case is None:
        case = shape_case(**{k: v for k, v in zip(("x", "gamma"), args[1:3] if func == _BWD else args[:2])})
    want = ref.call(func, *args, **kw)
    got = sub.call(func, *args, **kw)
    name = "out" if func in (_FWD, _INF) else tr("the output of {f}", "{f} の出力", f=func)
    if difference(got, want, name, 1e-6, 1e-9, parts) is None:
        return got
    try:
        advice = _LOOKS[func](got, want, args)
    except Exception:   # an output too far off to say more about
        advice = ""
    expect(got, want, name=name, parts=parts, candidates=lambda: predictions(MISTAKES, func, args, kw), case=case,
           look_at=advice)


def _inputs(rng, N, D):
    """x (N, D) whose features have batch means of about N(0, 2^2) and batch standard deviations
    exactly in [1, 3] (standardized noise, rescaled), gamma and beta (D,)."""
    z = rng.normal(size=(N, D))
    z = z - z.mean(axis=0)
    z = z / np.where(z.std(axis=0) > 0, z.std(axis=0), 1.0)  # N = 1 leaves z = 0
    x = rng.normal(scale=2.0, size=D) + rng.uniform(1.0, 3.0, size=D) * z
    return x, rng.normal(size=D), rng.normal(size=D)


def _nearly_constant(rng, N, D):
    """x whose feature 0 has a standard deviation of about 1e-4 (variance about 1e-8, far below
    eps = 1e-6): there sqrt(var + eps) is about 1.0e-3 but sqrt(var) + eps about 1.0e-4 (and
    sqrt(var) alone 1e-4), so eps inside or outside the root changes the output tenfold."""
    x, gamma, beta = _inputs(rng, N, D)
    x[:, 0] = 3.0 + 1e-4 * rng.choice([-1.0, 1.0], size=N) * rng.uniform(0.5, 1.5, size=N)
    return x, gamma, beta


SIZES = [(3, 2), (4, 5), (8, 3), (16, 4)]


@task({"en": "forward: output of shape (N, D)", "ja": "順伝播: 出力の形が (N, D)"}, points=1)
def test_forward_shape(sub, ref, rng):
    x, gamma, beta = _inputs(rng, 4, 3)
    expect_form(sub.batchnorm_forward(x, gamma, beta, eps=1e-6), ref.batchnorm_forward(x, gamma, beta, eps=1e-6),
                name="out", case=shape_case(x=x))


# Every batch has N <= 16, so the unbiased variance changes the output by 3 % or more.  The
# features' standard deviations s lie in [1, 3] and eps is 1e-8: where eps goes changes the output
# by less than eps * (1/s + 1/(2 s^2)) <= 1.5e-8 of itself, far below rtol = 1e-6, so this task
# is about the statistics; test_forward_nearly_constant grades the place of eps.
@task({"en": "forward: values on random inputs of several sizes", "ja": "順伝播: いろいろな大きさのランダムな入力での値"},
      points=2)
def test_forward_values(sub, ref, rng):
    for N, D in SIZES:
        _check(sub, ref, _FWD, *_inputs(rng, N, D), eps=1e-8)


@task({"en": "forward: a nearly constant feature (where eps matters)",
       "ja": "順伝播: ほとんど一定の特徴（eps が効くところ）"}, points=2)
def test_forward_nearly_constant(sub, ref, rng):
    _check(sub, ref, _FWD, *_nearly_constant(rng, 6, 3), eps=1e-6)
    _check(sub, ref, _FWD, *_nearly_constant(rng, 4, 2))


def _dout(rng, x):
    return rng.normal(size=x.shape)


@task({"en": "backward: dx, dgamma, dbeta against the reference", "ja": "逆伝播: dx, dgamma, dbeta を模範解答と比較"},
      points=3)
def test_backward_values(sub, ref, rng):
    for N, D in SIZES:
        x, gamma, _ = _inputs(rng, N, D)
        _check(sub, ref, _BWD, _dout(rng, x), x, gamma, parts=("dx", "dgamma", "dbeta"), eps=1e-5)
    x, gamma, _ = _nearly_constant(rng, 5, 3)
    _check(sub, ref, _BWD, _dout(rng, x), x, gamma, parts=("dx", "dgamma", "dbeta"))


# Threshold: central differences (h = 1e-5) of sum(out * dout), compared by the CS231n-style
# relative error with a floor of 1e-3 times the largest numerical entry (dx's columns sum to 0,
# so some entries are tiny and a plain relative error would measure rounding noise there).  Over
# 6000 random draws of these sizes a right backward reached at most 1.6e-6 (median 5e-9);
# NUM_TOL = 1e-4 leaves a margin of 60, and every catalogued mistake gives errors of 0.1 or more.
# Batches have N >= 4: with N = 2 the output is +-1 whatever x, and for N = 3 dx is often so
# small that rounding noise dominates.
NUM_TOL = 1e-4


def _forward(x, gamma, beta, eps):
    return gamma * _norm(x, eps) + beta


@task({"en": "backward: against a numerical gradient", "ja": "逆伝播: 数値微分と比較"}, points=3, independent=True)
def test_backward_numerical(sub, rng):
    for N, D in [(4, 3), (5, 4), (8, 3)]:
        x, gamma, beta = _inputs(rng, N, D)
        dout, eps = _dout(rng, x), 1e-5
        # computed once for the reference's run and the learner's (the same inputs)
        numeric = remembered(("batch_norm", x, gamma, beta, dout, eps), lambda: (
            numerical_gradient(lambda v: np.sum(_forward(v, gamma, beta, eps) * dout), x),
            numerical_gradient(lambda v: np.sum(_forward(x, v, beta, eps) * dout), gamma),
            numerical_gradient(lambda v: np.sum(_forward(x, gamma, v, eps) * dout), beta)))
        got = sub.batchnorm_backward(dout, x, gamma, eps=eps)
        case = shape_case(x=x)
        expect_form(got, numeric, name="(dx, dgamma, dbeta)", parts=("dx", "dgamma", "dbeta"), case=case)
        for name, g, n in zip(("dx", "dgamma", "dbeta"), got, numeric):
            error = relative_error(g, n, floor=1e-3 * float(np.abs(n).max()) + 1e-12)
            if error > NUM_TOL:
                named = [m for m, w in predictions(MISTAKES, _BWD, (dout, x, gamma), {"eps": eps})
                         if difference(got, w, "", 1e-6, 1e-9) is None]
                mistake = named[0] if len({m.id for m in named}) == 1 else None
                raise TaskFailed(tr("With {c}: {n} differs from the numerical gradient of sum(out * dout) "
                                    "(relative error {e:.2g}, more than {t:g}).",
                                    "{c} のとき: {n} が sum(out * dout) の数値微分と一致しません（相対誤差 {e:.2g}、"
                                    "許容 {t:g}）。", c=case, n=name, e=error, t=NUM_TOL)
                                 + "\n" + (mistake.message() if mistake else _look_backward(got, numeric)), mistake)


def _running_args(rng, D):
    return [rng.normal(size=D), rng.uniform(0.5, 2.0, size=D), rng.normal(size=D), rng.uniform(0.5, 2.0, size=D)]


@task({"en": "running averages of the mean and variance, returned as new arrays",
       "ja": "平均と分散の移動平均（新しい配列として返す）"}, points=2)
def test_running_update(sub, ref, rng):
    parts = ("new_mean", "new_var")
    for D, momentum in [(3, 0.9), (5, 0.5), (4, 0.99)]:
        args = _running_args(rng, D)
        _check(sub, ref, _RUN, *args, parts=parts, case=f"D = {D}, momentum = {momentum}", momentum=momentum)
    _check(sub, ref, _RUN, *args, parts=parts, case=f"D = {D}")
    try:
        check_unchanged(sub, _RUN, _running_args(rng, 3), kwargs={"momentum": 0.9},
                        names=["running_mean", "running_var", "mu", "var"])
    except TaskFailed as failed:
        mistake = BY_ID["running-in-place"] if "running_" in failed.message else None
        raise TaskFailed(failed.message + tr(".", "。") + ("\n" + mistake.message() if mistake else ""), mistake)


# The running statistics are drawn far from the batch's own (mean 0 and variance 1 against a
# batch with mean 1 and std 2), and one feature has running_var = 1e-8 (eps placement).
@task({"en": "inference uses the running averages", "ja": "推論では移動平均を使う"}, points=2)
def test_inference(sub, ref, rng):
    for N, D in [(4, 3), (1, 5), (6, 2)]:
        x, gamma, beta = _inputs(rng, N, D)
        rm, rv = rng.normal(scale=0.5, size=D), rng.uniform(0.5, 1.5, size=D)
        rv[0] = 1e-8
        _check(sub, ref, _INF, x, gamma, beta, rm, rv, case=shape_case(x=x), eps=1e-6)
    _check(sub, ref, _INF, x, gamma, beta, rm, rv, case=shape_case(x=x))


@task({"en": "the same inputs give the same outputs in any order, and the inputs are left unchanged",
       "ja": "同じ入力には呼ぶ順番によらず同じ出力を返し、入力を書き換えない"}, points=1)
def test_repeatable_and_inputs_unchanged(sub, ref, rng):
    batches = [_inputs(rng, 7, 6) for _ in range(2)]     # shapes no other task uses
    douts = [_dout(rng, x) for x, _, _ in batches]
    stats = [(rng.normal(scale=0.5, size=6), rng.uniform(0.5, 1.5, size=6)) for _ in batches]
    check_repeatable(sub, ref, _FWD, [(x, g, b, 1e-6) for x, g, b in batches], name="out", mistakes=MISTAKES)
    check_repeatable(sub, ref, _BWD, [(d, x, g, 1e-6) for d, (x, g, _) in zip(douts, batches)],
                     parts=("dx", "dgamma", "dbeta"), mistakes=MISTAKES)
    check_repeatable(sub, ref, _RUN, [(*st, x.mean(axis=0), x.var(axis=0), 0.9) for st, (x, _, _) in zip(stats, batches)],
                     parts=("new_mean", "new_var"), mistakes=MISTAKES)
    check_repeatable(sub, ref, _INF, [(x, g, b, *st, 1e-6) for (x, g, b), st in zip(batches, stats)], name="out",
                     mistakes=MISTAKES)
    (x, g, b), d, (rm, rv) = batches[0], douts[0], stats[0]
    check_unchanged(sub, _FWD, [x, g, b], names=["x", "gamma", "beta"])
    check_unchanged(sub, _BWD, [d, x, g], names=["dout", "x", "gamma"])
    check_unchanged(sub, _INF, [x, g, b, rm, rv], names=["x", "gamma", "beta", "running_mean", "running_var"])
