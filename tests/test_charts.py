"""Chart template and helpers: source line, alt text, Dutch numbers, fictief, and the offline HTML export."""

from __future__ import annotations

import shutil
from pathlib import Path

import plotly.io as pio
import plotly.graph_objects as go
import pytest

import wijklab as wl
from wijklab.weergave import charts

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _cursus(monkeypatch):
    monkeypatch.setenv("WIJKLAB_CURSUS", str(ROOT))


def _dak():
    return wl.data.laad("daklozen_reeks")


def _ms():
    return wl.data.laad("middelstad_wijken_fictief")


def _alle_grafieken():
    dak, ms = _dak(), _ms()
    nieuw = wl.data.laad("middelstad_nieuwkomers_fictief")
    voorsp = charts.voorspelling(dak, x="jaar", y="daklozen_x1000", titel="Raad 2024",
                                 bron=wl.bron("daklozen_reeks"), alt="Reeks dakloze mensen.", eenheid="duizend")
    return {
        "lijn": charts.lijn(dak, "jaar", "daklozen_x1000", titel="Daklozen", bron=wl.bron("daklozen_reeks"),
                            alt="Lijn van 2009 tot 2024."),
        "staaf": charts.staaf(nieuw, "jaar", "nieuwe_huishoudens", "aandachtsgroep", titel="Nieuwkomers",
                              bron=wl.bron("middelstad_nieuwkomers_fictief"), alt="Gestapelde staven per jaar."),
        "breuk": charts.reeks_met_breuk(dak, "jaar", "daklozen_x1000", breuk=2020, titel="Daklozen",
                                        bron=wl.bron("daklozen_reeks"), alt="Twee lijnen met een breuk."),
        "wijken": charts.vergelijk_wijken(ms, "wijk", "pct_corporatie", titel="Corporatiebezit",
                                          bron="Wijklab, Middelstad", alt="Lindenhof het hoogst.",
                                          markeer=["Lindenhof"], referentie=28.5, referentietekst="Nederland"),
        "voorspelling": voorsp(30),
        "vooraf": voorsp.vooraf(),
    }


@pytest.mark.parametrize("soort", ["lijn", "staaf", "breuk", "wijken", "voorspelling", "vooraf"])
def test_every_chart_has_source_line_alt_text_and_dutch_format(soort):
    fig = _alle_grafieken()[soort]
    meta = fig.layout.meta["wijklab"]
    assert meta["alt"].strip() and meta["bron"].startswith("Bron:") and meta["titel"]
    # the source line is the chart's subtitle, right under the title
    assert fig.layout.title.subtitle.text.startswith("Bron:")
    assert fig.layout.separators == ",."
    assert fig.layout.template.layout.colorway == tuple(charts.PALET)
    assert fig.layout.title.text
    bundel = charts.mimebundel(fig)
    assert set(bundel) == {"application/vnd.plotly.v1+json", "text/html", "text/plain"}
    html = bundel["text/html"]
    assert "Beschrijving van de grafiek" in html and "Bron:" in html
    assert 'src = "plotly.min.js"' in html or "s.src = \"plotly.min.js\"" in html
    assert len(html) < 100_000  # plotly.js itself is never embedded (4,8 MB)
    assert meta["alt"].split()[0] in bundel["text/plain"]


def test_fictional_charts_always_say_fictief():
    figs = _alle_grafieken()
    for soort in ["staaf", "wijken"]:
        meta = figs[soort].layout.meta["wijklab"]
        assert meta["fictief"] is True
        assert "fictief" in meta["bron"].lower() and "fictief" in meta["alt"].lower()
        assert "fictief" in charts.mimebundel(figs[soort])["text/html"]
    for soort in ["lijn", "breuk", "voorspelling"]:
        assert "fictief" not in figs[soort].layout.meta["wijklab"]["bron"].lower()


