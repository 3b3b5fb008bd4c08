"""The hint ladder of an exercise: each ask gives the next hint, gentle first.

Progress is kept per exercise in the learner's state folder, so ``grade hint``
in a terminal and ``%grade_hint`` in a notebook climb the same ladder.
"""
from __future__ import annotations

from grader import registry
from grader.i18n import pick, tr
from grader.state import load_json, save_json

HINTS_FILE = "hints.json"


def next_hint(slug: str, reset: bool = False) -> str:
    """The text of the next hint of ``slug`` (a heading, the hint, and a note
    after the last one); the learner's progress moves on by one."""
    exercise = registry.get(slug)
    seen = load_json(HINTS_FILE, {})
    shown = 0 if reset else int(seen.get(slug, 0))
    total = len(exercise.hints)
    index = min(shown, total - 1)
    lines = [tr("Hint {i}/{n} for {slug}:", "{slug} のヒント {i}/{n}:", i=index + 1, n=total, slug=slug),
             pick(exercise.hints[index])]
    if index + 1 >= total:
        lines.append(tr("(That was the last hint. `grade hint {slug} --reset` starts again.)",
                        "（これが最後のヒントです。`grade hint {slug} --reset` で最初から表示します）", slug=slug))
    seen[slug] = index + 1
    try:
        save_json(HINTS_FILE, seen)
    except OSError:
        pass   # the hint is still shown; only the progress is not kept
    return "\n".join(lines)
