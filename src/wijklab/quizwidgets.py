"""Quiz widgets: ``wl.quiz("01-krachtwijken")``.

Six question types (see docs/vragen_schrijven.md). Every check is stored as an attempt; the
previous answer comes back when the notebook is run again. Feedback explains *why*; after two
wrong attempts the student may ask for the right answer.
"""

from __future__ import annotations

import html
import math
import random
import re
from typing import Any, Callable

import ipywidgets as widgets

from . import ui
from .bank import BankFout, Enkelvoudig, Getal, Koppelen, Meervoudig, Volgorde, Voorspel, zoek
from .store import Store, huidige_store
from .taal import aantal

SOORT = {
    "enkelvoudig": "Vraag — kies één antwoord",
    "meervoudig": "Vraag — kies alle goede antwoorden",
    "volgorde": "Vraag — zet in de goede volgorde",
    "koppelen": "Vraag — koppel de begrippen",
    "getal": "Vraag — typ een getal",
    "voorspel": "Voorspel eerst, kijk dan",
}
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


def nl_getal(x: float) -> str:
    """Format a number the Dutch way: 1.234,5."""
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", ".")
    return f"{x:,.2f}".rstrip("0").rstrip(".").replace(",", "_").replace(".", ",").replace("_", ".")


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
        """The current answer as JSON-able data; raise ValueError (Dutch) if it is incomplete."""
        raise NotImplementedError

    def beoordeel(self, antwoord) -> tuple[bool, float, str]:
        """(right?, score 0..1, feedback HTML)."""
        raise NotImplementedError

    def herstel(self, antwoord) -> None:
        raise NotImplementedError

    def goede_antwoord_html(self) -> str:
        raise NotImplementedError

    def fallback_opties(self) -> list[str] | None:
        return None

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
            try:
                self.herstel(laatste.antwoord)
                juist, _, uitleg = self.beoordeel(laatste.antwoord)
                self.feedback.value = self.feedback_html(juist, uitleg, eerder=f"<i>(je eerdere antwoord van {html.escape(laatste.tijd[:10])} om {html.escape(laatste.tijd[11:16])})</i>")
            except (ValueError, KeyError, IndexError, TypeError):
                pass  # the question changed since the attempt; start fresh, the attempt stays stored
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


def _schud(items: list, sleutel: str) -> list:
    """Shuffle, but the same way every run (so a re-run looks the same), and never in the right order."""
    uit = list(items)
    rng = random.Random(sleutel)
    for _ in range(10):
        rng.shuffle(uit)
        if uit != items:
            break
    return uit


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
        return {"keuze": self.keuze.value, "tekst": self.vraag.opties[self.keuze.value].tekst}

    def beoordeel(self, antwoord):
        optie = self.vraag.opties[antwoord["keuze"]]
        return optie.juist, float(optie.juist), ui.markdown(optie.feedback)

    def herstel(self, antwoord):
        self.keuze.value = antwoord["keuze"]

    def goede_antwoord_html(self):
        return "".join(f"<p>{ui.inline(o.tekst)} — {ui.inline(o.feedback)}</p>" for o in self.vraag.opties if o.juist)

    def fallback_opties(self):
        return [ui.inline(o.tekst) for o in self.vraag.opties]


class MeervoudigQuiz(Quiz):
    vraag: Meervoudig

    def invoer(self):
        self.vakjes = [
            widgets.Checkbox(value=False, description=ui.platte_tekst(o.tekst), indent=False, layout=widgets.Layout(width="auto"))
            for o in self.vraag.opties
        ]
        return [widgets.VBox(self.vakjes)]

    def lees(self):
        gekozen = [i for i, v in enumerate(self.vakjes) if v.value]
        if not gekozen:
            raise ValueError("Vink eerst minstens één antwoord aan.")
        return {"keuzes": gekozen}

    def beoordeel(self, antwoord):
        gekozen = set(antwoord["keuzes"])
        goed = {i for i, o in enumerate(self.vraag.opties) if o.juist}
        raak = len(gekozen & goed)
        mis = len(gekozen - goed)
        score = max(0.0, (raak - mis) / len(goed))
        regels = []
        for i in sorted(gekozen):
            o = self.vraag.opties[i]
            teken = "✔" if o.juist else "✘"
            regels.append(f"<li>{teken} {ui.inline(o.tekst)}: {ui.inline(o.feedback)}</li>")
        vergeten = len(goed - gekozen)
        extra = f"<p>Je mist nog {aantal(vergeten, 'goed antwoord', 'goede antwoorden')}.</p>" if vergeten else ""
        return gekozen == goed, score, f"<ul>{''.join(regels)}</ul>{extra}"

    def herstel(self, antwoord):
        for i, v in enumerate(self.vakjes):
            v.value = i in antwoord["keuzes"]

    def goede_antwoord_html(self):
        return "<ul>" + "".join(f"<li>{ui.inline(o.tekst)}</li>" for o in self.vraag.opties if o.juist) + "</ul>"

    def fallback_opties(self):
        return [ui.inline(o.tekst) for o in self.vraag.opties]


