"""Comparing a learner's output with the expected one, with messages that teach.

:func:`expect` compares plain data (arrays, numbers, tuples, lists, dicts) and
raises :class:`TaskFailed` saying what differs: the type, the dtype, the shape,
or the largest difference and where.  Known mistakes' outputs are compared
too: a match with the expected output always wins; otherwise a match with a
catalogued mistake names it.  :func:`check_call` runs one function on both
solutions and compares.
"""
from __future__ import annotations

from typing import Any, Callable, List, Optional, Sequence, Union

import numpy as np

from grader.i18n import tr
from grader.mistakes import Mistake, predictions
from grader.outcome import TaskFailed

NUMBER_TYPES = (int, float, np.integer, np.floating)


def _is_number(x: Any) -> bool:
    return isinstance(x, NUMBER_TYPES) and not isinstance(x, (bool, np.bool_))


def _type_word(x: Any) -> str:
    if isinstance(x, np.ndarray):
        return tr("an array of shape {s}", "形 {s} の配列", s=x.shape)
    return type(x).__name__


def difference(got: Any, want: Any, name: str, rtol: float, atol: float,
               parts: Sequence[str] = ()) -> Optional[str]:
    """None when ``got`` matches ``want``; else a message saying what differs.
    ``parts`` names the items of a tuple output, e.g. ("c", "h").  With
    ``rtol`` None only the types, dtypes and shapes are compared."""
    if isinstance(want, (tuple, list)):
        if not isinstance(got, (tuple, list)):
            return tr("{name} should be a tuple of {n} values, but your function returned {t}",
                      "{name} は {n} 個の値のタプルのはずですが、戻り値は {t} でした",
                      name=name, n=len(want), t=_type_word(got))
        if len(got) != len(want):
            return tr("{name} should hold {n} values, but yours holds {m}",
                      "{name} は {n} 個の値を持つはずですが、{m} 個でした", name=name, n=len(want), m=len(got))
        for i, (g, w) in enumerate(zip(got, want)):
            part = parts[i] if i < len(parts) else f"{name}[{i}]"
            problem = difference(g, w, part, rtol, atol)
            if problem:
                return problem
        return None
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return tr("{name} should be a dict, but your function returned {t}",
                      "{name} は辞書のはずですが、戻り値は {t} でした", name=name, t=_type_word(got))
        if set(got) != set(want):
            return tr("{name} should have the keys {w}, but has {g}", "{name} のキーは {w} のはずですが、{g} でした",
                      name=name, w=sorted(want), g=sorted(got))
        for key in want:
            problem = difference(got[key], want[key], f"{name}[{key!r}]", rtol, atol)
            if problem:
                return problem
        return None
    if isinstance(want, np.ndarray):
        return _array_difference(got, want, name, rtol, atol)
    if _is_number(want):
        if isinstance(got, np.ndarray) and got.shape == ():
            got = got[()]
        if not _is_number(got):
            return tr("{name} should be a number, but your function returned {t}",
                      "{name} は数値のはずですが、戻り値は {t} でした", name=name, t=_type_word(got))
        if isinstance(got, np.floating) and got.dtype != np.float64 and not isinstance(want, (int, np.integer)):
            return tr("{name} is a {g} number, but every value of this course is float64: a {g} keeps about "
                      "{d} significant digits", "{name} が {g} の数値ですが、この講座の値はすべて float64 です。"
                      "{g} では有効数字が約 {d} 桁しか残りません",
                      name=name, g=got.dtype, d=np.finfo(got.dtype).precision)
        if isinstance(want, (int, np.integer)) and not isinstance(got, (int, np.integer)):
            return tr("{name} is {g!r}, a {t}, but an integer ({w}) is expected: use // for integer division, "
                      "or int()", "{name} が {g!r}（{t} 型）ですが、整数（{w}）が必要です。整数の割り算 // か int() を使ってください",
                      name=name, g=got, t=type(got).__name__, w=want)
        if rtol is not None and not np.isclose(float(got), float(want), rtol=rtol, atol=atol, equal_nan=True):
            return tr("{name} is {g:.6g}, expected {w:.6g}", "{name} が {g:.6g} でした（期待値 {w:.6g}）",
                      name=name, g=float(got), w=float(want))
        return None
    if got != want:
        return tr("{name} is {g!r}, expected {w!r}", "{name} が {g!r} でした（期待値 {w!r}）", name=name, g=got, w=want)
    return None


