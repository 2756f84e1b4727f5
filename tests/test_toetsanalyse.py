"""The item-analysis formulas on cases computed by hand (wijklab.docent.toetsanalyse)."""

import math
import re

import pytest
import yaml

from wijklab.docent.toetsanalyse import MIN_STUDENTEN_RIR, analyseer, p_waarde, pearson, rir, vlaggen, voorspel_analyse, Rir

# Textbook example: five students, three questions, every question answered.
#
#        v1 v2 v3   rest score for v1 (v2 + v3)
#   A     1  1  1   2
#   B     1  1  0   1
#   C     1  0  1   1
#   D     0  1  0   1
#   E     0  0  0   0
#
# p(v1) = 3/5 = 0,60.
# Rir(v1): x = 1,1,1,0,0 (mean 0,6); y = 2,1,1,1,0 (mean 1,0)
#   deviations x: .4 .4 .4 -.6 -.6     deviations y: 1 0 0 0 -1
#   Sxy = .4·1 + 0 + 0 + 0 + (-.6)(-1) = 1,0
#   Sxx = 3·.16 + 2·.36 = 1,2          Syy = 1 + 1 = 2
#   r = 1,0 / √(1,2 · 2) = 1 / √2,4 = 0,6455
# Rir(v3): x = 1,0,1,0,0 (mean .4); rest (v1 + v2) y = 2,2,1,1,0 (mean 1,2)
#   dev x: .6 -.4 .6 -.4 -.4           dev y: .8 .8 -.2 -.2 -1.2
#   Sxy = .48 - .32 - .12 + .08 + .48 = 0,60
#   Sxx = 2·.36 + 3·.16 = 1,2          Syy = .64+.64+.04+.04+1.44 = 2,8
#   r = 0,6 / √(1,2 · 2,8) = 0,6 / √3,36 = 0,3273
KLAS = [
    {"v1": 1, "v2": 1, "v3": 1},
    {"v1": 1, "v2": 1, "v3": 0},
    {"v1": 1, "v2": 0, "v3": 1},
    {"v1": 0, "v2": 1, "v3": 0},
    {"v1": 0, "v2": 0, "v3": 0},
]


def test_leerboekvoorbeeld_p_en_rir():
    a = analyseer(KLAS, min_studenten=3)
    assert a["v1"].p == pytest.approx(0.6)
    assert a["v1"].rir.waarde == pytest.approx(1 / math.sqrt(2.4))
    assert round(a["v1"].rir.waarde, 4) == 0.6455
    assert a["v3"].rir.waarde == pytest.approx(0.6 / math.sqrt(3.36))
    assert round(a["v3"].rir.waarde, 4) == 0.3273
    assert a["v1"].rir.n == 5


def test_pearson_met_de_hand():
    # x = 1,2,3; y = 2,4,7: Sxy = (-1)(-2.333)+0+(1)(2.667) = 5; Sxx = 2; Syy = 5.444+0.111+7.111 = 12.667
    assert pearson([1, 2, 3], [2, 4, 7]) == pytest.approx(5 / math.sqrt(2 * 38 / 3))  # Syy = 38/3
    assert pearson([1, 1, 1], [1, 2, 3]) is None  # 0/0
    assert pearson([1], [2]) is None


def test_iedereen_goed_p_is_een_en_rir_niet_te_berekenen():
    klas = [{"v1": 1, "v2": i % 2} for i in range(12)]
    a = analyseer(klas)
    assert a["v1"].p == 1.0
    assert a["v1"].rir.waarde is None
    assert a["v1"].rir.reden.startswith("niet te berekenen")
    assert "iedereen had deze vraag goed" in a["v1"].rir.reden
    assert a["v1"].vlaggen == ("makkelijk",)


def test_gelijke_restscore_niet_te_berekenen():
    klas = [{"v1": i % 2, "v2": 1} for i in range(12)]
    r = rir("v1", klas)
    assert r.waarde is None and "dezelfde score op de andere vragen" in r.reden


def test_klas_van_een_student():
    a = analyseer([{"v1": 1, "v2": 0}])
    assert a["v1"].p == 1.0 and a["v2"].p == 0.0
    assert a["v1"].rir.waarde is None
    assert a["v1"].rir.reden == f"te weinig studenten (1; minstens {MIN_STUDENTEN_RIR} nodig)"


