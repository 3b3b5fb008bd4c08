"""The catalogue of known mistakes for ``batch_norm``, with our own implementations
of the wrong answers."""
import numpy as np

from grader.mistakes import bilingual as _m


def norm(x, eps, ddof=0, outside=False, root=np.sqrt, mean_axis=0, var_axis=0, centre=True, var_of=None):
    """x normalized per feature (right by default; the keywords make the catalogued slips)."""
    mu = x.mean(axis=mean_axis)
    xc = x - mu
    if var_of is not None:
        var = var_of(x)
    elif var_axis is None:
        var = np.mean(xc ** 2)
    else:
        var = np.sum(xc ** 2, axis=0) / (x.shape[0] - ddof)
    top = xc if centre else x
    with np.errstate(divide="ignore", invalid="ignore"):
        return top / (root(var) + eps) if outside else top / root(var + eps)


def _fwd(**kw):
    return lambda x, gamma, beta, eps=1e-6: gamma * norm(x, eps, **kw) + beta


def _bwd(dgamma_of=None, dbeta_axis=0, var_path="right", mean_path="right", swap=False):
    def predict(dout, x, gamma, eps=1e-6):
        N = x.shape[0]
        xc = x - x.mean(axis=0)
        std = np.sqrt(np.mean(xc ** 2, axis=0) + eps)
        xn = xc / std
        dbeta = np.sum(dout, axis=dbeta_axis)
        dgamma = np.sum(dout * xn, axis=0) if dgamma_of is None else dgamma_of(dout, xn, xc, x)
        dxc = gamma * dout / std
        dvar = -0.5 * np.sum(gamma * dout * xc, axis=0) / std ** 3
        dxc = {"right": lambda: dxc + 2.0 / N * xc * dvar, "none": lambda: dxc,
               "no-N": lambda: dxc + 2.0 * xc * dvar, "replace": lambda: 2.0 / N * xc * dvar}[var_path]()
        dmu = np.sum(dxc, axis=0)
        dx = {"right": lambda: dxc - dmu / N, "none": lambda: dxc, "no-N": lambda: dxc - dmu,
              "sign": lambda: dxc + dmu / N}[mean_path]()
        return (dx, dbeta, dgamma) if swap else (dx, dgamma, dbeta)
    return predict


def _swapped_affine(*args, **kw):
    """beta * xn + gamma, in the forward pass (x, gamma, beta) and at inference (x, gamma, beta, rm, rv)."""
    eps = kw.get("eps", args[5] if len(args) > 5 else 1e-6)
    if len(args) >= 5:
        x, gamma, beta, rm, rv = args[:5]
        return beta * (x - rm) / np.sqrt(rv + eps) + gamma
    if len(args) == 3 and np.ndim(args[1]) == 1:
        x, gamma, beta = args
        return beta * norm(x, eps) + gamma
    raise TypeError("not a function this mistake concerns")


_FWD, _BWD, _RUN, _INF = "batchnorm_forward", "batchnorm_backward", "running_update", "batchnorm_inference"


def _running(mean_of, var_of):
    return lambda rm, rv, mu, var, momentum=0.9: (mean_of(rm, mu, momentum), var_of(rv, var, mu, momentum))


