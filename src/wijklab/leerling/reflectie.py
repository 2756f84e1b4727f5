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

Several boxes of one reflection (a cell run twice, a second tab, another kernel) never overwrite each
other's newer text. The rules (revisions, newer text, earlier versions) are pure functions in
:mod:`wijklab.werk.concepten`; what the box says is in :mod:`wijklab.leerling.reflectieteksten`. The box:

* remembers the revision and the text it showed or last wrote (``_basis``, ``_laatst_bewaard``); her
  own typing is what differs from that text, and a box writes only her own typing: at exit, on the
  timer or on "Nu opslaan".
* reads the newest draft before writing. If another box saved a newer one, a box without own typing
  never writes and says so, offering to show the newer text; a box with own typing does not write
  either but asks her (keep mine / show the newer one, her own text then stays visible with a button
  to put it back). At exit nobody can be asked: her typing is kept as the setting
  ``ander-concept:<id>`` (in the store, or with the store's other waiting rows in its side file) and
  the next box of that reflection offers it back.
* offers an earlier version when the newest draft is empty or much shorter; restoring writes it as a
  new draft, declining is remembered for that newest draft. Nothing is ever deleted.
* says "✓ opgeslagen" only when its text is the saved one.

The same check runs once more inside the write transaction (``Store.bewaar_concept`` with ``basis``),
so it also holds for a save that waited behind a lock and is retried later, and for the side file
taken in by a later session: a draft that would go over newer text becomes the ``ander-concept``
setting instead, and the box asks her.
"""

from __future__ import annotations

import asyncio
import atexit
import html
import threading
import time
import weakref

from wijklab.basis.taal import datum_nl
from wijklab.inhoud.bank import BankFout, Reflectie, fout_tekst, zoek
from wijklab.leerling import reflectieteksten as teksten
from wijklab.leerling import ui
from wijklab.leerling.reflectieaanbod import Aanbod
from wijklab.leerling.vraagwidget import VraagWidget
from wijklab.werk.concepten import ANDER_CONCEPT, EERDER_AFGEWEZEN, Concept, tel_woorden
from wijklab.werk.store import LeesFout, Opslag, Store, huidige_store
from wijklab.werk.wachtrij import OPNIEUW_S

#: seconds of quiet after the last keystroke before saving
WACHT_S = 1.0
#: words the student must have written before the model answer can be opened
MIN_WOORDEN_MODEL = 15
#: attempts to read the existing draft when the store is locked (each waits the store's busy timeout)
LEESPOGINGEN = 2
#: how often the widget tries again in the background to read a draft behind a lock (every OPNIEUW_S)
LEES_HERHALINGEN = 40

#: names tests and callers import from here (the rules live in werk.concepten)
__all__ = ["ANDER_CONCEPT", "EERDER_AFGEWEZEN", "ReflectieWidget", "eerdere_tekst_html", "reflectie", "tel_woorden",
           "woorden_voor_model"]


def woorden_voor_model(opdracht: Reflectie) -> int:
    """Words she writes herself before the model answer opens: the prompt's target length, if it has one."""
    return opdracht.min_woorden or MIN_WOORDEN_MODEL


#: the open reflection widgets, so what is typed can be saved when the kernel stops
_OPEN: "weakref.WeakSet[ReflectieWidget]" = weakref.WeakSet()


def _lopende_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class ReflectieWidget(Aanbod):
    """One reflection's text box that saves itself (the offers it makes: :class:`Aanbod`)."""

    def __init__(self, opdracht: Reflectie, store: Store, wacht_s: float = WACHT_S):
        self.opdracht = opdracht
        self.store = store
        self.wacht_s = wacht_s
        self._wachter: asyncio.TimerHandle | threading.Timer | None = None
        self._loop = _lopende_loop()  # the kernel's loop, when made in a notebook
        self._slot = threading.RLock()
        self._laatst_bewaard = ""  # the text this box showed or last wrote: her own typing is what differs
        self._basis = 0  # the revision (row nr) this box showed or last wrote; 0 = none
        self._concept_bekend = True  # False when the existing draft could not be read
        self._leest_nog = False  # True while the box waits for a draft behind a lock
        self._stil = False
        self._aanbod: tuple[str, Concept | str] | None = None  # what the offer buttons would do
        self._reserve: str | None = None  # her own typing, set aside when she chose to see newer text
        self._status_html = teksten.STATUS_LEEG

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
        self.widget.voeg_knop_toe("aanbod-ja", "Terugzetten", self._aanbod_ja, verborgen=True)
        self.widget.voeg_knop_toe("aanbod-nee", "Nee, laat staan", self._aanbod_nee, verborgen=True)

        if eerder:
            self._toon_bewaard(eerder)
        self.widget.status = self._status_html
        if bezet:
            self._wacht_op_concept(LEES_HERHALINGEN)
        else:
            self._bied_eerder_werk_aan()
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

    def _toon_stil(self, tekst: str) -> None:
        """Put text in the box that is not her typing (a stored draft): no save follows."""
        self._stil = True
        try:
            self._zet_tekst(tekst)
        finally:
            self._stil = False

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

    def _toon_bewaard(self, concept: Concept) -> None:
        self._laatst_bewaard = concept.tekst
        self._zet_basis(concept)
        self._status_html = teksten.status_opgeslagen(concept)

    def _wacht_op_concept(self, herhalingen: int) -> None:
        self._leest_nog = True
        self._concept_bekend = False
        self.widget.uitgeschakeld = True
        self.widget.zet_knop("bewaar", uit=True)
        self.widget.melding = ui.melding("waarschuwing", html.escape(teksten.BEZET_NOOT))
        self.widget.status = teksten.STATUS_LEEST
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
            self._toon_stil(eerder.tekst if eerder else "")
            if eerder:
                self._toon_bewaard(eerder)
            self.widget.uitgeschakeld = False
            self.widget.zet_knop("bewaar", uit=False)
            self.widget.melding = ""
            self.widget.status = self._status_html
            self._bied_eerder_werk_aan()
            self._werk_tellers_bij()
        return True

    def _zet_basis(self, concept: Concept) -> None:
        if concept.nr >= 0:  # a draft still waiting in memory has no revision yet; its text says enough
            self._basis = max(self._basis, concept.nr)

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
        self.widget.status = teksten.STATUS_WACHT
        self._plan_bewaren()

    def _heeft_onbewaard(self) -> bool:
        """True when she typed in this box since it showed or wrote a draft (or set her typing aside)."""
        return (self.tekst != self._laatst_bewaard or self._reserve is not None) and not self._leest_nog

    def bewaar(self, *, bij_afsluiten: bool = False) -> Opslag | None:
        """Save her own typing in this box, never over a newer draft saved by another box."""
        with self._slot:
            self._annuleer()
            if self._leest_nog:
                return None  # the box is closed until the existing draft could be read
            if bij_afsluiten and self._reserve is not None:
                self._bewaar_apart(self._reserve)  # typing she set aside for newer text: kept for next time
                self._reserve = None
            tekst = self.tekst
            if not self._concept_bekend and not tekst.strip():
                return None  # never save an empty text over a draft that could not be read
            if tekst == self._laatst_bewaard:  # no own typing: this box has nothing to write
                if any(t == "concepten" for t, _ in self.store.niet_opgeslagen):
                    opslag = self.store.probeer_opnieuw()
                elif bij_afsluiten:
                    return None
                else:
                    nieuwer = self._nieuwer_elders()
                    if nieuwer is not None:
                        self._meld_nieuwer(nieuwer, eigen=False)
                    else:
                        self.widget.status = self._status_html  # typed and undone: the saved text still stands
                    return None
            else:
                nieuwer = self._nieuwer_elders()
                if nieuwer is not None and nieuwer.tekst != tekst:
                    if bij_afsluiten:  # nobody to ask: keep her typing for the next session, do not overwrite
                        return self._bewaar_apart(tekst)
                    self._meld_nieuwer(nieuwer, eigen=True)
                    return None
                opslag = self.store.bewaar_concept(self.opdracht.id, tekst, basis=self._basis, gezien=self._laatst_bewaard)
                if self.opdracht.id in opslag.apart and not bij_afsluiten:
                    self._meld_apart()  # another box wrote in between: kept apart, she chooses
                    return opslag
                self._laatst_bewaard = tekst  # saved, or waiting in memory (retried with every later save)
                if opslag.nr is not None:
                    self._basis = max(self._basis, opslag.nr)
            if bij_afsluiten:
                return opslag  # the kernel is stopping: do not touch the widgets any more
            self._status_html = ui.opslag_html(opslag, self.store)
            self.widget.status = self._status_html
            self._werk_tellers_bij()
            return opslag

    def _na_opnieuw(self, opslag: Opslag) -> None:
        """The store retried waiting rows (e.g. after a lock): show the outcome."""
        with self._slot:
            if self.opdracht.id in opslag.apart and not self._leest_nog:
                self._meld_apart()
                return
            if self._leest_nog or self.tekst != self._laatst_bewaard or self._aanbod is not None:
                return
            self._status_html = ui.opslag_html(opslag, self.store)
            self.widget.status = self._status_html

    # --- counters and model answer
    def _werk_tellers_bij(self) -> None:
        self.widget.teller = teksten.teller(self.tekst, self.opdracht.min_woorden)
        if self.opdracht.modelantwoord:
            nodig = woorden_voor_model(self.opdracht)
            self.widget.zet_knop("modelantwoord-knop", **teksten.modelknop(tel_woorden(self.tekst) >= nodig, nodig))

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

    def bouw(self, eerder: str | None = None) -> VraagWidget:
        """The box; with ``eerder`` (another prompt's id) her latest text there is shown above it, read-only."""
        kop = ui.kop_html("Reflectie — schrijf in je eigen woorden", self.opdracht.vraag, self.store)
        self.widget.kop = kop + (eerdere_tekst_html(self.store, eerder) if eerder else "")
        return self.widget


def eerdere_tekst_html(store: Store, id: str) -> str:
    """Her latest text for reflection ``id``, read-only, with its prompt and date (or a line saying there is none)."""
    try:
        _, opdracht = zoek(id)
        vraag = f'<p class="wl-eerder-vraag"><i>{ui.inline(" ".join(opdracht.vraag.split()))}</i></p>'
    except BankFout:
        vraag = ""
    concept = store.laatste_concept(id)
    if concept is None or not concept.tekst.strip():
        inhoud = f"<p>Bij opdracht {html.escape(id)} heb je (in deze map <code>mijn_werk/</code>) nog niets geschreven.</p>"
    else:
        inhoud = (f'<p><small>Opgeslagen op {html.escape(datum_nl(concept.tijd))}</small></p>'
                  f'<blockquote class="wl-eerder-tekst" style="white-space:pre-wrap">{html.escape(concept.tekst)}</blockquote>')
    return (f'<details class="wl-eerder" open><summary><b>Wat je eerder schreef (opdracht {html.escape(id)})</b></summary>'
            f"{vraag}{inhoud}</details>")


def reflectie(id: str, eerder: str | None = None):
    """Show reflection prompt ``id`` with a text box that saves itself; with ``eerder`` (another prompt's
    id, e.g. "00-verwachting") her latest text for that prompt is shown above the box, read-only."""
    try:
        _, opdracht = zoek(id)
    except BankFout as e:
        return ui.fout_blok(fout_tekst(e, "Deze opdracht"))
    if not isinstance(opdracht, Reflectie):
        return ui.fout_blok(f"'{id}' is een quizvraag, geen reflectie. Gebruik wl.quiz('{id}').")
    return ReflectieWidget(opdracht, huidige_store()).bouw(eerder)


#: seconds a box waits for a lock at exit; what waits goes on to the store's own exit handler, which
#: first writes its side file and then tries patiently (Jupyter kills a kernel that takes over ~5 s)
AFSLUIT_WACHT_S = 0.2


@atexit.register
def _bewaar_bij_afsluiten() -> None:
    """The kernel stops (shutdown or restart): save what was typed but not yet saved.

    Runs before the store's exit handler (registered later, so called earlier).
    """
    widgets = list(_OPEN)
    stores = {id(w.store): w.store for w in widgets}
    oud = {sleutel: s.wachttijd for sleutel, s in stores.items()}
    for s in stores.values():
        s.wachttijd = min(s.wachttijd, AFSLUIT_WACHT_S)
    try:
        for widget in widgets:
            try:
                if widget._heeft_onbewaard():
                    widget.bewaar(bij_afsluiten=True)
            except Exception:  # at exit nothing may stop the other widgets from being saved
                pass
    finally:
        for sleutel, s in stores.items():
            s.wachttijd = oud[sleutel]
