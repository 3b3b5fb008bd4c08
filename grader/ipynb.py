"""A Jupyter notebook (``.ipynb``) as a submission: the Python code of its code cells.

A notebook is JSON (nbformat 4, or 3's worksheets), read here as plain JSON
without nbformat.  Its code is what the kernel would run, as one module:

- markdown and raw cells do not count;
- where code cells start with ``%%grade NAME`` for the exercise graded (for
  any exercise, when none is named), only those cells count (the notebooks of
  ``grade notebook`` have one); otherwise every code cell counts, except
  ``%%grade`` cells of other exercises;
- a cell magic whose body is Python (``%%grade``, ``%%time``, ``%%timeit``,
  ``%%capture``, ...) loses only its first line; a cell of any other cell magic
  (``%%bash``, ``%%writefile``, ``%%html``, ...) is left out;
- line magics (``%matplotlib inline``), shell lines (``!pip install``) and help
  lines (``np.dot?``) at the start of a statement are blanked out.

A blanked line keeps its place (an empty line, or ``pass`` where it was
indented), so each line of the code is a line of one cell and
:meth:`NotebookCode.where` names it as the learner sees it: "cell 3, line 2".
Cells are counted from 1 in notebook order, markdown cells included; a cell's
line 1 is its first line, a ``%%grade`` line included (as Jupyter numbers it).
Nothing here runs the code.
"""
from __future__ import annotations

import bisect
import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Tuple

from grader.i18n import tr

# cell magics that run their body as Python in the kernel
PYTHON_BODY = frozenset({"grade", "time", "timeit", "capture", "prun", "python", "python3", "debug"})
_HELP = re.compile(r"^\s*(\?{1,2}[A-Za-z_][\w.]*|[A-Za-z_][\w.]*\?{1,2})\s*$")


class NotebookProblem(Exception):
    """The file is not a notebook that can be read (one line, naming the file)."""


@dataclass
class NotebookCode:
    """The code of a notebook and, for each cell in it, its first line and number."""

    text: str = ""
    starts: List[int] = field(default_factory=list)    # first line of each included cell in ``text``
    numbers: List[int] = field(default_factory=list)   # that cell's number in the notebook (from 1)

    def where(self, line: int) -> str:
        """Line ``line`` of :attr:`text` as the learner finds it: cell and line in the cell."""
        index = bisect.bisect_right(self.starts, line) - 1
        if index < 0:
            return tr("line {l}", "{l} 行目", l=line)
        return tr("cell {c}, line {l}", "セル {c} の {l} 行目", c=self.numbers[index], l=line - self.starts[index] + 1)


def load_cells(path: Path) -> List[Tuple[int, str, str]]:
    """(number, cell type, source) of every cell of the notebook at ``path``."""
    try:
        raw = Path(path).read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as exc:
        raise NotebookProblem(tr("cannot read {f}: {e}", "{f} を読めません: {e}", f=path, e=exc.strerror)) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise NotebookProblem(tr("{f} is not a readable notebook: {e} at line {l}, column {c}",
                                 "{f} はノートブックとして読めません: {l} 行目 {c} 文字目で {e}",
                                 f=path, e=exc.msg, l=exc.lineno, c=exc.colno)) from None
    except RecursionError:
        raise NotebookProblem(tr("{f} is not a readable notebook: nested too deeply",
                                 "{f} はノートブックとして読めません: 入れ子が深すぎます", f=path)) from None
    cells, key = (data.get("cells"), "source") if isinstance(data, dict) else (None, "source")
    if cells is None and isinstance(data, dict) and isinstance(data.get("worksheets"), list):   # nbformat 3
        cells, key = [c for w in data["worksheets"] if isinstance(w, dict) for c in w.get("cells") or []], "input"
    if not isinstance(cells, list):
        raise NotebookProblem(tr("{f} is not a Jupyter notebook: it has no list of cells",
                                 "{f} は Jupyter のノートブックではありません: セルの一覧がありません", f=path))
    found = []
    for number, cell in enumerate(cells, start=1):
        source = cell.get(key, "") if isinstance(cell, dict) else None
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise NotebookProblem(tr("{f}: cell {n} is malformed (its source is not text)",
                                     "{f}: セル {n} の形式が不正です（ソースが文字列ではありません）", f=path, n=number))
        found.append((number, str(cell.get("cell_type", "")), source))
    return found


