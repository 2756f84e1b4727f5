"""Reading the students' exports for the class overview: bounded, never through a link, one file at a time.

Only the ``*.json`` files directly in a folder are read (not in subfolders). Every file is first checked
on its bytes against the limits of the export format (:mod:`wijklab.basis.grenzen`: size, nesting depth,
list length, number of values, string length) before any object is built from it, then against the
portfolio schema (:class:`wijklab.werk.portfolio.Portfolio`, versions 1 and 2). A file that cannot be
used is skipped with a Dutch reason (:class:`OngeldigeExport`): a symbolic link (never followed, never
opened: files are opened relative to the folder with ``O_NOFOLLOW`` after an ``lstat``), not a regular
file, empty, past a limit, not readable, not UTF-8, not JSON, cut off, a number that is absurdly large or
not a number, not a Wijklab portfolio, another schema version, or content that does not fit the schema.
Of each file only a compact summary is kept (:mod:`wijklab.docent.klassamenvatting`). Two or more
exports with one student id are returned apart, never resolved (:func:`lees_map`).
"""

from __future__ import annotations

import errno
import json
import math
import os
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from wijklab.basis.fouten import pydantic_nl, veld_pad
from wijklab.basis.grenzen import MAX_GROOTTE, controleer, te_groot
from wijklab.docent.klassamenvatting import samenvatting
from wijklab.werk.portfolio import LEESBARE_VERSIES, SCHEMA, VERSIE, Portfolio, controlegetal

#: digits allowed in one JSON number (Python refuses more than 4300 with an English error)
MAX_CIJFERS = 30


class OngeldigeExport(ValueError):
    """A file that is not a usable portfolio export; the message is the Dutch reason."""


@dataclass(frozen=True)
class Overgeslagen:
    bestand: str
    reden: str


@dataclass(frozen=True)
class Gelezen:
    """One export as read: the portfolio and what the check of its check sum said."""

    portfolio: Portfolio
    controle: str  # "in orde" | "bewerkt" | "geen" (version 1)


@dataclass(frozen=True)
class Inzending:
    bestand: Path
    portfolio: Portfolio
    label: str = ""
    controle: str = "in orde"
    vlaggen: tuple[str, ...] = ()


# --- reading one export ----------------------------------------------------------------------------


def _geheel(tekst: str) -> int:
    if len(tekst.lstrip("-")) > MAX_CIJFERS:
        raise OngeldigeExport(f"er staat een getal in met {len(tekst)} cijfers; dat komt in een echte export niet voor")
    return int(tekst)


def _kommagetal(tekst: str) -> float:
    if len(tekst) > 100:
        raise OngeldigeExport("er staat een getal in dat veel te lang is; dat komt in een echte export niet voor")
    waarde = float(tekst)
    if not math.isfinite(waarde):
        raise OngeldigeExport("er staat een getal in dat te groot is om te gebruiken")
    return waarde


def _constante(tekst: str):
    raise OngeldigeExport(f"er staat ‘{tekst}’ in waar een getal hoort (geen echt getal)")


_SNELKOPPELING = (
    "dit is een snelkoppeling (symbolische link) naar een bestand dat misschien buiten de map staat; "
    "die wordt niet gevolgd en niet geopend. Zet het bestand zelf in de map als het een export is"
)


