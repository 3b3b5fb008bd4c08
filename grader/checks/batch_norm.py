"""Checks for ``batch_norm``: forward, backward, running averages and inference (DL1 6.3).

eps and momentum are always passed by keyword, except in one call per function that
relies on the default the syllabus names (eps=1e-6, momentum=0.9).
"""
import numpy as np

from grader.compare import check_call, difference, expect_form, shape_case
from grader.i18n import pick, tr
from grader.mistakes import predictions, bilingual as _m
from grader.numgrad import numerical_gradient, relative_error
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
]


def _norm(x, eps, ddof=0, outside=False, root=np.sqrt):
    """x normalized per feature (right by default; the keywords make the catalogued slips)."""
    xc = x - x.mean(axis=0)
    var = np.sum(xc ** 2, axis=0) / (x.shape[0] - ddof)
    with np.errstate(divide="ignore", invalid="ignore"):
        return xc / (root(var) + eps) if outside else xc / root(var + eps)


def _fwd(**kw):
    return lambda x, gamma, beta, eps=1e-6: gamma * _norm(x, eps, **kw) + beta


def _bwd(dgamma_of=None, dbeta_axis=0, var_path=True, mean_path=True):
    def predict(dout, x, gamma, eps=1e-6):
        N = x.shape[0]
        xc = x - x.mean(axis=0)
        std = np.sqrt(np.mean(xc ** 2, axis=0) + eps)
        xn = xc / std
        dbeta = np.sum(dout, axis=dbeta_axis)
        dgamma = np.sum(dout * xn, axis=0) if dgamma_of is None else dgamma_of(dout, xn, xc)
        dxc = gamma * dout / std
        dvar = -0.5 * np.sum(gamma * dout * xc, axis=0) / std ** 3
        if var_path:
            dxc = dxc + 2.0 / N * xc * dvar
        return (dxc - np.sum(dxc, axis=0) / N if mean_path else dxc), dgamma, dbeta
    return predict



