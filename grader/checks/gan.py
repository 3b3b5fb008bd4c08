"""Checks for ``gan``: the value function V(D, G) and the losses of the discriminator and the generator.

d_real and d_fake have different lengths in most cases, so that a sum in place of a mean, or one
mean over both arrays together, changes the result.
"""
import numpy as np

from grader.compare import check_call, check_repeatable, check_unchanged, difference, expect, shape_case
from grader.i18n import pick, tr
from grader.mistakes import predictions, bilingual as _m
from grader.outcome import TaskFailed
from grader.tasks import task

_V, _D, _G = "gan_value", "discriminator_loss", "generator_loss"

ANSWERS = {
    1: "np.mean(np.log(d_real))",
    2: "np.mean(np.log(1 - d_fake))",
    3: "-gan_value(d_real, d_fake)",
    4: "-np.mean(np.log(d_fake))",
}
EQUIVALENTS = [
    {1: "np.sum(np.log(d_real)) / len(d_real)", 2: "np.log(1 - d_fake).mean()",
     3: "-(np.mean(np.log(d_real)) + np.mean(np.log(1 - d_fake)))", 4: "np.mean(-np.log(d_fake))"},
    {1: "np.log(d_real).sum() / d_real.size", 2: "np.mean(np.log1p(-d_fake))",
     3: "-np.mean(np.log(d_real)) - np.mean(np.log(1.0 - d_fake))", 4: "-np.log(d_fake).sum() / len(d_fake)"},
    {1: "np.average(np.log(d_real))", 2: "sum(np.log(1 - p) for p in d_fake) / len(d_fake)",
     3: "-1 * gan_value(d_real, d_fake)", 4: "-np.log(d_fake).mean()"},
]


def _value(real=lambda r: np.mean(np.log(r)), fake=lambda f: np.mean(np.log(1 - f))):
    return lambda d_real, d_fake: float(real(d_real) + fake(d_fake))



