"""Learning gain in the class overview: Hake's g per student, for the class and per core idea,
on hand-computed cases; and the page made from real exports."""

from __future__ import annotations

import pytest

from wijklab.leerling import diagnostiek as dg
from wijklab.docent.klas import NIET_TE_BEREKENEN, klasoverzicht, leerwinst_klas
from wijklab.werk.store import BESTANDSNAAM, Store


def d(voor, na, items, maximum=3):
    """A compact diagnostic as klas keeps it: (max, voor, na, ((id, vraag, voor, na), ...))."""
    return (maximum, voor, na, tuple((id, f"vraag {id}", v, n) for id, v, n in items))


def test_two_students_hand_computed():
    uit = leerwinst_klas([
        ("Anna", d(1, 3, [("a", False, True), ("b", True, True), ("c", False, True)])),
        ("Bram", d(0, 1, [("a", False, False), ("b", False, True), ("c", False, False)])),
    ])
    anna, bram = uit["studenten"]
    assert anna["g"] == pytest.approx(1.0) and anna["g_tekst"] == "1"  # (3 − 1) / (3 − 1)
    assert bram["g"] == pytest.approx(1 / 3) and bram["g_tekst"] == "0,33"
    # the class: mean before 0,5, after 2; g = (2 − 0,5) / (3 − 0,5) = 0,6
    assert uit["klas"]["g"] == pytest.approx(0.6) and uit["klas"]["g_tekst"] == "0,6"
    idee = {t["id"]: t for t in uit["ideeen"]}
    assert idee["a"]["aandeel_voor"] == 0 and idee["a"]["aandeel_na"] == 0.5 and idee["a"]["g"] == pytest.approx(0.5)
    assert idee["b"]["aandeel_voor"] == 0.5 and idee["b"]["g"] == pytest.approx(1.0)  # (1 − 0,5) / (1 − 0,5)
    assert uit["ontbreekt"] == []


def test_everyone_right_before_has_no_gain():
    alles = [("a", True, True), ("b", True, True), ("c", True, True)]
    uit = leerwinst_klas([("Anna", d(3, 3, alles)), ("Bram", d(3, 3, alles))])
    assert all(r["g"] is None and r["g_tekst"] == NIET_TE_BEREKENEN for r in uit["studenten"])
    assert uit["klas"]["g"] is None and uit["klas"]["g_tekst"] == NIET_TE_BEREKENEN
    assert all(t["g"] is None for t in uit["ideeen"])


def test_one_student_and_a_loss():
    uit = leerwinst_klas([("Anna", d(2, 1, [("a", True, False), ("b", True, True), ("c", False, False)]))])
    assert uit["studenten"][0]["g"] == pytest.approx(-1.0)  # (1 − 2) / (3 − 2)
    assert uit["klas"]["n"] == 1 and uit["klas"]["g"] == pytest.approx(-1.0)


def test_missing_posts_are_named_and_left_out_of_the_class_gain():
    uit = leerwinst_klas([
        ("Anna", d(1, 2, [("a", True, True), ("b", False, True), ("c", False, False)])),
        ("Bram", d(2, None, [("a", True, None), ("b", True, None), ("c", False, None)])),
        ("Chris", d(None, 3, [("a", None, True), ("b", None, True), ("c", None, True)])),
        ("Dewi", None),
    ])
    assert [(r["label"], r["ontbreekt"]) for r in uit["ontbreekt"]] == [
        ("Bram", "nameting"), ("Chris", "voormeting"), ("Dewi", "voormeting en nameting")]
    assert uit["klas"]["n"] == 1 and uit["klas"]["g"] == pytest.approx(0.5)
    assert {t["id"]: t["n"] for t in uit["ideeen"]} == {"a": 1, "b": 1, "c": 1}
    assert "nameting ontbreekt" in uit["studenten"][1]["g_tekst"]


def test_nobody_took_it():
    uit = leerwinst_klas([("Anna", None)])
    assert not uit["iemand"] and uit["klas"] is None and uit["ideeen"] == []


def test_class_page_from_real_exports(tmp_path, monkeypatch):
    from wijklab.werk.export import exporteer

    bank = dg.diagnose_bank()
    klasmap = tmp_path / "klas"
    for naam, goed_voor, goed_na in [("Anna", 1, 5), ("Bram", 0, None)]:
        store = Store(tmp_path / naam / BESTANDSNAAM)
        store.bewaar_instelling("naam", naam)
        for i, v in enumerate(bank.vragen):
            juist = next(o.tekst for o in v.opties if o.juist)
            fout = next(o.tekst for o in v.opties if not o.juist)
            store.bewaar_poging(dg.VOOR + v.id, {"optie": juist if i < goed_voor else fout}, False, 0.0)
            if goed_na is not None:
                store.bewaar_poging(dg.NA + v.id, {"optie": juist if i < goed_na else fout}, True, 1.0)
        uitkomst = exporteer(klasmap, store=store)
        assert uitkomst.gelukt, uitkomst.melding
    uit = klasoverzicht(klasmap, tmp_path / "k.html")
    assert uit.gelukt, uit.melding
    pagina = (tmp_path / "k.html").read_text(encoding="utf-8")
    n = len(bank.vragen)
    g = round((5 - 1) / (n - 1), 2)
    assert 'id="leerwinst"' in pagina and f"1 van {n}" in pagina and f"5 van {n}" in pagina
    assert str(g).replace(".", ",") in pagina
    assert "Bram</span> (nameting ontbreekt)" in pagina
