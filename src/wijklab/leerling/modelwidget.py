"""Widgets that drive the Middelstad model (wijklab.inhoud.model) from one notebook call.

    wl.middelstad_model()

Sliders and switches for the allocation rules, a button "Draai tien jaar", and per wijk a chart of
ten years under the student's rules next to the default rules, with the threshold. The block is a
``ui.Blok``: where widgets cannot run (nbconvert HTML, GitHub) its static fallback shows the
default scenario's chart (the chart's own ``text/html``) and the table of assumptions.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from wijklab.basis.taal import aantal, nl_waarde
from wijklab.inhoud import model
from wijklab.leerling import ui

MATEN = {
    "draaglast": ("Draaglast: aandachtshuishoudens per 100 dragende huishoudens", "draaglast_per_100_dragend"),
    "aandeel": ("Aandeel aandachtsgroepen in de corporatiewoningen (%)", "aandeel_aandachtsgroepen_pct"),
}
KLEUR_EIGEN = "#0072B2"
KLEUR_STANDAARD = "#6b6b6b"
KLEUR_GRENS = "#D55E00"
#: all controls share one label width, so the sliders line up
LABELBREEDTE = "30em"


def _nl(x: float, decimalen: int = 1) -> str:
    """A model number in Dutch with a fixed number of decimals (taal.nl_waarde)."""
    return nl_waarde(x, decimalen)


def _bron() -> str:
    from wijklab.inhoud import data

    return data.bron("middelstad_wijken_fictief") + "; model Wijklab"


def _alt(df, maat: str) -> str:
    """A real description of the chart: per wijk the last year under both scenarios, and the threshold."""
    kolom = MATEN[maat][1]
    eind, eigen, standaard = _eindstand(df)
    drempel = float(df["drempel"].iloc[0])
    delen = [f"{w}: {_nl(eigen[w][kolom])} (standaardregels {_nl(standaard[w][kolom])})" for w in eigen]
    boven = [w for w in eigen if bool(eigen[w]["boven_drempel"])]
    tekst = (
        f"Acht kleine lijngrafieken, één per wijk van Middelstad, van {int(df['jaar'].min())} tot {eind}. "
        f"Doorgetrokken lijn: jouw regels; gestreepte grijze lijn: de standaardregels. "
        f"{MATEN[maat][0]} in {eind}: " + "; ".join(delen) + ". "
    )
    if maat == "draaglast":
        tekst += f"De grens ligt op {_nl(drempel, 0)}. "
    else:
        tekst += "De oranje lijn is per wijk het aandeel waarbij de draaglast de grens raakt (alleen waar dat onder 100 % ligt). "
    tekst += ("Boven de grens in " + str(eind) + " met jouw regels: " + (", ".join(boven) if boven else "geen enkele wijk") + ".")
    return tekst


def _as_nummer(k: int) -> str:
    """The suffix of panel `k`'s axes (0-based, row by row): 'x'/'y' for the first, then 'x2'/'y2' ..."""
    return "" if k == 0 else str(k + 1)


def raster(titels: list[str], rijen: int, kolommen: int, *, tussen_x: float, tussen_y: float) -> dict:
    """The layout of a grid of small charts with shared axes, as plotly's ``make_subplots(rows, cols,
    subplot_titles, shared_xaxes=True, shared_yaxes=True, horizontal_spacing, vertical_spacing)`` makes
    it (tests/test_model.py compares the two). Written out because make_subplots builds a validated
    plotly Figure, which cost 0,3 s in notebook 06."""
    breedte = (1 - tussen_x * (kolommen - 1)) / kolommen
    hoogte = (1 - tussen_y * (rijen - 1)) / rijen
    layout: dict = {"annotations": []}
    for k in range(rijen * kolommen):
        rij, kol = divmod(k, kolommen)
        n = _as_nummer(k)
        x0 = kol * (breedte + tussen_x)
        y1 = 1 - rij * (hoogte + tussen_y)
        xas = {"anchor": f"y{n}", "domain": [max(0.0, x0), min(1.0, x0 + breedte)]}  # no -5e-17 from rounding
        yas = {"anchor": f"x{n}", "domain": [max(0.0, y1 - hoogte), min(1.0, y1)]}
        if rij < rijen - 1:  # one x axis per column, labelled on the bottom row
            xas.update(matches=f"x{_as_nummer((rijen - 1) * kolommen + kol)}", showticklabels=False)
        if kol > 0:  # one y axis per row, labelled in the first column
            yas.update(matches=f"y{_as_nummer(rij * kolommen)}", showticklabels=False)
        layout[f"xaxis{n}"], layout[f"yaxis{n}"] = xas, yas
        if k < len(titels):
            layout["annotations"].append({"font": {"size": 16}, "showarrow": False, "text": titels[k],
                                          "x": x0 + breedte / 2, "xanchor": "center", "xref": "paper",
                                          "y": y1, "yanchor": "bottom", "yref": "paper"})
    return layout


