"""Schema version 2 of the portfolio: the attempts in words, estimates as estimates, a check sum."""

from __future__ import annotations

import json

import pytest

from hostile import lees_html, maak_cursus, wissel_student
from wijklab.werk.export import beschrijf_antwoord, controlegetal, exporteer


@pytest.fixture
def store(tmp_path, monkeypatch):
    maak_cursus(tmp_path / "cursus", monkeypatch)
    return wissel_student(tmp_path / "werk", monkeypatch)


def _lees(uitkomst):
    return uitkomst.html.read_text(encoding="utf-8"), json.loads(uitkomst.json.read_text(encoding="utf-8"))


def test_attempts_are_exported_in_words_with_the_wrong_options(store):
    store.bewaar_poging("01-jaartal", {"keuze": 1, "tekst": "nee"}, False, 0.0)
    store.bewaar_poging("01-jaartal", {"keuze": 0, "tekst": "ja"}, True, 1.0)
    store.bewaar_poging("02-volgorde", {"volgorde": ["tweede", "eerste", "derde"]}, False, 1 / 3)
    html, data = _lees(exporteer())
    vragen = {v["id"]: v for nb in data["notebooks"] for v in nb["vragen"]}
    jaartal = vragen["01-jaartal"]["antwoorden"]
    assert [(a["gegeven"], a["fout_gekozen"], a["juist"]) for a in jaartal] == [("nee", ["nee"], False), ("ja", [], True)]
    assert vragen["02-volgorde"]["antwoorden"][0]["gegeven"] == "tweede → eerste → derde"
    assert data["versie"] == 2


def test_an_estimate_is_shown_as_an_estimate_never_as_wrong(store):
    store.bewaar_poging("01-schatting", {"schatting": 41.5}, False, 1.0)
    html, data = _lees(exporteer())
    v = {v["id"]: v for nb in data["notebooks"] for v in nb["vragen"]}["01-schatting"]
    assert (v["echte_waarde"], v["antwoorden"][0]["getal"]) == (30.0, 41.5)
    rij = next(r for r in html.split("<tr>") if "Schat een fictief percentage" in r)
    tekst = lees_html(rij).tekst
    assert "jouw schatting 41,5, echte waarde 30 (11,5 hoger)" in tekst
    assert "niet goed" not in tekst and "buiten de marge" not in tekst


def test_the_check_sum_covers_everything_and_detects_an_edit(store):
    store.bewaar_concept("01-eigen-buurt", "mijn tekst")
    _, data = _lees(exporteer())
    assert data["controle"] == controlegetal(data)
    data["notebooks"][0]["reflecties"][0]["tekst"] = "andere tekst"
    assert data["controle"] != controlegetal(data)


@pytest.mark.parametrize("antwoord, verwacht", [
    ({"keuze": 1}, ("nee", ["nee"], None)),               # old stores: by position
    ({"keuze": "nee"}, ("nee", ["nee"], None)),           # by text
    ({"keuze": 7}, ("7", [], None)),                      # a position that no longer exists
    ({"keuzes": [0, 1]}, ("ja; nee", ["nee"], None)),
    ({"getal": 12.5}, ("12,5", [], 12.5)),
    ({"getal": float("nan")}, ("nan", [], None)),
    ("antwoord", ("antwoord", [], None)),
    ({"paren": {"a": "b"}}, ("a → b", [], None)),
    ({"onbekend": [1, 2]}, ('{"onbekend": [1, 2]}', [], None)),
])
def test_every_stored_form_is_described_without_raising(store, antwoord, verwacht):
    from wijklab.inhoud.bank import zoek

    _, vraag = zoek("01-jaartal")
    assert beschrijf_antwoord(vraag, antwoord) == verwacht


def test_export_grades_again_against_todays_bank_like_the_widget(store):
    """The stored grade is not trusted: an answer whose option no longer exists is 'veranderd'."""
    store.bewaar_poging("01-jaartal", {"optie": "een optie die niet meer bestaat"}, True, 1.0)
    store.bewaar_poging("02-volgorde", {"volgorde": ["eerste", "tweede", "derde"]}, False, 0.0)  # stored wrongly as wrong
    html, data = _lees(exporteer())
    vragen = {v["id"]: v for nb in data["notebooks"] for v in nb["vragen"]}
    jaartal = vragen["01-jaartal"]
    assert (jaartal["eerste_juist"], jaartal["ooit_juist"], jaartal["veranderd"]) == (False, False, True)
    assert jaartal["antwoorden"][0]["veranderd"] is True
    assert (vragen["02-volgorde"]["eerste_juist"], vragen["02-volgorde"]["beste_score"]) == (True, 1.0)
    assert "de vraag is veranderd sinds je antwoord" in html