def _lines(source: str) -> List[str]:
    """The lines of a cell's source, broken where Python breaks them (not at form feeds and the like)."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def _cell_magic(lines: List[str]) -> Tuple[Optional[str], str, int]:
    """The cell magic of a cell (name, rest of its line, index of its line), or (None, "", -1)."""
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if line.startswith("%%"):
            name, _, rest = line[2:].partition(" ")
            return name.strip(), rest.strip(), index
        break
    return None, "", -1


def grade_name(rest: str) -> Optional[str]:
    """The exercise a ``%%grade`` line names (its first argument that is not an option), as typed."""
    try:
        words = shlex.split(rest)
    except ValueError:
        return None
    names = [w for w in words if not w.startswith("-")]
    return names[0] if names else None


def _slug(name: Optional[str]) -> Optional[str]:
    from grader.names import resolve

    try:
        return resolve(name) if name else None
    except KeyError:
        return None


def graded_exercises(path: Path) -> List[str]:
    """The exercises the ``%%grade`` cells of the notebook at ``path`` name (none when it cannot be read)."""
    try:
        cells = load_cells(path)
    except NotebookProblem:
        return []
    found = []
    for _number, kind, source in cells:
        name, rest, _ = _cell_magic(_lines(source)) if kind == "code" else (None, "", -1)
        slug = _slug(grade_name(rest)) if name == "grade" else None
        if slug and slug not in found:
            found.append(slug)
    return found


def _scan(line: str, depth: int, quote: Optional[str]) -> Tuple[int, Optional[str], bool]:
    """Brackets and strings open after ``line``, and whether it ends in a backslash continuation."""
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if line.startswith(quote, i):
                i, quote = i + len(quote), None
                continue
        elif ch == "#":
            return depth, None, False
        elif ch in "\"'":
            quote = ch * 3 if line.startswith(ch * 3, i) else ch
            i += len(quote)
            continue
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(depth - 1, 0)
        i += 1
    ends_in_backslash = line.endswith("\\")
    if quote and len(quote) == 1 and not ends_in_backslash:
        quote = None   # an unclosed string: Python reports it
    return depth, quote, ends_in_backslash and not quote


def _ipython_line(line: str) -> bool:
    stripped = line.lstrip()
    return stripped.startswith(("%", "!")) or bool(_HELP.match(line))


def python_lines(lines: List[str]) -> List[str]:
    """``lines`` with each IPython-only line (magic, shell, help) that starts a statement blanked out."""
    out = []
    depth, quote, continued = 0, None, False
    for line in lines:
        if depth == 0 and quote is None and not continued and _ipython_line(line):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(indent + "pass" if indent else "")
            continue
        out.append(line)
        depth, quote, continued = _scan(line, depth, quote)
    return out


def notebook_code(path: Path, slug: Optional[str] = None) -> NotebookCode:
    """The code of the notebook at ``path`` to grade as exercise ``slug`` (see the module's text)."""
    chosen = []   # (number, lines) of the cells that count
    others = []
    for number, kind, source in load_cells(path):
        if kind != "code":
            continue
        lines = _lines(source)
        name, rest, at = _cell_magic(lines)
        if name is not None and name not in PYTHON_BODY:
            continue   # %%bash, %%writefile, %%html, ...: not Python run in the kernel
        if name is not None:
            lines = lines[:at] + [""] + lines[at + 1:]
        graded = _slug(grade_name(rest)) if name == "grade" else None
        if graded is not None and slug in (None, graded):
            chosen.append((number, lines))
        elif graded is None:
            others.append((number, lines))
    code = NotebookCode()
    parts: List[str] = []
    line = 1
    for number, lines in chosen or others:
        lines = python_lines(lines)
        code.starts.append(line)
        code.numbers.append(number)
        parts.append("\n".join(lines) + "\n")
        line += max(len(lines), 1)
    code.text = "".join(parts)
    return code
