"""Reference: weight decay, the L2 and L1 penalties and their gradients (DL1 6.4)."""
import numpy as np


def l2_penalty(weights, lam):
    """0.5 * lam * (sum of the squares of every array in the list ``weights``)."""
    return 0.5 * lam * sum(float(np.sum(W ** 2)) for W in weights)


def l2_grad(W, dW, lam):
    """The gradient of the loss plus the L2 penalty with respect to W: dW + lam * W."""
    return dW + lam * W


def l1_grad(W, dW, lam):
    """The gradient of the loss plus lam * sum |W| with respect to W: dW + lam * sign(W)."""
    return dW + lam * np.sign(W)
