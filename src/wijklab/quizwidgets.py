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

from . import ui
from .bank import BankFout, Enkelvoudig, Getal, Koppelen, Meervoudig, Volgorde, Voorspel, fout_tekst, zoek
from .beoordeling import LETTERS, SOORTEN, grade, regrade, schud
from .store import Store, huidige_store
from .taal import aantal, nl_getal
from .taal import aantal, nl_getal

SOORT = {naam: s.kop for naam, s in SOORTEN.items()}
MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")
KIES = "— kies —"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


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
    """'2026-12-02T05:40:00+01:00' -> '2 december 2026' (the stored text itself if it is no date)."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", tijd or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        return html.escape(str(tijd)[:10])
    return f"{int(m.group(3))} {MAANDEN[int(m.group(2)) - 1]} {m.group(1)}"


def veranderd_html(tijd: str) -> str:
    return ui.melding(
        "info",
        f"<p>Deze vraag is veranderd sinds je eerdere antwoord van {nl_datum(tijd)}; je eerdere antwoord staat "
        "nog in je werk, maar beantwoord de vraag opnieuw.</p>",
    )


class Quiz:
    """One question on screen. Subclasses know how to read, check and restore an answer."""

    def __init__(self, vraag, store: Store):
        self.vraag = vraag
        self.store = store
        self.feedback = ui.feedback_widget()
        self.controleer = ui.knop("Controleer", "wl-controleer", "Controleer je antwoord")
        self.controleer.on_click(lambda _: self.bij_controle())
        self.toon_antwoord = ui.knop("Laat het goede antwoord zien", "wl-toon-antwoord")
        self.toon_antwoord.layout.display = "none"
        self.toon_antwoord.on_click(lambda _: self.onthul_antwoord())
        self.pogingen = store.pogingen(vraag.id)

    # --- to implement per type
    def invoer(self) -> list[widgets.Widget]:
        raise NotImplementedError

    def lees(self) -> Any:
        """The current answer in its stored form (see beoordeling); raise ValueError (Dutch) if incomplete."""
        raise NotImplementedError

    def uitleg_html(self, antwoord: dict, juist: bool, score: float) -> str:
        """Feedback HTML for an answer in today's form, already graded."""
        raise NotImplementedError

    def beoordeel(self, antwoord) -> tuple[bool, float, str]:
        """(right?, score 0..1, feedback HTML); right and score come from beoordeling.grade."""
        r = grade(self.vraag, antwoord)
        if r.veranderd:
            raise ValueError(r.reden)
        return r.juist, r.score, self.uitleg_html(r.antwoord, r.juist, r.score)

    def herstel(self, antwoord) -> None:
        """Put an answer in today's form back into the controls."""
        raise NotImplementedError

    def goede_antwoord_html(self) -> str:
        raise NotImplementedError

    def fallback_opties(self) -> list[str] | None:
        return SOORTEN[self.vraag.type].fallback(self.vraag)

    # --- shared behaviour
    def bij_controle(self) -> None:
        try:
            antwoord = self.lees()
        except ValueError as e:
            self.feedback.value = ui.melding("info", html.escape(str(e)))
            return
        juist, score, uitleg = self.beoordeel(antwoord)
        opslag = self.store.bewaar_poging(self.vraag.id, antwoord, juist, score)
        self.pogingen = self.store.pogingen(self.vraag.id)
        self.feedback.value = self.feedback_html(juist, uitleg) + ("" if opslag.gelukt else ui.opslag_html(opslag, self.store))

    def feedback_html(self, juist: bool, uitleg: str, eerder: str = "") -> str:
        n = len(self.pogingen)
        if juist:
            kop = "✔ Goed!" + (f" (na {n} pogingen)" if n > 1 else "")
            tekst = f"<p><b>{kop}</b> {eerder}</p>{uitleg}{ui.markdown(self.vraag.uitleg)}{ui.bronregel(self.vraag.bronnen)}"
            self.toon_antwoord.layout.display = "none"
            return ui.melding("goed", tekst)
        fout = sum(1 for p in self.pogingen if not p.juist)
        if fout >= 2:
            self.toon_antwoord.layout.display = None
        tekst = f"<p><b>✘ Nog niet goed.</b> {eerder}</p>{uitleg}<p>Pas je antwoord aan en klik opnieuw op <i>Controleer</i>.</p>"
        return ui.melding("fout", tekst)

    def onthul_antwoord(self) -> None:
        self.feedback.value = ui.melding(
            "info",
            f"<p><b>Het goede antwoord:</b></p>{self.goede_antwoord_html()}{ui.markdown(self.vraag.uitleg)}{ui.bronregel(self.vraag.bronnen)}",
        )

    def knoppen(self) -> list[widgets.Widget]:
        return [widgets.HBox([self.controleer, self.toon_antwoord])]

    def bouw(self) -> ui.Blok:
        kop = widgets.HTML(
            ui.CSS
            + f'<div class="wl-soort">{html.escape(SOORT[self.vraag.type])}</div>'
            + f'<div class="wl-kop">{ui.markdown(self.vraag.vraag)}</div>'
            + ui.store_meldingen(self.store)
        )
        onderdelen = [kop, *self.invoer(), *self.knoppen(), self.feedback]
        if self.pogingen:
            laatste = self.pogingen[-1]
            r = regrade(self.vraag, laatste.antwoord, laatste.juist, laatste.score)
            if r.veranderd:  # the attempt stays stored; she answers the question as it is now
                self.feedback.value = veranderd_html(laatste.tijd)
            else:
                self.herstel(r.antwoord)
                self.feedback.value = self.feedback_html(
                    r.juist,
                    self.uitleg_html(r.antwoord, r.juist, r.score),
                    eerder=f"<i>(je eerdere antwoord van {html.escape(laatste.tijd[:10])} om {html.escape(laatste.tijd[11:16])})</i>",
                )
        blok = ui.Blok(
            onderdelen,
            fallback_html=ui.fallback(SOORT[self.vraag.type], ui.markdown(self.vraag.vraag), self.fallback_opties()),
            fallback_tekst=f"{SOORT[self.vraag.type]}: {self.vraag.vraag}",
        )
        blok.add_class("wl-blok")
        blok.add_class("wl-quiz")
        blok.add_class(f"wl-type-{self.vraag.type}")
        blok.add_class(f"wl-vraag-{self.vraag.id}")
        return blok


