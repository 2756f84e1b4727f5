"""One plotly look for the whole course, and helpers for the charts the course repeats.

    fig = wl.charts.lijn(df, x="jaar", y="daklozen_x1000", titel="...", bron=wl.bron("daklozen_reeks"),
                         alt="Lijn die stijgt van ... naar ...")
    fig            # or wl.charts.toon(fig)

Every helper needs a title (`titel`), a source line (`bron`) and a text description (`alt`); the source
is drawn under the chart, the description travels with it (layout.meta) and is printed as real text in
the static HTML part. Charts of fictional data (a DataFrame loaded from a dataset ending in
``_fictief``) always say *fictief* in their source line and description.

The look (palette, template, Dutch axes) lives in :mod:`wijklab.weergave.grafiekstijl`, the display bundle and
the static HTML export in :mod:`wijklab.weergave.grafiekexport`; this module offers their public names too.

Display and offline export (see `toon` and `exporteer_html`): each figure is one output with
- ``application/vnd.plotly.v1+json``: JupyterLab draws it with its built-in plotly extension;
- ``text/html``: a ``<figure>`` with the source and description as text and a small script that draws the
  figure with ONE shared copy of ``plotly.min.js`` next to the exported HTML file (nbconvert picks this
  part, because it does not know the plotly mime type). Without that file the text still shows;
- ``text/plain``: title, description and source.
In IPython, importing this module registers that bundle for every plotly figure in IPython's display
formatter, so ending a cell with ``fig`` works too; plotly's own renderer module is never imported for
it (it pulls in nbformat and jsonschema, ~1.5 s). If that module is loaded anyway, the bundle is also
made its default renderer ("wijklab").
"""

from __future__ import annotations

import copy
import html
import math
from typing import TYPE_CHECKING

from wijklab.basis.taal import lees_getal, nl_waarde
from wijklab.weergave.grafiekexport import (  # noqa: F401 (wl.charts offers the display and export too)
    _bundel, _fig_json, _is_plotly_figuur, _koppel, _registreer_renderer, exporteer_html, mimebundel, plotlyjs_pad,
)
from wijklab.weergave.grafiekstijl import (  # noqa: F401 (wl.charts offers the look too: wl.charts.PALET, .SJABLOON)
    ACCENT, ASTITEL_TEKENS, BRON_PX, BRON_TEKENS, CONFIG, GRIJS, HOOGTE, MODEBALK_PX, PALET, PLOTLYJS, SJABLOON,
    TITEL_PX, TITEL_TEKENS, GrafiekFout, _assen, _breek, _getallen, is_jaartal_as,
)

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = [
    "lijn",
    "staaf",
    "reeks_met_breuk",
    "vergelijk_wijken",
    "voorspelling",
    "toon",
    "mimebundel",
    "exporteer_html",
    "getal",
    "GrafiekFout",
    "Grafiek",
    "PALET",
    "SJABLOON",
]


class Grafiek:
    """A course chart: the figure as plain dicts, shown with the course bundle (see `mimebundel`).

    It behaves like a plotly Figure: ``fig.update_layout(...)``, ``fig.layout.title``, ``fig.data`` and
    ``fig.write_html(...)`` work as usual. The plotly Figure object (validated) is only built when one of
    those is used: building it loads plotly's table of property validators (~0,2 s), which a chart that is
    only shown does not need. ``fig.als_plotly()`` gives that Figure.
    """

    __slots__ = ("_figuur", "_plotly")

    def __init__(self, figuur: dict):
        self._figuur = figuur
        self._plotly: go.Figure | None = None

    def als_plotly(self) -> go.Figure:
        """The plotly Figure of this chart (made once; later changes to it are what is shown)."""
        if self._plotly is None:
            import plotly.graph_objects as go

            self._plotly = go.Figure(self._figuur)
        return self._plotly

    def to_dict(self) -> dict:
        return self._plotly.to_dict() if self._plotly is not None else copy.deepcopy(self._figuur)

    def __getattr__(self, naam: str):
        # private and special names stay here: IPython looks for _repr_html_, _ipython_display_ ... and
        # must find only _repr_mimebundle_ (plotly's own display would import nbformat)
        if naam.startswith("_"):
            raise AttributeError(naam)
        return getattr(self.als_plotly(), naam)

    def show(self, *args, **kwargs) -> None:
        """Show the chart (as ``fig`` at the end of a cell does)."""
        toon(self)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return mimebundel(self)


