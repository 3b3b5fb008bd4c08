"""Checks for ``word2vec``: CBOW's forward pass and the skip-gram loss (DL2 ch. 3).

The original challenge has no multiple-choice blank here, so the catalogue lists
likely slips only.  Sizes keep N, C, V and H apart (and C >= 2 mostly), so that
summing and averaging, or one axis and another, give different outputs.
"""
import numpy as np

from grader.compare import check_call, check_repeatable, check_unchanged, expect, expect_form, shape_case
from grader.i18n import pick, tr
from grader.mistakes import predictions
from grader.outcome import TaskFailed
from grader.advice import falls_short, softmax_overflow
from grader.tasks import advise, task
from grader.checks._word2vec_mistakes import MISTAKES, _CB, _SG

ANSWERS = {1: "np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)",
           2: "W_in[contexts].mean(axis=1)",
           3: "h @ W_out",
           4: "W_in[target]",
           5: "-np.log(p[np.arange(N), contexts[:, c]]).mean()"}
EQUIVALENTS = [
    # a stable softmax, a loop over the examples, the one-hot product of the course, DL2's 1e-7
    {1: "np.exp(s - s.max(axis=1, keepdims=True)) / "
        "np.exp(s - s.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True)",
     2: "np.array([W_in[ids].mean(axis=0) for ids in contexts])",
     3: "np.dot(h, W_out)",
     4: "np.eye(W_in.shape[0])[target] @ W_in",
     5: "-np.log(p[np.arange(N), contexts[:, c]] + 1e-7).mean()"},
    # DL1's transposed softmax, a sum divided by C, one-hot counts (right with repeated ids), explicit loops
    {1: "(np.exp(s.T - s.T.max(axis=0)) / np.exp(s.T - s.T.max(axis=0)).sum(axis=0)).T",
     2: "np.eye(W_in.shape[0])[contexts].sum(axis=1) @ W_in / contexts.shape[1]",
     3: "(W_out.T @ h.T).T",
     4: "np.take(W_in, target, axis=0)",
     5: "-sum(np.log(p[n, contexts[n, c]]) for n in range(N)) / N"},
    {1: "np.exp(s) / np.sum(np.exp(s), axis=-1, keepdims=True)",
     2: "sum(W_in[contexts[:, c]] for c in range(contexts.shape[1])) / contexts.shape[1]",
     5: "-np.mean(np.log(np.take_along_axis(p, contexts[:, c:c + 1], axis=1)))"},
]


_LOOK_SG = {"en": "Look at blank (4), the centre word's vector, and at blank (5), the term one context position adds "
                  "(and check that the loop over the positions the stub gives is as it was).",
            "ja": "空欄 (4)（中央の単語のベクトル）と空欄 (5)（1 つの文脈の位置が加える項）を確認してください"
                  "（スタブにある位置についてのループが元のままかも確認してください）。"}


def _look_cbow(probs):
    """Where the slip of cbow_forward can be, from the rows of the learner's probs: a row that is no
    distribution comes from the softmax; rows that are distributions point at what goes into it."""
    if not (isinstance(probs, np.ndarray) and probs.ndim == 2 and probs.dtype == np.float64):
        return ""
    with np.errstate(all="ignore"):
        sums = probs.sum(axis=1)
    unsummed = ~(np.isfinite(sums) & np.isclose(sums, 1.0, rtol=1e-9, atol=1e-9))
    negative = np.any(~(probs >= 0), axis=1)
    fix = tr("look at the softmax, blank (1), which must normalise each row (each example) by itself.",
             "各行（各例）をその行だけで正規化する softmax、空欄 (1) を確認してください。")
    if unsummed.any():
        n = int(np.argmax(unsummed))
        return tr("Row {n} of your probs sums to {s:.6g}, not 1: ", "あなたの probs の {n} 行目の和が 1 ではなく {s:.6g} です。",
                  n=n, s=float(sums[n])) + fix
    if negative.any():
        n = int(np.argmax(negative))
        return tr("Row {n} of your probs holds a negative or NaN entry: ", "あなたの probs の {n} 行目に負または NaN の要素が"
                  "あります。", n=n) + fix
    return tr("Each row of your probs is positive and sums to 1, as a softmax's should: look at what goes into it, "
              "h (blank 2) and the scores (blank 3).",
              "あなたの probs の各行は正で和が 1 で、softmax として問題ありません。その入力、h（空欄 2）とスコア（空欄 3）を"
              "確認してください。")