class EnkelvoudigQuiz(Quiz):
    vraag: Enkelvoudig

    def invoer(self):
        self.keuze = widgets.RadioButtons(
            options=[(ui.platte_tekst(o.tekst), i) for i, o in enumerate(self.vraag.opties)],
            value=None,
            description="Antwoord:",
            layout=widgets.Layout(width="auto"),
        )
        return [self.keuze]

    def lees(self):
        if self.keuze.value is None:
            raise ValueError("Kies eerst een antwoord.")
        return {"optie": self.vraag.opties[self.keuze.value].tekst}

    def uitleg_html(self, antwoord, juist, score):
        optie = next(o for o in self.vraag.opties if o.tekst == antwoord["optie"])
        return ui.markdown(optie.feedback)

    def herstel(self, antwoord):
        self.keuze.value = next(i for i, o in enumerate(self.vraag.opties) if o.tekst == antwoord["optie"])

    def goede_antwoord_html(self):
        return "".join(f"<p>{ui.inline(o.tekst)} — {ui.inline(o.feedback)}</p>" for o in self.vraag.opties if o.juist)



class MeervoudigQuiz(Quiz):
    vraag: Meervoudig

    def invoer(self):
        self.vakjes = [
            widgets.Checkbox(value=False, description=ui.platte_tekst(o.tekst), indent=False, layout=widgets.Layout(width="auto"))
            for o in self.vraag.opties
        ]
        return [widgets.VBox(self.vakjes)]

    def lees(self):
        gekozen = [o.tekst for o, v in zip(self.vraag.opties, self.vakjes) if v.value]
        if not gekozen:
            raise ValueError("Vink eerst minstens één antwoord aan.")
        return {"opties": gekozen}

    def uitleg_html(self, antwoord, juist, score):
        gekozen = set(antwoord["opties"])
        regels = []
        for o in self.vraag.opties:
            if o.tekst in gekozen:
                teken = "✔" if o.juist else "✘"
                regels.append(f"<li>{teken} {ui.inline(o.tekst)}: {ui.inline(o.feedback)}</li>")
        vergeten = sum(1 for o in self.vraag.opties if o.juist and o.tekst not in gekozen)
        extra = f"<p>Je mist nog {aantal(vergeten, 'goed antwoord', 'goede antwoorden')}.</p>" if vergeten else ""
        return f"<ul>{''.join(regels)}</ul>{extra}"

    def herstel(self, antwoord):
        for o, v in zip(self.vraag.opties, self.vakjes):
            v.value = o.tekst in antwoord["opties"]

    def goede_antwoord_html(self):
        return "<ul>" + "".join(f"<li>{ui.inline(o.tekst)}</li>" for o in self.vraag.opties if o.juist) + "</ul>"



