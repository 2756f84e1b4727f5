"""Wijklab: the engine behind the course *Van gemengde wijk naar inclusieve wijk*.

In a notebook::

    import wijklab as wl
    wl.quiz("01-krachtwijken")       # a question from notebooks/vragen/01_*.yaml
    wl.reflectie("01-eigen-buurt")   # an open question, saved while you type
    wl.voortgang()                   # what you have done so far
    wl.diagnose("voor")              # the diagnostic before the course ("na": after it)
    wl.exporteer()                   # your portfolio as HTML + JSON
    df = wl.data.laad("vogelaarwijken")
    wl.bron("vogelaarwijken")
    wl.tabel(df, koppen={"gemeente": "Gemeente"}, decimalen=1)   # a table with Dutch numbers

Heavy libraries (pandas, plotly, ipywidgets) are imported only when first needed.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_FUNCTIES = {
    "quiz": ("wijklab.leerling.quiz", "quiz"),
    "na_schatting": ("wijklab.leerling.quiz", "na_schatting"),
    "reflectie": ("wijklab.leerling.reflectie", "reflectie"),
    "voortgang": ("wijklab.leerling.voortgang", "voortgang"),
    "exporteer": ("wijklab.werk.export", "exporteer"),
    "bron": ("wijklab.inhoud.data", "bron"),
    "naam": ("wijklab.leerling.voortgang", "naam"),
    "middelstad_model": ("wijklab.leerling.modelwidget", "verken"),
    "tabel": ("wijklab.weergave.tabel", "tabel"),
    "diagnose": ("wijklab.leerling.diagnostiek", "diagnose"),
    "herhaling": ("wijklab.leerling.herhalen", "herhaling"),
}
# wl.data, wl.charts ...: the modules a notebook or a teacher may reach through the package name
_MODULES = {"data": "wijklab.inhoud.data", "charts": "wijklab.weergave.charts", "bank": "wijklab.inhoud.bank",
            "store": "wijklab.werk.store", "export": "wijklab.werk.export", "klas": "wijklab.docent.klas",
            "model": "wijklab.inhoud.model", "nakijken": "wijklab.docent.nakijken"}

__all__ = [*_FUNCTIES, *sorted(_MODULES)]


def __getattr__(naam: str):
    if naam in _FUNCTIES:
        module, attr = _FUNCTIES[naam]
        waarde = getattr(importlib.import_module(module), attr)
    elif naam in _MODULES:
        waarde = importlib.import_module(_MODULES[naam])
    else:
        raise AttributeError(f"wijklab heeft geen onderdeel '{naam}'")
    globals()[naam] = waarde
    return waarde


def __dir__():
    return sorted([*globals(), *__all__])
