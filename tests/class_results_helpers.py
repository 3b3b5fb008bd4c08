"""A hand-made class run's results.jsonl for the tests of grade report and its files.

Every row is written out here by hand, in the form grader.results documents, and
EXPECTED says by hand what each learner x exercise must come to (the last row of a
pair wins).  Exercises: lstm and rnn (10 points each); rnn comes first in the course,
lstm's rows come first in the file.
"""
from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Dict, List, Tuple

HOSTILE = '<script>alert("x")</script> & \'q\''
FORMULA = "=HYPERLINK(\"http://evil\",\"x\")"


def task(name: str, status: str, score: float, max_score: float, message: str = "", mistake: str = "") -> dict:
    data = {"name": name, "status": status, "score": score, "max_score": max_score, "message": message,
            "title": f"task {name}"}
    if mistake:
        data["mistake"] = mistake
    return data


def graded(learner: str, exercise: str, *tasks: dict, seconds: float = 0.25) -> dict:
    return {"learner": learner, "exercise": exercise, "file": f"{learner}/{exercise}.py", "hash": "h",
            "exercise_file": f"{learner}/{exercise}.py",
            "passed": all(t["status"] == "passed" for t in tasks), "score": sum(t["score"] for t in tasks),
            "max_score": sum(t["max_score"] for t in tasks), "tests": list(tasks), "title": exercise,
            "seed": 0, "seconds": seconds}


def missing(learner: str, exercise: str) -> dict:
    return {"learner": learner, "exercise": exercise, "missing": True, "hash": "h"}


def failed_run(learner: str, exercise: str, error: str) -> dict:
    return {"learner": learner, "exercise": exercise, "file": f"{learner}/{exercise}.py", "hash": "h",
            "passed": False, "score": 0, "max_score": 10, "tests": [], "error": error}


UNNAMED_A = ("With x (2, 3): c differs from the expected values in 8 of 8 entries (yours 1.36255, expected -0.560197)."
             "\nLook at blank (1).")
UNNAMED_B = ("With x (2, 3): c differs from the expected values in 5 of 8 entries (yours 0.5, expected 2.25)."
             "\nLook at blank (1).")
MISTAKE_MSG = "c differs.\nThis is a known mistake: the two terms multiplied instead of added."

ROWS: List[dict] = [
    graded("山田 太郎", "lstm", task("shapes", "passed", 2, 2), task("values", "failed", 0, 8, UNNAMED_A)),
    graded("佐藤 花子", "lstm", task("shapes", "passed", 2, 2),
           task("values", "failed", 0, 4, MISTAKE_MSG, "product-not-sum"),
           task("repeatable", "failed", 0, 4, MISTAKE_MSG, "product-not-sum")),
    graded("alice", "lstm", task("shapes", "passed", 2, 2), task("values", "failed", 0, 4, UNNAMED_A),
           task("repeatable", "failed", 0, 4, "the same problem as above")),
    graded("bob", "lstm", task("shapes", "passed", 2, 2), task("values", "failed", 0, 4, UNNAMED_B),
           task("repeatable", "passed", 4, 4)),
    graded(HOSTILE, "lstm", task("shapes", "error", 0, 2, "NameError <b>&amp;\x00\x1b[31m\x07 ouch\nsecond line"),
           task("values", "error", 0, 8, "not run")),
    graded(FORMULA, "lstm", task("shapes", "passed", 2, 2), task("values", "passed", 8, 8)),
    graded("山田 太郎", "rnn", task("forward", "passed", 6, 6), task("shapes", "passed", 4, 4), seconds=0.5),
    missing("佐藤 花子", "rnn"),
    graded("alice", "rnn", task("forward", "blank", 0, 6, "blank 1 at line 20 is not filled in"),
           task("shapes", "timeout", 0, 4, "ran past its time limit of 10 s")),
    failed_run("bob", "rnn", "the grading process died (signal 9)\nmore"),
    graded(HOSTILE, "rnn", task("forward", "failed", 0, 6, "wrong\nx", "tanh-missing"),
           task("shapes", "blank", 0, 4, "blank 2 at line 30 is not filled in")),
    missing(FORMULA, "rnn"),
    # the same learner x exercise again: the last row wins
    graded("山田 太郎", "lstm", task("shapes", "passed", 2, 2), task("values", "passed", 8, 8), seconds=0.125),
]
TORN = '{"learner": "torn", "exercise": "lstm", "passed": tr'

# (learner, exercise) -> (score, max_score, status, task statuses, mistakes, message line)
EXPECTED: Dict[Tuple[str, str], tuple] = {
    ("山田 太郎", "lstm"): (10, 10, "passed", "shapes=passed values=passed", "", ""),
    ("佐藤 花子", "lstm"): (2, 10, "failed", "shapes=passed values=failed repeatable=failed", "product-not-sum",
                          "c differs."),
    ("alice", "lstm"): (2, 10, "failed", "shapes=passed values=failed repeatable=failed", "", UNNAMED_A.splitlines()[0]),
    ("bob", "lstm"): (6, 10, "failed", "shapes=passed values=failed repeatable=passed", "", UNNAMED_B.splitlines()[0]),
    (HOSTILE, "lstm"): (0, 10, "error", "shapes=error values=error", "", "NameError <b>&amp;[31m ouch"),
    (FORMULA, "lstm"): (10, 10, "passed", "shapes=passed values=passed", "", ""),
    ("山田 太郎", "rnn"): (10, 10, "passed", "forward=passed shapes=passed", "", ""),
    ("佐藤 花子", "rnn"): (0, 10, "missing", "", "", ""),
    ("alice", "rnn"): (0, 10, "timeout", "forward=blank shapes=timeout", "", "blank 1 at line 20 is not filled in"),
    ("bob", "rnn"): (0, 10, "error", "", "", "the grading process died (signal 9)"),
    (HOSTILE, "rnn"): (0, 10, "blank", "forward=failed shapes=blank", "tanh-missing", "wrong"),
    (FORMULA, "rnn"): (0, 10, "missing", "", "", ""),
}
LEARNERS = sorted({learner for learner, _ in EXPECTED})
EXERCISES = ["rnn", "lstm"]   # course order


def write_class(folder: Path, rows: List[dict] = ROWS, torn: str = TORN) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "results.jsonl", "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        fh.write(torn)
    return folder


def expected_total(learner: str) -> float:
    return sum(EXPECTED[(learner, slug)][0] for slug in EXERCISES if (learner, slug) in EXPECTED)


def expected_pass_rate(exercise: str) -> float:
    mine = [v for (_l, slug), v in EXPECTED.items() if slug == exercise]
    return sum(v[2] == "passed" for v in mine) / len(mine)


class _Page(HTMLParser):
    """What a test reads from report.html: each element's tag and attributes, in
    document order, the text inside each, and every tag name used."""

    VOID = {"meta", "br", "img", "input", "link", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: List[dict] = []
        self.tags: List[str] = []
        self._open: List[dict] = []

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, **{k: (v if v is not None else "") for k, v in attrs}, "text": ""}
        self.elements.append(element)
        self.tags.append(tag)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self._open:
            self._open.pop()

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data


def read_page(markup: str) -> _Page:
    page = _Page()
    page.feed(markup)
    page.close()
    return page


def with_attr(page: _Page, name: str) -> List[dict]:
    return [e for e in page.elements if name in e]
