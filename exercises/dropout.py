"""演習: Dropout / Exercise: dropout.

ゼロから作るDeep Learning 6.4.3.  ___ を正しいコードに置き換えてから、次を実行してください:
Replace each ___ with the right code, then run:  grade exercise dropout

本書の Dropout です（学習時に出力を割り増す「inverted dropout」ではありません）。
This is the book's dropout (not "inverted dropout", which scales up in training).

- 学習時 (train が True): 各ユニットについて [0, 1) の一様乱数を引き、それが ratio より大きい
  ユニットだけを残します。mask はその真偽の配列です。
  training (train is True): draw a uniform number in [0, 1) for each unit and keep only the
  units whose draw exceeds ratio; mask is the array of those truth values.
- テスト時 (train が False): ユニットは消しません。学習時に残った割合に合わせて出力を縮めます
  （mask は使わないので None を返します）。
  test time (train is False): no unit is dropped; the output is scaled to match the share of
  units kept in training (mask is not used: return None for it).
"""
import numpy as np


def dropout_forward(x, ratio, train, seed=None):
    """x: 任意の形の配列 / an array of any shape.  Returns (out, mask)."""
    if train:
        if seed is not None:
            np.random.seed(seed)  # 同じ seed なら同じ mask / the same seed gives the same mask
        # 穴埋め (1) / blank (1): 残すユニットの mask（x と同じ形）/ the mask of kept units (x's shape)
        mask = ___
        # 穴埋め (2) / blank (2): 学習時の出力 / the output in training
        out = ___
        return out, mask
    # 穴埋め (3) / blank (3): テスト時の出力 / the output at test time
    out = ___
    return out, None


def dropout_backward(dout, mask):
    """dout: 出力についての損失の勾配 / the gradient of the loss with respect to out."""
    # 穴埋め (4) / blank (4): x についての勾配 / the gradient with respect to x
    return ___
