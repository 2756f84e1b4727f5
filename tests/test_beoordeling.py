"""Stable answers: grading is a pure function of question and answer, and an answer keeps its meaning
when a teacher reorders or edits a bank (real SQLite store, real widgets, a temporary course copy)."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import COURSE_ROOT, clear_wijklab_caches
from wijklab.inhoud import bank
from wijklab.inhoud import beoordeling
from wijklab.leerling import quiz as quizmod
from wijklab.inhoud.beoordeling import beoordeel
from wijklab.inhoud.soorten import SOORTEN, soort_van
from wijklab.leerling import quizsoorten
from wijklab.leerling.voortgang import stand
from wijklab.werk.store import huidige_store


@pytest.fixture
def kopie(tmp_path, monkeypatch):
    """A copy of the course content the test may edit; WIJKLAB_CURSUS points at it."""
    doel = tmp_path / "cursus"
    for map in ("notebooks/vragen", "data", "docs"):
        shutil.copytree(COURSE_ROOT / map, doel / map)
    monkeypatch.setenv("WIJKLAB_CURSUS", str(doel))
    clear_wijklab_caches()
    return doel


def bewerk_bank(kopie, vraag_id, wijzig):
    """Change one question in the copied bank (as a teacher would, in the YAML) and forget caches."""
    pad = next((kopie / "notebooks/vragen").glob(f"{vraag_id[:2]}_*.yaml"))
    data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    vraag = next(v for v in data["vragen"] if v["id"] == vraag_id)
    wijzig(vraag)
    pad.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    clear_wijklab_caches()


def eerste(soort, min_opties=3):
    return next(v for b in bank.alle_banken().values() for v in b.vragen
                if v.type == soort and len(getattr(v, "opties", [None] * 9)) >= min_opties)


def bouw(vraag_id):
    vraag = bank.zoek(vraag_id)[1]
    q = quizmod.widget_klasse(vraag)(vraag, huidige_store())
    q.bouw()
    return q


def progress_goed(vraag_id) -> int:
    return {s.notebook: s for s in stand(huidige_store())}[vraag_id[:2]].goed


# --- reordering a bank restores the same answer -------------------------------------------------


@pytest.mark.parametrize("juist", [True, False], ids=["goed", "fout"])
def test_reordering_options_restores_the_same_single_choice(kopie, juist):
    vraag = eerste("enkelvoudig")
    q = bouw(vraag.id)
    gekozen = next(i for i, o in enumerate(q.getoond) if o.juist == juist)  # a position in the order she sees
    q.widget.waarde = {"keuze": gekozen}
    q.widget.klik("controleer")
    tekst = q.getoond[gekozen].tekst
    assert json.loads(json.dumps(huidige_store().pogingen(vraag.id)[-1].antwoord)) == {"optie": tekst}

    bewerk_bank(kopie, vraag.id, lambda v: v["opties"].reverse())
    q2 = bouw(vraag.id)
    assert q2.getoond[q2.widget.waarde["keuze"]].tekst == tekst, "na het omdraaien van de opties is een ander antwoord gekozen"
    assert ("Goed" in q2.widget.feedback) == juist and ("Nog niet goed" in q2.widget.feedback) == (not juist)
    assert progress_goed(vraag.id) == int(juist)


def test_reordering_options_restores_the_same_multiple_choice(kopie):
    vraag = eerste("meervoudig")
    q = bouw(vraag.id)
    q.widget.waarde = {"vinkjes": [o.juist for o in q.getoond]}
    q.widget.klik("controleer")
    assert "Goed" in q.widget.feedback
    goed = {o.tekst for o in vraag.opties if o.juist}

    bewerk_bank(kopie, vraag.id, lambda v: v["opties"].reverse())
    q2 = bouw(vraag.id)
    assert {o.tekst for o, vak in zip(q2.getoond, q2.widget.waarde["vinkjes"]) if vak} == goed
    assert "Goed" in q2.widget.feedback
    assert progress_goed(vraag.id) == 1


# --- old stored forms keep working ------------------------------------------------------------------


def test_old_single_choice_row_is_read_by_text_after_reordering(kopie):
    vraag = eerste("enkelvoudig")
    i = next(i for i, o in enumerate(vraag.opties) if o.juist)
    huidige_store().bewaar_poging(vraag.id, {"keuze": i, "tekst": vraag.opties[i].tekst}, True, 1.0)
    bewerk_bank(kopie, vraag.id, lambda v: v["opties"].reverse())
    nieuw = bank.zoek(vraag.id)[1]
    r = beoordeel(nieuw, {"keuze": i, "tekst": vraag.opties[i].tekst}, eerder=(True, 1.0))
    assert r.juist and not r.veranderd and not r.op_positie and r.antwoord == {"optie": vraag.opties[i].tekst}
    q = bouw(vraag.id)
    assert q.getoond[q.widget.waarde["keuze"]].tekst == vraag.opties[i].tekst and "Goed" in q.widget.feedback


def test_old_rows_without_text_are_read_by_position_with_a_flag():
    vraag = eerste("meervoudig")
    posities = [i for i, o in enumerate(vraag.opties) if o.juist]
    r = beoordeel(vraag, {"keuzes": posities}, eerder=(True, 1.0))
    assert r.juist and r.op_positie and not r.veranderd
    assert set(r.antwoord["opties"]) == {o.tekst for o in vraag.opties if o.juist}
    # the store says it was right, by position it is now wrong: the options moved
    fout = [i for i, o in enumerate(vraag.opties) if not o.juist][:1]
    r = beoordeel(vraag, {"keuzes": fout}, eerder=(True, 1.0))
    assert r.veranderd and r.op_positie and not r.juist and r.reden
    enkel = eerste("enkelvoudig")
    j = next(i for i, o in enumerate(enkel.opties) if o.juist)
    assert beoordeel(enkel, {"keuze": j}, eerder=(True, 1.0)).op_positie


def test_old_multiple_choice_row_restores_in_the_widget():
    vraag = eerste("meervoudig")
    posities = [i for i, o in enumerate(vraag.opties) if o.juist]
    huidige_store().bewaar_poging(vraag.id, {"keuzes": posities}, True, 1.0)
    q = bouw(vraag.id)
    assert q.widget.waarde["vinkjes"] == [o.juist for o in q.getoond]
    assert "Goed" in q.widget.feedback


# --- a changed question is said to be changed ---------------------------------------------------


def test_changed_option_text_shows_a_dutch_note_and_beoordeel_poging_says_veranderd(kopie):
    vraag = eerste("enkelvoudig")
    q = bouw(vraag.id)
    q.widget.waarde = {"keuze": q.getoond.index(vraag.opties[0])}
    q.widget.klik("controleer")
    oud = vraag.opties[0].tekst
    bewerk_bank(kopie, vraag.id, lambda v: v["opties"][0].__setitem__("tekst", oud + " (herschreven)"))
    q2 = bouw(vraag.id)
    fb = q2.widget.feedback
    assert "Deze vraag is veranderd sinds je eerdere antwoord van" in fb
    assert "je eerdere antwoord staat nog in je werk, maar beantwoord de vraag opnieuw" in fb
    assert q2.widget.waarde["keuze"] is None and "Goed" not in fb
    poging = huidige_store().pogingen(vraag.id)[-1]
    r = beoordeling.beoordeel_poging(q2.vraag, poging)
    assert r.veranderd and not r.juist and oud[:20] in r.reden
    # she answers again and it works as usual
    q2.widget.waarde = {"keuze": next(i for i, o in enumerate(q2.getoond) if o.juist)}
    q2.widget.klik("controleer")
    assert "Goed" in q2.widget.feedback


@pytest.mark.parametrize("soort", ["volgorde", "koppelen"])
def test_changed_items_or_pairs_are_veranderd(kopie, soort):
    vraag = eerste(soort)
    if soort == "volgorde":
        antwoord = {"volgorde": [it.tekst for it in vraag.items]}
        wijzig = lambda v: v["items"][0].__setitem__("tekst", "Iets heel anders")  # noqa: E731
    else:
        antwoord = {"paren": {p.links: p.rechts for p in vraag.paren}}
        wijzig = lambda v: v["paren"][0].__setitem__("rechts", "Iets heel anders")  # noqa: E731
    assert beoordeel(vraag, antwoord).juist
    huidige_store().bewaar_poging(vraag.id, antwoord, True, 1.0)
    bewerk_bank(kopie, vraag.id, wijzig)
    nieuw = bank.zoek(vraag.id)[1]
    assert beoordeel(nieuw, antwoord).veranderd
    assert "Deze vraag is veranderd" in bouw(vraag.id).widget.feedback
    assert progress_goed(vraag.id) == 0


# --- grading is pure and never raises -----------------------------------------------------------


def alle_vragen():
    return [v for b in bank.alle_banken().values() for v in b.vragen]


@pytest.mark.parametrize("rommel", [None, 3, "x", [], {}, {"optie": 5}, {"opties": "a"}, {"keuze": True},
                                    {"keuzes": [99]}, {"volgorde": [1, 2]}, {"paren": []}, {"getal": "12"},
                                    {"getal": float("nan")}, {"schatting": float("inf")}, {"getal": True}])
def test_garbage_answers_are_veranderd_never_an_exception(rommel):
    for vraag in alle_vragen():
        r = beoordeel(vraag, rommel)
        assert r.veranderd and not r.juist and r.score == 0.0 and r.reden


def test_widget_and_grade_agree_on_every_question():
    """What the widget stores (answer, right?, score) is exactly what beoordeel() says of that answer."""
    from test_quiz import fout_antwoord, goed_antwoord

    for vraag in alle_vragen():
        q = quizmod.widget_klasse(vraag)(vraag, huidige_store())
        q.bouw()
        for zet in (fout_antwoord, goed_antwoord):
            if vraag.type == "voorspel" and zet is fout_antwoord:
                continue
            zet(q)
            q.widget.klik("controleer")
            p = huidige_store().pogingen(vraag.id)[-1]
            r = beoordeel(vraag, p.antwoord)
            assert not r.veranderd and not r.op_positie and (r.juist, r.score) == (p.juist, p.score), vraag.id
            assert r.antwoord == p.antwoord, f"{vraag.id}: opgeslagen antwoord is niet in de vaste vorm: {p.antwoord}"


def test_grading_needs_no_widgets():
    code = (
        "import sys; from wijklab.inhoud import bank, beoordeling;"
        "v = next(v for b in bank.alle_banken().values() for v in b.vragen if v.type == 'enkelvoudig');"
        "o = next(o for o in v.opties if o.juist);"
        "assert beoordeling.beoordeel(v, {'optie': o.tekst}).juist;"
        "assert 'ipywidgets' not in sys.modules, 'beoordeling importeert widgets'"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr


def test_one_registry_covers_every_type():
    """One record per declared type; its widget is a Quiz that shows the record's heading and fallback."""
    assert tuple(SOORTEN) == bank.VRAAGTYPES
    assert {s.model for s in SOORTEN.values()} == set(bank.VRAAGSOORTEN.values())
    for s in SOORTEN.values():
        module, _, naam = s.widget.partition(":")
        assert module == quizsoorten.__name__ and issubclass(getattr(quizsoorten, naam), quizmod.Quiz), s.widget
    gezien = set()
    for vraag in alle_vragen():
        s = soort_van(vraag)
        assert type(vraag) is s.model and s.naam == vraag.type
        q = quizmod.widget_klasse(vraag)(vraag, huidige_store())
        assert type(q).__name__ == s.widget.partition(":")[2]
        w = q.bouw()
        assert s.kop in w.kop and s.kop in w._fallback_html and w.soort == s.naam
        for regel in s.fallback(vraag) or []:
            assert regel in w._fallback_html
        gezien.add(s.naam)
    assert gezien == set(SOORTEN), "elke soort komt in de cursus voor, dus elke soort wordt hier getest"


