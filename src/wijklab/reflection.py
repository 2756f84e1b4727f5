"""Reflections: ``wl.reflectie("01-eigen-buurt")``.

An open prompt with a text box. What the student types is saved about one second after she stops
typing (every save is a new row: earlier drafts are never overwritten), and it comes back when the
notebook is opened again or the kernel restarted. A model answer, if the bank has one, can be opened
only after she has written something herself.

The debounce runs on the kernel's asyncio event loop (``loop.call_later``), so saving and the status
update happen on the kernel's own thread. Without a running loop (plain Python, some tests) a timer
thread does it instead. Text not yet saved when the kernel shuts down or restarts is saved by an
``atexit`` handler (ipykernel exits normally after a shutdown request, also on a restart).

If the existing draft cannot be read because another notebook holds the store locked, the text box
is disabled with a Dutch note (never an empty box that would hide the draft), and reading is tried
again on the event loop; an empty text is never saved over a draft that could not be read.
"""

from __future__ import annotations

import asyncio
import atexit
import html
import threading
import time
import weakref

import ipywidgets as widgets

from . import ui
from .bank import BankFout, Reflectie, fout_tekst, zoek
from .store import OPNIEUW_S, LeesFout, Opslag, Store, huidige_store, tel_woorden

#: seconds of quiet after the last keystroke before saving
WACHT_S = 1.0
#: words the student must have written before the model answer can be opened
MIN_WOORDEN_MODEL = 15


def woorden_voor_model(opdracht: Reflectie) -> int:
    """Words she writes herself before the model answer opens: the prompt's target length, if it has one."""
    return opdracht.min_woorden or MIN_WOORDEN_MODEL
#: attempts to read the existing draft when the store is locked (each waits the store's busy timeout)
LEESPOGINGEN = 2
#: how often the widget tries again in the background to read a draft behind a lock (every OPNIEUW_S)
LEES_HERHALINGEN = 40

#: the open reflection widgets, so what is typed can be saved when the kernel stops
_OPEN: "weakref.WeakSet[ReflectieWidget]" = weakref.WeakSet()

_BEZET_NOOT = (
    "Je eerder opgeslagen tekst kan nu niet worden gelezen: het opslagbestand is even bezet door een ander "
    "notebook. Je tekst is niet weg. Er wordt zo opnieuw geprobeerd; het tekstvak gaat open zodra je tekst "
    "er weer staat. Gebeurt dat niet, voer deze cel dan over een paar seconden opnieuw uit."
)