def test_method_break_is_marked_and_not_joined():
    fig = _alle_grafieken()["breuk"]
    assert [len(t.x) for t in fig.data] == [10, 5]
    assert max(fig.data[0].x) == 2018 and min(fig.data[1].x) == 2020
    lijnen = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(lijnen) == 1 and lijnen[0].x0 == 2019
    assert any(a.text == "methodebreuk" for a in fig.layout.annotations)
    with pytest.raises(charts.GrafiekFout, match="breuk"):
        charts.reeks_met_breuk(_dak(), "jaar", "daklozen_x1000", breuk=2030, titel="t", bron="b", alt="a")


def test_prediction_callable_marks_estimate_and_real_value():
    grafiek = charts.voorspelling(_dak(), x="jaar", y="daklozen_x1000", titel="t", bron="CBS", alt="Reeks.",
                                  eenheid="duizend")
    fig = grafiek("31,5")
    namen = [t.name for t in fig.data]
    assert namen == ["werkelijke cijfers", "werkelijke waarde", "jouw schatting"]
    assert list(fig.data[2].y) == [31.5] and list(fig.data[1].y) == [33.0] and list(fig.data[2].x) == [2024]
    teksten = [a.text for a in fig.layout.annotations]
    assert "jouw schatting: 31,5 duizend" in teksten and "werkelijk: 33 duizend" in teksten
    assert "Jouw schatting voor 2024: 31,5 duizend" in fig.layout.meta["wijklab"]["alt"]
    vooraf = grafiek.vooraf()
    assert 2024 not in list(vooraf.data[0].x) and 33.0 not in list(vooraf.data[0].y)
    with pytest.raises(charts.GrafiekFout, match="geen getal"):
        grafiek("veel")
    tussen = charts.voorspelling(_dak(), x="jaar", y="daklozen_x1000", titel="t", bron="CBS", alt="a", te_raden=2018)
    assert list(tussen(30).data[1].y) == [39.3]


def test_missing_source_or_alt_is_refused_in_dutch():
    for ontbreekt in ["bron", "alt", "titel"]:
        args = {"titel": "t", "bron": "CBS", "alt": "a", ontbreekt: "  "}
        with pytest.raises(charts.GrafiekFout, match=f"Geef bij de grafiek '{ontbreekt}' mee"):
            charts.lijn(_dak(), "jaar", "daklozen_x1000", **args)
    with pytest.raises(TypeError):
        charts.lijn(_dak(), "jaar", "daklozen_x1000", titel="t", alt="a")  # bron is a required keyword
    with pytest.raises(charts.GrafiekFout, match="geen kolom 'aantal'"):
        charts.lijn(_dak(), "jaar", "aantal", titel="t", bron="b", alt="a")
    with pytest.raises(charts.GrafiekFout, match="niet in de tabel: Atlantis"):
        charts.vergelijk_wijken(_ms(), "wijk", "inwoners", titel="t", bron="b", alt="a", markeer="Atlantis")
    assert charts.GrafiekFout("x")._render_traceback_() == ["\x1b[1;31mLet op:\x1b[0m x"]


def test_dutch_number_format():
    assert charts.getal(1234567.5) == "1.234.567,5"
    assert charts.getal(33.0) == "33" and charts.getal(0.25) == "0,25" and charts.getal(2312981) == "2.312.981"
    sjabloon = go.layout.Template(charts.SJABLOON)  # validated: a wrong property name raises here
    assert sjabloon.layout.separators == ",."
    assert sjabloon.layout.xaxis.separatethousands is True
    assert sjabloon.layout.yaxis.exponentformat == "none"  # 25.000, not 25k


@pytest.mark.parametrize("soort", ["lijn", "staaf", "breuk", "wijken", "voorspelling", "vooraf", "model"])
def test_every_course_chart_is_a_valid_plotly_figure(soort):
    """The helpers build figures without plotly's validation (it cost 0,1-0,3 s per chart); here every
    property they write is checked against plotly's schema, so a typo cannot slip through."""
    if soort == "model":
        from wijklab.inhoud import model
        from wijklab.leerling import modelwidget

        fig = modelwidget.grafiek(model.vergelijk(model.STANDAARD))
    else:
        fig = _alle_grafieken()[soort]
    go.Figure(fig.to_dict())  # raises ValueError on any unknown property or invalid value
    gebruikt = charts.mimebundel(fig)["application/vnd.plotly.v1+json"]
    assert gebruikt["layout"]["template"]["layout"]["separators"] == ",."


