"""The record of a question type (:class:`Soort`) and the small pieces the type modules share.

A type module (keuze, volgorde, koppelen, getal) builds one :class:`Soort` per type it declares; the
registry in :mod:`wijklab.inhoud.soorten` collects them. Nothing here imports a widget: the widget
is named by a dotted path that the student layer resolves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, NamedTuple


@dataclass(frozen=True)
class Gelezen:
    """A stored answer read against today's question."""

    antwoord: dict | None  # None: it does not fit (see reden)
    reden: str = ""
    op_positie: bool = False


class Beschrijving(NamedTuple):
    """An answer in words, for the export and the class overview."""

    gegeven: str  # what was given, one short line
    fout_gekozen: list[str]  # the wrong options chosen (questions with options)
    getal: float | None  # the number given (numbers and estimates)


@dataclass(frozen=True)
class Soort:
    """Everything the engine knows about one question type, in one place."""

    naam: str  # the YAML ``type:`` and the export's ``type`` field
    model: type  # the declaration class in wijklab.inhoud.bank
    kop: str  # the heading above the question, e.g. "Vraag — kies één antwoord"
    sleutelnaam: str  # the kind of answer in the answer keys, e.g. "één antwoord goed"
    #: the widget class, as "module:Klasse" (resolved by wijklab.leerling.quiz.widget_klasse; the
    #: content layer never imports widgets)
    widget: str
    lees: Callable[[Any, Any], Gelezen]  # stored answer (any form) -> today's form, or why it no longer fits
    beoordeel: Callable[[Any, dict], tuple[bool, float]]  # today's form -> (right?, score 0..1)
    fallback: Callable[[Any], list[str] | None]  # static HTML lines (options, never the answer)
    #: (question or None, stored answer dict) -> the answer in words, or None when the dict is in none of
    #: this type's forms (the registry then asks the other types: see soorten.beschrijf)
    beschrijf: Callable[[Any, dict], Beschrijving | None]
    sleutel: Callable[[Any], list[str]]  # the right answer as Markdown lines for docs/antwoordsleutels.md
    leestekst: Callable[[Any], list[str]]  # the texts she reads besides the question (options, items, pairs)
    #: (question, right?, random.Random, misconceptions per question id, ability) -> a fictional stored answer
    voorbeeld: Callable[..., dict]
    #: an estimate: never right or wrong (committing it earns the point), shown as an estimate everywhere
    schatting: bool = False
    #: questions with options: "een" (one answer; the option chosen first names the key in the item
    #: analysis) or "meer" (several; the wrong options chosen and the exact right combination are counted);
    #: "" for others. Questions with options also ask 'Hoe zeker ben je?'.
    keuze: str = ""


# --- shared helpers ----------------------------------------------------------------------------------


def kort(x: Any) -> str:
    """A stored value in a Dutch reason: one line, at most 60 characters."""
    t = " ".join(str(x).split())
    return t if len(t) <= 60 else t[:57] + "..."


def onleesbaar(opgeslagen: Any) -> Gelezen:
    return Gelezen(None, f"het opgeslagen antwoord past niet bij dit soort vraag ({kort(opgeslagen)})")


def is_index(i: Any, n: int) -> bool:
    return isinstance(i, int) and not isinstance(i, bool) and 0 <= i < n


def is_getal(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def eindig(x) -> float | None:
    """``x`` as a finite float, or None."""
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def regel(tekst: str) -> str:
    """A bank text on one line (for the answer keys)."""
    return " ".join(str(tekst).split())


def schud(items: list, sleutel: str) -> list:
    """Shuffle, but the same way every run (so a re-run looks the same), and never in the right order."""
    import random

    uit = list(items)
    rng = random.Random(sleutel)
    for _ in range(10):
        rng.shuffle(uit)
        if uit != items:
            break
    return uit


def geen_fallback(v) -> list[str] | None:
    return None