def _lees_bytes(pad: Path, map_fd: int | None = None) -> bytes:
    """The bytes of one file in the folder, never through a symbolic link, at most MAX_GROOTTE + 1.

    With ``map_fd`` (an open folder) the name is opened relative to that folder, so nothing outside it
    is reached even when the folder is renamed or replaced meanwhile.
    """
    naam = pad.name if map_fd is not None else pad
    dir_fd = {"dir_fd": map_fd} if map_fd is not None else {}
    try:
        info = os.lstat(naam, **dir_fd)
    except OSError:
        raise OngeldigeExport("het bestand kan niet worden gelezen") from None
    if stat.S_ISLNK(info.st_mode):
        raise OngeldigeExport(_SNELKOPPELING)
    if stat.S_ISDIR(info.st_mode):
        raise OngeldigeExport("dit is geen bestand (maar een map)")
    if not stat.S_ISREG(info.st_mode):
        raise OngeldigeExport("dit is geen gewoon bestand (maar bijvoorbeeld een pijp of apparaat)")
    try:
        # O_NOFOLLOW: a file swapped for a link since the lstat is not followed;
        # O_NONBLOCK: never hang on something that turned into a pipe
        fd = os.open(naam, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0), **dir_fd)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise OngeldigeExport(_SNELKOPPELING) from None
        raise OngeldigeExport("het bestand kan niet worden gelezen (geen leesrechten?)") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OngeldigeExport("dit is geen gewoon bestand (maar bijvoorbeeld een pijp of apparaat)")
        if info.st_size == 0:
            raise OngeldigeExport("het bestand is leeg")
        if info.st_size > MAX_GROOTTE:
            raise OngeldigeExport(te_groot(info.st_size))
        try:
            ruw = f.read(MAX_GROOTTE + 1)
        except OSError:
            raise OngeldigeExport("het bestand kan niet worden gelezen") from None
    if len(ruw) > MAX_GROOTTE:
        raise OngeldigeExport(te_groot(len(ruw)))
    return ruw


def lees(pad: Path, map_fd: int | None = None) -> Gelezen:
    """Read, validate and check one export; raise :class:`OngeldigeExport` with a Dutch reason.

    The size, nesting depth, list lengths, number of values and string lengths are checked on the bytes
    (:func:`wijklab.basis.grenzen.controleer`) before any object is built from them.
    """
    ruw = _lees_bytes(Path(pad), map_fd)
    grens = controleer(ruw)
    if grens:
        raise OngeldigeExport("; ".join(grens))
    try:
        tekst = ruw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OngeldigeExport("dit is geen JSON-bestand (het is geen UTF-8-tekst); is het wel een export van wijklab?") from None
    del ruw
    if not tekst.strip():
        raise OngeldigeExport("het bestand is leeg")
    try:
        data = json.loads(tekst, parse_int=_geheel, parse_float=_kommagetal, parse_constant=_constante)
    except json.JSONDecodeError as e:
        if e.msg.startswith("Unterminated string") or e.pos >= len(tekst.rstrip()):
            raise OngeldigeExport("het bestand is afgebroken (onvolledig); vraag de student opnieuw te exporteren") from None
        raise OngeldigeExport(f"dit is geen geldige JSON (regel {e.lineno}, kolom {e.colno})") from None
    except RecursionError:
        raise OngeldigeExport("dit is geen wijklab-portfolio (de JSON is veel te diep genest)") from None
    del tekst
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise OngeldigeExport("dit is geen wijklab-portfolio (verkeerd schema)")
    versie = data.get("versie")
    if versie not in LEESBARE_VERSIES or isinstance(versie, bool):
        if isinstance(versie, int) and not isinstance(versie, bool) and versie > VERSIE:
            raise OngeldigeExport(f"gemaakt met een nieuwere versie van wijklab (schemaversie {versie}); werk wijklab bij om dit bestand te lezen")
        raise OngeldigeExport(f"onbekende schemaversie ({str(versie)[:20]}); deze wijklab leest versie {', '.join(map(str, LEESBARE_VERSIES))}")
    try:
        portfolio = Portfolio.model_validate(data)
    except ValidationError as e:
        fouten = e.errors()
        delen = []
        for fout in fouten[:3]:
            delen.append(f"veld '{veld_pad(fout['loc'])[:80]}' {pydantic_nl(fout)}")
        meer = f" (en nog {len(fouten) - 3} andere)" if len(fouten) > 3 else ""
        raise OngeldigeExport(f"de inhoud past niet bij het portfolioschema: {'; '.join(delen)}{meer}") from None
    if versie == 1:
        controle = "geen"
    elif data.get("controle") and data.get("controle") == controlegetal(data):
        controle = "in orde"
    else:
        controle = "bewerkt"
    return Gelezen(portfolio, controle)


