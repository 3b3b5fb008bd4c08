"""``grade notebook``: a ready-to-use ``.ipynb`` per exercise, for Jupyter and Colab.

Each notebook has: a first cell that loads the toolkit (and installs it where
it is missing, as on Colab), a bilingual introduction, the stub's code in a
``%%grade NAME`` cell, and a hint cell.  The notebook format (nbformat 4) is
plain JSON, written here without a dependency.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

from grader import registry

# The one place the project's public repository is named (the README says it too):
# a notebook opened where the toolkit is not installed (Colab) installs it from there.
REPOSITORY = "https://github.com/dl-course-toolkit/dl-course-toolkit"


def install_spec(source: Optional[str] = None) -> str:
    """What pip installs in a notebook's first cell: ``source`` (a fork, a wheel) or the repository.
    Without the [notebook] extra: a notebook has IPython already, and Colab pins its own version."""
    return source or f"dl-course-toolkit @ git+{REPOSITORY}"


def _cell(kind: str, text: str) -> dict:
    lines = text.splitlines(keepends=True)
    cell = {"cell_type": kind, "metadata": {}, "source": lines}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _setup(spec: str) -> str:
    return ("# Loads the grader; installs it first where it is missing (Colab).\n"
            "# 採点ツールを読み込みます。入っていない環境（Colab など）では先にインストールします。\n"
            "import importlib.util, subprocess, sys\n"
            "if importlib.util.find_spec(\"grader\") is None:\n"
            f"    subprocess.run([sys.executable, \"-m\", \"pip\", \"install\", \"-q\", {spec!r}], check=True)\n"
            "%load_ext grader\n")


def _intro(exercise: registry.Exercise) -> str:
    title_ja, title_en = exercise.title["ja"], exercise.title["en"]
    return (f"# {title_ja} / {title_en}\n\n"
            f"{exercise.section} · {exercise.source}\n\n"
            "下のセルの `___` を正しいコードに置き換えて、セルを実行してください。`%%grade` の行がそのセルを採点し、"
            "課題ごとの結果を表示します（採点は別のプロセスで行うので、無限ループでもノートブックは止まりません）。"
            "すべて合格すると、関数がこのノートブックでも使えるようになります。\n\n"
            "Replace each `___` in the cell below with your code, then run the cell. The `%%grade` line grades "
            "the cell and shows each task's result (the grading runs in a separate process: an endless loop "
            "cannot stop the notebook). Your functions are then defined in this notebook too.\n")


def _hint(slug: str) -> str:
    return (f"行き詰まったら次のセル（%grade_hint {slug}）を実行すると、ヒントが 1 つずつ表示されます。 / Stuck? Each run "
            f"of the next cell (%grade_hint {slug}) gives the next hint.\n")


def notebook(slug: str, stub_text: str, spec: Optional[str] = None) -> dict:
    """The notebook of exercise ``slug`` around the stub's code."""
    exercise = registry.get(slug)
    cells = [_cell("code", _setup(install_spec(spec))), _cell("markdown", _intro(exercise)),
             _cell("code", f"%%grade {slug}\n" + stub_text), _cell("markdown", _hint(slug)),
             _cell("code", f"%grade_hint {slug}\n")]
    for index, cell in enumerate(cells):
        cell["id"] = f"{slug}-{index}"
    return {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                        "language": "python"},
                                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def write(slugs: List[str], exercises_dir: Path, out: Path, spec: Optional[str] = None) -> List[Path]:
    """Write ``<slug>.ipynb`` into ``out`` for each slug; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for slug in slugs:
        stub = (exercises_dir / f"{slug}.py").read_text(encoding="utf-8")
        path = out / f"{slug}.ipynb"
        path.write_text(json.dumps(notebook(slug, stub, spec), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
    return written
