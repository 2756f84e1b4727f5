"""The course's chart look: the palette, sizes, fonts, the plotly template (SJABLOON) and Dutch axes.

Used by :mod:`wijklab.weergave.charts` (which offers these names too, as ``wl.charts.PALET`` and
``wl.charts.SJABLOON``) and by the model's charts (:mod:`wijklab.leerling.modelwidget`).
"""

from __future__ import annotations

import html

from wijklab.basis.fouten import CursusFout
from wijklab.basis.taal import getallen as _getallen
from wijklab.basis.taal import is_jaartal as is_jaartal_as

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


# --------------------------------------------------------------------------- template

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


# --------------------------------------------------------------------------- Dutch axes and line breaks

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
