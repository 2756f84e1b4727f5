"""The class overview itself: read a folder of exports, write the page and the two CSV files, say what happened.

:func:`klasoverzicht` is what ``python -m wijklab klas`` (:func:`wijklab.docent.klas.main_klas`) and the demo
class (:mod:`wijklab.docent.voorbeeldklas`) call; :mod:`wijklab.docent.klas` describes the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from wijklab.basis.taal import aantal, bestandsdatum, datum_nl
from wijklab.docent import toetsanalyse
from wijklab.docent.klasbestanden import Inzending, Overgeslagen, lees_map
from wijklab.docent.klascsv import naar_csv, naar_toetsanalyse_csv
from wijklab.docent.klasrijen import (
    HULP_REGEL, _notebooks, _reflecties, _rooster, _student, _vragen_overzicht, zeker_maar_fout,
)
from wijklab.docent.leerwinst import leerwinst_klas
from wijklab.werk.pagina import render_delen, schrijf_atomair, toonbaar


@dataclass
class Klasoverzicht:
    """What :func:`klasoverzicht` made."""

    gelukt: bool
    pad: Path | None
    studenten: int
    overgeslagen: list[Overgeslagen] = field(default_factory=list)
    andere_bestanden: int = 0
    melding: str = ""
    csv: Path | None = None
    vlaggen: list[str] = field(default_factory=list)
    toetsanalyse: Path | None = None
    #: groups of exports with one student id: per file its name, student name, export date and check sum
    dubbel: list[list[dict]] = field(default_factory=list)

    def __str__(self) -> str:
        regels = [self.melding] if self.melding else []
        if self.gelukt:
            regels.append(f"Klasoverzicht van {aantal(self.studenten, 'student', 'studenten')} geschreven naar {self.pad}")
            if self.csv:
                regels.append(f"Cijferlijst voor de leeromgeving (CSV): {self.csv}")
            if self.toetsanalyse:
                regels.append(f"Toetsanalyse per vraag (CSV): {self.toetsanalyse}")
        if self.vlaggen:
            regels.append(f"{aantal(len(self.vlaggen), 'export', 'exports')} om te controleren:")
            regels += [f"  - {v}" for v in self.vlaggen]
        if self.overgeslagen:
            regels.append(f"{aantal(len(self.overgeslagen), 'bestand', 'bestanden')} overgeslagen:")
            regels += [f"  - {o.bestand}: {o.reden}" for o in self.overgeslagen]
        if self.dubbel:
            regels.append(f"LET OP: {aantal(len(self.dubbel), 'student-id staat', 'student-id’s staan')} in meer dan één export. "
                          f"{DUBBEL_UITLEG}")
            for groep in self.dubbel:
                regels.append(f"  student-id {groep[0]['id']}:")
                regels += [f"    - {d['bestand']}: naam ‘{d['naam'] or 'anoniem'}’, geëxporteerd {datum_nl(d['geexporteerd'])}, "
                           f"controlegetal {d['controlegetal']} ({d['controle']})" for d in groep]
        # a file name may hold bytes that are not UTF-8 (surrogates): keep the terminal output printable
        return toonbaar("\n".join(regels))

    __repr__ = __str__


# --- the overview ------------------------------------------------------------------------------------

#: what the teacher reads (page and command line) when exports share a student id
DUBBEL_UITLEG = (
    "Geen van deze exports telt mee in het overzicht, want het overzicht kan niet weten welke echt van de "
    "student is: een kopie met haar id kan haar werk niet stilletjes vervangen. Bekijk de bestanden (naam, "
    "datum, controlegetal; vraag het de student als je twijfelt), haal het verkeerde bestand uit de map en "
    "maak het overzicht opnieuw."
)

_CONTROLE_TEKST = {"in orde": "klopt", "bewerkt": "klopt niet: met de hand bewerkt", "geen": "geen: oudere export"}


def _dubbel_regel(inz: Inzending) -> dict:
    p = inz.portfolio
    return dict(id=p.student.id, bestand=inz.bestand.name, naam=p.student.naam.strip(), geexporteerd=p.geexporteerd,
                controlegetal=p.controle or "–", controle=_CONTROLE_TEKST.get(inz.controle, inz.controle))



def klasoverzicht(map: str | Path, uitvoer: str | Path | None = None, csv_uitvoer: str | Path | None = None, *,
                  fictief: bool = False) -> Klasoverzicht:
    """Read the exports in ``map`` and write the class overview to ``uitvoer`` and the CSV to ``csv_uitvoer``.

    Defaults: ``MAP/klasoverzicht_<datum>.html`` and ``.csv`` next to it; the item analysis goes to
    ``toetsanalyse_<datum>.csv`` next to that CSV. ``fictief`` (the demo class, :mod:`wijklab.docent.voorbeeldklas`):
    the page says so at the top and the file names hold ``fictief``. Never raises for a bad folder or
    bad files; the returned :class:`Klasoverzicht` says what happened.
    """
    map = Path(map).expanduser()
    if not map.is_dir():
        return Klasoverzicht(False, None, 0, melding=f"De map {map} bestaat niet (of is geen map). Geef de map met de JSON-bestanden van je studenten.")
    try:
        inzendingen, overgeslagen, andere, dubbel = lees_map(map)
    except OSError as e:
        return Klasoverzicht(False, None, 0, melding=f"De map {map} kan niet worden gelezen ({e.strerror or e}).")
    dubbel_regels = [[_dubbel_regel(i) for i in groep] for groep in dubbel]
    if not inzendingen and not dubbel:
        if overgeslagen:
            melding = f"Geen bruikbare exports in {map}: alle JSON-bestanden zijn overgeslagen. Er is geen klasoverzicht gemaakt."
        else:
            melding = (
                f"Er staan geen JSON-bestanden in {map}. Zet daar de bestanden portfolio_….json die je studenten "
                "met wl.exporteer() of 'python -m wijklab export' maakten (submappen worden niet gelezen)."
            )
        return Klasoverzicht(False, None, 0, overgeslagen, andere, melding, dubbel=dubbel_regels)

    nu = datetime.now().astimezone().replace(microsecond=0)
    stam = f"{'fictief_' if fictief else ''}{bestandsdatum(nu)}"
    uitvoer = Path(uitvoer).expanduser() if uitvoer else map / f"klasoverzicht_{stam}.html"
    csv_uitvoer = Path(csv_uitvoer).expanduser() if csv_uitvoer else uitvoer.with_suffix(".csv")
    toets_uitvoer = csv_uitvoer.parent / f"toetsanalyse_{stam}.csv"
    vragen = _vragen_overzicht(inzendingen)
    notebooks = _notebooks(inzendingen)
    versies = sorted({i.portfolio.cursus_versie for i in inzendingen})
    studenten = [_student(i, notebooks) for i in inzendingen]
    vlaggen = [f"{s['bestand']} ({s['label']}): {v}" for s in studenten for v in s["vlaggen"]]
    html = render_delen(
        "klas.html.j2",
        nu=nu,
        map=map.name or str(map),
        aantal=len(inzendingen),
        versies=versies,
        vragen=vragen,
        fictief=fictief,
        toets_naam=toets_uitvoer.name,
        advies=[toetsanalyse.ADVIES[k] for k in ("moeilijk", "makkelijk", "rir_laag")],
        min_rir=toetsanalyse.MIN_STUDENTEN_RIR,
        notebooks=notebooks,
        voortgang=studenten,
        rooster=_rooster(inzendingen, notebooks),
        reflecties=_reflecties(inzendingen),
        leerwinst=leerwinst_klas([(i.label, i.portfolio.diagnose) for i in inzendingen]),
        zekerheid=zeker_maar_fout(inzendingen),
        overgeslagen=overgeslagen,
        andere=andere,
        hulp_regel=HULP_REGEL,
        hulp=[s for s in studenten if s["hulp"]],
        te_controleren=[s for s in studenten if s["vlaggen"]],
        dubbel=dubbel_regels,
        dubbel_uitleg=DUBBEL_UITLEG,
        csv_naam=csv_uitvoer.name,
    )
    try:
        schrijf_atomair(uitvoer, html)
        schrijf_atomair(csv_uitvoer, naar_csv(studenten))
        schrijf_atomair(toets_uitvoer, naar_toetsanalyse_csv(vragen))
    except OSError as e:
        return Klasoverzicht(
            False, None, len(inzendingen), overgeslagen, andere,
            f"Het klasoverzicht kon niet worden opgeslagen in {uitvoer} ({e.strerror or e}). Kies met --naar een ander bestand.",
            dubbel=dubbel_regels,
        )
    return Klasoverzicht(True, uitvoer.absolute(), len(inzendingen), overgeslagen, andere, csv=csv_uitvoer.absolute(),
                         vlaggen=vlaggen, dubbel=dubbel_regels, toetsanalyse=toets_uitvoer.absolute())
