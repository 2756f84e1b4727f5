"""Quiz widgets: ``wl.quiz("01-krachtwijken")``.

The base :class:`Quiz` (one question on screen: checking, storing, restoring, feedback), the base of
questions with options (:class:`KeuzeQuiz`), the reveal of a prediction's chart and the gates that wait
for an estimate (``wl.na_schatting``). The widget of each question type is in
:mod:`wijklab.leerling.quizsoorten`, named by the type's record (``Soort.widget``, see
:mod:`wijklab.inhoud.soorten`); :func:`widget_klasse` finds it. Every check is stored as an attempt; the
previous answer comes back when the notebook is run again. Feedback explains *why*; after two wrong
attempts the student may ask for the right answer.
"""

from __future__ import annotations

import html
import importlib
from typing import Any, Callable

import ipywidgets as widgets

from wijklab.leerling import ui
from wijklab.inhoud.bank import BankFout, fout_tekst, zoek
from wijklab.inhoud.beoordeling import beoordeel, beoordeel_poging
from wijklab.inhoud.soorten import soort_van
from wijklab.weergave.offline import ONTHULLING_PLEK
from wijklab.werk.store import Store, huidige_store
from wijklab.basis.taal import datum_nl
from wijklab.leerling.vraagwidget import VraagWidget

#: the setting that holds this store's random identity, the seed of every per-student order (never her name)
SCHUDZAAD = "schudzaad"


def nl_datum(tijd: str) -> str:
    """'2026-12-02T05:40:00+01:00' -> '2 december 2026' (taal.datum_nl), as HTML; a stored text that is no date:
    its first ten characters."""
    if not tijd:
        return ""
    tekst = datum_nl(tijd, met_tijd=False)
    return html.escape(str(tijd)[:10] if tekst == tijd else tekst)


def veranderd_html(tijd: str) -> str:
    return ui.melding(
        "info",
        f"<p>Deze vraag is veranderd sinds je eerdere antwoord van {nl_datum(tijd)}; je eerdere antwoord staat "
        "nog in je werk, maar beantwoord de vraag opnieuw.</p>",
    )


def schudzaad(store: Store) -> str:
    """This store's random identity, made once and kept as a setting: the same student (store) sees the
    same order of options every time, another student another order. If two kernels make one at the same
    time, both read back the latest row, so they agree from then on."""
    zaad = store.instelling(SCHUDZAAD)
    if not zaad:
        import secrets

        store.bewaar_instelling(SCHUDZAAD, secrets.token_hex(8))
        zaad = store.instelling(SCHUDZAAD) or ""
    return zaad


def schik(opties: list, sleutel: str) -> list[int]:
    """The order in which a student sees the options: positions in the bank, shuffled with a seed of her own;
    an option with ``vast: true`` keeps its place. The same ``sleutel`` always gives the same order."""
    import random

    vrij = [i for i, o in enumerate(opties) if not getattr(o, "vast", False)]
    gemengd = list(vrij)
    random.Random(sleutel).shuffle(gemengd)
    volgorde = list(range(len(opties)))
    for plek, i in zip(vrij, gemengd):
        volgorde[plek] = i
    return volgorde