def test_each_record_invents_describes_and_keys_answers_that_beoordeel_agrees_with():
    """The demo class's fictional answers, the description in the export and the answer key come from the
    type's record: a right fictional answer grades right, a wrong one wrong (an estimate is never wrong), and
    the description of an answer names what was given."""
    import random

    from wijklab.inhoud import soorten

    rng = random.Random(22)
    for vraag in alle_vragen():
        s = soort_van(vraag)
        goed, fout = (s.voorbeeld(vraag, juist, rng, {}, 0.0) for juist in (True, False))
        for antwoord, juist in ((goed, True), (fout, False)):
            r = beoordeel(vraag, antwoord)
            assert not r.veranderd and r.antwoord == antwoord, (vraag.id, antwoord)
            assert (r.score == 1.0) if s.schatting else (r.juist == juist), (vraag.id, antwoord)
            b = soorten.beschrijf(vraag, antwoord)
            assert b == s.beschrijf(vraag, antwoord) and b.gegeven and b.gegeven != "(antwoord niet leesbaar)"
            assert (b.getal is not None) == (s.naam in ("getal", "voorspel")), (vraag.id, b)
        assert soorten.beschrijf(vraag, goed).fout_gekozen == []
        if s.keuze == "een":  # a wrong single choice is a wrong option (a wrong multiple one may miss a right one)
            assert soorten.beschrijf(vraag, fout).fout_gekozen == [fout["optie"]], vraag.id
        assert s.sleutel(vraag) and all(isinstance(t, str) and t for t in s.sleutel(vraag) + s.leestekst(vraag))
    # an answer in another type's form (the question changed type) is still described by that form
    enkel = eerste("enkelvoudig")
    assert soorten.beschrijf(enkel, {"getal": 12.5}) == ("12,5", [], 12.5)
    assert soorten.beschrijf(None, {"volgorde": ["b", "a"]}) == ("b → a", [], None)


