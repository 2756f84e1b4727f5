"""The store's file: its schema, opening and checking it, setting a damaged or foreign file aside,
the folder lock, whose file it is, and where it lives.

What can go wrong with the file itself, and what happens then:

* the kernel is killed during a save: a transaction is either in the file or not; the file stays intact.
* the file is corrupt, is another program's SQLite file, or is a folder: it is set aside under a new
  name, byte for byte (never deleted, overwritten or changed, also when several kernels find the
  damage at once: the first opening of a store in a process runs under a lock on the folder, so one
  kernel moves it and the others find the fresh store), a fresh store is started, and the student is
  told where the old one is; only the kernel that moved it says so.
* the file belongs to someone else (another Unix user owns it, or its ``eigenaar`` row names another
  uid): it is not read and not written; the student is told what to do. A new store records its
  owner in the ``eigenaar`` setting.

:class:`Opslagbestand` is the part of :class:`wijklab.werk.store.Store` that does this; the rows
themselves go in with :func:`_voeg_in` (and :func:`_bewaakt` for a draft that might go over newer text).
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from wijklab.basis.paden import eigen_data_basis
from wijklab.werk.concepten import ANDER_CONCEPT, Concept, ander_concept_waarde, gaat_over_nieuwere_tekst
from wijklab.werk.opslagfouten import VreemdeStore, _is_bezet, _is_kapot, _map_bericht, _sqlite_nl, _vreemd_bericht

SCHEMA_VERSIE = 1
BESTANDSNAAM = "wijklab.sqlite"

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


def nu() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


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
    starts the store in it (see :meth:`Opslagbestand._zorg_voor_schema`)."""
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


def _maak_eigen_map() -> None:
    """Her own folder for her work in her home (the course root is not hers): nobody else may read it."""
    try:
        eigen_data_basis().mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(eigen_data_basis(), 0o700)
    except OSError:
        pass  # saving will say what is wrong


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
        "SELECT nr, tijd, notebook, onderdeel, tekst FROM concepten WHERE onderdeel = ? ORDER BY nr DESC LIMIT 1",
        (rij["onderdeel"],),
    ).fetchone()
    if not gaat_over_nieuwere_tekst(Concept(*laatste) if laatste else None, rij["_basis"], rij.get("_gezien"), rij["tekst"]):
        return tabel, rij, None
    waarde = ander_concept_waarde(rij["tijd"], rij["tekst"])
    return tabel, rij, {"tijd": rij["tijd"], "sleutel": ANDER_CONCEPT + rij["onderdeel"], "waarde": waarde}


def _voeg_in(con: sqlite3.Connection, tabel: str, rij: dict) -> int:
    """Insert one row; its ``nr``."""
    kolommen = _KOLOMMEN[tabel]
    cur = con.execute(
        f"INSERT INTO {tabel} ({', '.join(kolommen)}) VALUES ({', '.join('?' * len(kolommen))})", [rij[k] for k in kolommen]
    )
    return cur.lastrowid


class Opslagbestand:
    """The part of :class:`wijklab.werk.store.Store` that opens, checks and repairs its file (uses the
    store's ``pad``, ``wachttijd``, ``meldingen`` and ``_klaar``; takes in side files through
    :meth:`wijklab.werk.wachtrij.Wachtrij._neem_zijbestanden_op`)."""

    def _verbind(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.pad, timeout=self.wachttijd, isolation_level=None)
        con.execute("PRAGMA synchronous=FULL")
        return con

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
