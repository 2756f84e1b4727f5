"""Small building blocks shared by the quiz and reflection widgets."""

from __future__ import annotations

import base64
import html
from functools import lru_cache
from pathlib import Path

import ipywidgets as widgets

# Markdown lives in the lowest layer (the content layer and the export use it too); re-exported here
from wijklab.basis.markdown import _markdown, inline, markdown, platte_tekst  # noqa: F401
from wijklab.werk.store import Opslag, Store

STATIC = Path(__file__).resolve().parents[1] / "static"

#: the one stylesheet of the course (static/wijklab.css): the question widget loads it as its ``_css``
STIJL = (STATIC / "wijklab.css").read_text(encoding="utf-8")
#: the same stylesheet for the ipywidgets blocks (the model, the name field, error blocks)
CSS = "<style>\n" + STIJL + "</style>\n"


def bronregel(sleutels: list[str]) -> str:
    if not sleutels:
        return ""
    from wijklab.inhoud.bank import BankFout, bibliografie

    try:
        bib = bibliografie()
    except BankFout:
        bib = {}
    delen = []
    for s in sleutels:
        b = bib.get(s)
        if b is None:
            delen.append(html.escape(s))
        elif b.url:
            delen.append(f'<a href="{html.escape(b.url, quote=True)}" target="_blank" rel="noopener">{html.escape(b.kort)}</a>, <i>{html.escape(b.titel)}</i>')
        else:
            delen.append(f"{html.escape(b.kort)}, <i>{html.escape(b.titel)}</i>")
    return "<p class='wl-bron'><small>Bron: " + "; ".join(delen) + "</small></p>"


def melding(soort: str, inhoud_html: str) -> str:
    """A feedback block; role=status so screen readers read it out when it appears."""
    return f'<div class="wl-{soort}" role="status" aria-live="polite">{inhoud_html}</div>'


_GEDEELD: dict[tuple, widgets.Widget] = {}


def gedeeld(klasse: type[widgets.Widget], **velden) -> widgets.Widget:
    """One Layout or Style model per kind and settings in this kernel, shared by every course widget
    that asks for it. ipywidgets makes one of each per widget, and every model is a message to the
    browser and an entry in the saved notebook (the Middelstad model went from 35 models to 21).

    A shared model is never changed afterwards: a widget that needs another look asks for another one.
    """
    sleutel = (klasse, tuple(sorted(velden.items())))
    model = _GEDEELD.get(sleutel)
    if model is None or model.comm is None:  # closed (e.g. widgets.Widget.close_all()): make a new one
        model = _GEDEELD[sleutel] = klasse(**velden)
    return model


def stijl(soort: type[widgets.DOMWidget], **velden) -> widgets.Widget:
    """The shared Style model for one kind of widget (``stijl(widgets.Checkbox, description_width="initial")``):
    each kind has its own Style class, read from the widget's ``style`` trait."""
    return gedeeld(soort.class_traits()["style"].klass, **velden)


def html_vak(waarde: str = "") -> widgets.HTML:
    """An HTML widget with the shared layout and style."""
    return widgets.HTML(value=waarde, layout=gedeeld(widgets.Layout), style=stijl(widgets.HTML))


def knop(tekst: str, klasse: str, tooltip: str = "") -> widgets.Button:
    b = widgets.Button(description=tekst, tooltip=tooltip or tekst, layout=gedeeld(widgets.Layout, width="auto"),
                       style=stijl(widgets.Button))
    b.add_class(klasse)
    return b


_GETOOND: set[str] = set()


def store_meldingen(store: Store) -> str:
    """Messages about the store, each shown once per kernel: problems (e.g. a damaged file set aside)
    as a warning, notes (e.g. that her work is kept in her own home folder) as information."""
    info = [m for m in getattr(store, "info", []) if m not in _GETOOND]
    nieuw = [m for m in store.meldingen if m not in _GETOOND]
    _GETOOND.update(info + nieuw)
    return "".join(f'<div class="wl-feedback"><div class="wl-info" role="status">{html.escape(_zin(m))}</div></div>' for m in info) + "".join(
        f'<div class="wl-waarschuwing" role="alert">{html.escape(_zin(m))}</div>' for m in nieuw
    )


