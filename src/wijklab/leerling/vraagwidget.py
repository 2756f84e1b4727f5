"""The one widget behind every quiz question and reflection: ``VraagWidget``.

One widget model per question (an anywidget, front end in static/vraag.js): the kernel keeps the
question, grading and saving (leerling.quiz and quizsoorten, leerling.reflectie); the browser draws plain HTML controls
and writes the student's current answer into ``waarde``. A button press arrives as a message
``{"knop": id}`` and runs the action registered with ``bij_knop``; ``klik(id)`` does the same from
Python (tests).

Where widgets cannot run (nbconvert's HTML export, GitHub, a reopened notebook) the ``text/html``
fallback shows the question as text, never the answer.
"""

from __future__ import annotations

import logging
from typing import Callable

import anywidget
import ipywidgets as widgets
import traitlets as t

from wijklab.leerling.ui import STATIC, STIJL, gedeeld, met_terugval

_LOG = logging.getLogger(__name__)


class VraagWidget(anywidget.AnyWidget):
    _esm = (STATIC / "vraag.js").read_text(encoding="utf-8")
    _css = STIJL

    soort = t.Unicode("").tag(sync=True)
    kop = t.Unicode("").tag(sync=True)
    invoer = t.Dict().tag(sync=True)
    waarde = t.Dict().tag(sync=True)
    uitgeschakeld = t.Bool(False).tag(sync=True)
    knoppen = t.List(t.Dict()).tag(sync=True)
    melding = t.Unicode("").tag(sync=True)
    status = t.Unicode("").tag(sync=True)
    teller = t.Unicode("").tag(sync=True)
    feedback = t.Unicode("").tag(sync=True)

    def __init__(self, *, fallback_html: str = "", fallback_tekst: str = "", **kwargs):
        super().__init__(layout=gedeeld(widgets.Layout), **kwargs)
        self._fallback_html = fallback_html
        self._fallback_tekst = fallback_tekst
        self._acties: dict[str, Callable[[], None]] = {}
        self.on_msg(self._bij_bericht)

    # --- buttons
    def voeg_knop_toe(self, id: str, tekst: str, actie: Callable[[], None], *, tip: str = "", verborgen: bool = False) -> None:
        self._acties[id] = actie
        self.knoppen = [*self.knoppen, {"id": id, "tekst": tekst, "tip": tip or tekst, "uit": False, "verborgen": verborgen}]

    def knop(self, id: str) -> dict:
        return next(k for k in self.knoppen if k["id"] == id)

    def zet_knop(self, id: str, **velden) -> None:
        """Change a button: tekst, tip, uit (disabled), verborgen (hidden)."""
        self.knoppen = [dict(k, **velden) if k["id"] == id else k for k in self.knoppen]

    def klik(self, id: str) -> None:
        """Press a button, as the browser does; a disabled or hidden button does nothing."""
        knop = next((k for k in self.knoppen if k["id"] == id), None)
        if knop is None or knop["uit"] or knop["verborgen"]:
            return
        try:
            self._acties[id]()
        except Exception:  # never a traceback for her: a Dutch note, and the details in the kernel log
            _LOG.exception("course widget action %s failed", id)
            self.feedback = (
                '<div class="wl-waarschuwing" role="alert">Er ging iets mis in de cursus zelf. Je antwoord is niet '
                "weg: voer deze cel opnieuw uit en probeer het nog eens. Blijft het misgaan, meld het dan aan je "
                "docent.</div>"
            )

    def _bij_bericht(self, _widget, inhoud, _buffers) -> None:
        if isinstance(inhoud, dict) and isinstance(inhoud.get("knop"), str):
            self.klik(inhoud["knop"][:40])

    # --- outside JupyterLab
    def _repr_mimebundle_(self, **kwargs):
        return met_terugval(super()._repr_mimebundle_(**kwargs), self._fallback_html, self._fallback_tekst)
