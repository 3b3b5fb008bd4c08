"""Checks for ``seq2seq``: the encoder, e = E.dot(w) for each one-hot word w.

Every size below keeps embed, vocab and hidden different from each other, so that the options of the
original that cannot work (E.T.dot(w), E * w) fail with a shape error, as they would in general.
Slips in the lines the stub gives (the recurrence, the loop) are catalogued too: a learner may edit them.
"""
import numpy as np

from grader.compare import check_call, check_repeatable, check_unchanged, difference, expect_form, shape_case
from grader.i18n import tr
from grader.mistakes import Mistake
from grader.outcome import TaskFailed
from grader.tasks import task

FUNC = "encode"
ANSWERS = {1: "E.dot(w)"}
EQUIVALENTS = [
    {1: "w.dot(E.T)"},          # option (3) of the original: the same vector for a 1-D w
    {1: "E @ w"},
    {1: "np.dot(E, w)"},
    {1: "E[:, np.argmax(w)]"},
    {1: "(E * w).sum(axis=1)"},
    {1: "np.matmul(E, w)"},
    {1: "E.T[w.argmax()]"},
]

_SHAPE = {"en": "E has shape (embed, vocab) and w (vocab,)",
          "ja": "E の形は (embed, vocab)、w は (vocab,) です"}


def _encoder(embed=lambda E, w: E.dot(w), order=lambda words: words, step=None):
    """encode with one part changed: how a word is embedded, the order of the words, or the recurrence."""
    step = step or (lambda W, U, b, e, h: np.tanh(W.dot(e) + U.dot(h) + b))

    def predict(words, E, W, U, b):
        h = np.zeros(U.shape[0])
        for w in order(words):
            h = step(W, U, b, embed(E, w), h)
        return h
    return predict


MISTAKES = [
    Mistake("option-2", func=FUNC,
            title={"en": "option (2) of the original, E.T.dot(w)", "ja": "元の選択肢 (2) E.T.dot(w)"},
            hint={"en": _SHAPE["en"] + ": E.T (vocab, embed) cannot be multiplied by a vector of length vocab (a "
                        "shape error whenever embed differs from vocab); the word's embedding is the column of E "
                        "that the one-hot w picks out",
                  "ja": _SHAPE["ja"] + "。E.T (vocab, embed) に長さ vocab のベクトルは掛けられません（embed と vocab が"
                        "違えば形のエラー）。単語の埋め込みは、one-hot の w が選び出す E の列です"},
            code=("E.T.dot(w)", "np.dot(E.T, w)", "E.T @ w")),
    Mistake("option-4", func=FUNC,
            title={"en": "option (4) of the original, E * w", "ja": "元の選択肢 (4) E * w"},
            hint={"en": "* multiplies element by element: E * w is a whole (embed, vocab) matrix with every column "
                        "but the word's set to zero, not a vector (embed,), so the shapes on the next line no longer "
                        "fit; use the matrix product",
                  "ja": "* は要素ごとの積です。E * w はその単語以外の列が 0 になった (embed, vocab) の行列で、ベクトル "
                        "(embed,) ではないため、次の行で形が合わなくなります。行列の積を使ってください"},
            code=("E * w", "w * E", "np.multiply(E, w)")),
    Mistake("row-of-E", func=FUNC,
            title={"en": "a row of E taken (E[np.argmax(w)]) where the word's column belongs",
                   "ja": "単語の列ではなく E の行を取り出している（E[np.argmax(w)]）"},
            hint={"en": _SHAPE["en"] + ": each word's embedding is a column of E; a row E[k] has length vocab",
                  "ja": _SHAPE["ja"] + "。各単語の埋め込みは E の列です。行 E[k] の長さは vocab です"},
            code=("E[np.argmax(w)]", "E[w.argmax()]", "E[np.argmax(w), :]")),
    Mistake("not-embedded", func=FUNC,
            title={"en": "the one-hot vector w used as it is, without the embedding E",
                   "ja": "埋め込み E を使わず one-hot ベクトル w をそのまま使っている"},
            hint={"en": "W expects an embedding of length embed, but w has length vocab; turn w into its embedding "
                        "with E first",
                  "ja": "W が受け取るのは長さ embed の埋め込みですが、w の長さは vocab です。まず E で w を埋め込みに変えてください"},
            code=("w",)),
    Mistake("W-in-blank", func=FUNC,
            title={"en": "W applied in the blank as well (W.dot(E.dot(w)))", "ja": "穴埋めの中でも W を掛けている（W.dot(E.dot(w))）"},
            hint={"en": "the next line already multiplies e by W; e is only the word's embedding, a vector of length "
                        "embed",
                  "ja": "次の行ですでに e に W を掛けています。e は単語の埋め込み（長さ embed のベクトル）だけです"},
            code=("W.dot(E.dot(w))", "W @ E @ w", "W.dot(E).dot(w)", "W @ (E @ w)", "np.dot(W, np.dot(E, w))")),
    Mistake("U-transposed", func=FUNC,
            title={"en": "U.T used in the recurrence instead of U", "ja": "再帰の式で U の代わりに U.T を使っている"},
            hint={"en": "U (hidden, hidden) is square, so U.T runs too, but it sends each unit's previous value to "
                        "other units: the recurrence the stub gives multiplies the previous h by U itself; leave "
                        "that line as it was",
                  "ja": "U (hidden, hidden) は正方行列なので U.T でも動きますが、前の時刻の各ユニットの値が別のユニットに"
                        "渡ってしまいます。スタブの再帰の式は前の h に U そのものを掛けます。その行は元のままにしてください"},
            predict=_encoder(step=lambda W, U, b, e, h: np.tanh(W.dot(e) + U.T.dot(h) + b)),
            example=[("U.dot(h)", "U.T.dot(h)")]),
    Mistake("words-reversed", func=FUNC,
            title={"en": "the words fed from the last to the first (words[::-1])",
                   "ja": "単語を最後から最初へ逆順に入れている（words[::-1]）"},
            hint={"en": "this encoder reads the sentence in its own order, first word first, and returns the state "
                        "after the last word; (a reversed input is a trick of some seq2seq papers, but not what is "
                        "asked here): loop over words as they come",
                  "ja": "このエンコーダは文を先頭の単語から順に読み、最後の単語のあとの状態を返します（入力を逆順にするのは"
                        "一部の seq2seq の論文の工夫ですが、ここで求めるものではありません）。words をそのままの順でたどってください"},
            predict=_encoder(order=lambda words: words[::-1]),
            example=[("for w in words:", "for w in words[::-1]:")]),
    Mistake("bias-outside-tanh", func=FUNC,
            title={"en": "the bias b added after the tanh instead of inside it",
                   "ja": "バイアス b を tanh の中ではなく外で足している"},
            hint={"en": "b belongs to the pre-activation, with W e and U h; the new state is the tanh of that whole sum",
                  "ja": "b は W e や U h と同じく活性化の前の値に入ります。新しい状態はその和全体の tanh です"},
            predict=_encoder(step=lambda W, U, b, e, h: np.tanh(W.dot(e) + U.dot(h)) + b),
            example=[("np.tanh(W.dot(e) + U.dot(h) + b)", "np.tanh(W.dot(e) + U.dot(h)) + b")]),
    Mistake("no-tanh", func=FUNC,
            title={"en": "the tanh of the recurrence left out", "ja": "再帰の式の tanh が抜けている"},
            hint={"en": "without the activation the encoder is linear and the state can grow without bound; keep the "
                        "tanh the stub gives",
                  "ja": "活性化がないとエンコーダは線形になり、状態がいくらでも大きくなり得ます。スタブにある tanh を残してください"},
            predict=_encoder(step=lambda W, U, b, e, h: W.dot(e) + U.dot(h) + b),
            example=[("np.tanh(W.dot(e) + U.dot(h) + b)", "(W.dot(e) + U.dot(h) + b)")]),
    Mistake("state-reset", func=FUNC,
            title={"en": "h set back to zero inside the loop, so only the last word counts",
                   "ja": "ループの中で h を 0 に戻しているため、最後の単語しか効いていない"},
            hint={"en": "the state starts at zero once, before the first word, and then carries every word on to the "
                        "next step",
                  "ja": "状態を 0 にするのは最初の単語の前の 1 回だけです。そのあとは各単語の情報を次の時刻へ運びます"},
            predict=_encoder(order=lambda words: words[-1:]),
            example=[("        e = E.dot(w)", "        h = np.zeros(U.shape[0])\n        e = E.dot(w)")]),
]


