"""Quiz and reflection widgets, driven as JupyterLab would drive them (set values, click buttons)."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wijklab as wl
from wijklab.basis.taal import lees_getal, nl_getal
from wijklab.inhoud import bank
from wijklab.leerling import quiz as quizmod
from wijklab.leerling import reflectie as reflection
from wijklab.leerling import ui
from wijklab.werk.store import huidige_store


def alle_vragen():
    return [v for b in bank.alle_banken().values() for v in b.vragen]


def bouw(vraag, **kw):
    klasse = quizmod.widget_klasse(vraag)
    q = klasse(vraag, huidige_store(), **kw)
    return q, q.bouw()


def goed_antwoord(q):
    """Put the right answer into the controls of a question, as the browser writes it (positions in the
    order this student sees, ``q.getoond``)."""
    v = q.vraag
    if v.type == "enkelvoudig":
        q.widget.waarde = {"keuze": next(i for i, o in enumerate(q.getoond) if o.juist)}
    elif v.type == "meervoudig":
        q.widget.waarde = {"vinkjes": [o.juist for o in q.getoond]}
    elif v.type == "volgorde":
        assert q.widget.waarde["volgorde"] != [it.tekst for it in v.items], "de beginvolgorde is al goed"
        q.widget.waarde = {"volgorde": [it.tekst for it in v.items]}
    elif v.type == "koppelen":
        q.widget.waarde = {"paren": [p.rechts for p in v.paren]}
    else:
        q.widget.waarde = {"tekst": nl_getal(v.antwoord)}


def fout_antwoord(q):
    v = q.vraag
    if v.type == "enkelvoudig":
        q.widget.waarde = {"keuze": next(i for i, o in enumerate(q.getoond) if not o.juist)}
    elif v.type == "meervoudig":
        vinkjes = [not o.juist for o in q.getoond]
        q.widget.waarde = {"vinkjes": vinkjes if any(vinkjes) else [True] + vinkjes[1:]}
    elif v.type == "volgorde":
        pass  # the start order is shuffled and never right
    elif v.type == "koppelen":
        rechts = [p.rechts for p in v.paren]
        q.widget.waarde = {"paren": [rechts[(i + 1) % len(rechts)] for i in range(len(rechts))]}
    else:
        q.widget.waarde = {"tekst": nl_getal(v.antwoord + v.marge + 1000)}


# --- numbers as students type them ---------------------------------------------------------------


@pytest.mark.parametrize(
    "tekst,waarde",
    [("12,5", 12.5), ("12.5", 12.5), (" 40 ", 40), ("1.234", 1234), ("1.234,5", 1234.5), ("-3", -3), ("30,7%", 30.7), ("€ 250", 250), ("1\u00a0234", 1234), ("٣", 3)],
)
def test_dutch_numbers(tekst, waarde):
    assert lees_getal(tekst) == pytest.approx(waarde)


@pytest.mark.parametrize("tekst", ["", "   ", "veertig", "12,5,3", "1e999", "nan", "inf", "<script>", "1..2", "12 , 5 kg", "\x00"])
def test_bad_numbers_get_a_dutch_message(tekst):
    with pytest.raises(ValueError) as e:
        lees_getal(tekst)
    bericht = str(e.value)
    assert "getal" in bericht.lower() or "ingevuld" in bericht
    assert "Traceback" not in bericht


@given(st.text(max_size=50))
def test_number_parser_never_crashes(tekst):
    try:
        assert isinstance(lees_getal(tekst), float)
    except ValueError as e:
        assert str(e)  # always a message


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_dutch_format_round_trips(x):
    x = round(x, 2)
    assert lees_getal(nl_getal(x)) == pytest.approx(x, abs=0.006)


# --- every question of the course: wrong, then right, stored, restored -------------------------


@pytest.mark.parametrize("vraag", alle_vragen(), ids=lambda v: v.id)
def test_wrong_then_right_is_stored_and_restored(vraag):
    q, blok = bouw(vraag)
    assert blok is q.widget and "wl-quiz" in blok._dom_classes
    if vraag.type != "voorspel":
        fout_antwoord(q)
        q.widget.klik("controleer")
        assert "Nog niet goed" in q.widget.feedback
        assert 'role="status"' in q.widget.feedback
    goed_antwoord(q)
    q.widget.klik("controleer")
    fb = q.widget.feedback
    if vraag.type == "voorspel":
        assert "De echte waarde" in fb and q.widget.uitgeschakeld and q.widget.knop("controleer")["uit"]
    else:
        assert "Goed" in fb
    pogingen = huidige_store().pogingen(vraag.id)
    assert len(pogingen) == (1 if vraag.type == "voorspel" else 2)
    assert pogingen[-1].juist and (vraag.type == "voorspel" or not pogingen[0].juist)
    # kernel restart: a new widget shows the last answer and its feedback again
    q2, _ = bouw(vraag)
    assert "eerdere antwoord" in q2.widget.feedback


def test_show_answer_only_after_two_wrong_attempts():
    vraag = next(v for v in alle_vragen() if v.type == "enkelvoudig")
    q, _ = bouw(vraag)
    fout_antwoord(q)
    q.widget.klik("controleer")
    assert q.widget.knop("toon-antwoord")["verborgen"]
    q.widget.klik("controleer")
    assert not q.widget.knop("toon-antwoord")["verborgen"]
    q.widget.klik("toon-antwoord")
    juist = next(o for o in vraag.opties if o.juist)
    assert "Het goede antwoord" in q.widget.feedback and juist.tekst.split()[0] in q.widget.feedback


def test_incomplete_answer_is_explained_not_stored():
    for soort, bericht in [("enkelvoudig", "Kies eerst"), ("meervoudig", "Vink eerst"), ("koppelen", "Kies nog")]:
        vraag = next(v for v in alle_vragen() if v.type == soort)
        q, _ = bouw(vraag)
        q.widget.klik("controleer")
        assert bericht in q.widget.feedback
        assert huidige_store().pogingen(vraag.id) == []


def test_prediction_bounds_and_chart_callable_gets_estimate():
    vraag = next(v for v in alle_vragen() if v.type == "voorspel")
    ontvangen = []

    def grafiek(schatting):
        import plotly.graph_objects as go

        ontvangen.append(schatting)
        return go.Figure()

    q, _ = bouw(vraag, grafiek=grafiek)
    if vraag.maximum is not None:
        q.widget.waarde = {"tekst": nl_getal(vraag.maximum + 1)}
        q.widget.klik("controleer")
        assert "tussen" in q.widget.feedback and not huidige_store().pogingen(vraag.id)
    q.widget.waarde = {"tekst": "7"}
    q.widget.klik("controleer")
    assert ontvangen == [7.0]


def _getoond(uitvoer) -> str:
    """What an Output widget shows now: its captured outputs as text."""
    return " ".join(str(d) for o in uitvoer.outputs for d in (o.get("data") or {}).values()) + " ".join(
        o.get("text", "") for o in uitvoer.outputs)


def test_reveal_gate_waits_for_the_estimate_then_fills_in_place():
    """wl.na_schatting: a Dutch placeholder (also as static text) until the estimate is committed in the
    prediction above; then what it guards appears in the same place. Printed text works too."""
    vraag = next(v for v in alle_vragen() if v.type == "voorspel")
    poort = wl.na_schatting(vraag.id, lambda: print("de echte waarde: 30,7 procent"))
    tabel = wl.na_schatting(vraag.id, wl.tabel(__import__("pandas").DataFrame({"jaar": [2012], "aandeel": [30.7]})))
    assert quizmod.NOG_GEEN_SCHATTING in _getoond(poort) and "30,7" not in _getoond(poort)
    assert "30,7" not in _getoond(tabel)
    statisch = poort._repr_mimebundle_()["text/html"]
    assert quizmod.NOG_GEEN_SCHATTING in statisch and "30,7" not in statisch
    q, _ = bouw(vraag)
    q.widget.waarde = {"tekst": "7"}
    q.widget.klik("controleer")
    assert "30,7" in _getoond(poort) and quizmod.NOG_GEEN_SCHATTING not in _getoond(poort)
    assert "30,7" in _getoond(tabel)
    # run again (or reopened another day): the estimate is in the store, so it shows at once
    assert "30,7" in _getoond(wl.na_schatting(vraag.id, lambda: print("de echte waarde: 30,7 procent")))


def test_reveal_gate_refuses_what_it_cannot_wait_for():
    assert "staat niet in" in wl.na_schatting("01-bestaat-niet", "x").value
    gewone = next(v for v in alle_vragen() if v.type == "enkelvoudig")
    assert "geen voorspelvraag" in wl.na_schatting(gewone.id, "x").value


@pytest.mark.parametrize("vraag", alle_vragen(), ids=lambda v: v.id)
def test_static_fallback_never_shows_the_answer(vraag):
    _, blok = bouw(vraag)
    bundel, _ = blok._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundel
    statisch = bundel["text/html"]
    assert "Open dit notebook in JupyterLab" in statisch
    geheim = [vraag.uitleg]
    if hasattr(vraag, "opties"):
        geheim += [o.feedback for o in vraag.opties]
    if vraag.type in ("getal", "voorspel"):
        geheim.append(nl_getal(vraag.antwoord) + " " + vraag.eenheid)
    if vraag.type == "volgorde":
        # every item is shown, but never in the right order
        goed = [ui.inline(it.tekst) for it in vraag.items]
        getoond = [li for li in re.findall(r"<li>(.*?)</li>", statisch, flags=re.S) if li in goed]
        assert sorted(getoond) == sorted(goed), "de statische weergave toont niet alle items"
        assert getoond != goed, "de statische weergave zet de items in de goede volgorde"
    for g in geheim:
        assert g.strip()[:60] not in statisch


def test_unknown_question_shows_dutch_message_not_traceback():
    w = wl.quiz("01-bestaat-niet")
    assert "wl-fout" in w._dom_classes and "staat niet in" in w.value and "Wel aanwezig" in w.value
    w = wl.quiz("kapot id!")
    assert "geen geldige vraag-id" in w.value
    w = wl.reflectie("99-iets")
    assert "Er is geen vragenbank" in w.value


def test_bank_html_is_escaped(tmp_path, monkeypatch):
    """Raw HTML in a bank is shown as text, never run."""
    from conftest import COURSE_ROOT, clear_wijklab_caches
    import shutil

    kopie = tmp_path / "cursus"
    for map in ("notebooks/vragen", "data", "docs"):
        shutil.copytree(COURSE_ROOT / map, kopie / map)
    b = kopie / "notebooks/vragen/00_start.yaml"
    b.write_text(b.read_text(encoding="utf-8").replace("Sinds wanneer zijn", "<script>alert(1)</script> Sinds wanneer zijn", 1), encoding="utf-8")
    monkeypatch.setenv("WIJKLAB_CURSUS", str(kopie))
    clear_wijklab_caches()
    _, blok = bouw(bank.zoek("00-decentralisaties")[1])
    kop = blok.kop
    assert "<script>alert" not in kop and "&lt;script&gt;" in kop


# --- reflections ----------------------------------------------------------------------------------


def reflectie_opdracht():
    return next(r for b in bank.alle_banken().values() for r in b.reflecties)


def test_reflection_autosaves_after_typing_stops():
    r = reflection.ReflectieWidget(reflectie_opdracht(), huidige_store(), wacht_s=0.3)
    r.bouw()
    for deel in ["Ik", "Ik woon", "Ik woon in Overvecht."]:
        r.widget.waarde = {"tekst": deel}
        time.sleep(0.05)
    assert "wordt zo opgeslagen" in r.widget.status
    einde = time.time() + 5
    while "opgeslagen om" not in r.widget.status and time.time() < einde:
        time.sleep(0.05)
    assert "opgeslagen om" in r.widget.status
    concepten = huidige_store().concepten(r.opdracht.id)
    assert [c.tekst for c in concepten] == ["Ik woon in Overvecht."]  # debounced: one save
    # reopening (a new kernel) restores the text
    r2 = reflection.ReflectieWidget(r.opdracht, huidige_store())
    assert r2.tekst == "Ik woon in Overvecht."
    assert "opgeslagen om" in r2.widget.status
    assert "4 woorden" in r2.widget.teller


def test_reflection_model_answer_only_after_writing():
    opdracht = next(r for b in bank.alle_banken().values() for r in b.reflecties if r.modelantwoord)
    r = reflection.ReflectieWidget(opdracht, huidige_store(), wacht_s=0.1)
    assert r.widget.knop("modelantwoord-knop")["uit"]
    r.toon_model()
    assert "Schrijf eerst" in r.widget.feedback
    nodig = reflection.woorden_voor_model(opdracht)
    assert nodig == (opdracht.min_woorden or reflection.MIN_WOORDEN_MODEL)  # the target length, not 15
    r.widget.waarde = {"tekst": " ".join(["woord"] * (nodig - 1))}
    assert r.widget.knop("modelantwoord-knop")["uit"] and f"na {nodig} woorden" in r.widget.knop("modelantwoord-knop")["tekst"]
    r.widget.waarde = {"tekst": " ".join(["woord"] * nodig)}
    assert not r.widget.knop("modelantwoord-knop")["uit"]
    r.widget.klik("modelantwoord-knop")
    assert "Modelantwoord" in r.widget.feedback
    # opening the model answer saves the student's own text first
    assert huidige_store().laatste_concept(opdracht.id).tekst.startswith("woord")


def test_reflection_when_disk_refuses_keeps_text_and_offers_download(tmp_path, monkeypatch):
    (tmp_path / "bestand").write_text("x")
    monkeypatch.setenv("WIJKLAB_WERKMAP", str(tmp_path / "bestand" / "sub"))
    r = reflection.ReflectieWidget(reflectie_opdracht(), huidige_store(), wacht_s=0.1)
    r.widget.waarde = {"tekst": "Mijn tekst <b>vet</b> en 🏘️"}
    r.bewaar()
    assert "NIET opgeslagen" in r.widget.status and "download=" in r.widget.status
    assert r.tekst == "Mijn tekst <b>vet</b> en 🏘️"
    assert "<b>vet</b>" not in r.widget.status.split("href=")[0]


def test_word_count():
    assert reflection.tel_woorden("") == 0
    assert reflection.tel_woorden("Ik woon in 's-Hertogenbosch, vlak bij de Vogelaarwijk.") == 8
    assert reflection.tel_woorden("een  twee\n\ndrie") == 3


# --- progress ---------------------------------------------------------------------------------------


def test_progress_counts_answers_and_reflections():
    vraag = next(v for v in bank.alle_banken()["00"].vragen if v.type == "enkelvoudig")
    q, _ = bouw(vraag)
    goed_antwoord(q)
    q.widget.klik("controleer")
    huidige_store().bewaar_concept("00-verwachting", "Een paar woorden.")
    stand = {s.notebook: s for s in wl.voortgang().standen}
    assert stand["00"].beantwoord == 1 and stand["00"].goed == 1 and stand["00"].geschreven == 1
    html = wl.voortgang("00")._repr_html_()
    assert "1 van" in html and "<caption>" in html and "01 " not in html


def test_reflection_typed_and_undone_keeps_saved_status_and_adds_no_row():
    r = reflection.ReflectieWidget(reflectie_opdracht(), huidige_store(), wacht_s=0.1)
    r.widget.waarde = {"tekst": "Eerste versie."}
    r.bewaar()
    bewaard = r.widget.status
    assert "opgeslagen om" in bewaard
    r.widget.waarde = {"tekst": "Eerste versie!"}
    r.widget.waarde = {"tekst": "Eerste versie."}  # undone before the save fired
    assert r.bewaar() is None
    assert r.widget.status == bewaard
    assert len(huidige_store().concepten(r.opdracht.id)) == 1


# --- one widget model per question ---------------------------------------------------------------


def test_a_button_press_from_the_browser_is_handled_and_junk_is_ignored():
    """The browser sends {"knop": id} after writing the answer into `waarde`; anything else is ignored."""
    vraag = next(v for v in alle_vragen() if v.type == "enkelvoudig")
    q, w = bouw(vraag)
    for rommel in (None, "x", [], {}, {"knop": 3}, {"knop": "bestaat-niet"}, {"knop": "toon-antwoord"}):
        w._bij_bericht(w, rommel, [])
    assert w.feedback == "" and not huidige_store().pogingen(vraag.id)
    for rommel in ({"keuze": "0"}, {"keuze": True}, {"keuze": 99}, {"keuze": -1}, {"vinkjes": 5}, []):
        w.waarde = rommel if isinstance(rommel, dict) else {}
        w._bij_bericht(w, {"knop": "controleer"}, [])
        assert "Kies eerst" in w.feedback
    goed_antwoord(q)
    w._bij_bericht(w, {"knop": "controleer"}, [])
    assert "Goed" in w.feedback and len(huidige_store().pogingen(vraag.id)) == 1


@pytest.mark.parametrize("soort", ["volgorde", "koppelen", "getal", "meervoudig"])
def test_a_malformed_answer_from_the_browser_gets_a_dutch_message(soort):
    vraag = next(v for v in alle_vragen() if v.type == soort)
    q, w = bouw(vraag)
    for rommel in ({"volgorde": ["x"]}, {"volgorde": 3}, {"paren": [None]}, {"paren": {"a": 1}}, {"tekst": 12}, {"tekst": "x" * 10_000}, {"vinkjes": ["ja"]}):
        w.waarde = rommel
        w.klik("controleer")
        assert w.feedback and "Traceback" not in w.feedback
    assert not huidige_store().pogingen(vraag.id)


def test_a_failing_action_gives_a_dutch_note_not_a_traceback(monkeypatch):
    vraag = next(v for v in alle_vragen() if v.type == "enkelvoudig")
    q, w = bouw(vraag)
    goed_antwoord(q)
    monkeypatch.setattr(q.store, "bewaar_poging", lambda *a, **k: 1 / 0)
    w.klik("controleer")
    assert "Er ging iets mis" in w.feedback and "ZeroDivision" not in w.feedback


def test_the_browser_never_gets_the_answer_before_it_is_checked():
    """Everything synced to the browser before an answer is checked holds no right answer."""
    import json

    for vraag in alle_vragen():
        _, w = bouw(vraag)
        staat = json.dumps(w.get_state(), ensure_ascii=False)
        geheim = [vraag.uitleg[:60]]
        if hasattr(vraag, "opties"):
            geheim += [o.feedback[:60] for o in vraag.opties]
        if vraag.type == "volgorde":
            assert w.waarde["volgorde"] != [it.tekst for it in vraag.items]
        if vraag.type == "koppelen":
            assert [r["sleutel"] for r in w.invoer["rechts"]] != [p.rechts for p in vraag.paren]
        if vraag.type in ("getal", "voorspel"):
            geheim.append(f"{nl_getal(vraag.antwoord)} {vraag.eenheid}".strip())
        for g in geheim:
            assert g.strip() not in staat, f"{vraag.id}: '{g[:40]}' staat al in de widget"


def test_each_question_is_one_widget_model_plus_one_shared_layout():
    from ipywidgets.widgets.widget import _instances

    voor = set(_instances)
    vragen = [v for v in alle_vragen() if v.type != "voorspel"]
    for vraag in vragen:
        bouw(vraag)
    nieuw = set(_instances) - voor
    assert len(nieuw) <= len(vragen) + 1, f"{len(nieuw)} widgetmodellen voor {len(vragen)} vragen"


# --- options in an order of her own (issue 23 item 1) ------------------------------------------------

STUDENTEN = 12


def _getoonde_opties(vraag, store) -> list[str]:
    """The options as the browser draws them for this student (her order), as plain text."""
    q = quizmod.widget_klasse(vraag)(vraag, store)
    w = q.bouw()
    return [ui.platte_tekst(h) for h in w.invoer["opties"]]


def _platte_opties(vraag) -> dict[str, object]:
    return {ui.platte_tekst(ui.inline(o.tekst)): o for o in vraag.opties}


@pytest.fixture
def klas(tmp_path):
    """Twelve students: twelve stores, each with its own identity (fixed here, so the figures below are the same
    in every run; a real store draws a random one, see the next test)."""
    from wijklab.werk.store import Store

    stores = [Store(tmp_path / f"student{i}" / "wijklab.sqlite") for i in range(STUDENTEN)]
    for i, s in enumerate(stores):
        s.bewaar_instelling(quizmod.SCHUDZAAD, f"identiteit-{i}")
    return stores


def test_a_store_gets_a_random_identity_once_never_her_name(tmp_path):
    from wijklab.werk.store import Store

    s = Store(tmp_path / "wijklab.sqlite")
    s.bewaar_instelling("naam", "Sanne de Vries")
    zaad = quizmod.schudzaad(s)
    assert len(zaad) >= 16 and "Sanne" not in zaad
    assert quizmod.schudzaad(Store(s.pad)) == zaad, "de identiteit van de opslag verandert"
    assert quizmod.schudzaad(Store(tmp_path / "ander" / "wijklab.sqlite")) != zaad


def test_the_right_answer_is_not_where_habit_says_for_twelve_students(klas):
    """Before: the right single-choice answer was option 1 in 10 % of the questions, and option 1 was a right
    multiple-response answer in 82 % ('always tick the first box' paid)."""
    enkel = [v for v in alle_vragen() if v.type == "enkelvoudig"]
    meer = [v for v in alle_vragen() if v.type == "meervoudig"]
    assert len(enkel) >= 10 and len(meer) >= 5
    eerst_goed = sum(_platte_opties(v)[_getoonde_opties(v, s)[0]].juist for v in enkel for s in klas)
    aandeel = eerst_goed / (len(enkel) * len(klas))
    assert 0.15 <= aandeel <= 0.40, f"het goede antwoord staat bij {aandeel:.0%} van wat de studenten zien bovenaan"
    eerst_goed = sum(_platte_opties(v)[_getoonde_opties(v, s)[0]].juist for v in meer for s in klas)
    aandeel = eerst_goed / (len(meer) * len(klas))
    assert aandeel <= 0.60, f"optie 1 is bij {aandeel:.0%} van wat de studenten zien een goed antwoord"


def test_each_student_sees_her_own_order_and_the_same_one_every_time(klas, tmp_path):
    from wijklab.werk.store import Store

    vragen = [v for v in alle_vragen() if v.type in ("enkelvoudig", "meervoudig")]
    per_student = [[_getoonde_opties(v, s) for v in vragen] for s in klas]
    # the same student again, in a new kernel (a new Store object on her file): the same order
    opnieuw = [Store(s.pad) for s in klas[:3]]
    for i, s in enumerate(opnieuw):
        assert [_getoonde_opties(v, s) for v in vragen] == per_student[i], "dezelfde student ziet een andere volgorde"
    # between students: for every question at least two orders among the twelve
    for j, v in enumerate(vragen):
        volgordes = {tuple(per_student[i][j]) for i in range(STUDENTEN)}
        assert len(volgordes) > 1, f"{v.id}: alle studenten zien dezelfde volgorde"
        assert all(sorted(vo) == sorted(_platte_opties(v)) for vo in volgordes), v.id


def test_ordering_and_matching_start_differently_per_student_and_never_right(klas):
    volgorde = next(v for v in alle_vragen() if v.type == "volgorde")
    koppelen = next(v for v in alle_vragen() if v.type == "koppelen")
    starts, kolommen = set(), set()
    for s in klas:
        q = quizmod.widget_klasse(volgorde)(volgorde, s)
        w = q.bouw()
        assert w.waarde["volgorde"] != [it.tekst for it in volgorde.items], "de beginvolgorde is al goed"
        starts.add(tuple(w.waarde["volgorde"]))
        k = quizmod.widget_klasse(koppelen)(koppelen, s)
        kolommen.add(tuple(r["sleutel"] for r in k.bouw().invoer["rechts"]))
        assert tuple(r["sleutel"] for r in quizmod.widget_klasse(koppelen)(koppelen, s).bouw().invoer["rechts"]) in kolommen
    assert len(starts) > 1 and len(kolommen) > 1


def test_a_pinned_option_keeps_its_place_for_everyone(klas):
    import dataclasses

    v = next(v for v in alle_vragen() if v.type == "enkelvoudig" and len(v.opties) >= 4)
    laatste = dataclasses.replace(v.opties[-1], vast=True)
    vraag = dataclasses.replace(v, opties=[*v.opties[:-1], laatste])
    gezien = [_getoonde_opties(vraag, s) for s in klas]
    assert all(g[-1] == ui.platte_tekst(ui.inline(laatste.tekst)) for g in gezien)
    assert len({tuple(g) for g in gezien}) > 1, "de andere opties worden niet meer geschud"


def test_her_answer_is_stored_by_text_and_comes_back_in_her_order(klas):
    from wijklab.werk.store import Store

    v = next(v for v in alle_vragen() if v.type == "enkelvoudig")
    s = klas[5]
    q = quizmod.widget_klasse(v)(v, s)
    q.bouw()
    i = next(i for i, o in enumerate(q.getoond) if o.juist)
    q.widget.waarde = {"keuze": i}
    q.widget.klik("controleer")
    assert s.pogingen(v.id)[-1].antwoord == {"optie": q.getoond[i].tekst}
    later = quizmod.widget_klasse(v)(v, Store(s.pad))  # the next day, a new kernel
    w = later.bouw()
    assert later.getoond[w.waarde["keuze"]].tekst == q.getoond[i].tekst and "Goed" in w.feedback


def test_the_static_fallback_keeps_the_banks_order(klas):
    v = next(v for v in alle_vragen() if v.type == "enkelvoudig")
    for s in klas[:4]:
        q = quizmod.widget_klasse(v)(v, s)
        html_ = q.bouw()._fallback_html
        posities = [html_.find(ui.inline(o.tekst)) for o in v.opties]
        assert -1 not in posities and posities == sorted(posities), "de statische versie volgt de vragenbank niet"