MISTAKES = [
    _m("generator-saturating", _G, "the saturating generator loss np.mean(np.log(1 - d_fake))",
       "飽和する形の生成器の損失 np.mean(np.log(1 - d_fake)) を使っている",
       "that is the minimax form: early in training D spots the fakes (d_fake near 0), where log(1 - d_fake) is "
       "flat and G learns almost nothing; the loss asked here is the non-saturating one, which is steep exactly there",
       "これはミニマックスの形です。学習の初めは D が偽物を簡単に見抜き（d_fake が 0 に近い）、そこでは log(1 - d_fake) "
       "がほぼ平らで G はほとんど学習できません。ここで求めるのは、まさにそこで傾きが大きい、飽和しない形です",
       lambda d_fake: float(np.mean(np.log(1 - d_fake))), example={4: "np.mean(np.log(1 - d_fake))"}),
    _m("generator-sign", _G, "the generator loss without the minus sign (np.mean(np.log(d_fake)))",
       "生成器の損失にマイナスがない（np.mean(np.log(d_fake))）",
       "G wants d_fake close to 1, that is log d_fake large; a loss is minimised, so its sign must make it fall as d_fake rises",
       "G は d_fake を 1 に近づけたい、つまり log d_fake を大きくしたいのです。損失は最小化するのでマイナスを付けます: "
       "d_fake が大きいほど損失が小さくなる向きの符号にしてください",
       lambda d_fake: float(np.mean(np.log(d_fake))), example={4: "np.mean(np.log(d_fake))"}),
    _m("generator-sum", _G, "the generator loss summed over the samples instead of averaged",
       "生成器の損失をサンプルの平均ではなく和にしている",
       "the expectation E_z is estimated by a mean, so the loss does not grow with the batch size: np.mean",
       "期待値 E_z は平均で近似します。損失がバッチの大きさで変わらないよう np.mean を使ってください",
       lambda d_fake: float(-np.sum(np.log(d_fake))), example={4: "-np.sum(np.log(d_fake))"}),
    _m("discriminator-sign", _D, "the discriminator loss with the wrong sign (gan_value(d_real, d_fake))",
       "識別器の損失の符号が逆（gan_value(d_real, d_fake)）",
       "D maximises V; minimising V would make D call the real data fake. Which way must the loss go, for the "
       "optimizer that minimises it to raise V?",
       "D は V を最大化します。V を最小化すると、D は本物を偽物と判定するようになってしまいます。損失を最小化する"
       "ことで V が大きくなるには、損失の符号はどうあるべきでしょうか",
       _value(), example={3: "gan_value(d_real, d_fake)"}),
    _m("discriminator-halved", _D, "the discriminator loss halved (the mean of the real and fake losses)",
       "識別器の損失を半分にしている（本物と偽物の損失の平均）",
       "some code averages the two halves, 0.5 * (loss_real + loss_fake); here the loss is exactly -V, the sum of "
       "the two means",
       "本物と偽物の損失を 0.5 * (loss_real + loss_fake) と平均するコードもありますが、ここでの損失はちょうど -V、"
       "つまり 2 つの平均の和です",
       lambda d_real, d_fake: -0.5 * _value()(d_real, d_fake), example={3: "-0.5 * gan_value(d_real, d_fake)"}),
    _m("discriminator-pooled-mean", _D, "one mean over the real and fake samples together",
       "本物と偽物のサンプルをまとめて 1 つの平均をとっている",
       "V has one mean per expectation: with M real and K generated samples a pooled mean weights them M : K "
       "instead of 1 : 1; take the two means separately",
       "V は期待値ごとに平均をとります。本物 M 個と生成 K 個をまとめて平均すると重みが 1 : 1 ではなく M : K に"
       "なります。2 つの平均を別々にとってください",
       lambda d_real, d_fake: float(-np.mean(np.log(np.concatenate([d_real, 1 - d_fake])))),
       example={3: "-np.mean(np.log(np.concatenate([d_real, 1 - d_fake])))"}),
    _m("value-sum", _V, "sums over the samples instead of means", "サンプルの平均ではなく和をとっている",
       "each expectation is estimated by the MEAN over its own samples, so V does not grow with the number of samples",
       "期待値はそれぞれのサンプルの「平均」で近似します。そうすれば V はサンプルの数で変わりません",
       _value(real=lambda r: np.sum(np.log(r)), fake=lambda f: np.sum(np.log(1 - f))),
       example={1: "np.sum(np.log(d_real))", 2: "np.sum(np.log(1 - d_fake))"}),
    _m("value-log-of-mean", _V, "the log of the mean instead of the mean of the logs",
       "「log の平均」ではなく「平均の log」をとっている",
       "E[log D(x)] is not log E[D(x)] (the log is not linear): take the log of every sample first, then the "
       "mean",
       "E[log D(x)] と log E[D(x)] は違います（log は線形ではありません）。先に各サンプルの log をとってから平均します",
       _value(real=lambda r: np.log(np.mean(r)), fake=lambda f: np.log(1 - np.mean(f))),
       example={1: "np.log(np.mean(d_real))", 2: "np.log(1 - np.mean(d_fake))"}),
    _m("value-fake-without-one-minus", _V, "the fake term written as np.mean(np.log(d_fake))",
       "偽物の項を np.mean(np.log(d_fake)) にしている",
       "D should call the generated data fake, so V rewards D(G(z)) close to 0, through the log of the "
       "probability of fake",
       "D は生成データを偽物と判定したいので、V は「偽物である確率」の log を通して、D(G(z)) が 0 に近いことを"
       "評価します",
       _value(fake=lambda f: np.mean(np.log(f))), example={2: "np.mean(np.log(d_fake))"}),
    _m("value-terms-swapped", _V, "the real and fake terms swapped (log(1 - d_real) and log d_fake)",
       "本物と偽物の項が入れ替わっている（log(1 - d_real) と log d_fake）",
       "log D(x) goes with the real data and log(1 - D(G(z))) with the generated data",
       "log D(x) は本物のデータ、log(1 - D(G(z))) は生成データの項です",
       _value(real=lambda r: np.mean(np.log(1 - r)), fake=lambda f: np.mean(np.log(f))),
       example={1: "np.mean(np.log(1 - d_real))", 2: "np.mean(np.log(d_fake))"}),
    _m("value-one-minus-outside-log", _V, "1 - placed outside the log (np.mean(1 - np.log(d_fake)))",
       "1 - を log の外に置いている（np.mean(1 - np.log(d_fake))）",
       "the term is the log of the probability D gives to 'fake'; 1 - log(p) is not the log of any "
       "probability: what should the log be taken of?",
       "この項は、D が「偽物」とする確率の log です。1 - log(p) はどの確率の log でもありません。log をとるべきものは"
       "何でしょうか",
       _value(fake=lambda f: np.mean(1 - np.log(f))), example={2: "np.mean(1 - np.log(d_fake))"}),
    _m("generator-is-d-fake-loss", _G, "the generator loss written as the discriminator's fake half, "
       "-np.mean(np.log(1 - d_fake))", "生成器の損失を識別器の偽物の項 -np.mean(np.log(1 - d_fake)) にしている",
       "that is what D minimises to call the fakes fake; G wants the opposite, D(G(z)) close to 1, so its loss must "
       "fall as d_fake rises",
       "これは D が偽物を偽物と判定するために最小化する項です。G が望むのはその逆、D(G(z)) が 1 に近いことなので、"
       "d_fake が大きくなるほど小さくなる損失が必要です",
       lambda d_fake: float(-np.mean(np.log(1 - d_fake))), example={4: "-np.mean(np.log(1 - d_fake))"}),
    _m("generator-log-of-mean", _G, "the generator loss as the log of the mean, -np.log(np.mean(d_fake))",
       "生成器の損失を平均の log（-np.log(np.mean(d_fake))）にしている",
       "E[log D(G(z))] is not log E[D(G(z))] (the log is not linear): take the log of each sample first, then the mean",
       "E[log D(G(z))] と log E[D(G(z))] は違います（log は線形ではありません）。先に各サンプルの log をとってから"
       "平均してください",
       lambda d_fake: float(-np.log(np.mean(d_fake))), example={4: "-np.log(np.mean(d_fake))"}),
    _m("discriminator-is-generator-loss", _D, "the generator's loss used for the discriminator",
       "識別器の損失に生成器の損失を使っている",
       "the two players want opposite things about the fakes: D's loss is built from V, which it maximises, and "
       "it looks at the real samples too",
       "2 人のプレイヤーは偽物について逆のことを望みます。D の損失は D が最大化する V から作り、本物のサンプルも見ます",
       lambda d_real, d_fake: float(-np.mean(np.log(d_fake))), example={3: "generator_loss(d_fake)"}),
    _m("discriminator-fake-as-real", _D, "the fakes scored as real in the discriminator loss (-log d_fake)",
       "識別器の損失で偽物を本物として扱っている（-log d_fake）",
       "D should call the generated samples FAKE: their term uses the probability of fake, 1 - D(G(z)), as in V",
       "D は生成サンプルを「偽物」と判定すべきです。その項には V と同じく、偽物である確率 1 - D(G(z)) を使います",
       lambda d_real, d_fake: float(-np.mean(np.log(d_real)) - np.mean(np.log(d_fake))),
       example={3: "-np.mean(np.log(d_real)) - np.mean(np.log(d_fake))"}),
]

