"""A compact summary per student: what the class overview shows of an export, not every attempt.

2,000 students fit in about 200 MB: no attempts are kept, texts that many students share (question and
prompt texts, ids) are kept once (interned).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, make_dataclass
from datetime import datetime

from wijklab.werk.portfolio import Portfolio, ReflectieAntwoord

@dataclass(frozen=True, slots=True)
class VraagKort:
    """One question of one student, without the attempts themselves (what the overview uses of them)."""

    id: str
    vraag: str
    type: str | None
    in_bank: bool
    pogingen: int
    eerste_juist: bool | None
    ooit_juist: bool
    echte_waarde: float | None
    eenheid: str
    eerste_getal: float | None  # the number or estimate of the first attempt
    fout_gekozen: frozenset[str]  # the wrong options she chose at any attempt
    eerste_keuzes: tuple[str, ...]  # the options of the first attempt, for the item analysis (see _eerste_keuzes)
    eerste_zeker: str | None = None  # how sure she said she was at the first attempt (zeker / twijfel / gok)


#: one reflection as exported, every field of :class:`wijklab.werk.export.ReflectieAntwoord`, without the
#: per-object overhead of a pydantic model (2,000 students × 18 reflections)
ReflectieKort = make_dataclass("ReflectieKort", list(ReflectieAntwoord.model_fields), frozen=True, slots=True)


def _reflectie_kort(r: ReflectieAntwoord):
    velden = {naam: getattr(r, naam) for naam in ReflectieAntwoord.model_fields}
    velden.update(id=_kort(r.id), vraag=_kort(r.vraag))  # the same prompt for every student: kept once
    return ReflectieKort(**velden)


@dataclass(frozen=True, slots=True)
class DeelKort:
    notebook: str
    titel: str
    totaal: object  # export.Telling
    vragen: tuple[VraagKort, ...]
    reflecties: tuple  # ReflectieKort: every field as exported (the texts are shown)


@dataclass(frozen=True, slots=True)
class Samenvatting:
    """A portfolio as the overview keeps it: 2,000 students fit in little memory."""

    student: object  # export.Student
    geexporteerd: datetime
    cursus_versie: str
    totaal: object  # export.Telling
    notebooks: tuple[DeelKort, ...]
    controle: str | None  # the check sum written in the file
    #: the diagnostic (export.Diagnose) as (max, voor, na, ((id, vraag, voor, na), ...)), or None
    diagnose: tuple | None = None


_GEEN: frozenset[str] = frozenset()


def _kort(tekst):
    return sys.intern(tekst) if isinstance(tekst, str) else tekst


#: in :attr:`VraagKort.eerste_keuzes` of a multiple-answer question: she chose exactly the right options
JUISTE_COMBINATIE = "\x00juiste combinatie"
_GEEN_KEUZES: tuple[str, ...] = ()


def _eerste_keuzes(v) -> tuple[str, ...]:
    """The options of the first attempt, by text (each student sees her own order; texts are stored).

    Single choice: the option given. Multiple answers: the wrong options chosen (exact, from
    ``fout_gekozen``), plus :data:`JUISTE_COMBINATIE` when she chose exactly the right ones. The right
    options she chose cannot be told apart reliably in the export: ``gegeven`` joins the texts with
    '; ', and option texts may hold '; ' themselves.
    """
    if not v.antwoorden or v.type not in ("enkelvoudig", "meervoudig"):
        return _GEEN_KEUZES
    eerste = v.antwoorden[0]
    if v.type == "enkelvoudig":
        return (_kort(eerste.gegeven),) if eerste.gegeven else _GEEN_KEUZES
    keuzes = tuple(_kort(f) for f in eerste.fout_gekozen) + ((JUISTE_COMBINATIE,) if v.eerste_juist else ())
    return keuzes or _GEEN_KEUZES


def samenvatting(p: Portfolio) -> Samenvatting:
    """What the overview needs of ``p``; texts that many students share are kept once (interned)."""
    delen = []
    for nb in p.notebooks:
        vragen = tuple(
            VraagKort(
                _kort(v.id), _kort(v.vraag), _kort(v.type), v.in_bank, v.pogingen, v.eerste_juist, v.ooit_juist,
                v.echte_waarde, _kort(v.eenheid), v.antwoorden[0].getal if v.antwoorden else None,
                frozenset(_kort(o) for a in v.antwoorden for o in a.fout_gekozen) or _GEEN,
                _eerste_keuzes(v),
                _kort(getattr(v.antwoorden[0], "zeker", None)) if v.antwoorden else None,
            )
            for v in nb.vragen
        )
        delen.append(DeelKort(_kort(nb.notebook), _kort(nb.titel), nb.totaal, vragen, tuple(map(_reflectie_kort, nb.reflecties))))
    return Samenvatting(p.student, p.geexporteerd, _kort(p.cursus_versie), p.totaal, tuple(delen), p.controle,
                        _diagnose_kort(getattr(p, "diagnose", None)))


def _diagnose_kort(d) -> tuple | None:
    if d is None:
        return None
    return (d.vragen, d.voor, d.na, tuple((_kort(i.id), _kort(i.vraag), i.voor, i.na) for i in d.items))