class Quiz:
    """One question on screen: a VraagWidget and what its type knows about reading, checking and
    restoring an answer. The widget's ``waarde`` holds the answer as the browser has it.

    ``grafiek`` is for a prediction's chart (see quizsoorten.VoorspelQuiz); other types ignore it."""

    knop_tekst = "Controleer"
    knop_tip = "Controleer je antwoord"
    #: after two wrong attempts she may ask for the right answer (not for an estimate: it is never wrong)
    toon_antwoord = True

    def __init__(self, vraag, store: Store, onderdeel: str | None = None, grafiek: Any = None):
        self.vraag = vraag
        self.soort = soort_van(vraag)
        self.store = store
        #: where the attempts are stored: the question id, or a prefixed id for a diagnostic or review
        #: attempt ('diagnose-voor:00-kern-mengen', 'herhaling:01-tijdlijn'; see wijklab.diagnose)
        self.onderdeel = onderdeel or vraag.id
        self.pogingen = store.pogingen(self.onderdeel)
        #: seed of this student's order for this question (options, starting order, right-hand column)
        self.sleutel = f"{schudzaad(store)}:{vraag.id}"
        self.widget = VraagWidget(
            soort=self.soort.naam,
            _dom_classes=["wl-blok", "wl-quiz", f"wl-type-{self.soort.naam}", f"wl-vraag-{vraag.id}"],
            fallback_html=ui.fallback(self.soort.kop, ui.markdown(vraag.vraag), self.fallback_opties()),
            fallback_tekst=f"{self.soort.kop}: {vraag.vraag}",
        )
        self.widget.voeg_knop_toe("controleer", self.knop_tekst, self.bij_controle, tip=self.knop_tip)
        if self.toon_antwoord:
            self.widget.voeg_knop_toe("toon-antwoord", "Laat het goede antwoord zien", self.onthul_antwoord, verborgen=True)

    # --- to implement per type
    def invoer(self) -> dict:
        """What the browser draws (static/vraag.js), never the right answer."""
        raise NotImplementedError

    def begin(self) -> dict:
        """The controls' state before she has answered."""
        return {}

    def lees(self) -> Any:
        """The current answer in its stored form (see wijklab.inhoud.soorten); raise ValueError (Dutch) if incomplete."""
        raise NotImplementedError

    def uitleg_html(self, antwoord: dict, juist: bool, score: float) -> str:
        """Feedback HTML for an answer in today's form, already graded."""
        raise NotImplementedError

    def herstel(self, antwoord) -> dict:
        """The controls' state for an answer in today's form."""
        raise NotImplementedError

    def goede_antwoord_html(self) -> str:
        raise NotImplementedError

    def fallback_opties(self) -> list[str] | None:
        return self.soort.fallback(self.vraag)

    def beoordeel(self, antwoord) -> tuple[bool, float, str]:
        """(right?, score 0..1, feedback HTML); right and score come from beoordeling.beoordeel."""
        r = beoordeel(self.vraag, antwoord)
        if r.veranderd:
            raise ValueError(r.reden)
        return r.juist, r.score, self.uitleg_html(r.antwoord, r.juist, r.score)

    # --- shared behaviour
    @property
    def waarde(self) -> dict:
        w = self.widget.waarde
        return w if isinstance(w, dict) else {}

    def bij_controle(self) -> None:
        try:
            antwoord = self.lees()
        except ValueError as e:
            self.widget.feedback = ui.melding("info", html.escape(str(e)))
            return
        juist, score, uitleg = self.beoordeel(antwoord)
        opslag = self.store.bewaar_poging(self.onderdeel, antwoord, juist, score)
        self.pogingen = self.store.pogingen(self.onderdeel)
        self.widget.feedback = self.feedback_html(juist, uitleg) + ("" if opslag.gelukt else ui.opslag_html(opslag, self.store))

    def feedback_html(self, juist: bool, uitleg: str, eerder: str = "") -> str:
        n = len(self.pogingen)
        if juist:
            kop = "✔ Goed!" + (f" (na {n} pogingen)" if n > 1 else "")
            tekst = f"<p><b>{kop}</b> {eerder}</p>{uitleg}{ui.markdown(self.vraag.uitleg)}{ui.bronregel(self.vraag.bronnen)}"
            self.widget.zet_knop("toon-antwoord", verborgen=True)
            return ui.melding("goed", tekst)
        fout = sum(1 for p in self.pogingen if not p.juist)
        if fout >= 2:
            self.widget.zet_knop("toon-antwoord", verborgen=False)
        tekst = f"<p><b>✘ Nog niet goed.</b> {eerder}</p>{uitleg}<p>Pas je antwoord aan en klik opnieuw op <i>Controleer</i>.</p>"
        return ui.melding("fout", tekst)

    def onthul_antwoord(self) -> None:
        self.widget.feedback = ui.melding(
            "info",
            f"<p><b>Het goede antwoord:</b></p>{self.goede_antwoord_html()}{ui.markdown(self.vraag.uitleg)}{ui.bronregel(self.vraag.bronnen)}",
        )

    def bouw(self) -> VraagWidget:
        w = self.widget
        w.kop = ui.kop_html(self.soort.kop, self.vraag.vraag, self.store)
        w.invoer = self.invoer()
        w.waarde = self.begin()
        if self.pogingen:
            laatste = self.pogingen[-1]
            r = beoordeel_poging(self.vraag, laatste)
            if r.veranderd:  # the attempt stays stored; she answers the question as it is now
                w.feedback = veranderd_html(laatste.tijd)
            else:
                w.waarde = self.herstel(r.antwoord)
                w.feedback = self.feedback_html(
                    r.juist,
                    self.uitleg_html(r.antwoord, r.juist, r.score),
                    eerder=f"<i>(je eerdere antwoord van {html.escape(laatste.tijd[:10])} om {html.escape(laatste.tijd[11:16])})</i>",
                )
        return w