_LOOK = {
    _V: {"en": "Look at blanks (1) and (2): each term is the mean, over its own samples, of the log of the probability "
               "D gives to the right answer for them (real for the real data, fake for the generated data).",
         "ja": "空欄 (1) と (2) を確認してください: どちらの項も、それぞれのサンプルについて、D が正しい答え（本物のデータなら"
               "本物、生成データなら偽物）に与える確率の log の平均です。"},
    _G: {"en": "Look at blank (4): G wants D(G(z)) close to 1, and its loss is minimised; the docstring asks for the "
               "non-saturating form.",
         "ja": "空欄 (4) を確認してください: G は D(G(z)) を 1 に近づけたく、損失は最小化されます。docstring が求めるのは"
               "飽和しない形です。"},
}


def _value_wrong(sub, d_real, d_fake):
    """Whether the learner's gan_value is wrong on these inputs (a discriminator_loss written with it inherits
    its slip, which then must not be named as one of the discriminator's own)."""
    value = float(np.mean(np.log(d_real)) + np.mean(np.log(1 - d_fake)))
    return difference(sub.call(_V, d_real, d_fake), value, "V", 1e-6, 1e-9) is not None


def _mistakes(sub, func, args):
    return () if func == _D and _value_wrong(sub, *args) else MISTAKES


def _look(sub, func, args):
    if func != _D:
        return pick(_LOOK[func])
    if _value_wrong(sub, *args):
        return tr("Your gan_value is wrong on these inputs too: if discriminator_loss uses it, fix gan_value first.",
                  "あなたの gan_value もこの入力で正しくありません。discriminator_loss でそれを使っているなら、先に "
                  "gan_value を直してください。")
    return tr("Your gan_value is right on these inputs: look at blank (3), the loss D minimises when it wants V as "
              "large as possible.",
              "あなたの gan_value はこの入力で正しいです。空欄 (3)、つまり V をできるだけ大きくしたい D が最小化する損失を"
              "確認してください。")


SIZES = [(3, 5), (8, 4), (1, 1), (6, 6)]


def _probs(rng, n, low=0.05, high=0.95):
    return rng.uniform(low, high, size=n)