# --- the rule: a type is named only where it is declared, registered and drawn -------------------------

#: where a question type may be named: its declaration (inhoud/vraagschema.py), its record and registry
#: (inhoud/soorten/), its widget (leerling/quizsoorten.py)
WAAR_SOORTEN_WONEN = ("inhoud/vraagschema.py", "inhoud/soorten/", "leerling/quizsoorten.py")
#: the word 'getal' in another meaning, to be renamed by the naming part of issue 22 (a new use fails)
ANDERE_BETEKENIS = {
    ("docent/nakijken.py", "getal"): 3,  # the kind of a value in an autograder check
    ("weergave/charts.py", "getal"): 1,  # wl.charts.getal, the name notebooks use for taal.nl_waarde
}


def _genoemde_soorten(pad) -> list[str]:
    """The type names in a module: string literals equal to a type's name, and the declaration classes."""
    import ast
    import io
    import tokenize

    namen = set(SOORTEN)
    klassen = {s.model.__name__ for s in SOORTEN.values()}
    gevonden = []
    for t in tokenize.generate_tokens(io.StringIO(pad.read_text(encoding="utf-8")).readline):
        if t.type == tokenize.NAME and t.string in klassen:
            gevonden.append(t.string)
        elif t.type == tokenize.STRING:
            try:
                waarde = ast.literal_eval(t.string)
            except (ValueError, SyntaxError):  # an f-string
                continue
            if waarde in namen:
                gevonden.append(waarde)
    return gevonden


