"""The diagnostic's widget: the same core questions at the start and at the end of the course.

In a notebook::

    wl.diagnose("voor")   # notebook 00: she answers, sees no right or wrong yet
    wl.diagnose("na")     # notebook 07: she answers again, then sees her answer from the start beside it

The content (the bank, the prefixes of stored attempts, the pure results and learning gain) is in
:mod:`wijklab.inhoud.diagnose`; its names are re-exported here.
"""

from __future__ import annotations

import html

from wijklab.leerling import ui
from wijklab.inhoud.bank import Bank, BankFout, Enkelvoudig, Meervoudig, fout_tekst
from wijklab.inhoud.beoordeling import beoordeel_poging
from wijklab.inhoud.diagnose import (  # noqa: F401  (re-exported for callers of the widget module)
    APART, FASEN, HERHALING, NA, VOOR, Item, bank_bestand, diagnose_bank, is_apart, leerwinst, score, uitslag,
)


# --- the widget --------------------------------------------------------------------------------


def _gegeven(vraag, antwoord) -> str:
    if isinstance(antwoord, dict) and "optie" in antwoord:
        return ui.inline(str(antwoord["optie"]))
    if isinstance(antwoord, dict) and isinstance(antwoord.get("opties"), list):
        return "; ".join(ui.inline(str(o)) for o in antwoord["opties"])
    return "—"


class _Diagnosevraag:
    """A choice question of the diagnostic: one answer, then locked. Before the course she sees only
    that it is saved; after the course her answer from the start beside today's, with the feedback."""

    toon_antwoord = False
    knop_tekst = "Leg mijn antwoord vast"
    knop_tip = "Je antwoord wordt bewaard; je kunt het daarna niet meer veranderen"

    def __init__(self, vraag, store, fase: str, bij_antwoord=None):
        self.fase = fase
        self.bij_antwoord = bij_antwoord
        super().__init__(vraag, store, FASEN[fase] + vraag.id)
        self.pogingen = self.pogingen[:1]  # only the first attempt counts
        vooraf = store.pogingen(VOOR + vraag.id)[:1] if fase == "na" else []
        self.vooraf = vooraf[0] if vooraf else None

    def bij_controle(self):
        if self.store.pogingen(self.onderdeel):  # already answered (e.g. in another window): keep the first
            self.pogingen = self.store.pogingen(self.onderdeel)[:1]
            self.bouw()
            return
        super().bij_controle()
        self.pogingen = self.pogingen[:1]
        if self.bij_antwoord is not None:
            self.bij_antwoord()

    def feedback_html(self, juist, uitleg, eerder=""):
        self.widget.uitgeschakeld = True
        self.widget.zet_knop("controleer", uit=True, tekst="Antwoord vastgelegd")
        if self.fase == "voor":
            return ui.melding(
                "info",
                "<p><b>Je antwoord is bewaard.</b> Of het goed is, zie je nu nog niet: aan het eind van de cursus, "
                "in notebook 07, krijg je dezelfde vraag opnieuw. Dan zie je je antwoord van nu ernaast.</p>",
            )
        nu = _gegeven(self.vraag, self.pogingen[0].antwoord) if self.pogingen else "—"
        if self.vooraf is None:
            toen, toen_oordeel = "<i>niet beantwoord</i>", ""
        else:
            toen = _gegeven(self.vraag, self.vooraf.antwoord)
            toen_oordeel = "✔ goed" if beoordeel_poging(self.vraag, self.vooraf).juist else "✘ niet goed"
        tabel = (
            "<table class='wl-voor-na'><colgroup><col class='wl-voor-na-kop'><col><col></colgroup>"
            "<thead><tr><th scope='col'></th><th scope='col'>Aan het begin (notebook 00)</th>"
            "<th scope='col'>Nu (notebook 07)</th></tr></thead><tbody>"
            f"<tr><th scope='row'>Je antwoord</th><td>{toen}</td><td>{nu}</td></tr>"
            f"<tr><th scope='row'>Oordeel</th><td>{toen_oordeel}</td><td>{'✔ goed' if juist else '✘ niet goed'}</td></tr>"
            "</tbody></table>"
        )
        return ui.melding("goed" if juist else "fout",
                          f"{tabel}{uitleg}{ui.markdown(self.vraag.uitleg)}{ui.bronregel(self.vraag.bronnen)}")


