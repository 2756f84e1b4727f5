"""Collecting a student's portfolio from her store and today's question banks (:func:`verzamel`).

Every attempt is graded again against today's bank by the same pure function the widget uses; work on
questions that are no longer in a bank is kept, not dropped; diagnostic and review attempts are no ordinary
questions (they go to ``diagnose``); the counts come from :func:`wijklab.werk.telling.telling`, the one
count of a student's progress. Notes for the student (a broken bank, a store that could not be read, a
reflection whose latest draft is much shorter) are collected on the way, without paths or user names.
"""

from __future__ import annotations

import contextlib
import math
import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from wijklab.basis.grenzen import MAX_ANTWOORDEN
from wijklab.basis.markdown import korte_tekst
from wijklab.basis.taal import aantal, datum_nl
from wijklab.inhoud.diagnose import is_apart
from wijklab.inhoud.soorten import beschrijf
from wijklab.werk.portfolio import (
    MAX_AANTAL, SCHEMA, VERSIE, Antwoord, Diagnose, DiagnoseItem, EerdereVersie, NotebookDeel, Portfolio,
    ReflectieAntwoord, Student, Telling, VraagResultaat,
)
from wijklab.werk.concepten import eerdere_versie, tel_woorden
from wijklab.werk.persoonlijk import zonder_persoonlijks
from wijklab.werk.telling import telling, totaal, uit_export


def _eindig(x) -> float | None:
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def beschrijf_antwoord(vraag, antwoord) -> tuple[str, list[str], float | None]:
    """A stored answer in words: (what was given, the wrong options chosen, the number given).

    Described by the question's type (``wijklab.inhoud.soorten.beschrijf``), in every stored form, by
    text and (older stores) by position. ``vraag`` may be None (the question is no longer in the bank):
    then only what the answer itself says is used. Never raises.
    """
    return beschrijf(vraag, antwoord)


def _uitslag(vraag, poging) -> tuple[bool, float, bool]:
    """(right?, score, changed?) of one attempt: graded again against today's bank.

    A question no longer in the bank keeps the grade the attempt got at the time.
    """
    if vraag is None:
        return bool(poging.juist), min(max(float(poging.score), 0.0), 1.0), False
    from wijklab.inhoud.beoordeling import beoordeel_poging

    r = beoordeel_poging(vraag, poging)
    return bool(r.juist), min(max(float(r.score), 0.0), 1.0), bool(r.veranderd)


def _antwoord(vraag, poging, uitslag: tuple[bool, float, bool]) -> Antwoord:
    gegeven, fout, getal = beschrijf_antwoord(vraag, poging.antwoord)
    juist, score, veranderd = uitslag
    zeker = poging.antwoord.get("zeker") if isinstance(poging.antwoord, dict) else None
    return Antwoord(tijd=poging.tijd, juist=juist, score=score, gegeven=gegeven,
                    fout_gekozen=fout[:100], getal=getal, veranderd=veranderd,
                    zeker=zeker if zeker in ("zeker", "twijfel", "gok") else None)


def _student_id(store) -> str:
    bestaand = store.instelling("student_id")
    if bestaand:
        return bestaand[:100]
    nieuw = uuid.uuid4().hex
    store.bewaar_instelling("student_id", nieuw)  # if this fails, the id is still kept in memory
    return nieuw


# --- verzamel: the portfolio in small steps ----------------------------------------------------


def verzamel(store=None, banken: dict | None = None, *, tijd: datetime | None = None) -> Portfolio:
    """Build the portfolio from the store and the question banks (course order)."""
    from wijklab import __version__
    from wijklab.werk.store import huidige_store

    store = store if store is not None else huidige_store()
    opmerkingen: list[str] = []
    if banken is None:
        banken = _banken(opmerkingen)
    werk = _lees_werk(store, opmerkingen)
    delen = _delen(banken, werk, opmerkingen)
    notebooks = [_notebook_deel(d) for _, d in sorted(delen.items())]
    return Portfolio(
        schema=SCHEMA,
        versie=VERSIE,
        cursus_versie=__version__,
        geexporteerd=tijd or datetime.now().astimezone(),
        student=werk.student,
        notebooks=notebooks,
        totaal=Telling(**totaal(_telling(n.vragen, n.reflecties) for n in notebooks).voor_export()),
        opmerkingen=opmerkingen,
        diagnose=_diagnose(werk.pogingen, opmerkingen),
    )


