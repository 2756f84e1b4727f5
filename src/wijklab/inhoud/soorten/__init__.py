"""The question types: one :class:`Soort` record per type, the one place that knows a type.

A type is declared as a dataclass in :mod:`wijklab.inhoud.bank` (its fields and YAML ``type:``) and
registered here; everything else about it lives in its module: reading a stored answer (new and old
forms), grading it, the heading, the static fallback, the answer in words (export, class overview), the
answer key, the texts she reads, a fictional answer for the demo class, and the path of its widget.

=========== ============ =================================================================
module      type         stored answer (see the module for older forms)
=========== ============ =================================================================
keuze       enkelvoudig  ``{"optie": "<tekst>"}``
keuze       meervoudig   ``{"opties": ["<tekst>", ...]}`` (bank order)
volgorde    volgorde     ``{"volgorde": ["<item tekst>", ...]}``
koppelen    koppelen     ``{"paren": {"<links>": "<rechts>", ...}}``
getal       getal        ``{"getal": 12.5}``
getal       voorspel     ``{"schatting": 29.0}``
=========== ============ =================================================================

Everywhere else a question's type is asked of the registry (``soort_van(vraag).schatting``,
``soort_genaamd(naam)`` for the ``type`` field of an export), never switched on by name.
"""

from __future__ import annotations

import json
from typing import Any

from wijklab.basis.markdown import korte_tekst
from wijklab.basis.taal import nl_getal
from wijklab.inhoud.bank import VRAAGTYPES
from wijklab.inhoud.soorten.getal import GETAL, VOORSPEL
from wijklab.inhoud.soorten.keuze import ENKELVOUDIG, MEERVOUDIG
from wijklab.inhoud.soorten.koppelen import KOPPELEN, LETTERS
from wijklab.inhoud.soorten.soort import Beschrijving, Gelezen, Soort, eindig, onleesbaar, schud
from wijklab.inhoud.soorten.volgorde import VOLGORDE

#: every question type by its name (the YAML ``type:``), in the order of bank.VRAAGTYPES
SOORTEN: dict[str, Soort] = {s.naam: s for s in (ENKELVOUDIG, MEERVOUDIG, VOLGORDE, KOPPELEN, GETAL, VOORSPEL)}
assert tuple(SOORTEN) == VRAAGTYPES, "every question type declared in bank needs one Soort here (and back)"

#: the order in which an answer that is in none of its question's forms is tried against the other
#: types (an answer from before a question changed type, or to a question no longer in the bank)
_BESCHRIJF_VOLGORDE = (VOORSPEL, GETAL, MEERVOUDIG, ENKELVOUDIG, VOLGORDE, KOPPELEN)


def soort_van(vraag) -> Soort:
    """The type of a question from a bank."""
    return SOORTEN[vraag.type]


def soort_genaamd(naam: Any) -> Soort | None:
    """The type named ``naam`` (the ``type`` field of an export), or None for an unknown or missing name."""
    return SOORTEN.get(naam) if isinstance(naam, str) else None


def is_schatting(naam: Any) -> bool:
    """True when ``naam`` names an estimate (never right or wrong)."""
    s = soort_genaamd(naam)
    return s is not None and s.schatting


def keuze_van(naam: Any) -> str:
    """How the type named ``naam`` counts options (``Soort.keuze``: "een", "meer"), "" for no options or no type."""
    s = soort_genaamd(naam)
    return s.keuze if s is not None else ""


def beschrijf(vraag, antwoord) -> Beschrijving:
    """A stored answer in words: (what was given, the wrong options chosen, the number given).

    Understands the stored forms of every question type, by text and (older stores) by position:
    first those of the question's own type, then the others. ``vraag`` may be None (the question is no
    longer in the bank): then only what the answer itself says is used. Never raises.
    """
    try:
        if not isinstance(antwoord, dict):
            getal = eindig(antwoord) if isinstance(antwoord, (int, float)) and not isinstance(antwoord, bool) else None
            return Beschrijving(korte_tekst(str(antwoord) if getal is None else nl_getal(getal), 300), [], getal)
        eigen = soort_genaamd(getattr(vraag, "type", None))
        for s in ((eigen,) if eigen else ()) + _BESCHRIJF_VOLGORDE:
            b = s.beschrijf(vraag, antwoord)
            if b is not None:
                return b
        return Beschrijving(korte_tekst(json.dumps(antwoord, ensure_ascii=False), 300), [], None)
    except Exception:  # a strange stored answer must never stop the export
        return Beschrijving("(antwoord niet leesbaar)", [], None)


__all__ = ["SOORTEN", "Soort", "Gelezen", "Beschrijving", "soort_van", "soort_genaamd", "is_schatting", "keuze_van", "beschrijf",
           "onleesbaar", "schud", "LETTERS"]
