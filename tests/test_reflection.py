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
from wijklab.leerling import reflectie as reflection
from wijklab.inhoud.bank import zoek
from wijklab.werk.store import huidige_store


@pytest.fixture
def testcursus(tmp_path, monkeypatch):
    return maak_cursus(tmp_path / "cursus", monkeypatch)


def _opdracht():
    return zoek("01-eigen-buurt")[1]


async def _tot(voorwaarde, binnen: float = 30.0) -> None:
    """Let the event loop run until ``voorwaarde()`` holds (a bound, not a timing: fails only if it never does).

    On the ``virtuele_tijd`` loop each step passes at once: the loop's timers (debounce, retries) fire
    in order without real waiting."""
    einde = time.monotonic() + binnen
    while not voorwaarde():
        assert time.monotonic() < einde, "it did not happen"
        await asyncio.sleep(0.02)


def _teksten(pad: Path, onderdeel: str = "01-eigen-buurt") -> list[str]:
    con = sqlite3.connect(pad)
    try:
        return [r[0] for r in con.execute("SELECT tekst FROM concepten WHERE onderdeel = ? ORDER BY nr", (onderdeel,))]
    finally:
        con.close()


# --- the debounce runs on the event loop ------------------------------------------------------------


def test_debounce_runs_on_the_event_loop_not_in_threads(testcursus, virtuele_tijd):
    store = huidige_store()
    gezien: list[str] = []

    async def notebook():
        r = reflection.ReflectieWidget(_opdracht(), store)  # the real quiet time, WACHT_S, on the loop's clock
        r.widget.observe(lambda c: gezien.append(threading.current_thread().name), names="status")
        draden = threading.active_count()
        for deel in ["Ik", "Ik woon", "Ik woon in Overvecht."]:
            r.widget.waarde = {"tekst": deel}
            await asyncio.sleep(reflection.WACHT_S * 0.6)  # typing on before the quiet time is over
        assert threading.active_count() == draden, "the debounce started a thread"
        assert "wordt zo opgeslagen" in r.widget.status and _teksten(store.pad) == []
        await asyncio.sleep(reflection.WACHT_S * 0.5)
        assert "opgeslagen om" in r.widget.status
        return r

    virtuele_tijd(notebook())
    assert _teksten(store.pad) == ["Ik woon in Overvecht."]  # debounced: one save
    assert set(gezien) == {threading.main_thread().name}  # every status change on the loop's thread


# --- text typed just before the kernel stops --------------------------------------------------------


@pytest.fixture
def kernel(testcursus):
    """A real IPython kernel in the test course (a KernelManager); stopped at the end if still alive."""
    jupyter_client = pytest.importorskip("jupyter_client")
    km = jupyter_client.KernelManager(kernel_name="python3")
    km.start_kernel(env=dict(os.environ), cwd=str(testcursus))
    try:
        yield km
    finally:
        if km.is_alive():
            km.shutdown_kernel(now=True)


def _voer_uit(km, code: str) -> None:
    """Run ``code`` in the kernel of ``km``, as a notebook cell; it must not fail."""
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        antwoord = kc.execute_interactive(code, timeout=60)
        assert antwoord["content"]["status"] == "ok", antwoord["content"]
    finally:
        kc.stop_channels()


def test_text_typed_just_before_shutdown_or_restart_is_saved(kernel):
    km = kernel
    pad = huidige_store().pad
    for stap, tekst in (("herstart", "getypt vlak voor een herstart"), ("afsluiten", "getypt vlak voor het afsluiten")):
        _voer_uit(
            km,
            "from wijklab.leerling.reflectie import ReflectieWidget\n"
            "from wijklab.inhoud.bank import zoek\n"
            "from wijklab.werk.store import huidige_store\n"
            "w = ReflectieWidget(zoek('01-eigen-buurt')[1], huidige_store(), wacht_s=30)\n"
            f"w.widget.waarde = {{'tekst': {tekst!r}}}\n",
        )
        assert tekst not in _teksten(pad)  # the debounce (30 s) has not fired yet
        if stap == "herstart":
            km.restart_kernel(now=False)
        else:
            km.shutdown_kernel(now=False)
        assert _teksten(pad)[-1] == tekst, stap


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


