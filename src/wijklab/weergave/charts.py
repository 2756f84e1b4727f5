"""One plotly look for the whole course, and helpers for the charts the course repeats.

    fig = wl.charts.lijn(df, x="jaar", y="daklozen_x1000", titel="...", bron=wl.bron("daklozen_reeks"),
                         alt="Lijn die stijgt van ... naar ...")
    fig            # or wl.charts.toon(fig)

Every helper needs a title (`titel`), a source line (`bron`) and a text description (`alt`); the source
is drawn under the chart, the description travels with it (layout.meta) and is printed as real text in
the static HTML part. Charts of fictional data (a DataFrame loaded from a dataset ending in
``_fictief``) always say *fictief* in their source line and description.

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
import datetime
import hashlib
import html
import json
import math
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from wijklab.basis.fouten import CursusFout
from wijklab.basis.taal import getallen as _getallen
from wijklab.basis.taal import is_jaartal as is_jaartal_as

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

#: Okabe-Ito palette (safe for the common forms of colour blindness); yellow last (low contrast on white)
PALET = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]
GRIJS = "#9a9a9a"
ACCENT = "#D55E00"
SJABLOON = "wijklab"
#: file name of the shared plotly.js, relative to the exported HTML files
PLOTLYJS = "plotly.min.js"
HOOGTE = 460
#: the mode bar (camera, zoom ...) lives in a strip this high above the title, so it never covers it
MODEBALK_PX = 34
TITEL_PX = 19
BRON_PX = 13
#: line lengths in characters that still fit when the chart is 500 px wide (1280 px screen at 200 % zoom)
TITEL_TEKENS = 42
BRON_TEKENS = 62
ASTITEL_TEKENS = {"x": 46, "y": 34}
#: the plotly.js config of every chart: Dutch locale, no plotly logo, the mode bar only on hover
CONFIG = {"displaylogo": False, "locale": "nl", "displayModeBar": "hover"}
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


class GrafiekFout(CursusFout, ValueError):
    """A chart helper was called with missing or wrong arguments (message in Dutch)."""


# --------------------------------------------------------------------------- template and renderer

_AS = dict(
    showgrid=True,
    gridcolor="#e5e5e5",
    zeroline=False,
    linecolor="#444",
    ticks="outside",
    tickcolor="#444",
    # numbers written out in Dutch ("8.000.000", "2.270"), never plotly's "8M"/"2.27k"; year
    # axes switch the separator off again (see _assen)
    separatethousands=True,
    exponentformat="none",
    title=dict(standoff=12, font=dict(size=15)),
    tickfont=dict(size=14),
    automargin=True,
)

#: The course look, as a plain plotly template (a dict): plotly.js applies it in the browser. Kept as
#: a dict, not a ``go.layout.Template``: building and validating that object cost ~0,1 s at import and
#: again for every chart. Use it for a chart of your own: ``px.line(..., template=wl.charts.SJABLOON)``.
SJABLOON = {
    "layout": dict(
        font=dict(family=_FONT, size=15, color="#1a1a1a"),
        title=dict(font=dict(size=TITEL_PX), x=0, xanchor="left", xref="container", yref="container", y=1,
                   yanchor="top", pad=dict(l=8),
                   subtitle=dict(font=dict(size=BRON_PX, color="#444"))),
        colorway=PALET,
        separators=",.",
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis=_AS,
        yaxis=_AS,
        # the legend sits at the very bottom of the figure (container coordinates), so tick labels
        # and axis titles (pushed up by automargin) can never run into it
        legend=dict(title=dict(text=""), font=dict(size=14), orientation="h", xref="container",
                    yref="container", x=0.01, xanchor="left", y=0.01, yanchor="bottom"),
        hoverlabel=dict(font=dict(size=14, family=_FONT)),
        margin=dict(l=70, r=30, t=70, b=30),
        height=HOOGTE,
    )
}


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


def _json_waarde(waarde):
    """What json cannot write itself in a course chart: pandas' missing values and dates (as plotly's own
    encoder writes them: null and ISO text). Anything else is left to plotly (TypeError)."""
    if type(waarde).__name__ in ("NAType", "NaTType"):
        return None
    if isinstance(waarde, datetime.date):  # datetime and pandas' Timestamp too
        return waarde.isoformat()
    raise TypeError(type(waarde).__name__)


def _fig_json(fig_dict: dict) -> dict:
    """The figure as plain JSON values. A course chart holds only lists, text, numbers, dates and
    missing values, which json writes directly; plotly's encoder (for numpy arrays, NaN and the rest of a
    plotly Figure) costs ~70 ms of imports on its first use, so it is only asked when json cannot."""
    try:
        figuur = json.loads(json.dumps(fig_dict, default=_json_waarde, allow_nan=False))
    except (TypeError, ValueError):
        import plotly.io as pio

        return json.loads(pio.to_json(fig_dict, validate=False, remove_uids=True))
    for spoor in figuur.get("data") or []:
        if isinstance(spoor, dict):
            spoor.pop("uid", None)
    return figuur


def _meta(fig_dict: dict) -> dict:
    meta = (fig_dict.get("layout") or {}).get("meta") or {}
    return meta.get("wijklab", {}) if isinstance(meta, dict) else {}


def _html(figuur: dict, plotlyjs: str = PLOTLYJS) -> str:
    """The text/html part: figure + source + description as text, drawn with a shared plotly.js."""
    meta = _meta(figuur)
    data = {"data": figuur.get("data", []), "layout": figuur.get("layout", {}),
            "config": {**CONFIG, "responsive": True}}
    tekst = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    div_id = "wl-" + hashlib.sha1(tekst.encode("utf-8")).hexdigest()[:12]
    tekst = tekst.replace("</", "<\\/")  # never close the <script> early
    titel = html.escape(str(meta.get("titel", "Grafiek")))
    bron = html.escape(str(meta.get("bron", "")))
    alt = html.escape(str(meta.get("alt", "")))
    src = json.dumps(plotlyjs)
    hoogte = int(figuur.get("layout", {}).get("height") or HOOGTE)
    # no role="img" on the plot: plotly puts buttons in it (mode bar, legend), and an image must not
    # contain controls (axe: nested-interactive); the description is real text in the caption
    return f"""<figure class="wl-grafiek" role="group" aria-label="{titel}" aria-describedby="{div_id}-alt" style="margin:0">
