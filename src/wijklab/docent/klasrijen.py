"""The rows of the class overview: per question, per student, the question × student grid, the reflections,
and the questions students were sure of and still got wrong.

A prediction (voorspel) is an estimate: shown as the distance to the real value, never as wrong. A
student's counts come from the one progress count (:func:`wijklab.werk.telling.telling`).
"""

from __future__ import annotations

import statistics
from collections import Counter

from wijklab.basis.taal import aantal, nl_getal
from wijklab.docent import toetsanalyse
from wijklab.docent.klasbestanden import Inzending
from wijklab.docent.klassamenvatting import JUISTE_COMBINATIE
from wijklab.inhoud.soorten import is_schatting, keuze_van
from wijklab.werk.telling import telling, uit_export

#: the "needs help" rule, as applied and as printed on the page
HULP_MIN_VRAGEN = 3
HULP_MAX_AANDEEL = 0.5
HULP_POGINGEN = 3.0
HULP_REGEL = (
    f"Een student krijgt het signaal ‘hulp nodig’ als zij minstens {HULP_MIN_VRAGEN} quizvragen maakte "
    f"(voorspellingen tellen niet mee) en minder dan de helft daarvan de eerste keer goed had, of als zij "
    f"gemiddeld {nl_getal(HULP_POGINGEN)} of meer pogingen per vraag nodig had."
)


def _is_schatting(v) -> bool:
    return is_schatting(v.type)


def _cel(v) -> dict:
    """One cell of the question × student grid."""
    if not v.pogingen:
        return dict(soort="open", teken="–", uitleg="nog niet gemaakt")
    if _is_schatting(v):
        eerste = v.eerste_getal
        if eerste is not None and v.echte_waarde is not None:
            verschil = eerste - v.echte_waarde
            teken = "≈" if abs(verschil) < 1e-9 else ("+" if verschil > 0 else "−") + nl_getal(abs(round(verschil, 2)))
            return dict(soort="schatting", teken=teken, uitleg=f"schatting {nl_getal(eerste)}, echte waarde {nl_getal(v.echte_waarde)}")
        return dict(soort="schatting", teken="≈", uitleg="schatting vastgelegd")
    if v.eerste_juist:
        return dict(soort="goed", teken="✔", uitleg="de eerste keer goed")
    if v.ooit_juist:
        return dict(soort="later", teken=f"✔{v.pogingen}", uitleg=f"goed na {v.pogingen} pogingen")
    return dict(soort="fout", teken=f"✘{v.pogingen}", uitleg=f"nog niet goed na {aantal(v.pogingen, 'poging', 'pogingen')}")


def _vragen_overzicht(inzendingen: list[Inzending]) -> list[dict]:
    vragen: dict[str, dict] = {}
    for inz in inzendingen:
        for nb in inz.portfolio.notebooks:
            for v in nb.vragen:
                rij = vragen.setdefault(v.id, dict(
                    id=v.id, notebook=nb.notebook, titel=nb.titel, vraag="", type=v.type, gemaakt=0, eerste_goed=0,
                    pogingen=0, fout_gekozen=Counter(), schattingen=[], binnen_marge=[], echte_waarde=None, eenheid="", sleutel=set(),
                ))
                if not rij["vraag"] and v.vraag:
                    rij["vraag"] = v.vraag
                rij["type"] = rij["type"] or v.type
                if v.echte_waarde is not None:
                    rij["echte_waarde"], rij["eenheid"] = v.echte_waarde, v.eenheid
                if not v.pogingen:
                    continue
                rij["gemaakt"] += 1
                rij["eerste_goed"] += bool(v.eerste_juist)
                rij["pogingen"] += v.pogingen
                # each wrong option counts once per student, however often she chose it
                rij["fout_gekozen"].update(v.fout_gekozen)
                if keuze_van(v.type) == "een" and v.eerste_juist and v.eerste_keuzes:
                    rij["sleutel"].add(v.eerste_keuzes[0])  # the option of a right first attempt is the key
                if _is_schatting(v) and v.eerste_getal is not None:
                    rij["schattingen"].append(v.eerste_getal)
                    rij["binnen_marge"].append(bool(v.eerste_juist))
    analyse = _itemanalyse(inzendingen)
    uit = []
    for rij in vragen.values():
        schatting = is_schatting(rij["type"])
        rij["schatting"] = schatting
        _analyse_bij(rij, analyse.get(rij["id"]))
        rij["aandeel"] = rij["eerste_goed"] / rij["gemaakt"] if rij["gemaakt"] and not schatting else None
        rij["gemiddeld"] = rij["pogingen"] / rij["gemaakt"] if rij["gemaakt"] else None
        rij["meest_fout"] = [dict(tekst=t, n=n) for t, n in sorted(rij["fout_gekozen"].items(), key=lambda x: (-x[1], x[0]))[:3]]
        rij["schatting_tekst"] = _schattingen_tekst(rij["schattingen"], rij["echte_waarde"], rij["eenheid"]) if schatting else ""
        uit.append(rij)
    # hardest first; predictions (no right or wrong) after the questions
    return sorted(uit, key=lambda r: (r["schatting"], r["aandeel"] is None, r["aandeel"] or 0.0, -(r["gemiddeld"] or 0.0), r["id"]))