class VolgordeQuiz(Quiz):
    """Put items in order with a list and two buttons: usable by keyboard alone."""

    vraag: Volgorde

    def invoer(self):
        self.volgorde = schud([it.tekst for it in self.vraag.items], self.vraag.id)
        # one radio button per item (they wrap, a list box cannot): choose an item, then move it
        self.lijst = widgets.RadioButtons(
            options=self._labels(),
            description="Volgorde:",
            layout=widgets.Layout(flex="1 1 20em", width="auto"),
        )
        self.lijst.add_class("wl-volgorde")
        self.lijst.value = self._labels()[0]
        self.omhoog = ui.knop("↑ Omhoog", "wl-omhoog", "Zet het gekozen item één plek eerder")
        self.omlaag = ui.knop("↓ Omlaag", "wl-omlaag", "Zet het gekozen item één plek later")
        self.omhoog.on_click(lambda _: self._verplaats(-1))
        self.omlaag.on_click(lambda _: self._verplaats(+1))
        uitleg = widgets.HTML("<small>Kies een item (pijltjestoetsen of muis) en verplaats het met de knoppen. Bovenaan staat het eerste.</small>")
        for knop in (self.omhoog, self.omlaag):
            knop.layout.min_width = "8em"
        knoppen = widgets.VBox([self.omhoog, self.omlaag], layout=widgets.Layout(flex="0 0 auto"))
        return [uitleg, widgets.HBox([self.lijst, knoppen], layout=widgets.Layout(width="100%"))]

    def _labels(self):
        return [f"{i + 1}. {ui.platte_tekst(t)}" for i, t in enumerate(self.volgorde)]

    def _verplaats(self, stap: int):
        if self.lijst.value is None:
            return
        i = self._labels().index(self.lijst.value)
        j = i + stap
        if not 0 <= j < len(self.volgorde):
            return
        self.volgorde[i], self.volgorde[j] = self.volgorde[j], self.volgorde[i]
        self.lijst.options = self._labels()
        self.lijst.value = self._labels()[j]

    def lees(self):
        return {"volgorde": list(self.volgorde)}

    def uitleg_html(self, antwoord, juist, score):
        if juist:
            return self.goede_antwoord_html()  # the timeline with its years
        goed = [it.tekst for it in self.vraag.items]
        op_plek = sum(a == b for a, b in zip(antwoord["volgorde"], goed))
        return f"<p>{op_plek} van de {len(goed)} {'staat' if op_plek == 1 else 'staan'} al op de goede plek.</p>{ui.markdown(self.vraag.feedback_fout)}"

    def herstel(self, antwoord):
        self.volgorde = list(antwoord["volgorde"])
        self.lijst.options = self._labels()
        self.lijst.value = self._labels()[0]

    def goede_antwoord_html(self):
        return "<ol>" + "".join(f"<li>{ui.inline(it.tekst)}{' — ' + html.escape(it.toelichting) if it.toelichting else ''}</li>" for it in self.vraag.items) + "</ol>"



class KoppelenQuiz(Quiz):
    vraag: Koppelen

    def invoer(self):
        # the descriptions are shown once, lettered and wrapping; each drop-down only holds the
        # letters, so it never has to cut off a long text (a native select cannot wrap)
        rechts = schud([p.rechts for p in self.vraag.paren], self.vraag.id)
        self.letters = {r: LETTERS[i] for i, r in enumerate(rechts)}
        lijst = widgets.HTML(
            '<ol class="wl-keuzes" type="A">' + "".join(f"<li>{ui.inline(r)}</li>" for r in rechts) + "</ol>"
        )
        self.keuzes = [
            widgets.Dropdown(
                options=[(KIES, KIES), *[(self.letters[r], r) for r in rechts]],
                value=KIES,
                description=ui.platte_tekst(p.links),
                layout=widgets.Layout(width="auto"),
            )
            for p in self.vraag.paren
        ]
        for d in self.keuzes:
            d.add_class("wl-koppeling")
        uitleg = widgets.HTML("<small>Kies bij elk begrip de letter van de beschrijving die erbij hoort. Elke letter hoort bij één begrip.</small>")
        return [lijst, uitleg, widgets.VBox(self.keuzes)]

    def lees(self):
        open_ = [d.description for d in self.keuzes if d.value == KIES]
        if open_:
            raise ValueError(f"Kies nog een koppeling bij: {', '.join(open_)}.")
        return {"paren": {p.links: d.value for p, d in zip(self.vraag.paren, self.keuzes)}}

    def uitleg_html(self, antwoord, juist, score):
        if juist:
            return ""
        n = len(self.vraag.paren)
        goed = sum(antwoord["paren"].get(p.links) == p.rechts for p in self.vraag.paren)
        return f"<p>{goed} van de {n} koppelingen {'klopt' if goed == 1 else 'kloppen'}.</p>{ui.markdown(self.vraag.feedback_fout)}"

    def herstel(self, antwoord):
        for p, d in zip(self.vraag.paren, self.keuzes):
            d.value = antwoord["paren"][p.links]

    def goede_antwoord_html(self):
        return "<ul>" + "".join(f"<li>{ui.inline(p.links)} → {ui.inline(p.rechts)}</li>" for p in self.vraag.paren) + "</ul>"



