"""Reflections keep what the student typed: event-loop debounce, flush on kernel shutdown, locks."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from hostile import maak_cursus
from test_store import houd_vast
from wijklab import reflection
from wijklab.bank import zoek
from wijklab.store import huidige_store


@pytest.fixture
def testcursus(tmp_path, monkeypatch):
    return maak_cursus(tmp_path / "cursus", monkeypatch)


def _opdracht():
    return zoek("01-eigen-buurt")[1]


def _teksten(pad: Path, onderdeel: str = "01-eigen-buurt") -> list[str]:
    con = sqlite3.connect(pad)
    try:
        return [r[0] for r in con.execute("SELECT tekst FROM concepten WHERE onderdeel = ? ORDER BY nr", (onderdeel,))]
    finally:
        con.close()


# --- the debounce runs on the event loop ------------------------------------------------------------


def test_debounce_runs_on_the_event_loop_not_in_threads(testcursus):
    store = huidige_store()
    gezien: list[str] = []

    async def notebook():
        r = reflection.ReflectieWidget(_opdracht(), store, wacht_s=0.2)
        r.widget.observe(lambda c: gezien.append(threading.current_thread().name), names="status")
        draden = threading.active_count()
        for deel in ["Ik", "Ik woon", "Ik woon in Overvecht."]:
            r.widget.waarde = {"tekst": deel}
            await asyncio.sleep(0.05)
        assert threading.active_count() == draden, "the debounce started a thread"
        assert "wordt zo opgeslagen" in r.widget.status
        await asyncio.sleep(0.5)
        assert "opgeslagen om" in r.widget.status
        return r

    asyncio.run(notebook())
    assert _teksten(store.pad) == ["Ik woon in Overvecht."]  # debounced: one save
    assert set(gezien) == {threading.main_thread().name}  # every status change on the loop's thread


# --- text typed just before the kernel stops --------------------------------------------------------


def test_text_typed_just_before_shutdown_or_restart_is_saved(testcursus):
    jupyter_client = pytest.importorskip("jupyter_client")
    pad = huidige_store().pad
    km = jupyter_client.KernelManager(kernel_name="python3")
    km.start_kernel(env=dict(os.environ), cwd=str(testcursus))
    try:
        for stap, tekst in (("herstart", "getypt vlak voor een herstart"), ("afsluiten", "getypt vlak voor het afsluiten")):
            kc = km.client()
            kc.start_channels()
            try:
                kc.wait_for_ready(timeout=60)
                code = (
                    "from wijklab.reflection import ReflectieWidget\n"
                    "from wijklab.bank import zoek\n"
                    "from wijklab.store import huidige_store\n"
                    "w = ReflectieWidget(zoek('01-eigen-buurt')[1], huidige_store(), wacht_s=30)\n"
                    f"w.widget.waarde = {{'tekst': {tekst!r}}}\n"
                )
                antwoord = kc.execute_interactive(code, timeout=60)
                assert antwoord["content"]["status"] == "ok", antwoord["content"]
            finally:
                kc.stop_channels()
            assert tekst not in _teksten(pad)  # the debounce (30 s) has not fired yet
            if stap == "herstart":
                km.restart_kernel(now=False)
            else:
                km.shutdown_kernel(now=False)
            assert _teksten(pad)[-1] == tekst, stap
    finally:
        if km.is_alive():
            km.shutdown_kernel(now=True)


# --- a store locked by another notebook ---------------------------------------------------------------


def test_locked_store_shows_a_note_not_an_empty_box_over_the_draft(testcursus):
    store = huidige_store()
    assert store.bewaar_concept("01-eigen-buurt", "mijn eerdere tekst").gelukt
    with houd_vast(store.pad):
        begin = time.monotonic()
        r = reflection.ReflectieWidget(_opdracht(), store, wacht_s=0.1)
        assert time.monotonic() - begin < 6
        assert r.widget.uitgeschakeld and r.widget.knop("bewaar")["uit"]
        assert "bezet" in r.widget.melding and "niet weg" in r.widget.melding
        assert r.bewaar() is None  # nothing, certainly not an empty text, is saved over the draft
    assert _teksten(store.pad) == ["mijn eerdere tekst"]
    # once the lock is gone the draft comes back and the box opens
    assert r._probeer_lezen()
    assert r.tekst == "mijn eerdere tekst" and not r.widget.uitgeschakeld and r.widget.melding == ""
    assert r.bewaar() is None and _teksten(store.pad) == ["mijn eerdere tekst"]


def test_locked_draft_is_read_again_on_the_event_loop(testcursus):
    store = huidige_store()
    store.bewaar_concept("01-eigen-buurt", "mijn eerdere tekst")

    async def notebook():
        with houd_vast(store.pad):
            r = reflection.ReflectieWidget(_opdracht(), store)
            assert r.widget.uitgeschakeld
        await asyncio.sleep(reflection.OPNIEUW_S + 2)
        return r

    r = asyncio.run(notebook())
    assert r.tekst == "mijn eerdere tekst" and not r.widget.uitgeschakeld


def test_save_during_a_lock_says_busy_and_is_saved_after(testcursus):
    store = huidige_store()

    async def notebook():
        r = reflection.ReflectieWidget(_opdracht(), store, wacht_s=0.05)
        with houd_vast(store.pad):
            r.widget.waarde = {"tekst": "tijdens het slot"}
            await asyncio.sleep(0.1)
            begin = time.monotonic()
            await asyncio.sleep(2.5)  # the save (waiting at most WACHTTIJD_UI_S) ran meanwhile
            assert time.monotonic() - begin < 4.5
            assert "bezet, wordt zo opnieuw geprobeerd" in r.widget.status
        await asyncio.sleep(reflection.OPNIEUW_S + 2)
        return r

    r = asyncio.run(notebook())
    assert _teksten(store.pad) == ["tijdens het slot"]
    assert "opgeslagen om" in r.widget.status


def test_empty_text_is_never_saved_when_the_draft_could_not_be_read(testcursus, tmp_path, monkeypatch):
    (tmp_path / "bestand").write_text("x")
    monkeypatch.setenv("WIJKLAB_WERKMAP", str(tmp_path / "bestand" / "werk"))
    r = reflection.ReflectieWidget(_opdracht(), huidige_store(), wacht_s=0.1)
    assert r.bewaar() is None and not huidige_store().niet_opgeslagen
