"""Checks for ``recursive_nn``: folding a binary tree, v = tanh(W.dot(np.concatenate([left, right])) + b).

Trees cross to the learner's process as nested dicts {'left': ..., 'right': ...} of leaf arrays.
"""
import numpy as np

from grader.compare import check_call, check_repeatable, check_unchanged, expect_form
from grader.i18n import pick, tr
from grader.mistakes import Mistake
from grader.outcome import TaskFailed
from grader.tasks import task

FUNC = "traverse"
ANSWERS = {1: "W.dot(np.concatenate([left, right]))"}
EQUIVALENTS = [
    {1: "W @ np.concatenate([left, right])"},
    {1: "np.concatenate([left, right]).dot(W.T)"},
    {1: "W.dot(np.hstack([left, right]))"},
    {1: "np.dot(W, np.r_[left, right])"},
    {1: "W[:, :len(left)].dot(left) + W[:, len(left):].dot(right)"},
]


def _wrong_traverse(join=lambda left, right: np.concatenate([left, right]), act=np.tanh, bias=True,
                    leaf=lambda x: x):
    def predict(node, W, b):
        if not isinstance(node, dict):
            return leaf(node)
        left, right = predict(node["left"], W, b), predict(node["right"], W, b)
        return act(W.dot(join(left, right)) + (b if bias else 0.0))
    return predict


_SHAPE = {"en": "W has shape (embed, 2*embed), so it takes a vector of length 2*embed; ",
          "ja": "W の形は (embed, 2*embed) なので、長さ 2*embed のベクトルを受け取ります。"}

