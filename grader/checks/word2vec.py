"""Checks for ``word2vec``: CBOW's forward pass and the skip-gram loss (DL2 ch. 3).

The original challenge has no multiple-choice blank here, so the catalogue lists
likely slips only.  Sizes keep N, C, V and H apart (and C >= 2 mostly), so that
summing and averaging, or one axis and another, give different outputs.
"""
import numpy as np

from grader.compare import check_call, expect, expect_form, shape_case
from grader.i18n import pick, tr
from grader.mistakes import predictions, bilingual as _m
from grader.advice import falls_short, softmax_overflow
from grader.tasks import advise, task

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


def _softmax(s, norm=lambda e: e.sum(axis=1, keepdims=True)):
    e = np.exp(s)
    return e / norm(e)


def _term(p, target, contexts, c):
    return -np.log(p[np.arange(len(p)), contexts[:, c]]).mean()


def _model(softmax=_softmax, cbow_h=lambda W_in, ids: W_in[ids].mean(axis=1),
           out=lambda W_in, W_out: W_out,
           sg_h=lambda target, contexts, W_in, W_out: W_in[target], term=_term, per_position=False):
    """Both functions with one part replaced; called with 3 arguments it is
    cbow_forward, with 4 skipgram_loss."""
    def predict(*args):
        with np.errstate(all="ignore"):
            if len(args) == 3:
                contexts, W_in, W_out = args
                return softmax(cbow_h(W_in, contexts) @ out(W_in, W_out))
            target, contexts, W_in, W_out = args
            p = softmax(sg_h(target, contexts, W_in, W_out) @ W_out)
            C = contexts.shape[1]
            loss = sum(term(p, target, contexts, c) for c in range(C))
            return float(loss / C if per_position else loss)
    return predict


def _once(W_in, ids):
    """One-hot rows filled by assignment: a word repeated in a window counts once."""
    x = np.zeros((len(ids), W_in.shape[0]))
    x[np.arange(len(ids))[:, None], ids] = 1.0
    return x @ W_in / ids.shape[1]