<div id="{div_id}" class="wl-plot" style="width:100%;height:{hoogte}px"></div>
<figcaption style="font-size:0.9em">
<p class="wl-bron">{bron}</p>
<p class="wl-alt" id="{div_id}-alt"><strong>Beschrijving van de grafiek:</strong> {alt}</p>
</figcaption>
<script type="text/javascript">
(function () {{
  var el = document.getElementById("{div_id}");
  var fig = {tekst};
  function teken() {{ window.Plotly.newPlot(el, fig.data, fig.layout, fig.config); }}
  if (window.Plotly) {{ teken(); return; }}
  if (!window.__wijklabPlotly) {{
    window.__wijklabPlotly = new Promise(function (klaar, mis) {{
      // nbconvert pages load require.js: hide it, or plotly.js registers as an AMD module
      var d = window.define;
      window.define = undefined;
      var s = document.createElement("script");
      s.src = {src};
      s.charset = "utf-8";
      s.onload = function () {{ window.define = d; klaar(); }};
      s.onerror = function () {{ window.define = d; mis(); }};
      document.head.appendChild(s);
    }});
  }}
  window.__wijklabPlotly.then(teken, function () {{ el.style.height = "auto"; }});
}})();
</script>
</figure>"""


def _bundel(fig_dict: dict) -> dict:
    figuur = _fig_json(fig_dict)
    meta = _meta(figuur)
    platte = " ".join(
        d for d in [f"Grafiek: {meta.get('titel', '')}.", str(meta.get("alt", "")), str(meta.get("bron", ""))] if d
    )
    plotly_deel = {"data": figuur.get("data", []), "layout": figuur.get("layout", {}),
                   "config": dict(CONFIG)}
    return {
        "application/vnd.plotly.v1+json": plotly_deel,
        "text/html": _html(figuur),
        "text/plain": platte,
    }


def mimebundel(fig) -> dict:
    """The display bundle of a figure (a Grafiek, a plotly Figure or its dict): plotly JSON, HTML with
    text, plain text; see the module doc."""
    return _bundel(fig if isinstance(fig, dict) else fig.to_dict())


def _toon_in_ipython(fig) -> None:
    from IPython.display import display

    display(mimebundel(fig), raw=True)


def _registreer_renderer() -> None:
    """Make the course bundle plotly's default renderer too (for ``fig.show()`` and ``pio.show``).

    Only done when plotly's renderer module is already loaded: importing it costs ~1.5 s, because it
    imports nbformat and with it jsonschema (see benchmarks/meet.py).
    """
    from plotly.io import _renderers
    from plotly.io._base_renderers import MimetypeRenderer

    class _WijklabRenderer(MimetypeRenderer):
        def to_mimebundle(self, fig_dict):
            return _bundel(fig_dict)

    _renderers.renderers["wijklab"] = _WijklabRenderer()
    _renderers.renderers.default = "wijklab"


def _koppel_ipython() -> None:
    """In IPython/Jupyter: display every plotly figure (``fig`` at the end of a cell, ``display(fig)``)
    with the course bundle, through IPython's own formatter table. That path never touches plotly's
    renderer machinery, so the kernel never imports nbformat or jsonschema."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return
    # by name: IPython matches it once a plotly figure is shown, and plotly need not be imported before
    shell.display_formatter.ipython_display_formatter.for_type_by_name(
        "plotly.basedatatypes", "BaseFigure", _toon_in_ipython)