def test_ontbrekende_antwoorden_tellen_niet_als_fout():
    # student F skipped v1: she is left out of p(v1) and Rir(v1); for v2 her rest is v3 only (share).
    klas = KLAS + [{"v2": 1, "v3": 1}]
    a = analyseer(klas, min_studenten=3)
    assert a["v1"].n == 5 and a["v1"].p == pytest.approx(0.6)
    assert a["v1"].rir.waarde == pytest.approx(1 / math.sqrt(2.4))  # unchanged
    assert a["v2"].n == 6 and a["v2"].p == pytest.approx(4 / 6)
    # a student who answered only one question has no rest score: she counts for p, not for the Rir
    alleen = KLAS + [{"v1": 1}]
    b = analyseer(alleen, min_studenten=3)
    assert b["v1"].n == 6 and b["v1"].p == pytest.approx(4 / 6)
    assert b["v1"].rir.n == 5 and b["v1"].rir.waarde == pytest.approx(1 / math.sqrt(2.4))
    assert p_waarde([None, None]) is None


def test_rest_als_aandeel_is_bij_volledige_antwoorden_de_gewone_rir():
    # the share right on the other questions = sum / 2 here: the correlation is the same
    x = [s["v1"] for s in KLAS]
    som = [s["v2"] + s["v3"] for s in KLAS]
    assert rir("v1", KLAS, 3).waarde == pytest.approx(pearson(x, som))


def test_vlaggen_en_opties():
    assert vlaggen(0.29, Rir(0.5, 20)) == ("moeilijk",)
    assert vlaggen(0.30, Rir(0.20, 20)) == ()
    assert vlaggen(0.91, Rir(0.19, 20)) == ("makkelijk", "rir_laag")
    assert vlaggen(0.5, Rir(None, 3, "te weinig studenten")) == ()
    a = analyseer(KLAS, {"v1": [("Ja",), ("Ja",), ("Ja",), ("Nee",), ("Ja", "Nee")]}, min_studenten=3)
    assert a["v1"].opties == (("Ja", 4), ("Nee", 2))


def test_voorspellingen():
    # estimates 8, 10, 13, 20 for a real value of 10 (margin 2): |dev| = 2, 0, 3, 10 -> median 2,5
    v = voorspel_analyse([8, 10, 13, 20], 10, [True, True, False, False])
    assert v.mediaan_afwijking == pytest.approx(2.5)
    assert v.binnen_marge == 0.5 and v.hoger == 2 and v.lager == 1
    leeg = voorspel_analyse([], 10, [])
    assert leeg.mediaan_afwijking is None and leeg.binnen_marge is None


# --- in the class overview: the same numbers, through the real store, export and klas -------------------

def _optie(tekst: str, juist: bool = False) -> dict:
    return {"tekst": tekst, "juist": juist, "feedback": "Goed." if juist else "Niet goed."}


#: three single-choice questions and a prediction in notebook 01 (fictional test content)
BANK_TOETS = yaml.safe_dump({
    "notebook": "01_gemengde_wijk",
    "titel": "De gemengde wijk",
    "vragen": [
        {"id": f"01-v{i}", "type": "enkelvoudig", "bloom": "onthouden", "vraag": f"Fictieve vraag {i}?",
         "opties": [_optie("ja", True), _optie("nee"), _optie("misschien")], "uitleg": "Testuitleg."}
        for i in (1, 2, 3)
    ] + [{"id": "01-schatting", "type": "voorspel", "bloom": "begrijpen", "vraag": "Schat een fictief percentage.",
          "antwoord": 30, "marge": 3, "uitleg": "Testuitleg."}],
    "reflecties": [],
}, allow_unicode=True, sort_keys=False)


@pytest.fixture
def toetsklas(tmp_path, monkeypatch):
    """The textbook class twice (ten students: enough for a Rir), one more who skipped v1 and v3."""
    from hostile import exporteer_student, maak_cursus
    from wijklab.inhoud import bank

    cursus = maak_cursus(tmp_path / "cursus", monkeypatch)
    (cursus / "notebooks" / "vragen" / "01_gemengde_wijk.yaml").write_text(BANK_TOETS, encoding="utf-8")
    bank.alle_banken.cache_clear()
    map = tmp_path / "klas"
    schattingen = [24, 30, 31, 40, 36]
    for ronde in (1, 2):
        for nr, scores in enumerate(KLAS):
            pogingen = []
            for v, goed in scores.items():
                fout = "nee" if nr % 2 else "misschien"
                pogingen.append((f"01-{v}", {"optie": "ja" if goed else fout}, bool(goed)))
            pogingen.append(("01-schatting", {"schatting": schattingen[nr]}, abs(schattingen[nr] - 30) <= 3))
            exporteer_student(tmp_path, monkeypatch, map, f"s{ronde}{nr}", f"Student {ronde}{nr}", pogingen=pogingen)
    exporteer_student(tmp_path, monkeypatch, map, "s99", "Student 99", pogingen=[("01-v2", {"optie": "nee"}, False)])
    return map


