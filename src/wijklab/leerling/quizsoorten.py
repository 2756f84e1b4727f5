"""The widget of each question type: what the browser draws (static/vraag.js), how the widget's
``waarde`` is read into exactly the stored form, the feedback, restoring an answer and the right answer.

Each class is named by its type's record (``Soort.widget`` in :mod:`wijklab.inhoud.soorten`); the shared
behaviour (checking, storing, restoring, feedback) is in :mod:`wijklab.leerling.quiz`.
"""

from __future__ import annotations

import html
from typing import Any

from wijklab.basis.taal import aantal, lees_getal, nl_getal, woord
from wijklab.inhoud.bank import Enkelvoudig, Getal, Koppelen, Meervoudig, Volgorde, Voorspel
from wijklab.inhoud.soorten import LETTERS, schud
from wijklab.leerling import ui
from wijklab.leerling.quiz import _WACHTEND, KeuzeQuiz, Onthulling, Quiz, Samen


def _getal_veld(label: str, plaatshouder: str, eenheid: str) -> dict:
    return {"label": label, "plaatshouder": plaatshouder, "eenheid": eenheid}


class EnkelvoudigQuiz(KeuzeQuiz):
    vraag: Enkelvoudig

    def begin(self):
        return {"keuze": None}

    def lees(self):
        i = self.waarde.get("keuze")
        if not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < len(self.getoond):
            raise ValueError("Kies eerst een antwoord.")
        return self.met_zekerheid({"optie": self.getoond[i].tekst})

    def uitleg_html(self, antwoord, juist, score):
        optie = next(o for o in self.vraag.opties if o.tekst == antwoord["optie"])
        return ui.markdown(optie.feedback)

    def herstel(self, antwoord):
        return {"keuze": next(i for i, o in enumerate(self.getoond) if o.tekst == antwoord["optie"])}

    def goede_antwoord_html(self):
        return "".join(f"<p>{ui.inline(o.tekst)} — {ui.inline(o.feedback)}</p>" for o in self.getoond if o.juist)


class MeervoudigQuiz(KeuzeQuiz):
    vraag: Meervoudig

    def begin(self):
        return {"vinkjes": [False] * len(self.getoond)}

    def lees(self):
        vinkjes = self.waarde.get("vinkjes")
        vinkjes = vinkjes if isinstance(vinkjes, list) else []
        aangevinkt = {o.tekst for o, v in zip(self.getoond, vinkjes) if v is True}
        gekozen = [o.tekst for o in self.vraag.opties if o.tekst in aangevinkt]  # stored in the bank's order
        if not gekozen:
            raise ValueError("Vink eerst minstens één antwoord aan.")
        return self.met_zekerheid({"opties": gekozen})

    def uitleg_html(self, antwoord, juist, score):
        gekozen = set(antwoord["opties"])
        regels = []
        for o in self.getoond:
            if o.tekst in gekozen:
                teken = "✔" if o.juist else "✘"
                regels.append(f"<li>{teken} {ui.inline(o.tekst)}: {ui.inline(o.feedback)}</li>")
        vergeten = sum(1 for o in self.vraag.opties if o.juist and o.tekst not in gekozen)
        extra = f"<p>Je mist nog {aantal(vergeten, 'goed antwoord', 'goede antwoorden')}.</p>" if vergeten else ""
        return f"<ul>{''.join(regels)}</ul>{extra}"

    def herstel(self, antwoord):
        return {"vinkjes": [o.tekst in antwoord["opties"] for o in self.getoond]}

    def goede_antwoord_html(self):
        return "<ul>" + "".join(f"<li>{ui.inline(o.tekst)}</li>" for o in self.getoond if o.juist) + "</ul>"