def test_locked_draft_is_read_again_on_the_event_loop(testcursus, virtuele_tijd, monkeypatch):
    store = huidige_store()
    store.bewaar_concept("01-eigen-buurt", "mijn eerdere tekst")
    monkeypatch.setattr(store, "wachttijd", 0.2)  # a real lock, a shorter wait for it: the loop's retry is the point

    async def notebook():
        with houd_vast(store.pad):
            r = reflection.ReflectieWidget(_opdracht(), store)
            assert r.widget.uitgeschakeld
        await _tot(lambda: not r.widget.uitgeschakeld)  # nobody runs the cell again: the loop reads it
        return r

    r = virtuele_tijd(notebook())
    assert r.tekst == "mijn eerdere tekst" and not r.widget.uitgeschakeld


def test_save_during_a_lock_says_busy_and_is_saved_after(testcursus, virtuele_tijd):
    store = huidige_store()

    async def notebook():
        r = reflection.ReflectieWidget(_opdracht(), store)
        with houd_vast(store.pad):
            r.widget.waarde = {"tekst": "tijdens het slot"}
            begin = time.monotonic()
            # the save (waiting at most WACHTTIJD_UI_S for the lock) runs on the loop
            await _tot(lambda: "bezet" in r.widget.status)
            assert time.monotonic() - begin < 4.5
            assert "bezet, wordt zo opnieuw geprobeerd" in r.widget.status
        await _tot(lambda: "✓" in r.widget.status)  # retried by the loop after the lock is gone
        return r

    r = virtuele_tijd(notebook())
    assert _teksten(store.pad) == ["tijdens het slot"]
    assert "opgeslagen om" in r.widget.status


def test_empty_text_is_never_saved_when_the_draft_could_not_be_read(testcursus, tmp_path, monkeypatch):
    (tmp_path / "bestand").write_text("x")
    monkeypatch.setenv("WIJKLAB_WERKMAP", str(tmp_path / "bestand" / "werk"))
    r = reflection.ReflectieWidget(_opdracht(), huidige_store(), wacht_s=0.1)
    assert r.bewaar() is None and not huidige_store().niet_opgeslagen


# --- several boxes of one reflection (issue 21, item 1) ------------------------------------------------


def test_a_cell_run_twice_does_not_wipe_the_text_when_the_kernel_stops(kernel):
    """The reported defect: box a (older, empty) wrote '' over box b's text at kernel shutdown."""
    pad = huidige_store().pad
    _voer_uit(
        kernel,
        "import wijklab as wl\n"
        "from wijklab.leerling.reflectie import _OPEN\n"
        "a = wl.reflectie('01-eigen-buurt')\n"  # Run All ...
        "b = wl.reflectie('01-eigen-buurt')\n"  # ... and Run All again
        "vak = [w for w in _OPEN if w.widget is b][0]\n"
        "vak.widget.waarde = {'tekst': 'Mijn buurt is Overvecht.'}\n"
        "assert vak.bewaar().gelukt\n",
    )
    kernel.shutdown_kernel(now=False)
    assert _teksten(pad) == ["Mijn buurt is Overvecht."]
    # the next run shows her text, saved
    r = reflection.ReflectieWidget(_opdracht(), huidige_store())
    assert r.tekst == "Mijn buurt is Overvecht." and "✓ opgeslagen" in r.widget.status


def test_an_older_box_without_typing_never_writes_and_offers_the_newer_text(testcursus):
    store = huidige_store()
    a = reflection.ReflectieWidget(_opdracht(), store)
    b = reflection.ReflectieWidget(_opdracht(), store)
    b.widget.waarde = {"tekst": "tekst uit het tweede vak"}
    assert b.bewaar().gelukt
    # at exit, and on "Nu opslaan": nothing from a
    reflection._bewaar_bij_afsluiten()
    a.widget.klik("bewaar")
    assert _teksten(store.pad) == ["tekst uit het tweede vak"]
    assert "✓" not in a.widget.status and "oudere versie" in a.widget.status
    assert "nieuwere tekst" in a.widget.melding and not a.widget.knop("aanbod-ja")["verborgen"]
    assert a.widget.knop("aanbod-ja")["tekst"] == "Toon de nieuwere tekst"
    a.widget.klik("aanbod-ja")
    assert a.tekst == "tekst uit het tweede vak" and "✓ opgeslagen" in a.widget.status and a.widget.melding == ""
    assert _teksten(store.pad) == ["tekst uit het tweede vak"]


