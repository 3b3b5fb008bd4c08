"""Checks for ``recursive_nn``: folding a binary tree, v = tanh(W.dot(np.concatenate([left, right])) + b).

Trees cross to the learner's process as nested dicts {'left': ..., 'right': ...} of leaf arrays.
"""
import numpy as np

from grader.compare import check_call, expect_form
from grader.i18n import pick, tr
from grader.mistakes import Mistake
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


def _wrong_traverse(join):
    def predict(node, W, b):
        if not isinstance(node, dict):
            return node
        left, right = predict(node["left"], W, b), predict(node["right"], W, b)
        return np.tanh(W.dot(join(left, right)) + b)
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
                        "those of the right child: np.concatenate([left, right])",
                  "ja": "W の最初の embed 列は左の子、後ろの embed 列は右の子に掛かる重みです: np.concatenate([left, right])"},
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
            hint={"en": "np.stack([left, right]) has shape (2, embed); np.concatenate([left, right]) gives the vector "
                        "of length 2*embed that W expects",
                  "ja": "np.stack([left, right]) の形は (2, embed) です。W が受け取る長さ 2*embed のベクトルは "
                        "np.concatenate([left, right]) で作ります"},
            code=("W.dot(np.stack([left, right]))", "W.dot(np.array([left, right]))", "W.dot(np.vstack([left, right]))")),
]

_LOOK = {"en": "Look at how a node combines its children: W (embed, 2*embed) is applied to one vector holding the "
               "left child's value followed by the right child's.",
         "ja": "節点が子をどう組み合わせるかを確認してください: W (embed, 2*embed) を、左の子の値の後に右の子の値を並べた"
               "1 本のベクトルに掛けます。"}

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
    check_call(sub, ref, FUNC, tree, W, b, name="v", mistakes=MISTAKES, look_at=pick(_LOOK), case=case)


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


@task({"en": "unbalanced trees of depth 2 to 4", "ja": "深さ 2 から 4 の釣り合っていない木"}, points=3)
def test_unbalanced(sub, ref, rng):
    for depth, kind in [(2, "left"), (3, "right"), (4, "left"), (3, "random"), (4, "random")]:
        _run(sub, ref, rng, depth, 3, kind)


@task({"en": "other vector sizes (embed 1 and 6)", "ja": "ほかのベクトルの大きさ（embed 1 と 6）"}, points=1)
def test_sizes(sub, ref, rng):
    _run(sub, ref, rng, 3, 1, "random")
    _run(sub, ref, rng, 3, 6, "random")