class VolgordeQuiz(Quiz):
    """Put items in order: choose an item in a radio group and move it with two buttons (keyboard alone works)."""

    vraag: Volgorde

    def invoer(self):
        return {"items": [{"sleutel": it.tekst, "html": ui.inline(it.tekst)} for it in self.vraag.items]}

    def begin(self):
        return {"volgorde": schud([it.tekst for it in self.vraag.items], self.sleutel)}

    def lees(self):
        volgorde = self.waarde.get("volgorde")
        if not isinstance(volgorde, list) or sorted(map(str, volgorde)) != sorted(it.tekst for it in self.vraag.items):
            raise ValueError("De volgorde is niet compleet. Voer de cel opnieuw uit en zet de items nog eens op volgorde.")
        return {"volgorde": list(volgorde)}

    def uitleg_html(self, antwoord, juist, score):
        if juist:
            return self.goede_antwoord_html()  # the timeline with its years
        goed = [it.tekst for it in self.vraag.items]
        op_plek = sum(a == b for a, b in zip(antwoord["volgorde"], goed))
        return f"<p>{op_plek} van de {len(goed)} {woord(op_plek, 'staat', 'staan')} al op de goede plek.</p>{ui.markdown(self.vraag.feedback_fout)}"

    def herstel(self, antwoord):
        return {"volgorde": list(antwoord["volgorde"])}

    def goede_antwoord_html(self):
        return "<ol>" + "".join(f"<li>{ui.inline(it.tekst)}{' — ' + html.escape(it.toelichting) if it.toelichting else ''}</li>" for it in self.vraag.items) + "</ol>"


class KoppelenQuiz(Quiz):
    """The descriptions are shown once, lettered and wrapping; each term gets a drop-down of letters
    only, so it never has to cut off a long text (a native select cannot wrap)."""

    vraag: Koppelen

    def invoer(self):
        rechts = schud([p.rechts for p in self.vraag.paren], self.sleutel)
        return {
            "links": [ui.inline(p.links) for p in self.vraag.paren],
            "rechts": [{"sleutel": r, "letter": LETTERS[i], "html": ui.inline(r)} for i, r in enumerate(rechts)],
        }

    def begin(self):
        return {"paren": [None] * len(self.vraag.paren)}

    def lees(self):
        paren = self.waarde.get("paren")
        paren = paren if isinstance(paren, list) else []
        rechts = {p.rechts for p in self.vraag.paren}
        gekozen = [paren[i] if i < len(paren) and paren[i] in rechts else None for i in range(len(self.vraag.paren))]
        open_ = [ui.platte_tekst(p.links) for p, g in zip(self.vraag.paren, gekozen) if g is None]
        if open_:
            raise ValueError(f"Kies nog een koppeling bij: {', '.join(open_)}.")
        return {"paren": {p.links: g for p, g in zip(self.vraag.paren, gekozen)}}

    def uitleg_html(self, antwoord, juist, score):
        if juist:
            return ""
        n = len(self.vraag.paren)
        goed = sum(antwoord["paren"].get(p.links) == p.rechts for p in self.vraag.paren)
        return f"<p>{goed} van de {n} koppelingen {woord(goed, 'klopt', 'kloppen')}.</p>{ui.markdown(self.vraag.feedback_fout)}"

    def herstel(self, antwoord):
        return {"paren": [antwoord["paren"].get(p.links) for p in self.vraag.paren]}

    def goede_antwoord_html(self):
        return "<ul>" + "".join(f"<li>{ui.inline(p.links)} → {ui.inline(p.rechts)}</li>" for p in self.vraag.paren) + "</ul>"


