"""wijklab.basis.taal: the one home of Dutch numbers, dates, months and plurals (issue 22)."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest

from wijklab.basis import taal

# --- numbers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("x, verwacht", [
    (0, "0"), (0.0, "0"), (-0.0, "0"), (1, "1"), (-1, "-1"), (1234, "1.234"), (-1234.5, "-1.234,5"),
    (1234567.5, "1.234.567,5"), (2312981, "2.312.981"), (0.25, "0,25"), (0.1, "0,1"), (12.50, "12,5"),
    (1e16, "10.000.000.000.000.000"), (-0.004, "0"), (0.005, "0,01"),
])
def test_nl_getal_writes_a_decimal_comma_and_a_thousands_dot_with_at_most_two_decimals(x, verwacht):
    assert taal.nl_getal(x) == verwacht


@pytest.mark.parametrize("x, decimalen, verwacht", [
    (1234.5, 0, "1.234"), (1235.5, 0, "1.236"), (2.5, 0, "2"), (3.5, 0, "4"),  # an exact half: to the even digit
    (0.125, 2, "0,12"), (0.375, 2, "0,38"), (45.75, 1, "45,8"), (-45.75, 1, "-45,8"),
    (7, 2, "7,00"), (-0.0, 1, "0,0"), (-0.04, 1, "0,0"), (1234567.891, 2, "1.234.567,89"),
])
def test_nl_getal_with_a_fixed_number_of_decimals(x, decimalen, verwacht):
    assert taal.nl_getal(x, decimalen) == verwacht


@pytest.mark.parametrize("x", [math.nan, math.inf, -math.inf])
def test_nl_getal_says_onbekend_for_what_is_no_number(x):
    assert taal.nl_getal(x) == "onbekend" and taal.nl_getal(x, 1) == "onbekend"


@pytest.mark.parametrize("x, verwacht", [
    (1234567.5, "1.234.567,5"), (33.0, "33"), (33, "33"), (0.25, "0,25"), (0.5, "0,50"), (12.25, "12,2"),
    (12.35, "12,3"), (-7.25, "-7,25"), (-12.5, "-12,5"), (2312981, "2.312.981"), (0, "0"), (-0.0, "0"),
    (-0.004, "0,00"), (1e15 + 0.5, "1.000.000.000.000.000,5"),
    (None, "onbekend"), (math.nan, "onbekend"), (math.inf, "oneindig"), (-math.inf, "-oneindig"),
])
def test_nl_waarde_writes_a_measured_value_as_the_charts_do(x, verwacht):
    assert taal.nl_waarde(x) == verwacht


def test_nl_waarde_with_decimals_and_the_charts_name_for_it():
    assert taal.nl_waarde(45.678, 1) == "45,7" and taal.nl_waarde(2, 1) == "2,0" and taal.nl_waarde(1999.5, 0) == "2.000"
    from wijklab.weergave import charts

    assert charts.getal is taal.nl_waarde  # the notebooks' wl.charts.getal is this one formatter


@pytest.mark.parametrize("tekst, verwacht", [
    ("12,5", 12.5), ("1.234", 1234.0), ("1.234,5", 1234.5), (" 40 ", 40.0), ("12.5", 12.5), ("-3", -3.0),
    ("+0,25", 0.25), ("45 %", 45.0), ("€ 12", 12.0), ("1\u00a0000", 1000.0), ("0", 0.0), (".5", 0.5),
])
def test_lees_getal_reads_a_number_as_a_dutch_reader_types_it(tekst, verwacht):
    assert taal.lees_getal(tekst) == verwacht


@pytest.mark.parametrize("tekst, fragment", [
    ("", "nog niets ingevuld"), ("   ", "nog niets ingevuld"), ("twaalf", "geen getal"), ("1,2,3", "geen getal"),
    ("nan", "geen getal"), ("inf", "geen getal"), ("9" * 400, "te groot"),
])
def test_lees_getal_refuses_what_is_no_number_in_dutch(tekst, fragment):
    with pytest.raises(ValueError, match=fragment):
        taal.lees_getal(tekst)


@pytest.mark.parametrize("deel, verwacht", [
    (None, "–"), (0, "0%"), (0.333, "33%"), (1, "100%"), (1.5, "150%"), (-0.1, "-10%"),
    (0.125, "12%"), (0.135, "14%"),  # halves: Python's rounding (to the even whole number)
])
def test_procent(deel, verwacht):
    assert taal.procent(deel) == verwacht


def test_nl_jaar_and_is_jaartal_never_a_thousands_separator():
    assert taal.nl_jaar(2012) == "2012" and taal.nl_jaar(2012.0) == "2012" and taal.nl_jaar(1800) == "1800"
    assert taal.is_jaartal([2012, 2013.0]) and not taal.is_jaartal([2012, 2013.5])
    assert taal.is_jaartal([1, 2, 3], "Jaar") and not taal.is_jaartal([1, 2, 3], "aantal")
    assert taal.is_jaartal(["2012"]) and not taal.is_jaartal(["Amsterdam"]) and not taal.is_jaartal([]) and not taal.is_jaartal(None)


def test_getallen_are_all_numbers_or_none():
    assert taal.getallen([1, 2.5, math.nan]) == [1.0, 2.5]
    assert taal.getallen([1, "a"]) is None and taal.getallen([True]) is None and taal.getallen([math.nan]) is None


# --- plurals --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n, verwacht", [(0, "0 vragen"), (1, "1 vraag"), (2, "2 vragen"), (-1, "-1 vragen"),
                                         (1000, "1000 vragen")])
def test_aantal_uses_the_singular_only_for_exactly_one(n, verwacht):
    assert taal.aantal(n, "vraag", "vragen") == verwacht


@pytest.mark.parametrize("n, verwacht", [(0, "wijken"), (1, "wijk"), (1.0, "wijk"), (2, "wijken"), (0.5, "wijken")])
def test_woord_is_the_word_alone(n, verwacht):
    assert taal.woord(n, "wijk", "wijken") == verwacht


# --- months and dates -----------------------------------------------------------------------------------


def test_maand_jaar_names_every_month_in_dutch():
    assert [taal.maand_jaar(2026, m) for m in (1, 3, 12)] == ["januari 2026", "maart 2026", "december 2026"]
    assert len(taal.MAANDEN) == 12 and all(m == m.lower() for m in taal.MAANDEN)


@pytest.mark.parametrize("waarde, met_tijd, verwacht", [
    ("2026-12-07T21:39:00+01:00", True, "7 december 2026, 21:39"),
    ("2026-01-01T00:05:00", True, "1 januari 2026, 00:05"),
    (datetime(2026, 2, 28, 15, 53), False, "28 februari 2026"),
    (date(2026, 5, 1), False, "1 mei 2026"),
    (None, True, "–"), ("", True, "–"), ("geen datum", True, "geen datum"),
])
def test_datum_nl(waarde, met_tijd, verwacht):
    assert taal.datum_nl(waarde, met_tijd=met_tijd) == verwacht