class VolgordeQuiz(Quiz):
    """Put items in order with a list and two buttons: usable by keyboard alone."""

    vraag: Volgorde

    def invoer(self):
        self.volgorde = _schud([it.tekst for it in self.vraag.items], self.vraag.id)
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

    def beoordeel(self, antwoord):
        goed = [it.tekst for it in self.vraag.items]
        gegeven = antwoord["volgorde"]
        if sorted(gegeven) != sorted(goed):
            raise ValueError("de vraag is veranderd")
        op_plek = sum(a == b for a, b in zip(gegeven, goed))
        score = op_plek / len(goed)
        if gegeven == goed:
            return True, 1.0, self.goede_antwoord_html()  # the timeline with its years
        return False, score, f"<p>{op_plek} van de {len(goed)} {'staat' if op_plek == 1 else 'staan'} al op de goede plek.</p>{ui.markdown(self.vraag.feedback_fout)}"

    def herstel(self, antwoord):
        if sorted(antwoord["volgorde"]) != sorted(it.tekst for it in self.vraag.items):
            raise ValueError("de vraag is veranderd")
        self.volgorde = list(antwoord["volgorde"])
        self.lijst.options = self._labels()
        self.lijst.value = self._labels()[0]

    def goede_antwoord_html(self):
        return "<ol>" + "".join(f"<li>{ui.inline(it.tekst)}{' — ' + html.escape(it.toelichting) if it.toelichting else ''}</li>" for it in self.vraag.items) + "</ol>"

    def fallback_opties(self):
        return [ui.inline(t) for t in _schud([it.tekst for it in self.vraag.items], self.vraag.id)]


class KoppelenQuiz(Quiz):
    vraag: Koppelen

    def invoer(self):
        # the descriptions are shown once, lettered and wrapping; each drop-down only holds the
        # letters, so it never has to cut off a long text (a native select cannot wrap)
        rechts = _schud([p.rechts for p in self.vraag.paren], self.vraag.id)
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

    def beoordeel(self, antwoord):
        gegeven = antwoord["paren"]
        goed = sum(gegeven.get(p.links) == p.rechts for p in self.vraag.paren)
        n = len(self.vraag.paren)
        if goed == n:
            return True, 1.0, ""
        return False, goed / n, f"<p>{goed} van de {n} koppelingen {'klopt' if goed == 1 else 'kloppen'}.</p>{ui.markdown(self.vraag.feedback_fout)}"

    def herstel(self, antwoord):
        for p, d in zip(self.vraag.paren, self.keuzes):
            d.value = antwoord["paren"][p.links]

    def goede_antwoord_html(self):
        return "<ul>" + "".join(f"<li>{ui.inline(p.links)} → {ui.inline(p.rechts)}</li>" for p in self.vraag.paren) + "</ul>"

    def fallback_opties(self):
        links = [ui.inline(p.links) for p in self.vraag.paren]
        rechts = _schud([p.rechts for p in self.vraag.paren], self.vraag.id)
        keuzes = "; ".join(f"{LETTERS[i]}. {ui.inline(r)}" for i, r in enumerate(rechts))
        return [f"{a} — ?" for a in links] + [f"<i>Keuzes:</i> {keuzes}"]


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

    def beoordeel(self, antwoord):
        x = antwoord["getal"]
        if abs(x - self.vraag.antwoord) <= self.vraag.marge + 1e-9:
            return True, 1.0, f"<p>Het antwoord is {nl_getal(self.vraag.antwoord)} {html.escape(self.vraag.eenheid)}.</p>"
        te = self.vraag.feedback_te_laag if x < self.vraag.antwoord else self.vraag.feedback_te_hoog
        return False, 0.0, ui.markdown(te)

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
            raise ValueError(f"Kies een getal tussen {nl_getal(v.minimum)} en {nl_getal(v.maximum)}.")
        return {"schatting": x}

    def beoordeel(self, antwoord):
        x = antwoord["schatting"]
        echt = self.vraag.antwoord
        verschil = x - echt
        if abs(verschil) <= self.vraag.marge + 1e-9:
            oordeel = "Je schatting zit er dichtbij."
        elif verschil < 0:
            oordeel = f"Je schatting is {nl_getal(round(abs(verschil), 2))} lager dan de echte waarde."
        else:
            oordeel = f"Je schatting is {nl_getal(round(abs(verschil), 2))} hoger dan de echte waarde."
        eenheid = html.escape(self.vraag.eenheid)
        tekst = f"<p>Jouw schatting: <b>{nl_getal(x)} {eenheid}</b>. De echte waarde: <b>{nl_getal(echt)} {eenheid}</b>. {oordeel}</p>"
        return abs(verschil) <= self.vraag.marge + 1e-9, 1.0, tekst

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


KLASSEN: dict[type, type[Quiz]] = {
    Enkelvoudig: EnkelvoudigQuiz,
    Meervoudig: MeervoudigQuiz,
    Volgorde: VolgordeQuiz,
    Koppelen: KoppelenQuiz,
    Getal: GetalQuiz,
    Voorspel: VoorspelQuiz,
}


def quiz(id: str, grafiek: Callable[[float], Any] | Any = None):
    """Show question ``id`` from the question bank of its notebook.

    ``grafiek`` (only for 'voorspel' questions): a plotly figure, or a function that gets the
    student's estimate and returns a figure, shown after the estimate is committed.
    """
    try:
        _, vraag = zoek(id)
    except BankFout as e:
        return ui.fout_blok(f"Deze vraag kan niet worden getoond: {e} Meld dit aan je docent; de rest van het notebook werkt gewoon.")
    if not hasattr(vraag, "type"):
        return ui.fout_blok(f"'{id}' is een reflectieopdracht, geen quizvraag. Gebruik wl.reflectie('{id}').")
    store = huidige_store()
    if isinstance(vraag, Voorspel):
        return VoorspelQuiz(vraag, store, grafiek).bouw()
    return KLASSEN[type(vraag)](vraag, store).bouw()