def test_no_module_outside_the_type_modules_names_a_type():
    """No switch on a type elsewhere: consumers ask the registry (soort_van(v).schatting, .beschrijf ...)."""
    import re
    from collections import Counter

    wortel = COURSE_ROOT / "src" / "wijklab"
    fout = []
    for pad in sorted(wortel.rglob("*.py")):
        naam = pad.relative_to(wortel).as_posix()
        if naam.startswith(WAAR_SOORTEN_WONEN):
            continue
        for woord, n in Counter(_genoemde_soorten(pad)).items():
            if n > ANDERE_BETEKENIS.get((naam, woord), 0):
                fout.append(f"{naam}: {woord!r} ({n}x)")
    soort = "|".join(SOORTEN)
    for pad in sorted((wortel / "templates").glob("*.j2")):
        for m in re.finditer(rf"""(==|!=|\bin)\s*\(?\s*["']({soort})["']""", pad.read_text(encoding="utf-8")):
            fout.append(f"templates/{pad.name}: {m.group(0)}")
    assert not fout, "een vraagsoort bij naam buiten inhoud/soorten en leerling/quizsoorten:\n" + "\n".join(fout)


def test_prediction_with_one_bound_gets_a_dutch_message_not_a_crash():
    vraag = dataclasses.replace(eerste("voorspel"), minimum=0.0, maximum=None)
    q = quizsoorten.VoorspelQuiz(vraag, huidige_store())
    q.bouw()
    q.widget.waarde = {"tekst": "-5"}
    q.widget.klik("controleer")
    assert "minstens 0" in q.widget.feedback and not huidige_store().pogingen(vraag.id)


