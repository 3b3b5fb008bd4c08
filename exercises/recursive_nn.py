"""演習チャレンジ: 構文木をたどる再帰型ニューラルネットワーク / Code challenge: a recursive neural network over a tree.

Rabbit Challenge Day 3 (再帰型ニューラルネットワーク / recursive neural network).
___ を正しいコードに置き換えてから、次を実行してください:  grade exercise recursive_nn
Replace the ___ with the right code, then run:  grade exercise recursive_nn

node は葉（形 (embed,) のベクトル）か、辞書 {'left': node, 'right': node} です。
W (embed, 2*embed), b (embed,)。葉はそのまま返し、それ以外の節点では左右の子の値から親の値 (embed,) を作ります。
A node is a leaf (a vector of shape (embed,)) or a dict {'left': node, 'right': node}.
W (embed, 2*embed), b (embed,).  A leaf is returned as it is; any other node makes its own value (embed,)
from the values of its two children.
"""
import numpy as np


def traverse(node, W, b):
    """node: 葉 (embed,) または {'left': ..., 'right': ...} / a leaf (embed,) or {'left': ..., 'right': ...}.

    Returns the node's value v (embed,).
    """
    if not isinstance(node, dict):      # 葉 / a leaf
        return node
    left = traverse(node['left'], W, b)      # (embed,)
    right = traverse(node['right'], W, b)    # (embed,)

    # 穴埋め (1) / blank (1): 左右の子の値と W から作る、形 (embed,) のベクトル
    # the vector of shape (embed,) made from the two children's values and W
    z = ___
    v = np.tanh(z + b)
    return v
