"""The offers a reflection box makes, and what her choice does.

A box offers (see :func:`wijklab.werk.concepten.aanbod_bij_openen`):

* ``nieuwer``: newer text saved elsewhere, while the box holds none of her own typing: show it;
* ``conflict``: newer text saved elsewhere while she typed here: keep mine, or show the newer text
  (then ``reserve``: her own typing stays visible with a button to put it back);
* ``ander``: typing kept from another box when the kernel stopped: put it back, or leave it;
* ``eerder``: an earlier, longer version when the newest draft is empty or much shorter: put it back
  (a new draft) or decline (remembered for that newest draft).

:class:`Aanbod` is the part of :class:`wijklab.leerling.reflectie.ReflectieWidget` that does this; it
uses the box's widget, store, text and revision (``_basis``, ``_laatst_bewaard``).
"""

from __future__ import annotations

from wijklab.leerling import reflectieteksten as teksten
from wijklab.leerling import ui
from wijklab.werk.concepten import (
    ANDER_CONCEPT,
    EERDER_AFGEWEZEN,
    Concept,
    aanbod_bij_openen,
    ander_concept_waarde,
    is_nieuwer,
)
from wijklab.werk.store import LeesFout, Opslag, nu


class Aanbod:
    """Offers of a reflection box: newer text elsewhere, an earlier version, typing kept at exit."""

    def _nieuwste(self) -> Concept | None:
        """The newest draft of this reflection; None if there is none or it cannot be read now."""
        try:
            return self.store.laatste_concept(self.opdracht.id, streng=True)
        except LeesFout:
            return None

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
        aanbod = aanbod_bij_openen(alle, ander, afgewezen)
        if aanbod is not None:
            soort, wat, tijd = aanbod
            melding = teksten.aanbod_ander(wat, tijd) if soort == "ander" else teksten.aanbod_eerder(wat)
            self._bied_aan(soort, wat, melding, "Terugzetten", "Nee, laat staan")

    def _nieuwer_elders(self) -> Concept | None:
        """The newest draft if another box (another run of this cell, a tab, a notebook) saved it after
        the revision this box showed or wrote; None if not, or if it cannot be read now (a lock: the
        save waits in memory as well)."""
        nieuwste = self._nieuwste()
        return nieuwste if is_nieuwer(nieuwste, self._basis, self._laatst_bewaard) else None

    def _meld_nieuwer(self, nieuwer: Concept, eigen: bool) -> None:
        self._status_html, melding, ja, nee = teksten.nieuwer(nieuwer, eigen)
        self._bied_aan("conflict" if eigen else "nieuwer", nieuwer, melding, ja, nee)
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
                if (nieuwste := self._nieuwste()) is not None:
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
                self._bied_aan("reserve", self._reserve, teksten.reserve(self._reserve), "Zet mijn tekst terug", "")
                self._werk_tellers_bij()
            elif soort == "ander":
                self.store.bewaar_instelling(ANDER_CONCEPT + self.opdracht.id, "")
            elif soort == "eerder":
                if (nieuwste := self._nieuwste()) is not None:
                    self.store.bewaar_instelling(EERDER_AFGEWEZEN + self.opdracht.id, str(nieuwste.nr))

    def _bewaar_apart(self, tekst: str) -> Opslag:
        """Keep typing that may not overwrite a newer draft as a setting the next session offers back
        (written to the store, or with the store's other waiting rows into its side file)."""
        return self.store.bewaar_instelling(ANDER_CONCEPT + self.opdracht.id, ander_concept_waarde(nu(), tekst))

    def _meld_apart(self) -> None:
        """The store kept her draft apart (a newer draft of another box came first): ask her."""
        if (nieuwste := self._nieuwste()) is not None:
            self._meld_nieuwer(nieuwste, eigen=True)

