"""Checks for ``weight_init``: Xavier and He standard deviations, and random
weights graded by their statistics (the draws themselves are not compared)."""
import numpy as np

from grader.compare import check_call, expect_form
from grader.i18n import pick, tr
from grader.mistakes import Mistake
from grader.outcome import TaskFailed
from grader.tasks import task

ANSWERS = {1: "1 / np.sqrt(n_in)", 2: "np.sqrt(2 / n_in)", 3: "rng.standard_normal((n_in, n_out)) * std"}
EQUIVALENTS = [
    {1: "n_in ** -0.5", 2: "np.sqrt(2) / np.sqrt(n_in)", 3: "rng.normal(0.0, std, size=(n_in, n_out))"},
    {1: "np.sqrt(1.0 / n_in)", 2: "(2 / n_in) ** 0.5", 3: "std * np.random.RandomState(seed).randn(n_in, n_out)"},
]

MISTAKES = [
    Mistake("xavier-1-over-n", func="xavier_std",
            title={"en": "Xavier's std written 1 / n_in", "ja": "Xavier の標準偏差を 1 / n_in としている"},
            hint={"en": "Xavier keeps the variance of the signal: the VARIANCE is 1/n, so the std is 1 / sqrt(n_in)",
                  "ja": "Xavier は信号の分散を保つ初期値です。分散が 1/n なので、標準偏差は 1 / sqrt(n_in) です"},
            predict=lambda n_in: 1.0 / n_in, code=("1 / n_in", "1.0 / n_in")),
    Mistake("xavier-given-he", func="xavier_std",
            title={"en": "He's std sqrt(2 / n_in) used for Xavier", "ja": "Xavier に He の sqrt(2 / n_in) を使っている"},
            hint={"en": "the factor 2 belongs to He (it makes up for ReLU zeroing half the inputs); Xavier is "
                        "1 / sqrt(n_in)",
                  "ja": "係数 2 は He の初期値のものです（ReLU が入力の半分を 0 にする分を補う）。Xavier は 1 / sqrt(n_in) です"},
            predict=lambda n_in: np.sqrt(2.0 / n_in), code=("np.sqrt(2 / n_in)",)),
    Mistake("he-2-over-sqrt-n", func="he_std",
            title={"en": "He's std written 2 / sqrt(n_in)", "ja": "He の標準偏差を 2 / sqrt(n_in) としている"},
            hint={"en": "the 2 goes inside the root: the variance is 2 / n_in, so the std is sqrt(2 / n_in) "
                        "(about 1.41 / sqrt(n_in), not 2 / sqrt(n_in))",
                  "ja": "2 はルートの中です。分散が 2 / n_in なので標準偏差は sqrt(2 / n_in)（2 / sqrt(n_in) ではなく約 "
                        "1.41 / sqrt(n_in)）です"},
            predict=lambda n_in: 2.0 / np.sqrt(n_in), code=("2 / np.sqrt(n_in)",), example={2: "2 / np.sqrt(n_in)"}),
    Mistake("he-given-xavier", func="he_std",
            title={"en": "Xavier's std 1 / sqrt(n_in) used for He", "ja": "He に Xavier の 1 / sqrt(n_in) を使っている"},
            hint={"en": "ReLU sets about half of its inputs to 0, so He doubles the variance: sqrt(2 / n_in)",
                  "ja": "ReLU は入力のおよそ半分を 0 にするので、He は分散を 2 倍にします: sqrt(2 / n_in)"},
            predict=lambda n_in: 1.0 / np.sqrt(n_in), code=("1 / np.sqrt(n_in)",), example={2: "1 / np.sqrt(n_in)"}),
    Mistake("he-no-root", func="he_std",
            title={"en": "He's variance 2 / n_in returned as the std", "ja": "He の分散 2 / n_in を標準偏差として返している"},
            hint={"en": "2 / n_in is the variance; the std is its square root", "ja": "2 / n_in は分散です。標準偏差はその平方根です"},
            predict=lambda n_in: 2.0 / n_in, code=("2 / n_in",), example={2: "2 / n_in"}),
    Mistake("init-uniform", func="init_weight",
            title={"en": "uniform random numbers instead of standard normals",
                   "ja": "標準正規分布ではなく一様分布の乱数を使っている"},
            hint={"en": "rng.random draws from [0, 1): its mean is 0.5, not 0; use rng.standard_normal",
                  "ja": "rng.random は [0, 1) の一様乱数で平均が 0.5 です。rng.standard_normal を使ってください"},
            example={3: "rng.random((n_in, n_out)) * std"}),
    Mistake("init-seed-ignored", func="init_weight",
            title={"en": "the seed is ignored (np.random.randn uses the global generator)",
                   "ja": "seed が使われていない（np.random.randn は共通の乱数生成器を使う）"},
            hint={"en": "draw from rng, the generator made from seed, so the same seed gives the same weights",
                  "ja": "seed から作った rng で乱数を作ってください。同じ seed なら同じ重みになります"},
            example={3: "np.random.randn(n_in, n_out) * std"}),
    Mistake("init-variance", func="init_weight",
            title={"en": "the normals multiplied by the variance std ** 2", "ja": "乱数に分散 std ** 2 を掛けている"},
            hint={"en": "multiplying standard normals by s gives std s: multiply by std itself",
                  "ja": "標準正規分布の乱数に s を掛けると標準偏差が s になります。std そのものを掛けてください"},
            example={3: "rng.standard_normal((n_in, n_out)) * std ** 2"}),
]
_BY_ID = {m.id: m for m in MISTAKES}

