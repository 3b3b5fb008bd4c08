"""演習: GAN の価値関数と損失 / Exercise: the GAN value function and the losses.

Rabbit Challenge Day 4（GAN / DCGAN）。
___ を正しいコードに置き換えてから、次を実行してください:  grade exercise gan
Replace each ___ with the right code, then run:  grade exercise gan

d_real (M,): 本物のデータ x に対する識別器の出力 D(x) / the discriminator's output on real data
d_fake (K,): 生成データ G(z) に対する識別器の出力 D(G(z)) / its output on generated data
どちらも「本物である確率」で (0, 1) の値です。M と K は違うことがあります。
Both are probabilities of "real", in (0, 1); M and K may differ.

    V(D, G) = E_x[log D(x)] + E_z[log(1 - D(G(z)))]

期待値はサンプルの平均で近似します / each expectation is estimated by a mean over the samples.
識別器 D は V を最大化し、生成器 G は V を最小化しようとします。
The discriminator D tries to maximise V, the generator G to minimise it.
"""
import numpy as np


def gan_value(d_real, d_fake):
    """d_real (M,), d_fake (K,) -> V(D, G) as a float."""
    # 穴埋め (1) / blank (1): 本物のデータについての項 E_x[log D(x)]
    # the term of the real data, E_x[log D(x)]
    real_term = ___
    # 穴埋め (2) / blank (2): 生成データについての項 E_z[log(1 - D(G(z)))]
    # the term of the generated data, E_z[log(1 - D(G(z)))]
    fake_term = ___
    return float(real_term + fake_term)


def discriminator_loss(d_real, d_fake):
    """The discriminator's loss, to be minimised (a float)."""
    # 穴埋め (3) / blank (3): D は V を最大化したい。最小化する損失は？
    # D wants V as large as possible: which loss does it minimise?
    return ___


def generator_loss(d_fake):
    """The generator's loss, to be minimised (a float): the non-saturating form."""
    # 穴埋め (4) / blank (4): 飽和しない形の生成器の損失（D(G(z)) を 1 に近づけたい）
    # the non-saturating generator loss (G wants D(G(z)) close to 1)
    return ___
