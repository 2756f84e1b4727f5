"""Questions with options: single choice (``enkelvoudig``) and multiple response (``meervoudig``).

Stored answers name the option's text, never its position (the student sees her own order):

=========== ===============================================  =====================================
type        today                                            older rows, still read
=========== ===============================================  =====================================
enkelvoudig ``{"optie": "<tekst van de optie>"}``            ``{"keuze": 2, "tekst": "..."}`` (by
                                                             text; by position if no text)
meervoudig  ``{"opties": ["<tekst>", ...]}`` (bank order)    ``{"keuzes": [0, 2]}`` (by position)
=========== ===============================================  =====================================

Either may carry ``"zeker"`` (zeker / twijfel / gok: how sure she was); grading ignores it.
"""

from __future__ import annotations

from typing import Any

from wijklab.basis.markdown import inline, korte_tekst
from wijklab.inhoud.bank import Enkelvoudig, Meervoudig
from wijklab.inhoud.soorten.soort import Beschrijving, Gelezen, Soort, is_index, kort, onleesbaar, regel

WIDGETS = "wijklab.leerling.quizsoorten"


# --- reading stored answers (new and old forms) -------------------------------------------------


def _lees_enkelvoudig(v: Enkelvoudig, a: Any) -> Gelezen:
    teksten = [o.tekst for o in v.opties]
    if isinstance(a, dict) and "optie" in a:
        t = a["optie"]
    elif isinstance(a, dict) and "keuze" in a:  # the first stored form: position plus text
        t = a.get("tekst")
        if t is None:
            i = a["keuze"]
            if is_index(i, len(teksten)):
                return Gelezen({"optie": teksten[i]}, op_positie=True)
            return Gelezen(None, f"optie nr. {kort(i)} bestaat niet meer")
    else:
        return onleesbaar(a)
    if isinstance(t, str) and t in teksten:
        return Gelezen({"optie": t})
    return Gelezen(None, f"de gekozen optie '{kort(t)}' staat niet meer in de vraag")


def _lees_meervoudig(v: Meervoudig, a: Any) -> Gelezen:
    teksten = [o.tekst for o in v.opties]
    if isinstance(a, dict) and isinstance(a.get("opties"), list):
        gekozen = a["opties"]
        weg = [t for t in gekozen if not isinstance(t, str) or t not in teksten]
        if weg:
            return Gelezen(None, f"de gekozen optie '{kort(weg[0])}' staat niet meer in de vraag")
        return Gelezen({"opties": [t for t in dict.fromkeys(teksten) if t in gekozen]})
    if isinstance(a, dict) and isinstance(a.get("keuzes"), list):  # the first stored form: positions only
        posities = a["keuzes"]
        if not all(is_index(i, len(teksten)) for i in posities):
            return Gelezen(None, "een gekozen optie bestaat niet meer")
        gekozen = {teksten[i] for i in posities}
        return Gelezen({"opties": [t for t in dict.fromkeys(teksten) if t in gekozen]}, op_positie=True)
    return onleesbaar(a)


# --- grading answers in today's form --------------------------------------------------------------


def _beoordeel_enkelvoudig(v: Enkelvoudig, a: dict) -> tuple[bool, float]:
    optie = next(o for o in v.opties if o.tekst == a["optie"])
    return optie.juist, float(optie.juist)


def _beoordeel_meervoudig(v: Meervoudig, a: dict) -> tuple[bool, float]:
    gekozen = set(a["opties"])
    goed = {o.tekst for o in v.opties if o.juist}
    fout = {o.tekst for o in v.opties if not o.juist}
    raak, mis = len(gekozen & goed), len(gekozen & fout)
    return gekozen == goed, max(0.0, (raak - mis) / len(goed))


# --- describing an answer (export, class overview) -----------------------------------------------------


def _optie_zoeker(vraag):
    """A function: a stored option (position or text) -> the option of ``vraag``, or None. ``vraag`` may be
    None or of another type (a question that changed type since the answer): then nothing is found."""
    opties = list(getattr(vraag, "opties", None) or [])

    def optie(waarde):
        if isinstance(waarde, bool):
            return None
        if isinstance(waarde, int) and 0 <= waarde < len(opties):
            return opties[waarde]
        if isinstance(waarde, str):
            return next((o for o in opties if o.tekst == waarde), None)
        return None

    return optie