MISTAKES = [
    Mistake("option-1", func=FUNC,
            title={"en": "option (1) of the original, W.dot(left + right)", "ja": "元の選択肢 (1) W.dot(left + right)"},
            hint={"en": _SHAPE["en"] + "left + right has length embed (a shape error), and adding would forget which "
                        "child is which; join the two children into one vector",
                  "ja": _SHAPE["ja"] + "left + right の長さは embed で（形のエラー）、足すとどちらの子の値かも分からなくなります。"
                        "2 つの子を 1 本のベクトルにつなげてください"},
            code=("W.dot(left + right)", "W.dot(right + left)", "W @ (left + right)")),
    Mistake("option-3", func=FUNC,
            title={"en": "option (3) of the original, W.dot(left * right)", "ja": "元の選択肢 (3) W.dot(left * right)"},
            hint={"en": _SHAPE["en"] + "the element-wise product left * right has length embed (a shape error); "
                        "join the two children into one vector",
                  "ja": _SHAPE["ja"] + "要素ごとの積 left * right の長さは embed です（形のエラー）。2 つの子を 1 本のベクトルに"
                        "つなげてください"},
            code=("W.dot(left * right)", "W.dot(right * left)", "W @ (left * right)")),
    Mistake("option-4", func=FUNC,
            title={"en": "option (4) of the original, W.dot(np.maximum(left, right))",
                   "ja": "元の選択肢 (4) W.dot(np.maximum(left, right))"},
            hint={"en": _SHAPE["en"] + "np.maximum keeps the larger child element by element, length embed (a shape "
                        "error); join the two children into one vector",
                  "ja": _SHAPE["ja"] + "np.maximum は要素ごとに大きい方の子を残すだけで長さは embed です（形のエラー）。"
                        "2 つの子を 1 本のベクトルにつなげてください"},
            code=("W.dot(np.maximum(left, right))", "W.dot(np.maximum(right, left))")),
    Mistake("children-swapped", func=FUNC,
            title={"en": "the children joined in the order [right, left]", "ja": "子を [right, left] の順につなげている"},
            hint={"en": "the first embed columns of W are the weights of the left child and the last embed columns "
                        "those of the right child, so the left child's value must come first",
                  "ja": "W の最初の embed 列は左の子、後ろの embed 列は右の子に掛かる重みなので、左の子の値が先に来る必要が"
                        "あります"},
            predict=_wrong_traverse(lambda left, right: np.concatenate([right, left])),
            code=("W.dot(np.concatenate([right, left]))", "W @ np.concatenate([right, left])")),
    Mistake("bias-twice", func=FUNC,
            title={"en": "the bias b added in the blank as well as on the next line",
                   "ja": "バイアス b を穴埋めの中でも足している（次の行でも足されます）"},
            hint={"en": "the line after the blank already computes np.tanh(z + b); z is only the product with W",
                  "ja": "穴埋めの次の行ですでに np.tanh(z + b) を計算しています。z は W との積だけです"},
            predict=lambda node, W, b: _wrong_traverse(lambda left, right: np.concatenate([left, right]))(node, W, 2 * b),
            code=("W.dot(np.concatenate([left, right])) + b",)),
    Mistake("vector-before-W", func=FUNC,
            title={"en": "np.concatenate([left, right]).dot(W): the vector on the left of W",
                   "ja": "np.concatenate([left, right]).dot(W)（ベクトルを W の左から掛けている）"},
            hint={"en": "a (2*embed,) vector times W (embed, 2*embed) does not fit; write W.dot(...) (or multiply the "
                        "vector by W.T)",
                  "ja": "(2*embed,) のベクトルに W (embed, 2*embed) を右から掛けることはできません。W.dot(...) と書いてください"
                        "（またはベクトルに W.T を掛けます）"},
            code=("np.concatenate([left, right]).dot(W)", "np.concatenate([left, right]) @ W")),
    Mistake("stacked", func=FUNC,
            title={"en": "the children stacked into a matrix (np.stack / np.array) instead of joined into one vector",
                   "ja": "子を 1 本のベクトルにつなげず、行列に積み重ねている（np.stack / np.array）"},
            hint={"en": "np.stack([left, right]) has shape (2, embed), but W expects one vector of length 2*embed: "
                        "the two children joined end to end",
                  "ja": "np.stack([left, right]) の形は (2, embed) ですが、W が受け取るのは長さ 2*embed の 1 本の"
                        "ベクトル、つまり 2 つの子を端でつなげたものです"},
            code=("W.dot(np.stack([left, right]))", "W.dot(np.array([left, right]))", "W.dot(np.vstack([left, right]))")),
    Mistake("no-tanh", func=FUNC,
            title={"en": "the tanh left out (v = z + b)", "ja": "tanh が抜けている（v = z + b）"},
            hint={"en": "without the activation every node is a linear map of its leaves and the values can grow "
                        "with the depth; keep the np.tanh of the line the stub gives",
                  "ja": "活性化がないと、各節点は葉の線形な写像になり、深さとともに値が大きくなり得ます。スタブの行にある "
                        "np.tanh を残してください"},
            predict=_wrong_traverse(act=lambda z: z), example=[("v = np.tanh(z + b)", "v = z + b")]),
    Mistake("no-bias", func=FUNC,
            title={"en": "the bias b left out (np.tanh(z))", "ja": "バイアス b が抜けている（np.tanh(z)）"},
            hint={"en": "each node adds the bias b before the tanh, as the line the stub gives does",
                  "ja": "スタブの行のとおり、各節点では tanh の前にバイアス b を足します"},
            predict=_wrong_traverse(bias=False), example=[("v = np.tanh(z + b)", "v = np.tanh(z)")]),
    Mistake("left-twice", func=FUNC,
            title={"en": "the left child used twice (np.concatenate([left, left]))",
                   "ja": "左の子を 2 回使っている（np.concatenate([left, left])）"},
            hint={"en": "the shapes fit, but the right child is lost: the vector holds one value of each child",
                  "ja": "形は合いますが、右の子が失われます。ベクトルには左右の子の値を 1 つずつ入れます"},
            predict=_wrong_traverse(join=lambda left, right: np.concatenate([left, left])),
            example={1: "W.dot(np.concatenate([left, left]))"}),
    Mistake("right-twice", func=FUNC,
            title={"en": "the right child used twice (np.concatenate([right, right]))",
                   "ja": "右の子を 2 回使っている（np.concatenate([right, right])）"},
            hint={"en": "the shapes fit, but the left child is lost: the vector holds one value of each child",
                  "ja": "形は合いますが、左の子が失われます。ベクトルには左右の子の値を 1 つずつ入れます"},
            predict=_wrong_traverse(join=lambda left, right: np.concatenate([right, right])),
            example={1: "W.dot(np.concatenate([right, right]))"}),
    Mistake("leaf-activated", func=FUNC,
            title={"en": "a leaf passed through tanh instead of returned as it is",
                   "ja": "葉をそのまま返さず tanh に通している"},
            hint={"en": "a leaf's value is its own vector; only the inner nodes combine and activate",
                  "ja": "葉の値はその葉のベクトルそのものです。組み合わせて活性化するのは内側の節点だけです"},
            predict=_wrong_traverse(leaf=np.tanh), example=[("        return node\n", "        return np.tanh(node)\n")]),
    Mistake("concat-axis-1", func=FUNC,
            title={"en": "the children joined along axis=1", "ja": "子を axis=1 でつなげている"},
            hint={"en": "left and right are 1-D vectors (embed,): they have only axis 0, and joining them end to end "
                        "along it gives the vector of length 2*embed",
                  "ja": "left と right は 1 次元のベクトル (embed,) で、軸は 0 しかありません。その軸でつなげると長さ 2*embed "
                        "のベクトルになります"},
            code=("W.dot(np.concatenate([left, right], axis=1))", "W @ np.concatenate([left, right], axis=1)",
                  "W.dot(np.concatenate([left[:, None], right[:, None]], axis=1))",
                  "W.dot(np.concatenate([left.reshape(-1, 1), right.reshape(-1, 1)], axis=1))",
                  "W.dot(np.column_stack([left, right]))"),
            example={1: "W.dot(np.concatenate([left, right], axis=1))"}),
    Mistake("W-transposed", func=FUNC,
            title={"en": "W.T applied instead of W", "ja": "W の代わりに W.T を掛けている"},
            hint={"en": "W (embed, 2*embed) already turns a vector of length 2*embed into one of length embed; W.T goes "
                        "the other way",
                  "ja": "W (embed, 2*embed) はそのままで長さ 2*embed のベクトルを長さ embed に変えます。W.T は逆向きです"},
            code=("W.T.dot(np.concatenate([left, right]))", "W.T @ np.concatenate([left, right])",
                  "np.dot(W.T, np.concatenate([left, right]))")),
]

