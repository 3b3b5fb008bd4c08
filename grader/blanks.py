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


def statement_expressions(source: str) -> Optional[Dict[Optional[str], set]]:
    """Normalized form of each whole expression in ``source`` (the value of an
    assignment, an augmented assignment, a return or an expression statement),
    grouped by the top-level function or class they are in (None: module
    level).  None when the text does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return None
    found: Dict[Optional[str], set] = {}
    try:
        for top in tree.body:
            scope = top.name if isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else None
            bucket = found.setdefault(scope, set())
            for node in ast.walk(top):
                if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Expr)):
                    if getattr(node, "value", None) is not None:
                        bucket.add(ast.dump(node.value))
    except RecursionError:
        return None
    return found


def typed_any(source_exprs: Optional[Dict[Optional[str], set]], snippets: Iterable[str],
              scope: Optional[str] = None) -> Optional[str]:
    """The first of ``snippets`` that appears as a whole expression (inside the
    top-level function or class ``scope`` when given), else None."""
    if not source_exprs:
        return None
    if scope is not None:
        pool = source_exprs.get(scope, set())
    else:
        pool = set().union(*source_exprs.values())
    for snippet in snippets:
        normal = _normal(snippet)
        if normal is not None and normal in pool:
            return snippet
    return None