def _per_wijk(df) -> dict[tuple[str, str], list[dict]]:
    """The model's rows per (wijk, scenario) in their order, as plain dicts: one pass over the table
    (pandas row filters per wijk cost ~0,3 s the first time in a kernel)."""
    uit: dict[tuple[str, str], list[dict]] = {}
    for r in df.to_dict("records"):
        uit.setdefault((r["wijk"], r["scenario"]), []).append(r)
    return uit


def _eindstand(df) -> tuple[int, dict[str, dict], dict[str, dict]]:
    """The last year, and per wijk its row under 'jouw regels' and under 'standaardregels' that year."""
    eind = int(df["jaar"].max())
    eigen: dict[str, dict] = {}
    standaard: dict[str, dict] = {}
    for (wijk, scenario), rijen in _per_wijk(df).items():
        laatste = [r for r in rijen if int(r["jaar"]) == eind]
        if laatste:
            (eigen if scenario == "jouw regels" else standaard)[wijk] = laatste[-1]
    return eind, eigen, standaard


def grafiek(df, maat: str = "draaglast"):
    """Small multiples: one panel per wijk, the student's rules (solid), the default rules (dashed), the threshold."""
    from wijklab.weergave import charts

    if not isinstance(maat, str) or maat not in MATEN:
        raise model.ModelFout(f"Kies als maat 'draaglast' of 'aandeel', niet {model._toon(maat)}.")
    kolommen = {"jaar", "wijk", "scenario", "drempel", "boven_drempel", MATEN[maat][1]}
    if not hasattr(df, "columns") or not kolommen <= set(df.columns) or not len(df):
        raise model.ModelFout("Geef de uitkomst van het model mee, bijvoorbeeld "
                              "grafiek(model.vergelijk(model.Regels(spreiding=0.5))).")
    titel_maat, kolom = MATEN[maat]
    kort = {"draaglast": "draaglast", "aandeel": "aandeel aandachtsgroepen"}[maat]
    titel = f"Middelstad (fictief): {kort} per wijk, {int(df['jaar'].min())}–{int(df['jaar'].max())}"
    bron, alt, fictief = charts._controleer(df, ["jaar", "wijk", kolom, "scenario"], titel, _bron(), _alt(df, maat))
    wijken = list(dict.fromkeys(df["wijk"]))
    # plain dicts, not plotly's Figure object (see charts._afwerken)
    # four rows of two: each panel stays readable when the notebook is narrow (200 % zoom)
    layout = raster(wijken, 4, 2, tussen_x=0.08, tussen_y=0.075)
    data: list[dict] = []
    rijen = _per_wijk(df)
    jaren = [int(df["jaar"].min()), int(df["jaar"].max())]
    drempel = float(df["drempel"].iloc[0])
    grens_in_legenda = False
    for k, wijk in enumerate(wijken):
        assen = dict(xaxis=f"x{_as_nummer(k)}", yaxis=f"y{_as_nummer(k)}")
        for scenario, kleur, streep in [("standaardregels", KLEUR_STANDAARD, "dash"), ("jouw regels", KLEUR_EIGEN, "solid")]:
            d = rijen.get((wijk, scenario), [])
            data.append(dict(type="scatter", x=[int(r["jaar"]) for r in d], y=[float(r[kolom]) for r in d], mode="lines", name=scenario,
                               legendgroup=scenario, showlegend=k == 0,
                               line=dict(color=kleur, width=3 if scenario == "jouw regels" else 2, dash=streep),
                               hovertemplate=f"{html.escape(wijk)}, %{{x}}: %{{y:.1f}}<extra>{scenario}</extra>",
                               **assen))
        grens = drempel if maat == "draaglast" else float(next(rs[0] for (w, _), rs in rijen.items() if w == wijk)["grens_aandeel_pct"])
        if grens <= 100:
            data.append(dict(type="scatter", x=jaren, y=[grens, grens],
                               mode="lines", name="grens (aanname)", legendgroup="grens", showlegend=not grens_in_legenda,
                               line=dict(color=KLEUR_GRENS, width=2, dash="dot"),
                               hovertemplate=f"grens: {_nl(grens)}<extra></extra>", **assen))
            grens_in_legenda = True
    hoogste = max(float(df[kolom].max()), drempel if maat == "draaglast" else 0) * 1.1 or 1
    for naam, as_ in layout.items():
        if naam.startswith("yaxis"):
            as_.update(range=[0, hoogste], tickformat=",.0f")
        elif naam.startswith("xaxis"):
            as_.update(dtick=5, tickformat="d")
    # as wide as the notebook (no fixed 800 px: its third column was cut off at 1280 px and at 200 % zoom)
    layout.update(height=880, autosize=True, margin=dict(l=50, r=20, t=120, b=110), legend=dict(y=-0.08))
    for paneeltitel in layout.get("annotations", []):
        paneeltitel.setdefault("font", {})["size"] = 14
    layout.setdefault("annotations", []).append(dict(
        text=html.escape(titel_maat), xref="paper", yref="paper", x=0, y=1, yshift=34, yanchor="bottom",
        showarrow=False, xanchor="left", font=dict(size=14, color="#333")))
    return charts._afwerken({"data": data, "layout": layout}, titel=titel, bron=bron, alt=alt, fictief=fictief)


