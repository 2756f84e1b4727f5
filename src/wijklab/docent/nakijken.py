"""Checks for the test cells of the graded assignments in exercises/ (nbgrader).

A test cell calls these functions; each one returns quietly when the answer is right and otherwise
raises :class:`NakijkFout`, an ``AssertionError`` with a Dutch hint. nbgrader counts the cell as failed
(an error output), and the student sees only the hint, never a traceback (``_render_traceback_``).

    from wijklab.docent import nakijken as nk
    wijken = nk.variabele("wijken", globals())
    nk.tabel(wijken, "wijken", kolommen=["naam"], rijen=16, per="wijk van je gemeente")

Visible hints say what is wrong with the *form* of an answer (a missing column, the number of rows,
a value outside the possible range), never the expected value itself. Hidden tests use
:func:`gelijk` with their own message. No function prints a success message: a visible test that
passes says nothing, because hidden tests may still fail.

Autograding with ``python3 cursus.py nakijken`` (see :mod:`wijklab.docent.nakijkronde`) does not trust the
student's kernel: before every test cell it runs :func:`lever`, which sends the values the test needs
out of the kernel as JSON (tables, series, numbers, text, charts, nothing executable). The teacher's own
process rebuilds them with :func:`ontvang` and runs the full test cell there, with a fresh import of this
module; only that outside check gives points.
"""

from __future__ import annotations

import math

from wijklab.basis.fouten import CursusFout
from wijklab.basis.taal import aantal

__all__ = ["NakijkFout", "variabele", "tabel", "getal", "gelijk", "waarden_gelijk", "zelfde", "grafiek", "keuze",
           "lever", "ontvang"]

#: the MIME type of the values :func:`lever` sends out of the student's kernel
WAARDEN_MIME = "application/vnd.wijklab.waarden+json"
#: the largest value (characters of JSON) taken out of the kernel; a larger one counts as missing
MAX_WAARDE = 5_000_000


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
        raise _fout(f"Je tabel '{naam}' heeft {aantal(n, 'rij', 'rijen')}; verwacht: {wat}. {richting}")
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


# --------------------------------------------------------------------------- values out of the kernel


class Onleesbaar:
    """A value the outside check cannot rebuild (another type, too large): the checks say what it was."""

    def __init__(self, soort: str):
        self.soort = soort

    def __repr__(self) -> str:
        return f"<{self.soort}>"


def _verpak(waarde) -> dict:
    if waarde is None:
        return {"soort": "niets"}
    if isinstance(waarde, str):
        return {"soort": "tekst", "waarde": waarde}
    if isinstance(waarde, bool):
        return {"soort": "waarheid", "waarde": waarde}
    if hasattr(waarde, "to_plotly_json") and hasattr(waarde, "layout"):
        return {"soort": "grafiek", "json": waarde.to_json()}
    if _is_tabel(waarde):
        return {"soort": "tabel", "json": waarde.to_json(orient="table")}
    if hasattr(waarde, "to_frame") and hasattr(waarde, "index"):
        return {"soort": "reeks", "naam": None if waarde.name is None else str(waarde.name),
                "json": waarde.rename("__waarde__").to_frame().to_json(orient="table")}
    if hasattr(waarde, "item") and getattr(waarde, "size", 0) == 1:
        waarde = waarde.item()
    if isinstance(waarde, (int, float)) and not isinstance(waarde, bool):
        return {"soort": "getal", "tekst": repr(float(waarde)) if isinstance(waarde, float) else str(int(waarde))}
    if isinstance(waarde, (list, tuple)) and all(isinstance(x, (str, int, float, bool)) for x in waarde):
        return {"soort": "lijst", "waarden": [_verpak(x) for x in waarde]}
    return {"soort": "anders", "type": type(waarde).__name__}


def lever(namen, ruimte: dict) -> None:
    """Send the values of `namen` from the notebook (``globals()``) out of the kernel, as JSON in an output."""
    from IPython.display import display

    waarden = {}
    for naam in namen:
        if naam in ruimte:
            try:
                pakket = _verpak(ruimte[naam])
            except Exception as fout:  # a value that cannot be written down counts as unreadable
                pakket = {"soort": "anders", "type": type(fout).__name__}
            if len(str(pakket)) > MAX_WAARDE:
                pakket = {"soort": "anders", "type": "te groot"}
            waarden[naam] = pakket
    display({WAARDEN_MIME: {"waarden": waarden}}, raw=True)


def _pak_uit(pakket: dict):
    import io

    import pandas as pd

    soort = pakket.get("soort")
    if soort == "niets":
        return None
    if soort in ("tekst", "waarheid"):
        return pakket["waarde"]
    if soort == "getal":
        tekst = str(pakket["tekst"])
        return float(tekst) if any(c in tekst.lower() for c in ".ena") else int(tekst)
    if soort == "lijst":
        return [_pak_uit(x) for x in pakket["waarden"]]
    if soort == "tabel":
        return pd.read_json(io.StringIO(pakket["json"]), orient="table")
    if soort == "reeks":
        reeks = pd.read_json(io.StringIO(pakket["json"]), orient="table")["__waarde__"]
        return reeks.rename(pakket.get("naam"))
    if soort == "grafiek":
        import plotly.io

        return plotly.io.from_json(pakket["json"], skip_invalid=True)
    return Onleesbaar(str(pakket.get("type", "onbekend")))


def ontvang(uitvoer: dict) -> dict:
    """Rebuild the values :func:`lever` sent (outside the kernel). A value that fails to rebuild is
    :class:`Onleesbaar`; nothing in `uitvoer` is ever executed."""
    waarden = {}
    for naam, pakket in (uitvoer.get("waarden") or {}).items():
        if not isinstance(pakket, dict) or len(str(pakket)) > MAX_WAARDE:
            waarden[naam] = Onleesbaar("te groot")
            continue
        try:
            waarden[str(naam)] = _pak_uit(pakket)
        except Exception:
            waarden[str(naam)] = Onleesbaar(str(pakket.get("soort", "onbekend")))
    return waarden
