"""Item analysis on first attempts, in the terms Dutch teachers know from *toetsanalyse*.

Pure functions (standard library and :mod:`wijklab.basis.taal` only); :mod:`wijklab.docent.klasrijen` feeds them and shows the result.

* **p-waarde** of a question: the share of the students who answered it that were right at the
  first attempt. A student who did not answer the question is left out (not counted as wrong).
* **Rir** (item–rest correlation): the Pearson correlation between the item score (first attempt
  right = 1, wrong = 0) and the student's *rest score*: her score on the other questions of the
  same analysed set. The analysed set is one notebook: all its closed questions except predictions
  (voorspel) — a notebook is one lesson, taken by the same students at one time.

  Missing answers: a student counts for a question's Rir only if she answered that question and at
  least one other question of the set. Her rest score is the *share* right among the other
  questions she answered (not the sum), so a student who skipped a question is not counted as
  having got it wrong. With complete answers the share is the sum divided by a constant, and a
  correlation does not change under that: the number is then exactly the textbook Rir.

  The Rir is not computed ("niet te berekenen") when the item scores or the rest scores do not vary
  (everyone right, everyone wrong, everyone the same rest score: the correlation is 0/0), and not
  shown when fewer than :data:`MIN_STUDENTEN_RIR` students count ("te weinig studenten"): with so
  few, one student moves it a lot. Never a made-up number.
* **Options**: per option text, how many students chose it at the first attempt (options are shown
  to each student in her own order, but stored by text, so shares are by text).
* **Predictions** (voorspel) have no right or wrong: the median absolute deviation from the real
  value (in its unit) and the share within the question's margin.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import dataclass, field

from wijklab.basis.taal import nl_getal

#: the flags and what a teacher can do about them
P_LAAG = 0.30
P_HOOG = 0.90
RIR_LAAG = 0.20
#: fewer students than this: the Rir is not shown
MIN_STUDENTEN_RIR = 10

ADVIES = {
    "moeilijk": (
        f"p-waarde onder {nl_getal(P_LAAG, 2)}",
        "Minder dan 30% had deze vraag de eerste keer goed. Kijk of de sleutel klopt, of de vraag "
        "eenduidig is en of de stof al behandeld was; bespreek de vaakst gekozen foute optie in de les.",
    ),
    "makkelijk": (
        f"p-waarde boven {nl_getal(P_HOOG, 2)}",
        "Meer dan 90% had deze vraag de eerste keer goed. Prima als controle dat de basis er is, maar "
        "de vraag zegt weinig over verschillen tussen studenten; maak hem eventueel uitdagender.",
    ),
    "rir_laag": (
        f"Rir onder {nl_getal(RIR_LAAG, 2)}",
        "Studenten die de andere vragen van dit notebook goed hadden, hadden deze niet vaker goed. Lees de "
        "vraag en de opties opnieuw: is er een tweede verdedigbaar antwoord, een verwarrende formulering "
        "of (bij een negatieve Rir) misschien een verkeerde sleutel?",
    ),
}


@dataclass(frozen=True)
class Rir:
    """The Rir of one question: a number, or the Dutch reason why there is none."""

    waarde: float | None
    n: int  # students who count for it
    reden: str = ""  # why there is no number ('' when there is one)

    def tekst(self, getal=lambda x: nl_getal(x, 2)) -> str:
        return getal(self.waarde) if self.waarde is not None else self.reden


@dataclass(frozen=True)
class ItemAnalyse:
    id: str
    n: int  # students who answered it (first attempt)
    goed: int  # of them right at the first attempt
    p: float | None
    rir: Rir
    opties: tuple[tuple[str, int], ...] = ()  # (option text, how many chose it), most chosen first
    vlaggen: tuple[str, ...] = field(default=())  # keys of ADVIES


def pearson(x: list[float], y: list[float]) -> float | None:
    """The Pearson correlation of two equally long lists; None when it is 0/0 (a list does not vary)."""
    if len(x) != len(y):
        raise ValueError("x en y moeten even lang zijn")
    n = len(x)
    if n < 2:
        return None
    mx, my = math.fsum(x) / n, math.fsum(y) / n
    sxy = math.fsum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = math.fsum((a - mx) ** 2 for a in x)
    syy = math.fsum((b - my) ** 2 for b in y)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def p_waarde(scores: list[int | None]) -> float | None:
    """Share right among the students who answered (None = not answered, left out)."""
    gemaakt = [s for s in scores if s is not None]
    return sum(gemaakt) / len(gemaakt) if gemaakt else None


def rir(item: str, studenten: list[dict[str, int]], min_studenten: int = MIN_STUDENTEN_RIR) -> Rir:
    """The Rir of ``item`` in one analysed set: per student a dict question id -> 0/1 (first attempt)
    of the questions she answered; a question she did not answer is absent."""
    x: list[float] = []
    y: list[float] = []
    for scores in studenten:
        if item not in scores or len(scores) < 2:
            continue
        rest = [s for k, s in scores.items() if k != item]
        x.append(scores[item])
        y.append(sum(rest) / len(rest))
    n = len(x)
    if n < min_studenten:
        return Rir(None, n, f"te weinig studenten ({n}; minstens {min_studenten} nodig)")
    if len(set(x)) < 2:
        wat = "goed" if x[0] else "fout"
        return Rir(None, n, f"niet te berekenen: iedereen had deze vraag {wat}")
    r = pearson(x, y)
    if r is None:
        return Rir(None, n, "niet te berekenen: alle studenten hadden dezelfde score op de andere vragen")
    return Rir(r, n)


def vlaggen(p: float | None, r: Rir) -> tuple[str, ...]:
    uit = []
    if p is not None and p < P_LAAG:
        uit.append("moeilijk")
    if p is not None and p > P_HOOG:
        uit.append("makkelijk")
    if r.waarde is not None and r.waarde < RIR_LAAG:
        uit.append("rir_laag")
    return tuple(uit)


def analyseer(studenten: list[dict[str, int]], keuzes: dict[str, list[tuple[str, ...]]] | None = None,
              min_studenten: int = MIN_STUDENTEN_RIR) -> dict[str, ItemAnalyse]:
    """Item analysis of one set: p-waarde, Rir, option counts and flags per question.

    ``keuzes``: per question the options each student chose at the first attempt (one tuple per student).
    """
    keuzes = keuzes or {}
    ids = sorted({k for s in studenten for k in s})
    uit = {}
    for item in ids:
        scores = [s[item] for s in studenten if item in s]
        p = p_waarde(scores)
        r = rir(item, studenten, min_studenten)
        telling = Counter(t for gekozen in keuzes.get(item, []) for t in set(gekozen))
        opties = tuple(sorted(telling.items(), key=lambda kv: (-kv[1], kv[0])))
        uit[item] = ItemAnalyse(item, len(scores), sum(scores), p, r, opties, vlaggen(p, r))
    return uit


@dataclass(frozen=True)
class VoorspelAnalyse:
    n: int
    mediaan_afwijking: float | None  # median |estimate - value|, in the question's unit
    binnen_marge: float | None  # share of the estimates within the margin
    hoger: int
    lager: int


def voorspel_analyse(schattingen: list[float], echt: float | None, binnen: list[bool]) -> VoorspelAnalyse:
    """How far first estimates lay from the real value; ``binnen``: per estimate, within the margin?"""
    n = len(schattingen)
    if not n or echt is None:
        return VoorspelAnalyse(n, None, (sum(binnen) / len(binnen)) if binnen else None, 0, 0)
    afwijking = statistics.median(abs(s - echt) for s in schattingen)
    return VoorspelAnalyse(n, afwijking, (sum(binnen) / len(binnen)) if binnen else None,
                           sum(s > echt for s in schattingen), sum(s < echt for s in schattingen))