def _lopende_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class ReflectieWidget:
    def __init__(self, opdracht: Reflectie, store: Store, wacht_s: float = WACHT_S):
        self.opdracht = opdracht
        self.store = store
        self.wacht_s = wacht_s
        self._wachter: asyncio.TimerHandle | threading.Timer | None = None
        self._loop = _lopende_loop()  # the kernel's loop, when made in a notebook
        self._slot = threading.RLock()
        self._laatst_bewaard: str | None = None
        self._concept_bekend = True  # False when the existing draft could not be read
        self._leest_nog = False  # True while the box waits for a draft behind a lock
        self._stil = False
        self._status_html = '<span class="wl-status" role="status">nog niets geschreven</span>'

        eerder, bezet = self._lees_eerder()
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
        self.leesnoot = widgets.HTML()
        self.leesnoot.add_class("wl-leesnoot")
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
            self._toon_bewaard(eerder)
        self.status.value = self._status_html
        if bezet:
            self._wacht_op_concept(LEES_HERHALINGEN)
        self._werk_tellers_bij()
        self.tekstvak.observe(self._bij_wijziging, names="value")
        store.luister(self._na_opnieuw)
        _OPEN.add(self)

    # --- reading the existing draft
    def _lees_eerder(self):
        """(latest draft or None, True if it could not be read because the store is locked)."""
        for poging in range(LEESPOGINGEN):
            try:
                return self.store.laatste_concept(self.opdracht.id, streng=True), False
            except LeesFout as fout:
                if not fout.bezet:
                    self._concept_bekend = False  # e.g. an unreadable folder: the header says why
                    return None, False
                ui.markeer_getoond(fout.melding)  # the widget's own note says it better
                if poging + 1 < LEESPOGINGEN:
                    time.sleep(0.2)
        return None, True

    def _toon_bewaard(self, concept) -> None:
        self._laatst_bewaard = concept.tekst
        self._status_html = (
            f'<span class="wl-status" role="status">✓ opgeslagen om {html.escape(concept.tijd[11:16])} '
            f"op {html.escape(concept.tijd[:10])}</span>"
        )

    def _wacht_op_concept(self, herhalingen: int) -> None:
        self._leest_nog = True
        self._concept_bekend = False
        self.tekstvak.disabled = True
        self.bewaar_knop.disabled = True
        self.leesnoot.value = ui.melding("waarschuwing", html.escape(_BEZET_NOOT))
        self.status.value = '<span class="wl-status" role="status">je tekst wordt gelezen …</span>'
        loop = _lopende_loop() or self._loop
        if loop is not None and not loop.is_closed() and herhalingen > 0:
            loop.call_later(OPNIEUW_S, self._probeer_lezen, herhalingen - 1)

    def _probeer_lezen(self, herhalingen: int = 0) -> bool:
        """Try once more to read the draft behind a lock; open the box when it worked."""
        bekend = True
        try:
            eerder = self.store.laatste_concept(self.opdracht.id, streng=True)
        except LeesFout as fout:
            if fout.bezet:
                self._wacht_op_concept(herhalingen)
                return False
            eerder, bekend = None, False  # another problem: the store's message says what
        with self._slot:
            self._leest_nog = False
            self._concept_bekend = bekend
            self._stil = True
            try:
                self.tekstvak.value = eerder.tekst if eerder else ""
            finally:
                self._stil = False
            if eerder:
                self._toon_bewaard(eerder)
            self.tekstvak.disabled = False
            self.bewaar_knop.disabled = False
            self.leesnoot.value = ""
            self.status.value = self._status_html
            self._werk_tellers_bij()
        return True

    # --- saving
    def _annuleer(self) -> None:
        if self._wachter is not None:
            self._wachter.cancel()
            self._wachter = None

    def _plan_bewaren(self) -> None:
        """(Re)start the debounce: on the kernel's event loop when there is one, else a timer thread."""
        with self._slot:
            self._annuleer()
            loop = _lopende_loop()
            if loop is not None:
                self._wachter = loop.call_later(self.wacht_s, self.bewaar)
                return
            if self._loop is not None and self._loop.is_running() and not self._loop.is_closed():
                # a change from another thread: hand it to the kernel's loop
                self._loop.call_soon_threadsafe(self._plan_bewaren)
                return
            timer = threading.Timer(self.wacht_s, self.bewaar)  # plain Python: no loop, no kernel
            timer.daemon = True
            self._wachter = timer
            timer.start()

    def _bij_wijziging(self, _change) -> None:
        if self._stil:
            return
        self._werk_tellers_bij()
        self.status.value = '<span class="wl-status">… wordt zo opgeslagen</span>'
        self._plan_bewaren()

    def _heeft_onbewaard(self) -> bool:
        return self.tekstvak.value != self._laatst_bewaard and not self._leest_nog

    def bewaar(self, *, bij_afsluiten: bool = False) -> Opslag | None:
        with self._slot:
            self._annuleer()
            if self._leest_nog:
                return None  # the box is closed until the existing draft could be read
            tekst = self.tekstvak.value
            if not self._concept_bekend and not tekst.strip():
                return None  # never save an empty text over a draft that could not be read
            if tekst == self._laatst_bewaard:
                if not any(t == "concepten" for t, _ in self.store.niet_opgeslagen):
                    if not bij_afsluiten:
                        self.status.value = self._status_html  # typed and undone: the saved text still stands
                    return None
                opslag = self.store.probeer_opnieuw()
            else:
                opslag = self.store.bewaar_concept(self.opdracht.id, tekst)
                self._laatst_bewaard = tekst  # saved, or waiting in memory (retried with every later save)
            if bij_afsluiten:
                return opslag  # the kernel is stopping: do not touch the widgets any more
            self._status_html = ui.opslag_html(opslag, self.store)
            self.status.value = self._status_html
            self._werk_tellers_bij()
            return opslag

    def _na_opnieuw(self, opslag: Opslag) -> None:
        """The store retried waiting rows (e.g. after a lock): show the outcome."""
        with self._slot:
            if self._leest_nog or self.tekstvak.value != self._laatst_bewaard:
                return
            self._status_html = ui.opslag_html(opslag, self.store)
            self.status.value = self._status_html

    # --- counters and model answer
    def _werk_tellers_bij(self) -> None:
        n = tel_woorden(self.tekstvak.value)
        doel = f" (richtlengte: {self.opdracht.min_woorden})" if self.opdracht.min_woorden else ""
        self.woorden.value = f"<small>{n} {'woord' if n == 1 else 'woorden'}{doel}</small>"
        if self.opdracht.modelantwoord:
            nodig = woorden_voor_model(self.opdracht)
            genoeg = n >= nodig
            self.model_knop.disabled = not genoeg
            self.model_knop.tooltip = "Toon het modelantwoord" if genoeg else f"Schrijf eerst zelf minstens {nodig} woorden"
            self.model_knop.description = "Toon modelantwoord" if genoeg else f"Modelantwoord (na {nodig} woorden)"

    def toon_model(self) -> None:
        nodig = woorden_voor_model(self.opdracht)
        if tel_woorden(self.tekstvak.value) < nodig:
            self.model.value = ui.melding("info", f"Schrijf eerst zelf minstens {nodig} woorden; daarna kun je het modelantwoord openen.")
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
            [kop, self.leesnoot, self.tekstvak, widgets.HBox([self.bewaar_knop, self.status, self.woorden]), self.model_knop, self.model],
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


@atexit.register
def _bewaar_bij_afsluiten() -> None:
    """The kernel stops (shutdown or restart): save what was typed but not yet saved."""
    for widget in list(_OPEN):
        try:
            if widget._heeft_onbewaard():
                widget.bewaar(bij_afsluiten=True)
        except Exception:  # at exit nothing may stop the other widgets from being saved
            pass