def _figuur(data: list[dict], layout: dict | None = None) -> dict:
    """A figure as a plain dict (``{"data": [...], "layout": {...}}``); `_afwerken` finishes it into a Grafiek."""
    return {"data": data, "layout": layout or {}}


def _astitels(x: str, y: str) -> dict:
    """The layout part with the titles of the x and y axis."""
    return {"xaxis": {"title": {"text": x}}, "yaxis": {"title": {"text": y}}}


def _kolom(reeks) -> list:
    """A DataFrame column as a plain list (plotly JSON without numpy; pandas NA -> None)."""
    return [None if w is None or (isinstance(w, float) and math.isnan(w)) else w for w in reeks.tolist()]


_koppel()


def toon(fig: Grafiek | go.Figure) -> None:
    """Display a figure in the notebook (also inside an ipywidgets Output widget)."""
    from IPython.display import display

    if not (isinstance(fig, Grafiek) or _is_plotly_figuur(fig)):
        raise GrafiekFout("wl.charts.toon verwacht een grafiek (een plotly-figuur), bijvoorbeeld van wl.charts.lijn(...).")
    display(mimebundel(fig), raw=True)


# --------------------------------------------------------------------------- Dutch numbers and labels

#: a number as the charts write it, for the notebooks: ``wl.charts.getal(1234567.5)`` -> '1.234.567,5'
#: (the one formatter is :func:`wijklab.basis.taal.nl_waarde`)
getal = nl_waarde


def _label(df, kolom: str, labels: dict | None) -> str:
    if labels and kolom in labels:
        return labels[kolom]
    tekst = kolom.replace("_x1000", "").replace("_", " ")
    tekst = tekst[:1].upper() + tekst[1:]
    eenheid = (getattr(df, "attrs", {}) or {}).get("eenheden", {}).get(kolom)
    return f"{tekst} ({eenheid})" if eenheid and eenheid != "jaar" else tekst


def _controleer(df, kolommen, titel, bron, alt) -> tuple[str, str, bool]:
    for naam, waarde in [("titel", titel), ("bron", bron), ("alt", alt)]:
        if not isinstance(waarde, str) or not waarde.strip():
            uitleg = {
                "titel": "een korte titel boven de grafiek",
                "bron": "een bronregel, bijvoorbeeld bron=wl.bron('daklozen_reeks')",
                "alt": "een beschrijving in woorden van wat de grafiek laat zien (voor wie hem niet kan zien)",
            }[naam]
            raise GrafiekFout(f"Geef bij de grafiek '{naam}' mee: {uitleg}.")
    if df is None or not hasattr(df, "columns"):
        raise GrafiekFout("Geef een tabel (DataFrame) mee, bijvoorbeeld df = wl.data.laad('daklozen_reeks').")
    if len(df) == 0:
        raise GrafiekFout("De tabel is leeg: er valt niets te tekenen. Controleer je selectie.")
    for k in kolommen:
        if k and k not in df.columns:
            raise GrafiekFout(f"De tabel heeft geen kolom '{k}'. Wel: {', '.join(map(str, df.columns))}.")
    attrs = getattr(df, "attrs", {}) or {}
    fictief = bool(attrs.get("fictief")) or str(attrs.get("naam", "")).endswith("_fictief")
    bron = bron.strip()
    if not bron.lower().startswith("bron"):
        bron = "Bron: " + bron
    if fictief and "fictief" not in bron.lower():
        bron += " — fictief"
    if fictief and "fictief" not in alt.lower():
        alt = alt.rstrip() + " (Let op: fictief voorbeeld, verzonnen lesdata.)"
    return bron, alt.strip(), fictief


