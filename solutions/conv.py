"""Reference: convolution with im2col (DL1 7.4).

Shapes as in DL1: x (N, C, H, W), W (FN, C, FH, FW), b (FN,), output (N, FN, OH, OW).
"""
import numpy as np


def conv_output_size(input_size, filter_size, stride=1, pad=0):
    """Output length along one axis: (input_size + 2*pad - filter_size) // stride + 1, an int."""
    return (input_size + 2 * pad - filter_size) // stride + 1


def im2col(input_data, filter_h, filter_w, stride=1, pad=0):
    """(N, C, H, W) -> (N*OH*OW, C*FH*FW): one row per output position (n, oh, ow), its
    columns the patch in (c, fh, fw) order; zero padding."""
    N, C, H, W = input_data.shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    img = np.pad(input_data, [(0, 0), (0, 0), (pad, pad), (pad, pad)], mode="constant")
    col = np.zeros((N, C, filter_h, filter_w, out_h, out_w))
    for dy in range(filter_h):
        for dx in range(filter_w):
            col[:, :, dy, dx] = img[:, :, dy:dy + stride * out_h:stride, dx:dx + stride * out_w:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, -1)


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    """The inverse arrangement of im2col: each row's entries are added back at the
    positions they came from (overlapping patches add up); returns input_shape."""
    N, C, H, W = input_shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    col = col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((N, C, H + 2 * pad + stride - 1, W + 2 * pad + stride - 1))
    for dy in range(filter_h):
        for dx in range(filter_w):
            img[:, :, dy:dy + stride * out_h:stride, dx:dx + stride * out_w:stride] += col[:, :, dy, dx]
    return img[:, :, pad:H + pad, pad:W + pad]


def convolution_forward(x, W, b, stride=1, pad=0):
    """x (N, C, H, W), W (FN, C, FH, FW), b (FN,) -> (N, FN, OH, OW)."""
    FN, C, FH, FW = W.shape
    N, _, H, Wd = x.shape
    out_h = conv_output_size(H, FH, stride, pad)
    out_w = conv_output_size(Wd, FW, stride, pad)
    col = im2col(x, FH, FW, stride, pad)
    col_W = W.reshape(FN, -1).T
    out = col.dot(col_W) + b
    return out.reshape(N, out_h, out_w, FN).transpose(0, 3, 1, 2)
