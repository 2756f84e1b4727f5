"""The teacher's class overview: a folder of students' JSON exports in, one HTML page out.

On the command line (the CLI calls :func:`main_klas`)::

    python -m wijklab klas MAP [--naar BESTAND]

Only the ``*.json`` files directly in ``MAP`` are read (not in subfolders), so a teacher can keep
old rounds in a subfolder. Every file is checked against the portfolio schema
(:class:`wijklab.export.Portfolio`, schema ``wijklab-portfolio`` version 1). A file that cannot be
used is skipped and listed with a Dutch reason: empty, too large (> 20 MB), not readable, not
UTF-8, not JSON, cut off, not a Wijklab portfolio, another schema version, content that does not
fit the schema, or a second export of a student already read (the newest export counts).
Two different students with the same name are both kept; their file name tells them apart.

The page shows per question the share correct at the first attempt and the mean number of
attempts (hardest first), per student what is done per notebook, and per reflection prompt all
students' texts side by side. Student text is always escaped (Jinja2 autoescape).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from .export import SCHEMA, VERSIE, Portfolio, render, schrijf_atomair, toonbaar
from .fouten import PYDANTIC_NL

MAX_GROOTTE = 20 * 1024 * 1024  # bytes


class OngeldigeExport(ValueError):
    """A file that is not a usable portfolio export; the message is the Dutch reason."""


@dataclass(frozen=True)
class Overgeslagen:
    bestand: str
    reden: str


@dataclass(frozen=True)
class Inzending:
    bestand: Path
    portfolio: Portfolio
    label: str = ""


@dataclass
class Klasoverzicht:
    """What :func:`klasoverzicht` made."""

    gelukt: bool
    pad: Path | None
    studenten: int
    overgeslagen: list[Overgeslagen] = field(default_factory=list)
    andere_bestanden: int = 0
    melding: str = ""

    def __str__(self) -> str:
        regels = [self.melding] if self.melding else []
        if self.gelukt:
            regels.append(f"Klasoverzicht van {self.studenten} {'student' if self.studenten == 1 else 'studenten'} geschreven naar {self.pad}")
        if self.overgeslagen:
            regels.append(f"{len(self.overgeslagen)} {'bestand' if len(self.overgeslagen) == 1 else 'bestanden'} overgeslagen:")
            regels += [f"  - {o.bestand}: {o.reden}" for o in self.overgeslagen]
        # a file name may hold bytes that are not UTF-8 (surrogates): keep the terminal output printable
        return toonbaar("\n".join(regels))

    __repr__ = __str__




def lees_export(pad: Path) -> Portfolio:
    """Read and validate one export; raise :class:`OngeldigeExport` with a Dutch reason."""
    try:
        grootte = pad.stat().st_size
    except OSError:
        raise OngeldigeExport("het bestand kan niet worden gelezen") from None
    if not pad.is_file():
        raise OngeldigeExport("dit is geen bestand (maar bijvoorbeeld een map)")
    if grootte == 0:
        raise OngeldigeExport("het bestand is leeg")
    if grootte > MAX_GROOTTE:
        raise OngeldigeExport(f"het bestand is te groot ({grootte / 1024 / 1024:.0f} MB; de grens is 20 MB)")
    try:
        ruw = pad.read_bytes()
    except OSError:
        raise OngeldigeExport("het bestand kan niet worden gelezen (geen leesrechten?)") from None
    try:
        tekst = ruw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OngeldigeExport("dit is geen JSON-bestand (het is geen UTF-8-tekst); is het wel een export van wijklab?") from None
    if not tekst.strip():
        raise OngeldigeExport("het bestand is leeg")
    try:
        data = json.loads(tekst)
    except json.JSONDecodeError as e:
        if e.msg.startswith("Unterminated string") or e.pos >= len(tekst.rstrip()):
            raise OngeldigeExport("het bestand is afgebroken (onvolledig); vraag de student opnieuw te exporteren") from None
        raise OngeldigeExport(f"dit is geen geldige JSON (regel {e.lineno}, kolom {e.colno})") from None
    except RecursionError:
        raise OngeldigeExport("dit is geen wijklab-portfolio (de JSON is veel te diep genest)") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise OngeldigeExport("dit is geen wijklab-portfolio (verkeerd schema)")
    versie = data.get("versie")
    if versie != VERSIE:
        if isinstance(versie, int) and not isinstance(versie, bool) and versie > VERSIE:
            raise OngeldigeExport(f"gemaakt met een nieuwere versie van wijklab (schemaversie {versie}); werk wijklab bij om dit bestand te lezen")
        raise OngeldigeExport(f"onbekende schemaversie ({str(versie)[:20]}); deze wijklab leest versie {VERSIE}")
    try:
        return Portfolio.model_validate(data)
    except ValidationError as e:
        fouten = e.errors()
        delen = []
        for fout in fouten[:3]:
            veld = ".".join(str(x + 1) if isinstance(x, int) else str(x) for x in fout["loc"]) or "(geheel)"
            delen.append(f"veld '{veld[:80]}' {PYDANTIC_NL.get(fout['type'], 'heeft een ongeldige waarde')}")
        meer = f" (en nog {len(fouten) - 3} andere)" if len(fouten) > 3 else ""
        raise OngeldigeExport(f"de inhoud past niet bij het portfolioschema: {'; '.join(delen)}{meer}") from None


def _mtijd(pad: Path) -> float:
    try:
        return pad.stat().st_mtime
    except OSError:
        return 0.0


def lees_map(map: str | Path) -> tuple[list[Inzending], list[Overgeslagen], int]:
    """All usable exports in ``map`` (not recursive), the skipped files, and how many other files there were."""
    map = Path(map)
    bestanden = sorted(p for p in map.iterdir() if p.suffix.lower() == ".json")
    andere = sum(1 for p in map.iterdir() if p.suffix.lower() != ".json" and p.is_file() and not p.name.startswith("."))
    goed: list[Inzending] = []
    overgeslagen: list[Overgeslagen] = []
    for pad in bestanden:
        try:
            goed.append(Inzending(pad, lees_export(pad)))
        except OngeldigeExport as e:
            overgeslagen.append(Overgeslagen(pad.name, str(e)))

    # one student, several exports: the newest counts
    per_id: dict[str, list[Inzending]] = {}
    for inz in goed:
        per_id.setdefault(inz.portfolio.student.id, []).append(inz)
    gehouden = []
    for lijst in per_id.values():
        lijst.sort(key=lambda i: (i.portfolio.geexporteerd.timestamp(), _mtijd(i.bestand), i.bestand.name))
        nieuwste = lijst[-1]
        gehouden.append(nieuwste)
        for oud in lijst[:-1]:
            overgeslagen.append(
                Overgeslagen(oud.bestand.name, f"dubbele student: een nieuwere export van dezelfde student staat in {nieuwste.bestand.name}; die is gebruikt")
            )

    # labels: the name, with the file name when the name is empty or shared
    namen: dict[str, int] = {}
    for inz in gehouden:
        namen[inz.portfolio.student.naam.strip().casefold()] = namen.get(inz.portfolio.student.naam.strip().casefold(), 0) + 1
    gelabeld = []
    for inz in gehouden:
        naam = inz.portfolio.student.naam.strip()
        if not naam:
            label = f"anoniem ({inz.bestand.name})"
        elif namen[naam.casefold()] > 1:
            label = f"{naam} ({inz.bestand.name})"
        else:
            label = naam
        gelabeld.append(Inzending(inz.bestand, inz.portfolio, label))
    gelabeld.sort(key=lambda i: (i.label.casefold(), i.bestand.name))
    overgeslagen.sort(key=lambda o: o.bestand)
    return gelabeld, overgeslagen, andere


# --- aggregation ---------------------------------------------------------------------------------


def _vragen_overzicht(inzendingen: list[Inzending]) -> list[dict]:
    vragen: dict[str, dict] = {}
    for inz in inzendingen:
        for nb in inz.portfolio.notebooks:
            for v in nb.vragen:
                rij = vragen.setdefault(v.id, dict(id=v.id, notebook=nb.notebook, titel=nb.titel, vraag="", gemaakt=0, eerste_goed=0, pogingen=0))
                if not rij["vraag"] and v.vraag:
                    rij["vraag"] = v.vraag
                if v.pogingen:
                    rij["gemaakt"] += 1
                    rij["eerste_goed"] += bool(v.eerste_juist)
                    rij["pogingen"] += v.pogingen
    for rij in vragen.values():
        rij["aandeel"] = rij["eerste_goed"] / rij["gemaakt"] if rij["gemaakt"] else None
        rij["gemiddeld"] = rij["pogingen"] / rij["gemaakt"] if rij["gemaakt"] else None
    return sorted(
        vragen.values(),
        key=lambda r: (r["aandeel"] is None, r["aandeel"] or 0.0, -(r["gemiddeld"] or 0.0), r["id"]),
    )


def _notebooks(inzendingen: list[Inzending]) -> list[dict]:
    gezien: dict[str, str] = {}
    for inz in inzendingen:
        for nb in inz.portfolio.notebooks:
            gezien.setdefault(nb.notebook, nb.titel)
    return [dict(notebook=nr, titel=titel) for nr, titel in sorted(gezien.items())]


def _voortgang(inzendingen: list[Inzending], notebooks: list[dict]) -> list[dict]:
    rijen = []
    for inz in inzendingen:
        p = inz.portfolio
        per_nb = {nb.notebook: nb.totaal for nb in p.notebooks}
        t = p.totaal
        rijen.append(
            dict(
                label=inz.label,
                geexporteerd=p.geexporteerd,
                cellen=[per_nb.get(nb["notebook"]) for nb in notebooks],
                totaal=t,
                klaar=t.gemaakt == t.vragen and t.geschreven == t.reflecties,
            )
        )
    return rijen


def _reflecties(inzendingen: list[Inzending]) -> list[dict]:
    prompts: dict[str, dict] = {}
    for inz in inzendingen:
        for nb in inz.portfolio.notebooks:
            for r in nb.reflecties:
                rij = prompts.setdefault(r.id, dict(id=r.id, notebook=nb.notebook, titel=nb.titel, vraag="", antwoorden=[]))
                if not rij["vraag"] and r.vraag:
                    rij["vraag"] = r.vraag
                rij["antwoorden"].append(dict(label=inz.label, r=r))
    return sorted(prompts.values(), key=lambda r: (r["notebook"], r["id"]))


# --- the overview --------------------------------------------------------------------------------


def klasoverzicht(map: str | Path, uitvoer: str | Path | None = None) -> Klasoverzicht:
    """Read the exports in ``map`` and write the class overview to ``uitvoer``.

    Default output: ``MAP/klasoverzicht_<datum>.html``. Never raises for a bad folder or bad files;
    the returned :class:`Klasoverzicht` says what happened (``gelukt``, ``pad``, ``overgeslagen``).
    """
    map = Path(map).expanduser()
    if not map.is_dir():
        return Klasoverzicht(False, None, 0, melding=f"De map {map} bestaat niet (of is geen map). Geef de map met de JSON-bestanden van je studenten.")
    try:
        inzendingen, overgeslagen, andere = lees_map(map)
    except OSError as e:
        return Klasoverzicht(False, None, 0, melding=f"De map {map} kan niet worden gelezen ({e.strerror or e}).")
    if not inzendingen:
        if overgeslagen:
            melding = f"Geen bruikbare exports in {map}: alle JSON-bestanden zijn overgeslagen. Er is geen klasoverzicht gemaakt."
        else:
            melding = (
                f"Er staan geen JSON-bestanden in {map}. Zet daar de bestanden portfolio_….json die je studenten "
                "met wl.exporteer() of 'python -m wijklab export' maakten (submappen worden niet gelezen)."
            )
        return Klasoverzicht(False, None, 0, overgeslagen, andere, melding)

    nu = datetime.now().astimezone().replace(microsecond=0)
    uitvoer = Path(uitvoer).expanduser() if uitvoer else map / f"klasoverzicht_{nu:%Y-%m-%d}.html"
    notebooks = _notebooks(inzendingen)
    versies = sorted({i.portfolio.cursus_versie for i in inzendingen})
    html = render(
        "klas.html.j2",
        nu=nu,
        map=map.name or str(map),
        aantal=len(inzendingen),
        versies=versies,
        vragen=_vragen_overzicht(inzendingen),
        notebooks=notebooks,
        voortgang=_voortgang(inzendingen, notebooks),
        reflecties=_reflecties(inzendingen),
        overgeslagen=overgeslagen,
        andere=andere,
    )
    try:
        schrijf_atomair(uitvoer, html)
    except OSError as e:
        return Klasoverzicht(
            False, None, len(inzendingen), overgeslagen, andere,
            f"Het klasoverzicht kon niet worden opgeslagen in {uitvoer} ({e.strerror or e}). Kies met --naar een ander bestand.",
        )
    return Klasoverzicht(True, uitvoer.absolute(), len(inzendingen), overgeslagen, andere)


def main_klas(args: list[str] | None = None) -> int:
    """``python -m wijklab klas MAP [--naar BESTAND]``; returns the exit code (0 = gelukt)."""
    parser = argparse.ArgumentParser(
        prog="python -m wijklab klas",
        description="Maak een klasoverzicht (HTML) van de portfolio-exports (JSON) van je studenten.",
    )
    parser.add_argument("map", metavar="MAP", help="de map met de JSON-bestanden van je studenten (submappen worden niet gelezen)")
    parser.add_argument("--naar", metavar="BESTAND", help="waar het overzicht komt (standaard: MAP/klasoverzicht_<datum>.html)")
    opties = parser.parse_args(args)
    uitkomst = klasoverzicht(opties.map, opties.naar)
    print(uitkomst)
    return 0 if uitkomst.gelukt else 1