def _float64(got, func):
    """A float32 number passes a comparison at rtol 1e-6 by luck; the course's numbers are float64."""
    if isinstance(got, np.floating) and got.dtype != np.float64:
        raise TaskFailed(tr("{f} returned a {t} number, but every value of this course is float64: a {t} keeps "
                            "about {d} significant digits (look for astype({t}) or a {t} array among the inputs of "
                            "your last line).",
                            "{f} が {t} の数値を返しましたが、この講座の値はすべて float64 です。{t} では有効数字が約 {d} 桁"
                            "しか残りません（最後の行の入力に astype({t}) や {t} の配列がないか確認してください）。",
                            f=func, t=got.dtype, d=np.finfo(got.dtype).precision))
    return got


def _check(sub, ref, func, *args):
    case = shape_case(**dict(zip(("d_real", "d_fake") if len(args) == 2 else ("d_fake",), args)))
    try:
        got = check_call(sub, ref, func, *args, mistakes=_mistakes(sub, func, args), case=case)
    except TaskFailed as exc:
        if exc.mistake is not None:
            raise
        raise TaskFailed("\n".join(filter(None, [exc.message, _look(sub, func, args)])), None) from None
    return _float64(got, func)


@task({"en": "V(D, G) on random outputs of D", "ja": "D のランダムな出力での V(D, G)"}, points=2)
def test_value(sub, ref, rng):
    for M, K in SIZES:
        _check(sub, ref, _V, _probs(rng, M), _probs(rng, K))


@task({"en": "D = 1/2 everywhere: V = -2 log 2, D loss = 2 log 2, G loss = log 2",
       "ja": "D がどこでも 1/2: V = -2 log 2、D の損失 = 2 log 2、G の損失 = log 2"}, points=2, independent=True)
def test_half_everywhere(sub, rng):
    # At the optimum of the game p_g = p_data, and the best D outputs 1/2 for every input.
    d_real, d_fake = np.full(3, 0.5), np.full(5, 0.5)
    case = shape_case(d_real=d_real, d_fake=d_fake) + tr(", every value 0.5", "、値はすべて 0.5")
    log2 = float(np.log(2.0))
    for func, args, want in [(_V, (d_real, d_fake), -2 * log2), (_D, (d_real, d_fake), 2 * log2),
                             (_G, (d_fake,), log2)]:
        got = sub.call(func, *args)
        expect(got, want, name=tr("the output of {f}", "{f} の出力", f=func),
               candidates=lambda: predictions(_mistakes(sub, func, args), func, args, {}), case=case,
               look_at=lambda: _look(sub, func, args))
        _float64(got, func)


@task({"en": "discriminator loss", "ja": "識別器の損失"}, points=2)
def test_discriminator_loss(sub, ref, rng):
    for M, K in SIZES:
        _check(sub, ref, _D, _probs(rng, M), _probs(rng, K))


@task({"en": "generator loss (non-saturating)", "ja": "生成器の損失（飽和しない形）"}, points=2)
def test_generator_loss(sub, ref, rng):
    for K in (5, 1, 9):
        _check(sub, ref, _G, _probs(rng, K))


@task({"en": "generator loss when D easily spots the fakes (d_fake near 0)",
       "ja": "D が偽物を簡単に見抜くとき（d_fake が 0 に近い）の生成器の損失"}, points=1)
def test_generator_loss_confident_d(sub, ref, rng):
    # Early in training: -mean log d_fake is large (about 5 to 7), while the saturating
    # mean log(1 - d_fake) is about -0.005, so it would give G almost no gradient.
    _check(sub, ref, _G, _probs(rng, 6, low=1e-3, high=1e-2))


@task({"en": "each call depends on its own arguments only, and leaves them unchanged",
       "ja": "毎回その引数だけから計算し、引数を書き換えない"}, points=1)
def test_calls_independent(sub, ref, rng):
    pairs = [(_probs(rng, 4), _probs(rng, 6)) for _ in range(3)]
    check_repeatable(sub, ref, _V, pairs, name="V", mistakes=MISTAKES)
    check_repeatable(sub, ref, _D, pairs, name=tr("the discriminator loss", "識別器の損失"), mistakes=MISTAKES)
    check_repeatable(sub, ref, _G, [p[1:] for p in pairs], name=tr("the generator loss", "生成器の損失"),
                     mistakes=MISTAKES)
    check_unchanged(sub, _V, list(pairs[0]), names=["d_real", "d_fake"])
    check_unchanged(sub, _D, list(pairs[0]), names=["d_real", "d_fake"])
    check_unchanged(sub, _G, [pairs[0][1]], names=["d_fake"])