#: the optional 'Hoe zeker ben je?' under a choice question: stored with the attempt as ``zeker``
ZEKERHEDEN = {"zeker": "zeker", "twijfel": "twijfel", "gok": "gok"}


class KeuzeQuiz(Quiz):
    """Single and multiple choice: the browser gets the options in this student's order (``getoond``) and
    answers with positions in that order; what is stored is the option's text, as always, and, if she
    chose one, how sure she was (``zeker``: zeker / twijfel / gok; grading ignores it)."""

    def __init__(self, vraag, store: Store, onderdeel: str | None = None, grafiek: Any = None):
        super().__init__(vraag, store, onderdeel)
        self.getoond = [vraag.opties[i] for i in schik(vraag.opties, self.sleutel)]

    def invoer(self):
        return {"opties": [ui.inline(o.tekst) for o in self.getoond], "zekerheid": [list(z) for z in ZEKERHEDEN.items()]}

    def met_zekerheid(self, antwoord: dict) -> dict:
        zeker = self.waarde.get("zeker")
        return {**antwoord, "zeker": zeker} if zeker in ZEKERHEDEN else antwoord

    def gegeven_html(self, antwoord) -> str:
        """A stored answer as the text of the option(s) chosen (the diagnostic shows her answer from the
        start beside today's); "—" when it is in no form of a choice question."""
        if isinstance(antwoord, dict) and "optie" in antwoord:
            return ui.inline(str(antwoord["optie"]))
        if isinstance(antwoord, dict) and isinstance(antwoord.get("opties"), list):
            return "; ".join(ui.inline(str(o)) for o in antwoord["opties"])
        return "—"

    def bouw(self):
        w = super().bouw()
        zeker = self.pogingen[-1].antwoord.get("zeker") if self.pogingen and isinstance(self.pogingen[-1].antwoord, dict) else None
        if zeker in ZEKERHEDEN and isinstance(w.waarde, dict):
            w.waarde = {**w.waarde, "zeker": zeker}
        return w


class Onthulling(widgets.Output):
    """Where a prediction's chart appears once the estimate is committed. A saved notebook drops it
    (offline.zonder_widgets): its content comes back when the cell runs again."""

    PLEK = (f'<p class="{ONTHULLING_PLEK}"><em>Hier verschijnt de grafiek met de echte waarde, nadat je in JupyterLab '
            "je schatting hebt vastgelegd.</em></p>")

    def __init__(self, plek: str | None = None):
        super().__init__(layout=ui.gedeeld(widgets.Layout))
        self.add_class("wl-onthulling")
        if plek is not None:
            self.PLEK = plek

    def vul(self, maak: Callable[[], Any]) -> None:
        """Show what ``maak()`` returns (a chart, a table, anything IPython displays) and what it prints.

        What it shows is captured and set as the widget's outputs (not drawn "into" the Output widget by
        the kernel), so it works the same in JupyterLab, under nbclient and in a test without a kernel."""
        from IPython.display import HTML, display
        from IPython.utils.capture import capture_output

        with capture_output(stderr=False) as vangst:
            try:
                uit = maak()
                if uit is not None:
                    from wijklab.weergave.charts import Grafiek, _is_plotly_figuur, toon

                    toon(uit) if isinstance(uit, Grafiek) or _is_plotly_figuur(uit) else display(uit)
            except Exception as e:  # a broken chart must not hide the answer
                display(HTML(ui.melding("info", f"Dit onderdeel kon niet getoond worden ({html.escape(type(e).__name__)}). "
                                                "De echte waarde staat bij de vraag hierboven.")))
        uitvoer = [{"output_type": "stream", "name": "stdout", "text": vangst.stdout}] if vangst.stdout else []
        uitvoer += [{"output_type": "display_data", "data": o.data, "metadata": o.metadata or {}} for o in vangst.outputs]
        self.outputs = tuple(uitvoer)

    def _repr_mimebundle_(self, **kwargs):
        return ui.met_terugval(super()._repr_mimebundle_(**kwargs), self.PLEK, "")