def _klasse(vraag):
    from wijklab.leerling.quiz import EnkelvoudigQuiz, MeervoudigQuiz

    basis = {Enkelvoudig: EnkelvoudigQuiz, Meervoudig: MeervoudigQuiz}[type(vraag)]
    return type(f"Diagnose{basis.__name__}", (_Diagnosevraag, basis), {})


class Diagnose:
    """All questions of the diagnostic under one introduction, shown as outputs of one cell; after the
    course a summary line under them, updated as she answers."""

    def __init__(self, fase: str, store=None, bank: Bank | None = None):
        from wijklab.werk.store import huidige_store

        self.fase = fase
        self.store = store or huidige_store()
        self.bank = bank or diagnose_bank()
        self.samenvatting = ui.html_vak()
        self.samenvatting.add_class("wl-diagnose-samenvatting")
        self.vragen = [_klasse(v)(v, self.store, fase, self.werk_bij) for v in self.bank.vragen]
        self.widgets = [q.bouw() for q in self.vragen]
        self.werk_bij()

    def inleiding_html(self) -> str:
        n = len(self.bank.vragen)
        if self.fase == "voor":
            tekst = (f"<p><b>Wat weet je al?</b> Hieronder staan {n} vragen over de kern van de cursus. Je kunt ze nu "
                     "nog niet allemaal weten, en dat hoeft ook niet: kies wat je denkt. Je ziet nu nog niet wat goed is. "
                     "Aan het eind van de cursus, in notebook 07, krijg je dezelfde vragen opnieuw; dan zie je wat je "
                     "geleerd hebt. Je antwoorden tellen niet mee voor een cijfer.</p>")
        else:
            tekst = (f"<p><b>Wat weet je nu?</b> Dit zijn dezelfde {n} vragen als aan het begin van de cursus. Beantwoord "
                     "ze eerst zonder terug te bladeren. Na elk antwoord zie je je antwoord van het begin ernaast, en "
                     "de uitleg.</p>")
        return ui.CSS + f'<div class="wl-diagnose-inleiding">{tekst}</div>'

    def werk_bij(self) -> None:
        items = uitslag(self.store.pogingen(), self.bank)
        n = len(items)
        gedaan = sum(1 for i in items if getattr(i, self.fase) is not None)
        if self.fase == "voor":
            self.samenvatting.value = f"<p><small>{gedaan} van de {n} vragen beantwoord.</small></p>"
            return
        voor, na = score(items, "voor"), score(items, "na")
        if gedaan < n:
            self.samenvatting.value = f"<p><small>{gedaan} van de {n} vragen beantwoord.</small></p>"
            return
        if voor is None:
            regel = f"Nu had je {na} van de {n} goed. Aan het begin heb je deze vragen niet gemaakt."
        else:
            regel = f"Aan het begin had je {voor} van de {n} goed, nu {na} van de {n}."
        self.samenvatting.value = ui.melding("info", f"<p><b>{html.escape(regel)}</b></p>")

    def _ipython_display_(self):
        from IPython.display import HTML, display

        display(HTML(self.inleiding_html()), *self.widgets, self.samenvatting)


def diagnose(fase: str = "voor"):
    """The diagnostic: ``"voor"`` at the start of the course (notebook 00), ``"na"`` at the end (07)."""
    if fase not in FASEN:
        return ui.fout_blok(f"'{fase}' kan hier niet: gebruik wl.diagnose(\"voor\") aan het begin of wl.diagnose(\"na\") aan het eind.")
    try:
        return Diagnose(fase)
    except BankFout as e:
        return ui.fout_blok(fout_tekst(e, "De diagnose"))
