"""演習: word2vec（CBOW と skip-gram）/ Exercise: word2vec (CBOW and skip-gram).

Rabbit Challenge Day 3 (Word2vec)、ゼロから作るDeep Learning ❷ 3 章。
___ を正しいコードに置き換えてから、次を実行してください:
Replace each ___ with the right code, then run:  grade exercise word2vec

単語は ID（0 から V-1 の整数）で表します。W_in (V, H) の行 i が単語 i の分散表現（埋め込み）、
W_out (H, V) は隠れ層から語彙の各単語のスコアを出す重みです。
Words are ids (integers 0 to V-1).  Row i of W_in (V, H) is the distributed
representation (embedding) of word i; W_out (H, V) turns the hidden layer into one
score per word of the vocabulary.

- CBOW: 周囲の単語 contexts (N, C) から中央の単語を当てます。h は文脈の単語の W_in の行の平均です。
  CBOW guesses the centre word from the context words contexts (N, C); h is the mean
  of their rows of W_in.
- skip-gram: 中央の単語 target (N,) から周囲の単語を当てます。損失は、文脈の位置 c ごとに
  -log p[n, contexts[n, c]] のバッチ平均をとり、それを c について足したものです。
  skip-gram guesses the context words from the centre word target (N,).  The loss is,
  for each context position c, the batch mean of -log p[n, contexts[n, c]], added up over c.

one-hot ベクトルに W_in を掛けることは、W_in の行を取り出すことと同じです（W_in[ids]）。
Multiplying a one-hot vector by W_in is the same as picking a row of W_in (W_in[ids]).
"""
import numpy as np


def _softmax(s):
    """行ごとの softmax / row-wise softmax.  s (N, V) -> (N, V), each row sums to 1."""
    # 穴埋め (1) / blank (1): 各行（各例）の中で、語彙全体についての softmax
    # the softmax of each row (each example) over the whole vocabulary
    return ___


def cbow_forward(contexts, W_in, W_out):
    """contexts (N, C) int64, W_in (V, H), W_out (H, V).  Returns probs (N, V)."""
    # 穴埋め (2) / blank (2): h (N, H): 文脈の C 個の単語の W_in の行の平均
    # h (N, H): the mean of the rows of W_in for the C context words
    h = ___
    # 穴埋め (3) / blank (3): 語彙の各単語のスコア s (N, V) / the score of every word, s (N, V)
    s = ___
    return _softmax(s)


def skipgram_loss(target, contexts, W_in, W_out):
    """target (N,) int64, contexts (N, C) int64, W_in (V, H), W_out (H, V).  Returns a float."""
    # 穴埋め (4) / blank (4): h (N, H): 中央の単語の分散表現 / the centre word's representation
    h = ___
    p = _softmax(h @ W_out)       # (N, V): 各単語が文脈に現れる確率 / each word's probability
    N, C = contexts.shape
    loss = 0.0
    for c in range(C):
        # 穴埋め (5) / blank (5): 位置 c の正解の単語について、-log p のバッチ平均
        # for the right word at position c, the batch mean of -log p
        loss += ___
    return float(loss)
