"""Numbers: a numeric answer with a margin (``getal``) and predict-then-reveal (``voorspel``).

Stored answers: ``{"getal": 12.5}`` and ``{"schatting": 29.0}``. A prediction is never 'wrong':
committing it earns the point; ``juist`` says it was within the margin.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from wijklab.basis.markdown import korte_tekst
from wijklab.basis.taal import nl_getal
from wijklab.inhoud.bank import Getal, Voorspel
from wijklab.inhoud.soorten.soort import Beschrijving, Gelezen, Soort, eindig, geen_fallback, is_getal, onleesbaar

#: how far a number may be off and still be "the answer" (floating point in YAML)
EPSILON = 1e-9


def _lees(sleutel: str) -> Callable[[Any, Any], Gelezen]:
    def lees(v, a: Any) -> Gelezen:
        if isinstance(a, dict) and is_getal(a.get(sleutel)):
            return Gelezen({sleutel: float(a[sleutel])})
        return onleesbaar(a)

    return lees


def _beoordeel_getal(v: Getal, a: dict) -> tuple[bool, float]:
    juist = abs(a["getal"] - v.antwoord) <= v.marge + EPSILON
    return juist, float(juist)


def _beoordeel_voorspel(v: Voorspel, a: dict) -> tuple[bool, float]:
    # a prediction is never 'wrong': committing it earns the point; 'juist' says it was close
    return abs(a["schatting"] - v.antwoord) <= v.marge + EPSILON, 1.0


def _beschrijf(sleutel: str) -> Callable[[Any, dict], Beschrijving | None]:
    def beschrijf(vraag, a: dict) -> Beschrijving | None:
        if sleutel not in a:
            return None
        getal = eindig(a[sleutel])
        return Beschrijving(nl_getal(getal) if getal is not None else korte_tekst(str(a[sleutel]), 300), [], getal)

    return beschrijf


def _met_eenheid(x: float, eenheid: str) -> str:
    return f"{nl_getal(x)} {eenheid}".strip()


def _sleutel(v) -> list[str]:
    return [f"- **Antwoord:** {_met_eenheid(v.antwoord, v.eenheid)} (goed tussen "
            f"{_met_eenheid(v.antwoord - v.marge, v.eenheid)} en {_met_eenheid(v.antwoord + v.marge, v.eenheid)})"]


def _rond(x: float, echt: float) -> float:
    """An estimate as a person writes it: whole numbers for large values, one decimal for small ones."""
    return float(round(x)) if abs(echt) >= 20 else round(x, 1)


def _voorbeeld_getal(v, goed, rng, misvatting, vermogen) -> dict:
    if goed:
        return {"getal": v.antwoord}
    fout = v.antwoord * rng.choice((10, 0.1, 1.5, 0.5)) if v.antwoord else v.marge + 1
    if abs(fout - v.antwoord) <= v.marge:
        fout = v.antwoord + 2 * v.marge + 1
    return {"getal": _rond(fout, v.antwoord)}


def _voorbeeld_voorspel(v, goed, rng, misvatting, vermogen) -> dict:
    # estimates scatter around the real value, less for stronger students; never right or wrong
    spreiding = max(0.08, 0.45 - 0.1 * vermogen)
    schatting = v.antwoord * math.exp(rng.gauss(0.0, spreiding)) if v.antwoord else rng.gauss(0.0, 1.0)
    if v.minimum is not None and v.maximum is not None:
        schatting = min(max(schatting, v.minimum), v.maximum)
    return {"schatting": _rond(schatting, v.antwoord)}


GETAL = Soort(
    naam="getal", model=Getal, kop="Vraag — typ een getal", sleutelnaam="getal",
    widget="wijklab.leerling.quizsoorten:GetalQuiz", lees=_lees("getal"), beoordeel=_beoordeel_getal,
    fallback=geen_fallback, beschrijf=_beschrijf("getal"), sleutel=_sleutel, leestekst=lambda v: [],
    voorbeeld=_voorbeeld_getal,
)
VOORSPEL = Soort(
    naam="voorspel", model=Voorspel, kop="Voorspel eerst, kijk dan", sleutelnaam="voorspelling",
    widget="wijklab.leerling.quizsoorten:VoorspelQuiz", lees=_lees("schatting"), beoordeel=_beoordeel_voorspel,
    fallback=geen_fallback, beschrijf=_beschrijf("schatting"), sleutel=_sleutel, leestekst=lambda v: [],
    voorbeeld=_voorbeeld_voorspel, schatting=True,
)