def _tabel_html(df) -> str:
    """Per wijk in the last year: both scenarios side by side, Dutch numbers."""
    eind, eigen, standaard = _eindstand(df)
    kop = ("<tr><th scope='col'>wijk</th><th scope='col'>aandeel aandachtsgroepen in corporatiewoningen, jouw regels</th>"
           "<th scope='col'>idem, standaardregels</th><th scope='col'>draaglast per 100 dragende huishoudens, jouw regels</th>"
           "<th scope='col'>idem, standaardregels</th><th scope='col'>boven de grens?</th></tr>")
    rijen = []
    for w in eigen:
        e, s = eigen[w], standaard[w]
        rijen.append(
            f"<tr><th scope='row'>{html.escape(w)}</th><td>{_nl(e['aandeel_aandachtsgroepen_pct'])} %</td>"
            f"<td>{_nl(s['aandeel_aandachtsgroepen_pct'])} %</td><td>{_nl(e['draaglast_per_100_dragend'])}</td>"
            f"<td>{_nl(s['draaglast_per_100_dragend'])}</td><td>{'ja' if bool(e['boven_drempel']) else 'nee'}</td></tr>"
        )
    return (f"<table class='wl-modeltabel'><caption>Middelstad (fictief) in {eind}: jouw regels en de standaardregels</caption>"
            f"<thead>{kop}</thead><tbody>{''.join(rijen)}</tbody></table>")


def _samenvatting_html(df) -> str:
    eind, eigen, standaard = _eindstand(df)
    n_eigen = sum(bool(r["boven_drempel"]) for r in eigen.values())
    n_std = sum(bool(r["boven_drempel"]) for r in standaard.values())
    stad = df.attrs.get("stad", [])
    regio = sum(j["naar_regio"] for j in stad)
    wachtend = stad[-1]["wachtend"] if stad else 0
    geplaatst = sum(j["geplaatst"] for j in stad)
    tekst = (f"<p><b>Uitkomst (fictief).</b> Met jouw regels liggen in {eind} <b>{aantal(n_eigen, 'wijk', 'wijken')}</b> boven de "
             f"grens; met de standaardregels {n_std}. In tien jaar kregen {_nl(geplaatst, 0)} huishoudens uit aandachtsgroepen een "
             f"corporatiewoning in Middelstad")
    tekst += f"; {_nl(regio, 0)} kregen via de regionale regeling een woning in een andere gemeente" if regio else ""
    tekst += f"; {_nl(wachtend, 0)} wachten aan het eind nog." if wachtend else "."
    return tekst + "</p>"


def aannames_html() -> str:
    """The assumptions table as HTML (also in the static fallback): the model's own table, one place."""
    return model.aannames_tabel()._repr_html_()


