"""A GitHub Classroom autograding workflow (``grade classroom``).

GitHub Classroom grades a learner's repository with a GitHub Actions workflow:
each test is a step of ``classroom-resources/autograding-command-grader@v1``
(a command; exit code 0 gives the step's ``max-score``, anything else 0), and
``classroom-resources/autograding-grading-reporter@v1`` adds the steps up and
reports to Classroom.  It reads each step's result from the environment
variable ``<STEP ID in capitals>_RESULTS`` and the ids from ``runners``.

Here there is one step per exercise, whose command is ``grade exercise NAME``
(with ``--solutions`` and, when asked, ``--lang`` and ``--seed``), run in the
checkout: the learner's file is exercises/NAME.py of their repository.  The
command grader runs a command with only PATH and HOME of the environment, so
everything a command needs is on its command line.  By default the references
are the installed toolkit's own copy, written out by ``grade init`` (run in an
empty folder, so that it copies the packaged course and not the checkout) into
``$HOME/dl-course-reference`` in the install step: a solutions/ folder in the
learner's repository is not used, and need not be there.
"""
from __future__ import annotations

import re
import shlex
from typing import Dict, List, Optional, Sequence

from grader import registry
from grader.i18n import pick

COMMAND_GRADER = "classroom-resources/autograding-command-grader@v1"
REPORTER = "classroom-resources/autograding-grading-reporter@v1"
REFERENCE = "$HOME/dl-course-reference"
DEFAULT_REPOSITORY = "https://github.com/dl-course-toolkit/dl-course-toolkit"


class WorkflowProblem(Exception):
    """The workflow cannot be written as asked (one line)."""


def repository_url() -> str:
    """The project's repository, as its metadata names it (the README's install line uses it)."""
    import importlib.metadata

    try:
        for entry in importlib.metadata.metadata("dl-course-toolkit").get_all("Project-URL") or ():
            label, _, url = entry.partition(",")
            if label.strip().lower() == "repository" and url.strip():
                return url.strip()
    except importlib.metadata.PackageNotFoundError:
        pass
    return DEFAULT_REPOSITORY


def default_install() -> str:
    return f'python -m pip install "dl-course-toolkit @ git+{repository_url()}"'


def step_id(slug: str) -> str:
    """A step id GitHub accepts (letters, digits, _ and -, starting with a letter or _) for ``slug``."""
    ident = re.sub(r"[^A-Za-z0-9_]", "_", slug)
    return ident if re.match(r"[A-Za-z_]", ident) else f"ex_{ident}"


def _points(slug: str) -> int:
    points = registry.get(slug).points
    if not float(points).is_integer():   # the command grader reads max-score as a whole number
        raise WorkflowProblem(f"{slug} is worth {points:g} points: GitHub Classroom counts only whole points per step")
    return int(points)


def command(slug: str, solutions: str, lang: Optional[str] = None, seed: int = 0) -> str:
    """The shell command of the step that grades ``slug``."""
    where = f'"{solutions}"' if solutions.startswith("$HOME/") else shlex.quote(solutions)
    parts = ["grade", "exercise", slug, "--solutions", where]
    if lang:
        parts += ["--lang", lang]
    if seed:
        parts += ["--seed", str(seed)]
    return " ".join(parts)


def workflow(slugs: Sequence[str], install: Optional[str] = None, python: str = "3.11", solutions: Optional[str] = None,
             lang: Optional[str] = None, seed: int = 0, timeout: int = 5) -> Dict:
    """The workflow as a mapping (see :func:`as_yaml`)."""
    if not slugs:
        raise WorkflowProblem("no exercise to grade")
    if timeout < 1 or timeout > 360:
        raise WorkflowProblem("--timeout is in minutes, from 1 to 360 (the command grader's limit is 6 hours)")
    install_lines = [install or default_install()]
    if solutions is None:
        # from an empty folder: the course this toolkit carries, never one the learner's repository holds
        install_lines.append(f'(cd "$(mktemp -d)" && grade init "{REFERENCE}" > /dev/null)')
        solutions = f"{REFERENCE}/solutions"
    steps: List[Dict] = [
        {"name": "Check out the learner's repository", "uses": "actions/checkout@v4"},
        {"name": "Set up Python", "uses": "actions/setup-python@v5", "with": {"python-version": python}},
        {"name": "Install dl-course-toolkit", "run": "\n".join(install_lines) + "\n"},
    ]
    ids = []
    for slug in slugs:
        ident = step_id(slug)
        ids.append(ident)
        steps.append({"name": slug, "id": ident, "uses": COMMAND_GRADER,
                      "with": {"test-name": f"{slug}: {pick(registry.get(slug).title)}",
                               "command": command(slug, solutions, lang, seed),
                               "timeout": timeout, "max-score": _points(slug)}})
    steps.append({"name": "Autograding Reporter", "uses": REPORTER,
                  "env": {f"{ident.upper()}_RESULTS": f"${{{{steps.{ident}.outputs.result}}}}" for ident in ids},
                  "with": {"runners": ",".join(ids)}})
    return {"name": "Autograding Tests",
            "on": ["push", "repository_dispatch", "workflow_dispatch"],
            "permissions": {"checks": "write", "actions": "read", "contents": "read"},
            "jobs": {"run-autograding-tests": {"runs-on": "ubuntu-latest",
                                               "if": "github.actor != 'github-classroom[bot]'",
                                               "steps": steps}}}


def as_yaml(flow: Dict) -> str:
    import yaml

    head = ("# GitHub Classroom autograding, written by `grade classroom`: one step per exercise\n"
            "# (all or nothing: its points when `grade exercise NAME` exits 0), then the reporter.\n")
    return head + yaml.safe_dump(flow, sort_keys=False, allow_unicode=True, width=1000)
