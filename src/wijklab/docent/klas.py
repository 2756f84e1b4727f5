"""The teacher's class overview: a folder of students' JSON exports in, one HTML page and one CSV out.

On the command line (the CLI calls :func:`main_klas`)::

    python -m wijklab klas MAP [--naar BESTAND] [--csv BESTAND]
    python -m wijklab klas --voorbeeld [--naar MAP]     # a fictional demo class (wijklab.docent.voorbeeldklas)

Only the ``*.json`` files directly in ``MAP`` are read (not in subfolders), so a teacher can keep
old rounds in a subfolder. Files are read one at a time, and of each only a compact summary is kept
(:class:`Samenvatting`: no attempts, shared prompt texts kept once), so 2,000 exports fit in about
200 MB. Every file is first checked on its bytes against the limits of the export format
(:mod:`wijklab.basis.grenzen`: size, nesting depth, list length, number of values, string length)
before any object is built from it, then against the portfolio schema (:class:`wijklab.werk.export.Portfolio`,
schema ``wijklab-portfolio`` versions 1 and 2). A file that cannot be used is skipped and listed with
a Dutch reason: a symbolic link (never followed, never opened: files are opened relative to the
folder with ``O_NOFOLLOW`` after an ``lstat``), not a regular file, empty, past a limit, not
readable, not UTF-8, not JSON, cut off, a number that is absurdly large or not a number (NaN,
Infinity), not a Wijklab portfolio, another schema version, or content that does not fit the schema.
One bad file never stops the overview of the others.

Two or more exports with one student id are never resolved by the overview: none of them is counted,
and all are listed at the top of the page and on the command line (file, name, export date, check
sum) with what to do: remove the wrong file and run again (:data:`DUBBEL_UITLEG`). A copy with a
classmate's id, a later date and a recomputed check sum cannot replace her work unseen.

Files that are read but deserve a second look are *flagged* (section "Controleren"): an export whose
check sum (``controle``) does not match its content was edited by hand; version-1 exports carry no
check sum.

The page shows, for teaching:

* per student: questions made, right at the first attempt, attempts, what is still open, reflections
  shorter than their target, reflections whose latest draft is empty or much shorter than an earlier
  one (never shown as only "open": the export's ``eerdere_versie``), and a *hulp nodig* signal
  (rule: :data:`HULP_REGEL`);
* per question: the share right at the first attempt, the mean number of attempts, and the wrong
  options students chose most; a prediction (voorspel) is an estimate, shown as the distance to the
  real value, never as wrong;
* per notebook a question × student grid (coloured cells with a symbol, so it reads without colour
  and offline; no scripts);
* per reflection prompt all students' texts side by side.

The CSV (``klasoverzicht_<datum>.csv``) has one row per student for a learning platform's gradebook.
Student text is always escaped (Jinja2 autoescape) and cells that a spreadsheet would run as a
formula are neutralised.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import math
import os
import stat
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, field, make_dataclass
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from wijklab.werk.export import LEESBARE_VERSIES, SCHEMA, VERSIE, Portfolio, ReflectieAntwoord, controlegetal, datum_nl, render_delen, schrijf_atomair, toonbaar
from wijklab.basis.grenzen import MAX_GROOTTE, controleer, te_groot
from wijklab.basis.fouten import PYDANTIC_NL
from wijklab.docent import toetsanalyse
from wijklab.basis.taal import aantal, nl_getal, procent

#: digits allowed in one JSON number (Python refuses more than 4300 with an English error)
MAX_CIJFERS = 30

#: the "needs help" rule, as applied and as printed on the page
HULP_MIN_VRAGEN = 3
HULP_MAX_AANDEEL = 0.5
HULP_POGINGEN = 3.0
HULP_REGEL = (
    f"Een student krijgt het signaal ‘hulp nodig’ als zij minstens {HULP_MIN_VRAGEN} quizvragen maakte "
    f"(voorspellingen tellen niet mee) en minder dan de helft daarvan de eerste keer goed had, of als zij "
    f"gemiddeld {nl_getal(HULP_POGINGEN)} of meer pogingen per vraag nodig had."
)


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
            veld = ".".join(str(x + 1) if isinstance(x, int) else str(x) for x in fout["loc"]) or "(geheel)"
            delen.append(f"veld '{veld[:80]}' {PYDANTIC_NL.get(fout['type'], 'heeft een ongeldige waarde')}")
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


# --- a compact summary per student: what the overview shows, not every attempt -----------------------


@dataclass(frozen=True, slots=True)
class VraagKort:
    """One question of one student, without the attempts themselves (what the overview uses of them)."""

    id: str
    vraag: str
    type: str | None
    in_bank: bool
    pogingen: int
    eerste_juist: bool | None
    ooit_juist: bool
    echte_waarde: float | None
    eenheid: str
    eerste_getal: float | None  # the number or estimate of the first attempt
    fout_gekozen: frozenset[str]  # the wrong options she chose at any attempt
    eerste_keuzes: tuple[str, ...]  # the options of the first attempt, for the item analysis (see _eerste_keuzes)
    eerste_zeker: str | None = None  # how sure she said she was at the first attempt (zeker / twijfel / gok)


#: one reflection as exported, every field of :class:`wijklab.werk.export.ReflectieAntwoord`, without the
#: per-object overhead of a pydantic model (2,000 students × 18 reflections)
ReflectieKort = make_dataclass("ReflectieKort", list(ReflectieAntwoord.model_fields), frozen=True, slots=True)


def _reflectie_kort(r: ReflectieAntwoord):
    velden = {naam: getattr(r, naam) for naam in ReflectieAntwoord.model_fields}
    velden.update(id=_kort(r.id), vraag=_kort(r.vraag))  # the same prompt for every student: kept once
    return ReflectieKort(**velden)


@dataclass(frozen=True, slots=True)
class DeelKort:
    notebook: str
    titel: str
    totaal: object  # export.Telling
    vragen: tuple[VraagKort, ...]
    reflecties: tuple  # ReflectieKort: every field as exported (the texts are shown)


@dataclass(frozen=True, slots=True)
class Samenvatting:
    """A portfolio as the overview keeps it: 2,000 students fit in little memory."""

    student: object  # export.Student
    geexporteerd: datetime
    cursus_versie: str
    totaal: object  # export.Telling
    notebooks: tuple[DeelKort, ...]
    controle: str | None  # the check sum written in the file
    #: the diagnostic (export.Diagnose) as (max, voor, na, ((id, vraag, voor, na), ...)), or None
    diagnose: tuple | None = None


_GEEN: frozenset[str] = frozenset()


def _kort(tekst):
    return sys.intern(tekst) if isinstance(tekst, str) else tekst


#: in :attr:`VraagKort.eerste_keuzes` of a multiple-answer question: she chose exactly the right options
JUISTE_COMBINATIE = "\x00juiste combinatie"
_GEEN_KEUZES: tuple[str, ...] = ()


def _eerste_keuzes(v) -> tuple[str, ...]:
    """The options of the first attempt, by text (each student sees her own order; texts are stored).

    Single choice: the option given. Multiple answers: the wrong options chosen (exact, from
    ``fout_gekozen``), plus :data:`JUISTE_COMBINATIE` when she chose exactly the right ones. The right
    options she chose cannot be told apart reliably in the export: ``gegeven`` joins the texts with
    '; ', and option texts may hold '; ' themselves.
    """
    if not v.antwoorden or v.type not in ("enkelvoudig", "meervoudig"):
        return _GEEN_KEUZES
    eerste = v.antwoorden[0]
    if v.type == "enkelvoudig":
        return (_kort(eerste.gegeven),) if eerste.gegeven else _GEEN_KEUZES
    keuzes = tuple(_kort(f) for f in eerste.fout_gekozen) + ((JUISTE_COMBINATIE,) if v.eerste_juist else ())
    return keuzes or _GEEN_KEUZES


def samenvatting(p: Portfolio) -> Samenvatting:
    """What the overview needs of ``p``; texts that many students share are kept once (interned)."""
    delen = []
    for nb in p.notebooks:
        vragen = tuple(
            VraagKort(
                _kort(v.id), _kort(v.vraag), _kort(v.type), v.in_bank, v.pogingen, v.eerste_juist, v.ooit_juist,
                v.echte_waarde, _kort(v.eenheid), v.antwoorden[0].getal if v.antwoorden else None,
                frozenset(_kort(o) for a in v.antwoorden for o in a.fout_gekozen) or _GEEN,
                _eerste_keuzes(v),
                _kort(getattr(v.antwoorden[0], "zeker", None)) if v.antwoorden else None,
            )
            for v in nb.vragen
        )
        delen.append(DeelKort(_kort(nb.notebook), _kort(nb.titel), nb.totaal, vragen, tuple(map(_reflectie_kort, nb.reflecties))))
    return Samenvatting(p.student, p.geexporteerd, _kort(p.cursus_versie), p.totaal, tuple(delen), p.controle,
                        _diagnose_kort(getattr(p, "diagnose", None)))


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


# --- aggregation -----------------------------------------------------------------------------------


def _is_schatting(v) -> bool:
    return v.type == "voorspel"


def _cel(v) -> dict:
    """One cell of the question × student grid."""
    if not v.pogingen:
        return dict(soort="open", teken="–", uitleg="nog niet gemaakt")
    if _is_schatting(v):
        eerste = v.eerste_getal
        if eerste is not None and v.echte_waarde is not None:
            verschil = eerste - v.echte_waarde
            teken = "≈" if abs(verschil) < 1e-9 else ("+" if verschil > 0 else "−") + nl_getal(abs(round(verschil, 2)))
            return dict(soort="schatting", teken=teken, uitleg=f"schatting {nl_getal(eerste)}, echte waarde {nl_getal(v.echte_waarde)}")
        return dict(soort="schatting", teken="≈", uitleg="schatting vastgelegd")
    if v.eerste_juist:
        return dict(soort="goed", teken="✔", uitleg="de eerste keer goed")
    if v.ooit_juist:
        return dict(soort="later", teken=f"✔{v.pogingen}", uitleg=f"goed na {v.pogingen} pogingen")
    return dict(soort="fout", teken=f"✘{v.pogingen}", uitleg=f"nog niet goed na {aantal(v.pogingen, 'poging', 'pogingen')}")


def _vragen_overzicht(inzendingen: list[Inzending]) -> list[dict]:
    vragen: dict[str, dict] = {}
    for inz in inzendingen:
        for nb in inz.portfolio.notebooks:
            for v in nb.vragen:
                rij = vragen.setdefault(v.id, dict(
                    id=v.id, notebook=nb.notebook, titel=nb.titel, vraag="", type=v.type, gemaakt=0, eerste_goed=0,
                    pogingen=0, fout_gekozen=Counter(), schattingen=[], binnen_marge=[], echte_waarde=None, eenheid="", sleutel=set(),
                ))
                if not rij["vraag"] and v.vraag:
                    rij["vraag"] = v.vraag
                rij["type"] = rij["type"] or v.type
                if v.echte_waarde is not None:
                    rij["echte_waarde"], rij["eenheid"] = v.echte_waarde, v.eenheid
                if not v.pogingen:
                    continue
                rij["gemaakt"] += 1
                rij["eerste_goed"] += bool(v.eerste_juist)
                rij["pogingen"] += v.pogingen
                # each wrong option counts once per student, however often she chose it
                rij["fout_gekozen"].update(v.fout_gekozen)
                if v.type == "enkelvoudig" and v.eerste_juist and v.eerste_keuzes:
                    rij["sleutel"].add(v.eerste_keuzes[0])  # the option of a right first attempt is the key
                if _is_schatting(v) and v.eerste_getal is not None:
                    rij["schattingen"].append(v.eerste_getal)
                    rij["binnen_marge"].append(bool(v.eerste_juist))
    analyse = _itemanalyse(inzendingen)
    uit = []
    for rij in vragen.values():
        schatting = rij["type"] == "voorspel"
        rij["schatting"] = schatting
        _analyse_bij(rij, analyse.get(rij["id"]))
        rij["aandeel"] = rij["eerste_goed"] / rij["gemaakt"] if rij["gemaakt"] and not schatting else None
        rij["gemiddeld"] = rij["pogingen"] / rij["gemaakt"] if rij["gemaakt"] else None
        rij["meest_fout"] = [dict(tekst=t, n=n) for t, n in sorted(rij["fout_gekozen"].items(), key=lambda x: (-x[1], x[0]))[:3]]
        rij["schatting_tekst"] = _schattingen_tekst(rij["schattingen"], rij["echte_waarde"], rij["eenheid"]) if schatting else ""
        uit.append(rij)
    # hardest first; predictions (no right or wrong) after the questions
    return sorted(uit, key=lambda r: (r["schatting"], r["aandeel"] is None, r["aandeel"] or 0.0, -(r["gemiddeld"] or 0.0), r["id"]))


def _itemanalyse(inzendingen: list[Inzending]) -> dict[str, toetsanalyse.ItemAnalyse]:
    """Item analysis on first attempts; the analysed set is one notebook (see :mod:`wijklab.docent.toetsanalyse`).

    Counted: closed questions that are not predictions, whose type is known (in the bank), that the
    student answered. Per student only a 0/1 per question and the options of her first attempt.
    """
    per_nb: dict[str, tuple[list[dict[str, int]], dict[str, list[tuple[str, ...]]]]] = {}
    for inz in inzendingen:
        for nb in inz.portfolio.notebooks:
            scores = {v.id: int(bool(v.eerste_juist)) for v in nb.vragen
                      if v.pogingen and v.type is not None and not _is_schatting(v)}
            if not scores:
                continue
            studenten, keuzes = per_nb.setdefault(nb.notebook, ([], {}))
            studenten.append(scores)
            for v in nb.vragen:
                if v.id in scores and v.eerste_keuzes:
                    keuzes.setdefault(v.id, []).append(v.eerste_keuzes)
    uit: dict[str, toetsanalyse.ItemAnalyse] = {}
    for studenten, keuzes in per_nb.values():
        uit.update(toetsanalyse.analyseer(studenten, keuzes))
    return uit


def _analyse_bij(rij: dict, a: toetsanalyse.ItemAnalyse | None) -> None:
    """Put the item analysis of one question into its row of the overview (page and CSV)."""
    rij["analyse"] = a
    rij["rir_tekst"] = ""
    rij["keuzes"] = []
    rij["signalen"] = []
    rij["voorspel"] = None
    rij["binnen_aantal"] = sum(rij["binnen_marge"])
    if rij["type"] == "voorspel":
        rij["voorspel"] = toetsanalyse.voorspel_analyse(rij["schattingen"], rij["echte_waarde"], rij["binnen_marge"])
        return
    if a is None:
        return
    rij["rir_tekst"] = a.rir.tekst(lambda x: nl_getal(x, 2))
    juist = {t for t, _ in a.opties if t == JUISTE_COMBINATIE}
    if rij["type"] == "enkelvoudig":
        juist = set(rij.get("sleutel", ()))
    rij["keuzes"] = [
        dict(tekst="precies de goede combinatie" if t == JUISTE_COMBINATIE else t, n=n, aandeel=n / a.n if a.n else 0.0,
             juist=t in juist)
        for t, n in a.opties
    ]
    rij["signalen"] = [dict(naam=toetsanalyse.ADVIES[f][0], advies=toetsanalyse.ADVIES[f][1]) for f in a.vlaggen]


def _schattingen_tekst(schattingen: list[float], echt: float | None, eenheid: str) -> str:
    if not schattingen:
        return "nog geen schattingen"
    e = f" {eenheid}" if eenheid else ""
    mediaan = statistics.median(schattingen)
    tekst = f"mediaan van de schattingen {nl_getal(round(mediaan, 2))}{e}"
    if echt is None:
        return tekst
    hoger = sum(s > echt for s in schattingen)
    lager = sum(s < echt for s in schattingen)
    afstand = statistics.median(abs(s - echt) for s in schattingen)
    return (f"{tekst}; echte waarde {nl_getal(echt)}{e}; een schatting lag meestal {nl_getal(round(afstand, 2))}{e} "
            f"ernaast (mediaan van de afstand); {hoger} hoger en {lager} lager geschat")


def _notebooks(inzendingen: list[Inzending]) -> list[dict]:
    gezien: dict[str, str] = {}
    for inz in inzendingen:
        for nb in inz.portfolio.notebooks:
            gezien.setdefault(nb.notebook, nb.titel)
    return [dict(notebook=nr, titel=titel) for nr, titel in sorted(gezien.items())]


def _student(inz: Inzending, notebooks: list[dict]) -> dict:
    p = inz.portfolio
    per_nb = {nb.notebook: nb.totaal for nb in p.notebooks}
    vragen = [v for nb in p.notebooks for v in nb.vragen]
    reflecties = [r for nb in p.notebooks for r in nb.reflecties]
    toetsbaar = [v for v in vragen if not _is_schatting(v)]
    gemaakt = [v for v in toetsbaar if v.pogingen]
    eerste = sum(bool(v.eerste_juist) for v in gemaakt)
    pogingen = sum(v.pogingen for v in gemaakt)
    gemiddeld = pogingen / len(gemaakt) if gemaakt else None
    aandeel = eerste / len(gemaakt) if gemaakt else None
    hulp = bool(gemaakt) and (
        (len(gemaakt) >= HULP_MIN_VRAGEN and aandeel < HULP_MAX_AANDEEL) or (gemiddeld is not None and gemiddeld >= HULP_POGINGEN)
    )
    open_vragen = [v.id for v in vragen if not v.pogingen and v.in_bank]
    open_reflecties = [r.id for r in reflecties if not r.woorden and r.in_bank]
    te_kort = [dict(id=r.id, woorden=r.woorden, doel=r.min_woorden) for r in reflecties if 0 < r.woorden < r.min_woorden]
    # a reflection whose latest draft is empty or much shorter than an earlier one: never just "open"
    eerder = [dict(id=r.id, woorden=r.eerdere_versie.woorden, tijd=r.eerdere_versie.tijd) for r in reflecties if r.eerdere_versie]
    t = p.totaal
    return dict(
        label=inz.label,
        bestand=inz.bestand.name,
        id=p.student.id,
        geexporteerd=p.geexporteerd,
        cellen=[per_nb.get(nb["notebook"]) for nb in notebooks],
        totaal=t,
        klaar=t.gemaakt == t.vragen and t.geschreven == t.reflecties,
        gemaakt=len(gemaakt),
        toetsbaar=len(toetsbaar),
        eerste_goed=eerste,
        aandeel=aandeel,
        pogingen=pogingen,
        gemiddeld=gemiddeld,
        hulp=hulp,
        open_vragen=open_vragen,
        open_reflecties=open_reflecties,
        te_kort=te_kort,
        eerder=eerder,
        controle=inz.controle,
        vlaggen=list(inz.vlaggen),
    )


def _rooster(inzendingen: list[Inzending], notebooks: list[dict]) -> list[dict]:
    """Per notebook: the question ids (columns) and per student a row of cells."""
    uit = []
    for nb in notebooks:
        ids: list[str] = []
        for inz in inzendingen:
            for deel in inz.portfolio.notebooks:
                if deel.notebook == nb["notebook"]:
                    ids += [v.id for v in deel.vragen if v.id not in ids]
        if not ids:
            continue
        uit.append(dict(notebook=nb["notebook"], titel=nb["titel"], ids=ids, rijen=_rijen(inzendingen, nb["notebook"], ids)))
    return uit


def _rijen(inzendingen: list[Inzending], notebook: str, ids: list[str]):
    """The rows of one grid, made while the page is written (a class of 2,000 has 400,000 cells)."""
    for inz in inzendingen:
        per_id = {v.id: v for deel in inz.portfolio.notebooks if deel.notebook == notebook for v in deel.vragen}
        cellen = [(_cel(per_id[i]) if i in per_id else dict(soort="open", teken="·", uitleg="niet in deze export")) for i in ids]
        yield dict(label=inz.label, cellen=cellen)


def _reflecties(inzendingen: list[Inzending]) -> list[dict]:
    prompts: dict[str, dict] = {}
    for inz in inzendingen:
        for nb in inz.portfolio.notebooks:
            for r in nb.reflecties:
                rij = prompts.setdefault(r.id, dict(id=r.id, notebook=nb.notebook, titel=nb.titel, vraag="", antwoorden=[]))
                if not rij["vraag"] and r.vraag:
                    rij["vraag"] = r.vraag
                rij["antwoorden"].append(dict(label=inz.label, r=r, te_kort=0 < r.woorden < r.min_woorden))
    return sorted(prompts.values(), key=lambda r: (r["notebook"], r["id"]))


# --- the CSV for a learning platform -----------------------------------------------------------------

CSV_KOLOMMEN = (
    "student", "bestand", "student_id", "vragen_gemaakt", "vragen_totaal", "toetsvragen_gemaakt", "eerste_keer_goed", "pogingen",
    "reflecties_geschreven", "reflecties_totaal", "reflecties_te_kort", "woorden", "klaar", "hulp_nodig", "controle",
    "reflecties_met_eerdere_versie",
)


def _cel_veilig(waarde) -> str:
    """A spreadsheet runs a cell that starts with = + - @ (or a tab/CR) as a formula: neutralise it."""
    tekst = toonbaar(str(waarde)).replace("\r", " ").replace("\n", " ")
    return "'" + tekst if tekst[:1] in ("=", "+", "-", "@", "\t") else tekst


def naar_csv(studenten: list[dict]) -> str:
    uit = io.StringIO()
    schrijver = csv.writer(uit, lineterminator="\n")
    schrijver.writerow(CSV_KOLOMMEN)
    for s in studenten:
        t = s["totaal"]
        schrijver.writerow([_cel_veilig(x) for x in (
            s["label"], s["bestand"], s["id"], t.gemaakt, t.vragen, s["gemaakt"], s["eerste_goed"], s["pogingen"],
            t.geschreven, t.reflecties, len(s["te_kort"]), t.woorden, "ja" if s["klaar"] else "nee",
            "ja" if s["hulp"] else "nee", s["controle"], len(s["eerder"]),
        )])
    return uit.getvalue()


TOETS_KOLOMMEN = (
    "notebook", "vraag_id", "vraag", "soort", "gemaakt", "eerste_keer_goed", "p_waarde", "rir", "rir_studenten",
    "rir_toelichting", "signalen", "keuzes_eerste_poging", "schattingen", "mediaan_afwijking", "eenheid", "binnen_marge",
)


def naar_toetsanalyse_csv(vragen: list[dict]) -> str:
    """The item analysis, one row per question (numbers in Dutch notation, as on the page)."""
    uit = io.StringIO()
    schrijver = csv.writer(uit, lineterminator="\n")
    schrijver.writerow(TOETS_KOLOMMEN)
    for r in vragen:
        a = r.get("analyse")
        v = r.get("voorspel")
        keuzes = " | ".join(f"{'[juist] ' if k['juist'] else ''}{k['tekst']}: {k['n']} ({procent(k['aandeel'])})"
                            for k in r["keuzes"])
        # texts from exports are neutralised for a spreadsheet; numbers made here (a Rir may be negative) are not
        tekst = [_cel_veilig(x) for x in (r["notebook"], r["id"], r["vraag"], r["type"] or "onbekend")]
        schrijver.writerow(tekst + [
            r["gemaakt"], a.goed if a else "", nl_getal(a.p, 2) if a and a.p is not None else "",
            nl_getal(a.rir.waarde, 2) if a and a.rir.waarde is not None else "", a.rir.n if a else "",
            a.rir.reden if a else "", "; ".join(s["naam"] for s in r["signalen"]), _cel_veilig(keuzes),
            v.n if v else "", nl_getal(round(v.mediaan_afwijking, 2)) if v and v.mediaan_afwijking is not None else "",
            _cel_veilig(r["eenheid"]) if v else "", nl_getal(v.binnen_marge, 2) if v and v.binnen_marge is not None else "",
        ])
    return uit.getvalue()


# --- learning gain: the diagnostic before and after (wijklab.leerling.diagnostiek) -----------------------------

#: what the page says when a student's gain cannot be computed because she had everything right before
NIET_TE_BEREKENEN = "niet te berekenen (al alles goed vooraf)"


def _diagnose_kort(d) -> tuple | None:
    if d is None:
        return None
    return (d.vragen, d.voor, d.na, tuple((_kort(i.id), _kort(i.vraag), i.voor, i.na) for i in d.items))


def leerwinst_student(label: str, diagnose: tuple | None) -> dict:
    """One student's row: before, after, maximum and Hake's g (or why there is none)."""
    from wijklab.leerling.diagnostiek import leerwinst

    maximum, voor, na = diagnose[:3] if diagnose else (0, None, None)
    g = leerwinst(voor, na, maximum)
    if voor is None and na is None:
        ontbreekt = "voormeting en nameting"
    elif voor is None:
        ontbreekt = "voormeting"
    elif na is None:
        ontbreekt = "nameting"
    else:
        ontbreekt = ""
    if ontbreekt:
        g_tekst = f"niet te berekenen ({ontbreekt} ontbreekt)"
    elif g is None:
        g_tekst = NIET_TE_BEREKENEN
    else:
        g_tekst = nl_getal(round(g, 2))
    return dict(label=label, max=maximum, voor=voor, na=na, g=g, g_tekst=g_tekst, ontbreekt=ontbreekt)


def leerwinst_klas(diagnoses: list[tuple[str, tuple | None]]) -> dict:
    """The learning gain of a class from (label, compact diagnostic) per student: per student, the class
    (Hake's g of the class means, over students with both measurements), per question (core idea) the
    share right before and after and its g, and who did not take both."""
    rijen = [leerwinst_student(label, d) for label, d in diagnoses]
    beide = [r for r in rijen if not r["ontbreekt"]]
    klas = None
    if beide:
        maximum = max(r["max"] for r in beide)
        gem_voor = statistics.fmean(r["voor"] for r in beide)
        gem_na = statistics.fmean(r["na"] for r in beide)
        from wijklab.leerling.diagnostiek import leerwinst

        g = leerwinst(gem_voor, gem_na, maximum)
        klas = dict(n=len(beide), max=maximum, voor=gem_voor, na=gem_na, g=g,
                    g_tekst=NIET_TE_BEREKENEN if g is None else nl_getal(round(g, 2)))
    per_vraag: dict[str, dict] = {}
    for _, d in diagnoses:
        if not d or d[1] is None or d[2] is None:
            continue
        for id, vraag, voor, na in d[3]:
            if voor is None or na is None:
                continue
            t = per_vraag.setdefault(id, dict(id=id, vraag=vraag, n=0, voor=0, na=0))
            t["n"] += 1
            t["voor"] += bool(voor)
            t["na"] += bool(na)
    ideeen = []
    for t in per_vraag.values():
        a_voor, a_na = t["voor"] / t["n"], t["na"] / t["n"]
        g = None if a_voor >= 1 else (a_na - a_voor) / (1 - a_voor)
        ideeen.append(dict(t, aandeel_voor=a_voor, aandeel_na=a_na, g=g,
                           g_tekst=NIET_TE_BEREKENEN if g is None else nl_getal(round(g, 2))))
    return dict(studenten=rijen, klas=klas, ideeen=ideeen, ontbreekt=[r for r in rijen if r["ontbreekt"]],
                iemand=any(d is not None for _, d in diagnoses))


# --- confidence: sure and wrong at the first attempt ---------------------------------------------------


def zeker_maar_fout(inzendingen: list[Inzending]) -> list[dict]:
    """Per choice question with any confidence given: how many said they were sure at the first attempt,
    and how many of those were wrong (the signal of a misconception); most sure-and-wrong first."""
    tel: dict[str, dict] = {}
    for inz in inzendingen:
        for nb in inz.portfolio.notebooks:
            for v in nb.vragen:
                if v.eerste_zeker is None or v.eerste_juist is None:
                    continue
                t = tel.setdefault(v.id, dict(id=v.id, vraag=v.vraag, notebook=nb.notebook, gegeven=0, zeker=0, zeker_fout=0))
                t["gegeven"] += 1
                if v.eerste_zeker == "zeker":
                    t["zeker"] += 1
                    t["zeker_fout"] += not v.eerste_juist
    return sorted(tel.values(), key=lambda t: (-t["zeker_fout"], t["id"]))


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
    stam = f"{'fictief_' if fictief else ''}{nu:%Y-%m-%d}"
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


def opties_klas(parser) -> None:
    """The options of ``python -m wijklab klas`` (declared once, for wijklab.basis.opdrachtregel)."""
    parser.add_argument("map", metavar="MAP", nargs="?", help="de map met de JSON-bestanden van je studenten (submappen worden niet gelezen)")
    parser.add_argument("--naar", metavar="BESTAND", help="waar het overzicht komt (standaard: MAP/klasoverzicht_<datum>.html); "
                        "met --voorbeeld: de map voor de voorbeeldklas (standaard: ./voorbeeldklas_fictief)")
    parser.add_argument("--csv", metavar="BESTAND", help="waar de CSV komt (standaard: naast het overzicht, met .csv)")
    parser.add_argument("--voorbeeld", action="store_true",
                        help="maak een voorbeeldklas van 30 fictieve studenten en haar overzicht, om te zien hoe het eruitziet")


#: what ``python -m wijklab klas --help`` says the command does
KLAS_BESCHRIJVING = "Maak een klasoverzicht (HTML) en een cijferlijst (CSV) van de portfolio-exports (JSON) van je studenten."


def main_klas(args=None) -> int:
    """``python -m wijklab klas MAP [--naar BESTAND] [--csv BESTAND]``; returns the exit code (0 = gelukt).

    ``args``: the options as parsed by ``python -m wijklab`` (a Namespace), or the command line after ``klas``."""
    from argparse import Namespace

    from wijklab.basis.opdrachtregel import lees

    opties = args if isinstance(args, Namespace) else lees("python -m wijklab klas", opties_klas, args,
                                                            beschrijving=KLAS_BESCHRIJVING)
    parser = opties.parser
    if opties.voorbeeld:
        if opties.map or opties.csv:
            parser.error("met --voorbeeld geef je geen MAP en geen --csv; kies de map van de voorbeeldklas met --naar MAP")
        from wijklab.docent.voorbeeldklas import AANTAL, voorbeeldklas

        print(f"Ik maak een voorbeeldklas van {AANTAL} fictieve studenten (dat duurt hooguit een minuut) …", flush=True)
        uitkomst = voorbeeldklas(opties.naar)
        print(uitkomst)
        return 0 if uitkomst.gelukt else 1
    if not opties.map:
        parser.error("dit ontbreekt nog: MAP, de map met de JSON-bestanden van je studenten, bijvoorbeeld: python -m wijklab "
                     "klas inleveringen (of python -m wijklab klas --voorbeeld voor een fictieve voorbeeldklas)")
    uitkomst = klasoverzicht(opties.map, opties.naar, opties.csv)
    print(uitkomst)
    return 0 if uitkomst.gelukt else 1
