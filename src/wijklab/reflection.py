"""Reflections: ``wl.reflectie("01-eigen-buurt")``.

An open prompt with a text box. What the student types is saved about one second after she stops
typing (every save is a new row: earlier drafts are never overwritten), and it comes back when the
notebook is opened again or the kernel restarted. A model answer, if the bank has one, can be opened
only after she has written something herself.
"""

from __future__ import annotations

import html
import threading

import ipywidgets as widgets

from . import ui
from .bank import BankFout, Reflectie, fout_tekst, zoek
from .store import Opslag, Store, huidige_store, tel_woorden

#: seconds of quiet after the last keystroke before saving
WACHT_S = 1.0
#: words the student must have written before the model answer can be opened
MIN_WOORDEN_MODEL = 15


class ReflectieWidget:
    def __init__(self, opdracht: Reflectie, store: Store, wacht_s: float = WACHT_S):
        self.opdracht = opdracht
        self.store = store
        self.wacht_s = wacht_s
        self._timer: threading.Timer | None = None
        self._slot = threading.Lock()
        self._laatst_bewaard: str | None = None
        self._status_html = '<span class="wl-status" role="status">nog niets geschreven</span>'

        eerder = store.laatste_concept(opdracht.id)
        self.tekstvak = widgets.Textarea(
            value=eerder.tekst if eerder else "",
            placeholder="Schrijf hier je antwoord. Het wordt vanzelf opgeslagen.",
            description="Jouw antwoord:",
            continuous_update=True,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%", height="12em"),
        )
        self.tekstvak.add_class("wl-tekstvak")
        self.status = widgets.HTML()
        self.status.add_class("wl-opslagstatus")
        self.woorden = widgets.HTML()
        self.woorden.add_class("wl-woorden")
        self.bewaar_knop = ui.knop("Nu opslaan", "wl-bewaar", "Sla je tekst meteen op")
        self.bewaar_knop.on_click(lambda _: self.bewaar())
        self.model_knop = ui.knop("Toon modelantwoord", "wl-modelantwoord-knop")
        self.model_knop.on_click(lambda _: self.toon_model())
        self.model = widgets.HTML()
        self.model.add_class("wl-modelantwoord")
        if not opdracht.modelantwoord:
            self.model_knop.layout.display = "none"

        if eerder:
            self._laatst_bewaard = eerder.tekst
            self._status_html = f'<span class="wl-status" role="status">✓ opgeslagen om {html.escape(eerder.tijd[11:16])} op {html.escape(eerder.tijd[:10])}</span>'
        self.status.value = self._status_html
        self._werk_tellers_bij()
        self.tekstvak.observe(self._bij_wijziging, names="value")

    # --- saving
    def _bij_wijziging(self, _change) -> None:
        self._werk_tellers_bij()
        self.status.value = '<span class="wl-status">… wordt zo opgeslagen</span>'
        with self._slot:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.wacht_s, self.bewaar)
            self._timer.daemon = True
            self._timer.start()

    def bewaar(self) -> Opslag | None:
        with self._slot:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            tekst = self.tekstvak.value
            if tekst == self._laatst_bewaard and not self.store.niet_opgeslagen:
                self.status.value = self._status_html  # typed and undone: the saved text still stands
                return None
            opslag = self.store.bewaar_concept(self.opdracht.id, tekst)
            if opslag.gelukt:
                self._laatst_bewaard = tekst
            self._status_html = ui.opslag_html(opslag, self.store)
            self.status.value = self._status_html
            self._werk_tellers_bij()
            return opslag

    # --- counters and model answer
    def _werk_tellers_bij(self) -> None:
        n = tel_woorden(self.tekstvak.value)
        doel = f" (richtlengte: {self.opdracht.min_woorden})" if self.opdracht.min_woorden else ""
        self.woorden.value = f"<small>{n} {'woord' if n == 1 else 'woorden'}{doel}</small>"
        if self.opdracht.modelantwoord:
            genoeg = n >= MIN_WOORDEN_MODEL
            self.model_knop.disabled = not genoeg
            self.model_knop.tooltip = "Toon het modelantwoord" if genoeg else f"Schrijf eerst zelf minstens {MIN_WOORDEN_MODEL} woorden"

    def toon_model(self) -> None:
        if tel_woorden(self.tekstvak.value) < MIN_WOORDEN_MODEL:
            self.model.value = ui.melding("info", f"Schrijf eerst zelf minstens {MIN_WOORDEN_MODEL} woorden; daarna kun je het modelantwoord openen.")
            return
        self.bewaar()
        self.model.value = ui.melding(
            "info",
            "<p><b>Modelantwoord</b> (één mogelijk goed antwoord; vergelijk het met het jouwe):</p>"
            + ui.markdown(self.opdracht.modelantwoord)
            + ui.bronregel(self.opdracht.bronnen),
        )

    def bouw(self) -> ui.Blok:
        kop = widgets.HTML(
            ui.CSS
            + '<div class="wl-soort">Reflectie — schrijf in je eigen woorden</div>'
            + f'<div class="wl-kop">{ui.markdown(self.opdracht.vraag)}</div>'
            + ui.store_meldingen(self.store)
        )
        blok = ui.Blok(
            [kop, self.tekstvak, widgets.HBox([self.bewaar_knop, self.status, self.woorden]), self.model_knop, self.model],
            fallback_html=ui.fallback("Reflectie", ui.markdown(self.opdracht.vraag)),
            fallback_tekst=f"Reflectie: {self.opdracht.vraag}",
        )
        blok.add_class("wl-blok")
        blok.add_class("wl-reflectie")
        blok.add_class(f"wl-vraag-{self.opdracht.id}")
        return blok


def reflectie(id: str):
    """Show reflection prompt ``id`` with a text box that saves itself."""
    try:
        _, opdracht = zoek(id)
    except BankFout as e:
        return ui.fout_blok(fout_tekst(e, "Deze opdracht"))
    if not isinstance(opdracht, Reflectie):
        return ui.fout_blok(f"'{id}' is een quizvraag, geen reflectie. Gebruik wl.quiz('{id}').")
    return ReflectieWidget(opdracht, huidige_store()).bouw()
