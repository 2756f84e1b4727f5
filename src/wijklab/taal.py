"""Dutch for numbers and counts: the one place for the number format and the plural rule.

    nl_getal(1234.5)                          -> '1.234,5'
    aantal(1, "probleem", "problemen")        -> '1 probleem'
    aantal(3, "goed antwoord", "goede antwoorden") -> '3 goede antwoorden'
"""

from __future__ import annotations

import math


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
    return tekst.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    """'1 probleem', '0 problemen', '2 problemen': Dutch uses the singular only for exactly one."""
    return f"{n} {enkelvoud if n == 1 else meervoud}"


def procent(deel: float | None) -> str:
    """0.333 -> '33%'; None -> '–'."""
    return "–" if deel is None else f"{round(100 * deel)}%"
