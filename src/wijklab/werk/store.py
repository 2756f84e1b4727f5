"""The student's work in one SQLite file, append-only.

Every quiz attempt, every saved draft of a reflection and every setting is a new row; nothing is
updated or deleted. The latest row is the current answer. The file lives in ``mijn_werk/`` at the
course root, or where the environment variable ``WIJKLAB_WERKMAP`` points.

:class:`Store` is the public interface: save and read attempts, drafts and settings. Its parts:

* :mod:`wijklab.werk.opslagbestand`: the file (schema, opening and checking it, setting a damaged or
  foreign file aside under a folder lock, whose file it is, where it lives);
* :mod:`wijklab.werk.wachtrij`: rows waiting in memory after a lock or a full or read-only disk,
  retried on the kernel's event loop, and the side file written when the kernel stops;
* :mod:`wijklab.werk.opslagfouten`: what went wrong, classified and explained in Dutch;
* :mod:`wijklab.werk.concepten`: the rules for her drafts (revisions, newer text, earlier versions).

What can go wrong, and what happens then (the details are in those modules):

* two notebooks (two kernels) write at once: SQLite's locking serialises them. A notebook waits at
  most ``WACHTTIJD_UI_S`` (then the row waits in memory and is retried on the kernel's event loop,
  status "bezet, wordt zo opnieuw geprobeerd"); scripts and the CLI wait up to ``WACHTTIJD_S``.
* the kernel is killed during a save: a transaction is either in the file or not; the file stays intact.
* the file is corrupt, is another program's SQLite file, or is a folder: it is set aside under a new
  name, byte for byte, a fresh store is started, and the student is told where the old one is.
* the kernel stops while another process holds the lock: rows still waiting in memory go to a side
  file ``wijklab.wachtend-<time>-<pid>.json`` next to the store; the next session takes it in.
* the file belongs to someone else: it is not read and not written; the student is told what to do.
* the disk is read-only or full: the row is kept in memory (``Store.niet_opgeslagen``), the student is
  told, and the widgets offer it as a download; every later save first retries what is waiting.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import re
import sqlite3
import threading
import weakref
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wijklab.basis.paden import werk_locatie
from wijklab.werk.concepten import ANDER_CONCEPT, VERSCHIL_WOORDEN, Concept, eerdere_versie, tel_woorden
from wijklab.werk.opslagbestand import (
    _SCHEMA,
    BESTANDSNAAM,
    EIGENAAR,
    SCHEMA_VERSIE,
    Opslagbestand,
    _bewaakt,
    _maak_eigen_map,
    _voeg_in,
    nu,
)
from wijklab.werk.opslagfouten import LeesFout, VreemdeStore, _is_bezet, _uitleg
from wijklab.werk.wachtrij import AFSLUIT_POGINGEN, AFSLUIT_WACHT_S, OPNIEUW_S, ZIJ_LABEL, Opslag, Wachtrij

#: names of the store's parts that callers and tests import from here
__all__ = [
    "AFSLUIT_POGINGEN", "AFSLUIT_WACHT_S", "ANDER_CONCEPT", "BESTANDSNAAM", "Concept", "EIGENAAR", "LeesFout",
    "OPNIEUW_S", "Opslag", "Poging", "SCHEMA_VERSIE", "Store", "VERSCHIL_WOORDEN", "VreemdeStore", "WACHTTIJD_S",
    "WACHTTIJD_UI_S", "ZIJ_LABEL", "_SCHEMA", "_uitleg", "eerdere_versie", "huidige_store", "nu", "opslagbaar",
    "tel_woorden",
]

#: busy timeout for scripts, the CLI and the export
WACHTTIJD_S = 15.0
#: busy timeout in a notebook: a locked store must not freeze the notebook
WACHTTIJD_UI_S = 1.5

_SURROGAAT = re.compile("[\ud800-\udfff]")


def opslagbaar(tekst: str) -> str:
    """Text SQLite can store as UTF-8: a lone surrogate (half an emoji) becomes U+FFFD.

    Without this, one such character would make every later save of the session fail.
    """
    return _SURROGAAT.sub("\ufffd", tekst)


@dataclass(frozen=True)
class Poging:
    nr: int
    tijd: str
    notebook: str
    onderdeel: str
    antwoord: Any
    juist: bool
    score: float


@dataclass
class Store(Opslagbestand, Wachtrij):
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

    @contextmanager
    def geduldig(self, wachttijd: float = WACHTTIJD_S):
        """Wait longer for a lock inside this block (the export may take a moment; a keystroke may not)."""
        oud, self.wachttijd = self.wachttijd, max(self.wachttijd, wachttijd)
        try:
            yield self
        finally:
            self.wachttijd = oud

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
                _maak_eigen_map()
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
