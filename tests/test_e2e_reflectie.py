"""End-to-end (issue 21): a reflection in 00_start survives "Run All" twice and a kernel restart,
in a real JupyterLab driven by headless Chromium, and the notes about newer text elsewhere and an
earlier version are shown and work.

Screenshots of the reflection box (1280 px, and 640 CSS px at device scale 2 = 200 % zoom) go to
``WIJKLAB_SCHERMAFDRUKKEN`` when that is set, to be looked at; without it none are taken.
"""

from __future__ import annotations

import re

import pytest

from e2e_helpers import (
    _ALL_RUN_JS,
    PANEL,
    artefacts_on_failure,
    menu_command,
    open_notebook,
    restart_kernel_and_clear,
    run_all,
    schermafdruk_blok,
    wait_idle,
)
from test_e2e import NB_PAD, _geen_tracebacks, _kies_reflectie

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(400)]

TEKST = (
    "Ik verwacht dat ik leer waarom het wijkenbeleid van menging naar inclusie ging. "
    "Ook wil ik weten wat bewoners zelf van die plannen merkten."
)
NIEUWER = "Deze tekst is in een ander tabblad opgeslagen, na de tekst in dit vak."

_PROMPTS_JS = "(panel) => [...document.querySelectorAll(panel + ' .jp-CodeCell .jp-InputArea-prompt')].map(e => parseInt(e.textContent.replace(/\\D/g, '') || '0'))"


def _run_all_nog_eens(page) -> None:
    """Run All a second time without clearing: wait until every cell has a newer execution count."""
    eerst = max(page.evaluate(_PROMPTS_JS, PANEL))
    menu_command(page, "Uitvoeren", "runmenu:run-all")
    page.wait_for_function(
        "([panel, n]) => [...document.querySelectorAll(panel + ' .jp-CodeCell .jp-InputArea-prompt')]"
        ".every(e => parseInt(e.textContent.replace(/\\D/g, '') || '0') > n)",
        arg=[PANEL, eerst], timeout=90_000,
    )
    page.wait_for_function(_ALL_RUN_JS, arg=PANEL, timeout=90_000)


def test_reflection_survives_run_all_twice_and_a_restart(lab, page, bank):
    from playwright.sync_api import expect

    from wijklab.werk.store import BESTANDSNAAM, Store

    reflectie = _kies_reflectie(bank)
    store = Store(lab.werkmap / BESTANDSNAAM)
    blok = page.locator(f"{PANEL} .wl-reflectie.wl-vraag-{reflectie.id}")
    status = blok.locator(".wl-opslagstatus")
    tekstvak = blok.locator(".wl-tekstvak textarea")
    melding = blok.locator(".wl-melding")

    with artefacts_on_failure(page, "e2e-reflectie-00_start"):
        open_notebook(page, lab, NB_PAD)
        restart_kernel_and_clear(page)  # a kernel of its own, whatever ran before in this server
        run_all(page)
        _run_all_nog_eens(page)  # the README and 00 say: Run All. Twice is what students do.
        _geen_tracebacks(page)
        expect(blok).to_have_count(1)

        # she types; it is saved by itself
        tekstvak.click()
        page.keyboard.type(TEKST, delay=5)
        expect(status).to_contain_text(re.compile(r"✓ opgeslagen om \d\d:\d\d"), timeout=10_000)
        assert store.laatste_concept(reflectie.id).tekst == TEKST

        # the kernel restarts: the boxes of both runs meet the exit handler; nothing may be wiped
        restart_kernel_and_clear(page)
        assert store.laatste_concept(reflectie.id).tekst == TEKST, [c.tekst for c in store.concepten(reflectie.id)]
        run_all(page)
        _geen_tracebacks(page)
        expect(tekstvak).to_have_value(TEKST)
        expect(status).to_contain_text(re.compile(r"✓ opgeslagen om \d\d:\d\d"))
        expect(melding).to_be_hidden()  # no note: nothing newer, nothing earlier to offer
        schermafdruk_blok(page, blok, "1-na-herstart")

        # another tab saves newer text; "Nu opslaan" here does not overwrite it and says so
        assert store.bewaar_concept(reflectie.id, NIEUWER).gelukt
        blok.locator("button.wl-bewaar").click()
        expect(melding).to_contain_text("nieuwere tekst")
        expect(status).to_contain_text("oudere versie")
        expect(status).not_to_contain_text("✓")
        schermafdruk_blok(page, blok, "2-nieuwere-tekst-elders")
        assert store.laatste_concept(reflectie.id).tekst == NIEUWER
        blok.locator("button.wl-aanbod-ja").click()  # "Toon de nieuwere tekst"
        expect(tekstvak).to_have_value(NIEUWER)
        expect(status).to_contain_text("✓ opgeslagen om")

        # work hit by the old defect: the newest draft is empty; the next run offers the text back
        assert store.bewaar_concept(reflectie.id, "").gelukt
        restart_kernel_and_clear(page)
        run_all(page)
        expect(tekstvak).to_have_value("")
        expect(melding).to_contain_text(re.compile(r"Er is een eerdere versie van je tekst: \d+ woorden, \d+ \w+ \d{4}, \d\d:\d\d\. Terugzetten\?"))
        expect(blok.locator("button.wl-aanbod-ja")).to_have_text("Terugzetten")
        schermafdruk_blok(page, blok, "3-eerdere-versie")
        blok.locator("button.wl-aanbod-ja").click()
        expect(tekstvak).to_have_value(TEKST)  # the longest earlier version
        expect(status).to_contain_text("✓ opgeslagen om")
        expect(melding).to_be_hidden()
        assert store.laatste_concept(reflectie.id).tekst == TEKST
        _geen_tracebacks(page)
        wait_idle(page)