def _banken(opmerkingen: list[str]) -> dict:
    """Today's banks; a broken bank leaves out only the question texts of its own notebook (noted)."""
    from wijklab.inhoud.bank import banken_en_fouten

    banken, fouten = banken_en_fouten()
    for e in fouten:
        opmerkingen.append(
            f"Een vragenbank van de cursus kon niet worden gelezen, daarom ontbreken bij notebook "
            f"{getattr(e, 'notebook', '?')} de vraagteksten. Je antwoorden staan er wel in. (Melding: {e})"
        )
    return banken


@dataclass
class _Werk:
    """What the store holds of her: attempts, drafts and who she is; ordinary attempts and drafts per id."""

    pogingen: list
    concepten: list
    student: Student
    per_vraag: dict[str, list]
    per_reflectie: dict[str, list]


def _lees_werk(store, opmerkingen: list[str]) -> _Werk:
    """Her attempts, drafts, name and id from the store, and a note for every read problem (now or earlier)."""
    eerder_gezien = list(getattr(store, "leesfouten", []))
    al_gemeld = len(store.meldingen)
    geduld = store.geduldig() if hasattr(store, "geduldig") else contextlib.nullcontext()
    with geduld:  # an export may wait for another notebook's lock; a keystroke may not
        pogingen = store.pogingen()
        concepten = store.concepten()
        naam = (store.instelling("naam") or "").strip()
        student = Student(id=_student_id(store), naam=naam[:10_000])
    leesfouten = set(getattr(store, "leesfouten", store.meldingen))
    nieuw = [m for m in store.meldingen[al_gemeld:]]
    for melding in nieuw:  # a read failure now, or a note such as a damaged file set aside
        opmerkingen.append(f"Je opgeslagen werk kon niet (helemaal) worden gelezen: {melding}" if melding in leesfouten else melding)
    for melding in eerder_gezien:  # a failure a widget met earlier in this session still counts
        if melding not in nieuw:
            opmerkingen.append(
                "Eerder in deze sessie kon je opgeslagen werk niet (helemaal) worden gelezen; wat je toen zag, "
                f"was misschien niet volledig: {melding}"
            )
    opmerkingen[:] = [zonder_persoonlijks(o, store) for o in opmerkingen]
    per_vraag: dict[str, list] = {}
    for p in pogingen:
        if not is_apart(p.onderdeel):  # diagnostic and review attempts are no ordinary questions
            per_vraag.setdefault(p.onderdeel, []).append(p)
    per_reflectie: dict[str, list] = {}
    for c in concepten:
        per_reflectie.setdefault(c.onderdeel, []).append(c)
    return _Werk(pogingen, concepten, student, per_vraag, per_reflectie)


def _delen(banken: dict, werk: _Werk, opmerkingen: list[str]) -> dict[str, dict]:
    """Per notebook number its questions and reflections: the bank's, then work on ids no longer in a bank."""
    bekend: set[str] = set()
    delen: dict[str, dict] = {}
    for nr, bank in sorted(banken.items()):
        vragen = [_vraag_resultaat(v.id, v, True, werk.per_vraag.get(v.id, [])) for v in bank.vragen]
        reflecties = [_reflectie_antwoord(r.id, " ".join(r.vraag.split()), r.min_woorden, True,
                                          werk.per_reflectie.get(r.id, []), opmerkingen) for r in bank.reflecties]
        bekend.update(v.id for v in bank.vragen)
        bekend.update(r.id for r in bank.reflecties)
        delen[nr] = dict(notebook=nr, naam=bank.notebook, titel=bank.titel, vragen=vragen, reflecties=reflecties)

    # work on questions that are no longer in a bank is kept, not dropped
    def deel_voor(id: str) -> dict:
        nr = id[:2] if re.match(r"^[0-9]{2}", id) else "99"
        return delen.setdefault(nr, dict(notebook=nr, naam="", titel=f"Notebook {nr}", vragen=[], reflecties=[]))

    for id, lijst in werk.per_vraag.items():
        if id not in bekend:
            deel_voor(id)["vragen"].append(_vraag_resultaat(id, None, False, lijst))
    for id, lijst in werk.per_reflectie.items():
        if id not in bekend:
            deel_voor(id)["reflecties"].append(_reflectie_antwoord(id, "", 0, False, lijst, opmerkingen))
    return delen