def _itemanalyse(inzendingen: list[Inzending]) -> dict[str, toetsanalyse.ItemAnalyse]:
    """Item analysis on first attempts; the analysed set is one notebook (see :mod:`wijklab.docent.toetsanalyse`).

    Counted: closed questions that are not predictions, whose type is known (in the bank), that the
    student answered. Per student only a 0/1 per question and the options of her first attempt.
    """
    per_nb: dict[str, tuple[list[dict[str, int]], dict[str, list[tuple[str, ...]]]]] = {}
    for inz in inzendingen:
        for nb in inz.portfolio.notebooks:
            scores = {v.id: int(bool(v.eerste_juist)) for v in nb.vragen
                      if v.pogingen and v.type is not None and not _is_schatting(v)}
            if not scores:
                continue
            studenten, keuzes = per_nb.setdefault(nb.notebook, ([], {}))
            studenten.append(scores)
            for v in nb.vragen:
                if v.id in scores and v.eerste_keuzes:
                    keuzes.setdefault(v.id, []).append(v.eerste_keuzes)
    uit: dict[str, toetsanalyse.ItemAnalyse] = {}
    for studenten, keuzes in per_nb.values():
        uit.update(toetsanalyse.analyseer(studenten, keuzes))
    return uit


def _analyse_bij(rij: dict, a: toetsanalyse.ItemAnalyse | None) -> None:
    """Put the item analysis of one question into its row of the overview (page and CSV)."""
    rij["analyse"] = a
    rij["rir_tekst"] = ""
    rij["keuzes"] = []
    rij["signalen"] = []
    rij["schatting_analyse"] = None
    rij["binnen_aantal"] = sum(rij["binnen_marge"])
    if is_schatting(rij["type"]):
        rij["schatting_analyse"] = toetsanalyse.voorspel_analyse(rij["schattingen"], rij["echte_waarde"], rij["binnen_marge"])
        return
    if a is None:
        return
    rij["rir_tekst"] = a.rir.tekst(lambda x: nl_getal(x, 2))
    juist = {t for t, _ in a.opties if t == JUISTE_COMBINATIE}
    if keuze_van(rij["type"]) == "een":
        juist = set(rij.get("sleutel", ()))
    rij["keuzes"] = [
        dict(tekst="precies de goede combinatie" if t == JUISTE_COMBINATIE else t, n=n, aandeel=n / a.n if a.n else 0.0,
             juist=t in juist)
        for t, n in a.opties
    ]
    rij["signalen"] = [dict(naam=toetsanalyse.ADVIES[f][0], advies=toetsanalyse.ADVIES[f][1]) for f in a.vlaggen]


def _schattingen_tekst(schattingen: list[float], echt: float | None, eenheid: str) -> str:
    if not schattingen:
        return "nog geen schattingen"
    e = f" {eenheid}" if eenheid else ""
    mediaan = statistics.median(schattingen)
    tekst = f"mediaan van de schattingen {nl_getal(round(mediaan, 2))}{e}"
    if echt is None:
        return tekst
    hoger = sum(s > echt for s in schattingen)
    lager = sum(s < echt for s in schattingen)
    afstand = statistics.median(abs(s - echt) for s in schattingen)
    return (f"{tekst}; echte waarde {nl_getal(echt)}{e}; een schatting lag meestal {nl_getal(round(afstand, 2))}{e} "
            f"ernaast (mediaan van de afstand); {hoger} hoger en {lager} lager geschat")


def _notebooks(inzendingen: list[Inzending]) -> list[dict]:
    gezien: dict[str, str] = {}
    for inz in inzendingen:
        for nb in inz.portfolio.notebooks:
            gezien.setdefault(nb.notebook, nb.titel)
    return [dict(notebook=nr, titel=titel) for nr, titel in sorted(gezien.items())]


