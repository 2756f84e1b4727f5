"""Load the course datasets by name, typed by data/datapackage.json.

    df = wl.data.laad("vogelaarwijken")   # a pandas DataFrame
    wl.bron("vogelaarwijken")              # how to cite it
    wl.data.namen()                        # all names

The datapackage (Frictionless Data Package) is the single description of every table: its file,
column types, units, missing-value markers, source, licence and caveats. To replace a table, change
the CSV and its entry in datapackage.json; tests/test_data.py checks that they still agree.
"""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path

from wijklab.basis import paden
from wijklab.basis.fouten import CursusFout

PAKKET = "datapackage.json"


class OnbekendeDataset(CursusFout, KeyError):
    """A dataset name that is not in data/datapackage.json (message in Dutch)."""


class DataFout(CursusFout, ValueError):
    """A data file does not match its description (message in Dutch)."""


def data_map() -> Path:
    """The folder with datapackage.json (data/ in the course root)."""
    return paden.cursus_map() / "data"


@lru_cache(maxsize=4)
def _lees_pakket(pad: str, _mtime: float) -> dict:
    return json.loads(Path(pad).read_text(encoding="utf-8"))


def pakket() -> dict:
    """The parsed datapackage.json (cached until the file changes)."""
    pad = data_map() / PAKKET
    if not pad.is_file():
        raise DataFout(
            f"Het bestand {pad} ontbreekt. Open de notebook vanuit de cursusmap (met de map data/) "
            "of zet de omgevingsvariabele WIJKLAB_CURSUS op die map."
        )
    return _lees_pakket(str(pad), pad.stat().st_mtime)


def namen() -> list[str]:
    """The names of all datasets, in the order of datapackage.json."""
    return [r["name"] for r in pakket()["resources"]]


def beschrijving(naam: str) -> dict:
    """The datapackage entry (resource) of one dataset."""
    for r in pakket()["resources"]:
        if r["name"] == naam:
            return r
    raise _onbekend(naam)


def _onbekend(naam: object) -> OnbekendeDataset:
    alle = namen()
    lijst = ", ".join(alle)
    bijna = difflib.get_close_matches(str(naam), alle, n=1)
    hint = f" Bedoel je '{bijna[0]}'?" if bijna else ""
    return OnbekendeDataset(f"Er is geen dataset '{naam}'.{hint} Wel beschikbaar: {lijst}.")


def _kolom(reeks, veld: dict, naam: str):
    import pandas as pd

    soort = veld.get("type", "string")
    kolom = veld["name"]
    try:
        if soort == "integer" or soort == "year":
            return pd.to_numeric(reeks, errors="raise").astype("Int64")
        if soort == "number":
            return pd.to_numeric(reeks, errors="raise").astype("Float64")
        if soort == "boolean":
            waar = set(veld.get("trueValues", ["true", "True", "TRUE", "1"]))
            onwaar = set(veld.get("falseValues", ["false", "False", "FALSE", "0"]))
            onbekend = set(reeks.dropna()) - waar - onwaar
            if onbekend:
                raise ValueError(sorted(onbekend))
            return reeks.map(lambda v: None if pd.isna(v) else v in waar).astype("boolean")
        if soort == "date":
            return pd.to_datetime(reeks, format="%Y-%m-%d", errors="raise")
        if soort == "yearmonth":
            # first day of the month: plotly and pandas both handle datetimes well
            return pd.to_datetime(reeks, format="%Y-%m", errors="raise")
        return reeks.astype("string")
    except (ValueError, TypeError) as fout:
        raise DataFout(
            f"Kolom '{kolom}' van dataset '{naam}' past niet bij het type '{soort}' in datapackage.json ({fout})."
        ) from None


def laad(naam: str):
    """Load dataset `naam` as a pandas DataFrame, typed by its schema.

    Integers become nullable ``Int64``, numbers ``Float64``, booleans ``boolean``, text ``string``,
    dates and year-months ``datetime64`` (a year-month is the first day of that month);
    empty cells (the missing-value marker) become <NA>. ``df.attrs`` holds the name, the citation
    line (``bron``), whether the data is fictional (``fictief``) and the unit per column.
    """
    import pandas as pd

    if not isinstance(naam, str):
        raise _onbekend(naam)
    res = beschrijving(naam)
    pad = data_map() / res["path"]
    schema = res["schema"]
    ontbrekend = schema.get("missingValues", [""])
    df = pd.read_csv(
        pad, dtype=str, keep_default_na=False, na_values=ontbrekend, encoding=res.get("encoding", "utf-8")
    )
    verwacht = [v["name"] for v in schema["fields"]]
    if list(df.columns) != verwacht:
        raise DataFout(
            f"De kolommen van {res['path']} ({', '.join(df.columns)}) kloppen niet met datapackage.json "
            f"({', '.join(verwacht)})."
        )
    for veld in schema["fields"]:
        df[veld["name"]] = _kolom(df[veld["name"]], veld, naam)
    df.attrs.update(
        naam=naam,
        titel=res.get("title", naam),
        bron=bron(naam),
        fictief=bool(res.get("fictief")),
        eenheden={v["name"]: v["eenheid"] for v in schema["fields"] if v.get("eenheid")},
    )
    return df


def bron(naam: str) -> str:
    """A short Dutch citation line for dataset `naam`, e.g. 'Bron: CBS, StatLine tabel 82900NED ...'."""
    res = beschrijving(naam)
    regel = res.get("bronvermelding") or "Bron: " + "; ".join(s.get("title", "") for s in res.get("sources", []))
    if res.get("fictief") and "fictief" not in regel.lower():
        regel += " — fictief"
    return regel


def kanttekeningen(naam: str) -> list[str]:
    """The caveats of dataset `naam` (method breaks, press-sourced figures, rounding)."""
    return list(beschrijving(naam).get("kanttekeningen", []))


def eenheid(naam: str, kolom: str) -> str:
    """The unit of one column ('' if it has none)."""
    for veld in beschrijving(naam)["schema"]["fields"]:
        if veld["name"] == kolom:
            return veld.get("eenheid", "")
    raise DataFout(f"Dataset '{naam}' heeft geen kolom '{kolom}'.")
