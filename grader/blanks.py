"""Blanks in a stub, and the code a learner typed into them.

A blank is the name ``___`` (three underscores) in a stub.  Blanks are
numbered 1, 2, ... in the order they appear in the file.  Reading a file here
never runs it: the grader only tokenizes and parses the learner's text.
"""
from __future__ import annotations

import ast
import io
import tokenize
from typing import Dict, Iterable, List, Mapping, Optional, Tuple

BLANK = "___"


def find_blanks(source: str) -> List[Tuple[int, int, int]]:
    """(number, line, column) of every blank left in ``source``."""
    found = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.NAME and tok.string == BLANK:
                found.append((len(found) + 1, tok.start[0], tok.start[1]))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return found


def blank_lines(source: str) -> Dict[int, int]:
    """Line of each blank -> its number (the first blank on a line wins)."""
    lines: Dict[int, int] = {}
    for number, line, _col in find_blanks(source):
        lines.setdefault(line, number)
    return lines


def fill_blanks(stub: str, fills: Mapping[int, str]) -> str:
    """``stub`` with blank N replaced by ``fills[N]`` (blanks not named stay)."""
    blanks = find_blanks(stub)
    lines = stub.splitlines(keepends=True)
    for number, line, col in reversed(blanks):
        if number in fills:
            text = lines[line - 1]
            lines[line - 1] = text[:col] + fills[number] + text[col + len(BLANK):]
    return "".join(lines)


def _normal(expr: str) -> Optional[str]:
    try:
        node = ast.parse(expr.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError):
        return None
    return ast.dump(node)


def statement_expressions(source: str) -> Optional[set]:
    """Normalized form of each whole expression in ``source``: the value of an
    assignment, an augmented assignment, a return or an expression statement.
    None when the text does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return None
    found = set()
    try:
        for node in ast.walk(tree):
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Expr)):
                if getattr(node, "value", None) is not None:
                    found.add(ast.dump(node.value))
                    if isinstance(node, ast.AugAssign):
                        # `c += x` typed where `c = c + x` was meant counts as its expression too
                        found.add(ast.dump(ast.BinOp(left=ast.Name(id=node.target.id, ctx=ast.Load()),
                                                     op=node.op, right=node.value))
                                  if isinstance(node.target, ast.Name) else ast.dump(node.value))
    except RecursionError:
        return None
    return found


def typed_any(source_exprs: Optional[set], snippets: Iterable[str]) -> Optional[str]:
    """The first of ``snippets`` that appears as a whole expression, else None."""
    if not source_exprs:
        return None
    for snippet in snippets:
        normal = _normal(snippet)
        if normal is not None and normal in source_exprs:
            return snippet
    return None