def test_toon_displays_the_bundle(monkeypatch):
    gezien = []
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: gezien.append((obj, raw)))
    charts.toon(_alle_grafieken()["lijn"])
    assert gezien and gezien[0][1] is True and "application/vnd.plotly.v1+json" in gezien[0][0]
    with pytest.raises(charts.GrafiekFout):
        charts.toon("geen grafiek")


def test_html_part_is_deterministic():
    a = charts.mimebundel(_alle_grafieken()["lijn"])["text/html"]
    b = charts.mimebundel(_alle_grafieken()["lijn"])["text/html"]
    assert a == b


# --------------------------------------------------------------------------- offline HTML export (real kernel)

def _notebook(pad: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Proef"),
        nbformat.v4.new_code_cell(
            "import wijklab as wl\ndf = wl.data.laad('daklozen_reeks')\n"
            "fig = wl.charts.reeks_met_breuk(df, 'jaar', 'daklozen_x1000', breuk=2020, titel='Dakloze mensen',"
            " bron=wl.bron('daklozen_reeks'), alt='Twee lijnen: oude en nieuwe methode.')\nfig"),
        nbformat.v4.new_code_cell(
            "wl.charts.toon(wl.charts.vergelijk_wijken(wl.data.laad('middelstad_wijken_fictief'), 'wijk',"
            " 'pct_corporatie', titel='Corporatiebezit', bron='Wijklab', alt='Staven per wijk.'))"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, pad)


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    pytest.importorskip("nbconvert")
    map_ = tmp_path_factory.mktemp("export")
    nb = map_ / "proef.ipynb"
    _notebook(nb)
    uit = map_ / "html"
    pad = charts.exporteer_html(nb, uit)
    charts.exporteer_html(nb, uit)  # a second export reuses the one plotly.min.js
    return pad


def test_export_is_small_and_carries_text_fallback(export):
    html = export.read_text(encoding="utf-8")
    assert export.stat().st_size < 600_000, export.stat().st_size
    assert html.count('class="wl-grafiek"') == 2
    assert "Twee lijnen: oude en nieuwe methode." in html and "Bron: CBS, StatLine tabel 80799NED" in html
    assert "fictief" in html
    assert "Plotly.newPlot" in html and "function(t,e){" not in html[:200_000]  # no embedded plotly.js
    js = list(export.parent.glob("*.js"))
    assert [p.name for p in js] == ["plotly.min.js"]
    assert js[0].stat().st_size == charts.plotlyjs_pad().stat().st_size


def _chromium():
    if not shutil.which("chromium") and not Path("/usr/bin/chromium").exists():
        pytest.skip("chromium niet geïnstalleerd")
    return pytest.importorskip("playwright.sync_api")


@pytest.mark.e2e
@pytest.mark.parametrize("met_requirejs", [False, True])
def test_exported_charts_render_offline_in_chromium(export, met_requirejs):
    pw = _chromium()
    with pw.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
            if met_requirejs:  # what nbconvert's page looks like when require.js did load (online)
                page.add_init_script("window.define = function () {}; window.define.amd = {};")
            fouten = []
            page.on("pageerror", lambda e: fouten.append(str(e)))
            page.goto(export.as_uri())
            page.wait_for_selector(".wl-plot svg.main-svg", timeout=20_000)
            page.wait_for_function("document.querySelectorAll('.wl-plot.js-plotly-plot').length === 2")
            teksten = page.locator(".wl-plot .annotation-text").all_text_contents()
            assert "methodebreuk" in teksten
            assert page.locator(".wl-plot .gtitle-subtitle").first.text_content().startswith("Bron: CBS")
            assert page.evaluate("[...document.querySelectorAll('.wl-plot')].map(e => e._fullLayout.separators)") == [",.", ",."]
            assert fouten == []
        finally:
            browser.close()


def test_export_without_plotlyjs_still_shows_text(export, tmp_path):
    """Opened somewhere without the shared plotly.min.js: no chart, but title, source and description."""
    kopie = tmp_path / export.name
    shutil.copyfile(export, kopie)
    html = kopie.read_text(encoding="utf-8")
    assert "<figcaption" in html and "Beschrijving van de grafiek" in html


def test_year_axes_have_no_thousands_separator():
    """The template separates thousands (12.345), but a year axis must read 2018, not 2.018."""
    import pandas as pd

    jaren = pd.DataFrame({"jaar": [2016, 2017, 2018, 2020], "waarde": [1.0, 2.0, 3.0, 4.0]})
    kw = dict(titel="t", bron="Bron: x", alt="a")
    assert charts.lijn(jaren, x="jaar", y="waarde", **kw).layout.xaxis.tickformat == "d"
    assert charts.reeks_met_breuk(jaren, x="jaar", y="waarde", breuk=2020, **kw).layout.xaxis.tickformat == "d"
    assert charts.voorspelling(jaren, x="jaar", y="waarde", **kw)(2.5).layout.xaxis.tickformat == "d"
    bedragen = pd.DataFrame({"inkomen": [15000, 30000], "waarde": [1.0, 2.0]})
    assert charts.lijn(bedragen, x="inkomen", y="waarde", **kw).layout.xaxis.tickformat is None


# --------------------------------------------------------------------------- import cost (no nbformat in the kernel)

_KERNEL_ALS = r"""
import json, sys
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
shell = InteractiveShell.instance()
import wijklab as wl
df = wl.data.laad("daklozen_reeks")
fig = wl.charts.lijn(df, "jaar", "daklozen_x1000", titel="Daklozen", bron=wl.bron("daklozen_reeks"), alt="Lijn.")
with capture_output() as vang:
    direct, _ = shell.display_formatter.format(fig)  # what a cell ending in `fig` does in a kernel
    wl.charts.toon(fig)
    plotly_nodig = sorted(m for m in sys.modules if m == "plotly" or m.startswith("plotly."))
    import plotly.graph_objects as go  # a student's own plotly figure, made after the course's import
    eigen = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    shell.display_formatter.format(eigen)             # a plotly Figure: published by the course formatter
print(json.dumps({"bundels": [sorted(direct)] + [sorted(o.data) for o in vang.outputs], "plotly": plotly_nodig,
                  "geladen": sorted(m for m in ("nbformat", "jsonschema", "plotly.io._renderers") if m in sys.modules)}))
"""


def test_showing_a_chart_never_imports_nbformat_or_jsonschema():
    """Setting plotly's default renderer imports nbformat and jsonschema (~1.5 s per kernel start);
    the course displays figures through IPython's formatter table instead. A course chart is plain
    dicts, so showing one imports no plotly at all (its import and JSON encoder cost ~0,1 s per
    kernel); a student's own plotly figure, made later, still gets the course bundle."""
    import json
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-c", _KERNEL_ALS], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    uit = json.loads(r.stdout.strip().splitlines()[-1])
    bundel = ["application/vnd.plotly.v1+json", "text/html", "text/plain"]
    assert uit["bundels"] == [bundel, bundel, bundel], uit
    assert uit["plotly"] == [], f"een cursusgrafiek tonen importeerde {uit['plotly']}"
    assert uit["geladen"] == [], f"geïmporteerd: {uit['geladen']}"


def test_chart_json_is_what_plotlys_own_encoder_writes():
    """`_fig_json` writes course charts with json alone; for every course chart, and for the values a
    DataFrame column can hold (dates, pandas' missing values, NaN, numpy), the result is the same as
    plotly's encoder gives."""
    import datetime
    import json

    import numpy as np
    import pandas as pd

    from wijklab.inhoud import model
    from wijklab.leerling import modelwidget

    figuren = [f.to_dict() for f in _alle_grafieken().values()]
    figuren.append(modelwidget.grafiek(model.vergelijk(model.STANDAARD)).to_dict())
    figuren += [
        {"data": [{"type": "scatter", "x": [pd.Timestamp("2011-01-01"), datetime.date(2012, 5, 1),
                                             datetime.datetime(2013, 2, 3, 4, 5)], "y": [1, pd.NA, None],
                   "uid": "abc"}], "layout": {"title": {"text": "Datums"}}},
        {"data": [{"type": "bar", "x": ["a", "b", "c"], "y": [1.5, float("nan"), pd.NaT]}], "layout": {}},
        {"data": [{"type": "bar", "x": np.array([1, 2, 3]), "y": np.array([0.5, 1.5, 2.5])}], "layout": {}},
        {"data": [{"type": "bar", "x": [np.int64(1), np.float64(2.5)], "y": [1, 2]}], "layout": {}},
    ]
    for figuur in figuren:
        assert charts._fig_json(figuur) == json.loads(pio.to_json(figuur, validate=False, remove_uids=True)), figuur


def test_plotly_show_uses_the_course_bundle_once_plotly_loaded_its_renderers():
    """fig.show() / pio.show load plotly's renderer module anyway; then the course bundle is the default."""
    import plotly.io as pio_

    charts._registreer_renderer()
    assert pio_.renderers.default == "wijklab"
    bundel = _alle_grafieken()["lijn"]._repr_mimebundle_()
    assert set(bundel) == {"application/vnd.plotly.v1+json", "text/html", "text/plain"}


# --------------------------------------------------------------------------- every chart of every notebook

_VANGEN = """
import wijklab.weergave.charts as _wl_c
_wl_figs = []
_wl_afwerken = _wl_c._afwerken
def _wl_vang(fig, **kw):
    fig = _wl_afwerken(fig, **kw)
    _wl_figs.append(fig)
    return fig
_wl_c._afwerken = _wl_vang
"""

_BEWAAR = """
for _wl_v in [v for v in list(globals().values()) if isinstance(v, _wl_c._Voorspelling)]:
    _wl_v.vooraf()
    _wl_v(_wl_v.werkelijk * 1.1)
import json as _wl_json
with open({pad!r}, "w", encoding="utf-8") as _wl_f:
    _wl_json.dump([_wl_c.mimebundel(f)["application/vnd.plotly.v1+json"] for f in _wl_figs], _wl_f)
"""


@pytest.fixture(scope="module")
def notebook_grafieken(tmp_path_factory):
    """Every figure every notebook builds (also the ones inside quizzes, before and after an estimate),
    as the plotly JSON JupyterLab gets: each notebook run once in a real kernel with a temp store."""
    import json
    import os

    import nbformat
    from nbclient import NotebookClient

    tmp = tmp_path_factory.mktemp("grafieken")
    alle = []
    for nb_pad in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(nb_pad, as_version=4)
        doel = tmp / f"{nb_pad.stem}.json"
        nb.cells.insert(0, nbformat.v4.new_code_cell(_VANGEN))
        nb.cells.append(nbformat.v4.new_code_cell(_BEWAAR.format(pad=str(doel))))
        oud = os.environ.get("WIJKLAB_WERKMAP")
        os.environ["WIJKLAB_WERKMAP"] = str(tmp / f"werk-{nb_pad.stem}")
        try:
            NotebookClient(nb, timeout=300, kernel_name="python3", store_widget_state=False,
                           resources={"metadata": {"path": str(nb_pad.parent)}}).execute()
        finally:
            os.environ["WIJKLAB_WERKMAP"] = oud or ""
        alle += [(f"{nb_pad.stem}#{i}", f) for i, f in enumerate(json.loads(doel.read_text(encoding="utf-8")))]
    assert len(alle) >= 8, [n for n, _ in alle]
    return alle


def _as_instelling(layout: dict, as_: str, naam: str):
    eigen = layout.get(f"{as_}axis", {})
    if naam in eigen:
        return eigen[naam]
    return layout.get("template", {}).get("layout", {}).get(f"{as_}axis", {}).get(naam)


def _lijst(waarden) -> list:
    """Plotly JSON stores numeric arrays as {"dtype": ..., "bdata": base64}: decode them."""
    if isinstance(waarden, dict) and "bdata" in waarden:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(waarden["bdata"]), dtype=waarden["dtype"]).tolist()
    return list(waarden or [])


