"""The student's work in one SQLite file, append-only.

Every quiz attempt, every saved draft of a reflection and every setting is a new row; nothing is
updated or deleted. The latest row is the current answer. The file lives in ``mijn_werk/`` at the
course root, or where the environment variable ``WIJKLAB_WERKMAP`` points.

What can go wrong, and what happens then:

* two notebooks (two kernels) write at once: SQLite's locking serialises them. A notebook waits at
  most ``WACHTTIJD_UI_S`` (then the row waits in memory and is retried on the kernel's event loop,
  status "bezet, wordt zo opnieuw geprobeerd"); scripts and the CLI wait up to ``WACHTTIJD_S``.
* the kernel is killed during a save: a transaction is either in the file or not; the file stays intact.
* the file is corrupt, is another program's SQLite file, or is a folder: it is set aside under a new
  name, byte for byte (never deleted, overwritten or changed, also when several kernels find the
  damage at once: the first opening of a store in a process runs under a lock on the folder, so one
  kernel moves it and the others find the fresh store), a fresh store is started, and the student is
  told where the old one is; only the kernel that moved it says so.
* the kernel stops while another process holds the lock: rows still waiting in memory are first
  written to a side file ``wijklab.wachtend-<time>-<pid>.json`` next to the store (atomically), then
  tried ``AFSLUIT_POGINGEN`` times (about 9 s in all); the side file is removed when that worked. The
  next session takes a side file in (rows with their own times, a row already stored is not added
  twice; the file is removed only after the commit) and tells the student.
* the file belongs to someone else (another Unix user owns it, or its ``eigenaar`` row names another
  uid): it is not read and not written; the student is told what to do. A new store records its
  owner in the ``eigenaar`` setting.
* the disk is read-only or full: the row is kept in memory (``Store.niet_opgeslagen``), the student is
  told, and the widgets offer it as a download; every later save first retries what is waiting.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import weakref
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from wijklab.basis.paden import eigen_data_basis, werk_locatie

SCHEMA_VERSIE = 1
BESTANDSNAAM = "wijklab.sqlite"
#: busy timeout for scripts, the CLI and the export
WACHTTIJD_S = 15.0
#: busy timeout in a notebook: a locked store must not freeze the notebook
WACHTTIJD_UI_S = 1.5
#: seconds before a save that found the store busy is tried again (on the kernel's event loop)
OPNIEUW_S = 3.0
#: a kernel that stops tries rows still waiting this often, each time waiting this long for a lock (~9 s in all)
AFSLUIT_POGINGEN = 3
AFSLUIT_WACHT_S = 3.0
#: what still cannot be written at exit goes to a side file ``<store>.wachtend-<time>-<pid>.json`` next to it
ZIJ_LABEL = "wachtend"
#: the setting that keeps a box's draft that may not go over a newer draft of another box (JSON
#: {tijd, tekst}, '' once she chose); the reflection box offers it back (see reflection.py)
ANDER_CONCEPT = "ander-concept:"
#: the setting that records whose store this is (JSON: uid and user name, written at creation)
EIGENAAR = "eigenaar"

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


#: an older draft is offered back when the newest has less than half its words (and at least this many fewer)
VERSCHIL_WOORDEN = 5


def eerdere_versie(concepten: list[Concept]) -> Concept | None:
    """The older draft (most words, the latest of equals) worth offering back because the newest
    draft of that reflection is empty or much shorter; None when there is none.

    ``concepten`` are the drafts of one reflection, oldest first (as :meth:`Store.concepten` gives them).
    """
    if len(concepten) < 2:
        return None
    nu_w = tel_woorden(concepten[-1].tekst)
    _, _, beste = max((tel_woorden(c.tekst), i, c) for i, c in enumerate(concepten[:-1]))
    eerder_w = tel_woorden(beste.tekst)
    if eerder_w > 0 and (nu_w == 0 or (2 * nu_w < eerder_w and eerder_w - nu_w >= VERSCHIL_WOORDEN)):
        return beste
    return None


def nu() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


class LeesFout(Exception):
    """Reading the store failed; ``melding`` is the Dutch explanation, ``bezet`` says it was a lock."""

    def __init__(self, melding: str, bezet: bool = False):
        super().__init__(melding)
        self.melding = melding
        self.bezet = bezet


class VreemdeStore(RuntimeError):
    """The store belongs to another user: it is neither read nor written."""


@dataclass(frozen=True)
class Opslag:
    """The outcome of one save, for the widget to show."""

    gelukt: bool
    tijd: str
    melding: str = ""
    bezet: bool = False
    #: the row number (revision) of the row just written, when it was written
    nr: int | None = None
    #: reflections whose draft was kept as ANDER_CONCEPT instead, because another box wrote a newer one
    apart: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        uur = self.tijd[11:16]
        if self.gelukt:
            return f"opgeslagen om {uur}"
        if self.bezet:
            return f"nog niet opgeslagen ({uur}): bezet, wordt zo opnieuw geprobeerd"
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


def _identiteit(pad: Path) -> tuple | None:
    """What is at ``pad`` right now (to see whether another process already replaced it)."""
    try:
        st = os.lstat(pad)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


@contextmanager
def _map_slot(map: Path):
    """An exclusive lock on the folder itself: only one process at a time checks, sets aside or
    starts the store in it (see :meth:`Store._zorg_voor_schema`)."""
    try:
        import fcntl
    except ImportError:  # Windows: os.rename never overwrites there, which is what matters
        yield
        return
    try:
        fd = os.open(map, os.O_RDONLY)
    except OSError:  # a folder we may not open for reading: opening the store will say what is wrong
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _verplaats_zonder_overschrijven(bron: Path, doel: Path) -> bool:
    """Move ``bron`` to ``doel`` only if ``doel`` does not exist; never overwrite anything."""
    try:
        os.link(bron, doel, follow_symlinks=False)  # atomic, fails if doel exists
    except FileExistsError:
        return False
    except OSError:  # a folder, or a file system without hard links: rename, checked under the lock
        if os.path.lexists(doel):
            return False
        os.rename(bron, doel)
        return True
    os.unlink(bron)  # the data lives on under the new name
    return True


def _eigen_uid() -> int | None:
    return os.getuid() if hasattr(os, "getuid") else None


def _eigen_gebruiker() -> str:
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # no user name available (e.g. a container without passwd entry)
        return ""


@dataclass
class Store:
    """One student's store. Use :func:`huidige_store` in notebooks; tests may make their own."""

    pad: Path
    meldingen: list[str] = field(default_factory=list)
    niet_opgeslagen: list[tuple[str, dict]] = field(default_factory=list)
    #: seconds to wait for a lock held by another process before giving up (the row waits in memory)
    wachttijd: float = WACHTTIJD_S
    #: read failures met in this session (reported in the export, also when they have passed)
    leesfouten: list[str] = field(default_factory=list)
    #: notes for the student that are not problems (e.g. where her work is kept)
    info: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.pad = Path(self.pad)
        self._slot = threading.RLock()
        self._klaar = False
        self._gepland: asyncio.TimerHandle | None = None
        self._gepland_loop: asyncio.AbstractEventLoop | None = None
        self._luisteraars: list[weakref.WeakMethod] = []
        self._eigen_zijbestanden: set[Path] = set()  # written by this process: its rows are still in memory

    # --- connection and repair -------------------------------------------------------------

    def _verbind(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.pad, timeout=self.wachttijd, isolation_level=None)
        con.execute("PRAGMA synchronous=FULL")
        return con

    @contextmanager
    def geduldig(self, wachttijd: float = WACHTTIJD_S):
        """Wait longer for a lock inside this block (the export may take a moment; a keystroke may not)."""
        oud, self.wachttijd = self.wachttijd, max(self.wachttijd, wachttijd)
        try:
            yield self
        finally:
            self.wachttijd = oud

    def _zet_apart(self, soort: str, reden: str, gezien: tuple | None) -> None:
        """Set the file (or folder) at ``pad`` aside, if it is still the one found bad (``gezien``)."""
        stempel = datetime.now().strftime("%Y%m%d-%H%M%S")
        label = {"beschadigd": "beschadigd", "vreemd": "ander-bestand", "map": "map"}[soort]
        # the caller holds the folder lock (_zorg_voor_schema)
        if gezien is None or _identiteit(self.pad) != gezien:
            return  # it changed since it was checked: just open again
        n, apart = 1, self.pad.with_name(f"{self.pad.stem}.{label}-{stempel}{self.pad.suffix}")
        while not _verplaats_zonder_overschrijven(self.pad, apart):
            n += 1
            apart = self.pad.with_name(f"{self.pad.stem}.{label}-{stempel}-{n}{self.pad.suffix}")
        for staart in ("-journal", "-wal", "-shm"):
            bij = self.pad.with_name(self.pad.name + staart)
            if bij.is_file():
                _verplaats_zonder_overschrijven(bij, apart.with_name(apart.name + staart))
        wat = {
            "beschadigd": f"Je opslagbestand was beschadigd ({_sqlite_nl(reden)}).",
            "vreemd": f"Op de plek van je opslagbestand stond een ander SQLite-bestand ({reden}), geen werk van deze cursus.",
            "map": "Op de plek van je opslagbestand stond een map in plaats van een bestand.",
        }[soort]
        self.meldingen.append(
            f"{wat} Het is niet weggegooid maar bewaard als '{apart.name}' in {apart.parent}. Er is een nieuw, "
            "leeg bestand begonnen. Geef het oude bestand aan je docent: misschien is er nog iets uit te halen. "
            "Wat je vanaf nu doet, wordt gewoon bewaard."
        )

    def _controleer_eigenaar_bestand(self) -> None:
        uid = _eigen_uid()
        if uid is None:
            return
        try:
            st = self.pad.stat()
        except FileNotFoundError:
            return
        if st.st_uid != uid:
            raise VreemdeStore(_vreemd_bericht(self.pad))

    def _onderzoek(self, con: sqlite3.Connection) -> str:
        """'ok', 'nieuw' (tables still to be made) or 'vreemd: <reason>'; raises for a damaged file."""
        if self.pad.stat().st_size > 0:
            uitslag = con.execute("PRAGMA quick_check").fetchone()[0]
            if uitslag != "ok":
                raise sqlite3.DatabaseError(f"database disk image is malformed: {uitslag}")
        versie = con.execute("PRAGMA user_version").fetchone()[0]
        if versie > SCHEMA_VERSIE:
            raise RuntimeError(
                f"Je opslagbestand is gemaakt door een nieuwere versie van de cursus (schema {versie}). "
                "Werk de cursus bij (zie README) voordat je verdergaat."
            )
        tabellen = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        tabellen = {t for t in tabellen if not t.startswith("sqlite_")}
        vreemd = sorted(tabellen - set(_KOLOMMEN))
        if vreemd:
            return f"vreemd: met de tabel(len) {', '.join(vreemd[:5])}"
        for tabel in tabellen:
            kolommen = {r[1] for r in con.execute(f"PRAGMA table_info({tabel})")}
            if not set(_KOLOMMEN[tabel]) <= kolommen:
                return f"vreemd: de tabel {tabel} heeft andere kolommen"
        if versie >= 1 and "pogingen" not in tabellen:
            return "vreemd: zonder de tabel pogingen"
        return "ok" if versie == SCHEMA_VERSIE and tabellen == set(_KOLOMMEN) else "nieuw"

    def _eigenaar_in_orde(self, con: sqlite3.Connection) -> None:
        """Refuse a store whose 'eigenaar' row names another uid; record the owner if none is recorded."""
        uid = _eigen_uid()
        rij = con.execute(
            "SELECT waarde FROM instellingen WHERE sleutel = ? ORDER BY nr DESC LIMIT 1", (EIGENAAR,)
        ).fetchone()
        if rij is not None:
            try:
                eigen = json.loads(rij[0]).get("uid")
            except (ValueError, AttributeError):
                eigen = None
            if uid is not None and eigen is not None and eigen != uid:
                raise VreemdeStore(_vreemd_bericht(self.pad))
            return
        waarde = json.dumps({"uid": uid, "gebruiker": _eigen_gebruiker()}, ensure_ascii=False)
        try:
            con.execute("BEGIN IMMEDIATE")
            try:
                if con.execute("SELECT 1 FROM instellingen WHERE sleutel = ?", (EIGENAAR,)).fetchone() is None:
                    con.execute("INSERT INTO instellingen (tijd, sleutel, waarde) VALUES (?, ?, ?)", (nu(), EIGENAAR, waarde))
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as e:
            if _is_bezet(e):
                raise  # try again later, like any locked read
            # a read-only old store stays readable; its owner is recorded once it can be written

    def _zorg_voor_schema(self) -> None:
        """Create or check the schema once per process; set a damaged or foreign file aside.

        The whole check runs under the folder lock, so that no other process opening the store for the
        first time looks at the file while it is set aside and a fresh one is started. (Without it,
        SQLite in a process still reading the damaged file took the new store's rollback journal for
        its own, "rolled it back" into the damaged original and emptied it: the original was lost.)
        """
        if self._klaar:
            return
        self.pad.parent.mkdir(parents=True, exist_ok=True)
        with _map_slot(self.pad.parent):
            self._zorg_voor_schema_onder_slot()
            self._neem_zijbestanden_op()

    def _zorg_voor_schema_onder_slot(self) -> None:
        for poging in range(4):
            gezien = _identiteit(self.pad)
            if self.pad.is_dir():
                if poging < 3:
                    self._zet_apart("map", "", gezien)
                    continue
                raise RuntimeError(_map_bericht(self.pad))
            self._controleer_eigenaar_bestand()
            try:
                con = self._verbind()
                try:
                    staat = self._onderzoek(con)
                    if staat.startswith("vreemd"):
                        if poging == 3:
                            raise RuntimeError(
                                f"Op de plek van je opslagbestand ({self.pad}) staat een ander SQLite-bestand dat niet "
                                "opzij gezet kon worden. Hernoem het of vraag je docent."
                            )
                        if _identiteit(self.pad) == gezien:
                            self._zet_apart("vreemd", staat.split(": ", 1)[1], gezien)
                        continue
                    if staat == "nieuw":
                        con.execute("BEGIN IMMEDIATE")
                        try:
                            for opdracht in _SCHEMA.split(";"):
                                if opdracht.strip():
                                    con.execute(opdracht)
                            con.execute(f"PRAGMA user_version={SCHEMA_VERSIE}")
                            con.execute("COMMIT")
                        except BaseException:
                            con.execute("ROLLBACK")
                            raise
                    self._eigenaar_in_orde(con)
                finally:
                    con.close()
                self._klaar = True
                return
            except sqlite3.DatabaseError as e:
                if poging < 3 and _is_kapot(e):
                    if _identiteit(self.pad) == gezien:  # what we checked is still what is there
                        self._zet_apart("beschadigd", str(e), gezien)
                    continue
                raise
        raise RuntimeError(
            "Je opslagbestand kon niet worden geopend, ook niet na het apart zetten van een beschadigd bestand. "
            "Sluit andere notebooks van de cursus en voer deze cel opnieuw uit, of vraag je docent."
        )

    # --- writing -------------------------------------------------------------------------------

    def _schrijf(self, tabel: str | None, rij: dict | None) -> Opslag:
        with self._slot:
            if tabel is not None:
                self.niet_opgeslagen.append((tabel, rij))
            tijd = rij["tijd"] if rij else nu()
            try:
                self._zorg_voor_schema()
                nr, apart = None, []
                if self.niet_opgeslagen:
                    con = self._verbind()
                    try:
                        con.execute("BEGIN IMMEDIATE")
                        for t, r in self.niet_opgeslagen:
                            t, r, opzij = _bewaakt(con, t, r)
                            nr = None if opzij else _voeg_in(con, t, r)
                            if opzij:
                                _voeg_in(con, "instellingen", opzij)
                                apart.append(r["onderdeel"])
                        con.execute("COMMIT")
                    finally:
                        con.close()
            except (sqlite3.Error, OSError, RuntimeError, ValueError) as e:
                if _is_bezet(e):
                    self._plan_opnieuw()
                    return Opslag(False, tijd, _uitleg(e, self.pad), bezet=True)
                return Opslag(False, tijd, _uitleg(e, self.pad))
            self.niet_opgeslagen.clear()
            return Opslag(True, tijd, nr=nr if tabel is not None else None, apart=tuple(apart))

    def probeer_opnieuw(self) -> Opslag:
        """Save what is waiting in memory (nothing new); tell the widgets that listen."""
        uit = self._schrijf(None, None)
        for ref in list(self._luisteraars):
            methode = ref()
            if methode is None:
                self._luisteraars.remove(ref)
            else:
                methode(uit)
        return uit

    def luister(self, methode: Callable[[Opslag], None]) -> None:
        """Call ``methode`` (a bound method, kept weakly) after every retry of waiting rows."""
        self._luisteraars.append(weakref.WeakMethod(methode))

    def _plan_opnieuw(self) -> None:
        """Retry later on the kernel's event loop; without a loop the next save retries."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if self._gepland is not None and self._gepland_loop is loop and not self._gepland.cancelled():
            return  # already planned on this loop
        self._gepland, self._gepland_loop = loop.call_later(OPNIEUW_S, self._opnieuw), loop

    def _opnieuw(self) -> None:
        self._gepland = None
        if self.niet_opgeslagen:
            self.probeer_opnieuw()

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

    def bewaar_concept(self, onderdeel: str, tekst: str, *, basis: int | None = None, gezien: str | None = None) -> Opslag:
        """Save a draft. With ``basis`` (the revision the box showed or wrote) and ``gezien`` (that text),
        the draft never goes over a newer, different draft written meanwhile by another box: then it is
        kept as the setting ANDER_CONCEPT + onderdeel instead (``Opslag.apart``). The check runs inside
        the write transaction, so it also holds for a save retried later after a lock."""
        if not isinstance(tekst, str):
            raise TypeError("tekst moet een str zijn")
        rij = {"tijd": nu(), "notebook": onderdeel[:2], "onderdeel": onderdeel, "tekst": opslagbaar(tekst)}
        if basis is not None:
            rij.update(_basis=basis, _gezien=gezien)
        return self._schrijf("concepten", rij)

    def bewaar_instelling(self, sleutel: str, waarde: str) -> Opslag:
        return self._schrijf("instellingen", {"tijd": nu(), "sleutel": sleutel, "waarde": opslagbaar(str(waarde))})

    # --- reading -------------------------------------------------------------------------------

    def _lees(self, sql: str, args: tuple = (), streng: bool = False) -> list[tuple]:
        """Rows for ``sql``; a failure is recorded (and, if ``streng``, raised as :class:`LeesFout`)."""
        try:
            with self._slot:
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
            if melding not in self.leesfouten:
                self.leesfouten.append(melding)
            if streng:
                raise LeesFout(melding, bezet=_is_bezet(e)) from e
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

    def concepten(self, onderdeel: str | None = None, *, streng: bool = False) -> list[Concept]:
        sql = "SELECT nr, tijd, notebook, onderdeel, tekst FROM concepten"
        rijen = self._lees(
            sql + (" WHERE onderdeel = ? ORDER BY nr" if onderdeel else " ORDER BY nr"), (onderdeel,) if onderdeel else (), streng=streng
        )
        uit = [Concept(*r) for r in rijen]
        for r in self._wachtend("concepten"):
            if onderdeel in (None, r["onderdeel"]):
                uit.append(Concept(-1, r["tijd"], r["notebook"], r["onderdeel"], r["tekst"]))
        return uit

    def laatste_concept(self, onderdeel: str, *, streng: bool = False) -> Concept | None:
        """The latest draft; with ``streng`` a failed read raises :class:`LeesFout` instead of giving None.

        One row through the index (a box checks it before every save), or the last row waiting in memory.
        """
        rijen = self._lees(
            "SELECT nr, tijd, notebook, onderdeel, tekst FROM concepten WHERE onderdeel = ? ORDER BY nr DESC LIMIT 1",
            (onderdeel,),
            streng=streng,
        )
        wachtend = [r for r in self._wachtend("concepten") if r["onderdeel"] == onderdeel]
        if wachtend:
            r = wachtend[-1]
            return Concept(-1, r["tijd"], r["notebook"], r["onderdeel"], r["tekst"])
        return Concept(*rijen[0]) if rijen else None

    def huidige_concepten(self) -> dict[str, Concept]:
        """The latest draft of every reflection."""
        return {c.onderdeel: c for c in self.concepten()}

    def instelling(self, sleutel: str, standaard: str | None = None) -> str | None:
        rijen = self._lees("SELECT waarde FROM instellingen WHERE sleutel = ? ORDER BY nr DESC LIMIT 1", (sleutel,))
        wachtend = [r["waarde"] for r in self._wachtend("instellingen") if r["sleutel"] == sleutel]
        if wachtend:
            return wachtend[-1]
        return rijen[0][0] if rijen else standaard

    # --- the side file: work that could not be written when the kernel stopped -------------------

    def zijbestanden(self) -> list[Path]:
        """Side files left next to the store by sessions that could not write everything at exit."""
        try:
            return sorted(self.pad.parent.glob(f"{self.pad.stem}.{ZIJ_LABEL}-*.json"))
        except OSError:
            return []

    def bewaar_in_zijbestand(self) -> Path | None:
        """Write the rows waiting in memory to a new side file next to the store; None if that failed too.

        Written atomically (a temporary file, fsync, then linked under its final name), never over
        another file. The rows stay in memory as well: a later successful save removes the file again.
        """
        with self._slot:
            if not self.niet_opgeslagen:
                return None
            stempel = datetime.now().strftime("%Y%m%d-%H%M%S")
            naam = f"{self.pad.stem}.{ZIJ_LABEL}-{stempel}-{os.getpid()}"
            inhoud = json.dumps({"versie": 1, "rijen": [{"tabel": t, "rij": r} for t, r in self.niet_opgeslagen]}, ensure_ascii=False)
            tijdelijk = None
            try:
                self.pad.parent.mkdir(parents=True, exist_ok=True)
                fd, tijdelijk = tempfile.mkstemp(prefix=f".{naam}.", suffix=".tmp", dir=self.pad.parent)
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    f.write(inhoud)
                    f.flush()
                    os.fsync(f.fileno())
                n, doel = 1, self.pad.with_name(naam + ".json")
                while not _verplaats_zonder_overschrijven(Path(tijdelijk), doel):
                    n += 1
                    doel = self.pad.with_name(f"{naam}-{n}.json")
                tijdelijk = None
                self._eigen_zijbestanden.add(doel)
                _fsync_map(self.pad.parent)
                return doel
            except OSError:
                return None
            finally:
                if tijdelijk is not None:
                    try:
                        os.unlink(tijdelijk)
                    except OSError:
                        pass

    def bewaar_bij_afsluiten(self) -> bool:
        """The kernel stops: write what waits in memory, or keep it in a side file. True if nothing is lost.

        The side file is written first (Jupyter kills a kernel that takes longer than a few seconds to
        stop), then at most ``AFSLUIT_POGINGEN`` patient tries; after a successful one the side file is
        removed again. The next session takes in a side file that is left (:meth:`_neem_zijbestanden_op`).
        """
        if not self.niet_opgeslagen:
            return True
        zij = self.bewaar_in_zijbestand()
        oud = self.wachttijd
        try:
            for _ in range(AFSLUIT_POGINGEN):
                self.wachttijd = AFSLUIT_WACHT_S
                uit = self._schrijf(None, None)
                if uit.gelukt or not uit.bezet:
                    break
        finally:
            self.wachttijd = oud
        if not self.niet_opgeslagen and zij is not None:
            try:
                os.unlink(zij)
            except OSError:
                pass  # its rows are in the store: the next session finds them there and skips them
        return not self.niet_opgeslagen or zij is not None

    def _neem_zijbestanden_op(self) -> None:
        """Take in side files of earlier sessions: insert their rows (with their own times) and remove
        each file only after the commit. A row already in the store is not inserted twice, so a file
        left by a kernel killed right after it saved does no harm. Called under the folder lock."""
        for bestand in self.zijbestanden():
            if bestand in self._eigen_zijbestanden:
                continue
            try:
                rijen = [(r["tabel"], r["rij"]) for r in json.loads(bestand.read_text(encoding="utf-8"))["rijen"]]
                if not all(t in _KOLOMMEN and isinstance(r, dict) and set(_KOLOMMEN[t]) <= set(r) for t, r in rijen):
                    raise ValueError(bestand)
            except (OSError, ValueError, KeyError, TypeError):
                melding = (
                    f"Het bestand '{bestand.name}' in {bestand.parent} met werk uit een eerdere sessie kon niet worden "
                    "gelezen. Het is niet weggegooid; geef het aan je docent."
                )
                if melding not in self.meldingen:
                    self.meldingen.append(melding)
                continue
            nieuw = 0
            try:
                con = self._verbind()
                try:
                    con.execute("BEGIN IMMEDIATE")
                    try:
                        for t, r in rijen:
                            t, r, opzij = _bewaakt(con, t, r)
                            if opzij:
                                t, r = "instellingen", opzij
                            kolommen = _KOLOMMEN[t]
                            al = con.execute(
                                f"SELECT 1 FROM {t} WHERE " + " AND ".join(f"{k} IS ?" for k in kolommen), [r[k] for k in kolommen]
                            ).fetchone()
                            if al is None:
                                _voeg_in(con, t, r)
                                nieuw += 1
                        con.execute("COMMIT")
                    except BaseException:
                        con.execute("ROLLBACK")
                        raise
                finally:
                    con.close()
            except sqlite3.Error:
                return  # e.g. locked or read-only: the file stays and a later session takes it in
            try:
                os.unlink(bestand)
            except OSError:
                pass  # taken in; the next session skips its rows
            if nieuw:
                self.info.append(
                    "Toen je notebook de vorige keer stopte, was je opslagbestand bezet, zodat een deel van je werk er "
                    f"niet in kon. Dat werk stond veilig in '{bestand.name}' en is nu alsnog opgeslagen "
                    f"({nieuw} {'onderdeel' if nieuw == 1 else 'onderdelen'}, met de tijd waarop je het maakte). Je hoeft niets te doen."
                )

    def als_download(self) -> str:
        """Everything that could not be saved, as JSON text for a download."""
        return json.dumps([{"soort": t, **r} for t, r in self.niet_opgeslagen], ensure_ascii=False, indent=2)


def _fsync_map(map: Path) -> None:
    """Make a new name in ``map`` durable (POSIX); nothing to do where folders cannot be opened."""
    try:
        fd = os.open(map, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _bewaakt(con: sqlite3.Connection, tabel: str, rij: dict) -> tuple[str, dict, dict | None]:
    """(tabel, rij, None), or for a draft that would go over a newer, different draft of another box:
    (tabel, rij, the ANDER_CONCEPT setting row to write instead)."""
    if tabel != "concepten" or rij.get("_basis") is None:
        return tabel, rij, None
    laatste = con.execute(
        "SELECT nr, tekst FROM concepten WHERE onderdeel = ? ORDER BY nr DESC LIMIT 1", (rij["onderdeel"],)
    ).fetchone()
    if laatste is None or laatste[0] <= rij["_basis"] or laatste[1] in (rij.get("_gezien"), rij["tekst"]):
        return tabel, rij, None
    waarde = json.dumps({"tijd": rij["tijd"], "tekst": rij["tekst"]}, ensure_ascii=False)
    return tabel, rij, {"tijd": rij["tijd"], "sleutel": ANDER_CONCEPT + rij["onderdeel"], "waarde": waarde}


def _voeg_in(con: sqlite3.Connection, tabel: str, rij: dict) -> int:
    """Insert one row; its ``nr``."""
    kolommen = _KOLOMMEN[tabel]
    cur = con.execute(
        f"INSERT INTO {tabel} ({', '.join(kolommen)}) VALUES ({', '.join('?' * len(kolommen))})", [rij[k] for k in kolommen]
    )
    return cur.lastrowid


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


_STORES: dict[Path, Store] = {}
_STORES_SLOT = threading.Lock()


def huidige_store() -> Store:
    """The store for this student (one object per file per process), with the notebook's short lock wait."""
    map, uitleg = werk_locatie()
    pad = (map / BESTANDSNAAM).absolute()
    with _STORES_SLOT:
        if pad not in _STORES:
            store = Store(pad, wachttijd=WACHTTIJD_UI_S)
            if uitleg:  # her own folder in her home: nobody else may read it
                store.info.append(uitleg)
                try:
                    eigen_data_basis().mkdir(mode=0o700, parents=True, exist_ok=True)
                    os.chmod(eigen_data_basis(), 0o700)
                except OSError:
                    pass  # saving will say what is wrong
            _STORES[pad] = store
        return _STORES[pad]


@atexit.register
def _bewaar_wachtend_bij_afsluiten() -> None:
    """The kernel stops: rows still waiting in memory (e.g. after a lock) are written or kept in a side file."""
    for store in list(_STORES.values()):
        try:
            store.bewaar_bij_afsluiten()
        except Exception:  # at exit nothing may stop the other stores
            pass