_CB, _SG = "cbow_forward", "skipgram_loss"
_SUM1 = "np.exp(s).sum(axis=1, keepdims=True)"
MISTAKES = [
    _m("softmax-axis0", None, "softmax normalised over axis 0 (the batch) instead of over each row",
       "softmax を各行ではなく軸 0（バッチ方向）で正規化している",
       "each row is one example and must sum to 1 over the V words: sum the exponentials with axis=1, keepdims=True",
       "各行が 1 つの例で、V 個の単語について和が 1 になる必要があります。exp の和は axis=1, keepdims=True でとってください",
       _model(softmax=lambda s: _softmax(s, lambda e: e.sum(axis=0, keepdims=True))),
       example={1: "np.exp(s) / np.exp(s).sum(axis=0, keepdims=True)"}),
    _m("softmax-all", None, "softmax normalised by the sum over the whole array (np.exp(s).sum())",
       "softmax を配列全体の和 np.exp(s).sum() で割っている",
       "without an axis, sum adds every example together, so a row no longer sums to 1: use axis=1, keepdims=True",
       "axis を指定しない sum はすべての例を合計するので、各行の和が 1 になりません。axis=1, keepdims=True を使ってください",
       _model(softmax=lambda s: _softmax(s, lambda e: e.sum())), example={1: "np.exp(s) / np.exp(s).sum()"}),
    _m("softmax-no-keepdims", None, "softmax sum taken with axis=1 but without keepdims=True",
       "softmax の和を axis=1 でとっているが keepdims=True がない",
       "np.exp(s).sum(axis=1) has shape (N,), which NumPy lines up with the LAST axis of (N, V): keep the summed "
       "axis with keepdims=True (shape (N, 1)) so each row is divided by its own sum",
       "np.exp(s).sum(axis=1) の形は (N,) で、NumPy はこれを (N, V) の最後の軸に合わせます。keepdims=True で"
       "形 (N, 1) にすると、各行がその行の和で割られます",
       code=("np.exp(s) / np.exp(s).sum(axis=1)", "np.exp(s) / np.sum(np.exp(s), axis=1)"),
       error="broadcast"),
    _m("cbow-sum", _CB, "the context vectors summed instead of averaged (.sum(axis=1))",
       "文脈の単語ベクトルを平均ではなく合計している（.sum(axis=1)）",
       "CBOW's hidden layer is the MEAN of the C context rows (DL2 writes 0.5 * (h0 + h1) for two words): use "
       ".mean(axis=1), or divide the sum by C",
       "CBOW の隠れ層は C 個の文脈の行の「平均」です（DL2 では 2 単語のとき 0.5 * (h0 + h1)）。"
       ".mean(axis=1) を使うか、和を C で割ってください",
       _model(cbow_h=lambda W_in, ids: W_in[ids].sum(axis=1)), code=("W_in[contexts].sum(axis=1)",),
       example={2: "W_in[contexts].sum(axis=1)"}),
    _m("cbow-mean-axis0", _CB, "the context vectors averaged over axis 0 (the batch) instead of axis 1",
       "文脈の単語ベクトルを軸 1 ではなく軸 0（バッチ方向）で平均している",
       "W_in[contexts] has shape (N, C, H): the C context words are on axis 1, so average with .mean(axis=1) "
       "to get h of shape (N, H)",
       "W_in[contexts] の形は (N, C, H) で、C 個の文脈の単語は軸 1 にあります。.mean(axis=1) で平均すると"
       "h の形が (N, H) になります",
       _model(cbow_h=lambda W_in, ids: W_in[ids].mean(axis=0)), example={2: "W_in[contexts].mean(axis=0)"}),
    _m("cbow-onehot-once", _CB, "a one-hot matrix filled by assignment, so a word repeated in a window counts once",
       "代入で作った one-hot 行列のため、窓の中で繰り返される単語が 1 回しか数えられない",
       "x[rows, ids] = 1 writes the same cell twice when a word appears twice; the mean must count it twice: "
       "use W_in[contexts].mean(axis=1), or add the one-hot rows (np.eye(V)[contexts].sum(axis=1))",
       "x[rows, ids] = 1 は同じ単語が 2 回現れても同じ要素に 2 回書くだけです。平均では 2 回数える必要があります。"
       "W_in[contexts].mean(axis=1) を使うか、one-hot の行を足してください（np.eye(V)[contexts].sum(axis=1)）",
       _model(cbow_h=_once),
       example=[("h = W_in[contexts].mean(axis=1)",
                 "x = np.zeros((contexts.shape[0], W_in.shape[0]))\n"
                 "    x[np.arange(contexts.shape[0])[:, None], contexts] = 1\n"
                 "    h = x @ W_in / contexts.shape[1]")]),
    _m("w-in-as-output", _CB, "the scores taken with W_in.T instead of W_out",
       "スコアを W_out ではなく W_in.T で計算している",
       "word2vec has two weight matrices: W_in for the input side and W_out (H, V) for the output side: s = h @ W_out",
       "word2vec には入力側の W_in と出力側の W_out (H, V) の 2 つの重みがあります: s = h @ W_out",
       _model(out=lambda W_in, W_out: W_in.T), code=("h @ W_in.T", "np.dot(h, W_in.T)"),
       example={3: "h @ W_in.T"}),
    _m("w-out-first", _CB, "the product written in the wrong order, W_out @ h",
       "積の順序が逆（W_out @ h）",
       "h holds one row per example (N, H) and W_out is (H, V): multiply h on the left, s = h @ W_out (N, V)",
       "h は例ごとに 1 行の (N, H)、W_out は (H, V) です。h を左に置いて s = h @ W_out (N, V) としてください",
       code=("W_out @ h", "np.dot(W_out, h)", "W_out.dot(h)"), example={3: "W_out @ h"}),
    _m("sg-h-from-w-out", _SG, "the centre word's vector taken from W_out instead of W_in",
       "中央の単語のベクトルを W_in ではなく W_out から取り出している",
       "the input side of skip-gram is W_in: the centre word's vector is its row, h = W_in[target]",
       "skip-gram の入力側は W_in です。中央の単語のベクトルはその行 h = W_in[target] です",
       _model(sg_h=lambda t, ctx, W_in, W_out: W_out[:, t].T),
       code=("W_out[target]", "W_out[:, target].T", "W_out.T[target]"), example={4: "W_out.T[target]"}),
    _m("sg-h-from-contexts", _SG, "skip-gram fed with the mean of the context words (CBOW's input)",
       "skip-gram の入力に文脈の単語の平均（CBOW の入力）を使っている",
       "skip-gram goes the other way from CBOW: it starts from the centre word, h = W_in[target], and predicts "
       "the context words",
       "skip-gram は CBOW の逆で、中央の単語 h = W_in[target] から文脈の単語を予測します",
       _model(sg_h=lambda t, ctx, W_in, W_out: W_in[ctx].mean(axis=1)), example={4: "W_in[contexts].mean(axis=1)"}),
    _m("sg-mean-over-positions", _SG, "the loss averaged over the context positions instead of added up",
       "損失を文脈の位置について足さずに平均している",
       "the skip-gram loss ADDS the losses of the C context positions (DL2: loss = loss1 + loss2); only the batch "
       "is averaged: do not divide by C",
       "skip-gram の損失は C 個の文脈の位置の損失を「足し」ます（DL2: loss = loss1 + loss2）。平均するのはバッチだけで、"
       "C で割らないでください",
       _model(per_position=True), example=[("return float(loss)", "return float(loss / C)")]),
    _m("sg-batch-sum", _SG, "-log p added over the batch instead of averaged",
       "-log p をバッチについて平均せずに合計している",
       "for each context position take the MEAN over the N examples (.mean()), not the sum",
       "文脈の位置ごとに N 個の例について「平均」（.mean()）をとってください。合計ではありません",
       _model(term=lambda p, t, ctx, c: -np.log(p[np.arange(len(p)), ctx[:, c]]).sum()),
       example={5: "-np.log(p[np.arange(N), contexts[:, c]]).sum()"}),
    _m("sg-target-prob", _SG, "the probability of the centre word itself (p[rows, target]) used in the loss",
       "損失に中央の単語自身の確率 p[rows, target] を使っている",
       "skip-gram predicts the CONTEXT words: the right entry at position c is p[np.arange(N), contexts[:, c]]",
       "skip-gram が予測するのは「文脈」の単語です。位置 c の正解は p[np.arange(N), contexts[:, c]] です",
       _model(term=lambda p, t, ctx, c: -np.log(p[np.arange(len(p)), t]).mean()),
       example={5: "-np.log(p[np.arange(N), target]).mean()"}),
    _m("sg-all-pairs", _SG, "p[:, contexts[:, c]] picks an (N, N) block instead of one entry per example",
       "p[:, contexts[:, c]] では例ごとに 1 要素ではなく (N, N) の表を取り出している",
       "with ':' every example is paired with every word id; pair row n with its own id by giving both indices "
       "as arrays: p[np.arange(N), contexts[:, c]] (shape (N,))",
       "':' を使うとすべての例とすべての単語 ID が組み合わされます。行 n を自分の ID と組にするには、両方の添字を"
       "配列で与えます: p[np.arange(N), contexts[:, c]]（形 (N,)）",
       _model(term=lambda p, t, ctx, c: -np.log(p[:, ctx[:, c]]).mean()),
       example={5: "-np.log(p[:, contexts[:, c]]).mean()"}),
    _m("sg-no-minus", _SG, "the minus sign of -log p left out", "-log p のマイナスが抜けている",
       "log p is negative for p < 1; the cross-entropy loss is -log p, which is positive and falls as p rises",
       "p < 1 では log p は負です。交差エントロピー損失は -log p で、正の値をとり p が大きいほど小さくなります",
       _model(term=lambda p, t, ctx, c: np.log(p[np.arange(len(p)), ctx[:, c]]).mean()),
       example={5: "np.log(p[np.arange(N), contexts[:, c]]).mean()"}),
    _m("sg-row-c", _SG, "contexts[c] (row c, an example) used where contexts[:, c] (column c, a position) is meant",
       "位置を表す列 contexts[:, c] の代わりに、例を表す行 contexts[c] を使っている",
       "contexts is (N, C): row n is an example and column c a context position; the words at position c are "
       "contexts[:, c]",
       "contexts は (N, C) で、行 n が例、列 c が文脈の位置です。位置 c の単語は contexts[:, c] です",
       code=("-np.log(p[np.arange(N), contexts[c]]).mean()", "p[np.arange(N), contexts[c]]"),
       example={5: "-np.log(p[np.arange(N), contexts[c]]).mean()"}),
]