def _as_waarden(fig: dict, as_: str) -> list:
    return [w for t in fig["data"] if t.get(f"{as_}axis", as_) == as_ for w in _lijst(t.get(as_))]


@pytest.mark.notebook
def test_every_notebook_chart_has_dutch_ticks_and_room_for_its_texts(notebook_grafieken):
    import re

    gezien_jaar = gezien_waarde = 0
    for naam, fig in notebook_grafieken:
        layout = fig["layout"]
        for as_ in ("x", "y"):
            waarden = _as_waarden(fig, as_)
            titel = (layout.get(f"{as_}axis", {}).get("title") or {}).get("text") or ""
            if charts.is_jaartal_as(waarden, titel):
                gezien_jaar += 1
                assert _as_instelling(layout, as_, "separatethousands") is False, f"{naam}: jaartallen als 2.012 op {as_}"
                assert _as_instelling(layout, as_, "tickformat") == "d", naam
            elif charts._getallen(waarden):
                gezien_waarde += 1
                assert (_as_instelling(layout, as_, "exponentformat") == "none"
                        or _as_instelling(layout, as_, "ticktext")), f"{naam}: getallen als 8M op {as_}"
                assert _as_instelling(layout, as_, "separatethousands") is True, naam
            for regel in titel.split("<br>"):
                assert len(regel) <= charts.ASTITEL_TEKENS[as_], f"{naam}: astitel te lang: {regel}"
        titel = layout["title"]
        regels = titel["text"].split("<br>")
        assert all(len(r) <= charts.TITEL_TEKENS for r in regels), f"{naam}: titelregel te lang: {regels}"
        assert titel["subtitle"]["text"].startswith("Bron:"), naam
        # the title starts below the mode bar strip, the margin holds title and source line
        assert titel["y"] <= 1 - charts.MODEBALK_PX / layout["height"] + 1e-9, naam
        nodig = charts.MODEBALK_PX + len(regels) * charts.TITEL_PX + titel["subtitle"]["text"].count("<br>") * charts.BRON_PX
        assert layout["margin"]["t"] >= nodig, naam
        assert not re.search(r"\d[MkG]\b", json_tekst(fig)), naam
    assert gezien_jaar >= 5 and gezien_waarde >= 8, (gezien_jaar, gezien_waarde)