def _isclose(g: np.ndarray, w: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    """np.isclose(g, w, rtol, atol, equal_nan=True) for two float64 arrays of one shape: its very
    formula, without its conversions and checks (a tenth of its time on the small arrays of a check)."""
    with np.errstate(invalid="ignore"):
        close = (np.abs(g - w) <= atol + rtol * np.abs(w)) & np.isfinite(w) | (g == w)
        close |= np.isnan(g) & np.isnan(w)
    return close


def _array_difference(got: Any, want: np.ndarray, name: str, rtol: float, atol: float) -> Optional[str]:
    if not isinstance(got, np.ndarray):
        if want.shape == () and _is_number(got):
            got = np.asarray(got)
        else:
            return tr("{name} should be a NumPy array of shape {s}, but your function returned {t}",
                      "{name} は形 {s} の NumPy 配列のはずですが、戻り値は {t} でした",
                      name=name, s=want.shape, t=_type_word(got))
    if want.dtype.kind == "f" and got.dtype.kind not in "f":
        return tr("{name} has dtype {g}, but a floating-point array is expected: an integer or bool "
                  "array loses the fractions (look for np.zeros(..., dtype=int) or integer inputs)",
                  "{name} の dtype が {g} ですが、浮動小数点の配列が必要です。整数や bool の配列では小数が失われます"
                  "（np.zeros(..., dtype=int) などを確認してください）", name=name, g=got.dtype)
    if want.dtype == np.float64 and got.dtype.kind == "f" and got.dtype != np.float64:
        return tr("{name} has dtype {g}, but every array of this course is float64: a {g} array keeps about "
                  "{d} significant digits (look for astype({g}), dtype={g} or a {g} constant)",
                  "{name} の dtype が {g} ですが、この講座の配列はすべて float64 です。{g} では有効数字が約 {d} 桁しか"
                  "残りません（astype({g})、dtype={g}、{g} の定数などを確認してください）",
                  name=name, g=got.dtype, d=np.finfo(got.dtype).precision)
    if got.shape != want.shape:
        return tr("{name} has shape {g}, expected {w}: check which axis you joined or summed over, "
                  "and which matrix is transposed",
                  "{name} の形が {g} でした（期待値 {w}）。結合・和をとった軸や、どの行列を転置したかを確認してください",
                  name=name, g=got.shape, w=want.shape)
    if rtol is None:  # form only
        return None
    g = got.astype(np.float64)
    w = want.astype(np.float64)
    bad_nan = np.isnan(g) & ~np.isnan(w)
    if bad_nan.any():
        idx = tuple(int(i) for i in np.argwhere(bad_nan)[0])
        return tr("{name} contains NaN (first at index {i}, where {w:.6g} is expected): look for a division by "
                  "zero, the log of 0, or an overflow", "{name} に NaN が含まれます（最初は添字 {i}、期待値は {w:.6g}）。"
                  "0 での割り算、log(0)、オーバーフローがないか確認してください", name=name, i=idx, w=w[idx])
    close = _isclose(g, w, rtol, atol)
    if close.all():
        return None
    diff = np.where(close, 0.0, np.abs(g - w))
    diff = np.where(np.isnan(diff), np.inf, diff)
    idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(diff)), g.shape))
    return tr("{name} differs from the expected values in {k} of {n} entries; the largest difference is "
              "{d:.3g} at index {i} (yours {gv:.6g}, expected {wv:.6g})",
              "{name} は {n} 要素中 {k} 要素が期待値と異なります。最大の差は添字 {i} の {d:.3g}"
              "（あなたの値 {gv:.6g}、期待値 {wv:.6g}）",
              name=name, k=int((~close).sum()), n=close.size, d=float(diff[idx]), i=idx,
              gv=float(g[idx]), wv=float(w[idx]))