_LOOK = {"en": "Look at how a node makes its value from its two children's values: the blank, and the line after "
               "it if you changed it.",
         "ja": "節点が 2 つの子の値から自分の値をどう作るかを確認してください: 穴埋めと、変更していればその次の行です。"}
_LOOK_LEAF = {"en": "A leaf alone must come back as it is: look at the leaf branch at the top of traverse.",
              "ja": "葉だけのときは、その葉がそのまま返る必要があります。traverse の最初にある葉の分岐を確認してください。"}

_KINDS = {"balanced": ("balanced", "釣り合った"), "left": ("left-deep", "左に深い"),
          "right": ("right-deep", "右に深い"), "random": ("unbalanced", "釣り合っていない")}


def _tree(rng, depth, embed, kind):
    """A tree of exactly ``depth`` whose leaves are random vectors."""
    if depth == 0:
        return rng.normal(size=embed)
    if kind == "balanced":
        return {"left": _tree(rng, depth - 1, embed, kind), "right": _tree(rng, depth - 1, embed, kind)}
    deep_left = {"left": True, "right": False}.get(kind, bool(rng.integers(2)))
    other = 0 if kind in ("left", "right") else int(rng.integers(0, depth))
    deep, shallow = _tree(rng, depth - 1, embed, kind), _tree(rng, other, embed, kind)
    return {"left": deep, "right": shallow} if deep_left else {"left": shallow, "right": deep}


def _leaves(node):
    return _leaves(node["left"]) + _leaves(node["right"]) if isinstance(node, dict) else 1


