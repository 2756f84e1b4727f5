"""The course offline (``python3 cursus.py html``) and notebooks that reopen without widget errors.

The build runs every notebook in a real kernel and converts it with nbconvert; the student's store
holds a committed prediction and a reflection, which must neither break the build nor show up in it.
One page is opened in headless Chromium with every non-file request blocked.
"""

from __future__ import annotations

import html as html_mod
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from e2e_helpers import COURSE_ROOT, called_ids, code_cells, copy_course, norm, plain_text, vraagblokken
from wijklab.weergave import offline

GEHEIME_REFLECTIE = "Mijn geheime reflectie over de buurt van oma Truus."


# --------------------------------------------------------------------------- pre-save hook


def _quiz_uitvoer(fallback: str) -> dict:
    return {"output_type": "display_data", "metadata": {},
            "data": {offline.WIDGET_MIME: {"model_id": "abc", "version_major": 2, "version_minor": 0},
                     "text/html": fallback, "text/plain": "VBox(...)"}}


def test_pre_save_hook_replaces_course_widgets_by_dutch_note_and_question():
    from wijklab.leerling import ui

    terugval = ui.fallback("Vraag", "<p>Wat kwam eerst?</p>", ["A", "B"])
    ander = {"output_type": "display_data", "metadata": {},
             "data": {offline.WIDGET_MIME: {"model_id": "x"}, "text/plain": "IntSlider(value=3)"}}
    bewaard = {"output_type": "display_data", "metadata": {},
               "data": {offline.WIDGET_MIME: {"model_id": "s"}, "text/plain": "IntSlider(value=4)"}}
    tekst = {"output_type": "stream", "name": "stdout", "text": "hallo\n"}
    nb = {"cells": [{"cell_type": "code", "source": "wl.quiz('x')", "metadata": {}, "execution_count": 1,
                     "outputs": [_quiz_uitvoer(terugval), ander, tekst, bewaard]},
                    {"cell_type": "markdown", "source": "# kop", "metadata": {}}],
          "metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {"s": {}}}}}}
    model = {"type": "notebook", "content": nb}
    offline.bewaar_zonder_widgets(model=model, path="x.ipynb", contents_manager=None)
    quiz, ander_na, tekst_na, bewaard_na = nb["cells"][0]["outputs"]
    assert offline.WIDGET_MIME not in quiz["data"]
    assert quiz["data"]["text/plain"] == "Voer deze cel uit om verder te gaan; je antwoorden zijn bewaard."
    assert "Voer deze cel uit om verder te gaan; je antwoorden zijn bewaard." in quiz["data"]["text/html"]
    assert "Wat kwam eerst?" in quiz["data"]["text/html"] and "<li>B</li>" in quiz["data"]["text/html"]
    assert "Open dit notebook in JupyterLab" not in quiz["data"]["text/html"]
    # another widget without saved state: the note alone; a widget with saved state and text stay
    assert ander_na["data"]["text/plain"] == offline.HERVAT_NOTITIE and offline.WIDGET_MIME not in ander_na["data"]
    assert bewaard_na == bewaard and tekst_na == tekst
    # a file or directory model passes untouched
    bestand = {"type": "file", "content": "tekst"}
    offline.bewaar_zonder_widgets(model=bestand)
    assert bestand == {"type": "file", "content": "tekst"}


def test_shipped_server_config_loads_and_sets_the_hook_and_dutch_settings():
    import json

    from traitlets.config.loader import PyFileConfigLoader

    map_ = COURSE_ROOT / "jupyter"
    cfg = PyFileConfigLoader("jupyter_server_config.py", path=str(map_)).load_config()
    assert cfg.ContentsManager.pre_save_hook is offline.bewaar_zonder_widgets
    assert cfg.LabApp.news_url is None
    assert Path(cfg.LabApp.app_settings_dir) == map_ / "lab" / "settings"
    overrides = json.loads((map_ / "lab" / "settings" / "overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "nl_NL"
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false", "checkForUpdates": False}
    kernel = json.loads((map_ / "kernels" / "python3" / "kernel.json").read_text(encoding="utf-8"))
    assert "--IPKernelApp.exec_lines=import wijklab as wl" in kernel["argv"]
    # the language pack is installed with the course and has the locale the overrides select
    import jupyterlab_language_pack_nl_NL as pakket

    catalogus = Path(pakket.__file__).parent / "locale" / "nl_NL" / "LC_MESSAGES" / "jupyterlab.json"
    assert catalogus.is_file()
    # it is the course's own pack (taalpakket/): the official strings plus the course's translations
    from packaging.version import Version

    vertaald = json.loads(catalogus.read_text(encoding="utf-8"))
    assert vertaald["Run All Cells"] == ["Alle cellen uitvoeren"]
    assert vertaald["Cancel"] == ["Annuleren"] and vertaald["Notebook"] == ["Notebook"]
    assert vertaald["Cut Cell"] == ["Cel knippen", "Cellen knippen"]  # a plural: singular and plural
    assert vertaald["menu\x04Edit"] == ["Bewerk"]  # an official translation, kept
    Version(vertaald[""]["version"])  # a real version: a jupyterlab.locale overlay no longer breaks it


# --------------------------------------------------------------------------- the whole course as HTML


@pytest.fixture(scope="module")
def gebouwd(tmp_path_factory):
    """Build the course from a copy, while the student's store holds a committed prediction."""
    from conftest import clear_wijklab_caches

    from wijklab.inhoud.bank import alle_banken
    from wijklab.werk.store import BESTANDSNAAM, Store

    tmp = tmp_path_factory.mktemp("offline")
    root = copy_course(tmp / "cursus")
    student = tmp / "mijn_werk"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WIJKLAB_CURSUS", str(root))
        mp.setenv("WIJKLAB_WERKMAP", str(student))
        clear_wijklab_caches()
        store = Store(student / BESTANDSNAAM)
        voorspel = [v for b in alle_banken().values() for v in b.vragen if v.type == "voorspel"]
        assert voorspel
        for v in voorspel:  # what made the old export crash: a committed estimate
            store.bewaar_poging(v.id, {"schatting": 987654.25}, False, 0.0)
        for b in alle_banken().values():
            for r in b.reflecties:
                store.bewaar_concept(r.id, GEHEIME_REFLECTIE)
        index = offline.bouw_cursus(tmp / "cursus_html", root)
        assert store.pogingen(voorspel[0].id)  # the student's store is left as it was
    clear_wijklab_caches()
    return index


def _paginas(index: Path) -> list[Path]:
    return sorted(index.parent.rglob("*.html"))


def test_every_notebook_glossary_and_bibliography_has_a_page(gebouwd):
    map_ = gebouwd.parent
    namen = {p.relative_to(map_).as_posix() for p in _paginas(gebouwd)}
    verwacht = {f"notebooks/{p.stem}.html" for p in (COURSE_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    assert verwacht | {"index.html", "docs/begrippenlijst.html", "docs/bibliografie.html"} <= namen
    # one shared plotly.js, never embedded or fetched from a CDN
    js = [p.relative_to(map_).as_posix() for p in map_.rglob("*.js")]
    assert js == ["notebooks/plotly.min.js"]
    for p in _paginas(gebouwd):
        tekst = p.read_text(encoding="utf-8")
        assert '<html lang="nl"' in tekst, p.name
        assert "cdn.plot.ly" not in tekst and "cdn.jsdelivr" not in tekst, p.name
        assert "987654" not in tekst and "987.654" not in tekst, f"{p.name} toont de schatting uit de store"
        assert GEHEIME_REFLECTIE not in tekst, f"{p.name} toont een reflectie uit de store"
        assert offline.WIDGET_MIME not in tekst, p.name


def test_every_link_between_pages_works_and_keeps_its_anchor(gebouwd):
    map_ = gebouwd.parent
    ids_cache: dict[Path, set[str]] = {}

    def ids(pad: Path) -> set[str]:
        if pad not in ids_cache:
            ids_cache[pad] = set(re.findall(r'\bid="([^"]+)"', pad.read_text(encoding="utf-8")))
        return ids_cache[pad]

    gezien = 0
    fouten = []
    for p in _paginas(gebouwd):
        for href in re.findall(r'href="([^"]+)"', p.read_text(encoding="utf-8")):
            href = html_mod.unescape(href)
            if re.match(r"^[a-z][a-z0-9+.-]*:|^//", href):
                continue
            pad, _, frag = href.partition("#")
            doel = (p.parent / unquote(pad)).resolve() if pad else p
            gezien += 1
            if not doel.is_file():
                fouten.append(f"{p.relative_to(map_)} -> {href} (bestand ontbreekt)")
            elif frag and doel.suffix == ".html" and not {frag, unquote(frag)} & ids(doel):
                fouten.append(f"{p.relative_to(map_)} -> {href} (anker ontbreekt)")
            elif pad.endswith((".ipynb", ".md")):
                fouten.append(f"{p.relative_to(map_)} -> {href} (wijst niet naar de HTML-pagina)")
    assert gezien >= 10
    assert not fouten, "\n".join(fouten[:20])
    # the notebooks link into the glossary with the anchors of its terms
    nb = (map_ / "notebooks" / "01_gemengde_wijk.html").read_text(encoding="utf-8")
    assert 'href="../docs/begrippenlijst.html#buurteffect"' in nb
    assert 'id="buurteffect"' in (map_ / "docs" / "begrippenlijst.html").read_text(encoding="utf-8")


def test_quizzes_are_readable_text_without_answers(gebouwd):
    from wijklab.inhoud.bank import laad_bank

    map_ = gebouwd.parent
    for nb in sorted((COURSE_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        tekst_html = (map_ / "notebooks" / f"{nb.stem}.html").read_text(encoding="utf-8")
        tekst = norm(html_mod.unescape(re.sub(r"<[^>]+>", " ", tekst_html)))
        getoond = set(called_ids(nb, "quiz")) | set(called_ids(nb, "reflectie"))
        # one static block per question and reflection, and one per Middelstad model (notebook 06)
        modellen = sum(src.count("middelstad_model(") for src in code_cells(nb))
        verwacht = vraagblokken(nb) + modellen
        assert tekst_html.count('class="wl-statisch"') == verwacht, nb.name
        bank = laad_bank(COURSE_ROOT / "notebooks" / "vragen" / f"{nb.stem}.yaml")
        for v in [*bank.vragen, *bank.reflecties]:
            if v.id not in getoond:
                continue
            assert plain_text(v.vraag)[:60] in tekst, f"{nb.name}: vraag {v.id} ontbreekt"
            for optie in getattr(v, "opties", None) or []:
                assert plain_text(optie.tekst) in tekst, f"{nb.name}: optie van {v.id} ontbreekt"
                assert plain_text(optie.feedback) not in tekst, f"{nb.name}: {v.id} verraadt feedback"
            for veld in ("uitleg", "modelantwoord"):
                if getattr(v, veld, ""):
                    assert plain_text(getattr(v, veld)) not in tekst, f"{nb.name}: {v.id} verraadt {veld}"


def test_build_replaces_an_old_build_and_index_lists_everything(gebouwd):
    index = gebouwd.read_text(encoding="utf-8")
    for p in sorted((COURSE_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        assert f'href="notebooks/{p.stem}.html"' in index
    assert 'href="docs/begrippenlijst.html"' in index and 'href="docs/bibliografie.html"' in index


def test_bibliography_page_is_made_from_the_yaml_when_the_markdown_is_missing(tmp_path):
    root = copy_course(tmp_path / "cursus")
    (root / "docs" / "bibliografie.md").unlink(missing_ok=True)
    md = offline._bibliografie_markdown(root)
    assert md.startswith("# Bibliografie")
    assert re.search(r'<p id="[a-z0-9_]+">', md)
    pagina = offline._markdown_html(md)
    assert re.search(r'<p id="[a-z0-9_]+">', pagina) and '<h1 id="bibliografie">' in pagina


@pytest.mark.e2e
def test_a_page_offline_in_chromium_draws_its_chart_and_shows_quiz_text(gebouwd):
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("chromium niet geïnstalleerd")
    from playwright.sync_api import sync_playwright

    # 01: its bar chart of the 40 wijken is no prediction's answer (02's only chart is behind a reveal gate)
    pagina = gebouwd.parent / "notebooks" / "01_gemengde_wijk.html"
    geblokkeerd: list[str] = []

    def alleen_bestanden(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            geblokkeerd.append(route.request.url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route("**/*", alleen_bestanden)
            fouten: list[str] = []
            page.on("pageerror", lambda e: fouten.append(str(e)))
            page.goto(pagina.as_uri(), wait_until="load")
            page.wait_for_selector("figure.wl-grafiek .main-svg", timeout=20_000)
            ticks = page.locator("figure.wl-grafiek .xtick text").all_text_contents()
            assert "Rotterdam" in ticks, ticks
            quiz = page.locator(".wl-statisch").first
            assert quiz.is_visible() and len(norm(quiz.inner_text())) > 20
            assert fouten == []
            # the link to the next page works offline
            page.goto(gebouwd.as_uri())
            page.locator("a", has_text="Begrippenlijst").first.click()
            page.wait_for_load_state("load")
            assert page.url.endswith("docs/begrippenlijst.html")
        finally:
            browser.close()


def test_no_page_loads_anything_from_the_internet(gebouwd):
    """Every script, style sheet, image and frame of every page is a file next to it (no CDN: the
    old pages fetched require.js and MathJax from cdnjs/jsdelivr)."""
    map_ = gebouwd.parent
    fouten = []
    assert len(_paginas(gebouwd)) >= 10
    for p in _paginas(gebouwd):
        tekst = p.read_text(encoding="utf-8")
        bronnen = re.findall(r"<script\b[^>]*\bsrc=[\"']([^\"']+)", tekst)
        bronnen += [m for tag in re.findall(r"<link\b[^>]*>", tekst) for m in re.findall(r"\bhref=[\"']([^\"']+)", tag)]
        bronnen += re.findall(r"<(?:img|iframe|source|video|audio)\b[^>]*\bsrc=[\"']([^\"']+)", tekst)
        bronnen += re.findall(r"@import\s+(?:url\()?[\"']?([^\"')\s;]+)", tekst)
        bronnen += re.findall(r"\bimport\(\s*[\"']([^\"']+)", tekst)  # a module a script would load
        for bron in bronnen:
            bron = html_mod.unescape(bron)
            if bron.startswith("data:"):
                continue
            if re.match(r"^[a-z][a-z0-9+.-]*:|^//", bron):
                fouten.append(f"{p.relative_to(map_)}: {bron}")
            elif not (p.parent / unquote(bron.partition("#")[0].partition("?")[0])).is_file():
                fouten.append(f"{p.relative_to(map_)}: {bron} (bestand ontbreekt)")
    assert not fouten, "haalt iets van internet of mist een bestand:\n" + "\n".join(sorted(set(fouten))[:20])


def test_reveal_gates_show_the_dutch_placeholder_not_the_value(gebouwd):
    """What wl.na_schatting guards (a table, a chart, a printed mean) is the placeholder in the offline
    course, even though the student's own store holds committed estimates: no value is given away."""
    from wijklab.leerling.quiz import NOG_GEEN_SCHATTING

    map_ = gebouwd.parent
    poorten = 0
    for nb in sorted((COURSE_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        n = sum(src.count("wl.na_schatting(") for src in code_cells(nb))
        tekst = (map_ / "notebooks" / f"{nb.stem}.html").read_text(encoding="utf-8")
        assert tekst.count(NOG_GEEN_SCHATTING) == n, f"{nb.name}: {n} poorten, zoveel plaatshouders verwacht"
        poorten += n
    assert poorten >= 6
    # the line chart of 01 (Nederland 30,7 procent in 2012) and the printed mean of 07 are not there
    assert "Nederland daalt van 30,7 procent" not in (map_ / "notebooks" / "01_gemengde_wijk.html").read_text(encoding="utf-8")
    assert "Gemiddelde van de tien wijken: 59,1" not in (map_ / "notebooks" / "07_gemengd_en_inclusief.html").read_text(encoding="utf-8")