_LOOK_CBOW = {"en": "Look at h (the mean over axis 1 of W_in[contexts]), the scores s = h @ W_out, and the softmax "
                    "(each row divided by its own sum of exponentials).",
              "ja": "h（W_in[contexts] の軸 1 についての平均）、スコア s = h @ W_out、softmax（各行をその行の exp の和で"
                    "割る）を確認してください。"}
_LOOK_SG = {"en": "Look at h = W_in[target] and at the loss: for each position c, the batch mean of "
                  "-log p[n, contexts[n, c]], added up over c.",
            "ja": "h = W_in[target] と損失を確認してください: 位置 c ごとに -log p[n, contexts[n, c]] のバッチ平均をとり、"
                  "c について足します。"}


def _weights(rng, V, H, scale=0.5):
    return rng.normal(scale=scale, size=(V, H)), rng.normal(scale=scale, size=(H, V))


def _ids(rng, V, *shape):
    return rng.integers(0, V, size=shape).astype(np.int64)


def _cbow(sub, ref, contexts, W_in, W_out):
    return check_call(sub, ref, _CB, contexts, W_in, W_out, name="probs", mistakes=MISTAKES,
                      case=shape_case(contexts=contexts, W_in=W_in, W_out=W_out), look_at=pick(_LOOK_CBOW))


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
       "ja": "cbow_forward は probs (N, V) を、skipgram_loss は数値を返す"}, points=2)
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
    N, C, V, H = 4, 3, 8, 5
    target, contexts = _ids(rng, V, N), _ids(rng, V, N, C)
    W_in, W_out = rng.normal(size=(V, H)), np.zeros((H, V))
    args = (target, contexts, W_in, W_out)
    expect(sub.skipgram_loss(*args), C * np.log(V), name="loss", rtol=1e-5,
           candidates=predictions(MISTAKES, _SG, args, {}),
           case=tr("N {n}, C {c}, V {v}, W_out all 0", "N {n}、C {c}、V {v}、W_out がすべて 0", n=N, c=C, v=V),
           look_at=tr("Each of the C positions adds log V = {lv:.4g} (the batch mean of -log(1/V)); the sum over "
                      "the positions is C log V.",
                      "C 個の位置がそれぞれ log V = {lv:.4g}（-log(1/V) のバッチ平均）を加えるので、位置についての和は "
                      "C log V です。", lv=np.log(V)))