def lees_export(pad: Path) -> Portfolio:
    """Read and validate one export; raise :class:`OngeldigeExport` with a Dutch reason."""
    return lees(pad).portfolio


def _naam(inz) -> str:
    return inz.portfolio.student.naam.strip()


def lees_map(map: str | Path) -> tuple[list[Inzending], list[Overgeslagen], int, list[list[Inzending]]]:
    """All usable exports in ``map`` (not recursive), the skipped files, how many other files there were,
    and the groups of exports that share one student id (none of those is counted; the teacher decides).

    Files are read one at a time; of each only a compact :class:`Samenvatting` is kept. Symbolic links
    are never followed: they are skipped and named.
    """
    map = Path(map)
    map_fd = None
    if os.open in os.supports_dir_fd and hasattr(os, "O_DIRECTORY"):
        map_fd = os.open(map, os.O_RDONLY | os.O_DIRECTORY)
    try:
        with os.scandir(map_fd if map_fd is not None else map) as items:
            alles = [(e.name, e.is_file(follow_symlinks=False), e.is_symlink()) for e in items]
        bestanden = sorted(n for n, _, _ in alles if Path(n).suffix.lower() == ".json")
        andere = sum(1 for n, gewoon, link in alles if Path(n).suffix.lower() != ".json" and (gewoon or link) and not n.startswith("."))
        goed: list[Inzending] = []
        overgeslagen: list[Overgeslagen] = []
        for naam in bestanden:
            pad = map / naam
            try:
                gelezen = lees(pad, map_fd)
                goed.append(Inzending(pad, samenvatting(gelezen.portfolio), controle=gelezen.controle))
                del gelezen
            except OngeldigeExport as e:
                overgeslagen.append(Overgeslagen(naam, str(e)))
            except (MemoryError, RecursionError):
                overgeslagen.append(Overgeslagen(naam, "het bestand is te groot of te diep genest om te lezen"))
            except Exception as e:  # one strange file never stops the overview of the others
                overgeslagen.append(Overgeslagen(naam, f"onverwachte fout bij het lezen ({type(e).__name__}); dit bestand is niet meegeteld"))
    finally:
        if map_fd is not None:
            os.close(map_fd)

    # one student id, several exports: never resolved silently. None of them counts; all are listed
    # for the teacher, who removes the wrong file and runs the overview again
    per_id: dict[str, list[Inzending]] = {}
    for inz in goed:
        per_id.setdefault(inz.portfolio.student.id, []).append(inz)
    gehouden = [lijst[0] for lijst in per_id.values() if len(lijst) == 1]
    dubbel = [sorted(lijst, key=lambda i: i.bestand.name) for lijst in per_id.values() if len(lijst) > 1]
    dubbel.sort(key=lambda lijst: lijst[0].bestand.name)
    # labels: the name, with the file name when the name is empty or shared
    namen = Counter(_naam(i).casefold() for i in gehouden)
    gelabeld = []
    for inz in gehouden:
        naam = _naam(inz)
        if not naam:
            label = f"anoniem ({inz.bestand.name})"
        elif namen[naam.casefold()] > 1:
            label = f"{naam} ({inz.bestand.name})"
        else:
            label = naam
        vlaggen = list(inz.vlaggen)
        if inz.controle == "bewerkt":
            vlaggen.append("de inhoud klopt niet met het controlegetal: dit bestand is na het exporteren met de hand bewerkt")
        elif inz.controle == "geen":
            vlaggen.append("export van een oudere versie van wijklab (zonder controlegetal): bewerkingen zijn niet te zien")
        gelabeld.append(Inzending(inz.bestand, inz.portfolio, label, inz.controle, tuple(vlaggen)))
    gelabeld.sort(key=lambda i: (i.label.casefold(), i.bestand.name))
    overgeslagen.sort(key=lambda o: o.bestand)
    return gelabeld, overgeslagen, andere, dubbel