_FWD, _BWD = "batchnorm_forward", "batchnorm_backward"
MISTAKES = [
    _m("unbiased-var", _FWD, "the unbiased variance (ddof=1, divided by N - 1)", "不偏分散（ddof=1、N - 1 で割る）を使っている",
       "batch normalization uses the batch's own variance, divided by N: np.var(x, axis=0) or "
       "np.mean((x - mu) ** 2, axis=0)",
       "Batch Normalization ではミニバッチそのものの分散（N で割る）を使います: np.var(x, axis=0) または "
       "np.mean((x - mu) ** 2, axis=0)",
       _fwd(ddof=1), code=("np.var(x, axis=0, ddof=1)", "x.var(axis=0, ddof=1)"),
       example={2: "np.var(x, axis=0, ddof=1)"}),
    _m("eps-outside-root", _FWD, "eps added outside the square root (np.sqrt(var) + eps)",
       "eps を平方根の外で足している（np.sqrt(var) + eps）",
       "the standard deviation here is np.sqrt(var + eps); the difference shows on a feature that is nearly "
       "constant (var close to 0)",
       "ここでの標準偏差は np.sqrt(var + eps) です。ほとんど一定の特徴（分散がほぼ 0）で違いが出ます",
       _fwd(outside=True), example={3: "(x - mu) / (np.sqrt(var) + eps)"}),
    _m("no-eps", _FWD, "no eps at all (x - mu) / np.sqrt(var)", "eps を足していない（(x - mu) / np.sqrt(var)）",
       "without eps a constant feature divides 0 by 0; use np.sqrt(var + eps)",
       "eps がないと、一定の特徴で 0 / 0 になります。np.sqrt(var + eps) を使ってください",
       lambda x, gamma, beta, eps=1e-6: gamma * _norm(x, 0.0) + beta,
       example={3: "(x - mu) / np.sqrt(var)"}),
    _m("var-for-std", _FWD, "divided by the variance instead of the standard deviation",
       "標準偏差ではなく分散で割っている",
       "normalize by the standard deviation, the square root: (x - mu) / np.sqrt(var + eps)",
       "標準偏差（分散の平方根）で割ります: (x - mu) / np.sqrt(var + eps)",
       _fwd(root=lambda v: v), example={3: "(x - mu) / (var + eps)"}),
    _m("stats-over-features", _FWD, "the mean taken over axis 1 (per sample) instead of axis 0",
       "平均を軸 1（データごと）でとっている（正しくは軸 0）",
       "batch normalization normalizes each feature over the mini-batch: mean and variance over axis=0, "
       "giving shape (D,)",
       "Batch Normalization は特徴ごとにミニバッチ全体で正規化します。平均と分散は axis=0 でとり、形は (D,) です",
       code=("x.mean(axis=1)", "np.mean(x, axis=1)"), error="broadcast"),
    _m("dbeta-axis", _BWD, "dbeta summed over the wrong axis", "dbeta の和をとる軸が違う",
       "beta (D,) is added to every row, so its gradient sums dout over the samples: np.sum(dout, axis=0)",
       "beta (D,) はすべての行に足されるので、勾配はデータ方向に dout を足し合わせます: np.sum(dout, axis=0)",
       _bwd(dbeta_axis=1), code=("np.sum(dout, axis=1)", "dout.sum(axis=1)"), example={4: "np.sum(dout, axis=1)"}),
    _m("dbeta-all", _BWD, "dbeta summed over every entry (a single number)", "dbeta をすべての要素で足している（1 つの数）",
       "each feature has its own beta: sum over the samples only, np.sum(dout, axis=0)",
       "beta は特徴ごとにあります。データ方向だけで足します: np.sum(dout, axis=0)",
       _bwd(dbeta_axis=None), code=("np.sum(dout)", "dout.sum()"), example={4: "np.sum(dout)"}),
    _m("dgamma-axis", _BWD, "dgamma summed over the wrong axis", "dgamma の和をとる軸が違う",
       "gamma (D,) scales every row, so its gradient sums dout * xn over the samples: np.sum(dout * xn, axis=0)",
       "gamma (D,) はすべての行に掛かるので、勾配は dout * xn をデータ方向に足します: np.sum(dout * xn, axis=0)",
       _bwd(dgamma_of=lambda dout, xn, xc: np.sum(dout * xn, axis=1)), example={5: "np.sum(dout * xn, axis=1)"}),
    _m("dgamma-xc", _BWD, "dgamma from the centred x instead of the normalized xn",
       "dgamma に正規化した xn ではなく平均を引いただけの xc を使っている",
       "gamma multiplies xn = xc / std, so dgamma = np.sum(dout * xn, axis=0)",
       "gamma が掛かるのは xn = xc / std なので dgamma = np.sum(dout * xn, axis=0) です",
       _bwd(dgamma_of=lambda dout, xn, xc: np.sum(dout * xc, axis=0)), example={5: "np.sum(dout * xc, axis=0)"}),
    _m("no-var-path", _BWD, "dx misses the path through the variance", "dx に分散を通る経路が入っていない",
       "xc reaches the loss twice: directly, and through var = mean(xc ** 2), whose derivative adds "
       "(2 / N) * xc * dvar to dxc",
       "xc は 2 通りで損失に届きます。直接と、var = mean(xc ** 2) を通る経路で、後者は dxc に (2 / N) * xc * dvar を加えます",
       _bwd(var_path=False), example={6: "dxc"}),
    _m("no-mean-path", _BWD, "dx misses the path through the mean (dx = dxc)", "dx に平均を通る経路が入っていない（dx = dxc）",
       "every x also moves mu, and xc = x - mu: subtract the share of dmu, dx = dxc - dmu / N",
       "どの x も mu を動かし、xc = x - mu です。dmu の分を引きます: dx = dxc - dmu / N",
       _bwd(mean_path=False), example={7: "dxc"}),
    _m("running-swapped", "running_update", "momentum on the new value (m = (1 - momentum) * m + momentum * mu)",
       "momentum を新しい値に掛けている（m = (1 - momentum) * m + momentum * mu）",
       "momentum (0.9) is the share of the OLD running value that stays: momentum * running_mean + "
       "(1 - momentum) * mu",
       "momentum（0.9）は「古い」移動平均が残る割合です: momentum * running_mean + (1 - momentum) * mu",
       lambda rm, rv, mu, var, momentum=0.9: ((1 - momentum) * rm + momentum * mu, (1 - momentum) * rv + momentum * var),
       example={8: "(1 - momentum) * running_mean + momentum * mu",
                9: "(1 - momentum) * running_var + momentum * var"}),
    _m("inference-batch-stats", "batchnorm_inference", "the batch's own mean and variance used at inference",
       "推論時にミニバッチ自身の平均と分散を使っている",
       "at test time the output of a sample must not depend on the other samples: use running_mean and running_var",
       "テスト時は、あるデータの出力が他のデータに左右されてはいけません。running_mean と running_var を使ってください",
       lambda x, gamma, beta, rm, rv, eps=1e-6: gamma * _norm(x, eps) + beta,
       example={10: "(x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps)"}),
    _m("inference-eps-outside", "batchnorm_inference", "eps added outside the square root at inference",
       "推論時に eps を平方根の外で足している",
       "as in training, the standard deviation is np.sqrt(running_var + eps)",
       "学習時と同じく、標準偏差は np.sqrt(running_var + eps) です",
       lambda x, gamma, beta, rm, rv, eps=1e-6: gamma * (x - rm) / (np.sqrt(rv) + eps) + beta,
       example={10: "(x - running_mean) / (np.sqrt(running_var) + eps)"}),
]

