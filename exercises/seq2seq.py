"""演習チャレンジ: seq2seq のエンコーダ / Code challenge: the encoder of seq2seq.

Rabbit Challenge Day 3 (seq2seq).
___ を正しいコードに置き換えてから、次を実行してください:  grade exercise seq2seq
Replace the ___ with the right code, then run:  grade exercise seq2seq

words (n_words, vocab): 1 行に 1 単語の one-hot ベクトル / one one-hot row per word;
E (embed, vocab): 単語の埋め込み行列 / the word embedding matrix;
W (hidden, embed), U (hidden, hidden), b (hidden,).
単語を 1 つずつ埋め込みベクトルにして RNN に入れ、最後の隠れ状態 h (hidden,) を返します。
Each word in turn is embedded and fed to an RNN; the last hidden state h (hidden,) is returned.
"""
import numpy as np


def encode(words, E, W, U, b):
    """words (n_words, vocab) one-hot rows -> h (hidden,)."""
    h = np.zeros(U.shape[0])
    for w in words:                 # w: (vocab,) one-hot
        # 穴埋め (1) / blank (1): 単語 w の埋め込みベクトル, 形 (embed,)
        # the embedding of the word w, shape (embed,)
        e = ___
        h = np.tanh(W.dot(e) + U.dot(h) + b)
    return h
