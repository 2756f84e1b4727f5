"""The item-analysis formulas on cases computed by hand (wijklab.toetsanalyse)."""

import math

import pytest

from wijklab.toetsanalyse import MIN_STUDENTEN_RIR, analyseer, p_waarde, pearson, rir, vlaggen, voorspel_analyse, Rir

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
