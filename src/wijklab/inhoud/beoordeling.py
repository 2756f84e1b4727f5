"""Grading: a pure function of a question (the content model from the bank) and an answer.

The quiz widget, the progress overview and the export all call :func:`grade` / :func:`regrade`,
so they can never disagree. :data:`SOORTEN` is the one registry of question types: type name ->
content model, how a stored answer is read (and checked against today's question), how it is
graded, the heading shown above it and its static fallback. Adding a type: see DESIGN.md.

Stored answers (the JSON in the store's ``antwoord`` column) name what was answered, never a
position, so a teacher may reorder options in a bank without changing anyone's answer:

========== ==============================================  =====================================
type       today                                           older rows, still read
========== ==============================================  =====================================
enkelvoudig ``{"optie": "<tekst van de optie>"}``          ``{"keuze": 2, "tekst": "..."}`` (by
                                                            text; by position if no text)
meervoudig ``{"opties": ["<tekst>", ...]}`` (bank order)   ``{"keuzes": [0, 2]}`` (by position)
volgorde   ``{"volgorde": ["<item tekst>", ...]}``         same
koppelen   ``{"paren": {"<links>": "<rechts>", ...}}``     same
getal      ``{"getal": 12.5}``                             same
voorspel   ``{"schatting": 29.0}``                         same
========== ==============================================  =====================================

An answer that no longer fits the question (an option's text is gone, the items differ) is not
guessed at: the result says ``veranderd=True`` with a Dutch ``reden``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

from wijklab.inhoud.bank import VRAAGTYPES, Enkelvoudig, Getal, Koppelen, Meervoudig, Volgorde, Voorspel

#: how far a number may be off and still be "the answer" (floating point in YAML)
EPSILON = 1e-9


@dataclass(frozen=True)
class Resultaat:
    """The grade of one answer against the question as it is in the bank today."""

    juist: bool
    score: float  # 0..1
    antwoord: dict | None  # the answer in today's stored form; None when it no longer fits
    veranderd: bool = False  # the question changed since the answer: it cannot be graded any more
    op_positie: bool = False  # an old answer stored only by position was read by position
    reden: str = ""  # Dutch: what changed (for the export and the teacher)


@dataclass(frozen=True)
class Gelezen:
    """A stored answer read against today's question."""

    antwoord: dict | None  # None: it does not fit (see reden)
    reden: str = ""
    op_positie: bool = False


def _kort(x: Any) -> str:
    t = " ".join(str(x).split())
    return t if len(t) <= 60 else t[:57] + "..."


def _onleesbaar(opgeslagen: Any) -> Gelezen:
    return Gelezen(None, f"het opgeslagen antwoord past niet bij dit soort vraag ({_kort(opgeslagen)})")


def _is_index(i: Any, n: int) -> bool:
    return isinstance(i, int) and not isinstance(i, bool) and 0 <= i < n