MISTAKES = [
    _m("unbiased-var", _FWD, "the unbiased variance (ddof=1, divided by N - 1)", "不偏分散（ddof=1、N - 1 で割る）を使っている",
       "batch normalization uses the batch's own variance, which divides by N (ddof=0, NumPy's default)",
       "Batch Normalization ではミニバッチそのものの分散を使います。N で割る分散です（ddof=0、NumPy の既定）",
       _fwd(ddof=1), code=("np.var(x, axis=0, ddof=1)", "x.var(axis=0, ddof=1)"),
       example={2: "np.var(x, axis=0, ddof=1)"}),
    _m("eps-outside-root", _FWD, "eps added outside the square root (np.sqrt(var) + eps)",
       "eps を平方根の外で足している（np.sqrt(var) + eps）",
       "eps belongs under the square root, added to the variance; the difference shows on a feature that is nearly "
       "constant (var close to 0)",
       "eps は平方根の中で分散に足します。ほとんど一定の特徴（分散がほぼ 0）で違いが出ます",
       _fwd(outside=True), example={3: "(x - mu) / (np.sqrt(var) + eps)"}),
    _m("no-eps", _FWD, "no eps at all (x - mu) / np.sqrt(var)", "eps を足していない（(x - mu) / np.sqrt(var)）",
       "without eps a constant feature divides 0 by 0: add eps to the variance under the root",
       "eps がないと、一定の特徴で 0 / 0 になります。平方根の中で分散に eps を足してください",
       lambda x, gamma, beta, eps=1e-6: gamma * norm(x, 0.0) + beta,
       example={3: "(x - mu) / np.sqrt(var)"}),
    _m("var-for-std", _FWD, "divided by the variance instead of the standard deviation",
       "標準偏差ではなく分散で割っている",
       "normalize by the standard deviation, the square root of the variance (plus eps)",
       "標準偏差（分散に eps を足したものの平方根）で割ります",
       _fwd(root=lambda v: v), example={3: "(x - mu) / (var + eps)"}),
    _m("stats-over-features", _FWD, "the mean taken over axis 1 (per sample) instead of axis 0",
       "平均を軸 1（データごと）でとっている（正しくは軸 0）",
       "batch normalization normalizes each feature over the mini-batch: the statistics run over the samples "
       "(axis 0) and have shape (D,)",
       "Batch Normalization は特徴ごとにミニバッチ全体で正規化します。統計量はデータの方向（軸 0）でとり、形は (D,) です",
       code=("x.mean(axis=1)", "np.mean(x, axis=1)"), error="broadcast"),
    _m("dbeta-axis", _BWD, "dbeta summed over the wrong axis", "dbeta の和をとる軸が違う",
       "beta (D,) is added to every row, so its gradient sums dout over the samples (axis 0), giving shape (D,)",
       "beta (D,) はすべての行に足されるので、勾配は dout をデータの方向（軸 0）に足し合わせたもので、形は (D,) です",
       _bwd(dbeta_axis=1), code=("np.sum(dout, axis=1)", "dout.sum(axis=1)"), example={4: "np.sum(dout, axis=1)"}),
    _m("dbeta-all", _BWD, "dbeta summed over every entry (a single number)", "dbeta をすべての要素で足している（1 つの数）",
       "each feature has its own beta: sum over the samples only, keeping one value per feature",
       "beta は特徴ごとにあります。データの方向だけで足し、特徴ごとに 1 つの値を残してください",
       _bwd(dbeta_axis=None), code=("np.sum(dout)", "dout.sum()"), example={4: "np.sum(dout)"}),
    _m("dgamma-axis", _BWD, "dgamma summed over the wrong axis", "dgamma の和をとる軸が違う",
       "gamma (D,) scales every row, so its gradient sums over the samples (axis 0), giving shape (D,)",
       "gamma (D,) はすべての行に掛かるので、勾配はデータの方向（軸 0）に足したもので、形は (D,) です",
       _bwd(dgamma_of=lambda dout, xn, xc, x: np.sum(dout * xn, axis=1)), example={5: "np.sum(dout * xn, axis=1)"}),
    _m("dgamma-xc", _BWD, "dgamma from the centred x instead of the normalized xn",
       "dgamma に正規化した xn ではなく平均を引いただけの xc を使っている",
       "gamma multiplies xn = xc / std, not xc: its gradient pairs dout with xn",
       "gamma が掛かるのは xc ではなく xn = xc / std です。勾配では dout と xn を組にします",
       _bwd(dgamma_of=lambda dout, xn, xc, x: np.sum(dout * xc, axis=0)), example={5: "np.sum(dout * xc, axis=0)"}),
    _m("no-var-path", _BWD, "dx misses the path through the variance", "dx に分散を通る経路が入っていない",
       "xc reaches the loss twice: directly, and through var, the mean of xc ** 2; the derivative of that mean "
       "with respect to xc, times dvar, must be added to dxc",
       "xc は 2 通りで損失に届きます。直接と、var（xc ** 2 の平均）を通る経路です。その平均を xc で微分したものに "
       "dvar を掛けて dxc に加えてください",
       _bwd(var_path="none"), example={6: "dxc"}),
    _m("no-mean-path", _BWD, "dx misses the path through the mean (dx = dxc)", "dx に平均を通る経路が入っていない（dx = dxc）",
       "every x also moves mu, and xc = x - mu: subtract each x's share of dmu",
       "どの x も mu を動かし、xc = x - mu です。dmu のうち各 x の分を引いてください",
       _bwd(mean_path="none"), example={7: "dxc"}),
    _m("running-swapped", _RUN, "momentum on the new value (m = (1 - momentum) * m + momentum * mu)",
       "momentum を新しい値に掛けている（m = (1 - momentum) * m + momentum * mu）",
       "momentum (0.9) is the share of the OLD running value that stays; the batch's value gets the rest",
       "momentum（0.9）は「古い」移動平均が残る割合です。バッチの値には残りの割合を掛けます",
       _running(lambda rm, mu, m: (1 - m) * rm + m * mu, lambda rv, var, mu, m: (1 - m) * rv + m * var),
       example={8: "(1 - momentum) * running_mean + momentum * mu",
                9: "(1 - momentum) * running_var + momentum * var"}),
    _m("inference-batch-stats", _INF, "the batch's own mean and variance used at inference",
       "推論時にミニバッチ自身の平均と分散を使っている",
       "at test time the output of a sample must not depend on the other samples: use running_mean and running_var",
       "テスト時は、あるデータの出力が他のデータに左右されてはいけません。running_mean と running_var を使ってください",
       lambda x, gamma, beta, rm, rv, eps=1e-6: gamma * norm(x, eps) + beta,
       example={10: "(x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps)"}),
    _m("inference-eps-outside", _INF, "eps added outside the square root at inference",
       "推論時に eps を平方根の外で足している",
       "as in training, eps is added to the variance under the square root",
       "学習時と同じく、eps は平方根の中で分散に足します",
       lambda x, gamma, beta, rm, rv, eps=1e-6: gamma * (x - rm) / (np.sqrt(rv) + eps) + beta,
       example={10: "(x - running_mean) / (np.sqrt(running_var) + eps)"}),
    # -- round 2 --------------------------------------------------------------------------------------
    _m("gamma-beta-swapped", None, "gamma and beta swapped (beta * xn + gamma)", "gamma と beta が入れ替わっている（beta * xn + gamma）",
       "gamma is the scale that multiplies xn and beta the shift that is added: out = gamma times xn, plus beta",
       "gamma は xn に掛ける倍率、beta は足すずらしです。out は xn の gamma 倍に beta を足したものです",
       _swapped_affine, example=[("    return gamma * xn + beta", "    return beta * xn + gamma")]),
    _m("dgamma-dbeta-swapped", _BWD, "dgamma and dbeta swapped", "dgamma と dbeta が入れ替わっている",
       "beta is added, so its gradient is dout summed over the samples; gamma multiplies xn, so its gradient "
       "also pairs dout with xn",
       "beta は足されるので、その勾配は dout をデータの方向に足したものです。gamma は xn に掛かるので、その勾配は dout と "
       "xn を組にします",
       _bwd(swap=True), example={4: "np.sum(dout * xn, axis=0)", 5: "np.sum(dout, axis=0)"}),
    _m("dgamma-x", _BWD, "dgamma from the raw x instead of the normalized xn", "dgamma に正規化した xn ではなく元の x を使っている",
       "gamma multiplies xn, the normalized x, not x itself: its gradient pairs dout with xn",
       "gamma が掛かるのは x そのものではなく正規化した xn です。勾配では dout と xn を組にします",
       _bwd(dgamma_of=lambda dout, xn, xc, x: np.sum(dout * x, axis=0)), example={5: "np.sum(dout * x, axis=0)"}),
    _m("var-path-no-N", _BWD, "the path through the variance not divided by N", "分散を通る経路を N で割っていない",
       "var is the MEAN of xc ** 2 over the N samples, so its derivative with respect to one xc has a factor 1 / N",
       "var は N 個のデータについての xc ** 2 の「平均」なので、1 つの xc での微分には 1 / N が付きます",
       _bwd(var_path="no-N"), example={6: "dxc + 2.0 * xc * dvar"}),
    _m("var-path-replaces", _BWD, "dxc replaced by the path through the variance (= instead of adding)",
       "dxc を分散を通る経路で置き換えている（足さずに代入）",
       "the path through the variance adds to the direct path already in dxc; keep dxc and add to it",
       "分散を通る経路は、dxc にすでに入っている直接の経路に「加える」ものです。dxc を残して足してください",
       _bwd(var_path="replace"), example={6: "(2.0 / N) * xc * dvar"}),
    _m("mean-path-no-N", _BWD, "dmu subtracted whole, not divided by N", "dmu を N で割らずにそのまま引いている",
       "mu is the mean of N samples, so each x moves it by 1 / N: each x's share of dmu is dmu divided by N",
       "mu は N 個のデータの平均なので、1 つの x が mu を動かす割合は 1 / N です。各 x の分は dmu を N で割ったものです",
       _bwd(mean_path="no-N"), example={7: "dxc - dmu"}),
    _m("mean-path-sign", _BWD, "the path through the mean added instead of subtracted", "平均を通る経路を引かずに足している",
       "xc = x - mu: mu enters with a minus sign, so its share of the gradient is subtracted",
       "xc = x - mu なので mu はマイナスの符号で入ります。その分の勾配は引きます",
       _bwd(mean_path="sign"), example={7: "dxc + dmu / N"}),
    _m("var-no-axis", _FWD, "the variance of all entries together (no axis)", "分散を全要素まとめてとっている（axis なし）",
       "each feature has its own variance over the samples: give the axis of the samples, so var has shape (D,)",
       "分散は特徴ごとに、データの方向でとります。データの軸を指定して、var の形を (D,) にしてください",
       _fwd(var_axis=None), example={2: "np.mean((x - mu) ** 2)"}),
    _m("std-for-var", _FWD, "the standard deviation used as the variance (np.std)", "分散の代わりに標準偏差（np.std）を使っている",
       "blank (2) is the variance; the square root is taken later, when x is normalized: np.std takes it twice",
       "空欄 (2) は分散です。平方根は正規化するときにとるので、np.std では平方根を 2 回とることになります",
       _fwd(var_of=lambda x: np.std(x, axis=0)), example={2: "np.std(x, axis=0)"}),
    _m("mean-no-axis", _FWD, "the mean of all entries together (no axis)", "平均を全要素まとめてとっている（axis なし）",
       "each feature has its own mean over the samples: give the axis of the samples, so mu has shape (D,)",
       "平均は特徴ごとに、データの方向でとります。データの軸を指定して、mu の形を (D,) にしてください",
       _fwd(mean_axis=None), example={1: "x.mean()"}),
    _m("not-centred", _FWD, "x divided by the standard deviation without subtracting the mean",
       "平均を引かずに x を標準偏差で割っている",
       "normalizing centres each feature first (subtract its mean), then divides by the standard deviation",
       "正規化では、まず各特徴の平均を引いて中心をそろえ、それから標準偏差で割ります",
       _fwd(centre=False), example={3: "x / np.sqrt(var + eps)"}),
    _m("running-no-one-minus", _RUN, "the batch's value added whole (m = momentum * m + mu)",
       "バッチの値をそのまま足している（m = momentum * m + mu）",
       "a moving average mixes the old value and the batch's: their weights add up to 1, so the batch's value gets "
       "the share that momentum leaves",
       "移動平均は古い値とバッチの値を混ぜます。重みの和は 1 なので、バッチの値には momentum の残りの割合を掛けます",
       _running(lambda rm, mu, m: m * rm + mu, lambda rv, var, mu, m: m * rv + var),
       example={8: "momentum * running_mean + mu", 9: "momentum * running_var + var"}),
    _m("running-var-from-mu", _RUN, "the running variance updated with the batch's mean mu instead of var",
       "分散の移動平均を var ではなくバッチの平均 mu で更新している",
       "the running variance averages the batch variances: blank (9) mixes running_var with var",
       "分散の移動平均はバッチの分散の平均です。空欄 (9) では running_var と var を混ぜます",
       _running(lambda rm, mu, m: m * rm + (1 - m) * mu, lambda rv, var, mu, m: m * rv + (1 - m) * mu),
       example={9: "momentum * running_var + (1 - momentum) * mu"}),
    _m("running-in-place", _RUN, "running_mean or running_var changed in place (e.g. running_mean *= momentum)",
       "running_mean や running_var をその場で書き換えている（running_mean *= momentum など）",
       "running_update returns NEW arrays and leaves its arguments as they were (the caller decides when to replace "
       "them): compute new_mean = ... from them instead of *= or += on them",
       "running_update は「新しい」配列を返し、引数はそのまま残します（いつ置き換えるかは呼び出し側が決めます）。"
       "*= や += で書き換えずに、new_mean = ... と計算してください",
       example=[("    new_mean = momentum * running_mean + (1 - momentum) * mu\n",
                 "    running_mean *= momentum\n    running_mean += (1 - momentum) * mu\n    new_mean = running_mean\n")]),
    _m("inference-var-not-root", _INF, "divided by the running variance instead of its square root at inference",
       "推論時に移動平均の分散の平方根ではなく分散そのもので割っている",
       "as in training, divide by the standard deviation: the square root of the running variance (plus eps)",
       "学習時と同じく標準偏差、つまり移動平均の分散（に eps を足したもの）の平方根で割ります",
       lambda x, gamma, beta, rm, rv, eps=1e-6: gamma * (x - rm) / (rv + eps) + beta,
       example={10: "(x - running_mean) / (running_var + eps)"}),
    _m("inference-no-eps", _INF, "no eps at inference", "推論時に eps を足していない",
       "as in training, eps is added to the variance under the square root; it matters where running_var is close to 0",
       "学習時と同じく、平方根の中で分散に eps を足します。running_var が 0 に近いところで違いが出ます",
       lambda x, gamma, beta, rm, rv, eps=1e-6: gamma * (x - rm) / np.sqrt(rv) + beta,
       example={10: "(x - running_mean) / np.sqrt(running_var)"}),
    _m("var-all-entries", _FWD, "the variance of all entries of x together (np.var(x))", "x の全要素をまとめた分散（np.var(x)）",
       "each feature has its own variance over the samples: give the axis of the samples, so var has shape (D,)",
       "分散は特徴ごとに、データの方向でとります。データの軸を指定して、var の形を (D,) にしてください",
       _fwd(var_of=lambda x: np.var(x)), example={2: "np.var(x)"}),
    _m("eps-after-division", _FWD, "eps added after the division ((x - mu) / np.sqrt(var) + eps)",
       "eps を割り算のあとで足している（(x - mu) / np.sqrt(var) + eps）",
       "eps keeps the division safe, so it belongs in the denominator, under the square root with the variance",
       "eps は割り算を安全にするためのものなので、分母の中、平方根の中で分散に足します",
       lambda x, gamma, beta, eps=1e-6: gamma * (norm(x, 0.0) + eps) + beta,
       example={3: "(x - mu) / np.sqrt(var) + eps"}),
    _m("dgamma-all", _BWD, "dgamma summed over every entry (a single number)", "dgamma をすべての要素で足している（1 つの数）",
       "each feature has its own gamma: sum over the samples only, keeping one value per feature",
       "gamma は特徴ごとにあります。データの方向だけで足し、特徴ごとに 1 つの値を残してください",
       _bwd(dgamma_of=lambda dout, xn, xc, x: np.sum(dout * xn)), example={5: "np.sum(dout * xn)"}),
]
BY_ID = {m.id: m for m in MISTAKES}
