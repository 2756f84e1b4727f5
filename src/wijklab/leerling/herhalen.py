"""Review of earlier mistakes: ``wl.herhaling("03")`` near the top of notebooks 02–07.

It asks again up to three questions from earlier notebooks that she got wrong at the first attempt
(oldest first; one she has since answered right in a review is not asked again). Without such
mistakes it asks one older question she answered, for spaced practice. A review attempt is stored
under ``herhaling:<id>`` (see :mod:`wijklab.leerling.diagnostiek`): her original attempts stay as they were, and
first-attempt statistics, progress and the portfolio never count it. Nothing here blocks: she may
skip the questions.
"""

from __future__ import annotations

from wijklab.leerling import ui
from wijklab.inhoud.bank import Voorspel, banken_en_fouten
from wijklab.inhoud.beoordeling import beoordeel_poging
from wijklab.inhoud.diagnose import HERHALING, is_apart

#: at most this many questions per review
MAX_VRAGEN = 3


def kies(pogingen, banken: dict, nr: str, maximum: int = MAX_VRAGEN) -> tuple[list, bool]:
    """(questions to ask again, True if they are mistakes; False: one older question for practice).

    ``pogingen``: all her stored attempts, oldest first; ``banken``: the banks keyed '00', '01', ...;
    only notebooks before ``nr`` count. Pure: no store, no widgets."""
    vragen = {v.id: v for k, b in banken.items() if k < nr for v in b.vragen if not isinstance(v, Voorspel)}
    eerste: dict[str, object] = {}
    herhaald_goed: set[str] = set()
    laatst_herhaald: dict[str, int] = {}
    for i, p in enumerate(pogingen):
        if p.onderdeel.startswith(HERHALING):
            id = p.onderdeel[len(HERHALING):]
            laatst_herhaald[id] = i
            if id in vragen and beoordeel_poging(vragen[id], p).juist:
                herhaald_goed.add(id)
        elif not is_apart(p.onderdeel) and p.onderdeel in vragen:
            eerste.setdefault(p.onderdeel, p)
    fout = [id for id, p in eerste.items() if id not in herhaald_goed and not beoordeel_poging(vragen[id], p).juist]
    if fout:
        return [vragen[id] for id in fout[:maximum]], True
    if not eerste:
        return [], False
    # spaced practice: the question she has not seen longest (never reviewed first, then the oldest review)
    oudste = min(eerste, key=lambda id: (laatst_herhaald.get(id, -1), list(eerste).index(id)))
    return [vragen[oudste]], False


class Herhaling:
    """The review: an introduction and the questions, as outputs of one cell."""

    def __init__(self, nr: str, store=None):
        from wijklab.leerling.quiz import KLASSEN
        from wijklab.werk.store import huidige_store

        self.store = store or huidige_store()
        banken, _ = banken_en_fouten()  # a broken bank only leaves out its own questions
        self.vragen, self.fouten = kies(self.store.pogingen(), banken, nr)
        self.quizzen = [KLASSEN[type(v)](v, self.store, HERHALING + v.id) for v in self.vragen]
        self.widgets = [q.bouw() for q in self.quizzen]

    def inleiding_html(self) -> str:
        if not self.vragen:
            tekst = ("<b>Herhaling.</b> Er is nog niets om te herhalen: je hebt in de vorige notebooks nog geen vragen "
                     "beantwoord. Ga gerust verder.")
        elif self.fouten:
            tekst = (f"<b>Herhaling.</b> {'Deze vraag' if len(self.vragen) == 1 else 'Deze vragen'} uit een eerder notebook "
                     "had je de eerste keer niet goed. Probeer het nog eens, zonder terug te bladeren: ophalen uit je "
                     "geheugen helpt je het te onthouden. Je eerdere antwoorden blijven staan en tellen niet opnieuw. "
                     "Je mag dit ook overslaan.")
        else:
            tekst = ("<b>Herhaling.</b> Je had in de vorige notebooks alles de eerste keer goed. Hier is een oudere vraag om "
                     "het vast te houden; je eerdere antwoord blijft staan. Je mag dit ook overslaan.")
        return ui.CSS + f'<div class="wl-herhaling-inleiding"><p>{tekst}</p></div>'

    def _ipython_display_(self):
        from IPython.display import HTML, display

        display(HTML(self.inleiding_html()), *self.widgets)


def herhaling(notebook: str):
    """Ask again questions from notebooks before ``notebook`` ('03') that she got wrong the first time."""
    nr = str(notebook)[:2]
    if not nr.isdigit():
        return ui.fout_blok(f"'{notebook}' is geen notebooknummer. Gebruik bijvoorbeeld wl.herhaling(\"03\").")
    return Herhaling(nr)