def _student(inz: Inzending, notebooks: list[dict]) -> dict:
    p = inz.portfolio
    per_nb = {nb.notebook: nb.totaal for nb in p.notebooks}
    vragen = [v for nb in p.notebooks for v in nb.vragen]
    reflecties = [r for nb in p.notebooks for r in nb.reflecties]
    # the one progress count; predictions are estimates and never count as right or wrong here
    telt = telling(uit_export(v) for v in vragen)
    gemaakt, eerste, pogingen = telt.toetsvragen_gemaakt, telt.goed_eerste_keer, telt.toetspogingen
    gemiddeld = pogingen / gemaakt if gemaakt else None
    aandeel = eerste / gemaakt if gemaakt else None
    hulp = bool(gemaakt) and (
        (gemaakt >= HULP_MIN_VRAGEN and aandeel < HULP_MAX_AANDEEL) or (gemiddeld is not None and gemiddeld >= HULP_POGINGEN)
    )
    open_vragen = [v.id for v in vragen if not v.pogingen and v.in_bank]
    open_reflecties = [r.id for r in reflecties if not r.woorden and r.in_bank]
    te_kort = [dict(id=r.id, woorden=r.woorden, doel=r.min_woorden) for r in reflecties if 0 < r.woorden < r.min_woorden]
    # a reflection whose latest draft is empty or much shorter than an earlier one: never just "open"
    eerder = [dict(id=r.id, woorden=r.eerdere_versie.woorden, tijd=r.eerdere_versie.tijd) for r in reflecties if r.eerdere_versie]
    t = p.totaal
    return dict(
        label=inz.label,
        bestand=inz.bestand.name,
        id=p.student.id,
        geexporteerd=p.geexporteerd,
        cellen=[per_nb.get(nb["notebook"]) for nb in notebooks],
        totaal=t,
        klaar=t.gemaakt == t.vragen and t.geschreven == t.reflecties,
        gemaakt=gemaakt,
        toetsbaar=telt.toetsvragen,
        eerste_goed=eerste,
        aandeel=aandeel,
        pogingen=pogingen,
        gemiddeld=gemiddeld,
        hulp=hulp,
        open_vragen=open_vragen,
        open_reflecties=open_reflecties,
        te_kort=te_kort,
        eerder=eerder,
        controle=inz.controle,
        vlaggen=list(inz.vlaggen),
    )


def _rooster(inzendingen: list[Inzending], notebooks: list[dict]) -> list[dict]:
    """Per notebook: the question ids (columns) and per student a row of cells."""
    uit = []
    for nb in notebooks:
        ids: list[str] = []
        for inz in inzendingen:
            for deel in inz.portfolio.notebooks:
                if deel.notebook == nb["notebook"]:
                    ids += [v.id for v in deel.vragen if v.id not in ids]
        if not ids:
            continue
        uit.append(dict(notebook=nb["notebook"], titel=nb["titel"], ids=ids, rijen=_rijen(inzendingen, nb["notebook"], ids)))
    return uit


def _rijen(inzendingen: list[Inzending], notebook: str, ids: list[str]):
    """The rows of one grid, made while the page is written (a class of 2,000 has 400,000 cells)."""
    for inz in inzendingen:
        per_id = {v.id: v for deel in inz.portfolio.notebooks if deel.notebook == notebook for v in deel.vragen}
        cellen = [(_cel(per_id[i]) if i in per_id else dict(soort="open", teken="·", uitleg="niet in deze export")) for i in ids]
        yield dict(label=inz.label, cellen=cellen)


def _reflecties(inzendingen: list[Inzending]) -> list[dict]:
    prompts: dict[str, dict] = {}
    for inz in inzendingen:
        for nb in inz.portfolio.notebooks:
            for r in nb.reflecties:
                rij = prompts.setdefault(r.id, dict(id=r.id, notebook=nb.notebook, titel=nb.titel, vraag="", antwoorden=[]))
                if not rij["vraag"] and r.vraag:
                    rij["vraag"] = r.vraag
                rij["antwoorden"].append(dict(label=inz.label, r=r, te_kort=0 < r.woorden < r.min_woorden))
    return sorted(prompts.values(), key=lambda r: (r["notebook"], r["id"]))


# --- confidence: sure and wrong at the first attempt ---------------------------------------------------


def zeker_maar_fout(inzendingen: list[Inzending]) -> list[dict]:
    """Per choice question with any confidence given: how many said they were sure at the first attempt,
    and how many of those were wrong (the signal of a misconception); most sure-and-wrong first."""
    tel: dict[str, dict] = {}
    for inz in inzendingen:
        for nb in inz.portfolio.notebooks:
            for v in nb.vragen:
                if v.eerste_zeker is None or v.eerste_juist is None:
                    continue
                t = tel.setdefault(v.id, dict(id=v.id, vraag=v.vraag, notebook=nb.notebook, gegeven=0, zeker=0, zeker_fout=0))
                t["gegeven"] += 1
                if v.eerste_zeker == "zeker":
                    t["zeker"] += 1
                    t["zeker_fout"] += not v.eerste_juist
    return sorted(tel.values(), key=lambda t: (-t["zeker_fout"], t["id"]))