def _beschrijf_enkelvoudig(vraag, a: dict) -> Beschrijving | None:
    if "keuze" not in a and "optie" not in a:
        return None
    optie = _optie_zoeker(vraag)
    waarde = a.get("keuze", a.get("optie"))
    o = optie(a["tekst"]) if isinstance(a.get("tekst"), str) and optie(a["tekst"]) else optie(waarde)
    tekst = o.tekst if o is not None else str(a.get("tekst", waarde))
    return Beschrijving(korte_tekst(tekst, 300), [korte_tekst(o.tekst, 200)] if o is not None and not o.juist else [], None)


def _beschrijf_meervoudig(vraag, a: dict) -> Beschrijving | None:
    if "keuzes" not in a and "opties" not in a:
        return None
    optie = _optie_zoeker(vraag)
    gekozen = list(a.get("keuzes", a.get("opties")) or [])
    teksten = [o.tekst if (o := optie(k)) is not None else str(k) for k in gekozen]
    fout = [o.tekst for o in map(optie, gekozen) if o is not None and not o.juist]
    return Beschrijving(korte_tekst("; ".join(teksten), 300), [korte_tekst(f, 200) for f in fout], None)


# --- texts: fallback, answer key, what she reads ----------------------------------------------------


def _fallback(v) -> list[str]:
    return [inline(o.tekst) for o in v.opties]


def _sleutel(v) -> list[str]:
    return [f"- {'**goed:**' if o.juist else 'fout:'} {regel(o.tekst)}" for o in v.opties]


def _leestekst(v) -> list[str]:
    return [o.tekst for o in v.opties]


# --- fictional answers (the demo class) ------------------------------------------------------------------


def _voorbeeld_enkelvoudig(v, goed, rng, misvatting, vermogen) -> dict:
    juist = [o.tekst for o in v.opties if o.juist]
    fout = [o.tekst for o in v.opties if not o.juist]
    if goed or not fout:
        return {"optie": juist[0]}
    vaak = misvatting.setdefault(v.id, rng.choice(fout))
    return {"optie": vaak if rng.random() < 0.6 else rng.choice(fout)}


def _voorbeeld_meervoudig(v, goed, rng, misvatting, vermogen) -> dict:
    juist = {o.tekst for o in v.opties if o.juist}
    fout = [o.tekst for o in v.opties if not o.juist]
    gekozen = set(juist)
    if not goed:
        if fout and (len(juist) == 1 or rng.random() < 0.6):
            gekozen.add(misvatting.setdefault(v.id, rng.choice(fout)))
        else:
            gekozen.discard(rng.choice(sorted(juist)))
    return {"opties": [o.tekst for o in v.opties if o.tekst in gekozen]}  # bank order


ENKELVOUDIG = Soort(
    naam="enkelvoudig", model=Enkelvoudig, kop="Vraag — kies één antwoord", sleutelnaam="één antwoord goed",
    widget=f"{WIDGETS}:EnkelvoudigQuiz", lees=_lees_enkelvoudig, beoordeel=_beoordeel_enkelvoudig,
    fallback=_fallback, beschrijf=_beschrijf_enkelvoudig, sleutel=_sleutel, leestekst=_leestekst,
    voorbeeld=_voorbeeld_enkelvoudig, keuze="een",
)
MEERVOUDIG = Soort(
    naam="meervoudig", model=Meervoudig, kop="Vraag — kies alle goede antwoorden", sleutelnaam="meer antwoorden goed",
    widget=f"{WIDGETS}:MeervoudigQuiz", lees=_lees_meervoudig, beoordeel=_beoordeel_meervoudig,
    fallback=_fallback, beschrijf=_beschrijf_meervoudig, sleutel=_sleutel, leestekst=_leestekst,
    voorbeeld=_voorbeeld_meervoudig, keuze="meer",
)
