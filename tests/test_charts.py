"""Chart template and helpers: source line, alt text, Dutch numbers, fictief, and the offline HTML export."""

from __future__ import annotations

import shutil
from pathlib import Path

import plotly.io as pio
import pytest

import wijklab as wl
from wijklab import charts

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
    bronnen = [a for a in fig.layout.annotations if a.name == "wl_bron"]
    assert len(bronnen) == 1 and bronnen[0].text.startswith("Bron:")
    assert fig.layout.separators == ",."
    assert fig.layout.template.layout.colorway == tuple(charts.PALET)
    assert fig.layout.title.text
    bundel = fig._repr_mimebundle_()
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
        assert "fictief" in figs[soort]._repr_mimebundle_()["text/html"]
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
    assert pio.templates[charts.SJABLOON].layout.separators == ",."
    assert pio.templates[charts.SJABLOON].layout.xaxis.separatethousands is True
    assert pio.templates[charts.SJABLOON].layout.yaxis.exponentformat == "none"  # 25.000, not 25k


def test_default_renderer_is_wijklab_and_toon_displays_the_bundle(monkeypatch):
    assert pio.renderers.default == "wijklab"
    gezien = []
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: gezien.append((obj, raw)))
    charts.toon(_alle_grafieken()["lijn"])
    assert gezien and gezien[0][1] is True and "application/vnd.plotly.v1+json" in gezien[0][0]
    with pytest.raises(charts.GrafiekFout):
        charts.toon("geen grafiek")


def test_html_part_is_deterministic():
    a = _alle_grafieken()["lijn"]._repr_mimebundle_()["text/html"]
    b = _alle_grafieken()["lijn"]._repr_mimebundle_()["text/html"]
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
            assert any(t.startswith("Bron: CBS") for t in teksten) and "methodebreuk" in teksten
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