def _weights(rng, V, H, scale=0.5):
    return rng.normal(scale=scale, size=(V, H)), rng.normal(scale=scale, size=(H, V))


def _ids(rng, V, *shape):
    return rng.integers(0, V, size=shape).astype(np.int64)


def _cbow(sub, ref, contexts, W_in, W_out):
    try:
        return check_call(sub, ref, _CB, contexts, W_in, W_out, name="probs", mistakes=MISTAKES,
                          case=shape_case(contexts=contexts, W_in=W_in, W_out=W_out))
    except TaskFailed as exc:
        if exc.mistake is not None:
            raise
        look = _look_cbow(sub.call(_CB, contexts, W_in, W_out))
        raise TaskFailed("\n".join(filter(None, [exc.message, look])), None) from None


def _skipgram(sub, ref, target, contexts, W_in, W_out):
    # rtol 1e-5: DL2's cross_entropy_error adds 1e-7 inside the log, which moves each term by
    # about 1e-7 / p; the inputs keep p above ~0.02, far below the size of any catalogued slip.
    return check_call(sub, ref, _SG, target, contexts, W_in, W_out, name="loss", mistakes=MISTAKES, rtol=1e-5,
                      case=shape_case(target=target, contexts=contexts, W_in=W_in, W_out=W_out),
                      look_at=pick(_LOOK_SG))


def _look_large(sub, ref, rng):
    """Advice only: scores above 709 overflow a softmax that skips the max subtraction."""
    contexts = _ids(rng, 6, 3, 2)
    W_in, W_out = _weights(rng, 6, 4, scale=1.0)
    W_in, W_out = np.abs(W_in), W_out * 400.0
    W_out[:, 0] = 800.0   # word 0 scores above 709 in every row, where np.exp overflows
    shortfall = falls_short(lambda: sub.call(_CB, contexts, W_in, W_out), ref.call(_CB, contexts, W_in, W_out),
                            "probs")
    if shortfall:
        scores = float(np.abs(W_in[contexts].mean(axis=1) @ W_out).max())
        advise(softmax_overflow("cbow_forward", "probs", shortfall, scores, "s - s.max(axis=1, keepdims=True)"))


@task({"en": "cbow_forward returns probs (N, V); skipgram_loss returns a number",
       "ja": "cbow_forward は probs (N, V) を、skipgram_loss は数値を返す"}, points=1)
def test_shapes(sub, ref, rng):
    contexts = _ids(rng, 6, 3, 2)
    W_in, W_out = _weights(rng, 6, 4)
    expect_form(sub.cbow_forward(contexts, W_in, W_out), ref.cbow_forward(contexts, W_in, W_out), name="probs",
                case=shape_case(contexts=contexts, W_in=W_in, W_out=W_out))
    target = _ids(rng, 6, 3)
    expect_form(sub.skipgram_loss(target, contexts, W_in, W_out), ref.skipgram_loss(target, contexts, W_in, W_out),
                name="loss", case=shape_case(target=target, contexts=contexts))


@task({"en": "CBOW: probabilities on random inputs of several sizes (C = 1 and N = 1 included)",
       "ja": "CBOW: いろいろな大きさのランダムな入力での確率（C = 1、N = 1 を含む）"}, points=3)
def test_cbow_values(sub, ref, rng):
    for N, C, V, H in [(4, 2, 7, 3), (5, 3, 9, 4), (1, 2, 6, 3), (3, 1, 5, 2)]:
        _cbow(sub, ref, _ids(rng, V, N, C), *_weights(rng, V, H))
    _look_large(sub, ref, rng)


@task({"en": "CBOW: a word repeated in a context window counts twice in the mean",
       "ja": "CBOW: 文脈の窓で繰り返される単語は平均で 2 回数える"}, points=1)