def _afwerken(figuur: dict, *, titel: str, bron: str, alt: str, fictief: bool) -> Grafiek:
    """Title, source line, description, the course template and Dutch axes on a figure dict.

    Plain dicts, not plotly's Figure object: building and validating that object cost 0,2–0,5 s for
    the first chart of a notebook, more than everything else in the cell. tests/test_charts.py checks
    every course chart against plotly's schema instead.
    """
    layout = figuur["layout"]
    titelregels = _breek(titel, TITEL_TEKENS)
    bronregels = _breek(bron, BRON_TEKENS)
    # the title block (mode bar strip, title, source line) decides the top margin; plus room for
    # labels that sit just above the plot area (methodebreuk, gemiddelde)
    boven = MODEBALK_PX + TITEL_PX + round(TITEL_PX * 1.3) * len(titelregels) + round(BRON_PX * 1.4) * len(bronregels) + 34
    legenda = (sum(1 for t in figuur["data"] if t.get("showlegend") is not False and t.get("name")) > 1
               and layout.get("showlegend") is not False)
    onder = 30 + (60 if legenda else 0)
    hoogte = int(layout.get("height") or HOOGTE) + boven - 70 + (onder - 30)
    layout.update(
        template=copy.deepcopy(SJABLOON),
        separators=",.",
        # the title starts below the mode bar strip (container coordinates, so it never moves); plotly
        # anchors a multi-line title about one line too high, hence the extra TITEL_PX
        title=dict(text="<br>".join(html.escape(r) for r in titelregels), y=1 - (MODEBALK_PX + TITEL_PX) / hoogte,
                   subtitle=dict(text="<br>".join(html.escape(r) for r in bronregels))),
        margin={**layout.get("margin", {}), "t": boven, "b": onder},
        height=hoogte,
        meta={"wijklab": {"titel": titel, "bron": bron, "alt": alt, "fictief": fictief}},
    )
    _assen(figuur)
    return Grafiek(figuur)


def _schoon(df):
    """Plotly does not like pandas' nullable <NA>: convert to plain numpy/object columns."""
    uit = df.copy()
    for k in uit.columns:
        s = uit[k]
        if str(s.dtype) == "Int64" and not s.isna().any():
            uit[k] = s.astype("int64")
        elif str(s.dtype) in {"Int64", "Float64"}:
            uit[k] = s.astype("float64")
        elif str(s.dtype) == "boolean" or s.dtype == bool:
            # Dutch legend and hover labels instead of True/False
            uit[k] = s.astype("object").map({True: "ja", False: "nee"}).where(s.notna(), None)
        elif str(s.dtype) == "string":
            uit[k] = s.astype("object").where(s.notna(), None)
    return uit


# --------------------------------------------------------------------------- general helpers

def _groepen(d, kleur: str | None) -> list[tuple[str | None, object]]:
    """The rows per value of the colour column, in order of first appearance (one trace each)."""
    if not kleur:
        return [(None, d)]
    return [(str(k), d[d[kleur] == k]) for k in dict.fromkeys(d[kleur].dropna().tolist())]


def _hover(xlabel: str, ylabel: str, groep: str | None) -> str:
    naam = f"<extra>{html.escape(groep)}</extra>" if groep is not None else "<extra></extra>"
    return f"{html.escape(xlabel)}: %{{x}}<br>{html.escape(ylabel)}: %{{y}}{naam}"


def _legenda(df, kleur, labels) -> dict:
    return {"legend": {"title": {"text": _label(df, kleur, labels)}}} if kleur else {"showlegend": False}


