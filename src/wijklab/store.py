"""The student's work in one SQLite file, append-only.

Every quiz attempt, every saved draft of a reflection and every setting is a new row; nothing is
updated or deleted. The latest row is the current answer. The file lives in ``mijn_werk/`` at the
course root, or where the environment variable ``WIJKLAB_WERKMAP`` points.

What can go wrong, and what happens then:

* two notebooks (two kernels) write at once: SQLite's locking serialises them; we wait up to 15 s.
* the kernel is killed during a save: a transaction is either in the file or not; the file stays intact.
* the file is corrupt: it is set aside under a new name (never deleted), a fresh store is started,
  and the student is told where the old file is.
* the disk is read-only or full: the row is kept in memory (``Store.niet_opgeslagen``), the student is
  told, and the widgets offer it as a download; every later save first retries what is waiting.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .paden import werk_map

SCHEMA_VERSIE = 1
BESTANDSNAAM = "wijklab.sqlite"
WACHTTIJD_S = 15.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pogingen (
    nr INTEGER PRIMARY KEY AUTOINCREMENT,
    tijd TEXT NOT NULL,
    notebook TEXT NOT NULL,
    onderdeel TEXT NOT NULL,
    antwoord TEXT NOT NULL,      -- JSON
    juist INTEGER NOT NULL,      -- 0/1
    score REAL NOT NULL          -- 0..1
);
CREATE TABLE IF NOT EXISTS concepten (
    nr INTEGER PRIMARY KEY AUTOINCREMENT,
    tijd TEXT NOT NULL,
    notebook TEXT NOT NULL,
    onderdeel TEXT NOT NULL,
    tekst TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS instellingen (
    nr INTEGER PRIMARY KEY AUTOINCREMENT,
    tijd TEXT NOT NULL,
    sleutel TEXT NOT NULL,
    waarde TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS pogingen_onderdeel ON pogingen (onderdeel, nr);
CREATE INDEX IF NOT EXISTS concepten_onderdeel ON concepten (onderdeel, nr);
"""

_KOLOMMEN = {
    "pogingen": ("tijd", "notebook", "onderdeel", "antwoord", "juist", "score"),
    "concepten": ("tijd", "notebook", "onderdeel", "tekst"),
    "instellingen": ("tijd", "sleutel", "waarde"),
}

# messages of sqlite3.DatabaseError that mean the file itself is damaged (not locked, not read-only)
_KAPOT = ("file is not a database", "malformed", "file is encrypted", "not a database")


_SURROGAAT = re.compile("[\ud800-\udfff]")


def opslagbaar(tekst: str) -> str:
    """Text SQLite can store as UTF-8: a lone surrogate (half an emoji) becomes U+FFFD.

    Without this, one such character would make every later save of the session fail.
    """
    return _SURROGAAT.sub("\ufffd", tekst)


def tel_woorden(tekst: str) -> int:
    """Words as the student sees them counted under her reflection ('s-Hertogenbosch is one word)."""
    return len(re.findall(r"\w+(?:[-'’]\w+)*", tekst or ""))


def nu() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass(frozen=True)
class Opslag:
    """The outcome of one save, for the widget to show."""

    gelukt: bool
    tijd: str
    melding: str = ""

    @property
    def status(self) -> str:
        uur = self.tijd[11:16]
        if self.gelukt:
            return f"opgeslagen om {uur}"
        return f"NIET opgeslagen ({uur}): {self.melding}"


@dataclass(frozen=True)
class Poging:
    nr: int
    tijd: str
    notebook: str
    onderdeel: str
    antwoord: Any
    juist: bool
    score: float


@dataclass(frozen=True)
class Concept:
    nr: int
    tijd: str
    notebook: str
    onderdeel: str
    tekst: str


