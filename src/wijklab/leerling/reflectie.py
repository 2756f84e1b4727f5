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
other's newer text. The invariants:

* A draft's revision is its row ``nr`` in the store. A box remembers the revision and the text it
  showed or last wrote (``_basis``, ``_laatst_bewaard``); her own typing is what differs from that
  text, and a box writes only her own typing: at exit, on the timer or on "Nu opslaan".
* Before writing, a box reads the newest draft. If another box saved a newer one (a higher revision
  with another text), a box without own typing never writes and says so, offering to show the newer
  text; a box with own typing does not write either but asks her (keep mine / show the newer one,
  her own text then stays visible with a button to put it back). At exit nobody can be asked: her
  typing is kept as the setting ``ander-concept:<id>`` (``store.ANDER_CONCEPT``; in the store, or
  with the store's other waiting rows in its side file) and the next box of that reflection offers
  it back.
* When the newest draft is empty or much shorter than an older one (:func:`store.eerdere_versie`),
  the box offers the older text back; restoring writes it as a new draft, declining is remembered
  for that newest draft. Nothing is ever deleted: every draft stays in the store.
* The status line describes this box's text: "✓ opgeslagen" only when its text is the saved one.

* The same check runs once more inside the write transaction (``Store.bewaar_concept`` with
  ``basis``), so it also holds for a save that waited behind a lock and is retried later, and for
  the side file taken in by a later session: a draft that would go over newer text becomes the
  ``ander-concept`` setting instead, and the box asks her.
"""

from __future__ import annotations

import asyncio
import atexit
import html
import json
import math
import threading
import time
import weakref

from wijklab.leerling import ui
from wijklab.inhoud.bank import BankFout, Reflectie, fout_tekst, zoek
from wijklab.basis.grenzen import MAX_REFLECTIE_TEKENS
from wijklab.werk.store import ANDER_CONCEPT, OPNIEUW_S, Concept, LeesFout, Opslag, Store, eerdere_versie, huidige_store, nu, tel_woorden
from wijklab.basis.taal import aantal, datum_nl, nl_getal
from wijklab.leerling.vraagwidget import VraagWidget

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

#: settings (append-only, like everything in the store): typing kept because newer text was saved
#: elsewhere is store.ANDER_CONCEPT; this one holds the newest draft's nr for which she declined an
#: earlier version
EERDER_AFGEWEZEN = "eerdere-versie-afgewezen:"
#: characters of a text quoted in an offer
CITAAT_TEKENS = 600


def _revisie(concept: Concept) -> float:
    """A draft's revision: its row nr; a draft still waiting in memory (nr -1) is newer than any row."""
    return math.inf if concept.nr < 0 else concept.nr


def _beschrijf(tekst: str, tijd: str) -> str:
    """'54 woorden, 7 december 2026, 21:39' for a version of her text."""
    return html.escape(f"{aantal(tel_woorden(tekst), 'woord', 'woorden')}, {datum_nl(tijd)}")


def _citaat(tekst: str) -> str:
    kort = tekst if len(tekst) <= CITAAT_TEKENS else tekst[:CITAAT_TEKENS].rsplit(" ", 1)[0] + " …"
    return html.escape(kort).replace("\n", "<br>")


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
        self._laatst_bewaard = ""  # the text this box showed or last wrote: her own typing is what differs
        self._basis = 0  # the revision (row nr) this box showed or last wrote; 0 = none
        self._concept_bekend = True  # False when the existing draft could not be read
        self._leest_nog = False  # True while the box waits for a draft behind a lock
        self._stil = False
        self._aanbod: tuple[str, Concept | str] | None = None  # what the offer buttons would do
        self._reserve: str | None = None  # her own typing, set aside when she chose to see newer text
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

    # --- offers: an earlier, longer version; typing kept from another box at exit
    def _bied_aan(self, soort: str, wat, melding_html: str, ja: str, nee: str) -> None:
        self._aanbod = (soort, wat)
        self.widget.melding = ui.melding("waarschuwing", melding_html)
        self.widget.zet_knop("aanbod-ja", tekst=ja, tip=ja, verborgen=False, uit=False)
        self.widget.zet_knop("aanbod-nee", tekst=nee, tip=nee, verborgen=not nee, uit=False)

    def _sluit_aanbod(self) -> None:
        self._aanbod = None
        self.widget.melding = ""
        self.widget.zet_knop("aanbod-ja", verborgen=True)
        self.widget.zet_knop("aanbod-nee", verborgen=True)

    def _bied_eerder_werk_aan(self) -> None:
        """Offer typing kept from another box at exit, else an earlier version when the newest is (nearly) empty."""
        if not self._concept_bekend:
            return
        try:
            alle = self.store.concepten(self.opdracht.id, streng=True)
            ander = self.store.instelling(ANDER_CONCEPT + self.opdracht.id)
            afgewezen = self.store.instelling(EERDER_AFGEWEZEN + self.opdracht.id)
        except LeesFout:
            return
        nieuwste = alle[-1].tekst if alle else ""
        try:
            ander = json.loads(ander) if ander else None
        except ValueError:
            ander = None
        if isinstance(ander, dict) and isinstance(ander.get("tekst"), str) and ander["tekst"].strip() and ander["tekst"] != nieuwste:
            self._bied_aan(
                "ander",
                ander["tekst"],
                "<p>Toen je notebook de vorige keer stopte, stond in een ander vak van deze reflectie nog tekst die niet "
                f"is opgeslagen, omdat er al nieuwere tekst was: {_beschrijf(ander['tekst'], ander.get('tijd', ''))}. "
                "Wil je die tekst terugzetten? Wat nu in het vak staat, blijft als eerdere versie bewaard.</p>"
                f"<blockquote>{_citaat(ander['tekst'])}</blockquote>",
                "Terugzetten",
                "Nee, laat staan",
            )
            return
        eerder = eerdere_versie(alle)
        if eerder is not None and afgewezen != str(alle[-1].nr):
            self._bied_aan(
                "eerder",
                eerder,
                f"<p>Er is een eerdere versie van je tekst: {_beschrijf(eerder.tekst, eerder.tijd)}. Terugzetten?</p>"
                f"<blockquote>{_citaat(eerder.tekst)}</blockquote>",
                "Terugzetten",
                "Nee, laat staan",
            )

    def _zet_basis(self, concept: Concept) -> None:
        if concept.nr >= 0:  # a draft still waiting in memory has no revision yet; its text says enough
            self._basis = max(self._basis, concept.nr)

    def _nieuwer_elders(self) -> Concept | None:
        """The newest draft if another box (another run of this cell, a tab, a notebook) saved it after
        the revision this box showed or wrote; None if not, or if it cannot be read now."""
        try:
            nieuwste = self.store.laatste_concept(self.opdracht.id, streng=True)
        except LeesFout:
            return None  # a lock: the save below waits in memory as well
        if nieuwste is not None and _revisie(nieuwste) > self._basis and nieuwste.tekst != self._laatst_bewaard:
            return nieuwste
        return None

    def _meld_nieuwer(self, nieuwer: Concept, eigen: bool) -> None:
        over = f"om {html.escape(nieuwer.tijd[11:16])} op {html.escape(nieuwer.tijd[:10])}"
        if eigen:
            self._status_html = (
                f'<span class="wl-status" role="status">NIET opgeslagen als je antwoord: er is nieuwere tekst ({over}); kies hierboven</span>'
            )
            self._bied_aan(
                "conflict",
                nieuwer,
                "<p>Voor deze reflectie is intussen nieuwere tekst opgeslagen "
                f"({_beschrijf(nieuwer.tekst, nieuwer.tijd)}), bijvoorbeeld in een ander tabblad of omdat deze cel "
                "nog een keer is uitgevoerd. Wat je hier typte, is daarom niet over die tekst heen gezet. Kies "
                "<b>Bewaar mijn tekst</b> of <b>Toon de nieuwere tekst</b> (je eigen tekst blijft dan hieronder "
                "staan).</p>",
                "Bewaar mijn tekst",
                "Toon de nieuwere tekst",
            )
        else:
            self._status_html = (
                f'<span class="wl-status" role="status">dit vak toont een oudere versie; de nieuwere tekst is opgeslagen {over}</span>'
            )
            self._bied_aan(
                "nieuwer",
                nieuwer,
                "<p>Voor deze reflectie is nieuwere tekst opgeslagen "
                f"({_beschrijf(nieuwer.tekst, nieuwer.tijd)}), bijvoorbeeld in een ander tabblad of omdat deze cel "
                "nog een keer is uitgevoerd. Dit vak toont een oudere versie en slaat die niet op, zodat de nieuwere "
                "tekst blijft staan.</p>",
                "Toon de nieuwere tekst",
                "",
            )
        self.widget.status = self._status_html

    def _neem_aanbod(self):
        """The open offer (kind, what), closed now; None if there is none."""
        aanbod, self._aanbod = self._aanbod, None
        if aanbod is not None:
            self._sluit_aanbod()
        return aanbod

    def _aanbod_ja(self) -> None:
        with self._slot:
            if (aanbod := self._neem_aanbod()) is None:
                return
            soort, wat = aanbod
            if soort == "nieuwer":
                self._toon_stil(wat.tekst)
                self._toon_bewaard(wat)
                self.widget.status = self._status_html
                self._werk_tellers_bij()
            elif soort == "conflict":  # keep mine: she saw the newer one and chose
                self._zet_basis(wat)
                self._laatst_bewaard = wat.tekst
                self.bewaar()
            else:  # an earlier version or typing kept at exit: back in the box, saved as a new draft
                try:
                    nieuwste = self.store.laatste_concept(self.opdracht.id, streng=True)
                except LeesFout:
                    nieuwste = None
                if nieuwste is not None:
                    self._toon_bewaard(nieuwste)  # what stands now stays as an earlier version
                if soort == "reserve":
                    self._reserve = None
                self._toon_stil(wat.tekst if isinstance(wat, Concept) else wat)
                if soort == "ander":
                    self.store.bewaar_instelling(ANDER_CONCEPT + self.opdracht.id, "")
                self.bewaar()

    def _aanbod_nee(self) -> None:
        with self._slot:
            if (aanbod := self._neem_aanbod()) is None:
                return
            soort, wat = aanbod
            if soort == "conflict":  # show the newer text; her own stays visible below, with a way back
                self._reserve = self.tekst
                self._toon_stil(wat.tekst)
                self._toon_bewaard(wat)
                self.widget.status = self._status_html
                self._bied_aan(
                    "reserve",
                    self._reserve,
                    "<p>Het vak toont nu de nieuwere tekst. Dit had jij hier getypt (niet opgeslagen):</p>"
                    f"<blockquote>{_citaat(self._reserve)}</blockquote>",
                    "Zet mijn tekst terug",
                    "",
                )
                self._werk_tellers_bij()
            elif soort == "ander":
                self.store.bewaar_instelling(ANDER_CONCEPT + self.opdracht.id, "")
            elif soort == "eerder":
                try:
                    nieuwste = self.store.laatste_concept(self.opdracht.id, streng=True)
                except LeesFout:
                    nieuwste = None
                if nieuwste is not None:
                    self.store.bewaar_instelling(EERDER_AFGEWEZEN + self.opdracht.id, str(nieuwste.nr))

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

    def _bewaar_apart(self, tekst: str) -> Opslag:
        """Keep typing that may not overwrite a newer draft as a setting the next session offers back
        (written to the store, or with the store's other waiting rows into its side file)."""
        waarde = json.dumps({"tijd": nu(), "tekst": tekst}, ensure_ascii=False)
        return self.store.bewaar_instelling(ANDER_CONCEPT + self.opdracht.id, waarde)

    def _meld_apart(self) -> None:
        """The store kept her draft apart (a newer draft of another box came first): ask her."""
        try:
            nieuwste = self.store.laatste_concept(self.opdracht.id, streng=True)
        except LeesFout:
            nieuwste = None
        if nieuwste is not None:
            self._meld_nieuwer(nieuwste, eigen=True)

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