CSS = """<style>
.wl-modeltabel { border-collapse: collapse; margin: 0.6em 0; font-size: 0.92em; max-width: 64em; }
.wl-modeltabel caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
.wl-modeltabel th[scope=row], .wl-modeltabel caption { text-align: left !important; }
.wl-modeltabel th, .wl-modeltabel td { border: 1px solid #bbb; padding: 0.25em 0.5em; text-align: left;
    vertical-align: top; white-space: normal; }
.wl-model .widget-slider .widget-label, .wl-model .widget-checkbox .widget-label { min-width: 22em; }
.wl-model .widget-slider .widget-label { max-width: 100%; box-sizing: border-box; }
/* narrow window or 200 % zoom: the label on its own line above its slider, from the left, never off screen */
@media (max-width: 60em) { .wl-model .widget-slider .widget-label { text-align: left; flex-basis: 100%; min-width: 0; } }
/* after a rule moved: the old chart and table are greyed until the next run */
.wl-model .wl-verouderd { opacity: 0.45; }
</style>"""


def _grafiek_bundel(df, maat: str = "draaglast") -> dict:
    from wijklab.weergave.charts import _bundel

    return _bundel(grafiek(df, maat).to_dict())


def _fallback(df, bundel: dict | None = None) -> str:
    """The static block; ``bundel`` is the default chart when the caller has it already (it costs 0,3 s)."""
    bundel = bundel or _grafiek_bundel(df, "draaglast")
    return (
        CSS
        + '<div class="wl-statisch" style="border-left:4px solid #1565c0;padding-left:0.8em">'
        "<p><strong>Model van Middelstad (fictief)</strong></p>"
        "<p>Hieronder de uitkomst met de standaardregels: 20 % van de vrijgekomen corporatiewoningen naar "
        "aandachtsgroepen, niet spreiden, passend toewijzen aan, geen regionale regeling.</p>"
        + bundel["text/html"]
        + _tabel_html(df)
        + aannames_html()
        + "<p><em>Open dit notebook in JupyterLab en voer de cel uit om zelf de regels te kiezen.</em></p></div>"
    )


#: shown as soon as a rule moves, until the student runs the model again
VEROUDERD = ("<strong>Je hebt de regels veranderd.</strong> De grafiek en de tabel horen nog bij de vorige regels. "
             "Klik op <i>Draai tien jaar</i> om ze bij te werken.")


def _schuif(beschrijving: str, waarde: int, maximum: int, stap: int, tip: str) -> widgets.IntSlider:
    return widgets.IntSlider(value=waarde, min=0, max=maximum, step=stap, description=beschrijving,
                             readout_format="d", continuous_update=False,
                             style=ui.stijl(widgets.IntSlider, description_width=LABELBREEDTE),
                             layout=_breed(), tooltip=tip)


def _breed() -> widgets.Layout:
    """The one layout of the controls: 52em wide, never wider than the notebook (200 % zoom)."""
    return ui.gedeeld(widgets.Layout, width="52em", max_width="100%")