def test_an_older_box_with_her_typing_asks_instead_of_overwriting(testcursus):
    store = huidige_store()
    assert store.bewaar_concept("01-eigen-buurt", "begin").gelukt
    a = reflection.ReflectieWidget(_opdracht(), store)
    b = reflection.ReflectieWidget(_opdracht(), store)
    b.widget.waarde = {"tekst": "begin, verder in b"}
    assert b.bewaar().gelukt
    a.widget.waarde = {"tekst": "begin, verder in a"}
    assert a.bewaar() is None  # the timer's save: not over b's newer text
    assert _teksten(store.pad) == ["begin", "begin, verder in b"]
    assert "NIET opgeslagen" in a.widget.status and "Bewaar mijn tekst" in a.widget.melding
    # she wants to see the newer one: her own typing stays visible, with a way back
    a.widget.klik("aanbod-nee")
    assert a.tekst == "begin, verder in b" and "begin, verder in a" in a.widget.melding
    assert a.widget.knop("aanbod-ja")["tekst"] == "Zet mijn tekst terug"
    a.widget.klik("aanbod-ja")
    assert a.tekst == "begin, verder in a"
    assert _teksten(store.pad) == ["begin", "begin, verder in b", "begin, verder in a"]
    assert "✓ opgeslagen" in a.widget.status
    # and "keep mine" after another conflict writes hers
    b.widget.waarde = {"tekst": "b weer"}
    assert b.bewaar() is None and "Bewaar mijn tekst" in b.widget.melding
    b.widget.klik("aanbod-ja")
    assert _teksten(store.pad)[-1] == "b weer" and "✓ opgeslagen" in b.widget.status


def test_typing_in_both_boxes_at_exit_is_kept_and_offered_next_time(testcursus):
    store = huidige_store()
    a = reflection.ReflectieWidget(_opdracht(), store, wacht_s=60)
    b = reflection.ReflectieWidget(_opdracht(), store, wacht_s=60)
    b.widget.waarde = {"tekst": "de nieuwere tekst uit b"}
    assert b.bewaar().gelukt
    a.widget.waarde = {"tekst": "wat ze in a typte en niet bewaarde"}
    reflection._bewaar_bij_afsluiten()
    assert _teksten(store.pad) == ["de nieuwere tekst uit b"]  # not overwritten ...
    c = reflection.ReflectieWidget(_opdracht(), store)  # ... and not dropped: offered next time
    assert c.tekst == "de nieuwere tekst uit b"
    assert "wat ze in a typte" in c.widget.melding and "Terugzetten" == c.widget.knop("aanbod-ja")["tekst"]
    c.widget.klik("aanbod-ja")
    assert c.tekst == "wat ze in a typte en niet bewaarde" and "✓ opgeslagen" in c.widget.status
    assert _teksten(store.pad) == ["de nieuwere tekst uit b", "wat ze in a typte en niet bewaarde"]
    assert "wat ze in a typte" not in reflection.ReflectieWidget(_opdracht(), store).widget.melding  # offered once


# --- recovery of text already wiped (issue 21, item 2) ---------------------------------------------------


def _zet_concepten(pad: Path, rijen: list[tuple[str, str]], onderdeel: str = "01-eigen-buurt") -> None:
    huidige_store().concepten()  # the store exists
    con = sqlite3.connect(pad)
    con.executemany(
        "INSERT INTO concepten (tijd, notebook, onderdeel, tekst) VALUES (?, ?, ?, ?)", [(t, onderdeel[:2], onderdeel, x) for t, x in rijen]
    )
    con.commit()
    con.close()


LANG = " ".join(f"woord{i}" for i in range(54))


def test_a_wiped_reflection_offers_the_earlier_text_back(testcursus):
    store = huidige_store()
    _zet_concepten(store.pad, [("2026-12-07T21:38:00+01:00", "kort begin"), ("2026-12-07T21:39:00+01:00", LANG), ("2026-12-07T22:10:00+01:00", "")])
    r = reflection.ReflectieWidget(_opdracht(), store)
    assert r.tekst == ""
    assert "Er is een eerdere versie van je tekst: 54 woorden, 7 december 2026, 21:39. Terugzetten?" in r.widget.melding
    assert not r.widget.knop("aanbod-ja")["verborgen"]
    r.widget.klik("aanbod-ja")
    assert r.tekst == LANG and "✓ opgeslagen" in r.widget.status and r.widget.melding == ""
    assert _teksten(store.pad) == ["kort begin", LANG, "", LANG]  # a new draft; nothing deleted
    assert reflection.ReflectieWidget(_opdracht(), store).widget.melding == ""


