"""Tables a student sees: Dutch headings, Dutch numbers, no pandas index.

    wl.tabel(df, koppen={"totale_woningvoorraad": "alle woningen"}, decimalen=1)

Numbers go through the one Dutch number format (`wijklab.basis.taal.nl_getal`): 408.888 and 45,8; years
(whole numbers from 1800 to 2100, or a column whose heading says 'jaar') never get a thousands
separator; an empty cell shows as a dash. Whole-number columns never show decimals; `decimalen` sets
them for the others. (pandas' Styler can do this too, but importing it and compiling its template
cost ~0,2 s the first time in a kernel, more than the rest of such a cell.)
"""

from __future__ import annotations

import html

from wijklab.basis.fouten import CursusFout
from wijklab.basis.taal import getallen, is_jaartal, nl_getal, nl_jaar

LEEG = "–"


class TabelFout(CursusFout, ValueError):
    """wl.tabel was called with something that is not a table (Dutch message)."""


def _leeg(waarde) -> bool:
    """None, NaN, NaT and pandas' NA: an empty cell."""
    from pandas import isna

    try:
        return bool(isna(waarde))
    except (TypeError, ValueError):  # a list or other container in a cell: not empty
        return False


def _opmaak(kolom, kop: str, decimalen: int | None):
    """The formatter of one column (years as 2012, other numbers in Dutch notation, text as it is) and
    whether it is a text column (left-aligned; JupyterLab right-aligns every cell)."""
    waarden = [w for w in kolom.tolist() if not _leeg(w)]
    if str(kolom.dtype) in {"bool", "boolean"}:
        return (lambda w: LEEG if _leeg(w) else ("ja" if w else "nee")), True
    if not waarden or getallen(waarden) is None:
        return (lambda w: LEEG if _leeg(w) else str(w)), True
    if is_jaartal(waarden, kop):
        return (lambda w: LEEG if _leeg(w) else nl_jaar(w)), False
    if getattr(kolom.dtype, "kind", "") in "iu":  # whole numbers (also pandas' Int64): never decimals
        return (lambda w: LEEG if _leeg(w) else nl_getal(w, 0)), False
    return (lambda w: LEEG if _leeg(w) else nl_getal(w, decimalen)), False


class Tabel:
    """A table for the notebook: shown as HTML (and as plain text outside a browser)."""

    def __init__(self, df, koppen: dict | None = None, *, decimalen: int | dict | None = None, index: bool = False):
        if df is None or not hasattr(df, "columns") or not hasattr(df, "to_html"):
            raise TabelFout("wl.tabel verwacht een tabel (een DataFrame), bijvoorbeeld wl.tabel(wl.data.laad('vogelaarwijken')).")
        if index:
            df = df.reset_index()
        # like DataFrame.rename: headings for columns this table does not have are ignored, so one
        # `koppen` can serve every table of a notebook
        koppen = {k: v for k, v in (koppen or {}).items() if k in df.columns}
        per_kolom = decimalen if isinstance(decimalen, dict) else {}
        self.df = df.rename(columns=koppen)
        self._opmaak = {}
        self._tekst: set = set()  # text columns: left-aligned
        for oud in df.columns:
            kop = str(koppen.get(oud, oud))
            n = per_kolom.get(oud, per_kolom.get(kop)) if per_kolom else decimalen
            self._opmaak[koppen.get(oud, oud)], tekst = _opmaak(df[oud], kop, n)
            if tekst:
                self._tekst.add(koppen.get(oud, oud))

    def _cellen(self) -> list[list[str]]:
        return [[self._opmaak[k](w) for k, w in zip(self.df.columns, rij)] for rij in self.df.itertuples(index=False)]

    def _repr_html_(self) -> str:
        links = [" style='text-align:left'" if k in self._tekst else "" for k in self.df.columns]
        koppen = "".join(f"<th scope='col'{s}>{html.escape(str(k))}</th>" for k, s in zip(self.df.columns, links))
        rijen = "".join("<tr>" + "".join(f"<td{s}>{html.escape(c)}</td>" for c, s in zip(rij, links)) + "</tr>"
                        for rij in self._cellen())
        return f"<table class='wl-tabel dataframe'><thead><tr>{koppen}</tr></thead><tbody>{rijen}</tbody></table>"

    def __repr__(self) -> str:
        regels = [" | ".join(map(str, self.df.columns))]
        regels += [" | ".join(rij) for rij in self._cellen()]
        return "\n".join(regels)


def tabel(df, koppen: dict | None = None, *, decimalen: int | dict | None = None, index: bool = False) -> Tabel:
    """Show `df` as a Dutch table.

    `koppen` renames columns (Dutch headings); `decimalen` is the number of decimals for numbers that are
    not whole (one number, or per column: {"aandeel (%)": 1}); without it whole numbers show none and
    others at most two. `index=True` shows the DataFrame's index as the first column (after a groupby).
    """
    return Tabel(df, koppen, decimalen=decimalen, index=index)
