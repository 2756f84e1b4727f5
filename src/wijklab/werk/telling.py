"""A student's progress count (``telling``): one pure function for progress, the export and the class overview.

Pure: no store, no widgets, no pydantic. The input is plain: per question a :class:`Vraagstand` (its
soort, how many attempts, right at the first attempt, right at some attempt: graded by the caller against
today's bank), per reflection the words of its latest draft. The output is a :class:`Telling` per notebook
and, added up, for the whole course (:func:`totaal`).

Three consumers, one set of numbers:

* ``wl.voortgang()`` (:mod:`wijklab.leerling.voortgang`) from the store and the banks;
* the portfolio's ``totaal`` (:mod:`wijklab.werk.verzamel`) from the same;
* the class overview's per-student row (:mod:`wijklab.docent.klasrijen`) from the exported questions.

Rules (the edge cases the three shared):

* a prediction (a soort whose record says ``schatting``) is an estimate: it is never right or wrong for progress and the class
  overview (``goed``, ``goed_eerste_keer``, ``toetsvragen``); the export's ``eerste_keer_goed`` and
  ``ooit_goed`` count every question as graded, an estimate within its margin included (schema field
  meaning, unchanged);
* an attempt at a question that changed since (``veranderd``) is not right: the caller's grade says so;
* a reflection counts as written when its latest draft has at least one word (spaces only: not written);
* diagnostic and review attempts are no questions: callers never pass them (:func:`wijklab.inhoud.diagnose.is_apart`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Iterable, Sequence

from wijklab.inhoud.soorten import is_schatting


@dataclass(frozen=True, slots=True)
class Vraagstand:
    """One question as the count sees it."""

    soort: str | None
    pogingen: int = 0
    eerste_juist: bool | None = None
    ooit_juist: bool = False

    @property
    def schatting(self) -> bool:
        return is_schatting(self.soort)


def vraagstand(soort: str | None, oordelen: Sequence[bool]) -> Vraagstand:
    """A :class:`Vraagstand` from the grades (right or not) of her attempts, oldest first."""
    return Vraagstand(soort, len(oordelen), bool(oordelen[0]) if oordelen else None, any(oordelen))


def uit_export(vraag) -> Vraagstand:
    """A :class:`Vraagstand` from a question as the portfolio exports it (``type``, ``pogingen``,
    ``eerste_juist``, ``ooit_juist``: the export's VraagResultaat or the class overview's summary of it)."""
    return Vraagstand(vraag.type, vraag.pogingen, vraag.eerste_juist, vraag.ooit_juist)


@dataclass(frozen=True, slots=True)
class Telling:
    """Counts for one notebook or for the whole course."""

    vragen: int = 0  # questions
    gemaakt: int = 0  # questions with at least one attempt
    eerste_keer_goed: int = 0  # right at the first attempt (every question, as graded)
    ooit_goed: int = 0  # right at some attempt (every question, as graded)
    reflecties: int = 0
    geschreven: int = 0  # reflections whose latest draft has at least one word
    woorden: int = 0  # words in all latest drafts together
    schattingen: int = 0  # estimate questions
    geschat: int = 0  # estimate questions she made
    goed: int = 0  # questions that are not estimates, right at some attempt
    goed_eerste_keer: int = 0  # questions that are not estimates, right at the first attempt
    toetspogingen: int = 0  # attempts at questions that are not estimates

    @property
    def toetsvragen(self) -> int:
        """Questions that can be right or wrong (not estimates)."""
        return self.vragen - self.schattingen

    @property
    def toetsvragen_gemaakt(self) -> int:
        return self.gemaakt - self.geschat

    @property
    def klaar(self) -> bool:
        return self.gemaakt == self.vragen and self.geschreven == self.reflecties

    def __add__(self, ander: "Telling") -> "Telling":
        return Telling(*(getattr(self, f.name) + getattr(ander, f.name) for f in fields(self)))

    def voor_export(self) -> dict:
        """The fields of the portfolio's ``Telling`` (schema wijklab-portfolio)."""
        return dict(vragen=self.vragen, gemaakt=self.gemaakt, eerste_keer_goed=self.eerste_keer_goed,
                    ooit_goed=self.ooit_goed, reflecties=self.reflecties, geschreven=self.geschreven, woorden=self.woorden)


def telling(vragen: Iterable[Vraagstand], woorden: Iterable[int] = ()) -> Telling:
    """Count one notebook (or any set): its questions and the word counts of its reflections' latest drafts."""
    n = gemaakt = eerste = ooit = schattingen = geschat = goed = goed_eerste = toetspogingen = 0
    for v in vragen:
        n += 1
        gedaan = v.pogingen > 0
        gemaakt += gedaan
        eerste += bool(v.eerste_juist)
        ooit += bool(v.ooit_juist)
        if v.schatting:
            schattingen += 1
            geschat += gedaan
        elif gedaan:
            goed += bool(v.ooit_juist)
            goed_eerste += bool(v.eerste_juist)
            toetspogingen += v.pogingen
    woordenlijst = [max(int(w), 0) for w in woorden]
    return Telling(
        vragen=n, gemaakt=gemaakt, eerste_keer_goed=eerste, ooit_goed=ooit,
        reflecties=len(woordenlijst), geschreven=sum(w > 0 for w in woordenlijst), woorden=sum(woordenlijst),
        schattingen=schattingen, geschat=geschat, goed=goed, goed_eerste_keer=goed_eerste, toetspogingen=toetspogingen,
    )


def totaal(tellingen: Iterable[Telling]) -> Telling:
    """The counts added up (the whole course)."""
    som = Telling()
    for t in tellingen:
        som = som + t
    return som