def _when(case: str) -> str:
    """"With <case>: " ("<case> のとき: ", without a space after a full-width bracket)."""
    if not case:
        return ""
    space = "" if case[-1] in "）」』" else " "
    return tr("With {case}: ", "{case}{space}のとき: ", case=case, space=space)


def expect(got: Any, want: Any, *, name: str, rtol: float = 1e-6, atol: float = 1e-9, parts: Sequence[str] = (),
           candidates: Union[Sequence[tuple], Callable[[], Sequence[tuple]]] = (), case: str = "",
           look_at: Union[str, Callable[[], str]] = "") -> None:
    """Raise TaskFailed unless ``got`` matches ``want``; ``candidates`` are
    (mistake, its output) pairs checked when it does not.  A mistake is named
    only when it is the one candidate matching ``got``.  ``candidates`` and
    ``look_at`` may be functions that give them: they are called only when
    ``got`` does not match, so a right answer costs no prediction of a mistake."""
    problem = difference(got, want, name, rtol, atol, parts)
    if problem is None:
        return
    prefix = _when(case)
    stop = tr(".", "。")
    if callable(candidates):
        candidates = candidates()
    if callable(look_at):
        look_at = look_at()
    candidates = _not_the_reference(candidates, want, name, rtol, atol, parts)
    matches = [m for m, wrong in candidates if difference(got, wrong, name, rtol, atol, parts) is None]
    if len({m.id for m in matches}) == 1:
        raise TaskFailed(f"{prefix}{problem}{stop}\n{matches[0].message()}", matches[0])
    # No match, or several mistakes give this same output on these inputs: the
    # output cannot tell which, so the engine looks at the code typed instead.
    advice = f"\n{look_at}" if look_at else ""
    raise TaskFailed(f"{prefix}{problem}{stop}{advice}")


# Catalogued mistakes whose output the reference itself gives (an instructor's
# reference in another convention): they are not named.  Which mistakes matched
# the reference, and which did not, is kept for the engine, which says in the
# report that the reference differs from the course's where a mistake matched
# it on every comparison (a match on one special input alone is a coincidence).
_like_reference: List[Mistake] = []
_unlike_reference: List[Mistake] = []


def _not_the_reference(candidates, want, name, rtol, atol, parts):
    kept = []
    for mistake, wrong in candidates:
        if difference(wrong, want, name, rtol, atol, parts) is None:
            if mistake not in _like_reference:
                _like_reference.append(mistake)
        else:
            if mistake not in _unlike_reference:
                _unlike_reference.append(mistake)
            kept.append((mistake, wrong))
    return kept


def take_like_reference():
    """(the mistakes that gave the reference's output, those that did not) since the last call."""
    found = (list(_like_reference), list(_unlike_reference))
    _like_reference.clear()
    _unlike_reference.clear()
    return found


def expect_form(got: Any, want: Any, *, name: str, parts: Sequence[str] = (), case: str = "") -> None:
    """Raise TaskFailed unless ``got`` has the type, dtype and shape of ``want``
    (its values are not compared)."""
    problem = difference(got, want, name, None, None, parts)
    if problem is not None:
        prefix = _when(case)
        raise TaskFailed(f"{prefix}{problem}{tr('.', '。')}")


def check_call(sub, ref, func: str, *args, name: Optional[str] = None, parts: Sequence[str] = (),
               rtol: float = 1e-6, atol: float = 1e-9, mistakes: Sequence[Mistake] = (), case: str = "",
               look_at: str = "", **kwargs) -> Any:
    """Call ``func`` on the reference and the learner's solution with the same
    inputs, compare the outputs, and return the learner's."""
    want = ref.call(func, *args, **kwargs)
    got = sub.call(func, *args, **kwargs)
    expect(got, want, name=name or tr("the output of {f}", "{f} の出力", f=func), rtol=rtol, atol=atol, parts=parts,
           candidates=lambda: predictions(mistakes, func, args, kwargs), case=case, look_at=look_at)
    return got