def _weights(rng, embed):
    return rng.normal(scale=1.0 / np.sqrt(embed), size=(embed, 2 * embed)), rng.normal(scale=0.1, size=embed)


def _run(sub, ref, rng, depth, embed, kind):
    tree = _tree(rng, depth, embed, kind)
    W, b = _weights(rng, embed)
    en, ja = _KINDS[kind]
    if depth == 0:
        case = tr("a leaf alone, embed {e}", "葉だけ、embed {e}", e=embed)
    else:
        case = tr("a {k_en} tree of depth {d} with {n} leaves, embed {e}", "深さ {d}、葉 {n} 個の{k_ja}木、embed {e}",
                  k_en=en, k_ja=ja, d=depth, n=_leaves(tree), e=embed)
    check_call(sub, ref, FUNC, tree, W, b, name="v", mistakes=MISTAKES, case=case,
               look_at=pick(_LOOK_LEAF if depth == 0 else _LOOK))


def _same_tree(a, b):
    if isinstance(a, dict):
        return isinstance(b, dict) and set(a) == set(b) and all(_same_tree(a[k], b[k]) for k in a)
    return isinstance(b, np.ndarray) and b.shape == a.shape and np.array_equal(a, b)


@task({"en": "returns a vector of shape (embed,)", "ja": "形 (embed,) のベクトルを返す"}, points=1)
def test_shape(sub, ref, rng):
    tree = _tree(rng, 2, 4, "balanced")
    W, b = _weights(rng, 4)
    expect_form(sub.traverse(tree, W, b), ref.traverse(tree, W, b), name="v",
                case=tr("a balanced tree of depth 2, embed 4", "深さ 2 の釣り合った木、embed 4"))


@task({"en": "a leaf alone (depth 0) comes back as it is; a single node (depth 1)",
       "ja": "葉だけ（深さ 0）はそのまま返る。節点 1 つ（深さ 1）"}, points=2)
def test_leaf_and_single_node(sub, ref, rng):
    _run(sub, ref, rng, 0, 3, "balanced")
    _run(sub, ref, rng, 1, 3, "balanced")


@task({"en": "balanced trees of depth 1 to 4", "ja": "深さ 1 から 4 の釣り合った木"}, points=3)
def test_balanced(sub, ref, rng):
    for depth in (1, 2, 3, 4):
        _run(sub, ref, rng, depth, 4, "balanced")


@task({"en": "unbalanced trees of depth 2 to 4", "ja": "深さ 2 から 4 の釣り合っていない木"}, points=2)
def test_unbalanced(sub, ref, rng):
    for depth, kind in [(2, "left"), (3, "right"), (4, "left"), (3, "random"), (4, "random")]:
        _run(sub, ref, rng, depth, 3, kind)


@task({"en": "other vector sizes (embed 1 and 6)", "ja": "ほかのベクトルの大きさ（embed 1 と 6）"}, points=1)
def test_sizes(sub, ref, rng):
    _run(sub, ref, rng, 3, 1, "random")
    _run(sub, ref, rng, 3, 6, "random")


@task({"en": "each call depends on its own arguments only, and leaves the tree, W and b unchanged",
       "ja": "毎回その引数だけから計算し、木・W・b を書き換えない"}, points=1)
def test_calls_independent(sub, ref, rng):
    embed = 3
    calls = [(_tree(rng, 3, embed, "random"), *_weights(rng, embed)) for _ in range(3)]
    check_repeatable(sub, ref, FUNC, calls, name="v", mistakes=MISTAKES)
    tree, W, b = calls[0]
    held = sub.put(tree)
    check_unchanged(sub, FUNC, [held, W, b], names=["node", "W", "b"])
    if not _same_tree(tree, sub.get(held)):
        raise TaskFailed(tr("traverse changed the tree it was given (a node's dict or a leaf's array): it must only "
                            "read the tree and return the value it computes",
                            "traverse が渡された木（節点の辞書や葉の配列）を書き換えました。木は読むだけにして、計算した値を"
                            "返してください"))
