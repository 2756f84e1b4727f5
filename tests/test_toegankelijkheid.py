"""Accessibility of the static HTML export of 00_start (axe-core in headless Chromium, offline).

The export is made the way the course makes it: ``wijklab.weergave.charts.exporteer_html`` (run in a fresh
kernel with a temporary store, then nbconvert). Where no widget can run, every quiz and reflection must
show its static fallback (the question and its options, never the answer), and axe must find no
serious or critical problem. The page is opened via file:// with every non-file request blocked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from e2e_helpers import COURSE_ROOT, called_ids, copy_course, launch_chromium, norm, plain_text, vraagblokken

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

NOTEBOOK = "00_start"
#: the exported page (without the shared plotly.min.js next to it) must stay below this size
MAX_HTML_BYTES = 1_000_000


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """Run 00_start on a copy of the course with an empty temp store and export it to HTML."""
    if not (COURSE_ROOT / "notebooks" / f"{NOTEBOOK}.ipynb").exists():
        pytest.fail(f"notebooks/{NOTEBOOK}.ipynb bestaat (nog) niet")
    from conftest import clear_wijklab_caches

    from wijklab.weergave.charts import exporteer_html

    tmp = tmp_path_factory.mktemp("html-export")
    root = copy_course(tmp / "cursus")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WIJKLAB_CURSUS", str(root))
        mp.setenv("WIJKLAB_WERKMAP", str(tmp / "mijn_werk"))
        clear_wijklab_caches()
        pad = exporteer_html(root / "notebooks" / f"{NOTEBOOK}.ipynb", tmp / "uit")
    clear_wijklab_caches()
    return Path(pad)


@pytest.fixture(scope="module")
def geladen(export, tmp_path_factory):
    """The export opened in headless Chromium via file://, with all network requests blocked."""
    from playwright.sync_api import sync_playwright

    geblokkeerd: list[str] = []

    def alleen_bestanden(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            geblokkeerd.append(route.request.url)
            route.abort()

    with sync_playwright() as p:
        ctx = launch_chromium(p, tmp_path_factory.mktemp("chromium-profiel"))
        try:
            page = ctx.new_page()
            page.route("**/*", alleen_bestanden)
            page.goto(export.as_uri(), wait_until="load")
            yield page, geblokkeerd
        finally:
            ctx.close()


def _getoond(bank):
    nb = COURSE_ROOT / "notebooks" / f"{NOTEBOOK}.ipynb"
    ids = set(called_ids(nb, "quiz")) | set(called_ids(nb, "reflectie"))
    return [o for o in [*bank.vragen, *bank.reflecties] if o.id in ids]


def test_export_shows_every_question_as_static_text(geladen, export, bank):
    page, _ = geladen
    html_tekst = export.read_text(encoding="utf-8")
    # nbconvert drops the widget view only when the notebook stores no widget state; then the
    # text/html fallback of our widgets is shown. A widget view needs JavaScript from unpkg.com.
    assert "application/vnd.jupyter.widget-view+json" not in html_tekst, (
        "de export bevat widget-views (widgetstatus opgeslagen): offline ziet de lezer dan niets. "
        "Voer uit met NotebookClient(store_widget_state=False) of verwijder nb.metadata['widgets'] vóór nbconvert."
    )
    tekst = norm(page.locator("body").inner_text())
    onderdelen = _getoond(bank)
    assert onderdelen, "00_start toont geen vragen of reflecties"
    for o in onderdelen:
        assert plain_text(o.vraag) in tekst, f"vraag {o.id} staat niet (als tekst) in de export"
    assert page.locator(".wl-statisch").count() == vraagblokken(COURSE_ROOT / "notebooks" / f"{NOTEBOOK}.ipynb")
    # options of single/multiple-choice questions are listed, so a reader can think about them
    for v in bank.vragen:
        if v in onderdelen and getattr(v, "opties", None):
            for optie in v.opties:
                assert plain_text(optie.tekst) in tekst, f"optie '{optie.tekst}' van {v.id} ontbreekt"


def test_export_never_shows_answers(geladen, export, bank):
    page, _ = geladen
    tekst = norm(page.locator("body").inner_text())
    html_tekst = export.read_text(encoding="utf-8")
    geheim: list[tuple[str, str]] = []
    for o in _getoond(bank):
        for optie in getattr(o, "opties", []) or []:
            geheim.append((o.id, optie.feedback))
        for veld in ("uitleg", "feedback_fout", "feedback_te_laag", "feedback_te_hoog", "modelantwoord"):
            if getattr(o, veld, ""):
                geheim.append((o.id, getattr(o, veld)))
    assert geheim
    for id, stuk in geheim:
        assert plain_text(stuk) not in tekst, f"de export verraadt het antwoord van {id}: {stuk[:80]}"
    assert not re.search(r"""["']?juist["']?\s*[:=]\s*(true|false|True|False|1|0)\b""", html_tekst), "de export bevat 'juist'-gegevens"
    assert "Goed!" not in tekst and "Nog niet goed" not in tekst


def test_export_has_no_serious_axe_violations(geladen):
    from axe_playwright_python.sync_playwright import Axe

    page, geblokkeerd = geladen
    uitslag = Axe().run(page).response
    alles = [(v["id"], v["impact"], len(v["nodes"])) for v in uitslag["violations"]]
    print(f"\naxe on the HTML export: {alles or 'no violations'}; blocked requests: {sorted(set(geblokkeerd))}")
    ernstig = [v for v in uitslag["violations"] if v["impact"] in ("serious", "critical")]
    assert not ernstig, "axe: ernstige problemen in de HTML-export:\n" + "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — bv. {[n['html'][:120] for n in v['nodes']][:3]}" for v in ernstig
    )