def check_repeatable(sub, ref, func: str, calls: Sequence[tuple], *, name: Optional[str] = None,
                     parts: Sequence[str] = (), rtol: float = 1e-6, atol: float = 1e-9,
                     mistakes: Sequence[Mistake] = (), look_at: str = "") -> None:
    """Call ``func`` with each argument tuple of ``calls`` in turn, then again in
    the reverse order, comparing every output with the reference's on the same
    arguments: a function that keeps state between calls (a module-level
    variable, a default list, a cache) gives another output some time."""
    label = name or tr("the output of {f}", "{f} の出力", f=func)
    order = list(range(len(calls))) + list(reversed(range(len(calls))))
    wants = {i: ref.call(func, *calls[i]) for i in range(len(calls))}
    seen: dict = {}
    for turn, i in enumerate(order):
        got = sub.call(func, *calls[i])
        wrong = difference(got, wants[i], label, rtol, atol, parts) is not None
        changed = i in seen and difference(got, seen[i], label, rtol, atol, parts) is not None
        seen.setdefault(i, got)
        if not wrong:
            continue
        look = look_at
        # state kept between calls shows as: another output for the same arguments, the output of
        # another call's arguments (a cache), or the first arguments no longer right
        changed = changed or any(j != i and difference(got, wants[j], label, rtol, atol, parts) is None
                                 for j in wants)
        if not changed:
            again = sub.call(func, *calls[i])
            changed = difference(again, got, label, rtol, atol, parts) is not None
        if not changed and turn > 0:
            probe = sub.call(func, *calls[order[0]])
            changed = difference(probe, wants[order[0]], label, rtol, atol, parts) is not None
        if changed:
            look = tr("Your function's output depends on what it was called with before: the same arguments gave "
                      "another output on another call. Does it keep something between calls (a module-level "
                      "variable, a default list or dict, a cache)? Each call must start from its arguments alone.",
                      "出力が、前に何を渡して呼んだかで変わっています。同じ引数でも、別の回の呼び出しでは別の出力に"
                      "なりました。呼び出しのあいだで何かを持ち越していませんか（モジュールの変数、既定値のリストや辞書、"
                      "キャッシュ）。毎回、引数だけから計算してください。")
        case = tr("call {k} of {n} (the same shapes, other values)", "{n} 回中 {k} 回目の呼び出し（同じ形で別の値）",
                  k=turn + 1, n=len(order))
        expect(got, wants[i], name=label, rtol=rtol, atol=atol, parts=parts,
               candidates=predictions(mistakes, func, calls[i], {}), case=case, look_at=look)
        return
    return


def check_unchanged(sub, func: str, args: Sequence, *, keep: Sequence[int] = (), kwargs: Optional[dict] = None,
                    names: Sequence[str] = ()) -> Any:
    """Call ``func`` on arguments held in the learner's process and check that it
    left them as they were (a function that returns new arrays must not change
    its inputs in place); ``keep`` are the positions it may change.  Returns
    the learner's output."""
    held = [sub.put(a) if isinstance(a, np.ndarray) else a for a in args]
    out = sub.call(func, *held, **(kwargs or {}))
    for index, (before, ref) in enumerate(zip(args, held)):
        if index in keep or not isinstance(before, np.ndarray):
            continue
        after = sub.get(ref)
        if not (isinstance(after, np.ndarray) and after.shape == before.shape
                and np.array_equal(after, before, equal_nan=True)):
            label = names[index] if index < len(names) else tr("argument {i}", "{i} 番目の引数", i=index + 1)
            raise TaskFailed(tr(
                "{f} changed its input {a} in place: it must return new arrays and leave its arguments as they "
                "were (the caller may still need them); write x = x + ... instead of x += ..., or copy first",
                "{f} が入力 {a} をその場で書き換えました。新しい配列を返し、引数はそのまま残してください"
                "（呼び出し側がまだ使うかもしれません）。x += ... ではなく x = x + ... と書くか、先にコピーしてください",
                f=func, a=label))
    return out


def shape_case(**arrays) -> str:
    """A short description of the inputs, e.g. "x (3, 5), h (3, 4)"."""
    return ", ".join(f"{k} {tuple(v.shape) if hasattr(v, 'shape') else v}" for k, v in arrays.items())
