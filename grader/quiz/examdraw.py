"""Which questions a mock exam asks, and its score per section.

The draw: the N questions are shared among the banks in proportion to their
numbers of questions, then each bank's share among its sections the same
way, both by largest remainder (the shares add up exactly; equal remainders
are ordered by the seed), so every bank and every section gets its share
rounded up or down.
Within a section the questions are sampled from the seed.  The exam keeps
the banks' order and each bank's file order, so sections come together and a
question whose options give away another's answer still comes after it.
The same banks, N and seed always give the same exam (and ``quiz exam --key``
its key).  A question without a section counts in its bank's title.
"""
from __future__ import annotations

import random
from typing import Dict, List, Sequence, Tuple

from ..i18n import tr
from ..report_text import pad
from .crossbank import Item, make_items, section_name
from .model import Bank, Question

WEAKEST = 3


def section_groups(banks: Sequence[Bank]) -> List[Tuple[Bank, str, List[Question]]]:
    """(bank, section key, its questions in file order), in the banks' order."""
    groups: Dict[Tuple[str, str], Tuple[Bank, str, List[Question]]] = {}
    for bank in banks:
        for q in bank.questions:
            key = section_name(bank, q, "en")
            groups.setdefault((bank.name, key), (bank, key, []))[2].append(q)
    return list(groups.values())


def quotas(sizes: Sequence[int], count: int, seed: int) -> List[int]:
    """How many of ``count`` questions each group of ``sizes`` gets: largest
    remainder, ties ordered by ``seed``; every group at most its size."""
    total = sum(sizes)
    if count >= total:
        return list(sizes)
    shares = [count * size // total for size in sizes]
    rest = [count * size % total for size in sizes]
    ties = random.Random(f"exam:{seed}:ties")
    luck = [ties.random() for _ in sizes]
    order = sorted(range(len(sizes)), key=lambda i: (-rest[i], luck[i]))
    for i in order[:count - sum(shares)]:
        shares[i] += 1
    return shares


def draw(banks: Sequence[Bank], count: int, seed: int) -> List[Tuple[Bank, List[str]]]:
    """The exam's question ids, bank by bank, in file order: ``count`` shared
    among the banks by their sizes, then each bank's share among its sections."""
    groups = section_groups(banks)
    per_bank = quotas([len(b.questions) for b in banks], count, seed)
    shares: List[int] = []
    for bank, share in zip(banks, per_bank):
        mine = [qs for b, _, qs in groups if b is bank]
        shares += quotas([len(qs) for qs in mine], share, seed)
    chosen = set()
    for (bank, key, questions), share in zip(groups, shares):
        picked = random.Random(f"exam:{seed}:{bank.name}:{key}").sample(range(len(questions)), share)
        chosen |= {(bank.name, questions[n].id) for n in picked}
    return [(bank, [q.id for q in bank.questions if (bank.name, q.id) in chosen]) for bank in banks]


def exam_items(banks: Sequence[Bank], count: int, seed: int) -> List[Item]:
    return make_items(draw(banks, count, seed), seed)


# -- scoring ----------------------------------------------------------------

def sections(results: Sequence[dict]) -> List[dict]:
    """``{"section", "bank", "score", "total"}`` per section, in exam order."""
    table: Dict[Tuple[str, str], dict] = {}
    for r in results:
        row = table.setdefault((r["bank"], r["section"]),
                               {"section": r["section"], "bank": r["bank"], "score": 0, "total": 0})
        row["total"] += 1
        row["score"] += bool(r["correct"])
    return list(table.values())


def weakest(rows: Sequence[dict], count: int = WEAKEST) -> List[dict]:
    """The sections with the lowest share right (more questions first on a tie), none perfect."""
    missed = [r for r in rows if r["score"] < r["total"]]
    return sorted(missed, key=lambda r: (r["score"] / r["total"], -r["total"]))[:count]


def sections_text(rows: Sequence[dict]) -> str:
    """The per-section table and the weakest sections, for people."""
    names = [f"{r['bank']} · {r['section']}" for r in rows]
    width = max((len(n) for n in names), default=0)
    lines = [tr("By section:", "セクション別:")]
    lines += [f"  {pad(name, width)}  {r['score']}/{r['total']}" for name, r in zip(names, rows)]
    weak = weakest(rows)
    if weak:
        lines.append(tr("Weakest: {w}", "弱いところ: {w}", w=", ".join(
            f"{r['bank']} · {r['section']} ({r['score']}/{r['total']})" for r in weak)))
    return "\n".join(lines)
