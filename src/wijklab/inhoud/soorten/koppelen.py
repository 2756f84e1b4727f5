"""Matching (``koppelen``): each term on the left gets one description on the right.

Stored answer: ``{"paren": {"<links>": "<rechts>", ...}}`` (by text).
"""

from __future__ import annotations

from typing import Any

from wijklab.basis.markdown import inline, korte_tekst
from wijklab.inhoud.bank import Koppelen
from wijklab.inhoud.soorten.soort import Beschrijving, Gelezen, Soort, onleesbaar, regel, schud

#: the letters of a matching question's descriptions (the widget's drop-downs hold only these)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _lees(v: Koppelen, a: Any) -> Gelezen:
    if not (isinstance(a, dict) and isinstance(a.get("paren"), dict)):
        return onleesbaar(a)
    gegeven = a["paren"]
    links = [p.links for p in v.paren]
    rechts = {p.rechts for p in v.paren}
    if set(gegeven) != set(links) or not all(isinstance(r, str) and r in rechts for r in gegeven.values()):
        return Gelezen(None, "de paren van de vraag zijn veranderd")
    return Gelezen({"paren": {l: gegeven[l] for l in links}})


def _beoordeel(v: Koppelen, a: dict) -> tuple[bool, float]:
    goed = sum(a["paren"].get(p.links) == p.rechts for p in v.paren)
    return goed == len(v.paren), goed / len(v.paren)


def _beschrijf(vraag, a: dict) -> Beschrijving | None:
    if not isinstance(a.get("paren"), dict):
        return None
    return Beschrijving(korte_tekst("; ".join(f"{l} → {r}" for l, r in a["paren"].items()), 300), [], None)


def _fallback(v: Koppelen) -> list[str]:
    links = [inline(p.links) for p in v.paren]
    rechts = schud([p.rechts for p in v.paren], v.id)
    keuzes = "; ".join(f"{LETTERS[i]}. {inline(r)}" for i, r in enumerate(rechts))
    return [f"{a} — ?" for a in links] + [f"<i>Keuzes:</i> {keuzes}"]


def _sleutel(v: Koppelen) -> list[str]:
    return [f"- {regel(p.links)} → {regel(p.rechts)}" for p in v.paren]


def _voorbeeld(v, goed, rng, misvatting, vermogen) -> dict:
    paren = {p.links: p.rechts for p in v.paren}
    if not goed and len(v.paren) > 1:
        a, b = rng.sample(range(len(v.paren)), 2)
        la, lb = v.paren[a].links, v.paren[b].links
        paren[la], paren[lb] = paren[lb], paren[la]
    return {"paren": paren}


KOPPELEN = Soort(
    naam="koppelen", model=Koppelen, kop="Vraag — koppel de begrippen", sleutelnaam="goede paren",
    widget="wijklab.leerling.quizsoorten:KoppelenQuiz", lees=_lees, beoordeel=_beoordeel, fallback=_fallback,
    beschrijf=_beschrijf, sleutel=_sleutel, leestekst=lambda v: [p.links + " " + p.rechts for p in v.paren],
    voorbeeld=_voorbeeld,
)