def _look(sub, words, E, W, U, b, want_first):
    """Say where the slip can be: after the first word (from h = 0) only the embedding and the
    recurrence count; when that h is right, the slip is in how later words are handled."""
    got = sub.call(FUNC, words[:1], E, W, U, b)
    if difference(got, want_first, "h", 1e-6, 1e-9) is None:
        return tr("Your h is right after the first word, and goes wrong later: look at which word each step "
                  "embeds (the blank works on the loop's current word w), and, if you changed them, at the loop "
                  "and at how the previous h enters the recurrence line.",
                  "最初の単語のあとの h は正しく、その後でずれています。各ステップでどの単語を埋め込んでいるか"
                  "（空欄ではループのいまの単語 w を使います）を確認し、変更していればループと、再帰の式での前の h の"
                  "使い方も確認してください。")
    if isinstance(got, np.ndarray) and got.shape == want_first.shape and got.dtype == np.float64:
        return tr("Your h is already wrong after the first word (starting from h = 0): look at the embedding e of a "
                  "word, and at the recurrence line if you changed it.",
                  "最初の単語（h = 0 から）のあとで、すでに h が違います。単語の埋め込み e と、変更していれば再帰の式を"
                  "確認してください。")
    return ""


def _inputs(rng, ids, vocab, embed, hidden):
    words = np.eye(vocab)[np.asarray(ids)]
    return (words, rng.normal(size=(embed, vocab)), rng.normal(scale=0.5, size=(hidden, embed)),
            rng.normal(scale=0.5, size=(hidden, hidden)), rng.normal(scale=0.1, size=hidden))


def _run(sub, ref, args, case=None):
    words, E, W = args[:3]
    try:
        check_call(sub, ref, FUNC, *args, name="h", mistakes=MISTAKES, case=case or shape_case(words=words, E=E, W=W))
    except TaskFailed as exc:
        if exc.mistake is not None:
            raise
        look = _look(sub, *args, ref.call(FUNC, args[0][:1], *args[1:]))
        raise TaskFailed("\n".join(filter(None, [exc.message, look])), None) from None


@task({"en": "returns h of shape (hidden,)", "ja": "形 (hidden,) の h を返す"}, points=1)
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


@task({"en": "each call starts from h = 0 and leaves its inputs unchanged",
       "ja": "毎回 h = 0 から始め、入力を書き換えない"}, points=1)
def test_calls_independent(sub, ref, rng):
    vocab, embed, hidden = 7, 3, 5
    calls = [_inputs(rng, rng.integers(0, vocab, n), vocab, embed, hidden) for n in (3, 3, 3)]
    check_repeatable(sub, ref, FUNC, calls, name="h", mistakes=MISTAKES)
    check_unchanged(sub, FUNC, calls[0], names=["words", "E", "W", "U", "b"])
