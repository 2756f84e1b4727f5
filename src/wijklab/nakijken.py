"""Checks for the test cells of the graded assignments in exercises/ (nbgrader).

A test cell calls these functions; each one returns quietly when the answer is right and otherwise
raises :class:`NakijkFout`, an ``AssertionError`` with a Dutch hint. nbgrader counts the cell as failed
(an error output), and the student sees only the hint, never a traceback (``_render_traceback_``).

    from wijklab import nakijken as nk
    wijken = nk.variabele("wijken", globals())
    nk.tabel(wijken, "wijken", kolommen=["naam"], rijen=16, per="wijk van je gemeente")

Visible hints say what is wrong with the *form* of an answer (a missing column, the number of rows,
a value outside the possible range), never the expected value itself. Hidden tests use
:func:`gelijk` with their own message. No function prints a success message: a visible test that
passes says nothing, because hidden tests may still fail.
"""

from __future__ import annotations

import math

from wijklab.fouten import CursusFout

__all__ = ["NakijkFout", "variabele", "tabel", "getal", "gelijk", "waarden_gelijk", "zelfde", "grafiek", "keuze"]


class NakijkFout(CursusFout, AssertionError):
    """A check in a test cell failed (Dutch hint for the student)."""


def _fout(tekst: str) -> NakijkFout:
    return NakijkFout(tekst)


def variabele(naam: str, ruimte: dict):
    """The value of variable `naam` in the notebook (pass ``globals()``), or a Dutch hint if it is missing."""
    if naam not in ruimte:
        raise _fout(
            f"Er is nog geen variabele '{naam}'. Schrijf je antwoord in de cel hierboven (in plaats van "
            "'raise NotImplementedError()') en voer die cel uit; voer daarna deze controlecel opnieuw uit."
        )
    return ruimte[naam]


def _is_tabel(waarde) -> bool:
    return hasattr(waarde, "columns") and hasattr(waarde, "iloc")


def tabel(waarde, naam: str, *, kolommen=(), rijen: int | None = None, per: str = "", minstens: int | None = None):
    """Check that `waarde` is a DataFrame with these columns and (optionally) this number of rows.

    `per` names what one row stands for ("wijk van je gemeente"): the hint then reads
    "je tabel heeft 3 rijen; verwacht: één rij per wijk van je gemeente".
    """
    if not _is_tabel(waarde):
        soort = type(waarde).__name__
        extra = " Een kolom (Series) maak je een tabel met dubbele haken: df[['kolom']]." if soort == "Series" else ""
        raise _fout(f"'{naam}' moet een tabel (DataFrame) zijn, maar is een {soort}.{extra}")
    ontbreekt = [k for k in kolommen if k not in waarde.columns]
    if ontbreekt:
        raise _fout(
            f"In je tabel '{naam}' ontbreekt de kolom {', '.join(repr(k) for k in ontbreekt)}. "
            f"Je tabel heeft nu: {', '.join(map(str, waarde.columns))}."
        )
    n = len(waarde)
    if rijen is not None and n != rijen:
        wat = f"één rij per {per}" if per else f"{rijen} rijen"
        richting = "Heb je te streng geselecteerd?" if n < rijen else "Staan er rijen in die er niet horen, of dubbele rijen?"
        raise _fout(f"Je tabel '{naam}' heeft {n} {'rij' if n == 1 else 'rijen'}; verwacht: {wat}. {richting}")
    if minstens is not None and n < minstens:
        raise _fout(f"Je tabel '{naam}' heeft {n} rijen; er horen er minstens {minstens} in te staan.")


def _als_getal(waarde, naam: str) -> float:
    try:
        if hasattr(waarde, "item") and getattr(waarde, "size", 1) == 1:
            waarde = waarde.item()
        if isinstance(waarde, bool):
            raise TypeError
        getal_ = float(waarde)
    except (TypeError, ValueError):
        raise _fout(
            f"'{naam}' moet één getal zijn, maar is {type(waarde).__name__}. Kies met bijvoorbeeld .sum(), .mean() "
            "of .iloc[0] één waarde."
        ) from None
    if math.isnan(getal_):
        raise _fout(f"'{naam}' is leeg (NaN). Kijk of je selectie rijen bevat en of je ontbrekende waarden overslaat.")
    return getal_


def getal(waarde, naam: str, *, laag: float | None = None, hoog: float | None = None, eenheid: str = "") -> float:
    """Check that `waarde` is one number between `laag` and `hoog` (the possible range, not the answer)."""
    x = _als_getal(waarde, naam)
    if (laag is not None and x < laag) or (hoog is not None and x > hoog):
        bereik = f"tussen {laag} en {hoog}{' ' + eenheid if eenheid else ''}"
        raise _fout(
            f"'{naam}' is {x:g}, maar dat kan niet: de waarde moet {bereik} liggen. "
            "Kijk naar de eenheid (procent of fractie?) en naar wat je deelt door wat."
        )
    return x