_LOOK = {
    _FWD: {"en": "Look at blanks (1) to (3): mean and variance over axis 0 (the variance divides by N), then "
                 "(x - mu) / np.sqrt(var + eps).",
           "ja": "空欄 (1) から (3) を確認してください: 平均と分散は軸 0 で（分散は N で割る）、(x - mu) / np.sqrt(var + eps)。"},
    _BWD: {"en": "Look at blanks (4) to (7): dbeta and dgamma sum over axis 0; dx takes the paths through the "
                 "variance and the mean.",
           "ja": "空欄 (4) から (7) を確認してください: dbeta と dgamma は軸 0 で和をとります。dx には分散と平均を通る経路が入ります。"},
    "running_update": {"en": "Look at blanks (8) and (9): new = momentum * old + (1 - momentum) * batch value.",
                       "ja": "空欄 (8) と (9) を確認してください: 新しい値 = momentum * 古い値 + (1 - momentum) * バッチの値。"},
    "batchnorm_inference": {"en": "Look at blank (10): normalize with running_mean and np.sqrt(running_var + eps).",
                            "ja": "空欄 (10) を確認してください: running_mean と np.sqrt(running_var + eps) で正規化します。"},
}


def _check(sub, ref, func, *args, parts=(), **kw):
    case = shape_case(**{k: v for k, v in zip(("x", "gamma"), args[1:3] if func == _BWD else args[:2])})
    return check_call(sub, ref, func, *args, parts=parts, mistakes=MISTAKES, look_at=pick(_LOOK[func]),
                      case=case, **kw)


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
      points=3)
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
        numeric = (numerical_gradient(lambda v: np.sum(_forward(v, gamma, beta, eps) * dout), x),
                   numerical_gradient(lambda v: np.sum(_forward(x, v, beta, eps) * dout), gamma),
                   numerical_gradient(lambda v: np.sum(_forward(x, gamma, v, eps) * dout), beta))
        got = sub.batchnorm_backward(dout, x, gamma, eps=eps)
        case = shape_case(x=x)
        expect_form(got, numeric, name="(dx, dgamma, dbeta)", parts=("dx", "dgamma", "dbeta"), case=case)
        for name, g, n in zip(("dx", "dgamma", "dbeta"), got, numeric):
            error = relative_error(g, n, floor=1e-3 * float(np.abs(n).max()) + 1e-12)
            if error > NUM_TOL:
                named = [m for m, w in predictions(MISTAKES, _BWD, (dout, x, gamma), {"eps": eps})
                         if difference(got, w, "", 1e-6, 1e-9) is None]
                mistake = named[0] if len(named) == 1 else None
                raise TaskFailed(tr("With {c}: {n} differs from the numerical gradient of sum(out * dout) "
                                    "(relative error {e:.2g}, more than {t:g}).",
                                    "{c} のとき: {n} が sum(out * dout) の数値微分と一致しません（相対誤差 {e:.2g}、"
                                    "許容 {t:g}）。", c=case, n=name, e=error, t=NUM_TOL)
                                 + "\n" + (mistake.message() if mistake else pick(_LOOK[_BWD])), mistake)


@task({"en": "running averages of the mean and variance", "ja": "平均と分散の移動平均"}, points=2)
def test_running_update(sub, ref, rng):
    for D, momentum in [(3, 0.9), (5, 0.5), (4, 0.99)]:
        args = [rng.normal(size=D), rng.uniform(0.5, 2.0, size=D), rng.normal(size=D), rng.uniform(0.5, 2.0, size=D)]
        check_call(sub, ref, "running_update", *args, parts=("new_mean", "new_var"), mistakes=MISTAKES,
                   case=f"D = {D}, momentum = {momentum}", look_at=pick(_LOOK["running_update"]), momentum=momentum)
    check_call(sub, ref, "running_update", *args, parts=("new_mean", "new_var"), mistakes=MISTAKES,
               case=f"D = {D}", look_at=pick(_LOOK["running_update"]))


# The running statistics are drawn far from the batch's own (mean 0 and variance 1 against a
# batch with mean 1 and std 2), and one feature has running_var = 1e-8 (eps placement).
@task({"en": "inference uses the running averages", "ja": "推論では移動平均を使う"}, points=2)
def test_inference(sub, ref, rng):
    for N, D in [(4, 3), (1, 5), (6, 2)]:
        x, gamma, beta = _inputs(rng, N, D)
        rm, rv = rng.normal(scale=0.5, size=D), rng.uniform(0.5, 1.5, size=D)
        rv[0] = 1e-8
        check_call(sub, ref, "batchnorm_inference", x, gamma, beta, rm, rv, mistakes=MISTAKES, case=shape_case(x=x),
                   look_at=pick(_LOOK["batchnorm_inference"]), eps=1e-6)
    check_call(sub, ref, "batchnorm_inference", x, gamma, beta, rm, rv, mistakes=MISTAKES, case=shape_case(x=x),
               look_at=pick(_LOOK["batchnorm_inference"]))
