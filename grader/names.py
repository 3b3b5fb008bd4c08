"""Exercise names as a learner types them: ``LSTM``, ``lstm.py``, ``exercises/lstm.py``
are all ``lstm``; an unknown name gets "did you mean ...?"."""
from __future__ import annotations

import difflib
from pathlib import PurePath

from grader import registry
from grader.i18n import tr


def resolve(name: str) -> str:
    """The slug that ``name`` means; KeyError with a learner-facing message when none."""
    slugs = registry.slugs()
    typed = str(name).strip()
    candidate = PurePath(typed.replace("\\", "/")).name
    if candidate.lower().endswith(".py"):
        candidate = candidate[:-3]
    candidate = candidate.lower().replace("-", "_")
    if candidate in slugs:
        return candidate
    close = difflib.get_close_matches(candidate, slugs, n=1, cutoff=0.6)
    hint = tr("; did you mean {s}?", "。{s} のことではありませんか？", s=close[0]) if close else ""
    raise KeyError(tr("unknown exercise {n!r}{h} (`grade list` shows them all)",
                      "{n!r} という演習はありません{h}（`grade list` で一覧を表示できます）", n=typed, h=hint))