def gelijk(waarde, verwacht, naam: str, *, marge: float = 0.05, hint: str = "") -> None:
    """Check that `waarde` equals `verwacht` (a number, or a list of accepted numbers) within an absolute
    margin (used in hidden tests)."""
    x = _als_getal(waarde, naam)
    toegestaan = verwacht if isinstance(verwacht, (list, tuple)) else [verwacht]
    if all(abs(x - float(v)) > marge for v in toegestaan):
        raise _fout(f"'{naam}' klopt nog niet.{' ' + hint if hint else ''}")


def waarden_gelijk(reeks, verwacht, naam: str, *, marge: float = 0.05, hint: str = "") -> None:
    """Check a column or Series against expected values (same order, NaN equals NaN)."""
    a = list(reeks)
    b = list(verwacht)
    if len(a) != len(b):
        raise _fout(f"'{naam}' heeft {len(a)} waarden; verwacht: {len(b)}.{' ' + hint if hint else ''}")
    for x, y in zip(a, b):
        leeg_x = x is None or (isinstance(x, float) and math.isnan(x)) or str(x) == "<NA>"
        leeg_y = y is None or (isinstance(y, float) and math.isnan(y)) or str(y) == "<NA>"
        if leeg_x and leeg_y:
            continue
        if leeg_x != leeg_y or abs(float(x) - float(y)) > marge:
            raise _fout(f"Niet alle waarden in '{naam}' kloppen.{' ' + hint if hint else ''}")


def zelfde(waarde, verwacht, naam: str, *, hint: str = "") -> None:
    """Check that two collections hold the same items, in any order (e.g. the wijkcodes of a selection)."""
    if sorted(map(str, waarde)) != sorted(map(str, verwacht)):
        raise _fout(f"'{naam}' bevat niet de juiste rijen.{' ' + hint if hint else ''}")


def grafiek(fig, naam: str = "fig", *, sporen: int | None = None, punten: int | None = None) -> None:
    """Check a chart made with wl.charts: a plotly figure with title, source line and description."""
    if not (hasattr(fig, "layout") and hasattr(fig, "data")):
        raise _fout(
            f"'{naam}' is geen grafiek. Maak hem met een functie uit wl.charts, bijvoorbeeld wl.charts.staaf(...), "
            f"en bewaar hem in {naam} = ..."
        )
    meta = (fig.layout.meta or {}) if hasattr(fig.layout, "meta") else {}
    info = meta.get("wijklab") if isinstance(meta, dict) else None
    if not info:
        raise _fout(f"'{naam}' is niet met het cursussjabloon gemaakt. Gebruik wl.charts.staaf, wl.charts.lijn of een andere wl.charts-functie.")
    if "cbs" not in info.get("bron", "").lower() and "wijklab" not in info.get("bron", "").lower():
        raise _fout(f"De bronregel van '{naam}' noemt de bron niet. Gebruik bron=wl.bron('naam-van-de-dataset').")
    if len(info.get("alt", "").split()) < 8:
        raise _fout(f"De beschrijving (alt) van '{naam}' is te kort: zeg in minstens acht woorden wat de grafiek laat zien.")
    if sporen is not None and len(fig.data) != sporen:
        raise _fout(f"'{naam}' heeft {len(fig.data)} reeksen; verwacht: {sporen}.")
    if punten is not None:
        n = sum(len(t.x) if getattr(t, "x", None) is not None else 0 for t in fig.data)
        if n != punten:
            raise _fout(f"'{naam}' toont {n} staven of punten; verwacht: {punten} (één per rij van je tabel).")


def keuze(waarde, naam: str, opties) -> None:
    """Check that `waarde` is one of `opties` (a gemeente, a wijk); a long list gives close matches only."""
    import difflib

    opties = [str(o) for o in opties]
    if waarde in opties:
        return
    if len(opties) <= 12:
        raise _fout(f"'{naam}' is {waarde!r}; kies één van: {', '.join(map(repr, opties))}.")
    bijna = difflib.get_close_matches(str(waarde), opties, n=3)
    hint = f" Bedoel je {' of '.join(map(repr, bijna))}?" if bijna else " Let op hoofdletters en spelling, zoals in de tabel."
    raise _fout(f"'{naam}' is {waarde!r}, maar die naam staat niet in de tabel.{hint}")
