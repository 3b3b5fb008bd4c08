"""The files a class run leaves in RESULTS_DIR beside results.jsonl, built from it alone.

``grades.csv`` (a row per learner, a column per exercise, the total), ``details.csv``
(a row per learner x exercise), ``junit.xml`` (a testsuite per learner x exercise, a
testcase per task) and ``report.html`` (:mod:`grader.class_report`).  Each file is
written to a temporary file in the folder and then renamed over the old one, so a
reader never sees half a file.  The columns and status words are in docs/class.md.
"""
from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import List, Optional

from grader import results
from grader.class_rows import Grid, Outcome, Table, first_line, grid, number, ordered, total
from grader.i18n import get_lang

GRADES, DETAILS, JUNIT, REPORT = "grades.csv", "details.csv", "junit.xml", "report.html"

# a cell that starts like this is a formula to a spreadsheet: a learner's name must never run as one
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# what XML 1.0 cannot carry at all, not even escaped
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def write_outputs(folder: Path, lang: Optional[str] = None) -> List[Path]:
    """Write grades.csv, details.csv, junit.xml and report.html into ``folder`` from its
    results.jsonl (the last row of each learner x exercise); return the paths written."""
    from grader.class_report import render

    folder = Path(folder)
    table = results.latest(folder)
    read = grid(table)   # every row read once, for all four files
    contents = [(GRADES, grades_csv(table, read)), (DETAILS, details_csv(table, read)),
                (JUNIT, junit_xml(table, read)), (REPORT, render(table, lang or get_lang(), read))]
    written = []
    for name, content in contents:
        written.append(_write_atomically(folder / name, content, "utf-8-sig" if name.endswith(".csv") else "utf-8"))
    return written


def _write_atomically(path: Path, content: str, encoding: str) -> Path:
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    return path


def cell(value: str) -> str:
    """Text for a CSV cell, never read as a formula (a leading ' is added where it would be)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _csv(rows: List[list]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def grades_csv(table: Table, read: Optional[Grid] = None) -> str:
    """A row per learner: the score of each exercise (0 where the file is missing, empty
    where the run has no row for it yet) and the total."""
    people, slugs, cells = read or grid(table)
    rows = [["learner", *slugs, "total"]]
    for learner in people:
        scores = [cells[(learner, s)].score if (learner, s) in cells else "" for s in slugs]
        rows.append([cell(learner), *scores, total(cells, learner, slugs)])
    return _csv(rows)


DETAIL_COLUMNS = ["learner", "exercise", "score", "max_score", "status", "tasks", "mistakes", "message"]


def details_csv(table: Table, read: Optional[Grid] = None) -> str:
    """A row per learner x exercise: status word, task statuses, named mistakes, first message line."""
    rows = [DETAIL_COLUMNS]
    for o in ordered(table, read):
        rows.append([cell(o.learner), o.exercise, o.score, o.max_score, o.status,
                     " ".join(f"{t.name}={t.status}" for t in o.tasks), " ".join(o.mistakes), cell(o.message)])
    return _csv(rows)


def xml_text(value: str) -> str:
    """``value`` without the characters XML cannot hold (escaping is ElementTree's)."""
    return _NOT_XML.sub("\ufffd", value)


def _suite(o: Outcome) -> ET.Element:
    suite = ET.Element("testsuite", name=xml_text(f"{o.learner}/{o.exercise}"))
    props = ET.SubElement(suite, "properties")
    for key, value in (("score", o.score), ("max_score", o.max_score), ("status", o.status)):
        ET.SubElement(props, "property", name=key, value=str(value))
    classname = xml_text(f"{o.learner}.{o.exercise}")
    failures = errors = 0
    if o.missing or not o.tasks:
        # no tasks to report: one testcase stands for the file, as an error so that it counts against
        case = ET.SubElement(suite, "testcase", classname=classname, name="file" if o.missing else "grading",
                             time="0")
        message = "missing: no file for this exercise" if o.missing else o.message
        problem = ET.SubElement(case, "error", type="missing" if o.missing else "error", message=xml_text(message))
        problem.text = xml_text(message if o.missing else o.error)
        errors = 1
    for t in o.tasks:
        case = ET.SubElement(suite, "testcase", classname=classname, name=xml_text(t.name), time="0")
        if t.status == "passed":
            continue
        kind = "failure" if t.status == "failed" else "error"
        attrs = {"type": t.status, "message": xml_text(first_line(t.message) or t.status)}
        if t.mistake:
            attrs["mistake"] = xml_text(t.mistake)
        problem = ET.SubElement(case, kind, attrs)
        problem.text = xml_text(t.message)
        failures += kind == "failure"
        errors += kind == "error"
    tests = max(len(o.tasks), 1)
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    suite.set("time", f"{number(o.seconds):g}")
    return suite


def junit_xml(table: Table, read: Optional[Grid] = None) -> str:
    """JUnit XML: a testsuite per learner x exercise, a testcase per task; failed is a
    failure, error/timeout/blank an error of that type, a missing file one error testcase."""
    root = ET.Element("testsuites", name="grade class")
    counts = {"tests": 0, "failures": 0, "errors": 0}
    seconds = 0.0
    for o in ordered(table, read):
        suite = _suite(o)
        root.append(suite)
        for key in counts:
            counts[key] += int(suite.get(key))
        seconds += o.seconds
    for key, value in counts.items():
        root.set(key, str(value))
    root.set("time", f"{number(seconds):g}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