def test_dutch_date_in_the_note():
    assert quizmod.nl_datum("2026-03-07T09:15:00+01:00") == "7 maart 2026"
    assert quizmod.nl_datum("onzin") == "onzin"



_blad = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8))
_sleutel = st.sampled_from(["optie", "opties", "keuze", "keuzes", "tekst", "volgorde", "paren", "getal", "schatting"])
_json = st.recursive(_blad, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_sleutel, inner, max_size=3)), max_leaves=8)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_beoordeel_never_raises_and_stays_in_bounds(data):
    vraag = data.draw(st.sampled_from(alle_vragen()))
    r = beoordeel(vraag, data.draw(_json))
    assert 0.0 <= r.score <= 1.0 and (r.veranderd == (r.antwoord is None))
    assert not (r.veranderd and r.juist)


def test_every_option_grades_as_its_juist_field():
    for vraag in alle_vragen():
        if vraag.type == "enkelvoudig":
            for o in vraag.opties:
                assert beoordeel(vraag, {"optie": o.tekst}).juist == o.juist
        elif vraag.type == "meervoudig":
            goed = [o.tekst for o in vraag.opties if o.juist]
            assert beoordeel(vraag, {"opties": goed}).juist and beoordeel(vraag, {"opties": list(reversed(goed))}).juist
            if len(goed) < len(vraag.opties):
                assert not beoordeel(vraag, {"opties": [o.tekst for o in vraag.opties]}).juist


def test_progress_shows_a_prediction_as_an_estimate_never_as_wrong():
    """An estimate far from the real value counts as made, not as 'not right'."""
    import wijklab as wl

    vraag = next(v for b in bank.alle_banken().values() for v in b.vragen if v.type == "voorspel")
    huidige_store().bewaar_poging(vraag.id, {"schatting": vraag.antwoord + 10 * (vraag.marge + 1)}, False, 1.0)
    s = {s.notebook: s for s in stand(huidige_store())}[vraag.id[:2]]
    assert (s.geschat, s.beantwoord, s.goed) == (1, 1, 0)
    assert s.schattingen >= 1
    html = wl.voortgang(vraag.id[:2])._repr_html_()
    assert f"<td>1 van {s.schattingen}</td>" in html and "nooit goed of fout" in html
    assert f"<td>0 van {s.vragen - s.schattingen}</td>" in html