_LOOK = {"en": "Look at the formula: Xavier std = 1 / sqrt(n_in), He std = sqrt(2 / n_in).",
         "ja": "式を確認してください: Xavier の標準偏差 = 1 / sqrt(n_in)、He の標準偏差 = sqrt(2 / n_in)。"}
SIZES = [1, 2, 3, 50, 100, 784]


@task({"en": "Xavier's standard deviation", "ja": "Xavier の標準偏差"}, points=2)
def test_xavier_std(sub, ref):
    for n in SIZES:
        check_call(sub, ref, "xavier_std", n, name="xavier_std", mistakes=MISTAKES, case=f"n_in = {n}",
                   look_at=pick(_LOOK))


@task({"en": "He's standard deviation", "ja": "He の標準偏差"}, points=2)
def test_he_std(sub, ref):
    for n in SIZES:
        check_call(sub, ref, "he_std", n, name="he_std", mistakes=MISTAKES, case=f"n_in = {n}", look_at=pick(_LOOK))


@task({"en": "init_weight returns a float array of shape (n_in, n_out)",
       "ja": "init_weight が形 (n_in, n_out) の浮動小数点配列を返す"}, points=1)
def test_shape(sub, ref):
    for method in ("xavier", "he"):
        expect_form(sub.init_weight(3, 2, method, 0), ref.init_weight(3, 2, method, 0), name="W",
                    case=f"n_in = 3, n_out = 2, method = {method!r}")


def _std_named(sample_std, fn_std, n_in, method):
    """The catalogued mistake that explains the sample's std, if any.  ``fn_std``
    is what the learner's own xavier_std / he_std returns for n_in."""
    if abs(sample_std / fn_std - 1) < 0.01:  # the draw is right; the std function is not
        wrong = {"xavier": {"xavier-1-over-n": 1.0 / n_in, "xavier-given-he": np.sqrt(2.0 / n_in)},
                 "he": {"he-2-over-sqrt-n": 2.0 / np.sqrt(n_in), "he-given-xavier": 1.0 / np.sqrt(n_in),
                        "he-no-root": 2.0 / n_in}}[method]
        for mistake_id, std in wrong.items():
            if abs(fn_std / std - 1) < 1e-6:
                return _BY_ID[mistake_id]
        return None
    if abs(sample_std / fn_std ** 2 - 1) < 0.01:
        return _BY_ID["init-variance"]
    return None


