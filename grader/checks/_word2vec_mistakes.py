"""The catalogue of ``word2vec``'s known mistakes (its check module imports it)."""
import numpy as np

from grader.mistakes import bilingual as _m


def _softmax(s, norm=lambda e: e.sum(axis=1, keepdims=True)):
    e = np.exp(s)
    return e / norm(e)


def _term(p, target, contexts, c):
    return -np.log(p[np.arange(len(p)), contexts[:, c]]).mean()


def _model(softmax=_softmax, cbow_h=lambda W_in, ids: W_in[ids].mean(axis=1),
           out=lambda W_in, W_out: W_out,
           sg_h=lambda target, contexts, W_in, W_out: W_in[target], term=_term, per_position=False,
           positions=range):
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
            loss = sum(term(p, target, contexts, c) for c in positions(C))
            return float(loss / C if per_position else loss)
    return predict


def _last_only(*args):
    """skipgram_loss with ``loss = ...`` for ``loss += ...``: only the last position is left."""
    with np.errstate(all="ignore"):
        target, contexts, W_in, W_out = args
        return float(_term(_softmax(W_in[target] @ W_out), target, contexts, contexts.shape[1] - 1))


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
       "CBOW's hidden layer is the MEAN of the C context rows (DL2 writes 0.5 * (h0 + h1) for two words): the sum "
       "must be divided by C",
       "CBOW の隠れ層は C 個の文脈の行の「平均」です（DL2 では 2 単語のとき 0.5 * (h0 + h1)）。"
       "和は C で割る必要があります",
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
       "word2vec has two weight matrices: W_in for the input side and W_out (H, V) for the output side, which scores the words",
       "word2vec には入力側の W_in と、単語のスコアを出す出力側の W_out (H, V) の 2 つの重みがあります",
       _model(out=lambda W_in, W_out: W_in.T), code=("h @ W_in.T", "np.dot(h, W_in.T)"),
       example={3: "h @ W_in.T"}),
    _m("w-out-first", _CB, "the product written in the wrong order, W_out @ h",
       "積の順序が逆（W_out @ h）",
       "h holds one row per example (N, H) and W_out is (H, V): h goes on the left to give one row of V scores per example, (N, V)",
       "h は例ごとに 1 行の (N, H)、W_out は (H, V) です。h を左に置くと、例ごとに V 個のスコアの行 (N, V) になります",
       code=("W_out @ h", "np.dot(W_out, h)", "W_out.dot(h)"), example={3: "W_out @ h"}),
    _m("sg-h-from-w-out", _SG, "the centre word's vector taken from W_out instead of W_in",
       "中央の単語のベクトルを W_in ではなく W_out から取り出している",
       "the input side of skip-gram is W_in: the centre word's vector is its row there",
       "skip-gram の入力側は W_in です。中央の単語のベクトルはその行です",
       _model(sg_h=lambda t, ctx, W_in, W_out: W_out[:, t].T),
       code=("W_out[target]", "W_out[:, target].T", "W_out.T[target]"), example={4: "W_out.T[target]"}),
    _m("sg-h-from-contexts", _SG, "skip-gram fed with the mean of the context words (CBOW's input)",
       "skip-gram の入力に文脈の単語の平均（CBOW の入力）を使っている",
       "skip-gram goes the other way from CBOW: it starts from the centre word's vector and predicts "
       "the context words",
       "skip-gram は CBOW の逆で、中央の単語のベクトルから文脈の単語を予測します",
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
       "skip-gram predicts the CONTEXT words: the right word at position c of example n is contexts[n, c]",
       "skip-gram が予測するのは「文脈」の単語です。例 n の位置 c の正解は contexts[n, c] です",
       _model(term=lambda p, t, ctx, c: -np.log(p[np.arange(len(p)), t]).mean()),
       example={5: "-np.log(p[np.arange(N), target]).mean()"}),
    _m("sg-all-pairs", _SG, "p[:, contexts[:, c]] picks an (N, N) block instead of one entry per example",
       "p[:, contexts[:, c]] では例ごとに 1 要素ではなく (N, N) の表を取り出している",
       "with ':' every example is paired with every word id; pair row n with its own id by giving both indices "
       "as arrays of length N (the result has shape (N,))",
       "':' を使うとすべての例とすべての単語 ID が組み合わされます。行 n を自分の ID と組にするには、両方の添字を"
       "長さ N の配列で与えます（結果の形は (N,)）",
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
    _m("softmax-no-exp", None, "the scores divided by their row sum without np.exp",
       "np.exp をとらずにスコアを行の和で割っている",
       "the rows then sum to 1, but a negative score gives a negative \"probability\" (and a row sum near 0 blows "
       "up): a softmax exponentiates first, then normalises",
       "行の和は 1 になりますが、負のスコアは負の「確率」になります（行の和が 0 に近いと値が発散します）。softmax は"
       "先に指数をとってから正規化します",
       _model(softmax=lambda s: s / s.sum(axis=1, keepdims=True)), example={1: "s / s.sum(axis=1, keepdims=True)"}),
    _m("cbow-weights-swapped", _CB, "W_in and W_out swapped: h taken from W_out and the scores from W_in",
       "W_in と W_out を取り違えている（h を W_out から、スコアを W_in から作っている）",
       "the words' embeddings, the rows looked up for the context words, are in W_in (V, H); W_out (H, V) is only "
       "used on the output side, to score every word",
       "文脈の単語について取り出す埋め込み（行）は W_in (V, H) にあります。W_out (H, V) は出力側で、語彙の各単語の"
       "スコアを出すときだけに使います",
       lambda contexts, W_in, W_out: _softmax(W_out.T[contexts].mean(axis=1) @ W_in.T),
       example={2: "W_out.T[contexts].mean(axis=1)", 3: "h @ W_in.T"}),
    _m("cbow-first-context", _CB, "only the first context word used (W_in[contexts[:, 0]])",
       "文脈の最初の単語だけを使っている（W_in[contexts[:, 0]]）",
       "CBOW looks at every word of the window: h averages the rows of all C context words of an example",
       "CBOW は窓の中のすべての単語を見ます。h は 1 つの例の C 個すべての文脈の単語の行の平均です",
       _model(cbow_h=lambda W_in, ids: W_in[ids[:, 0]]), example={2: "W_in[contexts[:, 0]]"}),
    _m("sg-drop-last-context", _SG, "the loop over the positions stops one short (range(C - 1))",
       "位置についてのループが 1 つ手前で終わっている（range(C - 1)）",
       "range(C - 1) gives 0 .. C-2, so the last context word is never counted; the loop the stub gives visits "
       "all C positions",
       "range(C - 1) は 0 から C-2 までなので、最後の文脈の単語が数えられません。スタブのループは C 個すべての位置を"
       "たどります",
       _model(positions=lambda C: range(C - 1)), example=[("for c in range(C):", "for c in range(C - 1):")]),
    _m("sg-skip-first-context", _SG, "the loop over the positions starts at 1 (range(1, C))",
       "位置についてのループが 1 から始まっている（range(1, C)）",
       "Python counts from 0: range(1, C) leaves out the first context word, contexts[:, 0]",
       "Python は 0 から数えます。range(1, C) では最初の文脈の単語 contexts[:, 0] が抜けます",
       _model(positions=lambda C: range(1, C)), example=[("for c in range(C):", "for c in range(1, C):")]),
    _m("sg-loss-assigned", _SG, "loss = ... written for loss += ..., so only the last position is kept",
       "loss += ... のところが loss = ... になっていて、最後の位置の損失しか残らない",
       "= replaces what the earlier positions added; the loss accumulates one term per position",
       "= ではそれまでの位置の損失が上書きされます。損失は位置ごとの項を足し込んでいきます",
       _last_only, example=[("        loss += ", "        loss = ")]),
    _m("sg-no-log", _SG, "the probabilities themselves averaged, without the log",
       "log をとらずに確率そのものを平均している",
       "the cross-entropy of the right word is minus the LOG of its probability: -p is not a loss that reaches 0 "
       "when p = 1",
       "正解の単語の交差エントロピーは、その確率の「log」にマイナスを付けたものです。-p は p = 1 で 0 になる損失では"
       "ありません",
       _model(term=lambda p, t, ctx, c: -p[np.arange(len(p)), ctx[:, c]].mean()),
       example={5: "-p[np.arange(N), contexts[:, c]].mean()"}),
    _m("sg-log-of-mean", _SG, "the log of the batch-mean probability instead of the batch mean of the logs",
       "log のバッチ平均ではなく、確率のバッチ平均の log をとっている",
       "the log is not linear: the mean of -log p over the examples is not -log of the mean p; take the log of each "
       "example's probability first",
       "log は線形ではありません。例についての -log p の平均は、p の平均の -log とは違います。先に各例の確率の log を"
       "とってください",
       _model(term=lambda p, t, ctx, c: -np.log(p[np.arange(len(p)), ctx[:, c]].mean())),
       example={5: "-np.log(p[np.arange(N), contexts[:, c]].mean())"}),
    _m("sg-no-batch-mean", _SG, "-log p left as an array of N values (no mean over the batch)",
       "-log p を N 個の値の配列のままにしている（バッチについての平均がない）",
       "each position adds ONE number, the mean over the N examples; an array cannot be turned into the float "
       "that is returned",
       "位置ごとに足すのは 1 つの数（N 個の例についての平均）です。配列のままでは戻り値の float にできません",
       code=("-np.log(p[np.arange(N), contexts[:, c]])", "np.log(p[np.arange(N), contexts[:, c]])"),
       example={5: "-np.log(p[np.arange(N), contexts[:, c]])"}),
]