class GetalQuiz(Quiz):
    vraag: Getal

    def invoer(self):
        self.invoerveld = widgets.Text(
            value="", placeholder="bijvoorbeeld 12,5", description="Jouw antwoord:", style={"description_width": "initial"}, continuous_update=False
        )
        eenheid = widgets.HTML(html.escape(self.vraag.eenheid))
        return [widgets.HBox([self.invoerveld, eenheid])]

    def lees(self):
        return {"getal": getal_uit_tekst(self.invoerveld.value)}

    def uitleg_html(self, antwoord, juist, score):
        if juist:
            return f"<p>Het antwoord is {nl_getal(self.vraag.antwoord)} {html.escape(self.vraag.eenheid)}.</p>"
        te = self.vraag.feedback_te_laag if antwoord["getal"] < self.vraag.antwoord else self.vraag.feedback_te_hoog
        return ui.markdown(te)

    def herstel(self, antwoord):
        self.invoerveld.value = nl_getal(antwoord["getal"])

    def goede_antwoord_html(self):
        return f"<p>{nl_getal(self.vraag.antwoord)} {html.escape(self.vraag.eenheid)}</p>"


class VoorspelQuiz(Quiz):
    """The student commits an estimate first; only then the real value and its chart appear."""

    vraag: Voorspel

    def __init__(self, vraag, store, grafiek: Any = None):
        super().__init__(vraag, store)
        self.grafiek = grafiek
        self.controleer.description = "Leg mijn schatting vast"
        self.controleer.tooltip = "Je schatting wordt bewaard; daarna zie je de echte waarde"
        self.uitkomst = widgets.Output()
        self.uitkomst.add_class("wl-onthulling")

    def invoer(self):
        self.invoerveld = widgets.Text(
            value="", placeholder="jouw schatting", description="Jouw schatting:", style={"description_width": "initial"}, continuous_update=False
        )
        return [widgets.HBox([self.invoerveld, widgets.HTML(html.escape(self.vraag.eenheid))])]

    def knoppen(self):
        return [self.controleer]

    def lees(self):
        x = getal_uit_tekst(self.invoerveld.value)
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
        self.invoerveld.disabled = True
        self.controleer.disabled = True
        self.controleer.description = "Schatting vastgelegd"
        return ui.melding("info", f"{('<p>' + eerder + '</p>') if eerder else ''}{uitleg}{ui.markdown(self.vraag.uitleg)}{ui.bronregel(self.vraag.bronnen)}")

    def bij_controle(self):
        super().bij_controle()
        if self.pogingen:
            self._toon_grafiek(self.pogingen[-1].antwoord["schatting"])

    def _toon_grafiek(self, schatting: float):
        if self.grafiek is None:
            return
        self.uitkomst.clear_output()
        with self.uitkomst:
            try:
                fig = self.grafiek(schatting) if callable(self.grafiek) else self.grafiek
                from .charts import toon

                toon(fig)
            except Exception as e:  # a broken chart must not hide the answer
                from IPython.display import HTML, display

                display(HTML(ui.melding("info", f"De grafiek kon niet getoond worden ({html.escape(type(e).__name__)}). De echte waarde staat hierboven.")))

    def herstel(self, antwoord):
        self.invoerveld.value = nl_getal(antwoord["schatting"])
        self._toon_grafiek(antwoord["schatting"])

    def goede_antwoord_html(self):
        return f"<p>{nl_getal(self.vraag.antwoord)} {html.escape(self.vraag.eenheid)}</p>"

    def bouw(self):
        blok = super().bouw()
        blok.children = [*blok.children, self.uitkomst]
        return blok


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
