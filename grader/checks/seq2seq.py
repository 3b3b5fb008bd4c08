"""Checks for ``seq2seq``: the encoder, e = E.dot(w) for each one-hot word w.

Every size below keeps embed, vocab and hidden different from each other, so that the options of the
original that cannot work (E.T.dot(w), E * w) fail with a shape error, as they would in general.
"""
import numpy as np

from grader.compare import check_call, expect_form, shape_case
from grader.i18n import pick, tr
from grader.mistakes import Mistake
from grader.tasks import task

FUNC = "encode"
ANSWERS = {1: "E.dot(w)"}
EQUIVALENTS = [
    {1: "w.dot(E.T)"},          # option (3) of the original: the same vector for a 1-D w
    {1: "E @ w"},
    {1: "np.dot(E, w)"},
    {1: "E[:, np.argmax(w)]"},
    {1: "(E * w).sum(axis=1)"},
]

_SHAPE = {"en": "E has shape (embed, vocab) and w (vocab,)",
          "ja": "E の形は (embed, vocab)、w は (vocab,) です"}

MISTAKES = [
    Mistake("option-2", func=FUNC,
            title={"en": "option (2) of the original, E.T.dot(w)", "ja": "元の選択肢 (2) E.T.dot(w)"},
            hint={"en": _SHAPE["en"] + ": E.T (vocab, embed) cannot be multiplied by a vector of length vocab (a "
                        "shape error whenever embed differs from vocab); E.dot(w) picks the column of E that "
                        "belongs to the word",
                  "ja": _SHAPE["ja"] + "。E.T (vocab, embed) に長さ vocab のベクトルは掛けられません（embed と vocab が"
                        "違えば形のエラー）。E.dot(w) でその単語の列が取り出せます"},
            code=("E.T.dot(w)", "np.dot(E.T, w)", "E.T @ w")),
    Mistake("option-4", func=FUNC,
            title={"en": "option (4) of the original, E * w", "ja": "元の選択肢 (4) E * w"},
            hint={"en": "* multiplies element by element: E * w is a whole (embed, vocab) matrix with every column "
                        "but the word's set to zero, not a vector (embed,), so the shapes on the next line no longer "
                        "fit; use the matrix product E.dot(w)",
                  "ja": "* は要素ごとの積です。E * w はその単語以外の列が 0 になった (embed, vocab) の行列で、ベクトル "
                        "(embed,) ではないため、次の行で形が合わなくなります。行列の積 E.dot(w) を使ってください"},
            code=("E * w", "w * E", "np.multiply(E, w)")),
    Mistake("row-of-E", func=FUNC,
            title={"en": "a row of E taken (E[np.argmax(w)]) where the word's column belongs",
                   "ja": "単語の列ではなく E の行を取り出している（E[np.argmax(w)]）"},
            hint={"en": _SHAPE["en"] + ": each word's embedding is a column of E, E[:, k] (the same as E.dot(w)); "
                        "a row E[k] has length vocab",
                  "ja": _SHAPE["ja"] + "。各単語の埋め込みは E の列 E[:, k] です（E.dot(w) と同じ）。行 E[k] の長さは vocab です"},
            code=("E[np.argmax(w)]", "E[w.argmax()]", "E[np.argmax(w), :]")),
    Mistake("not-embedded", func=FUNC,
            title={"en": "the one-hot vector w used as it is, without the embedding E",
                   "ja": "埋め込み E を使わず one-hot ベクトル w をそのまま使っている"},
            hint={"en": "W expects an embedding of length embed, but w has length vocab; turn w into its embedding "
                        "with E first",
                  "ja": "W が受け取るのは長さ embed の埋め込みですが、w の長さは vocab です。まず E で w を埋め込みに変えてください"},
            code=("w",)),
]

_LOOK = {"en": "Look at the embedding line: e must be the word's embedding, the column of E (embed, vocab) picked "
               "by the one-hot w.",
         "ja": "埋め込みの行を確認してください: e はその単語の埋め込み、つまり one-hot の w で選ばれる E (embed, vocab) の列です。"}


def _inputs(rng, ids, vocab, embed, hidden):
    words = np.eye(vocab)[np.asarray(ids)]
    return (words, rng.normal(size=(embed, vocab)), rng.normal(scale=0.5, size=(hidden, embed)),
            rng.normal(scale=0.5, size=(hidden, hidden)), rng.normal(scale=0.1, size=hidden))


def _run(sub, ref, args, case=None):
    words, E, W = args[:3]
    check_call(sub, ref, FUNC, *args, name="h", mistakes=MISTAKES, look_at=pick(_LOOK),
               case=case or shape_case(words=words, E=E, W=W))


@task({"en": "returns h of shape (hidden,)", "ja": "形 (hidden,) の h を返す"}, points=2)
def test_shape(sub, ref, rng):
    for n, vocab, embed, hidden in [(4, 7, 3, 5), (2, 5, 6, 3)]:
        args = _inputs(rng, rng.integers(0, vocab, n), vocab, embed, hidden)
        expect_form(sub.encode(*args), ref.encode(*args), name="h", case=shape_case(words=args[0], E=args[1]))


@task({"en": "values on random sentences of several sizes", "ja": "いろいろな大きさのランダムな文での値"}, points=4)
def test_values(sub, ref, rng):
    for n, vocab, embed, hidden in [(4, 7, 3, 5), (6, 10, 4, 6), (2, 5, 6, 3), (8, 9, 2, 4)]:
        _run(sub, ref, _inputs(rng, rng.integers(0, vocab, n), vocab, embed, hidden))


@task({"en": "a sentence of a single word", "ja": "1 単語だけの文"}, points=2)
def test_single_word(sub, ref, rng):
    for vocab, embed, hidden in [(6, 4, 3), (3, 2, 4)]:
        args = _inputs(rng, [int(rng.integers(0, vocab))], vocab, embed, hidden)
        _run(sub, ref, args, case=tr("a single word, E {e}", "1 単語、E {e}", e=args[1].shape))


@task({"en": "the same word repeated", "ja": "同じ単語の繰り返し"}, points=2)
def test_repeated_word(sub, ref, rng):
    vocab, embed, hidden = 8, 3, 6
    args = _inputs(rng, [int(rng.integers(0, vocab))] * 5, vocab, embed, hidden)
    _run(sub, ref, args, case=tr("one word 5 times, E {e}", "同じ単語を 5 回、E {e}", e=args[1].shape))