def markeer_getoond(melding: str) -> None:
    """A widget shows this store message in its own words: do not repeat it in the header."""
    _GETOOND.add(melding)


def _zin(melding: str) -> str:
    """A store message as a sentence of its own (the store writes them to follow 'NIET opgeslagen: ')."""
    return melding[:1].upper() + melding[1:]


def opslag_html(opslag: Opslag, store: Store) -> str:
    """The save status, with a download of the unsaved work when saving failed.

    A store that is only busy (another notebook holds the lock) gets a calm status: the row waits in
    memory and is tried again shortly; the download is offered all the same.
    """
    if opslag.gelukt:
        return f'<span class="wl-status" role="status">✓ {html.escape(opslag.status)}</span>'
    data = base64.b64encode(store.als_download().encode("utf-8")).decode("ascii")
    download = f'<a download="wijklab_niet_opgeslagen.json" href="data:application/json;base64,{data}">'
    if getattr(opslag, "bezet", False):
        return (
            f'<span class="wl-status" role="status">{html.escape(opslag.status)} '
            f"<small>({download}download je werk</a>)</small></span>"
        )
    return (
        f'<div class="wl-waarschuwing" role="alert"><b>Let op:</b> {html.escape(opslag.status)} '
        f"{download}Download je werk (JSON)</a> en bewaar het bestand.</div>"
    )


@lru_cache(maxsize=1)
def _toetsenbord_klasse():
    import anywidget

    class Toetsenbord(anywidget.AnyWidget):
        """Invisible helper: keyboard and screen-reader support for the ipywidgets blocks (see static/toetsenbord.js)."""

        _esm = (STATIC / "toetsenbord.js").read_text(encoding="utf-8")

    return Toetsenbord


class Blok(widgets.VBox):
    """A VBox that also carries a static HTML fallback for places where widgets cannot run.

    JupyterLab draws the widget; nbconvert's HTML export (no widget state), GitHub and PDF show
    the ``text/html`` part: the question and its options, never the answer.
    """

    def __init__(self, children=(), *, fallback_html: str = "", fallback_tekst: str = "", **kwargs):
        kwargs.setdefault("layout", gedeeld(widgets.Layout))
        super().__init__([*children, _toetsenbord_klasse()(layout=gedeeld(widgets.Layout))], **kwargs)
        self._fallback_html = fallback_html
        self._fallback_tekst = fallback_tekst

    def _repr_mimebundle_(self, **kwargs):
        return met_terugval(super()._repr_mimebundle_(**kwargs), self._fallback_html, self._fallback_tekst)


def met_terugval(bundel, fallback_html: str, fallback_tekst: str):
    """A widget's mime bundle plus the static ``text/html`` and ``text/plain`` shown where widgets cannot
    run, in the bundle's own shape: a dict (ipywidgets) or anywidget's (data, metadata)."""
    if isinstance(bundel, tuple):
        data, metadata = bundel
        return {**data, "text/html": fallback_html, "text/plain": fallback_tekst}, metadata
    return {**(bundel or {}), "text/html": fallback_html, "text/plain": fallback_tekst}


def kop_html(soort: str, vraag: str, store: Store) -> str:
    """The top of a question or reflection: its kind, the question (Markdown) and the store's messages."""
    return f'<div class="wl-soort">{html.escape(soort)}</div><div class="wl-kop">{markdown(vraag)}</div>' + store_meldingen(store)


def fallback(soort: str, vraag_html: str, opties: list[str] | None = None, extra: str = "") -> str:
    lijst = ""
    if opties:
        lijst = "<ul>" + "".join(f"<li>{o}</li>" for o in opties) + "</ul>"
    return (
        f'<div class="wl-statisch" style="border-left:4px solid #1565c0;padding-left:0.8em">'
        f"<p><strong>{html.escape(soort)}</strong></p>{vraag_html}{lijst}{extra}"
        "<p><em>Open dit notebook in JupyterLab en voer de cel uit om te antwoorden.</em></p></div>"
    )


def fout_blok(tekst: str) -> widgets.HTML:
    """A visible Dutch error instead of a traceback (e.g. an unknown question id)."""
    w = html_vak(CSS + f'<div class="wl-waarschuwing" role="alert">{html.escape(tekst)}</div>')
    w.add_class("wl-fout")
    return w