def test_export_is_small_and_draws_charts_offline(geladen, export):
    page, _ = geladen
    grootte = export.stat().st_size
    print(f"\nHTML export of {NOTEBOOK}: {grootte / 1024:.0f} KB (+ shared plotly.min.js {(export.parent / 'plotly.min.js').stat().st_size / 1024:.0f} KB)")
    assert grootte < MAX_HTML_BYTES, f"de export is {grootte} bytes"
    figuren = page.locator("figure.wl-grafiek")
    if figuren.count():
        # the chart is drawn from the plotly.min.js next to the file, without network
        page.wait_for_selector("figure.wl-grafiek .main-svg", timeout=20_000)
        for i in range(figuren.count()):
            assert norm(figuren.nth(i).locator(".wl-alt").inner_text()), "grafiek zonder beschrijving"


# --------------------------------------------------------------------------- the whole course offline


@pytest.fixture(scope="module")
def cursus_html(tmp_path_factory):
    """``python3 cursus.py html`` on a copy of the course (empty temporary store)."""
    from conftest import clear_wijklab_caches

    from wijklab.weergave.offline import bouw_cursus

    tmp = tmp_path_factory.mktemp("cursus-html")
    root = copy_course(tmp / "cursus")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WIJKLAB_CURSUS", str(root))
        mp.setenv("WIJKLAB_WERKMAP", str(tmp / "mijn_werk"))
        clear_wijklab_caches()
        index = bouw_cursus(tmp / "uit", root)
    clear_wijklab_caches()
    return index


def test_every_offline_page_has_no_serious_axe_violations(cursus_html, geladen):
    from axe_playwright_python.sync_playwright import Axe

    paginas = sorted(cursus_html.parent.rglob("*.html"))
    assert len(paginas) >= 7
    problemen = []
    page = geladen[0].context.new_page()  # the module's Chromium (one Playwright per process)
    try:
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        axe = Axe()
        for pad in paginas:
            page.goto(pad.as_uri(), wait_until="load")
            if page.locator("figure.wl-grafiek").count():
                page.wait_for_selector("figure.wl-grafiek .main-svg", timeout=20_000)
            uitslag = axe.run(page).response
            naam = pad.relative_to(cursus_html.parent).as_posix()
            print(f"\naxe {naam}: {[(v['id'], v['impact'], len(v['nodes'])) for v in uitslag['violations']] or 'geen'}")
            problemen += [f"{naam}: {v['id']} ({v['impact']}): {v['help']} — bv. {[n['html'][:100] for n in v['nodes']][:2]}"
                          for v in uitslag["violations"] if v["impact"] in ("serious", "critical")]
    finally:
        page.close()
    assert not problemen, "axe: ernstige problemen in de offline cursus:\n" + "\n".join(problemen)
