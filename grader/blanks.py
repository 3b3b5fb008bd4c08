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


def stub_numbers(stub: str, source: str) -> Dict[int, int]:
    """Line of each blank left in ``source`` -> the number that blank has in
    ``stub`` (the stub's own "blank (4)" stays 4 when 1 to 3 are filled in).
    The learner's lines are matched to the stub's by content (difflib); a
    blank whose line cannot be matched keeps its number among those left."""
    import difflib

    stub_blanks = find_blanks(stub)
    left = find_blanks(source)
    if not stub_blanks:
        return blank_lines(source)
    stub_lines, lines = stub.splitlines(), source.splitlines()
    by_stub_line: Dict[int, List[int]] = {}
    for number, line, _col in stub_blanks:
        by_stub_line.setdefault(line, []).append(number)
    to_stub: Dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, [l.strip() for l in stub_lines], [l.strip() for l in lines],
                                      autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and a1 - a0 == b1 - b0):
            for offset in range(b1 - b0):
                to_stub[b0 + offset + 1] = a0 + offset + 1
    found: Dict[int, int] = {}
    for number, line, _col in left:
        if line in found:
            continue
        stub_line = to_stub.get(line)
        numbers = by_stub_line.get(stub_line, []) if stub_line else []
        if numbers and len(numbers) == sum(1 for _n, l, _c in left if l == line):
            found[line] = numbers[0]
        elif numbers:
            # some blanks of this line are filled: the first left is the first not typed
            found[line] = numbers[-sum(1 for _n, l, _c in left if l == line)]
        else:
            found[line] = number
    return found


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
