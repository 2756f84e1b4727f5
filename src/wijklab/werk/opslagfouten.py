"""What went wrong with the store, in Dutch: the errors SQLite and the file system give, classified
(damaged, busy, full) and explained to the student with what to do."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

# messages of sqlite3.DatabaseError that mean the file itself is damaged (not locked, not read-only)
_KAPOT = ("file is not a database", "malformed", "file is encrypted", "not a database")


class LeesFout(Exception):
    """Reading the store failed; ``melding`` is the Dutch explanation, ``bezet`` says it was a lock."""

    def __init__(self, melding: str, bezet: bool = False):
        super().__init__(melding)
        self.melding = melding
        self.bezet = bezet


class VreemdeStore(RuntimeError):
    """The store belongs to another user: it is neither read nor written."""


def _is_kapot(fout: BaseException) -> bool:
    return isinstance(fout, sqlite3.DatabaseError) and any(k in str(fout).lower() for k in _KAPOT)


def _is_bezet(fout: BaseException) -> bool:
    naam = getattr(fout, "sqlite_errorname", "") or ""
    tekst = str(fout).lower()
    return naam.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in tekst or "database table is locked" in tekst


def _is_vol(fout: BaseException, pad: Path) -> bool:
    if getattr(fout, "errno", None) == 28 or (getattr(fout, "sqlite_errorname", "") or "").startswith("SQLITE_FULL"):
        return True
    if "database or disk is full" in str(fout).lower() or "no space" in str(fout).lower():
        return True
    if "disk i/o" in str(fout).lower():  # an I/O error is only "full" when the disk really is (nearly) full
        try:
            return shutil.disk_usage(pad.parent).free < 1024 * 1024
        except OSError:
            return False
    return False


def _sqlite_nl(tekst: str) -> str:
    """SQLite's English reason for a damaged file, in Dutch."""
    tekst = tekst.lower()
    if "not a database" in tekst or "encrypted" in tekst:
        return "het is geen database"
    if "malformed" in tekst:
        return "de inhoud is beschadigd"
    return "het kon niet worden gelezen"


def _vreemd_bericht(pad: Path) -> str:
    return (
        f"Het opslagbestand '{pad.name}' in {pad.parent} is van een andere gebruiker. Het wordt niet gelezen en "
        "er wordt niets in geschreven. Open de cursus vanuit je eigen thuismap, of zet WIJKLAB_WERKMAP op een map "
        "van jezelf (zie README). Je werk van nu staat nog in dit notebook (download het hieronder)."
    )


def _map_bericht(pad: Path) -> str:
    return (
        f"Op de plek van je opslagbestand ({pad}) staat een map die niet opzij gezet kon worden. Hernoem die map "
        "of vraag je docent. Je werk staat nog in dit notebook (download het hieronder)."
    )


def _uitleg(fout: BaseException, pad: Path) -> str:
    """A Dutch explanation of a failed save or read, saying what to do."""
    tekst = str(fout).lower()
    if isinstance(fout, RuntimeError):
        return str(fout)
    if _is_bezet(fout):
        return "het opslagbestand is even bezet door een ander notebook. Je werk wacht in dit notebook en wordt zo opnieuw geprobeerd."
    if _is_vol(fout, pad):
        return "de schijf is vol. Je werk staat nog in dit notebook (download het hieronder). Maak ruimte vrij en probeer opnieuw."
    if "readonly" in tekst or "read-only" in tekst or isinstance(fout, PermissionError) or "unable to open" in tekst:
        return (
            f"de map {pad.parent} is niet beschrijfbaar. Je werk staat nog in dit notebook (download het "
            "hieronder). Kies een map waarin je mag schrijven (zie README, WIJKLAB_WERKMAP) of vraag je docent."
        )
    if isinstance(fout, (NotADirectoryError, FileExistsError)):
        return (
            f"de map voor je werk ({pad.parent}) kan niet worden gemaakt: op die plek staat een bestand. Je werk "
            "staat nog in dit notebook (download het hieronder). Kies een andere map (zie README, WIJKLAB_WERKMAP)."
        )
    if "disk i/o" in tekst:
        return "lezen of schrijven lukte even niet (een schijffout). Je werk staat nog in dit notebook (download het hieronder); probeer het zo opnieuw."
    soort = getattr(fout, "sqlite_errorname", None) or type(fout).__name__
    return f"opslaan lukte niet (foutsoort {soort}). Je werk staat nog in dit notebook (download het hieronder). Laat deze melding aan je docent zien."

