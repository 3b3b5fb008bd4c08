"""A small, safe evaluator for numeric answers such as ``sigmoid(x) * (1 - sigmoid(x))``.

The text is parsed with :mod:`ast` and only these are allowed: numbers, the
names a question's ``params`` define, ``+ - * / // ** %``, unary ``-`` and
``+``, parentheses, and the functions exp, log, sqrt, tanh, sigmoid, abs, min,
max, floor, ceil.  Anything else (attributes, subscripts, other names,
keywords, strings, comparisons, lambdas, ...) is refused before anything is
computed.  Nothing is ever passed to ``eval``.  Every value is a float, so a
huge power overflows at once instead of building a giant integer.
"""
from __future__ import annotations

import ast
import math
from typing import Callable, Dict, Iterable, Mapping, Optional, Tuple

from ..i18n import tr

MAX_LENGTH = 500
MAX_NODES = 200


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


# name -> (function, fewest arguments, most arguments or None for any)
FUNCTIONS: Dict[str, Tuple[Callable[..., float], int, Optional[int]]] = {
    "exp": (math.exp, 1, 1),
    "log": (math.log, 1, 1),
    "sqrt": (math.sqrt, 1, 1),
    "tanh": (math.tanh, 1, 1),
    "sigmoid": (_sigmoid, 1, 1),
    "abs": (abs, 1, 1),
    "floor": (math.floor, 1, 1),
    "ceil": (math.ceil, 1, 1),
    "min": (min, 2, None),
    "max": (max, 2, None),
}

_BINOPS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.FloorDiv: lambda a, b: a // b,
    ast.Mod: lambda a, b: a % b,
    ast.Pow: lambda a, b: a ** b,
}
_SYMBOLS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/",
            ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**"}


class ExprError(ValueError):
    """An expression that is not allowed, or that cannot be computed."""


class Expr:
    """A checked expression; :meth:`evaluate` computes it for given names."""

    def __init__(self, text: str, tree: ast.Expression, names: Tuple[str, ...]):
        self.text = text
        self._tree = tree
        self.names = names  # the parameter names it uses, in order of use

    @property
    def is_constant(self) -> bool:
        return not self.names

    def evaluate(self, values: Mapping[str, float] = {}) -> float:
        try:
            result = _eval(self._tree.body, values)
        except ZeroDivisionError:
            raise ExprError(tr("division by zero", "0 で割っています")) from None
        except OverflowError:
            raise ExprError(tr("the result is too large", "結果が大きすぎます")) from None
        except ValueError:  # math domain errors: log(0), sqrt(-1)
            raise ExprError(tr("outside a function's domain (such as log(0) or sqrt(-1))",
                               "関数の定義域の外です（log(0) や sqrt(-1) など）")) from None
        if isinstance(result, complex) or not math.isfinite(result):
            raise ExprError(tr("the result is not a finite real number", "結果が有限の実数になりません"))
        return float(result)

    def __repr__(self) -> str:
        return f"Expr({self.text!r})"


def compile_expr(text: str, names: Iterable[str] = ()) -> Expr:
    """Check ``text`` and return an :class:`Expr`; raise :class:`ExprError`
    saying what is not allowed."""
    allowed = set(names)
    text = text.strip()
    if not text:
        raise ExprError(tr("the expression is empty", "式が空です"))
    if len(text) > MAX_LENGTH:
        raise ExprError(tr("the expression is longer than {n} characters", "式が {n} 文字を超えています",
                           n=MAX_LENGTH))
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExprError(tr("not a valid expression ({m})", "式として読めません（{m}）", m=exc.msg)) from None
    except (ValueError, RecursionError, MemoryError):
        raise ExprError(tr("not a valid expression", "式として読めません")) from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise ExprError(tr("the expression has more than {n} parts", "式の要素が {n} を超えています",
                           n=MAX_NODES))
    called = {id(n.func) for n in nodes if isinstance(n, ast.Call)}
    used = []
    for node in nodes:
        _check_node(node, allowed)
        if isinstance(node, ast.Name) and node.id in FUNCTIONS and id(node) not in called:
            raise ExprError(tr("{f} is a function: call it, as in {f}(x)", "{f} は関数です。{f}(x) のように呼んでください",
                               f=node.id))
        if isinstance(node, ast.Name) and node.id not in FUNCTIONS and node.id not in used:
            used.append(node.id)
    return Expr(text, tree, tuple(used))


_NOT_ALLOWED = {
    "Attribute": ("attribute access (a.b)", "属性の参照（a.b）"),
    "Subscript": ("indexing (a[i])", "添字（a[i]）"),
    "Compare": ("comparisons", "比較"),
    "BoolOp": ("and / or", "and / or"),
    "IfExp": ("if ... else", "if ... else"),
    "Lambda": ("lambda", "lambda"),
    "Tuple": ("tuples (a, b)", "タプル（a, b）"),
    "List": ("lists", "リスト"),
}


def _check_node(node: ast.AST, allowed: set) -> None:
    if isinstance(node, (ast.Expression, ast.Load, ast.BinOp, ast.USub, ast.UAdd)) or type(node) in _BINOPS:
        return
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            raise ExprError(tr("only unary - and + are allowed", "単項演算子は - と + だけです"))
        return
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ExprError(tr("{v!r} is not a number", "{v!r} は数ではありません", v=value))
        return
    if isinstance(node, ast.Name):
        if node.id not in FUNCTIONS and node.id not in allowed:
            known = ", ".join(sorted(allowed)) or "-"
            raise ExprError(tr("unknown name '{n}' (params defines: {k})",
                               "不明な名前「{n}」（params にあるのは {k}）", n=node.id, k=known))
        return
    if isinstance(node, ast.Call):
        func = node.func
        if not isinstance(func, ast.Name) or func.id not in FUNCTIONS:
            raise ExprError(tr("only these functions may be called: {f}", "呼べる関数は {f} だけです",
                               f=", ".join(FUNCTIONS)))
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise ExprError(tr("{f}() takes plain arguments only", "{f}() には普通の引数だけを渡してください",
                               f=func.id))
        _fn, least, most = FUNCTIONS[func.id]
        count = len(node.args)
        if count < least or (most is not None and count > most):
            want = str(least) if most == least else f"{least}+"
            raise ExprError(tr("{f}() takes {w} argument(s), not {c}", "{f}() の引数は {w} 個です（いまは {c} 個）",
                               f=func.id, w=want, c=count))
        return
    name = type(node).__name__
    en, ja = _NOT_ALLOWED.get(name, (name, name))
    raise ExprError(tr("{w} is not allowed in an answer expression", "答えの式に {j} は使えません", w=en, j=ja))


def _eval(node: ast.AST, values: Mapping[str, float]) -> float:
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return float(values[node.id])
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left = _eval(node.left, values)
        right = _eval(node.right, values)
        return _BINOPS[type(node.op)](left, right)
    if isinstance(node, ast.Call):
        fn = FUNCTIONS[node.func.id][0]  # type: ignore[attr-defined]
        return float(fn(*[_eval(a, values) for a in node.args]))
    raise ExprError(type(node).__name__)  # pragma: no cover (refused by _check_node)