def test_declining_the_earlier_version_is_remembered(testcursus):
    store = huidige_store()
    _zet_concepten(store.pad, [("2026-12-07T21:39:00+01:00", LANG), ("2026-12-07T22:10:00+01:00", "kort")])
    r = reflection.ReflectieWidget(_opdracht(), store)
    assert "eerdere versie" in r.widget.melding
    r.widget.klik("aanbod-nee")
    assert r.widget.melding == "" and r.widget.knop("aanbod-ja")["verborgen"]
    assert _teksten(store.pad) == [LANG, "kort"]
    assert reflection.ReflectieWidget(_opdracht(), store).widget.melding == ""


def test_a_shorter_edit_is_not_called_a_wipe(testcursus):
    store = huidige_store()
    _zet_concepten(store.pad, [("2026-12-07T21:39:00+01:00", LANG), ("2026-12-07T22:10:00+01:00", " ".join(LANG.split()[:40]))])
    assert reflection.ReflectieWidget(_opdracht(), store).widget.melding == ""


# --- a lock at exit (issue 21, item 3) -----------------------------------------------------------------

TYPT_BIJ_SLOT = """
import sys
from wijklab.werk import store, wachtrij
wachtrij.AFSLUIT_WACHT_S = 0.2  # the same tries at exit, each waiting less: the test need not wait ~9 s
from wijklab.inhoud.bank import zoek
from wijklab.leerling.reflectie import ReflectieWidget
w = ReflectieWidget(zoek("01-eigen-buurt")[1], store.huidige_store(), wacht_s=60)
print("open", flush=True)
sys.stdin.readline()  # another notebook now holds the lock
w.widget.waarde = {"tekst": "getypt vlak voor het afsluiten, tijdens een slot"}
print("getypt", flush=True)
sys.stdin.readline()  # the kernel stops while another notebook holds the lock
"""


def test_text_typed_while_the_store_is_locked_at_exit_comes_back_next_session(testcursus):
    import subprocess
    import sys

    from wijklab.werk.store import Store

    pad = huidige_store().pad
    assert huidige_store().bewaar_concept("01-eigen-buurt", "eerder").gelukt
    p = subprocess.Popen([sys.executable, "-c", TYPT_BIJ_SLOT], cwd=testcursus, env=dict(os.environ),
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "open"
    with houd_vast(pad):
        p.stdin.write("\n")
        p.stdin.flush()
        assert p.stdout.readline().strip() == "getypt"
        p.communicate("\n", timeout=60)
        assert p.returncode == 0
        assert len(list(pad.parent.glob("wijklab.wachtend-*.json"))) == 1
    volgende = Store(pad)
    r = reflection.ReflectieWidget(_opdracht(), volgende)
    assert r.tekst == "getypt vlak voor het afsluiten, tijdens een slot" and "✓ opgeslagen" in r.widget.status
    assert any("alsnog opgeslagen" in m for m in volgende.info)
    assert not list(pad.parent.glob("wijklab.wachtend-*.json"))


def test_a_save_retried_after_a_lock_does_not_go_over_newer_text_of_another_notebook(testcursus, monkeypatch):
    """The check runs in the write itself: a save that waited behind a lock is checked again when it is
    finally written, after another notebook (another kernel) saved newer text meanwhile."""
    from wijklab.werk.store import Store

    store = huidige_store()
    monkeypatch.setattr(store, "wachttijd", 0.2)  # a real lock, a shorter wait for it: what the retried write does is the point
    assert store.bewaar_concept("01-eigen-buurt", "begin").gelukt
    a = reflection.ReflectieWidget(_opdracht(), store)
    with houd_vast(store.pad):
        a.widget.waarde = {"tekst": "begin, verder in dit notebook"}
        assert a.bewaar().bezet  # waits in memory
    assert Store(store.pad).bewaar_concept("01-eigen-buurt", "begin, verder in het andere notebook").gelukt
    assert store.probeer_opnieuw().gelukt  # the retry: kept apart, not over the newer text
    assert _teksten(store.pad) == ["begin", "begin, verder in het andere notebook"]
    assert "Bewaar mijn tekst" in a.widget.melding and "NIET opgeslagen" in a.widget.status
    # nothing lost: she may keep hers, and a later session would offer it too
    assert "begin, verder in dit notebook" in Store(store.pad).instelling(reflection.ANDER_CONCEPT + "01-eigen-buurt")
    a.widget.klik("aanbod-ja")
    assert _teksten(store.pad)[-1] == "begin, verder in dit notebook" and "✓ opgeslagen" in a.widget.status