def _koppel() -> None:
    _koppel_ipython()
    if "plotly.io._renderers" in sys.modules:
        _registreer_renderer()


_koppel()


def _is_plotly_figuur(fig) -> bool:
    basis = sys.modules.get("plotly.basedatatypes")  # not loaded: then fig cannot be a plotly figure
    return basis is not None and isinstance(fig, basis.BaseFigure)


def toon(fig: Grafiek | go.Figure) -> None:
    """Display a figure in the notebook (also inside an ipywidgets Output widget)."""
    from IPython.display import display

    if not (isinstance(fig, Grafiek) or _is_plotly_figuur(fig)):
        raise GrafiekFout("wl.charts.toon verwacht een grafiek (een plotly-figuur), bijvoorbeeld van wl.charts.lijn(...).")
    display(mimebundel(fig), raw=True)


# --------------------------------------------------------------------------- Dutch numbers and labels

def getal(waarde, decimalen: int | None = None) -> str:
    """A number in Dutch notation: 1234567.5 -> '1.234.567,5'."""
    if waarde is None or (isinstance(waarde, float) and math.isnan(waarde)):
        return "onbekend"
    if decimalen is None:
        decimalen = 0 if float(waarde).is_integer() else (1 if abs(waarde) >= 10 else 2)
    tekst = f"{float(waarde):,.{decimalen}f}"
    return tekst.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


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


def _breek(tekst: str, breedte: int) -> list[str]:
    """Break a text into lines of at most `breedte` characters (plotly never wraps text itself)."""
    import textwrap

    return textwrap.wrap(tekst, breedte, break_long_words=False, break_on_hyphens=False) or [""]


def _as_waarden(figuur: dict, as_: str) -> list:
    waarden: list = []
    for trace in figuur["data"]:
        if trace.get(as_ + "axis") not in (None, as_):
            continue
        w = trace.get(as_)
        if w is not None:
            waarden.extend(list(w))
    return waarden


def _assen(figuur: dict) -> None:
    """Dutch tick labels: years as 2012 (not 2.012), numbers written out (8.000.000, never 8M), long
    axis titles and category labels broken over lines instead of clipped or rotated over other text."""
    layout = figuur["layout"]
    for as_ in ("x", "y"):
        asobj = layout.setdefault(as_ + "axis", {})
        titel = (asobj.get("title") or {}).get("text") or ""
        waarden = _as_waarden(figuur, as_)
        if is_jaartal_as(waarden, titel):
            getallen = _getallen(waarden)
            asobj.update(separatethousands=False, tickformat="d", exponentformat="none")
            if max(getallen) - min(getallen) <= 8:
                asobj["dtick"] = 1  # never half years
        elif _getallen(waarden):
            asobj.update(separatethousands=True, exponentformat="none")
        else:
            categorieen = list(dict.fromkeys(str(w) for w in waarden if w is not None))
            if 0 < len(categorieen) <= 8 and max(map(len, categorieen)) > 14 and as_ == "x":
                asobj.update(tickmode="array", tickvals=categorieen, tickangle=0,
                             ticktext=["<br>".join(_breek(html.escape(c), 16)) for c in categorieen])
        if titel and "<br>" not in titel:
            breedte = ASTITEL_TEKENS[as_]
            if as_ == "x" and any(t.get("orientation") == "h" for t in figuur["data"]):
                breedte = 30  # lying bars: long category labels on the left leave a narrow plot area
            asobj["title"] = {**asobj["title"], "text": "<br>".join(_breek(titel, breedte))}


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
            schatting = float(str(schatting).replace(",", ".")) if isinstance(schatting, str) else float(schatting)
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


