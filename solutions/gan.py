"""Reference: the GAN value function and the two players' losses (Rabbit Challenge Day 4)."""
import numpy as np


def gan_value(d_real, d_fake):
    """d_real (M,): D(x) on real samples; d_fake (K,): D(G(z)) on generated ones; all in (0, 1).

    Returns V(D, G) = mean log d_real + mean log(1 - d_fake) as a float.
    """
    return float(np.mean(np.log(d_real)) + np.mean(np.log(1.0 - d_fake)))


def discriminator_loss(d_real, d_fake):
    """The discriminator maximises V, so its loss (to minimise) is -V.  Returns a float."""
    return -gan_value(d_real, d_fake)


def generator_loss(d_fake):
    """The non-saturating generator loss -mean log d_fake.  Returns a float."""
    return float(-np.mean(np.log(d_fake)))
