"""End-to-end: 00_start in a real JupyterLab, driven by headless Chromium (Debian chromium + Playwright).

What a student does, in the order she does it: open the notebook, run all, answer a quiz wrong and
then right (mouse, and once with the keyboard only), write a reflection and see it saved, restart the
kernel, run again, and find everything back. The server runs on a copy of the course in a temp folder
with its own store, so the real tree and the real ``mijn_werk/`` are never touched.

On a failure a screenshot and the page HTML are kept in tests/artefacten/.
"""

from __future__ import annotations

import re

import pytest

from e2e_helpers import (
    ARTEFACTS,
    COURSE_ROOT,
    PANEL,
    artefacts_on_failure,
    called_ids,
    vraagblokken,
    norm,
    open_notebook,
    plain_text,
    restart_kernel_and_clear,
    run_all,
    run_cell_with,
    schermafdruk,
    visible_output_text,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

NOTEBOOK = "00_start"
NB_PAD = f"notebooks/{NOTEBOOK}.ipynb"

REFLECTIE_TEKST = (
    "Ik verwacht dat ik leer hoe het wijkenbeleid is veranderd, van menging naar inclusie. "
    "Ook wil ik weten wat dat betekent voor bewoners met een kwetsbare positie."
)

# text a student must never see: a Python traceback or an ipywidgets error box
VERBODEN = re.compile(r"Traceback|Error|Exception|Error displaying widget")


def _kies_quiz(bank):
    """The first single-choice question that 00_start actually shows."""
    getoond = called_ids(COURSE_ROOT / NB_PAD, "quiz")
    for vraag in bank.vragen:
        if vraag.type == "enkelvoudig" and vraag.id in getoond:
            return vraag
    pytest.fail(f"{NB_PAD} toont geen enkelvoudige quizvraag (gevonden: {getoond})")


def _kies_reflectie(bank):
    getoond = called_ids(COURSE_ROOT / NB_PAD, "reflectie")
    for r in bank.reflecties:
        if r.id in getoond:
            return r
    pytest.fail(f"{NB_PAD} toont geen reflectie (gevonden: {getoond})")


def _geen_tracebacks(page):
    tekst = visible_output_text(page)
    gevonden = VERBODEN.findall(tekst)
    assert not gevonden, f"foutmelding zichtbaar in de uitvoer: {gevonden}\n{tekst[:3000]}"
    assert page.locator(f"{PANEL} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.locator(f"{PANEL} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']").count() == 0


def _tab_naar(page, doel, terug: bool = False, max_stappen: int = 25):
    """Press Tab (or Shift+Tab) until ``doel`` has the keyboard focus; fail if it never gets there."""
    for _ in range(max_stappen):
        if doel.evaluate("e => e === document.activeElement"):
            return
        page.keyboard.press("Shift+Tab" if terug else "Tab")
    actief = page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
    pytest.fail(f"met {'Shift+' if terug else ''}Tab kom je niet bij {doel}; de focus staat op {actief}")


def test_quiz_and_reflection_survive_kernel_restart(lab, page, bank):
    from playwright.sync_api import expect

    from wijklab.werk.store import BESTANDSNAAM, Store

    vraag = _kies_quiz(bank)
    reflectie = _kies_reflectie(bank)
    goed = next(i for i, o in enumerate(vraag.opties) if o.juist)
    fout = next(i for i, o in enumerate(vraag.opties) if not o.juist)

    with artefacts_on_failure(page, "e2e-00_start"):
        open_notebook(page, lab, NB_PAD)
        run_all(page)
        _geen_tracebacks(page)

        quiz = page.locator(f"{PANEL} .wl-quiz.wl-vraag-{vraag.id}")
        expect(quiz).to_be_visible()
        # she sees the options in an order of her own (quizwidgets.schik): the place of each bank option
        expect(quiz.locator(".wl-opties label")).to_have_count(len(vraag.opties))
        getoond = [norm(t) for t in quiz.locator(".wl-opties label").evaluate_all("els => els.map(e => e.textContent)")]
        plek = {i: getoond.index(plain_text(o.tekst)) for i, o in enumerate(vraag.opties)}
        radio = lambda i: quiz.locator(f".wl-opties input[type=radio][value='{plek[i]}']")  # noqa: E731
        feedback = quiz.locator(".wl-feedback")
        controleer = quiz.locator("button.wl-controleer")

        # 1. wrong answer: Dutch feedback with this option's own explanation from the bank
        radio(fout).check()
        controleer.click()
        expect(feedback).to_contain_text("Nog niet goed")
        assert plain_text(vraag.opties[fout].feedback) in norm(feedback.inner_text())
        # 2. right answer
        radio(goed).check()
        controleer.click()
        expect(feedback).to_contain_text("Goed!")
        assert "Nog niet goed" not in feedback.inner_text()
        assert plain_text(vraag.opties[goed].feedback) in norm(feedback.inner_text())

        # 3. keyboard only, the way a radio group works: Tab into the group (it is one tab stop, on
        #    the checked option), arrow keys to choose, Tab to Controleer, Enter. The arrow keys must
        #    reach the radio buttons, not JupyterLab's "next/previous cell" shortcut.
        def kies_met_pijltjes(van: int, naar: int):
            toets = "ArrowDown" if plek[naar] > plek[van] else "ArrowUp"
            for _ in range(abs(plek[naar] - plek[van])):
                page.keyboard.press(toets)
            expect(radio(naar)).to_be_checked()
            assert radio(naar).evaluate("e => e === document.activeElement"), "de focus sprong weg uit de vraag"

        quiz.locator(".wl-kop").click()
        _tab_naar(page, radio(goed))
        kies_met_pijltjes(goed, fout)
        _tab_naar(page, controleer)
        page.keyboard.press("Enter")
        expect(feedback).to_contain_text("Nog niet goed")
        _tab_naar(page, radio(fout), terug=True)
        kies_met_pijltjes(fout, goed)
        _tab_naar(page, controleer)
        page.keyboard.press("Enter")
        expect(feedback).to_contain_text("Goed!")

        # 3b. the ordering question by keyboard: arrow down in the radio group, Tab to "Omhoog", Enter
        volgorde = page.locator(f"{PANEL} .wl-quiz.wl-type-volgorde").first
        items = volgorde.locator(".wl-volgorde label")
        voor = items.evaluate_all("els => els.map(e => e.textContent.replace(/\\u00a0/g, ' ').trim())")
        assert len(voor) >= 3, voor
        volgorde.locator(".wl-kop").click()
        eerste = volgorde.locator(".wl-volgorde input[type=radio]").first
        _tab_naar(page, eerste)
        page.keyboard.press("ArrowDown")
        expect(volgorde.locator(".wl-volgorde input[type=radio]").nth(1)).to_be_checked()
        _tab_naar(page, volgorde.locator("button.wl-omhoog"))
        page.keyboard.press("Enter")
        expect(items.first).to_contain_text(voor[1].split(". ", 1)[1])

        # 4. reflection: type, and see it saved by itself (no button)
        blok = page.locator(f"{PANEL} .wl-reflectie.wl-vraag-{reflectie.id}")
        tekstvak = blok.locator(".wl-tekstvak textarea")
        tekstvak.click()
        page.keyboard.type(REFLECTIE_TEKST, delay=5)
        expect(blok.locator(".wl-opslagstatus")).to_contain_text(re.compile(r"opgeslagen om \d\d:\d\d"), timeout=5_000)
        _geen_tracebacks(page)

        # the rows are in the student's SQLite file
        store = Store(lab.werkmap / BESTANDSNAAM)
        pogingen = store.pogingen(vraag.id)
        assert len(pogingen) >= 4
        assert [p.juist for p in pogingen[:2]] == [False, True]
        # stored by the option's text, never its position (see wijklab.inhoud.beoordeling)
        assert pogingen[0].antwoord == {"optie": vraag.opties[fout].tekst}
        assert pogingen[-1].antwoord == {"optie": vraag.opties[goed].tekst}
        assert pogingen[-1].juist
        assert store.laatste_concept(reflectie.id).tekst == REFLECTIE_TEKST

        # 5. restart the kernel (outputs cleared, so nothing old stays on screen), run all again
        restart_kernel_and_clear(page)
        assert page.locator(f"{PANEL} .wl-blok").count() == 0
        run_all(page)
        _geen_tracebacks(page)
        expect(blok.locator(".wl-tekstvak textarea")).to_have_value(REFLECTIE_TEKST)
        expect(blok.locator(".wl-opslagstatus")).to_contain_text("opgeslagen om")
        expect(radio(goed)).to_be_checked()
        expect(feedback).to_contain_text("Goed!")
        expect(feedback).to_contain_text("je eerdere antwoord")


def test_outputs_have_accessible_names_and_no_serious_axe_violations(lab, page, bank):
    """Screen-reader basics on the rendered widgets, and axe on our outputs (Lab's own UI only reported)."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    vraag = _kies_quiz(bank)
    with artefacts_on_failure(page, "e2e-a11y-00_start"):
        open_notebook(page, lab, NB_PAD)
        # prompts may still show counts from the other test's kernel: clear them for a clean run
        restart_kernel_and_clear(page)
        run_all(page)
        quiz = page.locator(f"{PANEL} .wl-vraag-{vraag.id}")
        # feedback is announced: click Controleer without a choice -> a Dutch hint in a live region
        if not quiz.locator("input[type=radio]:checked").count():
            quiz.locator("button.wl-controleer").click()
        expect(quiz.locator(".wl-feedback")).not_to_be_empty()
        live = quiz.locator(".wl-feedback").evaluate(
            "e => { const t = e.firstElementChild; return !!t && !!t.closest('[role=status],[role=alert],[aria-live]'); }"
        )
        assert live, "feedback staat niet in een element met role=status of aria-live"

        namen = page.locator(f"{PANEL} .wl-blok").locator("input, select, textarea").evaluate_all(
            """els => els.map(e => {
                const ids = (e.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
                const naam = [e.getAttribute('aria-label') || '',
                              ...ids.map(i => (document.getElementById(i) || {}).textContent || ''),
                              ...[...(e.labels || [])].map(l => l.textContent), e.title || ''].join(' ').trim();
                return {tag: e.tagName.toLowerCase(), type: e.type || '', naam};
            })"""
        )
        assert namen, "geen invoervelden gevonden in .wl-blok"
        zonder = [n for n in namen if not n["naam"]]
        assert not zonder, f"invoervelden zonder toegankelijke naam: {zonder}"

        axe = Axe()
        ons = axe.run(page, context={"include": [[f"{PANEL} .jp-OutputArea"]]})
        ernstig = [v for v in ons.response["violations"] if v["impact"] in ("serious", "critical")]
        lab_ui = axe.run(page).response["violations"]
        print("\naxe, JupyterLab's own UI (reported, not failed on):")
        for v in lab_ui:
            print(f"  {v['id']} ({v['impact']}): {len(v['nodes'])} nodes")
        print("axe, our outputs:", [(v["id"], v["impact"], len(v["nodes"])) for v in ons.response["violations"]] or "none")
        assert not ernstig, "axe: ernstige problemen in de uitvoer van het notebook:\n" + "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in ernstig
        )


def test_jupyterlab_speaks_dutch_and_shows_no_news(lab, page):
    with artefacts_on_failure(page, "e2e-nederlands"):
        open_notebook(page, lab, NB_PAD)
        menus = [norm(t) for t in page.locator(".lm-MenuBar-item").all_inner_texts()]
        assert {"Bestand", "Bewerk", "Weergave", "Uitvoeren", "Kernel"} <= set(menus), menus
        assert "File" not in menus and "Run" not in menus, menus
        # (every label, dialog and menu path: tests/test_e2e_lab.py)
        page.wait_for_timeout(1500)  # the news question would pop up by now
        toasts = " ".join(page.locator(".Toastify__toast").all_inner_texts())
        assert "news" not in toasts.lower() and "nieuws" not in toasts.lower(), toasts
        schermafdruk(page, "lab-nederlands-1280")


def test_reopened_notebook_shows_dutch_note_and_one_cell_runs_in_a_fresh_kernel(lab, page, bank):
    """Run all, save, stop the kernel, reopen: every question shows the Dutch note (never "Error
    displaying widget"); then one quiz cell run on its own in the fresh kernel works (no NameError)."""
    import json

    from wijklab.weergave.offline import HERVAT_NOTITIE, WIDGET_MIME

    vraag = _kies_quiz(bank)
    aantal = vraagblokken(COURSE_ROOT / NB_PAD)
    with artefacts_on_failure(page, "e2e-heropenen"):
        open_notebook(page, lab, NB_PAD)
        restart_kernel_and_clear(page)
        run_all(page)
        page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
        bestand = lab.root / NB_PAD

        def opgeslagen():
            nb = json.loads(bestand.read_text(encoding="utf-8"))
            uit = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
            vragen = [o for o in uit if HERVAT_NOTITIE in "".join(o.get("data", {}).get("text/plain", ""))
                      and "wl-statisch" in "".join(o["data"].get("text/html", ""))]
            return len(vragen), uit

        for _ in range(50):
            notities, uitvoer = opgeslagen()
            if notities == aantal:
                break
            page.wait_for_timeout(200)
        assert notities == aantal, f"{notities} van {aantal} vragen opgeslagen als melding"
        assert not [o for o in uitvoer if WIDGET_MIME in o.get("data", {})], "widget-views opgeslagen"

        # a new day: the kernel is gone, the notebook is opened again
        for k in lab.kernels():
            lab.api("DELETE", f"/api/kernels/{k['id']}", timeout=20)
        open_notebook(page, lab, NB_PAD)
        # JupyterLab draws only the cells in view: scroll through all of them and read each output
        teksten = page.evaluate("""async () => {
            const nb = window.jupyterapp.shell.currentWidget.content;
            const uit = [];
            for (let i = 0; i < nb.widgets.length; i++) {
                await nb.scrollToItem(i, 'start');
                await new Promise(r => setTimeout(r, 120));
                const o = nb.widgets[i].node.querySelector('.jp-OutputArea');
                if (o) uit.push(o.innerText);
            }
            return uit;
        }""")
        tekst = "\n".join(teksten)
        assert "Error displaying widget" not in tekst and "model not found" not in tekst and "Loading widget" not in tekst
        assert tekst.count(HERVAT_NOTITIE) >= aantal, tekst[:2000]
        schermafdruk(page, "heropend-1280")

        # one quiz cell alone, in the fresh kernel that never ran the set-up cell
        index = run_cell_with(page, f'"{vraag.id}"')
        page.wait_for_function("""([i, id]) => {
            const nb = window.jupyterapp.shell.currentWidget.content;
            return !!nb.widgets[i].node.querySelector('.wl-quiz.wl-vraag-' + id);
        }""", arg=[index, vraag.id], timeout=30_000)
        celtekst = page.evaluate("(i) => window.jupyterapp.shell.currentWidget.content.widgets[i].node.querySelector('.jp-OutputArea').innerText", index)
        assert "NameError" not in celtekst and "Error" not in celtekst, celtekst
        assert HERVAT_NOTITIE not in celtekst
        assert plain_text(vraag.vraag)[:40] in norm(celtekst)
        schermafdruk(page, "een-cel-in-verse-kernel-1280")


def _foto_bij(page, plek, pad) -> None:
    """A screenshot with `plek` in view, for a person to look at. Only a picture: JupyterLab's windowed
    notebook may not have scrolled it into view yet (the diagnostic makes 07 long), and that is no failure
    of what the test checks."""
    from playwright.sync_api import Error, expect

    try:
        plek.scroll_into_view_if_needed(timeout=5_000)
        expect(plek).to_be_in_viewport(timeout=5_000)
    except (AssertionError, Error):
        pass
    page.screenshot(path=str(pad))


def test_reveal_gate_in_jupyterlab_placeholder_then_value_in_place_and_after_restart(lab, page):
    """Run All in 07 without an estimate: the printed mean is the Dutch placeholder; committing the estimate
    fills it in place (no cell run); after a restart and Run All the estimate is in the store and the mean
    shows at once. Screenshots at 1280 px and at 200 % go to tests/artefacten/."""
    from playwright.sync_api import expect

    from wijklab.inhoud.bank import zoek
    from wijklab.leerling.quiz import NOG_GEEN_SCHATTING

    _, vraag = zoek("07-voorspel-vogelaar")
    gemiddelde = "Gemiddelde van de tien wijken"
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    with artefacts_on_failure(page, "e2e-poort-07"):
        page.set_viewport_size({"width": 1280, "height": 900})
        open_notebook(page, lab, "notebooks/07_gemengd_en_inclusief.ipynb")
        run_all(page)
        _geen_tracebacks(page)
        paneel = page.locator(PANEL)
        uitvoer = paneel.locator(".jp-OutputArea-output")
        plek = uitvoer.get_by_text(NOG_GEEN_SCHATTING).first
        expect(plek).to_be_visible()
        assert gemiddelde not in visible_output_text(page)
        _foto_bij(page, plek, ARTEFACTS / "poort-07-voor-1280.png")

        quiz = paneel.locator(f".wl-quiz.wl-vraag-{vraag.id}")
        quiz.locator("input[type=text]").fill("55")
        quiz.locator("button.wl-controleer").click()
        expect(quiz.locator(".wl-feedback")).to_contain_text("De echte waarde")
        uitkomst = uitvoer.get_by_text(gemiddelde).first
        expect(uitkomst).to_be_visible()
        expect(uitkomst).to_contain_text("59,1 procent")
        assert uitvoer.get_by_text(NOG_GEEN_SCHATTING).count() == 0
        _foto_bij(page, uitkomst, ARTEFACTS / "poort-07-na-1280.png")

        restart_kernel_and_clear(page)
        run_all(page)
        _geen_tracebacks(page)
        expect(uitvoer.get_by_text(gemiddelde).first).to_contain_text("59,1 procent")
        assert uitvoer.get_by_text(NOG_GEEN_SCHATTING).count() == 0

