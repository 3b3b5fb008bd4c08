"""Checks for ``weight_init``: Xavier and He standard deviations, and random
weights graded by their statistics (the draws themselves are not compared)."""
import numpy as np

from grader.compare import check_call, check_repeatable, expect_form
from grader.i18n import tr
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
            hint={"en": "Xavier keeps the variance of the signal: 1/n is the VARIANCE, and the std is its square root",
                  "ja": "Xavier は信号の分散を保つ初期値です。1/n は「分散」で、標準偏差はその平方根です"},
            predict=lambda n_in: 1.0 / n_in, code=("1 / n_in", "1.0 / n_in")),
    Mistake("xavier-given-he", func="xavier_std",
            title={"en": "He's std sqrt(2 / n_in) used for Xavier", "ja": "Xavier に He の sqrt(2 / n_in) を使っている"},
            hint={"en": "the factor 2 belongs to He (it makes up for ReLU zeroing half the inputs); Xavier has no such "
                        "factor",
                  "ja": "係数 2 は He の初期値のものです（ReLU が入力の半分を 0 にする分を補う）。Xavier にはこの係数はありません"},
            predict=lambda n_in: np.sqrt(2.0 / n_in), code=("np.sqrt(2 / n_in)",)),
    Mistake("he-2-over-sqrt-n", func="he_std",
            title={"en": "He's std written 2 / sqrt(n_in)", "ja": "He の標準偏差を 2 / sqrt(n_in) としている"},
            hint={"en": "the 2 belongs to the variance, so it goes under the square root together with n_in (the std "
                        "is about 1.41 / sqrt(n_in), not 2 / sqrt(n_in))",
                  "ja": "2 は分散の係数なので、n_in と一緒に平方根の中に入ります（標準偏差は 2 / sqrt(n_in) ではなく約 "
                        "1.41 / sqrt(n_in)）"},
            predict=lambda n_in: 2.0 / np.sqrt(n_in), code=("2 / np.sqrt(n_in)",), example={2: "2 / np.sqrt(n_in)"}),
    Mistake("he-given-xavier", func="he_std",
            title={"en": "Xavier's std 1 / sqrt(n_in) used for He", "ja": "He に Xavier の 1 / sqrt(n_in) を使っている"},
            hint={"en": "ReLU sets about half of its inputs to 0, so He doubles the variance of Xavier",
                  "ja": "ReLU は入力のおよそ半分を 0 にするので、He は Xavier の分散を 2 倍にします"},
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
MISTAKES += [
    Mistake("xavier-sqrt-n", func="xavier_std",
            title={"en": "Xavier's std written np.sqrt(n_in) (the reciprocal missing)",
                   "ja": "Xavier の標準偏差を np.sqrt(n_in) としている（逆数になっていない）"},
            hint={"en": "the more inputs a node adds up, the SMALLER each weight must be: the std shrinks as n_in grows",
                  "ja": "ノードが足し合わせる入力が多いほど、1 つ 1 つの重みは「小さく」しなければなりません。"
                        "標準偏差は n_in が大きいほど小さくなります"},
            predict=lambda n_in: float(np.sqrt(n_in)), example={1: "np.sqrt(n_in)"}),
    Mistake("he-sqrt-2n", func="he_std",
            title={"en": "He's std written np.sqrt(2 * n_in)", "ja": "He の標準偏差を np.sqrt(2 * n_in) としている"},
            hint={"en": "n_in belongs in the denominator: the more inputs, the smaller each weight",
                  "ja": "n_in は分母に入ります。入力が多いほど 1 つ 1 つの重みは小さくなります"},
            predict=lambda n_in: float(np.sqrt(2.0 * n_in)), example={2: "np.sqrt(2 * n_in)"}),
    Mistake("he-root-of-2-only", func="he_std",
            title={"en": "He's std written np.sqrt(2) / n_in (the root of n_in missing)",
                   "ja": "He の標準偏差を np.sqrt(2) / n_in としている（n_in の平方根がない）"},
            hint={"en": "the square root is taken of the whole variance, n_in included; dividing by n_in itself makes "
                        "the weights far too small for a wide layer",
                  "ja": "平方根は n_in も含めた分散全体にかかります。n_in そのもので割ると、幅の広い層では重みが小さすぎます"},
            predict=lambda n_in: float(np.sqrt(2.0) / n_in), example={2: "np.sqrt(2) / n_in"}),
    Mistake("he-half", func="he_std",
            title={"en": "He's std written np.sqrt(1 / (2 * n_in)) (the 2 on the wrong side)",
                   "ja": "He の標準偏差を np.sqrt(1 / (2 * n_in)) としている（2 が逆の側にある）"},
            hint={"en": "ReLU zeroes about half of its inputs, so He makes the variance LARGER than Xavier's, not smaller",
                  "ja": "ReLU は入力のおよそ半分を 0 にするので、He は分散を Xavier より「大きく」します。小さくするのではありません"},
            predict=lambda n_in: float(np.sqrt(1.0 / (2.0 * n_in))), example={2: "np.sqrt(1 / (2 * n_in))"}),
    Mistake("init-root-of-std", func="init_weight",
            title={"en": "the normals multiplied by np.sqrt(std)", "ja": "乱数に np.sqrt(std) を掛けている"},
            hint={"en": "std is already a standard deviation (the root was taken in xavier_std / he_std): multiply by "
                        "it as it is",
                  "ja": "std はすでに標準偏差です（平方根は xavier_std / he_std の中でとっています）。そのまま掛けてください"},
            example={3: "rng.standard_normal((n_in, n_out)) * np.sqrt(std)"}),
    Mistake("init-fan-out", func="init_weight",
            title={"en": "the std computed from n_out (the next layer) instead of n_in",
                   "ja": "標準偏差を n_in ではなく n_out（次の層のノード数）から求めている"},
            hint={"en": "each node of the next layer adds up n_in weighted inputs, and that is the count the std must "
                        "make up for: pass n_in",
                  "ja": "次の層の各ノードは n_in 個の入力に重みを掛けて足し合わせます。標準偏差が補うのはその個数なので、"
                        "n_in を渡してください"},
            example=[("std = xavier_std(n_in)", "std = xavier_std(n_out)"), ("std = he_std(n_in)", "std = he_std(n_out)")]),
    Mistake("init-transposed", func="init_weight",
            title={"en": "the weights drawn with shape (n_out, n_in)", "ja": "重みを形 (n_out, n_in) で作っている"},
            hint={"en": "with row vectors x of length n_in, x @ W needs W of shape (n_in, n_out)",
                  "ja": "長さ n_in の行ベクトル x に対して x @ W とするので、W の形は (n_in, n_out) です"},
            example={3: "rng.standard_normal((n_out, n_in)) * std"}),
    Mistake("init-normal-loc", func="init_weight",
            title={"en": "std passed as the MEAN of rng.normal (rng.normal(std, ...))",
                   "ja": "std を rng.normal の「平均」として渡している（rng.normal(std, ...)）"},
            hint={"en": "the first argument of rng.normal is the mean (loc) and the second the std (scale): pass "
                        "scale=std, or multiply standard normals by std",
                  "ja": "rng.normal の第 1 引数は平均（loc）、第 2 引数が標準偏差（scale）です。scale=std と渡すか、"
                        "標準正規分布の乱数に std を掛けてください"},
            example={3: "rng.normal(std, size=(n_in, n_out))"}),
    Mistake("init-size-not-tuple", func="init_weight",
            title={"en": "the shape passed as two arguments (rng.standard_normal(n_in, n_out))",
                   "ja": "形を 2 つの引数で渡している（rng.standard_normal(n_in, n_out)）"},
            hint={"en": "unlike np.random.randn, a Generator's standard_normal takes the shape as ONE tuple; its second "
                        "argument is the dtype",
                  "ja": "np.random.randn と違い、Generator の standard_normal は形を 1 つのタプルで受け取ります。"
                        "第 2 引数は dtype です"},
            error=r"Cannot interpret .* as a data type", example={3: "rng.standard_normal(n_in, n_out) * std"}),
    Mistake("init-randn-on-generator", func="init_weight",
            title={"en": "rng.randn: a Generator has no randn", "ja": "rng.randn: Generator には randn がない"},
            hint={"en": "randn belongs to the old np.random module; the Generator rng made from seed calls it "
                        "standard_normal, and takes the shape as one tuple",
                  "ja": "randn は古い np.random モジュールの関数です。seed から作った Generator rng では standard_normal で、"
                        "形は 1 つのタプルで渡します"},
            error=r"Generator' object has no attribute 'randn'", example={3: "rng.randn(n_in, n_out) * std"}),
]
_BY_ID = {m.id: m for m in MISTAKES}
_FORMULA = {"xavier": lambda n: 1.0 / np.sqrt(n), "he": lambda n: np.sqrt(2.0 / n)}
_WRONG_STD = {"xavier": {"xavier-1-over-n": lambda n: 1.0 / n, "xavier-given-he": lambda n: np.sqrt(2.0 / n),
                         "xavier-sqrt-n": np.sqrt},
              "he": {"he-2-over-sqrt-n": lambda n: 2.0 / np.sqrt(n), "he-given-xavier": lambda n: 1.0 / np.sqrt(n),
                     "he-no-root": lambda n: 2.0 / n, "he-sqrt-2n": lambda n: np.sqrt(2.0 * n),
                     "he-root-of-2-only": lambda n: np.sqrt(2.0) / n, "he-half": lambda n: np.sqrt(1.0 / (2.0 * n))}}
_STD_BLANK = {"xavier_std": 1, "he_std": 2}
SIZES = [1, 2, 3, 50, 100, 784]
STD_TOL = 0.02   # the relative tolerance on a sample's std (see test_statistics)


def _look(func):
    return tr("Look at blank ({n}), in {f}.", "{f} の空欄 ({n}) を確認してください。", n=_STD_BLANK[func], f=func)


@task({"en": "Xavier's standard deviation", "ja": "Xavier の標準偏差"}, points=2)
def test_xavier_std(sub, ref):
    for n in SIZES:
        check_call(sub, ref, "xavier_std", n, name="xavier_std", mistakes=MISTAKES, case=f"n_in = {n}",
                   look_at=_look("xavier_std"))
    check_repeatable(sub, ref, "xavier_std", [(7,), (300,)], name="xavier_std", mistakes=MISTAKES)


@task({"en": "He's standard deviation", "ja": "He の標準偏差"}, points=2)
def test_he_std(sub, ref):
    for n in SIZES:
        check_call(sub, ref, "he_std", n, name="he_std", mistakes=MISTAKES, case=f"n_in = {n}", look_at=_look("he_std"))
    check_repeatable(sub, ref, "he_std", [(7,), (300,)], name="he_std", mistakes=MISTAKES)


@task({"en": "init_weight returns a float array of shape (n_in, n_out)",
       "ja": "init_weight が形 (n_in, n_out) の浮動小数点配列を返す"}, points=1)
def test_shape(sub, ref):
    for method in ("xavier", "he"):
        got = sub.init_weight(3, 2, method, 0)
        case = f"n_in = 3, n_out = 2, method = {method!r}"
        if isinstance(got, np.ndarray) and got.shape == (2, 3):
            _fail(tr("With {c}: W has shape (2, 3), expected (3, 2).", "{c} のとき: W の形が (2, 3) です（期待値 (3, 2)）。",
                     c=case), "init-transposed")
        expect_form(got, ref.init_weight(3, 2, method, 0), name="W", case=case)


def _fail(message, mistake_id=None, look=""):
    mistake = _BY_ID.get(mistake_id)
    raise TaskFailed(message + ("\n" + mistake.message() if mistake else ("\n" + look if look else "")), mistake)


def _std_named(sample_std, fn_std, n_in, n_out, method):
    """The catalogued mistake that explains the sample's std, if any.  ``fn_std``
    is what the learner's own xavier_std / he_std returns for n_in."""
    def near(a, b, tol=STD_TOL):
        return b > 0 and abs(a / b - 1) < tol
    if near(sample_std, fn_std):  # the draw is right; the std function is not
        return next((m for m, std in _WRONG_STD[method].items() if near(fn_std, std(n_in), 1e-6)), None)
    for mistake_id, std in (("init-variance", fn_std ** 2), ("init-root-of-std", np.sqrt(fn_std)),
                            ("init-fan-out", _FORMULA[method](n_out))):
        if near(sample_std, std):
            return mistake_id
    return None


# Bounds: with N = 400 * 125 = 50,000 standard normals times s, the sample std has a relative
# standard error of 1 / sqrt(2N) = 0.0032 and the sample mean a standard error of s / sqrt(N) =
# 0.0045 s; the sample excess kurtosis has a standard error of sqrt(24 / N) = 0.022.  The bounds
# below (STD_TOL = 2 % on the std, 0.03 times the sample std on the mean, 0.2 on the kurtosis) are
# 6.3, 6.7 and 9.1 standard errors wide, so a right answer fails with a probability below 1e-8,
# while every catalogued mistake lands far outside them: the nearest, Xavier's std used for He's,
# is 29 % off, and the std taken from n_out (125, not 400) 79 %.  (The check used 200,000 normals
# and half these bounds: 1.6 MB over the wire per method instead of 400 KB, and no catalogued
# mistake lies between the two.)
@task({"en": "init_weight: mean 0, the method's std, normally distributed",
       "ja": "init_weight: 平均 0、手法どおりの標準偏差、正規分布"}, points=3, independent=True)
def test_statistics(sub):
    n_in, n_out = 400, 125
    for method, seed in (("xavier", 11), ("he", 12)):
        W = np.asarray(sub.init_weight(n_in, n_out, method, seed), dtype=np.float64)
        case = tr("n_in = {n}, n_out = {o}, method = {m!r}", "n_in = {n}、n_out = {o}、method = {m!r}",
                  n=n_in, o=n_out, m=method)
        if W.shape != (n_in, n_out):
            _fail(tr("With {c}: W has shape {s}, expected {e}.", "{c} のとき: W の形が {s} です（期待値 {e}）。",
                     c=case, s=W.shape, e=(n_in, n_out)), "init-transposed" if W.shape == (n_out, n_in) else None)
        expected = _FORMULA[method](n_in)
        fn_std = float(sub.call(f"{method}_std", n_in))
        mean, std = float(W.mean()), float(W.std())
        # N(fn_std, 1) draws: std 1, and a mean within 6 standard errors (1 / sqrt(N)) of fn_std
        if abs(std - 1) < STD_TOL and abs(mean - fn_std) < 6 / np.sqrt(W.size):
            _fail(tr("With {c}: the weights have mean {m:.4f} and std {s:.4f}: your std ({f:.4f}) became their mean.",
                     "{c} のとき: 重みの平均が {m:.4f}、標準偏差が {s:.4f} です。std（{f:.4f}）が平均になっています。",
                     c=case, m=mean, s=std, f=fn_std), "init-normal-loc")
        centred = (W - mean) / std if std > 0 else W
        squared = centred * centred   # (x * x) ** 2, not x ** 4: a float power is ten times slower here
        kurtosis = float(np.mean(squared * squared) - 3.0)
        if abs(mean) >= 0.03 * std or abs(kurtosis) >= 0.2:
            _fail(tr("With {c}: the weights do not look like normals with mean 0 (mean {m:.4f} for a std "
                     "of {s:.4f}, excess kurtosis {k:.2f}; a normal distribution centred at 0 has 0 for both).",
                     "{c} のとき: 重みが平均 0 の正規分布に見えません（標準偏差 {s:.4f} に対し平均 {m:.4f}、"
                     "超過尖度 {k:.2f}。0 を中心とする正規分布ならどちらも 0）。", c=case, m=mean, s=std, k=kurtosis),
                  "init-uniform" if abs(kurtosis) >= 0.5 else None,
                  tr("Look at blank (3): which random numbers are drawn.", "空欄 (3) を確認してください: どの乱数を使っているか。"))
        if abs(std / expected - 1) >= STD_TOL:
            func = f"{method}_std"
            look = _look(func) if abs(std / fn_std - 1) < STD_TOL else tr(
                "Your {f}({n}) returns {v:.5f}, and the weights' std is not that either: look at blank (3), how the "
                "normals are scaled.", "あなたの {f}({n}) は {v:.5f} を返しますが、重みの標準偏差はその値でもありません。"
                "空欄 (3) で乱数をどう何倍しているかを確認してください。", f=func, n=n_in, v=fn_std)
            _fail(tr("With {c}: the weights' standard deviation is {s:.5f}, expected {e:.5f}.",
                     "{c} のとき: 重みの標準偏差が {s:.5f} です（期待値 {e:.5f}）。", c=case, s=std, e=expected),
                  _std_named(std, fn_std, n_in, n_out, method), look)


@task({"en": "init_weight: the same seed gives the same weights, another seed others",
       "ja": "init_weight: 同じ seed なら同じ重み、別の seed なら別の重み"}, points=2, independent=True)
def test_seed(sub):
    first = sub.init_weight(30, 20, "he", 5)
    other = sub.init_weight(30, 20, "he", 6)
    again = sub.init_weight(30, 20, "he", 5)
    if not np.array_equal(first, again):
        raise TaskFailed(tr("Two calls with seed 5 (with a call with seed 6 between them) gave different weights.",
                            "seed 5 で 2 回呼ぶと（間に seed 6 の呼び出しをはさむと）別の重みになりました。")
                         + "\n" + _BY_ID["init-seed-ignored"].message(), _BY_ID["init-seed-ignored"])
    if np.array_equal(first, other):
        raise TaskFailed(tr("Seeds 5 and 6 gave the same weights: the seed must choose the random numbers.",
                            "seed 5 と 6 で同じ重みになりました。seed によって乱数が変わるようにしてください。"))