def lijn(df, x: str, y: str, kleur: str | None = None, *, titel: str, bron: str, alt: str,
         labels: dict | None = None, punten: bool = True) -> Grafiek:
    """A line chart (een lijndiagram). `kleur` = column that splits the lines (optional)."""
    bron, alt, fictief = _controleer(df, [x, y, kleur], titel, bron, alt)
    xlabel, ylabel = _label(df, x, labels), _label(df, y, labels)
    data = [
        dict(type="scatter", x=_kolom(g[x]), y=_kolom(g[y]), name=naam, legendgroup=naam, showlegend=naam is not None,
             mode="lines+markers" if punten else "lines", line=dict(width=3, color=PALET[i % len(PALET)]),
             marker=dict(color=PALET[i % len(PALET)]), hovertemplate=_hover(xlabel, ylabel, naam))
        for i, (naam, g) in enumerate(_groepen(_schoon(df), kleur))
    ]
    fig = _figuur(data, {**_astitels(xlabel, ylabel), **_legenda(df, kleur, labels)})
    return _afwerken(fig, titel=titel, bron=bron, alt=alt, fictief=fictief)


def staaf(df, x: str, y: str, kleur: str | None = None, *, titel: str, bron: str, alt: str,
          labels: dict | None = None, liggend: bool = False, gestapeld: bool = True) -> Grafiek:
    """A bar chart (een staafdiagram). `liggend=True` gives horizontal bars (x = the value then)."""
    bron, alt, fictief = _controleer(df, [x, y, kleur], titel, bron, alt)
    xlabel, ylabel = _label(df, x, labels), _label(df, y, labels)
    data = [
        dict(type="bar", x=_kolom(g[x]), y=_kolom(g[y]), name=naam, legendgroup=naam, showlegend=naam is not None,
             orientation="h" if liggend else "v", marker=dict(color=PALET[i % len(PALET)]),
             hovertemplate=_hover(xlabel, ylabel, naam))
        for i, (naam, g) in enumerate(_groepen(_schoon(df), kleur))
    ]
    layout = {**_astitels(xlabel, ylabel), "barmode": "stack" if gestapeld else "group", **_legenda(df, kleur, labels)}
    if liggend:
        # one readable row per category: plotly hides every other label when the bars get too thin
        layout["height"] = max(HOOGTE, 200 + 26 * df[y].nunique())
        layout["yaxis"]["dtick"] = 1
    return _afwerken(_figuur(data, layout), titel=titel, bron=bron, alt=alt, fictief=fictief)


# --------------------------------------------------------------------------- course charts

def reeks_met_breuk(df, x: str, y: str, *, breuk, titel: str, bron: str, alt: str, labels: dict | None = None,
                    voor: str = "oude methode", na: str = "nieuwe methode",
                    breuktekst: str = "methodebreuk") -> Grafiek:
    """A series with a marked method break: points with x < `breuk` and x >= `breuk` are drawn as two
    separate lines (never joined), with a dashed vertical line and a label between them.

    `breuk` is the first x value of the new method (daklozen_reeks: breuk=2020).
    """
    bron, alt, fictief = _controleer(df, [x, y], titel, bron, alt)
    d = _schoon(df).sort_values(x)
    oud, nieuw = d[d[x] < breuk], d[d[x] >= breuk]
    if oud.empty or nieuw.empty:
        raise GrafiekFout(f"De breuk {breuk} ligt niet binnen de reeks ({d[x].min()} tot {d[x].max()}).")
    try:
        plek = (float(oud[x].iloc[-1]) + float(nieuw[x].iloc[0])) / 2
    except (TypeError, ValueError):
        plek = breuk
    data = [
        dict(type="scatter", x=_kolom(oud[x]), y=_kolom(oud[y]), name=voor, mode="lines+markers",
             line=dict(color=PALET[0], width=3), marker=dict(size=8)),
        dict(type="scatter", x=_kolom(nieuw[x]), y=_kolom(nieuw[y]), name=na, mode="lines+markers",
             line=dict(color=PALET[1], width=3, dash="dot"), marker=dict(size=9, symbol="diamond")),
    ]
    fig = _figuur(data, dict(
        shapes=[_verticale_lijn(plek, "#444")],
        annotations=[dict(x=plek, y=1, yref="paper", text=html.escape(breuktekst), showarrow=False,
                          yanchor="bottom", font=dict(size=13, color="#444"), bgcolor="white")],
        **_astitels(_label(df, x, labels), _label(df, y, labels)),
    ))
    return _afwerken(fig, titel=titel, bron=bron, alt=alt, fictief=fictief)