# Bounds: with N = 400 * 500 = 200,000 standard normals times s, the sample std has a relative
# standard error of 1 / sqrt(2N) = 0.0016 and the sample mean a standard error of s / sqrt(N) =
# 0.0022 s; the sample excess kurtosis has a standard error of sqrt(24 / N) = 0.011.  The bounds
# below (1 % on the std, 0.015 times the sample std on the mean, 0.1 on the kurtosis) are 6 to 9
# standard errors wide, so a right answer fails with a
# probability below 1e-8, while every catalogued mistake lands far outside them.
@task({"en": "init_weight: mean 0, the method's std, normally distributed",
       "ja": "init_weight: 平均 0、手法どおりの標準偏差、正規分布"}, points=3, independent=True)
def test_statistics(sub):
    n_in, n_out = 400, 500
    for method, seed in (("xavier", 11), ("he", 12)):
        W = np.asarray(sub.init_weight(n_in, n_out, method, seed), dtype=np.float64)
        case = tr("n_in = {n}, method = {m!r}", "n_in = {n}、method = {m!r}", n=n_in, m=method)
        if W.shape != (n_in, n_out):
            raise TaskFailed(tr("With {c}: W has shape {s}, expected {e}.", "{c} のとき: W の形が {s} です（期待値 {e}）。",
                                c=case, s=W.shape, e=(n_in, n_out)))
        expected = np.sqrt(2.0 / n_in) if method == "he" else 1.0 / np.sqrt(n_in)
        mean, std = float(W.mean()), float(W.std())
        centred = (W - mean) / std if std > 0 else W
        kurtosis = float(np.mean(centred ** 4) - 3.0)
        if abs(mean) >= 0.015 * std or abs(kurtosis) >= 0.1:
            mistake = _BY_ID["init-uniform"] if abs(kurtosis) >= 0.5 else None
            message = tr("With {c}: the weights do not look like normals with mean 0 (mean {m:.4f} for a std "
                         "of {s:.4f}, excess kurtosis {k:.2f}; a normal distribution centred at 0 has 0 for both).",
                         "{c} のとき: 重みが平均 0 の正規分布に見えません（標準偏差 {s:.4f} に対し平均 {m:.4f}、"
                         "超過尖度 {k:.2f}。0 を中心とする正規分布ならどちらも 0）。", c=case, m=mean, s=std, k=kurtosis)
            raise TaskFailed(message + ("\n" + mistake.message() if mistake else ""), mistake)
        if abs(std / expected - 1) >= 0.01:
            fn_std = float(sub.call(f"{method}_std", n_in))
            mistake = _std_named(std, fn_std, n_in, method)
            message = tr("With {c}: the weights' standard deviation is {s:.5f}, expected {e:.5f}.",
                         "{c} のとき: 重みの標準偏差が {s:.5f} です（期待値 {e:.5f}）。", c=case, s=std, e=expected)
            raise TaskFailed(message + ("\n" + mistake.message() if mistake else "\n" + pick(_LOOK)), mistake)


@task({"en": "init_weight: the same seed gives the same weights, another seed others",
       "ja": "init_weight: 同じ seed なら同じ重み、別の seed なら別の重み"}, points=2, independent=True)
def test_seed(sub):
    first = sub.init_weight(30, 20, "he", 5)
    again = sub.init_weight(30, 20, "he", 5)
    other = sub.init_weight(30, 20, "he", 6)
    if not np.array_equal(first, again):
        raise TaskFailed(tr("Two calls with seed 5 gave different weights.", "seed 5 で 2 回呼ぶと別の重みになりました。")
                         + "\n" + _BY_ID["init-seed-ignored"].message(), _BY_ID["init-seed-ignored"])
    if np.array_equal(first, other):
        raise TaskFailed(tr("Seeds 5 and 6 gave the same weights: the seed must choose the random numbers.",
                            "seed 5 と 6 で同じ重みになりました。seed によって乱数が変わるようにしてください。"))
