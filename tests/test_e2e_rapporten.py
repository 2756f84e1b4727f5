"""End-to-end: the portfolio and the class overview in headless Chromium, made from the real course.

Question and reflection texts are the course's Markdown: they show as formatted text, never as raw
``**…**`` or ``*…*``; and no page is wider than the window, at 1280 px and at 200 % zoom (640 CSS px).
Screenshots for a person to look at go to WIJKLAB_SCHERMAFDRUKKEN when that names a folder.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from e2e_helpers import CHROMIUM, CHROMIUM_ARGS, copy_course, schermafdruk_map

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

REFLECTIES = {
    "06-kritiek-aanname": "Ik geloof de aanname over verhuizingen het minst, omdat mensen vaak blijven wonen.",
    "07-slotreflectie": "Mijn beeld van de wijk is veranderd: menging alleen is geen doel.\nInclusie vraagt meer.",
}
#: quiz questions whose text has Markdown (*Casus (fictief).*, **spreiding op 100 %**) and a wrong answer
QUIZ = ("02-casus-hulp-thuis", "06-model-spreiden", "05-ontbrekend")


@pytest.fixture(scope="module")
def paginas(tmp_path_factory):
    from conftest import clear_wijklab_caches

    from wijklab.inhoud.bank import alle_banken
    from wijklab.werk.export import exporteer
    from wijklab.docent.klas import klasoverzicht
    from wijklab.werk.store import huidige_store

    tmp = tmp_path_factory.mktemp("rapporten")
    root = copy_course(tmp / "cursus")
    klas = tmp / "klas"
    klas.mkdir()
    html = None
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WIJKLAB_CURSUS", str(root))
        for naam in ("Sanne de Vries", "Mo Amrani"):
            mp.setenv("WIJKLAB_WERKMAP", str(tmp / naam.split()[0]))
            clear_wijklab_caches()
            banken = alle_banken()
            vragen = {v.id: v for b in banken.values() for v in b.vragen}
            store = huidige_store()
            store.bewaar_instelling("naam", naam)
            for id in QUIZ:
                v = vragen[id]
                fout = next(o.tekst for o in v.opties if not o.juist)
                antwoord = {"optie": fout} if v.type == "enkelvoudig" else {"opties": [fout]}
                store.bewaar_poging(id, antwoord, False, 0.0)
            for id, tekst in REFLECTIES.items():
                store.bewaar_concept(id, tekst)
            uitkomst = exporteer()
            assert uitkomst.gelukt, uitkomst.melding
            html = html or uitkomst.html
            shutil.copy(uitkomst.json, klas / uitkomst.json.name)
        overzicht = klasoverzicht(klas)
        assert overzicht.gelukt
    clear_wijklab_caches()
    return {"portfolio": html, "klasoverzicht": overzicht.pad}


def test_question_texts_show_as_formatted_text_never_as_raw_markdown(paginas):
    for naam, pad in paginas.items():
        tekst = pad.read_text(encoding="utf-8")
        zichtbaar = re.sub(r"<style.*?</style>|<script.*?</script>", "", tekst, flags=re.S)
        zichtbaar = re.sub(r"<[^>]+>", " ", zichtbaar)
        assert "**" not in zichtbaar, f"{naam}: ruwe **Markdown** zichtbaar"
        assert not re.search(r"(?<![\w*])\*[^\s*][^*\n]*\*(?![\w*])", zichtbaar), \
            f"{naam}: ruwe *Markdown* zichtbaar: {re.search(r'[*][^*]+[*]', zichtbaar).group(0)[:80]}"
        assert "<strong>Slotreflectie.</strong>" in tekst, naam
        assert "<em>Casus (fictief).</em>" in tekst, naam


@pytest.mark.parametrize("breedte", [1280, 640])
def test_no_page_is_wider_than_the_window(paginas, breedte, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium (/usr/bin/chromium) ontbreekt: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    map_ = schermafdruk_map()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # 200 % zoom: 640 CSS pixels at device scale 2
            page = browser.new_page(viewport={"width": breedte, "height": 900}, device_scale_factor=1 if breedte == 1280 else 2)
            for naam, pad in paginas.items():
                page.goto(pad.as_uri())
                maat = page.evaluate("() => ({pagina: document.documentElement.scrollWidth, venster: window.innerWidth,"
                                     " breed: [...document.querySelectorAll('table')].filter(t => t.getBoundingClientRect().right"
                                     " > window.innerWidth + 1 && !t.closest('.breed, .rooster-wrap')).map(t => t.querySelector('caption, th')?.innerText.slice(0, 40))})")
                if map_ is not None:
                    page.screenshot(path=str(map_ / f"{naam}-{breedte}.png"), full_page=True)
                assert maat["pagina"] <= maat["venster"] and not maat["breed"], (naam, breedte, maat)
        finally:
            browser.close()


def test_markdown_of_a_question_never_brings_links_images_or_html_into_a_page():
    """The class overview reads question texts from students' files: Markdown gives emphasis, never a
    link, an image from the internet or raw HTML."""
    from wijklab.werk.export import markdown_inline

    uit = str(markdown_inline('**vet** *schuin* `code` ![x](http://example.org/x.png) [klik](javascript:alert(1)) '
                              '<script>alert(1)</script> <img src=x onerror=alert(1)>\n\nTweede alinea'))
    assert "<strong>vet</strong>" in uit and "<em>schuin</em>" in uit and "<code>code</code>" in uit
    assert not re.search(r"<(img|a|script)\b", uit), uit
    assert "example.org" not in uit and "javascript:" not in uit
    assert "<br>" in uit and not uit.startswith("<p>")