def _verticale_lijn(x, kleur: str) -> dict:
    """A dashed vertical line over the whole plot height at `x` (what plotly's add_vline draws)."""
    return dict(type="line", x0=x, x1=x, xref="x", y0=0, y1=1, yref="y domain",
                line=dict(color=kleur, width=2, dash="dash"))


def vergelijk_wijken(df, wijk: str, waarde: str, *, titel: str, bron: str, alt: str, markeer=None,
                     referentie: float | None = None, referentietekst: str = "gemiddelde",
                     labels: dict | None = None, sorteer: bool = True) -> Grafiek:
    """Compare wijken on one value: horizontal bars, sorted, the wijken in `markeer` in an accent colour
    and an optional reference line (e.g. the national or city average)."""
    bron, alt, fictief = _controleer(df, [wijk, waarde], titel, bron, alt)
    d = _schoon(df)[[wijk, waarde]].dropna()
    if sorteer:
        d = d.sort_values(waarde)
    gemarkeerd = {markeer} if isinstance(markeer, str) else set(markeer or [])
    onbekend = gemarkeerd - set(d[wijk])
    if onbekend:
        raise GrafiekFout(f"Deze wijk(en) staan niet in de tabel: {', '.join(sorted(onbekend))}.")
    kleuren = [ACCENT if w in gemarkeerd else (PALET[0] if not gemarkeerd else GRIJS) for w in d[wijk]]
    layout = dict(xaxis=dict(title=dict(text=_label(df, waarde, labels))), showlegend=False,
                  height=max(HOOGTE, 40 + 26 * len(d)))
    if referentie is not None:
        layout["shapes"] = [_verticale_lijn(referentie, "#222")]
        layout["annotations"] = [dict(x=referentie, y=1, yref="paper", yanchor="bottom", showarrow=False,
                                      bgcolor="white", font=dict(size=13),
                                      text=html.escape(f"{referentietekst}: {getal(referentie)}"))]
    fig = _figuur([dict(type="bar", x=_kolom(d[waarde]), y=_kolom(d[wijk]), orientation="h",
                        marker=dict(color=kleuren), hovertemplate="%{y}: %{x}<extra></extra>")], layout)
    return _afwerken(fig, titel=titel, bron=bron, alt=alt, fictief=fictief)