def json_tekst(fig: dict) -> str:
    """Texts plotly itself would print: tick texts and annotation texts (not the data)."""
    layout = fig["layout"]
    delen = [a.get("text", "") for a in layout.get("annotations", [])]
    for as_ in ("xaxis", "yaxis"):
        delen += [str(t) for t in layout.get(as_, {}).get("ticktext", []) or []]
    return " ".join(delen)


_TEKEN_JS = """
async ([fig, breedte]) => {
  const el = document.getElementById('g');
  Plotly.purge(el);
  el.style.width = breedte + 'px';
  await Plotly.newPlot(el, fig.data, fig.layout, Object.assign({}, fig.config, {displayModeBar: true}));
  const svg = el.querySelector('svg.main-svg').getBoundingClientRect();
  const vak = (sel) => [...el.querySelectorAll(sel)].map(e => e.getBoundingClientRect())
      .filter(r => r.width > 0 && r.height > 0).map(r => [r.left - svg.left, r.top - svg.top, r.right - svg.left, r.bottom - svg.top]);
  return {
    breedte: svg.width, hoogte: svg.height,
    xtick: [...el.querySelectorAll('.xtick text')].map(e => e.textContent),
    ytick: [...el.querySelectorAll('.ytick text')].map(e => e.textContent),
    vakken: {titel: vak('.gtitle'), bron: vak('.gtitle-subtitle'), modebalk: vak('.modebar'),
             legenda: vak('.legend .bg'), xtitel: vak('.xtitle'), ytitel: vak('.ytitle'),
             xtick: vak('.xtick text'), ytick: vak('.ytick text'), plot: vak('.nsewdrag')},
  };
}
"""