@dataclass
class Store:
    """One student's store. Use :func:`huidige_store` in notebooks; tests may make their own."""

    pad: Path
    meldingen: list[str] = field(default_factory=list)
    niet_opgeslagen: list[tuple[str, dict]] = field(default_factory=list)

    def __post_init__(self):
        self.pad = Path(self.pad)
        self._slot = threading.Lock()
        self._klaar = False

    # --- connection and repair -------------------------------------------------------------

    def _verbind(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.pad, timeout=WACHTTIJD_S, isolation_level=None)
        con.execute("PRAGMA synchronous=FULL")
        return con

    def _zet_apart(self, reden: str) -> None:
        stempel = datetime.now().strftime("%Y%m%d-%H%M%S")
        apart = self.pad.with_name(f"{self.pad.stem}.beschadigd-{stempel}{self.pad.suffix}")
        n = 1
        while apart.exists():
            n += 1
            apart = self.pad.with_name(f"{self.pad.stem}.beschadigd-{stempel}-{n}{self.pad.suffix}")
        self.pad.rename(apart)
        for bijbestand in (self.pad.with_name(self.pad.name + "-journal"), self.pad.with_name(self.pad.name + "-wal")):
            if bijbestand.exists():
                bijbestand.rename(apart.with_name(apart.name + bijbestand.name[len(self.pad.name):]))
        self.meldingen.append(
            f"Je opslagbestand was beschadigd ({reden}). Het is niet weggegooid maar bewaard als "
            f"'{apart.name}' in {apart.parent}. Er is een nieuw, leeg bestand begonnen. Geef het oude "
            "bestand aan je docent: misschien is er nog iets uit te halen. Wat je vanaf nu doet, wordt "
            "gewoon bewaard."
        )

    def _zorg_voor_schema(self) -> None:
        """Create or check the schema once per process; set a damaged file aside."""
        if self._klaar:
            return
        self.pad.parent.mkdir(parents=True, exist_ok=True)
        for poging in range(2):
            try:
                con = self._verbind()
                try:
                    if self.pad.exists() and self.pad.stat().st_size > 0:
                        uitslag = con.execute("PRAGMA quick_check").fetchone()[0]
                        if uitslag != "ok":
                            raise sqlite3.DatabaseError(f"database disk image is malformed: {uitslag}")
                    versie = con.execute("PRAGMA user_version").fetchone()[0]
                    if versie > SCHEMA_VERSIE:
                        raise RuntimeError(
                            f"Je opslagbestand is gemaakt door een nieuwere versie van de cursus (schema {versie}). "
                            "Werk de cursus bij (zie README) voordat je verdergaat."
                        )
                    if versie < SCHEMA_VERSIE:
                        con.executescript(f"BEGIN IMMEDIATE; {_SCHEMA} PRAGMA user_version={SCHEMA_VERSIE}; COMMIT;")
                finally:
                    con.close()
                self._klaar = True
                return
            except sqlite3.DatabaseError as e:
                if poging == 0 and any(k in str(e).lower() for k in _KAPOT):
                    self._zet_apart(str(e))
                    continue
                raise

    # --- writing -------------------------------------------------------------------------------

    def _schrijf(self, tabel: str, rij: dict) -> Opslag:
        with self._slot:
            self.niet_opgeslagen.append((tabel, rij))
            try:
                self._zorg_voor_schema()
                con = self._verbind()
                try:
                    con.execute("BEGIN IMMEDIATE")
                    for t, r in self.niet_opgeslagen:
                        kolommen = _KOLOMMEN[t]
                        con.execute(
                            f"INSERT INTO {t} ({', '.join(kolommen)}) VALUES ({', '.join('?' * len(kolommen))})",
                            [r[k] for k in kolommen],
                        )
                    con.execute("COMMIT")
                finally:
                    con.close()
            except (sqlite3.Error, OSError, RuntimeError, ValueError) as e:
                return Opslag(False, rij["tijd"], _uitleg(e, self.pad))
            self.niet_opgeslagen.clear()
            return Opslag(True, rij["tijd"])

    def bewaar_poging(self, onderdeel: str, antwoord: Any, juist: bool, score: float) -> Opslag:
        rij = {
            "tijd": nu(),
            "notebook": onderdeel[:2],
            "onderdeel": onderdeel,
            "antwoord": opslagbaar(json.dumps(antwoord, ensure_ascii=False)),
            "juist": int(bool(juist)),
            "score": float(score),
        }
        return self._schrijf("pogingen", rij)

    def bewaar_concept(self, onderdeel: str, tekst: str) -> Opslag:
        if not isinstance(tekst, str):
            raise TypeError("tekst moet een str zijn")
        return self._schrijf("concepten", {"tijd": nu(), "notebook": onderdeel[:2], "onderdeel": onderdeel, "tekst": opslagbaar(tekst)})

    def bewaar_instelling(self, sleutel: str, waarde: str) -> Opslag:
        return self._schrijf("instellingen", {"tijd": nu(), "sleutel": sleutel, "waarde": opslagbaar(str(waarde))})

    # --- reading -------------------------------------------------------------------------------

    def _lees(self, sql: str, args: tuple = ()) -> list[tuple]:
        try:
            self._zorg_voor_schema()
            con = self._verbind()
            try:
                return con.execute(sql, args).fetchall()
            finally:
                con.close()
        except (sqlite3.Error, OSError, RuntimeError) as e:
            melding = _uitleg(e, self.pad)
            if melding not in self.meldingen:
                self.meldingen.append(melding)
            return []

    def _wachtend(self, tabel: str) -> list[dict]:
        return [r for t, r in list(self.niet_opgeslagen) if t == tabel]

    def pogingen(self, onderdeel: str | None = None) -> list[Poging]:
        sql = "SELECT nr, tijd, notebook, onderdeel, antwoord, juist, score FROM pogingen"
        rijen = self._lees(sql + (" WHERE onderdeel = ? ORDER BY nr" if onderdeel else " ORDER BY nr"), (onderdeel,) if onderdeel else ())
        uit = [Poging(r[0], r[1], r[2], r[3], json.loads(r[4]), bool(r[5]), r[6]) for r in rijen]
        for r in self._wachtend("pogingen"):
            if onderdeel in (None, r["onderdeel"]):
                uit.append(Poging(-1, r["tijd"], r["notebook"], r["onderdeel"], json.loads(r["antwoord"]), bool(r["juist"]), r["score"]))
        return uit

    def concepten(self, onderdeel: str | None = None) -> list[Concept]:
        sql = "SELECT nr, tijd, notebook, onderdeel, tekst FROM concepten"
        rijen = self._lees(sql + (" WHERE onderdeel = ? ORDER BY nr" if onderdeel else " ORDER BY nr"), (onderdeel,) if onderdeel else ())
        uit = [Concept(*r) for r in rijen]
        for r in self._wachtend("concepten"):
            if onderdeel in (None, r["onderdeel"]):
                uit.append(Concept(-1, r["tijd"], r["notebook"], r["onderdeel"], r["tekst"]))
        return uit

    def laatste_concept(self, onderdeel: str) -> Concept | None:
        alle = self.concepten(onderdeel)
        return alle[-1] if alle else None

    def huidige_concepten(self) -> dict[str, Concept]:
        """The latest draft of every reflection."""
        return {c.onderdeel: c for c in self.concepten()}

    def instelling(self, sleutel: str, standaard: str | None = None) -> str | None:
        rijen = self._lees("SELECT waarde FROM instellingen WHERE sleutel = ? ORDER BY nr DESC LIMIT 1", (sleutel,))
        wachtend = [r["waarde"] for r in self._wachtend("instellingen") if r["sleutel"] == sleutel]
        if wachtend:
            return wachtend[-1]
        return rijen[0][0] if rijen else standaard

    def als_download(self) -> str:
        """Everything that could not be saved, as JSON text for a download."""
        return json.dumps([{"soort": t, **r} for t, r in self.niet_opgeslagen], ensure_ascii=False, indent=2)