def test_klasoverzicht_toont_p_rir_keuzes_en_schrijft_csv(toetsklas):
    import csv

    from hostile import lees_html, sectie
    from wijklab.docent.klas import klasoverzicht

    uitkomst = klasoverzicht(toetsklas)
    assert uitkomst.gelukt and uitkomst.toetsanalyse.name.startswith("toetsanalyse_")
    assert uitkomst.toetsanalyse.parent == uitkomst.csv.parent
    moeilijk = lees_html(sectie(uitkomst.pad.read_text(encoding="utf-8"), "moeilijk")).tekst
    # v1: 6 of 10 right (the student who skipped it is not counted); Rir = 1/√2,4 = 0,65 (see above)
    assert re.search(r"\(01-v1\)\s*01 De gemengde wijk\s*10 van 11\s*60%\s*1,0\s*.*?0,65", moeilijk, re.S), moeilijk
    # v3: Rir 0,6/√3,36 = 0,33
    assert re.search(r"\(01-v3\).*?0,33\s", moeilijk, re.S)
    # options of the first attempt by text, the key marked; students D and E chose 'nee' and 'misschien', in both rounds
    v1 = moeilijk.split("(01-v1)")[1].split("(01-v")[0]
    assert re.search(r"Gekozen bij de eerste poging:\s*60% ✔ ja \(6×\)\s*20% misschien \(2×\)\s*20% nee \(2×\)", v1), v1
    # v2: 11 students, Student 99's only answer has no rest: she counts for p, the Rir keeps 10
    rijen = {r["vraag_id"]: r for r in csv.DictReader(uitkomst.toetsanalyse.open(encoding="utf-8"))}
    assert (rijen["01-v2"]["gemaakt"], rijen["01-v2"]["eerste_keer_goed"], rijen["01-v2"]["p_waarde"]) == ("11", "6", "0,55")
    assert rijen["01-v2"]["rir_studenten"] == "10"
    assert rijen["01-v1"]["rir"] == "0,65" and rijen["01-v1"]["p_waarde"] == "0,60"
    assert "[juist] ja: 6 (60%)" in rijen["01-v1"]["keuzes_eerste_poging"]
    # the prediction: |24-30|,0,1,10,6 twice -> median 6; within the margin (±3): 30 and 31 -> 4 of 10
    s = rijen["01-schatting"]
    assert (s["schattingen"], s["mediaan_afwijking"], s["binnen_marge"], s["p_waarde"], s["rir"]) == ("10", "6", "0,40", "", "")
    assert "4 van de 10 schattingen lagen binnen de marge van de vraag" in moeilijk


def test_te_weinig_studenten_geen_getal_en_signalen(tmp_path, monkeypatch):
    from hostile import exporteer_student, lees_html, maak_cursus, sectie
    from wijklab.inhoud import bank
    from wijklab.docent.klas import klasoverzicht

    cursus = maak_cursus(tmp_path / "cursus", monkeypatch)
    (cursus / "notebooks" / "vragen" / "01_gemengde_wijk.yaml").write_text(BANK_TOETS, encoding="utf-8")
    bank.alle_banken.cache_clear()
    map = tmp_path / "klas"
    exporteer_student(tmp_path, monkeypatch, map, "een", "Een", pogingen=[
        ("01-v1", {"optie": "ja"}, True), ("01-v2", {"optie": "nee"}, False), ("01-v3", {"optie": "ja"}, True)])
    moeilijk = lees_html(sectie(klasoverzicht(map).pad.read_text(encoding="utf-8"), "moeilijk")).tekst
    assert "te weinig studenten (1; minstens 10 nodig)" in moeilijk
    assert "Signaal: p-waarde onder 0,30." in moeilijk and "Signaal: p-waarde boven 0,90." in moeilijk
