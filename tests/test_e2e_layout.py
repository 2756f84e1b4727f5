"""End-to-end: every question of every notebook answered in real JupyterLab, and the layout checked.

For each notebook: run all, answer every quiz once (whatever the answer: the point is the feedback
on screen), then measure from the DOM, at 1280 and 1920 px wide and at 640 px (1280 px at 200 %
browser zoom), in the light and in the dark theme, that no option, label, input, button or feedback
box overlaps another and that no text is clipped (see layout_js.py). On a failure the screenshot and
page HTML are kept in tests/artefacten/.
"""

from __future__ import annotations

import pytest

from e2e_helpers import (
    _ALL_RUN_JS,
    COURSE_ROOT,
    PANEL,
    artefacts_on_failure,
    open_notebook,
    vraagblokken,
    wait_idle,
)
from layout_js import LAYOUT_PROBLEMEN_JS

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

NOTEBOOKS = sorted(p.stem for p in (COURSE_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BREEDTES = (1280, 1920, 640)  # 640 CSS px = a 1280 px window at 200 % zoom
THEMAS = ("JupyterLab Light", "JupyterLab Dark")


def _voer_alles_uit(page, notebook: str) -> None:
    """Run all cells and wait until every question and reflection of the notebook is drawn (the widget
    views render after the kernel is idle)."""
    # through the command registry, so it works whatever the interface language is
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(_ALL_RUN_JS, arg=PANEL, timeout=240_000)
    pad = COURSE_ROOT / "notebooks" / f"{notebook}.ipynb"
    verwacht = vraagblokken(pad)
    page.wait_for_function(
        "([panel, n]) => document.querySelectorAll(`${panel} .wl-quiz, ${panel} .wl-reflectie`).length >= n",
        arg=[PANEL, verwacht], timeout=60_000,
    )


def _beantwoord(page, blok, vraag) -> None:
    """Give some answer to one question and check it."""
    soort = vraag.type
    if soort == "enkelvoudig":
        blok.locator(".wl-opties label").last.click()
    elif soort == "meervoudig":
        vakjes = blok.locator(".wl-opties input[type=checkbox]")
        for i in range(min(2, vakjes.count())):
            vakjes.nth(i).check()
    elif soort == "volgorde":
        blok.locator("button.wl-omlaag").click()
    elif soort == "koppelen":
        lijsten = blok.locator("select")
        for i in range(lijsten.count()):
            lijsten.nth(i).select_option(index=1 + i % (lijsten.nth(i).locator("option").count() - 1))
    elif soort in ("getal", "voorspel"):
        veld = blok.locator("input[type=text]").first
        waarde = vraag.antwoord if soort == "voorspel" else vraag.antwoord + vraag.marge + 1
        veld.fill(str(waarde).replace(".", ","))
        veld.press("Tab")
    blok.locator("button.wl-controleer").click()
    page.wait_for_function(
        "(el) => el.querySelector('.wl-feedback') && el.querySelector('.wl-feedback').innerText.trim().length > 0",
        arg=blok.element_handle(), timeout=20_000,
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_question_answered_and_nothing_overlaps_or_is_clipped(lab, browser_context, notebook):
    from wijklab.inhoud.bank import zoek
    from wijklab.leerling.diagnostiek import diagnose_bank

    page = browser_context.new_page()
    try:
        with artefacts_on_failure(page, f"layout-{notebook}"):
            page.set_viewport_size({"width": 1280, "height": 900})
            open_notebook(page, lab, f"notebooks/{notebook}.ipynb")
            _voer_alles_uit(page, notebook)
            blokken = page.locator(f"{PANEL} .wl-quiz")
            beantwoord = 0
            for i in range(blokken.count()):
                blok = blokken.nth(i)
                klasse = next(c for c in blok.get_attribute("class").split() if c.startswith("wl-vraag-"))
                id = klasse.removeprefix("wl-vraag-")
                vraag = diagnose_bank().onderdeel(id) if id.startswith("00-kern-") else zoek(id)[1]  # the diagnostic has its own bank
                blok.scroll_into_view_if_needed()
                _beantwoord(page, blok, vraag)
                beantwoord += 1
            assert beantwoord == blokken.count()
            wait_idle(page)
            problemen = []
            for thema in THEMAS:
                page.evaluate("(t) => window.jupyterapp.commands.execute('apputils:change-theme', {theme: t})", thema)
                page.wait_for_function("(t) => document.body.dataset.jpThemeName === t", arg=thema, timeout=20_000)
                for breedte in BREEDTES:
                    page.set_viewport_size({"width": breedte, "height": 900})
                    page.wait_for_timeout(400)
                    problemen += [f"{thema}, {breedte} px: {p}" for p in page.evaluate(LAYOUT_PROBLEMEN_JS, PANEL)]
            page.evaluate("() => window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Light'})")
            assert not problemen, f"{notebook}: {len(problemen)} lay-outproblemen:\n" + "\n".join(problemen[:40])
    finally:
        page.close()


def test_enter_in_a_number_field_checks_the_answer(lab, browser_context):
    """A student types a number and presses Enter: that checks it, as the button does."""
    from wijklab.inhoud.bank import zoek

    _, vraag = zoek("00-aantal-wijken")
    page = browser_context.new_page()
    try:
        with artefacts_on_failure(page, "enter-getal"):
            open_notebook(page, lab, "notebooks/00_start.ipynb")
            _voer_alles_uit(page, "00_start")
            blok = page.locator(f"{PANEL} .wl-vraag-00-aantal-wijken")
            blok.scroll_into_view_if_needed()
            veld = blok.locator("input[type=text]")
            veld.fill(str(vraag.antwoord + vraag.marge + 5).replace(".", ","))
            veld.press("Enter")
            page.wait_for_function(
                "(el) => /Nog niet goed/.test(el.querySelector('.wl-feedback').innerText)", arg=blok.element_handle(), timeout=20_000
            )
            veld.fill(str(vraag.antwoord).replace(".", ","))
            veld.press("Enter")
            page.wait_for_function(
                "(el) => /Goed!/.test(el.querySelector('.wl-feedback').innerText)", arg=blok.element_handle(), timeout=20_000
            )
    finally:
        page.close()


#: the tab stops of a course block, as a browser counts them: visible, enabled controls, one per radio group
_TABSTOPS_JS = """(blok) => {
  const gezien = new Set();
  return [...blok.querySelectorAll('input, select, textarea, button')].filter(e => {
    const r = e.getBoundingClientRect();
    if (e.disabled || r.width === 0 || r.height === 0 || getComputedStyle(e).visibility === 'hidden') return false;
    if (e.type === 'radio') { if (gezien.has(e.name)) return false; gezien.add(e.name); }
    return true;
  }).length;
}"""

_FOCUS_JS = """(blok) => {
  const e = document.activeElement;
  return {inBlok: blok.contains(e), werkbalk: !!e.closest('.jp-cell-toolbar, .jp-Toolbar, jp-toolbar'),
          wat: `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${(e.textContent || e.value || '').trim().slice(0, 30)}`};
}"""


def test_tab_from_a_quiz_reaches_all_its_controls_before_any_toolbar_button(lab, browser_context):
    """A student clicks on a question and presses Tab: she goes through that question's own controls,
    in order, before she reaches anything else (a cell toolbar button above all)."""
    page = browser_context.new_page()
    try:
        with artefacts_on_failure(page, "tab-00_start"):
            page.set_viewport_size({"width": 1280, "height": 900})
            open_notebook(page, lab, "notebooks/00_start.ipynb")
            _voer_alles_uit(page, "00_start")
            blokken = page.locator(f"{PANEL} .wl-quiz, {PANEL} .wl-reflectie")
            soorten = set()
            for i in range(blokken.count()):
                blok = blokken.nth(i)
                blok.scroll_into_view_if_needed()
                klassen = blok.get_attribute("class").split()
                handvat = blok.element_handle()
                nodig = page.evaluate(_TABSTOPS_JS, handvat)
                if nodig == 0 and ("wl-type-voorspel" in klassen or any(k.startswith("wl-vraag-00-kern-") for k in klassen)):
                    continue  # an estimate or a diagnostic answer committed earlier in this server (the layout test) has no controls left
                soorten |= {c for c in klassen if c.startswith("wl-type-") or c == "wl-reflectie"}
                assert nodig >= 2, f"blok {i}: maar {nodig} tabstops"
                blok.locator(".wl-kop").click()
                for stap in range(nodig):
                    page.keyboard.press("Tab")
                    focus = page.evaluate(_FOCUS_JS, handvat)
                    assert not focus["werkbalk"], f"blok {i}, Tab {stap + 1}: een knop van de werkbalk ({focus['wat']}) vóór de eigen knoppen"
                    assert focus["inBlok"], f"blok {i}, Tab {stap + 1} van {nodig}: de focus verliet de vraag ({focus['wat']})"
            assert {"wl-type-enkelvoudig", "wl-type-meervoudig", "wl-type-volgorde", "wl-type-koppelen", "wl-type-getal", "wl-reflectie"} <= soorten
    finally:
        page.close()
