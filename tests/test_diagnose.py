"""The diagnostic before and after the course, stored apart, and Hake's learning gain."""

from __future__ import annotations

import pytest

import wijklab as wl
from wijklab.leerling import diagnostiek as dg
from wijklab.werk import export
from wijklab.leerling import voortgang as progress
from wijklab.inhoud.bank import controleer_alles
from wijklab.werk.store import huidige_store


def kies(q, goed: bool) -> None:
    """Choose the right (or a wrong) option in this student's order and press the button."""
    i = next(i for i, o in enumerate(q.getoond) if o.juist == goed)
    q.widget.waarde = {"keuze": i}
    q.widget.klik("controleer")


def test_leerwinst_hand_computed():
    assert dg.leerwinst(2, 5, 7) == pytest.approx(3 / 5)
    assert dg.leerwinst(0, 7, 7) == 1.0
    assert dg.leerwinst(4, 4, 7) == 0.0
    assert dg.leerwinst(5, 3, 7) == pytest.approx(-1.0)
    assert dg.leerwinst(7, 7, 7) is None  # everything right before: undefined
    assert dg.leerwinst(None, 5, 7) is None and dg.leerwinst(3, None, 7) is None


def test_bank_is_valid_and_has_one_question_per_notebook():
    bank = dg.diagnose_bank()
    assert 6 <= len(bank.vragen) <= 8
    assert all(v.type in ("enkelvoudig", "meervoudig") for v in bank.vragen)
    assert not [p for p in controleer_alles() if "diagnose" in p]


def test_voor_shows_no_verdict_and_na_shows_both_side_by_side():
    voor = dg.Diagnose("voor")
    assert len(voor.widgets) == len(voor.bank.vragen)
    kies(voor.vragen[0], goed=False)
    fb = voor.vragen[0].widget.feedback
    assert "bewaard" in fb and "Goed" not in fb and "niet goed" not in fb
    assert voor.vragen[0].widget.uitgeschakeld  # one answer: the first counts
    store = huidige_store()
    eerste = voor.vragen[0].vraag.id
    assert [p.onderdeel for p in store.pogingen()] == [dg.VOOR + eerste]

    na = dg.Diagnose("na")
    kies(na.vragen[0], goed=True)
    fb = na.vragen[0].widget.feedback
    assert "Aan het begin" in fb and "✘ niet goed" in fb and "✔ goed" in fb
    for q in na.vragen[1:]:
        kies(q, goed=True)
    assert f"Aan het begin had je 0 van de {len(na.vragen)} goed, nu {len(na.vragen)}" in na.samenvatting.value
    # a rebuilt cell shows the same and stores nothing new
    opnieuw = dg.Diagnose("na")
    assert "Aan het begin" in opnieuw.vragen[0].widget.feedback
    assert len(store.pogingen()) == 1 + len(na.vragen)


def test_diagnostic_attempts_are_no_ordinary_questions_but_are_exported():
    voor = dg.Diagnose("voor")
    for q in voor.vragen:
        kies(q, goed=False)
    na = dg.Diagnose("na")
    kies(na.vragen[0], goed=True)
    kies(na.vragen[1], goed=False)
    standen = progress.stand()
    assert sum(s.beantwoord for s in standen) == 0
    p = export.verzamel()
    assert p.totaal.gemaakt == 0 and not [v for n in p.notebooks for v in n.vragen if v.pogingen]
    assert p.diagnose is not None
    assert p.diagnose.vragen == len(voor.vragen) and p.diagnose.voor == 0 and p.diagnose.na == 1
    items = {i.id: i for i in p.diagnose.items}
    assert items[na.vragen[0].vraag.id].voor is False and items[na.vragen[0].vraag.id].na is True
    assert items[na.vragen[2].vraag.id].na is None


def test_unknown_phase_gives_dutch_message():
    w = wl.diagnose("later")
    assert "wl.diagnose(&quot;voor&quot;)" in w.value


def test_check_reads_the_diagnostic_bank(tmp_path, monkeypatch):
    import shutil

    from wijklab.inhoud import bank as bankmod

    kopie = tmp_path / "cursus"
    shutil.copytree(bankmod.cursus_map() / "notebooks" / "vragen", kopie / "notebooks" / "vragen")
    shutil.copytree(bankmod.cursus_map() / "docs", kopie / "docs")
    pad = kopie / "notebooks/vragen/diagnose/00_diagnose.yaml"
    pad.write_text(pad.read_text(encoding="utf-8").replace("scp2013]", "bestaat_niet]", 1), encoding="utf-8")
    monkeypatch.setenv("WIJKLAB_CURSUS", str(kopie))
    bankmod._wis_cache()
    assert any("bestaat_niet" in p for p in controleer_alles())


def test_07_shows_her_first_reflection_read_only():
    from wijklab.leerling import reflectie as reflection

    store = huidige_store()
    store.bewaar_concept("00-verwachting", "Ik denk aan <Lindenhof> & wil weten of mengen helpt.")
    w = wl.reflectie("07-terugblik-verwachting", eerder="00-verwachting")
    assert "Wat je eerder schreef" in w.kop and "Ik denk aan &lt;Lindenhof&gt; &amp; wil weten" in w.kop
    assert w.waarde == {"tekst": ""}  # her earlier text is shown, not copied into the new box
    leeg = reflection.eerdere_tekst_html(huidige_store(), "00-bestaat-niet")
    assert "nog niets geschreven" in leeg