def _is_getal(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


# --- reading stored answers (new and old forms) -------------------------------------------------


def _lees_enkelvoudig(v: Enkelvoudig, a: Any) -> Gelezen:
    teksten = [o.tekst for o in v.opties]
    if isinstance(a, dict) and "optie" in a:
        t = a["optie"]
    elif isinstance(a, dict) and "keuze" in a:  # the first stored form: position plus text
        t = a.get("tekst")
        if t is None:
            i = a["keuze"]
            if _is_index(i, len(teksten)):
                return Gelezen({"optie": teksten[i]}, op_positie=True)
            return Gelezen(None, f"optie nr. {_kort(i)} bestaat niet meer")
    else:
        return _onleesbaar(a)
    if isinstance(t, str) and t in teksten:
        return Gelezen({"optie": t})
    return Gelezen(None, f"de gekozen optie '{_kort(t)}' staat niet meer in de vraag")


def _lees_meervoudig(v: Meervoudig, a: Any) -> Gelezen:
    teksten = [o.tekst for o in v.opties]
    if isinstance(a, dict) and isinstance(a.get("opties"), list):
        gekozen = a["opties"]
        weg = [t for t in gekozen if not isinstance(t, str) or t not in teksten]
        if weg:
            return Gelezen(None, f"de gekozen optie '{_kort(weg[0])}' staat niet meer in de vraag")
        return Gelezen({"opties": [t for t in dict.fromkeys(teksten) if t in gekozen]})
    if isinstance(a, dict) and isinstance(a.get("keuzes"), list):  # the first stored form: positions only
        posities = a["keuzes"]
        if not all(_is_index(i, len(teksten)) for i in posities):
            return Gelezen(None, "een gekozen optie bestaat niet meer")
        gekozen = {teksten[i] for i in posities}
        return Gelezen({"opties": [t for t in dict.fromkeys(teksten) if t in gekozen]}, op_positie=True)
    return _onleesbaar(a)


def _lees_volgorde(v: Volgorde, a: Any) -> Gelezen:
    if not (isinstance(a, dict) and isinstance(a.get("volgorde"), list)):
        return _onleesbaar(a)
    gegeven = a["volgorde"]
    if not all(isinstance(t, str) for t in gegeven) or sorted(gegeven) != sorted(it.tekst for it in v.items):
        return Gelezen(None, "de items van de vraag zijn veranderd")
    return Gelezen({"volgorde": list(gegeven)})


def _lees_koppelen(v: Koppelen, a: Any) -> Gelezen:
    if not (isinstance(a, dict) and isinstance(a.get("paren"), dict)):
        return _onleesbaar(a)
    gegeven = a["paren"]
    links = [p.links for p in v.paren]
    rechts = {p.rechts for p in v.paren}
    if set(gegeven) != set(links) or not all(isinstance(r, str) and r in rechts for r in gegeven.values()):
        return Gelezen(None, "de paren van de vraag zijn veranderd")
    return Gelezen({"paren": {l: gegeven[l] for l in links}})


def _lees_getal(sleutel: str) -> Callable[[Any, Any], Gelezen]:
    def lees(v, a: Any) -> Gelezen:
        if isinstance(a, dict) and _is_getal(a.get(sleutel)):
            return Gelezen({sleutel: float(a[sleutel])})
        return _onleesbaar(a)

    return lees


# --- grading answers in today's form --------------------------------------------------------------


def _enkelvoudig(v: Enkelvoudig, a: dict) -> tuple[bool, float]:
    optie = next(o for o in v.opties if o.tekst == a["optie"])
    return optie.juist, float(optie.juist)


def _meervoudig(v: Meervoudig, a: dict) -> tuple[bool, float]:
    gekozen = set(a["opties"])
    goed = {o.tekst for o in v.opties if o.juist}
    fout = {o.tekst for o in v.opties if not o.juist}
    raak, mis = len(gekozen & goed), len(gekozen & fout)
    return gekozen == goed, max(0.0, (raak - mis) / len(goed))


def _volgorde(v: Volgorde, a: dict) -> tuple[bool, float]:
    goed = [it.tekst for it in v.items]
    op_plek = sum(x == y for x, y in zip(a["volgorde"], goed))
    return a["volgorde"] == goed, op_plek / len(goed)


def _koppelen(v: Koppelen, a: dict) -> tuple[bool, float]:
    goed = sum(a["paren"].get(p.links) == p.rechts for p in v.paren)
    return goed == len(v.paren), goed / len(v.paren)


def _getal(v: Getal, a: dict) -> tuple[bool, float]:
    juist = abs(a["getal"] - v.antwoord) <= v.marge + EPSILON
    return juist, float(juist)


def _voorspel(v: Voorspel, a: dict) -> tuple[bool, float]:
    # a prediction is never 'wrong': committing it earns the point; 'juist' says it was close
    return abs(a["schatting"] - v.antwoord) <= v.marge + EPSILON, 1.0


# --- static fallbacks (question and options, never the answer) ---------------------------------


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


def _fb_opties(v) -> list[str]:
    from wijklab.leerling import ui

    return [ui.inline(o.tekst) for o in v.opties]


def _fb_volgorde(v: Volgorde) -> list[str]:
    from wijklab.leerling import ui

    return [ui.inline(t) for t in schud([it.tekst for it in v.items], v.id)]


#: the letters of a matching question's descriptions (the widget's drop-downs hold only these)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _fb_koppelen(v: Koppelen) -> list[str]:
    from wijklab.leerling import ui

    links = [ui.inline(p.links) for p in v.paren]
    rechts = schud([p.rechts for p in v.paren], v.id)
    keuzes = "; ".join(f"{LETTERS[i]}. {ui.inline(r)}" for i, r in enumerate(rechts))
    return [f"{a} — ?" for a in links] + [f"<i>Keuzes:</i> {keuzes}"]


def _geen_fallback(v) -> list[str] | None:
    return None


# --- the registry ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Soort:
    """Everything the engine knows about one question type (the widget lives in quizwidgets.KLASSEN)."""

    naam: str
    model: type
    kop: str  # the heading above the question, e.g. "Vraag — kies één antwoord"
    lees: Callable[[Any, Any], Gelezen]  # stored answer (any form) -> today's form, or why it no longer fits
    beoordeel: Callable[[Any, dict], tuple[bool, float]]  # today's form -> (right?, score 0..1)
    fallback: Callable[[Any], list[str] | None]  # static HTML lines (options, never the answer)


SOORTEN: dict[str, Soort] = {
    s.naam: s
    for s in (
        Soort("enkelvoudig", Enkelvoudig, "Vraag — kies één antwoord", _lees_enkelvoudig, _enkelvoudig, _fb_opties),
        Soort("meervoudig", Meervoudig, "Vraag — kies alle goede antwoorden", _lees_meervoudig, _meervoudig, _fb_opties),
        Soort("volgorde", Volgorde, "Vraag — zet in de goede volgorde", _lees_volgorde, _volgorde, _fb_volgorde),
        Soort("koppelen", Koppelen, "Vraag — koppel de begrippen", _lees_koppelen, _koppelen, _fb_koppelen),
        Soort("getal", Getal, "Vraag — typ een getal", _lees_getal("getal"), _getal, _geen_fallback),
        Soort("voorspel", Voorspel, "Voorspel eerst, kijk dan", _lees_getal("schatting"), _voorspel, _geen_fallback),
    )
}
assert tuple(SOORTEN) == VRAAGTYPES, "every type in bank.Vraag needs one entry in SOORTEN (and back)"


def soort(vraag) -> Soort:
    return SOORTEN[vraag.type]


def grade(vraag, antwoord: Any) -> Resultaat:
    """Grade ``antwoord`` (any stored form) against ``vraag`` as it is in the bank now. Never raises."""
    s = soort(vraag)
    try:
        gelezen = s.lees(vraag, antwoord)
    except (TypeError, ValueError, KeyError, AttributeError):  # garbage in an old or edited store
        gelezen = _onleesbaar(antwoord)
    if gelezen.antwoord is None:
        return Resultaat(False, 0.0, None, veranderd=True, reden=gelezen.reden)
    juist, score = s.beoordeel(vraag, gelezen.antwoord)
    return Resultaat(bool(juist), min(max(float(score), 0.0), 1.0), gelezen.antwoord, op_positie=gelezen.op_positie)


def regrade(vraag, opgeslagen: Any, eerder_juist: bool | None = None, eerder_score: float | None = None) -> Resultaat:
    """Grade a stored answer again, also in its old forms.

    ``eerder_juist``/``eerder_score`` are what the store says the attempt got when it was made.
    An old answer that was stored only by position is read by position; if that now gives another
    grade than it got then, the options were moved or changed: the result is ``veranderd``.
    """
    r = grade(vraag, opgeslagen)
    if r.op_positie and eerder_juist is not None:
        anders = bool(eerder_juist) != r.juist or (eerder_score is not None and abs(float(eerder_score) - r.score) > 1e-6)
        if anders:
            return Resultaat(False, 0.0, None, veranderd=True, op_positie=True,
                             reden="de opties van de vraag zijn veranderd sinds het antwoord (het was opgeslagen als plaats in de lijst)")
    return r


def beoordeel_poging(vraag, poging) -> Resultaat:
    """:func:`regrade` for a ``store.Poging`` (uses the grade the attempt got at the time)."""
    return regrade(vraag, poging.antwoord, poging.juist, poging.score)


__all__ = ["SOORTEN", "Soort", "Resultaat", "Gelezen", "grade", "regrade", "beoordeel_poging", "soort", "schud"]
