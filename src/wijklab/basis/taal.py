"""Dutch for numbers, counts and dates: the one place for the number format, years, dates and the plural rule.

    nl_getal(1234.5)                          -> '1.234,5'
    aantal(1, "probleem", "problemen")        -> '1 probleem'
    aantal(3, "goed antwoord", "goede antwoorden") -> '3 goede antwoorden'
    maand_jaar(2026, 2)                       -> 'februari 2026'
    datum_nl("2026-12-07T21:39:00+01:00")       -> '7 december 2026, 21:39'
"""

from __future__ import annotations

import math
import re
from datetime import datetime

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni",
           "juli", "augustus", "september", "oktober", "november", "december")


def maand_jaar(jaar: int, maand: int) -> str:
    """A month in Dutch, as in 'stand februari 2026'."""
    return f"{MAANDEN[maand - 1]} {jaar}"


def nl_getal(x: float, decimalen: int | None = None) -> str:
    """A number in Dutch notation: 1234.5 -> '1.234,5'; integers without decimals.

    Without ``decimalen`` at most two decimals are shown and trailing zeros are dropped.
    """
    x = float(x)
    if not math.isfinite(x):
        return "onbekend"
    if decimalen is None:
        if x.is_integer():
            return f"{int(x):,}".replace(",", ".")
        tekst = f"{x:,.2f}".rstrip("0").rstrip(".")
    else:
        tekst = f"{x:,.{decimalen}f}"
    return _nl_scheiding(tekst)


def aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    """'1 probleem', '0 problemen', '2 problemen': the count and its word (see `woord`)."""
    return f"{n} {woord(n, enkelvoud, meervoud)}"


def procent(deel: float | None) -> str:
    """0.333 -> '33%'; None -> '–'."""
    return "–" if deel is None else f"{round(100 * deel)}%"


def getallen(waarden) -> list[float] | None:
    """The values as floats (NaN left out), or None when they are not all numbers (categories, dates, nothing)."""
    if waarden is None:
        return None
    uit = []
    for w in list(waarden):
        if isinstance(w, bool) or w is None:
            return None
        try:
            f = float(w)
        except (TypeError, ValueError):
            return None
        if not math.isnan(f):
            uit.append(f)
    return uit or None


def is_jaartal(waarden, naam: str = "") -> bool:
    """True when the values are years: whole numbers between 1800 and 2100, or whole numbers under a
    name (axis title, column heading) that says 'jaar'. Years never get a thousands separator (2012)."""
    alle = getallen(waarden)
    if not alle or not all(g.is_integer() for g in alle):
        return False
    return all(1800 <= g <= 2100 for g in alle) or "jaar" in (naam or "").lower()


def datum_nl(waarde: datetime | str | None, met_tijd: bool = True) -> str:
    """'28 november 2026, 15:53' (or without the time); '–' for nothing, a non-date text as it is."""
    if waarde is None or waarde == "":
        return "–"
    if isinstance(waarde, str):
        try:
            waarde = datetime.fromisoformat(waarde)
        except ValueError:
            return waarde
    tekst = f"{waarde.day} {MAANDEN[waarde.month - 1]} {waarde.year}"
    return f"{tekst}, {waarde:%H:%M}" if met_tijd else tekst


# --- numbers on the portfolio and the class overview, and file names -----------------------------------

#: what a page shows for a value that is missing
STREEP = "–"


def nl_vast(x: float | None, decimalen: int = 1) -> str:
    """A number with a fixed number of decimals and a decimal comma, no thousands separator: 2.0 -> '2,0';
    None -> '–' (mean attempts, mean scores on the class overview)."""
    return STREEP if x is None else _nl_scheiding(f"{x:.{decimalen}f}")


def nl_getal_of_streep(x: float | None) -> str:
    """:func:`nl_getal`, or '–' for None."""
    return STREEP if x is None else nl_getal(x)


def bestandsdatum(waarde: datetime) -> str:
    """The date in a file name: '2026-12-08' (sorts by date, the same in every language)."""
    return f"{waarde:%Y-%m-%d}"


# --- measured values, the separators, reading a typed number, plural words, years --------------------


def nl_waarde(waarde, decimalen: int | None = None) -> str:
    """A measured value as the charts and notebooks write it: 1234567.5 -> '1.234.567,5', 33.0 -> '33',
    0.25 -> '0,25'. Without ``decimalen``: none for a whole number, one from 10 upward, else two (zeros kept:
    0.5 -> '0,50'). Nothing or NaN -> 'onbekend'; infinity -> 'oneindig' (or '-oneindig')."""
    if waarde is None:
        return "onbekend"
    x = float(waarde)
    if math.isnan(x):
        return "onbekend"
    if math.isinf(x):
        return "oneindig" if x > 0 else "-oneindig"
    if decimalen is None:
        decimalen = 0 if x.is_integer() else (1 if abs(x) >= 10 else 2)
    return _nl_scheiding(f"{x:,.{decimalen}f}")


def _nl_scheiding(tekst: str) -> str:
    """'1,234.5' (Python's notation) -> '1.234,5' (Dutch): swap the thousands and decimal separators. A
    negative number that rounds to zero loses its sign ('-0,00' -> '0,00')."""
    if tekst.startswith("-") and not any(c in "123456789" for c in tekst):
        tekst = tekst[1:]
    return tekst.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def lees_getal(tekst: str) -> float:
    """A number as a Dutch reader types it: '12,5', '1.234', '1.234,5', ' 40 ', '12.5', '-3', '45 %', '€ 12'.

    Dots followed by groups of three digits are thousands; a comma is the decimal sign. Raises ValueError
    (Dutch message) for a text that is no number and for a number too large to use.
    """
    t = (tekst or "").strip().replace("\u00a0", "").replace(" ", "").replace("%", "").replace("€", "")
    if not t:
        raise ValueError("Je hebt nog niets ingevuld. Typ een getal, bijvoorbeeld 12,5.")
    if re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+(,\d+)?", t):  # 1.234 or 1.234,5: dots are thousands
        t = t.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[-+]?\d+,\d+", t):
        t = t.replace(",", ".")
    elif not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", t):
        raise ValueError(f"'{tekst.strip()[:40]}' is geen getal. Typ alleen cijfers, met een komma voor decimalen (bijvoorbeeld 12,5).")
    waarde = float(t)
    if not math.isfinite(waarde):
        raise ValueError("Dat getal is te groot. Typ een gewoon getal.")
    return waarde


def woord(n: float, enkelvoud: str, meervoud: str) -> str:
    """The word alone that goes with a count: 'vraag' for exactly 1, else 'vragen' (see `aantal`)."""
    return enkelvoud if n == 1 else meervoud


def nl_jaar(waarde) -> str:
    """A year as Dutch writes it: 2012, never 2.012 (see `is_jaartal`)."""
    return str(int(waarde))
