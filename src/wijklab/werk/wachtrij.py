"""Rows that wait in memory because the store could not take them yet, and the side file.

* two notebooks (two kernels) write at once: SQLite's locking serialises them. A notebook waits at
  most ``WACHTTIJD_UI_S`` (then the row waits in memory and is retried on the kernel's event loop
  after ``OPNIEUW_S``, status "bezet, wordt zo opnieuw geprobeerd"); every later save first retries
  what is waiting.
* the kernel stops while another process holds the lock: rows still waiting in memory are first
  written to a side file ``wijklab.wachtend-<time>-<pid>.json`` next to the store (atomically), then
  tried ``AFSLUIT_POGINGEN`` times (about 9 s in all); the side file is removed when that worked. The
  next session takes a side file in (rows with their own times, a row already stored is not added
  twice; the file is removed only after the commit) and tells the student.

:class:`Wachtrij` is the part of :class:`wijklab.werk.store.Store` that does this (it uses the store's
``niet_opgeslagen``, ``_schrijf`` and ``_verbind``). :class:`Opslag` is the outcome of one save: saved,
waiting for a lock (retried), or waiting in memory.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import tempfile
import weakref
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from wijklab.basis.taal import aantal
from wijklab.werk.opslagbestand import _KOLOMMEN, _bewaakt, _fsync_map, _verplaats_zonder_overschrijven, _voeg_in

#: seconds before a save that found the store busy is tried again (on the kernel's event loop)
OPNIEUW_S = 3.0
#: a kernel that stops tries rows still waiting this often, each time waiting this long for a lock (~9 s in all)
AFSLUIT_POGINGEN = 3
AFSLUIT_WACHT_S = 3.0
#: what still cannot be written at exit goes to a side file ``<store>.wachtend-<time>-<pid>.json`` next to it
ZIJ_LABEL = "wachtend"


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


class Wachtrij:
    """The part of :class:`wijklab.werk.store.Store` that keeps, retries and sets aside waiting rows."""

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
                    f"({aantal(nieuw, 'onderdeel', 'onderdelen')}, met de tijd waarop je het maakte). Je hoeft niets te doen."
                )

    def als_download(self) -> str:
        """Everything that could not be saved, as JSON text for a download."""
        return json.dumps([{"soort": t, **r} for t, r in self.niet_opgeslagen], ensure_ascii=False, indent=2)