class GetalQuiz(Quiz):
    vraag: Getal

    def invoer(self):
        return _getal_veld("Jouw antwoord:", "bijvoorbeeld 12,5", self.vraag.eenheid)

    def begin(self):
        return {"tekst": ""}

    def _getal(self) -> float:
        tekst = self.waarde.get("tekst")
        return lees_getal(tekst[:200] if isinstance(tekst, str) else "")

    def lees(self):
        return {"getal": self._getal()}

    def uitleg_html(self, antwoord, juist, score):
        if juist:
            return f"<p>Het antwoord is {nl_getal(self.vraag.antwoord)} {html.escape(self.vraag.eenheid)}.</p>"
        te = self.vraag.feedback_te_laag if antwoord["getal"] < self.vraag.antwoord else self.vraag.feedback_te_hoog
        return ui.markdown(te)

    def herstel(self, antwoord):
        return {"tekst": nl_getal(antwoord["getal"])}

    def goede_antwoord_html(self):
        return f"<p>{nl_getal(self.vraag.antwoord)} {html.escape(self.vraag.eenheid)}</p>"


class VoorspelQuiz(GetalQuiz):
    """The student commits an estimate first; only then the real value and its chart appear."""

    vraag: Voorspel
    knop_tekst = "Leg mijn schatting vast"
    knop_tip = "Je schatting wordt bewaard; daarna zie je de echte waarde"
    toon_antwoord = False

    def __init__(self, vraag, store, onderdeel: str | None = None, grafiek: Any = None):
        super().__init__(vraag, store, onderdeel)
        self.grafiek = grafiek
        self.uitkomst = Onthulling() if grafiek is not None else None

    def invoer(self):
        return _getal_veld("Jouw schatting:", "jouw schatting", self.vraag.eenheid)

    def lees(self):
        x = self._getal()
        v = self.vraag
        if v.minimum is not None and x < v.minimum or v.maximum is not None and x > v.maximum:
            if v.minimum is None:
                raise ValueError(f"Kies een getal van hoogstens {nl_getal(v.maximum)}.")
            if v.maximum is None:
                raise ValueError(f"Kies een getal van minstens {nl_getal(v.minimum)}.")
            raise ValueError(f"Kies een getal tussen {nl_getal(v.minimum)} en {nl_getal(v.maximum)}.")
        return {"schatting": x}

    def uitleg_html(self, antwoord, juist, score):
        x = antwoord["schatting"]
        echt = self.vraag.antwoord
        verschil = x - echt
        if juist:
            oordeel = "Je schatting zit er dichtbij."
        elif verschil < 0:
            oordeel = f"Je schatting is {nl_getal(round(abs(verschil), 2))} lager dan de echte waarde."
        else:
            oordeel = f"Je schatting is {nl_getal(round(abs(verschil), 2))} hoger dan de echte waarde."
        eenheid = html.escape(self.vraag.eenheid)
        return f"<p>Jouw schatting: <b>{nl_getal(x)} {eenheid}</b>. De echte waarde: <b>{nl_getal(echt)} {eenheid}</b>. {oordeel}</p>"

    def feedback_html(self, juist, uitleg, eerder=""):
        # a prediction is never 'wrong': what counts is comparing it with reality
        self.widget.uitgeschakeld = True
        self.widget.zet_knop("controleer", uit=True, tekst="Schatting vastgelegd")
        return ui.melding("info", f"{('<p>' + eerder + '</p>') if eerder else ''}{uitleg}{ui.markdown(self.vraag.uitleg)}{ui.bronregel(self.vraag.bronnen)}")

    def bij_controle(self):
        super().bij_controle()
        if self.pogingen:
            self._toon_grafiek(self.pogingen[-1].antwoord["schatting"])
            for plek in _WACHTEND.pop(self.vraag.id, []):  # the gates further down the notebook open now
                plek.vul()

    def herstel(self, antwoord):
        self._toon_grafiek(antwoord["schatting"])
        return {"tekst": nl_getal(antwoord["schatting"])}

    def _toon_grafiek(self, schatting: float):
        if self.uitkomst is not None:
            self.uitkomst.vul(lambda: self.grafiek(schatting) if callable(self.grafiek) else self.grafiek)

    def bouw(self):
        """The estimate, and below it the place where the chart appears once it is committed."""
        w = super().bouw()
        return w if self.uitkomst is None else Samen(w, self.uitkomst)
