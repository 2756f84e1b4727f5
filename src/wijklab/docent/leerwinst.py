"""Learning gain on the class overview: the diagnostic before and after (:mod:`wijklab.inhoud.diagnose`),
per student, for the class and per core idea, as Hake's normalised gain."""

from __future__ import annotations

import statistics

from wijklab.basis.taal import nl_getal
from wijklab.inhoud.diagnose import leerwinst

#: what the page says when a student's gain cannot be computed because she had everything right before
NIET_TE_BEREKENEN = "niet te berekenen (al alles goed vooraf)"


def leerwinst_student(label: str, diagnose: tuple | None) -> dict:
    """One student's row: before, after, maximum and Hake's g (or why there is none)."""
    maximum, voor, na = diagnose[:3] if diagnose else (0, None, None)
    g = leerwinst(voor, na, maximum)
    if voor is None and na is None:
        ontbreekt = "voormeting en nameting"
    elif voor is None:
        ontbreekt = "voormeting"
    elif na is None:
        ontbreekt = "nameting"
    else:
        ontbreekt = ""
    if ontbreekt:
        g_tekst = f"niet te berekenen ({ontbreekt} ontbreekt)"
    elif g is None:
        g_tekst = NIET_TE_BEREKENEN
    else:
        g_tekst = nl_getal(round(g, 2))
    return dict(label=label, max=maximum, voor=voor, na=na, g=g, g_tekst=g_tekst, ontbreekt=ontbreekt)


def leerwinst_klas(diagnoses: list[tuple[str, tuple | None]]) -> dict:
    """The learning gain of a class from (label, compact diagnostic) per student: per student, the class
    (Hake's g of the class means, over students with both measurements), per question (core idea) the
    share right before and after and its g, and who did not take both."""
    rijen = [leerwinst_student(label, d) for label, d in diagnoses]
    beide = [r for r in rijen if not r["ontbreekt"]]
    klas = None
    if beide:
        maximum = max(r["max"] for r in beide)
        gem_voor = statistics.fmean(r["voor"] for r in beide)
        gem_na = statistics.fmean(r["na"] for r in beide)
        g = leerwinst(gem_voor, gem_na, maximum)
        klas = dict(n=len(beide), max=maximum, voor=gem_voor, na=gem_na, g=g,
                    g_tekst=NIET_TE_BEREKENEN if g is None else nl_getal(round(g, 2)))
    per_vraag: dict[str, dict] = {}
    for _, d in diagnoses:
        if not d or d[1] is None or d[2] is None:
            continue
        for id, vraag, voor, na in d[3]:
            if voor is None or na is None:
                continue
            t = per_vraag.setdefault(id, dict(id=id, vraag=vraag, n=0, voor=0, na=0))
            t["n"] += 1
            t["voor"] += bool(voor)
            t["na"] += bool(na)
    ideeen = []
    for t in per_vraag.values():
        a_voor, a_na = t["voor"] / t["n"], t["na"] / t["n"]
        g = None if a_voor >= 1 else (a_na - a_voor) / (1 - a_voor)
        ideeen.append(dict(t, aandeel_voor=a_voor, aandeel_na=a_na, g=g,
                           g_tekst=NIET_TE_BEREKENEN if g is None else nl_getal(round(g, 2))))
    return dict(studenten=rijen, klas=klas, ideeen=ideeen, ontbreekt=[r for r in rijen if r["ontbreekt"]],
                iemand=any(d is not None for _, d in diagnoses))
