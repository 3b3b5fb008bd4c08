"""Reference: batch normalization for x of shape (N, D) (ゼロから作るDeep Learning 6.3).

Each feature (column) is normalized over the mini-batch with the biased batch
variance (divided by N) and std = sqrt(var + eps), then scaled by gamma and
shifted by beta.  At inference the running averages replace the batch statistics.
"""
import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-6):
    """x (N, D), gamma (D,), beta (D,).  Returns out (N, D)."""
    mu = x.mean(axis=0)
    var = np.mean((x - mu) ** 2, axis=0)
    xn = (x - mu) / np.sqrt(var + eps)
    return gamma * xn + beta


def batchnorm_backward(dout, x, gamma, eps=1e-6):
    """dout (N, D): the gradient of the loss with respect to out.
    Returns (dx (N, D), dgamma (D,), dbeta (D,))."""
    N = x.shape[0]
    mu = x.mean(axis=0)
    xc = x - mu
    var = np.mean(xc ** 2, axis=0)
    std = np.sqrt(var + eps)
    xn = xc / std

    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xn, axis=0)

    dxn = gamma * dout
    dxc = dxn / std
    dstd = -np.sum(dxn * xc / (std * std), axis=0)
    dvar = 0.5 * dstd / std
    dxc = dxc + (2.0 / N) * xc * dvar
    dmu = np.sum(dxc, axis=0)
    dx = dxc - dmu / N
    return dx, dgamma, dbeta


def running_update(running_mean, running_var, mu, var, momentum=0.9):
    """Exponential moving averages of the batch mean and variance, all (D,).
    Returns (new_mean, new_var), new arrays."""
    new_mean = momentum * running_mean + (1 - momentum) * mu
    new_var = momentum * running_var + (1 - momentum) * var
    return new_mean, new_var


def batchnorm_inference(x, gamma, beta, running_mean, running_var, eps=1e-6):
    """Test time: normalize x (N, D) with the running averages, not the batch's own statistics."""
    xn = (x - running_mean) / np.sqrt(running_var + eps)
    return gamma * xn + beta
