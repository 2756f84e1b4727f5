"""How a course chart is shown and exported: the display bundle (plotly JSON, HTML with the source and
description as text, plain text), its registration in IPython and plotly, and the static HTML export of a
notebook whose charts work offline (one shared plotly.min.js). See :mod:`wijklab.weergave.charts`.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import shutil
import sys
from pathlib import Path

from wijklab.weergave.grafiekstijl import CONFIG, HOOGTE, PLOTLYJS, GrafiekFout


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
