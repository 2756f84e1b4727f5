"""The diagnostic in real JupyterLab: the pre-test in 00 (no verdict), the post-test in 07 with her answer
from the start beside today's, and her first reflection shown beside the look-back prompt.

Screenshots at 1280 px and 200 % go to ``WIJKLAB_SCHERMAFDRUKKEN`` when that is set (e2e_helpers.schermafdruk_blok)."""

from __future__ import annotations

import pytest

from e2e_helpers import PANEL, artefacts_on_failure, open_notebook, run_all, schermafdruk_blok
from test_e2e import _geen_tracebacks

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

NB_07 = "notebooks/07_gemengd_en_inclusief.ipynb"


def _kies(blok, vraag, goed: bool) -> None:
    """Choose the right (or a wrong) option of ``vraag`` in the order this student sees, and confirm."""
    from e2e_helpers import norm, plain_text

    getoond = [norm(t) for t in blok.locator(".wl-opties label").evaluate_all("els => els.map(e => e.textContent)")]
    optie = next(o for o in vraag.opties if o.juist == goed)
    blok.locator(f".wl-opties input[type=radio][value='{getoond.index(plain_text(optie.tekst))}']").check()
    blok.locator("button.wl-controleer").click()


def test_pre_test_in_00_and_post_test_in_07(lab, page):
    from playwright.sync_api import expect

    from wijklab.inhoud.bank import laad_bank
    from wijklab.werk.store import BESTANDSNAAM, Store

    bank = laad_bank(lab.root / "notebooks/vragen/diagnose/00_diagnose.yaml")
    eerste = bank.vragen[0]
    Store(lab.werkmap / BESTANDSNAAM).bewaar_concept("00-verwachting", "Ik denk aan Lindenhof en wil weten of mengen helpt.")

    with artefacts_on_failure(page, "e2e-diagnose-00"):
        open_notebook(page, lab, "notebooks/00_start.ipynb")
        run_all(page)
        _geen_tracebacks(page)
        blok = page.locator(f"{PANEL} .wl-vraag-{eerste.id}")
        expect(blok).to_be_visible()
        expect(page.locator(f"{PANEL} .wl-quiz[class*='wl-vraag-00-kern-']")).to_have_count(len(bank.vragen))
        _kies(blok, eerste, goed=False)
        feedback = blok.locator(".wl-feedback")
        expect(feedback).to_contain_text("Je antwoord is bewaard")
        expect(feedback).not_to_contain_text("Goed")
        expect(blok.locator("button.wl-controleer")).to_be_disabled()
        schermafdruk_blok(page, blok, "diagnose-voor")

        # an ordinary choice question offers 'Hoe zeker ben je?'; her choice is stored with the attempt
        quiz = page.locator(f"{PANEL} .wl-quiz.wl-vraag-00-decentralisaties")
        expect(quiz.locator(".wl-zekerheid")).to_contain_text("Hoe zeker ben je?")
        quiz.locator(".wl-zekerheid input[value='twijfel']").check()
        quiz.locator(".wl-opties input[type=radio]").first.check()
        quiz.locator("button.wl-controleer").click()
        expect(quiz.locator(".wl-feedback")).not_to_be_empty()
        assert Store(lab.werkmap / BESTANDSNAAM).pogingen("00-decentralisaties")[0].antwoord["zeker"] == "twijfel"
        schermafdruk_blok(page, quiz, "zekerheid")

    with artefacts_on_failure(page, "e2e-diagnose-07"):
        open_notebook(page, lab, NB_07)
        run_all(page, timeout=180_000)
        _geen_tracebacks(page)
        blok = page.locator(f"{PANEL} .wl-vraag-{eerste.id}")
        expect(blok.locator(".wl-feedback")).to_have_count(1)
        _kies(blok, eerste, goed=True)
        feedback = blok.locator(".wl-feedback")
        expect(feedback).to_contain_text("Aan het begin (notebook 00)")
        expect(feedback).to_contain_text("✘ niet goed")
        expect(feedback).to_contain_text("✔ goed")
        schermafdruk_blok(page, blok, "diagnose-na")
        terugblik = page.locator(f"{PANEL} .wl-vraag-07-terugblik-verwachting")
        expect(terugblik).to_contain_text("Wat je eerder schreef")
        expect(terugblik).to_contain_text("Ik denk aan Lindenhof")
        schermafdruk_blok(page, terugblik, "terugblik-verwachting")
        herhaling = page.locator(f"{PANEL} .wl-herhaling-inleiding").first
        expect(herhaling).to_be_visible()