class Verkenner:
    """The widget: controls -> model.vergelijk -> chart + table."""

    def __init__(self):
        s = model.STANDAARD
        self.aandeel = _schuif("Deel voor aandachtsgroepen (%)",
                               round(s.aandeel_aandachtsgroepen * 100), 40, 1, "Nu in Middelstad: 20 %")
        self.spreiding = _schuif("Spreiding over alle wijken (%)", round(s.spreiding * 100), 100, 10,
                                 "0 = waar woningen vrijkomen; 100 = naar rato van alle woningen in de wijk")
        self.regio = _schuif("Regionale regeling: deel naar andere gemeenten (%)",
                             round(s.regionaal_deel * 100), 50, 5, "0 = geen regionale verdeling")
        self.passend = widgets.Checkbox(value=s.passend_toewijzen, description="Passend toewijzen (lage inkomens naar goedkope woningen)",
                                        indent=False, style=ui.stijl(widgets.Checkbox, description_width="initial"),
                                        layout=_breed())
        # radio buttons, not a drop-down: the long labels wrap at 200 % zoom instead of being cut off
        self.maat = widgets.RadioButtons(options=[(v[0], k) for k, v in MATEN.items()], value="draaglast",
                                         description="Wat wil je zien?",
                                         style=ui.stijl(widgets.RadioButtons, description_width="initial"),
                                         layout=_breed())
        self.draai_knop = ui.knop("Draai tien jaar", "wl-draai", "Reken tien jaar door met deze regels")
        self.terug_knop = ui.knop("Terug naar de standaardregels", "wl-standaard", "Zet alle regels terug")
        self.status = ui.html_vak()
        self.uitkomst = widgets.Output(layout=ui.gedeeld(widgets.Layout))
        self.uitkomst.add_class("wl-modeluitkomst")
        self.draai_knop.on_click(lambda _: self.draai())
        self.terug_knop.on_click(lambda _: self.terug())
        self.maat.observe(lambda _: self.toon(), names="value")
        for regel in (self.aandeel, self.spreiding, self.passend, self.regio):
            regel.observe(lambda _: self._verouderd(), names="value")
        self.df = model.vergelijk(model.STANDAARD)
        self._getoond = model.STANDAARD  # the rules the chart on screen belongs to

    def regels(self) -> model.Regels:
        return model.Regels(aandeel_aandachtsgroepen=self.aandeel.value / 100, spreiding=self.spreiding.value / 100,
                            passend_toewijzen=bool(self.passend.value), regionaal_deel=self.regio.value / 100)

    def draai(self) -> None:
        try:
            self.df = model.vergelijk(self.regels())
        except model.ModelFout as e:
            self.status.value = ui.melding("info", html.escape(str(e)))
            return
        self._getoond = self.regels()
        self.status.value = ui.melding("info", _samenvatting_html(self.df))
        self.uitkomst.remove_class("wl-verouderd")
        self.toon()

    def _verouderd(self) -> None:
        """A rule moved: say at once that the chart still shows the rules of the last run."""
        if self.regels() == self._getoond:
            self.status.value = ui.melding("info", _samenvatting_html(self.df))
            self.uitkomst.remove_class("wl-verouderd")
        else:
            self.status.value = ui.melding("info", VEROUDERD)
            self.uitkomst.add_class("wl-verouderd")

    def terug(self) -> None:
        s = model.STANDAARD
        self.aandeel.value = round(s.aandeel_aandachtsgroepen * 100)
        self.spreiding.value = round(s.spreiding * 100)
        self.regio.value = round(s.regionaal_deel * 100)
        self.passend.value = s.passend_toewijzen
        self.draai()

    def toon(self, bundel: dict | None = None) -> None:
        """Put the chart and the table into the output area.

        The outputs are set directly (not with ``with self.uitkomst:``): capturing output while a cell
        runs breaks nbclient's export without widget state, and this way a redraw replaces the old
        chart in one step.
        """
        grafiek_deel = {"output_type": "display_data", "metadata": {},
                        "data": bundel or _grafiek_bundel(self.df, self.maat.value)}
        tabel_deel = {"output_type": "display_data", "metadata": {},
                      "data": {"text/html": CSS + _tabel_html(self.df), "text/plain": "Tabel: jouw regels en de standaardregels."}}
        self.uitkomst.outputs = (grafiek_deel, tabel_deel)

    def bouw(self) -> ui.Blok:
        standaard = _grafiek_bundel(self.df, self.maat.value)  # the default chart: on screen and in the fallback
        kop = ui.html_vak(
            ui.CSS + CSS
            + '<div class="wl-soort">Model (fictief)</div>'
            + '<div class="wl-kop"><p><b>Middelstad: wie krijgt de vrijgekomen corporatiewoningen?</b> Kies de regels en '
              "klik op <i>Draai tien jaar</i>. De grijze gestreepte lijn is steeds de uitkomst met de standaardregels.</p></div>"
        )
        blok = ui.Blok(
            [kop, self.aandeel, self.spreiding, self.passend, self.regio,
             widgets.HBox([self.draai_knop, self.terug_knop], layout=ui.gedeeld(widgets.Layout)), self.status, self.maat, self.uitkomst],
            fallback_html=_fallback(self.df, standaard),
            fallback_tekst="Model van Middelstad (fictief): open dit notebook in JupyterLab om de regels te kiezen.",
        )
        blok.add_class("wl-blok")
        blok.add_class("wl-model")
        self.status.value = ui.melding("info", _samenvatting_html(self.df))
        self.toon(standaard)
        return blok


def verken() -> ui.Blok:
    """The Middelstad model with sliders and a run button (one call in notebook 06)."""
    return Verkenner().bouw()
