"""Grading: a pure function of a question (the content model from the bank) and an answer.

The quiz widget, the progress overview, the review, the diagnostic and the export all call
:func:`beoordeel` / :func:`beoordeel_poging`, so they can never disagree. What a type reads and how it
grades live with the type, in :mod:`wijklab.inhoud.soorten` (its docstring lists the stored forms).

Stored answers (the JSON in the store's ``antwoord`` column) name what was answered, never a
position, so a teacher may reorder options in a bank without changing anyone's answer. An answer
that no longer fits the question (an option's text is gone, the items differ) is not guessed at: the
result says ``veranderd=True`` with a Dutch ``reden``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wijklab.inhoud.soorten import onleesbaar, soort_van


@dataclass(frozen=True)
class Resultaat:
    """The grade of one answer against the question as it is in the bank today."""

    juist: bool
    score: float  # 0..1
    antwoord: dict | None  # the answer in today's stored form; None when it no longer fits
    veranderd: bool = False  # the question changed since the answer: it cannot be graded any more
    op_positie: bool = False  # an old answer stored only by position was read by position
    reden: str = ""  # Dutch: what changed (for the export and the teacher)


def beoordeel(vraag, antwoord: Any, eerder: tuple[bool, float | None] | None = None) -> Resultaat:
    """Grade ``antwoord`` (any stored form) against ``vraag`` as it is in the bank now. Never raises.

    ``eerder``: for a stored attempt, the (right?, score) the store says it got when it was made. An
    old answer that was stored only by position is read by position; if that now gives another grade
    than it got then, the options were moved or changed: the result is ``veranderd``.
    """
    s = soort_van(vraag)
    try:
        gelezen = s.lees(vraag, antwoord)
    except (TypeError, ValueError, KeyError, AttributeError):  # garbage in an old or edited store
        gelezen = onleesbaar(antwoord)
    if gelezen.antwoord is None:
        return Resultaat(False, 0.0, None, veranderd=True, reden=gelezen.reden)
    juist, score = s.beoordeel(vraag, gelezen.antwoord)
    r = Resultaat(bool(juist), min(max(float(score), 0.0), 1.0), gelezen.antwoord, op_positie=gelezen.op_positie)
    if r.op_positie and eerder is not None and eerder[0] is not None:
        eerder_juist, eerder_score = eerder
        if bool(eerder_juist) != r.juist or (eerder_score is not None and abs(float(eerder_score) - r.score) > 1e-6):
            return Resultaat(False, 0.0, None, veranderd=True, op_positie=True,
                             reden="de opties van de vraag zijn veranderd sinds het antwoord (het was opgeslagen als plaats in de lijst)")
    return r


def beoordeel_poging(vraag, poging) -> Resultaat:
    """:func:`beoordeel` for a ``store.Poging``, against the grade the attempt got at the time."""
    return beoordeel(vraag, poging.antwoord, eerder=(poging.juist, poging.score))


__all__ = ["Resultaat", "beoordeel", "beoordeel_poging"]
