"""Explaining a learner's exception in the learner's language.

The worker reports an exception as its type, message and the learner's lines it
went through.  Here the grader adds what a learner needs to fix it: for a
misspelt name, the name that was probably meant; for NumPy's shape errors
(broadcasting, a matrix product whose inner sizes differ, a reshape, a
concatenation), which shapes met, said in Japanese or English.
"""
from __future__ import annotations

import builtins
import difflib
import io
import keyword
import re
import tokenize
from typing import Iterable, List, Optional, Set

from grader.i18n import tr

_SHAPE = r"\(([\d, ]*)\)"


def names_in(source: str) -> Set[str]:
    """Every identifier in ``source`` (tokenized, never run)."""
    found: Set[str] = set()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.NAME and not keyword.iskeyword(tok.string):
                found.add(tok.string)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return found


def _closest(name: str, pool: Iterable[str]) -> Optional[str]:
    candidates = [p for p in pool if p != name and not p.startswith("__")]
    swapped = [p for p in candidates if len(p) == len(name) and sorted(p) == sorted(name)
               and sum(a != b for a, b in zip(p, name)) == 2]
    if swapped:   # two letters typed the wrong way round: tahn for tanh
        return swapped[0]
    match = difflib.get_close_matches(name, candidates, n=1, cutoff=0.7)
    return match[0] if match else None


def did_you_mean(kind: str, message: str, source: str) -> Optional[str]:
    """'did you mean X?' for a NameError or a missing attribute of numpy, or None."""
    if kind == "NameError":
        found = re.search(r"name '(\w+)' is not defined", message)
        if not found or found.group(1) == "___":
            return None
        guess = _closest(found.group(1), names_in(source) | set(dir(builtins)))
    elif kind == "AttributeError":
        found = re.search(r"module 'numpy(?:\.(\w+))?' has no attribute '(\w+)'", message)
        if not found:
            return None
        import numpy

        module = getattr(numpy, found.group(1)) if found.group(1) and hasattr(numpy, found.group(1)) else numpy
        guess = _closest(found.group(2), dir(module))
        if guess:
            prefix = f"np.{found.group(1)}." if module is not numpy else "np."
            guess = prefix + guess
    else:
        return None
    if not guess:
        return None
    return tr("did you mean {g}?", "{g} の書き間違いではありませんか？", g=guess)


def _shapes(text: str) -> List[str]:
    return ["(" + s.replace(" ", "") + ")" for s in re.findall(_SHAPE, text)]


def numpy_problem(kind: str, message: str) -> Optional[str]:
    """NumPy's shape errors said plainly, with the shapes that met; None for others."""
    if kind != "ValueError":
        return None
    shapes = _shapes(message)
    if "could not be broadcast together" in message and len(shapes) >= 2:
        return tr("arrays of shapes {s} cannot be combined element by element (broadcast): check which "
                  "array has the wrong shape on this line, or an earlier line that made it",
                  "形 {s} の配列どうしは要素ごとに計算（ブロードキャスト）できません。この行のどの配列の形が違うか、"
                  "その配列を作った前の行も確認してください", s=" / ".join(shapes))
    if "not aligned" in message and len(shapes) >= 2:
        return tr("a matrix product of shapes {a} and {b}: the last size of the first must equal the first size "
                  "of the second; is one of them transposed, or in the wrong order?",
                  "形 {a} と {b} の行列積です。1 つ目の最後の大きさと 2 つ目の最初の大きさが同じでなければなりません。"
                  "どちらかの転置や、掛ける順番を確認してください", a=shapes[0], b=shapes[1])
    if "matmul: Input operand" in message and "mismatch in its core dimension" in message:
        sizes = re.findall(r"\(size (\d+) is different from (\d+)\)", message)
        detail = tr(" (sizes {a} and {b})", "（大きさ {a} と {b}）", a=sizes[0][0], b=sizes[0][1]) if sizes else ""
        return tr("a matrix product (@ or np.matmul) whose inner sizes differ{d}: is one of the matrices "
                  "transposed, or in the wrong order?",
                  "内側の大きさが合わない行列積（@ または np.matmul）です{d}。どちらかの転置や、掛ける順番を確認してください",
                  d=detail)
    if message.startswith("cannot reshape array"):
        found = re.search(r"of size (\d+) into shape " + _SHAPE, message)
        if found:
            return tr("an array of {n} elements cannot take the shape ({s}): the sizes must multiply to the same "
                      "count", "要素数 {n} の配列を形 ({s}) にはできません。形の大きさの積が要素数と同じでなければなりません",
                      n=found.group(1), s=found.group(2).replace(" ", ""))
    if "all the input array dimensions except for the concatenation axis must match" in message:
        return tr("the arrays joined do not match along the other axes: check the axis you join on, and each "
                  "array's shape", "結合する配列の、結合する軸以外の大きさが合いません。結合する軸と、それぞれの配列の形を確認してください")
    if "all the input arrays must have same number of dimensions" in message:
        return tr("the arrays joined have different numbers of dimensions (a vector and a matrix?)",
                  "結合する配列の次元の数が違います（ベクトルと行列を結合していませんか）")
    return None


def explain(error: dict, source: str) -> Optional[str]:
    """What to add to the message of the learner's exception, or None."""
    kind, message = str(error.get("type", "")), str(error.get("message", ""))[:2000]
    return did_you_mean(kind, message, source) or numpy_problem(kind, message)