def _vraag_resultaat(id: str, vraag, in_bank: bool, pogingen: list) -> VraagResultaat:
    lijst = pogingen[:MAX_AANTAL]
    # graded again against today's bank, by the same pure function the widget uses
    uitslagen = [_uitslag(vraag, p) for p in lijst]
    return VraagResultaat(
        id=id,
        vraag=korte_tekst(vraag.vraag) if vraag is not None else "",
        type=getattr(vraag, "type", None),
        in_bank=in_bank,
        pogingen=len(lijst),
        eerste_juist=uitslagen[0][0] if lijst else None,
        eerste_score=uitslagen[0][1] if lijst else None,
        beste_score=max(u[1] for u in uitslagen) if lijst else None,
        ooit_juist=any(u[0] for u in uitslagen),
        eerste_poging=lijst[0].tijd if lijst else None,
        laatste_poging=lijst[-1].tijd if lijst else None,
        echte_waarde=_eindig(getattr(vraag, "antwoord", None)),
        eenheid=str(getattr(vraag, "eenheid", "") or "")[:200],
        antwoorden=[_antwoord(vraag, p, u) for p, u in zip(lijst[:MAX_ANTWOORDEN], uitslagen)],
        veranderd=any(u[2] for u in uitslagen),
    )


def _reflectie_antwoord(id: str, tekst: str, min_woorden: int, in_bank: bool, lijst: list,
                        opmerkingen: list[str]) -> ReflectieAntwoord:
    laatste = lijst[-1].tekst if lijst else ""
    eerder = eerdere_versie(lijst)
    if eerder is not None:
        opmerkingen.append(
            f"Van reflectie {id} is de laatste versie leeg of veel korter dan een eerdere versie "
            f"({aantal(tel_woorden(eerder.tekst), 'woord', 'woorden')}, {datum_nl(eerder.tijd)}). Open het notebook: "
            "het tekstvak biedt je die eerdere tekst aan om terug te zetten. Exporteer daarna opnieuw."
        )
    return ReflectieAntwoord(
        id=id,
        vraag=tekst,
        in_bank=in_bank,
        min_woorden=min_woorden,
        tekst=laatste,
        woorden=tel_woorden(laatste),
        versies=len(lijst),
        eerste_versie=lijst[0].tijd if lijst else None,
        laatste_versie=lijst[-1].tijd if lijst else None,
        eerdere_versie=EerdereVersie(woorden=tel_woorden(eerder.tekst), tijd=eerder.tijd) if eerder else None,
    )


def _telling(vragen: list[VraagResultaat], reflecties: list[ReflectieAntwoord]):
    """The one progress count (:func:`wijklab.werk.telling.telling`) of exported questions and reflections."""
    return telling((uit_export(v) for v in vragen),
                   (r.woorden for r in reflecties))


def _notebook_deel(deel: dict) -> NotebookDeel:
    return NotebookDeel(**deel, totaal=Telling(**_telling(deel["vragen"], deel["reflecties"]).voor_export()))


def _diagnose(pogingen, opmerkingen: list[str]) -> Diagnose | None:
    """Her diagnostic before and after, or None when she took neither."""
    from wijklab.inhoud.bank import BankFout
    from wijklab.inhoud.diagnose import NA, VOOR, diagnose_bank, score, uitslag

    if not any(p.onderdeel.startswith((VOOR, NA)) for p in pogingen):
        return None
    try:
        bank = diagnose_bank()
    except BankFout as e:
        opmerkingen.append(f"De vragen van de diagnose konden niet worden gelezen; je antwoorden zijn wel bewaard. (Melding: {e})")
        return None
    items = uitslag(pogingen, bank)
    return Diagnose(
        vragen=len(items),
        voor=score(items, "voor"),
        na=score(items, "na"),
        items=[DiagnoseItem(id=i.id, vraag=korte_tekst(i.vraag), voor=i.voor, na=i.na) for i in items],
    )