#: the Dutch placeholder of a gate (``na_schatting``) until the estimate is committed
NOG_GEEN_SCHATTING = "Leg eerst je schatting vast bij de vraag hierboven"
#: gates waiting in this kernel, per prediction id; its VoorspelQuiz fills them when the estimate is committed
_WACHTEND: dict[str, list["Poort"]] = {}


class Poort(Onthulling):
    """A reveal gate: output that would give away a prediction's value (a table, a chart, a printed number)
    stays a Dutch placeholder until the estimate is committed, then appears in place. The same mechanism as
    the prediction's own chart (Onthulling); a saved notebook drops it and the cell fills it again."""

    def __init__(self, vraag_id: str, maak: Callable[[], Any]):
        tekst = f"{NOG_GEEN_SCHATTING}; dan verschijnt hier wat bij de echte waarde hoort."
        super().__init__(plek=f'<p class="{ONTHULLING_PLEK}"><em>{html.escape(tekst)}</em></p>')
        self.maak = maak
        # set as the outputs themselves, not captured: nbclient without widget state keeps working
        self.outputs = ({"output_type": "display_data", "metadata": {},
                         "data": {"text/html": ui.melding("info", f"<p>{html.escape(tekst)}</p>"), "text/plain": tekst}},)

    def vul(self, maak: Callable[[], Any] | None = None) -> None:
        super().vul(maak or self.maak)


class Samen:
    """A question widget and the output under it, shown as two outputs of one cell (no extra box model)."""

    def __init__(self, widget: VraagWidget, onder: widgets.Output):
        self.widget = widget
        self.onder = onder

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget, self.onder)


def widget_klasse(vraag) -> type[Quiz]:
    """The widget class of a question's type: its record names it as 'module:Klasse' (the content layer
    never imports widgets)."""
    module, _, naam = soort_van(vraag).widget.partition(":")
    return getattr(importlib.import_module(module), naam)


def quiz(id: str, grafiek: Callable[[float], Any] | Any = None):
    """Show question ``id`` from the question bank of its notebook.

    ``grafiek`` (only for a prediction): a plotly figure, or a function that gets the
    student's estimate and returns a figure, shown after the estimate is committed.
    """
    try:
        _, vraag = zoek(id)
    except BankFout as e:
        return ui.fout_blok(fout_tekst(e, "Deze vraag"))
    if not hasattr(vraag, "type"):
        return ui.fout_blok(f"'{id}' is een reflectieopdracht, geen quizvraag. Gebruik wl.reflectie('{id}').")
    return widget_klasse(vraag)(vraag, huidige_store(), grafiek=grafiek).bouw()


def na_schatting(id: str, inhoud: Callable[[], Any] | Any):
    """Show ``inhoud`` (a chart, a table, or a function that returns or prints one) only once the estimate
    of prediction ``id`` is committed; until then a Dutch placeholder, filled in place when she commits::

        wl.na_schatting("01-aandeel-corporaties", lambda: wl.charts.lijn(...))
    """
    try:
        _, vraag = zoek(id)
    except BankFout as e:
        return ui.fout_blok(fout_tekst(e, "Deze vraag"))
    if not hasattr(vraag, "type") or not soort_van(vraag).schatting:
        return ui.fout_blok(f"'{id}' is geen voorspelvraag; wl.na_schatting wacht alleen op een schatting.")
    maak = inhoud if callable(inhoud) else (lambda: inhoud)
    poort = Poort(id, maak)
    if huidige_store().pogingen(id):  # committed before (also in an earlier session): show it at once
        poort.vul()
    else:
        _WACHTEND.setdefault(id, []).append(poort)
    return poort
