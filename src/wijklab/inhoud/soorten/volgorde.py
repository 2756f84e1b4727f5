"""Ordering (``volgorde``): put events on a timeline.

Stored answer: ``{"volgorde": ["<item tekst>", ...]}`` (the items by text, in her order).
"""

from __future__ import annotations

from typing import Any

from wijklab.basis.markdown import inline, korte_tekst
from wijklab.inhoud.bank import Volgorde
from wijklab.inhoud.soorten.soort import Beschrijving, Gelezen, Soort, onleesbaar, regel, schud


def _lees(v: Volgorde, a: Any) -> Gelezen:
    if not (isinstance(a, dict) and isinstance(a.get("volgorde"), list)):
        return onleesbaar(a)
    gegeven = a["volgorde"]
    if not all(isinstance(t, str) for t in gegeven) or sorted(gegeven) != sorted(it.tekst for it in v.items):
        return Gelezen(None, "de items van de vraag zijn veranderd")
    return Gelezen({"volgorde": list(gegeven)})


def _beoordeel(v: Volgorde, a: dict) -> tuple[bool, float]:
    goed = [it.tekst for it in v.items]
    op_plek = sum(x == y for x, y in zip(a["volgorde"], goed))
    return a["volgorde"] == goed, op_plek / len(goed)


def _beschrijf(vraag, a: dict) -> Beschrijving | None:
    if "volgorde" not in a:
        return None
    return Beschrijving(korte_tekst(" → ".join(map(str, a["volgorde"])), 300), [], None)


def _fallback(v: Volgorde) -> list[str]:
    return [inline(t) for t in schud([it.tekst for it in v.items], v.id)]


def _sleutel(v: Volgorde) -> list[str]:
    return [f"{i}. {regel(it.tekst)}" + (f" — {regel(it.toelichting)}" if it.toelichting else "")
            for i, it in enumerate(v.items, 1)]


def _voorbeeld(v, goed, rng, misvatting, vermogen) -> dict:
    volgorde = [it.tekst for it in v.items]
    if not goed and len(volgorde) > 1:
        i = rng.randrange(len(volgorde) - 1)
        volgorde[i], volgorde[i + 1] = volgorde[i + 1], volgorde[i]
    return {"volgorde": volgorde}


VOLGORDE = Soort(
    naam="volgorde", model=Volgorde, kop="Vraag — zet in de goede volgorde", sleutelnaam="goede volgorde",
    widget="wijklab.leerling.quizsoorten:VolgordeQuiz", lees=_lees, beoordeel=_beoordeel, fallback=_fallback,
    beschrijf=_beschrijf, sleutel=_sleutel, leestekst=lambda v: [it.tekst for it in v.items], voorbeeld=_voorbeeld,
)