def _overlapt(a, b, marge=1.0) -> bool:
    return a[0] < b[2] - marge and b[0] < a[2] - marge and a[1] < b[3] - marge and b[1] < a[3] - marge


@pytest.mark.e2e
def test_notebook_charts_in_chromium_show_plain_years_and_numbers_and_nothing_overlaps(notebook_grafieken, tmp_path):
    """Draw every notebook chart with plotly.js at 1000 px (a 1280 px screen) and 500 px (200 % zoom):
    the tick labels read 2012 and 8.000.000, never 2.012 or 8M; title, source line, mode bar, legend,
    axis titles and tick labels never overlap and stay inside the figure."""
    import json
    import re

    pw = _chromium()
    shutil.copyfile(charts.plotlyjs_pad(), tmp_path / "plotly.min.js")
    (tmp_path / "p.html").write_text("<!doctype html><meta charset=utf-8><script src='plotly.min.js'></script>"
                                     "<body style='margin:0'><div id=g></div>", encoding="utf-8")
    jaar_met_punt = re.compile(r"^\d\.\d{3}$")
    afkorting = re.compile(r"\d\s*[kMGTµ]$")
    with pw.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
            page.goto((tmp_path / "p.html").as_uri())
            for naam, fig in notebook_grafieken:
                for breedte in (1000, 500):
                    uit = page.evaluate(_TEKEN_JS, [fig, breedte])
                    waar = f"{naam} bij {breedte} px"
                    for as_ in ("x", "y"):
                        teksten = uit[f"{as_}tick"]
                        assert not [t for t in teksten if afkorting.search(t)], f"{waar}: {teksten}"
                        titel = (fig["layout"].get(f"{as_}axis", {}).get("title") or {}).get("text") or ""
                        if charts.is_jaartal_as(_as_waarden(fig, as_), titel):
                            # a figure of small multiples (xaxis2, ...) may hide the ticks of its first panel
                            meer_panelen = any(k.startswith(f"{as_}axis") and k != f"{as_}axis" for k in fig["layout"])
                            assert (teksten or meer_panelen) and not [t for t in teksten if jaar_met_punt.match(t)], f"{waar}: {teksten}"
                    vakken = [(soort, v) for soort, lijst in uit["vakken"].items() if soort != "plot" for v in lijst]
                    for soort, v in vakken:
                        assert v[0] >= -1 and v[1] >= -1 and v[2] <= uit["breedte"] + 1 and v[3] <= uit["hoogte"] + 1, (
                            f"{waar}: {soort} valt buiten de grafiek: {v}")
                    for i, (s1, v1) in enumerate(vakken):
                        for s2, v2 in vakken[i + 1:]:
                            if s1 == s2 and s1 in ("xtick", "ytick", "titel", "bron"):
                                continue
                            assert not _overlapt(v1, v2), f"{waar}: {s1} overlapt {s2}: {v1} {v2}"
                    plot = uit["vakken"]["plot"][0]
                    for soort in ("titel", "bron", "modebalk", "legenda"):
                        for v in uit["vakken"][soort]:
                            assert not _overlapt(v, plot), f"{waar}: {soort} ligt over het grafiekvlak"
                    if breedte == 500 and naam.endswith("#0"):
                        page.locator("#g").screenshot(path=str(tmp_path / f"{naam.replace('#', '-')}.png"))
            print(json.dumps({"grafieken": len(notebook_grafieken)}))
        finally:
            browser.close()


@pytest.mark.notebook
def test_export_works_and_shows_no_answer_after_a_committed_prediction(werkmap, tmp_path):
    """The old export crashed (KeyError on a widget model) once a prediction was committed: the kernel
    drew the reveal chart into an Output widget. It now runs with an empty temporary store."""
    from wijklab.inhoud.bank import alle_banken
    from wijklab.werk.store import BESTANDSNAAM, Store

    store = Store(werkmap / BESTANDSNAAM)
    voorspel = [v for b in alle_banken().values() for v in b.vragen if v.type == "voorspel" and v.id.startswith("02-")]
    assert voorspel
    for v in voorspel:
        store.bewaar_poging(v.id, {"schatting": 13579.75}, False, 0.0)
    pad = charts.exporteer_html(ROOT / "notebooks" / "02_de_breuk.ipynb", tmp_path / "uit")
    tekst = pad.read_text(encoding="utf-8")
    assert "13579" not in tekst and "13.579" not in tekst  # no such number in the data
    assert 'class="wl-statisch"' in tekst
    assert store.pogingen(voorspel[0].id)  # the student's own store is untouched
