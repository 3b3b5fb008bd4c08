"""Reference: the encoder of seq2seq, an RNN over embedded words (Rabbit Challenge Day 3)."""
import numpy as np


def encode(words, E, W, U, b):
    """words (n_words, vocab) one-hot rows; E (embed, vocab); W (hidden, embed); U (hidden, hidden);
    b (hidden,).  Returns the last hidden state h (hidden,).

    h = 0; for each word w: e = E w (the column of E for that word), h = tanh(W e + U h + b).
    """
    h = np.zeros(U.shape[0])
    for w in words:
        e = E.dot(w)
        h = np.tanh(W.dot(e) + U.dot(h) + b)
    return h
