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

from . import ui
from .bank import BankFout, Reflectie, fout_tekst, zoek
from .exportgrenzen import MAX_REFLECTIE_TEKENS
from .store import OPNIEUW_S, LeesFout, Opslag, Store, huidige_store, tel_woorden
from .taal import aantal, nl_getal
from .vraagwidget import VraagWidget

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
        self.widget = VraagWidget(
            soort="reflectie",
            _dom_classes=["wl-blok", "wl-reflectie", f"wl-vraag-{opdracht.id}"],
            invoer={"label": "Jouw antwoord:", "plaatshouder": "Schrijf hier je antwoord. Het wordt vanzelf opgeslagen."},
            waarde={"tekst": eerder.tekst if eerder else ""},
            fallback_html=ui.fallback("Reflectie", ui.markdown(opdracht.vraag)),
            fallback_tekst=f"Reflectie: {opdracht.vraag}",
        )
        self.widget.voeg_knop_toe("bewaar", "Nu opslaan", self.bewaar, tip="Sla je tekst meteen op")
        self.widget.voeg_knop_toe("modelantwoord-knop", "Toon modelantwoord", self.toon_model, verborgen=not opdracht.modelantwoord)

        if eerder:
            self._toon_bewaard(eerder)
        self.widget.status = self._status_html
        if bezet:
            self._wacht_op_concept(LEES_HERHALINGEN)
        self._werk_tellers_bij()
        self.widget.observe(self._bij_wijziging, names="waarde")
        store.luister(self._na_opnieuw)
        _OPEN.add(self)

    @property
    def tekst(self) -> str:
        """What is in the text box now."""
        w = self.widget.waarde
        tekst = w.get("tekst") if isinstance(w, dict) else None
        return tekst if isinstance(tekst, str) else ""

    def _zet_tekst(self, tekst: str) -> None:
        self.widget.waarde = {"tekst": tekst}

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
        self.widget.uitgeschakeld = True
        self.widget.zet_knop("bewaar", uit=True)
        self.widget.melding = ui.melding("waarschuwing", html.escape(_BEZET_NOOT))
        self.widget.status = '<span class="wl-status" role="status">je tekst wordt gelezen …</span>'
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
                self._zet_tekst(eerder.tekst if eerder else "")
            finally:
                self._stil = False
            if eerder:
                self._toon_bewaard(eerder)
            self.widget.uitgeschakeld = False
            self.widget.zet_knop("bewaar", uit=False)
            self.widget.melding = ""
            self.widget.status = self._status_html
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
        self.widget.status = '<span class="wl-status">… wordt zo opgeslagen</span>'
        self._plan_bewaren()

    def _heeft_onbewaard(self) -> bool:
        return self.tekst != self._laatst_bewaard and not self._leest_nog

    def bewaar(self, *, bij_afsluiten: bool = False) -> Opslag | None:
        with self._slot:
            self._annuleer()
            if self._leest_nog:
                return None  # the box is closed until the existing draft could be read
            tekst = self.tekst
            if not self._concept_bekend and not tekst.strip():
                return None  # never save an empty text over a draft that could not be read
            if tekst == self._laatst_bewaard:
                if not any(t == "concepten" for t, _ in self.store.niet_opgeslagen):
                    if not bij_afsluiten:
                        self.widget.status = self._status_html  # typed and undone: the saved text still stands
                    return None
                opslag = self.store.probeer_opnieuw()
            else:
                opslag = self.store.bewaar_concept(self.opdracht.id, tekst)
                self._laatst_bewaard = tekst  # saved, or waiting in memory (retried with every later save)
            if bij_afsluiten:
                return opslag  # the kernel is stopping: do not touch the widgets any more
            self._status_html = ui.opslag_html(opslag, self.store)
            self.widget.status = self._status_html
            self._werk_tellers_bij()
            return opslag

    def _na_opnieuw(self, opslag: Opslag) -> None:
        """The store retried waiting rows (e.g. after a lock): show the outcome."""
        with self._slot:
            if self._leest_nog or self.tekst != self._laatst_bewaard:
                return
            self._status_html = ui.opslag_html(opslag, self.store)
            self.widget.status = self._status_html

    # --- counters and model answer
    def _werk_tellers_bij(self) -> None:
        n = tel_woorden(self.tekst)
        doel = f" (richtlengte: {self.opdracht.min_woorden})" if self.opdracht.min_woorden else ""
        self.widget.teller = f"<small>{aantal(n, 'woord', 'woorden')}{doel}</small>"
        if len(self.tekst) > MAX_REFLECTIE_TEKENS:  # saved all the same; only the export refuses it
            self.widget.teller += (
                f'<div class="wl-waarschuwing" role="alert">Je tekst is langer dan {nl_getal(MAX_REFLECTIE_TEKENS)} tekens '
                f"({nl_getal(len(self.tekst))}). Hij wordt wel bewaard, maar je kunt je portfolio pas exporteren als je "
                "hem korter maakt.</div>"
            )
        if self.opdracht.modelantwoord:
            nodig = woorden_voor_model(self.opdracht)
            genoeg = n >= nodig
            self.widget.zet_knop(
                "modelantwoord-knop",
                uit=not genoeg,
                tip="Toon het modelantwoord" if genoeg else f"Schrijf eerst zelf minstens {nodig} woorden",
                tekst="Toon modelantwoord" if genoeg else f"Modelantwoord (na {nodig} woorden)",
            )

    def toon_model(self) -> None:
        nodig = woorden_voor_model(self.opdracht)
        if tel_woorden(self.tekst) < nodig:
            self.widget.feedback = ui.melding("info", f"Schrijf eerst zelf minstens {nodig} woorden; daarna kun je het modelantwoord openen.")
            return
        self.bewaar()
        self.widget.feedback = ui.melding(
            "info",
            "<p><b>Modelantwoord</b> (één mogelijk goed antwoord; vergelijk het met het jouwe):</p>"
            + ui.markdown(self.opdracht.modelantwoord)
            + ui.bronregel(self.opdracht.bronnen),
        )

    def bouw(self) -> VraagWidget:
        self.widget.kop = ui.kop_html("Reflectie — schrijf in je eigen woorden", self.opdracht.vraag, self.store)
        return self.widget


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