def _uitleg(fout: BaseException, pad: Path) -> str:
    """A Dutch explanation of a failed save, saying what to do."""
    tekst = str(fout).lower()
    if isinstance(fout, RuntimeError):
        return str(fout)
    if "readonly" in tekst or "read-only" in tekst or isinstance(fout, PermissionError) or "unable to open" in tekst:
        return (
            f"de map {pad.parent} is niet beschrijfbaar. Je werk staat nog in dit notebook (download het "
            "hieronder). Kies een map waarin je mag schrijven (zie README, WIJKLAB_WERKMAP) of vraag je docent."
        )
    if "full" in tekst or "no space" in tekst or "disk i/o" in tekst:
        return "de schijf is vol. Je werk staat nog in dit notebook (download het hieronder). Maak ruimte vrij en probeer opnieuw."
    if "locked" in tekst or "busy" in tekst:
        return "het opslagbestand is bezet door een ander notebook. Je werk wordt bij de volgende opslag opnieuw geprobeerd."
    return f"opslaan lukte niet ({fout}). Je werk staat nog in dit notebook (download het hieronder)."


_STORES: dict[Path, Store] = {}
_STORES_SLOT = threading.Lock()


def huidige_store() -> Store:
    """The store for this student (one object per file per process)."""
    pad = (werk_map() / BESTANDSNAAM).absolute()
    with _STORES_SLOT:
        if pad not in _STORES:
            _STORES[pad] = Store(pad)
        return _STORES[pad]
