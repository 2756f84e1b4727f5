"""Progress: ``wl.voortgang()`` for the whole course, ``wl.voortgang("01")`` for one notebook."""

from __future__ import annotations

import html
from dataclasses import dataclass

from wijklab.inhoud.bank import BankFout, bank_voor, banken_en_fouten
from wijklab.inhoud.beoordeling import beoordeel_poging
from wijklab.werk.concepten import tel_woorden
from wijklab.werk.store import Store, huidige_store
from wijklab.werk.telling import telling, vraagstand


@dataclass(frozen=True)
class Stand:
    notebook: str
    titel: str
    vragen: int
    beantwoord: int
    goed: int  # best attempt right (questions with a right answer; predictions are not counted)
    goed_eerste_keer: int
    reflecties: int
    geschreven: int  # reflections with at least one word
    schattingen: int = 0  # predict-then-reveal questions: an estimate is never right or wrong
    geschat: int = 0  # of those, how many she made

    @property
    def klaar(self) -> bool:
        return self.beantwoord == self.vragen and self.geschreven == self.reflecties


def _banken(nr: str | None) -> tuple[dict, list[BankFout]]:
    """The banks to report on and the problems with them: all of them, or only notebook `nr`'s bank
    (then only that file is read: the rest of the course costs ~0,1 s to read and check)."""
    if nr is None:
        return banken_en_fouten()
    try:
        return {nr: bank_voor(nr)}, []
    except BankFout as e:
        return {}, [e]


def stand(store: Store | None = None, notebook: str | None = None) -> list[Stand]:
    """Progress per notebook, in course order; with `notebook` ('01') just that notebook."""
    store = store or huidige_store()
    banken, _ = _banken(notebook)  # a broken bank leaves out only its own notebook (voortgang() says so)
    return _standen(store, banken)


def _standen(store: Store, banken: dict) -> list[Stand]:
    pogingen: dict[str, list] = {}
    for p in store.pogingen():  # diagnostic and review attempts carry a prefix: no bank question has their id
        pogingen.setdefault(p.onderdeel, []).append(p)
    concepten = store.huidige_concepten()
    uit = []
    for nr, bank in sorted(banken.items()):
        # graded again against the bank as it is now, exactly as the quiz widget does
        vragen = [vraagstand(v.type, [beoordeel_poging(v, p).juist for p in pogingen.get(v.id, [])]) for v in bank.vragen]
        woorden = [tel_woorden(concepten[r.id].tekst) if r.id in concepten else 0 for r in bank.reflecties]
        t = telling(vragen, woorden)
        uit.append(
            Stand(
                notebook=nr,
                titel=bank.titel,
                vragen=t.vragen,
                beantwoord=t.gemaakt,
                goed=t.goed,
                goed_eerste_keer=t.goed_eerste_keer,
                reflecties=t.reflecties,
                geschreven=t.geschreven,
                schattingen=t.schattingen,
                geschat=t.geschat,
            )
        )
    return uit