# --------------------------------------------------------------------------- offline HTML export

def plotlyjs_pad() -> Path:
    """The plotly.min.js that ships with the installed plotly package."""
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


# nbconvert's default colours that fail WCAG AA contrast: pygments numbers (#008800 on #f5f5f5)
_EXPORT_CSS = """<style>
.highlight .m, .highlight .mi, .highlight .mf, .highlight .mh, .highlight .mo { color: #006400; }
.highlight .ow, .highlight .o { color: #6f2a8a; }
.highlight .c, .highlight .c1, .highlight .cm { color: #3d6b6b; }
.jp-Notebook a[href], .jp-Notebook a[href]:link, .jp-Notebook a[href]:visited { text-decoration: underline; }
</style>
"""


def _verberg_invoer():
    """Cells tagged hide-input (set-up) show no code, cells tagged hide-output no output (e.g. file links)."""
    from nbconvert.preprocessors import TagRemovePreprocessor

    return TagRemovePreprocessor(remove_input_tags={"hide-input"}, remove_all_outputs_tags={"hide-output"})


def exporteer_html(notebook_pad, uitvoer_map, *, uitvoeren: bool = True, timeout: int = 300) -> Path:
    """Convert a notebook to a small HTML file in `uitvoer_map` whose charts work offline.

    With `uitvoeren` the notebook is first run in a fresh kernel (its folder as working directory) with
    an empty temporary store, whatever is in the student's own store.
    plotly.min.js is copied once into `uitvoer_map`; every exported notebook there shares it.
    Returns the path of the HTML file.
    """
    import nbformat
    from nbconvert import HTMLExporter

    notebook_pad = Path(notebook_pad)
    uitvoer_map = Path(uitvoer_map)
    if not notebook_pad.is_file():
        raise GrafiekFout(f"Notebook {notebook_pad} bestaat niet.")
    nb = nbformat.read(notebook_pad, as_version=4)
    if uitvoeren:
        import os
        import tempfile

        from nbclient import NotebookClient

        from wijklab.basis.paden import WERK_VAR

        # The kernel gets an EMPTY temporary store: the export never shows a student's answers, and
        # never draws a committed prediction's chart into an Output widget (nbclient without widget
        # state then failed with a KeyError on the widget's model id).
        oud = os.environ.get(WERK_VAR)
        with tempfile.TemporaryDirectory(prefix="wijklab-export-") as leeg:
            os.environ[WERK_VAR] = leeg
            try:
                # no widget state: nbconvert then drops the widget views (which need JavaScript from a
                # CDN) and shows each widget's own static text/html fallback instead
                NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=False,
                               resources={"metadata": {"path": str(notebook_pad.parent.resolve())}}).execute()
            finally:
                if oud is None:
                    os.environ.pop(WERK_VAR, None)
                else:
                    os.environ[WERK_VAR] = oud
    nb.metadata.pop("widgets", None)
    # JupyterLab's look without require.js, MathJax and Mermaid from a CDN (templates/offline.html.j2)
    exporter = HTMLExporter(template_name="lab", template_file=str(Path(__file__).resolve().parents[1] / "templates" / "offline.html.j2"),
                            exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.register_preprocessor(_verberg_invoer(), enabled=True)
    body, _ = exporter.from_notebook_node(nb)
    body = body.replace("</head>", _EXPORT_CSS + "</head>", 1)
    uitvoer_map.mkdir(parents=True, exist_ok=True)
    doel = uitvoer_map / (notebook_pad.stem + ".html")
    doel.write_text(body, encoding="utf-8")
    js = uitvoer_map / PLOTLYJS
    bron_js = plotlyjs_pad()
    if not js.is_file() or js.stat().st_size != bron_js.stat().st_size:
        shutil.copyfile(bron_js, js)
    return doel
