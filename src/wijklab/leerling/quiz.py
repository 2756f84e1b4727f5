"""Quiz widgets: ``wl.quiz("01-krachtwijken")``.

Six question types (see docs/vragen_schrijven.md). Every check is stored as an attempt; the
previous answer comes back when the notebook is run again. Feedback explains *why*; after two
wrong attempts the student may ask for the right answer.
"""

from __future__ import annotations

import html
import math
import re
from typing import Any, Callable

import ipywidgets as widgets

from wijklab.leerling import ui
from wijklab.inhoud.bank import BankFout, Enkelvoudig, Getal, Koppelen, Meervoudig, Volgorde, Voorspel, fout_tekst, zoek
from wijklab.inhoud.beoordeling import LETTERS, SOORTEN, grade, regrade, schud
from wijklab.weergave.offline import ONTHULLING_PLEK
from wijklab.werk.store import Store, huidige_store
from wijklab.basis.taal import aantal, datum_nl, nl_getal
from wijklab.leerling.vraagwidget import VraagWidget

SOORT = {naam: s.kop for naam, s in SOORTEN.items()}
#: the setting that holds this store's random identity, the seed of every per-student order (never her name)
SCHUDZAAD = "schudzaad"


def getal_uit_tekst(tekst: str) -> float:
    """Read a number as a Dutch student types it: '12,5', '1.234', '1.234,5', ' 40 ', '12.5'.

    Raises ValueError with a Dutch message saying what to type instead.
    """
    t = (tekst or "").strip().replace("\u00a0", "").replace(" ", "").replace("%", "").replace("€", "")
    if not t:
        raise ValueError("Je hebt nog niets ingevuld. Typ een getal, bijvoorbeeld 12,5.")
    if re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+(,\d+)?", t):  # 1.234 or 1.234,5: dots are thousands
        t = t.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[-+]?\d+,\d+", t):
        t = t.replace(",", ".")
    elif not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", t):
        raise ValueError(f"'{tekst.strip()[:40]}' is geen getal. Typ alleen cijfers, met een komma voor decimalen (bijvoorbeeld 12,5).")
    waarde = float(t)
    if not math.isfinite(waarde):
        raise ValueError("Dat getal is te groot. Typ een gewoon getal.")
    return waarde


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
    restoring an answer. The widget's ``waarde`` holds the answer as the browser has it."""

    knop_tekst = "Controleer"
    knop_tip = "Controleer je antwoord"
    #: after two wrong attempts she may ask for the right answer (not for an estimate: it is never wrong)
    toon_antwoord = True

    def __init__(self, vraag, store: Store, onderdeel: str | None = None):
        self.vraag = vraag
        self.store = store
        #: where the attempts are stored: the question id, or a prefixed id for a diagnostic or review
        #: attempt ('diagnose-voor:00-kern-mengen', 'herhaling:01-tijdlijn'; see wijklab.diagnose)
        self.onderdeel = onderdeel or vraag.id
        self.pogingen = store.pogingen(self.onderdeel)
        #: seed of this student's order for this question (options, starting order, right-hand column)
        self.sleutel = f"{schudzaad(store)}:{vraag.id}"
        self.widget = VraagWidget(
            soort=vraag.type,
            _dom_classes=["wl-blok", "wl-quiz", f"wl-type-{vraag.type}", f"wl-vraag-{vraag.id}"],
            fallback_html=ui.fallback(SOORT[vraag.type], ui.markdown(vraag.vraag), self.fallback_opties()),
            fallback_tekst=f"{SOORT[vraag.type]}: {vraag.vraag}",
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
        """The current answer in its stored form (see beoordeling); raise ValueError (Dutch) if incomplete."""
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
        return SOORTEN[self.vraag.type].fallback(self.vraag)

    def beoordeel(self, antwoord) -> tuple[bool, float, str]:
        """(right?, score 0..1, feedback HTML); right and score come from beoordeling.grade."""
        r = grade(self.vraag, antwoord)
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
        w.kop = ui.kop_html(SOORT[self.vraag.type], self.vraag.vraag, self.store)
        w.invoer = self.invoer()
        w.waarde = self.begin()
        if self.pogingen:
            laatste = self.pogingen[-1]
            r = regrade(self.vraag, laatste.antwoord, laatste.juist, laatste.score)
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


def _getal_veld(label: str, plaatshouder: str, eenheid: str) -> dict:
    return {"label": label, "plaatshouder": plaatshouder, "eenheid": eenheid}


#: the optional 'Hoe zeker ben je?' under a choice question: stored with the attempt as ``zeker``
ZEKERHEDEN = {"zeker": "zeker", "twijfel": "twijfel", "gok": "gok"}


class KeuzeQuiz(Quiz):
    """Single and multiple choice: the browser gets the options in this student's order (``getoond``) and
    answers with positions in that order; what is stored is the option's text, as always, and, if she
    chose one, how sure she was (``zeker``: zeker / twijfel / gok; grading ignores it)."""

    def __init__(self, vraag, store: Store, onderdeel: str | None = None):
        super().__init__(vraag, store, onderdeel)
        self.getoond = [vraag.opties[i] for i in schik(vraag.opties, self.sleutel)]

    def invoer(self):
        return {"opties": [ui.inline(o.tekst) for o in self.getoond], "zekerheid": [list(z) for z in ZEKERHEDEN.items()]}

    def met_zekerheid(self, antwoord: dict) -> dict:
        zeker = self.waarde.get("zeker")
        return {**antwoord, "zeker": zeker} if zeker in ZEKERHEDEN else antwoord

    def bouw(self):
        w = super().bouw()
        zeker = self.pogingen[-1].antwoord.get("zeker") if self.pogingen and isinstance(self.pogingen[-1].antwoord, dict) else None
        if zeker in ZEKERHEDEN and isinstance(w.waarde, dict):
            w.waarde = {**w.waarde, "zeker": zeker}
        return w


class EnkelvoudigQuiz(KeuzeQuiz):
    vraag: Enkelvoudig

    def begin(self):
        return {"keuze": None}

    def lees(self):
        i = self.waarde.get("keuze")
        if not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < len(self.getoond):
            raise ValueError("Kies eerst een antwoord.")
        return self.met_zekerheid({"optie": self.getoond[i].tekst})

    def uitleg_html(self, antwoord, juist, score):
        optie = next(o for o in self.vraag.opties if o.tekst == antwoord["optie"])
        return ui.markdown(optie.feedback)

    def herstel(self, antwoord):
        return {"keuze": next(i for i, o in enumerate(self.getoond) if o.tekst == antwoord["optie"])}

    def goede_antwoord_html(self):
        return "".join(f"<p>{ui.inline(o.tekst)} — {ui.inline(o.feedback)}</p>" for o in self.getoond if o.juist)


class MeervoudigQuiz(KeuzeQuiz):
    vraag: Meervoudig

    def begin(self):
        return {"vinkjes": [False] * len(self.getoond)}

    def lees(self):
        vinkjes = self.waarde.get("vinkjes")
        vinkjes = vinkjes if isinstance(vinkjes, list) else []
        aangevinkt = {o.tekst for o, v in zip(self.getoond, vinkjes) if v is True}
        gekozen = [o.tekst for o in self.vraag.opties if o.tekst in aangevinkt]  # stored in the bank's order
        if not gekozen:
            raise ValueError("Vink eerst minstens één antwoord aan.")
        return self.met_zekerheid({"opties": gekozen})

    def uitleg_html(self, antwoord, juist, score):
        gekozen = set(antwoord["opties"])
        regels = []
        for o in self.getoond:
            if o.tekst in gekozen:
                teken = "✔" if o.juist else "✘"
                regels.append(f"<li>{teken} {ui.inline(o.tekst)}: {ui.inline(o.feedback)}</li>")
        vergeten = sum(1 for o in self.vraag.opties if o.juist and o.tekst not in gekozen)
        extra = f"<p>Je mist nog {aantal(vergeten, 'goed antwoord', 'goede antwoorden')}.</p>" if vergeten else ""
        return f"<ul>{''.join(regels)}</ul>{extra}"

    def herstel(self, antwoord):
        return {"vinkjes": [o.tekst in antwoord["opties"] for o in self.getoond]}

    def goede_antwoord_html(self):
        return "<ul>" + "".join(f"<li>{ui.inline(o.tekst)}</li>" for o in self.getoond if o.juist) + "</ul>"


class VolgordeQuiz(Quiz):
    """Put items in order: choose an item in a radio group and move it with two buttons (keyboard alone works)."""

    vraag: Volgorde

    def invoer(self):
        return {"items": [{"sleutel": it.tekst, "html": ui.inline(it.tekst)} for it in self.vraag.items]}

    def begin(self):
        return {"volgorde": schud([it.tekst for it in self.vraag.items], self.sleutel)}

    def lees(self):
        volgorde = self.waarde.get("volgorde")
        if not isinstance(volgorde, list) or sorted(map(str, volgorde)) != sorted(it.tekst for it in self.vraag.items):
            raise ValueError("De volgorde is niet compleet. Voer de cel opnieuw uit en zet de items nog eens op volgorde.")
        return {"volgorde": list(volgorde)}

    def uitleg_html(self, antwoord, juist, score):
        if juist:
            return self.goede_antwoord_html()  # the timeline with its years
        goed = [it.tekst for it in self.vraag.items]
        op_plek = sum(a == b for a, b in zip(antwoord["volgorde"], goed))
        return f"<p>{op_plek} van de {len(goed)} {'staat' if op_plek == 1 else 'staan'} al op de goede plek.</p>{ui.markdown(self.vraag.feedback_fout)}"

    def herstel(self, antwoord):
        return {"volgorde": list(antwoord["volgorde"])}

    def goede_antwoord_html(self):
        return "<ol>" + "".join(f"<li>{ui.inline(it.tekst)}{' — ' + html.escape(it.toelichting) if it.toelichting else ''}</li>" for it in self.vraag.items) + "</ol>"


class KoppelenQuiz(Quiz):
    """The descriptions are shown once, lettered and wrapping; each term gets a drop-down of letters
    only, so it never has to cut off a long text (a native select cannot wrap)."""

    vraag: Koppelen

    def invoer(self):
        rechts = schud([p.rechts for p in self.vraag.paren], self.sleutel)
        return {
            "links": [ui.inline(p.links) for p in self.vraag.paren],
            "rechts": [{"sleutel": r, "letter": LETTERS[i], "html": ui.inline(r)} for i, r in enumerate(rechts)],
        }

    def begin(self):
        return {"paren": [None] * len(self.vraag.paren)}

    def lees(self):
        paren = self.waarde.get("paren")
        paren = paren if isinstance(paren, list) else []
        rechts = {p.rechts for p in self.vraag.paren}
        gekozen = [paren[i] if i < len(paren) and paren[i] in rechts else None for i in range(len(self.vraag.paren))]
        open_ = [ui.platte_tekst(p.links) for p, g in zip(self.vraag.paren, gekozen) if g is None]
        if open_:
            raise ValueError(f"Kies nog een koppeling bij: {', '.join(open_)}.")
        return {"paren": {p.links: g for p, g in zip(self.vraag.paren, gekozen)}}

    def uitleg_html(self, antwoord, juist, score):
        if juist:
            return ""
        n = len(self.vraag.paren)
        goed = sum(antwoord["paren"].get(p.links) == p.rechts for p in self.vraag.paren)
        return f"<p>{goed} van de {n} koppelingen {'klopt' if goed == 1 else 'kloppen'}.</p>{ui.markdown(self.vraag.feedback_fout)}"

    def herstel(self, antwoord):
        return {"paren": [antwoord["paren"].get(p.links) for p in self.vraag.paren]}

    def goede_antwoord_html(self):
        return "<ul>" + "".join(f"<li>{ui.inline(p.links)} → {ui.inline(p.rechts)}</li>" for p in self.vraag.paren) + "</ul>"


class GetalQuiz(Quiz):
    vraag: Getal

    def invoer(self):
        return _getal_veld("Jouw antwoord:", "bijvoorbeeld 12,5", self.vraag.eenheid)

    def begin(self):
        return {"tekst": ""}

    def _getal(self) -> float:
        tekst = self.waarde.get("tekst")
        return getal_uit_tekst(tekst[:200] if isinstance(tekst, str) else "")

    def lees(self):
        return {"getal": self._getal()}

    def uitleg_html(self, antwoord, juist, score):
        if juist:
            return f"<p>Het antwoord is {nl_getal(self.vraag.antwoord)} {html.escape(self.vraag.eenheid)}.</p>"
        te = self.vraag.feedback_te_laag if antwoord["getal"] < self.vraag.antwoord else self.vraag.feedback_te_hoog
        return ui.markdown(te)

    def herstel(self, antwoord):
        return {"tekst": nl_getal(antwoord["getal"])}

    def goede_antwoord_html(self):
        return f"<p>{nl_getal(self.vraag.antwoord)} {html.escape(self.vraag.eenheid)}</p>"


class VoorspelQuiz(GetalQuiz):
    """The student commits an estimate first; only then the real value and its chart appear."""

    vraag: Voorspel
    knop_tekst = "Leg mijn schatting vast"
    knop_tip = "Je schatting wordt bewaard; daarna zie je de echte waarde"
    toon_antwoord = False

    def __init__(self, vraag, store, grafiek: Any = None):
        super().__init__(vraag, store)
        self.grafiek = grafiek
        self.uitkomst = Onthulling() if grafiek is not None else None

    def invoer(self):
        return _getal_veld("Jouw schatting:", "jouw schatting", self.vraag.eenheid)

    def lees(self):
        x = self._getal()
        v = self.vraag
        if v.minimum is not None and x < v.minimum or v.maximum is not None and x > v.maximum:
            if v.minimum is None:
                raise ValueError(f"Kies een getal van hoogstens {nl_getal(v.maximum)}.")
            if v.maximum is None:
                raise ValueError(f"Kies een getal van minstens {nl_getal(v.minimum)}.")
            raise ValueError(f"Kies een getal tussen {nl_getal(v.minimum)} en {nl_getal(v.maximum)}.")
        return {"schatting": x}

    def uitleg_html(self, antwoord, juist, score):
        x = antwoord["schatting"]
        echt = self.vraag.antwoord
        verschil = x - echt
        if juist:
            oordeel = "Je schatting zit er dichtbij."
        elif verschil < 0:
            oordeel = f"Je schatting is {nl_getal(round(abs(verschil), 2))} lager dan de echte waarde."
        else:
            oordeel = f"Je schatting is {nl_getal(round(abs(verschil), 2))} hoger dan de echte waarde."
        eenheid = html.escape(self.vraag.eenheid)
        return f"<p>Jouw schatting: <b>{nl_getal(x)} {eenheid}</b>. De echte waarde: <b>{nl_getal(echt)} {eenheid}</b>. {oordeel}</p>"

    def feedback_html(self, juist, uitleg, eerder=""):
        # a prediction is never 'wrong': what counts is comparing it with reality
        self.widget.uitgeschakeld = True
        self.widget.zet_knop("controleer", uit=True, tekst="Schatting vastgelegd")
        return ui.melding("info", f"{('<p>' + eerder + '</p>') if eerder else ''}{uitleg}{ui.markdown(self.vraag.uitleg)}{ui.bronregel(self.vraag.bronnen)}")

    def bij_controle(self):
        super().bij_controle()
        if self.pogingen:
            self._toon_grafiek(self.pogingen[-1].antwoord["schatting"])
            for plek in _WACHTEND.pop(self.vraag.id, []):  # the gates further down the notebook open now
                plek.vul()

    def herstel(self, antwoord):
        self._toon_grafiek(antwoord["schatting"])
        return {"tekst": nl_getal(antwoord["schatting"])}

    def _toon_grafiek(self, schatting: float):
        if self.uitkomst is not None:
            self.uitkomst.vul(lambda: self.grafiek(schatting) if callable(self.grafiek) else self.grafiek)

    def bouw(self):
        """The estimate, and below it the place where the chart appears once it is committed."""
        w = super().bouw()
        return w if self.uitkomst is None else Samen(w, self.uitkomst)


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


#: the widget of each question type (the rest of a type lives in beoordeling.SOORTEN); keyed by
#: content model, like SOORTEN[naam].model
KLASSEN: dict[type, type[Quiz]] = {
    Enkelvoudig: EnkelvoudigQuiz,
    Meervoudig: MeervoudigQuiz,
    Volgorde: VolgordeQuiz,
    Koppelen: KoppelenQuiz,
    Getal: GetalQuiz,
    Voorspel: VoorspelQuiz,
}
assert set(KLASSEN) == {s.model for s in SOORTEN.values()}, "every question type needs a widget in KLASSEN"


def quiz(id: str, grafiek: Callable[[float], Any] | Any = None):
    """Show question ``id`` from the question bank of its notebook.

    ``grafiek`` (only for 'voorspel' questions): a plotly figure, or a function that gets the
    student's estimate and returns a figure, shown after the estimate is committed.
    """
    try:
        _, vraag = zoek(id)
    except BankFout as e:
        return ui.fout_blok(fout_tekst(e, "Deze vraag"))
    if not hasattr(vraag, "type"):
        return ui.fout_blok(f"'{id}' is een reflectieopdracht, geen quizvraag. Gebruik wl.reflectie('{id}').")
    store = huidige_store()
    if isinstance(vraag, Voorspel):
        return VoorspelQuiz(vraag, store, grafiek).bouw()
    return KLASSEN[type(vraag)](vraag, store).bouw()


def na_schatting(id: str, inhoud: Callable[[], Any] | Any):
    """Show ``inhoud`` (a chart, a table, or a function that returns or prints one) only once the estimate
    of prediction ``id`` is committed; until then a Dutch placeholder, filled in place when she commits::

        wl.na_schatting("01-aandeel-corporaties", lambda: wl.charts.lijn(...))
    """
    try:
        _, vraag = zoek(id)
    except BankFout as e:
        return ui.fout_blok(fout_tekst(e, "Deze vraag"))
    if not isinstance(vraag, Voorspel):
        return ui.fout_blok(f"'{id}' is geen voorspelvraag; wl.na_schatting wacht alleen op een schatting.")
    maak = inhoud if callable(inhoud) else (lambda: inhoud)
    poort = Poort(id, maak)
    if huidige_store().pogingen(id):  # committed before (also in an earlier session): show it at once
        poort.vul()
    else:
        _WACHTEND.setdefault(id, []).append(poort)
    return poort