def _tabel(standen: list[Stand]) -> str:
    def goed(s_goed: int, vragen: int, schattingen: int) -> str:
        return f"{s_goed} van {vragen - schattingen}"

    def geschat(n: int, van: int) -> str:
        return f"{n} van {van}" if van else "—"

    rijen = []
    for s in standen:
        rijen.append(
            f"<tr><th scope='row'>{html.escape(s.notebook)} {html.escape(s.titel)}</th>"
            f"<td>{s.beantwoord} van {s.vragen}</td><td>{goed(s.goed, s.vragen, s.schattingen)}</td>"
            f"<td>{geschat(s.geschat, s.schattingen)}</td>"
            f"<td>{s.geschreven} van {s.reflecties}</td><td>{'✔ klaar' if s.klaar else 'bezig' if s.beantwoord or s.geschreven else '—'}</td></tr>"
        )
    if len(standen) > 1:
        tot = lambda veld: sum(getattr(s, veld) for s in standen)  # noqa: E731
        rijen.append(
            f"<tr><th scope='row'>Hele cursus</th><td>{tot('beantwoord')} van {tot('vragen')}</td>"
            f"<td>{goed(tot('goed'), tot('vragen'), tot('schattingen'))}</td><td>{geschat(tot('geschat'), tot('schattingen'))}</td>"
            f"<td>{tot('geschreven')} van {tot('reflecties')}</td><td></td></tr>"
        )
    return (
        "<table class='wl-voortgang'><caption>Jouw voortgang</caption><thead><tr><th scope='col'>Notebook</th>"
        "<th scope='col'>Vragen beantwoord</th><th scope='col'>Goed (uiteindelijk)</th>"
        "<th scope='col'>Voorspellingen gedaan</th><th scope='col'>Reflecties geschreven</th>"
        "<th scope='col'>Status</th></tr></thead><tbody>" + "".join(rijen) + "</tbody></table>"
        "<p><small>Een voorspelling is een schatting: die is nooit goed of fout, en telt daarom niet mee bij "
        "‘goed’. Na je schatting zie je hoe ver je van de echte waarde zat.</small></p>"
    )


class Voortgang:
    """Displays as an HTML table (also in static exports) and as plain text."""

    def __init__(self, standen: list[Stand], meldingen: list[str]):
        self.standen = standen
        self.meldingen = meldingen

    def _repr_html_(self) -> str:
        extra = "".join(f"<p role='alert'>{html.escape(m)}</p>" for m in self.meldingen)
        return (
            _tabel(self.standen)
            + extra
            + "<p><small>Voer deze cel opnieuw uit om je voortgang bij te werken. Je werk staat in de map "
            "<code>mijn_werk/</code>.</small></p>"
        )

    def __repr__(self) -> str:
        return "\n".join(
            f"{s.notebook} {s.titel}: {s.beantwoord}/{s.vragen} vragen beantwoord, {s.goed} goed, "
            f"{s.geschat}/{s.schattingen} voorspellingen, {s.geschreven}/{s.reflecties} reflecties"
            for s in self.standen
        )


def voortgang(notebook: str | None = None) -> Voortgang:
    """Your progress: per notebook and for the whole course; with a number ('01') just that notebook."""
    store = huidige_store()
    nr = None if notebook is None else str(notebook)[:2]
    banken, fouten = _banken(nr)
    standen = _standen(store, banken)
    meldingen = [
        f"Een vragenbank kon niet worden gelezen, daarom ontbreekt een deel van je voortgang hierboven (je werk is wel bewaard): {e}"
        for e in fouten
    ]
    return Voortgang(standen, meldingen + list(store.meldingen))


def naam():
    """A text box for the (optional) name that appears on your portfolio."""
    import ipywidgets as widgets

    from wijklab.leerling import ui

    store = huidige_store()
    vak = widgets.Text(
        value=store.instelling("naam", "") or "",
        placeholder="bijvoorbeeld Sanne de Vries (mag leeg blijven)",
        description="Naam op je portfolio:",
        style=ui.stijl(widgets.Text, description_width="initial"),
        layout=ui.gedeeld(widgets.Layout, width="32em"),
        continuous_update=False,
    )
    vak.add_class("wl-naam")
    status = ui.html_vak()

    def bewaar(change):
        schoon = " ".join(str(change["new"]).split())[:100]
        status.value = ui.opslag_html(store.bewaar_instelling("naam", schoon), store)

    vak.observe(bewaar, names="value")
    blok = ui.Blok(
        [ui.html_vak(ui.CSS), widgets.HBox([vak, status], layout=ui.gedeeld(widgets.Layout))],
        fallback_html="<p><em>Hier vul je in JupyterLab (optioneel) je naam in voor je portfolio.</em></p>",
        fallback_tekst="Naam voor je portfolio (optioneel)",
    )
    blok.add_class("wl-blok")
    return blok