class _Voorspelling:
    """Callable returned by `voorspelling`: grafiek(schatting) -> Figure with the estimate marked."""

    def __init__(self, df, x, y, *, titel, bron, alt, te_raden, labels, eenheid):
        self.bron, self.alt, self.fictief = _controleer(df, [x, y], titel, bron, alt)
        d = _schoon(df)[[x, y]].dropna().sort_values(x)
        self.x, self.y, self.titel, self.eenheid = x, y, titel, eenheid
        self.xlabel, self.ylabel = _label(df, x, labels), _label(df, y, labels)
        self.te_raden = d[x].iloc[-1] if te_raden is None else te_raden
        if hasattr(self.te_raden, "item"):  # numpy scalar -> plain Python for labels and JSON
            self.te_raden = self.te_raden.item()
        rij = d[d[x] == self.te_raden]
        if rij.empty:
            raise GrafiekFout(f"De waarde {self.te_raden} staat niet in kolom '{x}'.")
        self.werkelijk = float(rij[y].iloc[0])
        self.d = d

    def _basis(self, met_antwoord: bool) -> dict:
        d = self.d if met_antwoord else self.d[self.d[self.x] != self.te_raden]
        return _figuur(
            [dict(type="scatter", x=_kolom(d[self.x]), y=_kolom(d[self.y]), name="werkelijke cijfers",
                  mode="lines+markers", line=dict(color=PALET[0], width=3), marker=dict(size=8))],
            _astitels(self.xlabel, self.ylabel),
        )

    def vooraf(self) -> Grafiek:
        """The chart before the answer: the value to guess is hidden and marked with a question mark."""
        fig = self._basis(met_antwoord=False)
        fig["layout"]["annotations"] = [dict(x=self.te_raden, y=0.5, yref="paper", text="?", showarrow=False,
                                             font=dict(size=40, color=ACCENT))]
        bereik = _bereik(self.d[self.x])
        if bereik:
            fig["layout"]["xaxis"]["range"] = bereik
        alt = self.alt + f" De waarde voor {self.te_raden} is nog verborgen."
        return _afwerken(fig, titel=self.titel, bron=self.bron, alt=alt, fictief=self.fictief)

    def __call__(self, schatting) -> Grafiek:
        try:
            schatting = lees_getal(schatting) if isinstance(schatting, str) else float(schatting)
        except (TypeError, ValueError):
            raise GrafiekFout(f"'{schatting}' is geen getal. Vul je schatting in als getal, bijvoorbeeld 25 of 25,5.") from None
        if math.isnan(schatting) or math.isinf(schatting):
            raise GrafiekFout("Vul je schatting in als een gewoon getal.")
        fig = self._basis(met_antwoord=True)
        eenheid = f" {self.eenheid}" if self.eenheid else ""
        fig["data"] += [
            dict(type="scatter", x=[self.te_raden], y=[self.werkelijk], mode="markers", name="werkelijke waarde",
                 marker=dict(size=16, color=PALET[0], line=dict(color="white", width=2))),
            dict(type="scatter", x=[self.te_raden], y=[schatting], mode="markers", name="jouw schatting",
                 marker=dict(size=18, color=ACCENT, symbol="diamond", line=dict(color="black", width=1))),
        ]
        fig["layout"]["annotations"] = [
            dict(x=self.te_raden, y=schatting, text=f"jouw schatting: {getal(schatting)}{eenheid}",
                 ax=-90, ay=-40 if schatting >= self.werkelijk else 40, font=dict(color=ACCENT, size=14),
                 bgcolor="white", arrowcolor=ACCENT),
            dict(x=self.te_raden, y=self.werkelijk, text=f"werkelijk: {getal(self.werkelijk)}{eenheid}", ax=-90,
                 ay=40 if schatting >= self.werkelijk else -40, font=dict(color=PALET[0], size=14),
                 bgcolor="white", arrowcolor=PALET[0]),
        ]
        alt = (self.alt + f" Jouw schatting voor {self.te_raden}: {getal(schatting)}{eenheid}; "
               f"werkelijke waarde: {getal(self.werkelijk)}{eenheid}.")
        return _afwerken(fig, titel=self.titel, bron=self.bron, alt=alt, fictief=self.fictief)


def _bereik(reeks):
    try:
        lo, hi = float(reeks.min()), float(reeks.max())
        marge = (hi - lo) * 0.05 or 1
        return [lo - marge, hi + marge]
    except (TypeError, ValueError):
        return None


def voorspelling(df, x: str, y: str, *, titel: str, bron: str, alt: str, te_raden=None,
                 labels: dict | None = None, eenheid: str = ""):
    """A predict-then-reveal chart for the quiz engine.

    Returns a callable ``grafiek(schatting: float) -> Figure``: the real series with the student's estimate
    and the real value at x = `te_raden` (default: the last x) marked and labelled. ``grafiek.vooraf()``
    gives the chart with that value still hidden. Usage::

        wl.quiz("04-daklozen", grafiek=wl.charts.voorspelling(df, x="jaar", y="daklozen_x1000", titel=...,
                bron=wl.bron("daklozen_reeks"), alt=...))
    """
    return _Voorspelling(df, x, y, titel=titel, bron=bron, alt=alt, te_raden=te_raden, labels=labels,
                         eenheid=eenheid)