def test_cbow_repeated(sub, ref, rng):
    V, H = 8, 3
    contexts = np.array([[2, 2, 5], [1, 4, 1], [7, 7, 7], [0, 3, 6]], dtype=np.int64)
    _cbow(sub, ref, contexts, *_weights(rng, V, H))


@task({"en": "skip-gram: the loss on random inputs of several sizes",
       "ja": "skip-gram: いろいろな大きさのランダムな入力での損失"}, points=2)
def test_skipgram_values(sub, ref, rng):
    for N, C, V, H in [(4, 2, 7, 3), (5, 4, 9, 4), (6, 3, 8, 5)]:
        _skipgram(sub, ref, _ids(rng, V, N), _ids(rng, V, N, C), *_weights(rng, V, H))


@task({"en": "skip-gram: one context word (C = 1), one example (N = 1), a repeated context word",
       "ja": "skip-gram: 文脈が 1 語（C = 1）、例が 1 つ（N = 1）、文脈の単語の繰り返し"}, points=1)
def test_skipgram_edges(sub, ref, rng):
    V, H = 7, 3
    _skipgram(sub, ref, _ids(rng, V, 3), _ids(rng, V, 3, 1), *_weights(rng, V, H))
    _skipgram(sub, ref, _ids(rng, V, 1), _ids(rng, V, 1, 3), *_weights(rng, V, H))
    _skipgram(sub, ref, np.array([0, 3, 6, 2], dtype=np.int64),
              np.array([[1, 1], [4, 4], [6, 5], [2, 2]], dtype=np.int64), *_weights(rng, V, H))


@task({"en": "skip-gram: with W_out = 0 every word has probability 1/V, so the loss is C log V",
       "ja": "skip-gram: W_out = 0 ならどの単語の確率も 1/V なので、損失は C log V"}, points=1, independent=True)
def test_skipgram_uniform(sub, rng):
    # N != V: softmax over the batch (p = 1/N) then gives C log N, and range(C - 1) gives (C - 1) log V;
    # with N = 4, C = 3, V = 8 both would be 6 log 2 and could not be told apart.
    N, C, V, H = 5, 3, 8, 5
    target, contexts = _ids(rng, V, N), _ids(rng, V, N, C)
    W_in, W_out = rng.normal(size=(V, H)), np.zeros((H, V))
    args = (target, contexts, W_in, W_out)
    expect(sub.skipgram_loss(*args), C * np.log(V), name="loss", rtol=1e-5,
           candidates=lambda: predictions(MISTAKES, _SG, args, {}),
           case=tr("N {n}, C {c}, V {v}, W_out all 0", "N {n}、C {c}、V {v}、W_out がすべて 0", n=N, c=C, v=V),
           look_at=tr("Each of the C positions adds log V = {lv:.4g} (the batch mean of -log(1/V)); the sum over "
                      "the positions is C log V.",
                      "C 個の位置がそれぞれ log V = {lv:.4g}（-log(1/V) のバッチ平均）を加えるので、位置についての和は "
                      "C log V です。", lv=np.log(V)))


@task({"en": "each call depends on its own arguments only, and leaves them unchanged",
       "ja": "毎回その引数だけから計算し、引数を書き換えない"}, points=1)
def test_calls_independent(sub, ref, rng):
    N, C, V, H = 4, 3, 7, 3
    cbow = [(_ids(rng, V, N, C), *_weights(rng, V, H)) for _ in range(3)]
    check_repeatable(sub, ref, _CB, cbow, name="probs", mistakes=MISTAKES)
    sg = [(_ids(rng, V, N), _ids(rng, V, N, C), *_weights(rng, V, H)) for _ in range(3)]
    check_repeatable(sub, ref, _SG, sg, name="loss", mistakes=MISTAKES, rtol=1e-5)
    check_unchanged(sub, _CB, cbow[0], names=["contexts", "W_in", "W_out"])
    check_unchanged(sub, _SG, sg[0], names=["target", "contexts", "W_in", "W_out"])
