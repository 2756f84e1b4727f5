"""The store never loses what a student typed: concurrency, kills, corruption, read-only and full disks."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijklab.store import SCHEMA_VERSIE, Store, huidige_store

# text SQLite can store as UTF-8: everything except lone surrogates
tekst = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=2000)


def integriteit(pad: Path) -> str:
    con = sqlite3.connect(pad)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


# --- basics and properties -------------------------------------------------------------------


def test_default_location_is_werkmap(werkmap):
    store = huidige_store()
    assert store.pad == (werkmap / "wijklab.sqlite").absolute()
    assert store.bewaar_concept("01-x", "hallo").gelukt
    assert (werkmap / "wijklab.sqlite").exists()


def test_default_location_without_env_is_mijn_werk_in_course(monkeypatch, tmp_path):
    (tmp_path / "notebooks" / "vragen").mkdir(parents=True)
    (tmp_path / "data").mkdir()
    monkeypatch.delenv("WIJKLAB_WERKMAP")
    monkeypatch.delenv("WIJKLAB_CURSUS")
    monkeypatch.chdir(tmp_path / "notebooks")
    assert huidige_store().pad == (tmp_path / "mijn_werk" / "wijklab.sqlite").absolute()


def test_schema_is_versioned(tmp_path):
    s = Store(tmp_path / "w.sqlite")
    s.bewaar_instelling("naam", "Sanne")
    con = sqlite3.connect(tmp_path / "w.sqlite")
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSIE


def test_newer_schema_is_refused_but_work_kept(tmp_path):
    pad = tmp_path / "w.sqlite"
    con = sqlite3.connect(pad)
    con.execute(f"PRAGMA user_version={SCHEMA_VERSIE + 1}")
    con.close()
    s = Store(pad)
    uit = s.bewaar_concept("01-x", "mijn tekst")
    assert not uit.gelukt and "nieuwere versie" in uit.melding
    assert s.laatste_concept("01-x").tekst == "mijn tekst"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(concepten=st.lists(tekst, min_size=1, max_size=8))
def test_append_only_drafts_roundtrip(tmp_path_factory, concepten):
    pad = tmp_path_factory.mktemp("p") / "w.sqlite"
    s = Store(pad)
    for c in concepten:
        assert s.bewaar_concept("01-r", c).gelukt
    # a second process-like reader sees every version, in order, and the last one is current
    lezer = Store(pad)
    assert [c.tekst for c in lezer.concepten("01-r")] == concepten
    assert lezer.laatste_concept("01-r").tekst == concepten[-1]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pogingen=st.lists(
        st.tuples(
            st.dictionaries(tekst.filter(lambda k: len(k) <= 10), st.one_of(st.integers(), tekst, st.booleans()), max_size=4),
            st.booleans(),
            st.floats(min_value=0, max_value=1),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_attempts_roundtrip(tmp_path_factory, pogingen):
    pad = tmp_path_factory.mktemp("p") / "w.sqlite"
    s = Store(pad)
    for antwoord, juist, score in pogingen:
        assert s.bewaar_poging("02-v", antwoord, juist, score).gelukt
    gelezen = Store(pad).pogingen("02-v")
    assert [(p.antwoord, p.juist, p.score) for p in gelezen] == [(a, j, float(sc)) for a, j, sc in pogingen]


def test_lone_surrogate_is_stored_as_replacement_character(tmp_path):
    s = Store(tmp_path / "w.sqlite")
    assert s.bewaar_concept("01-r", "half emoji \ud83c hier").gelukt
    assert s.bewaar_poging("01-q", {"tekst": "x\udfffy"}, False, 0.0).gelukt
    assert s.bewaar_concept("01-r", "daarna gewoon verder").gelukt
    lezer = Store(tmp_path / "w.sqlite")
    assert [c.tekst for c in lezer.concepten("01-r")] == ["half emoji \ufffd hier", "daarna gewoon verder"]
    assert lezer.pogingen("01-q")[0].antwoord == {"tekst": "x\ufffdy"}


def test_nothing_is_overwritten(tmp_path):
    s = Store(tmp_path / "w.sqlite")
    for i in range(5):
        s.bewaar_concept("01-r", f"versie {i}")
        s.bewaar_poging("01-q", {"keuze": i}, i == 4, float(i == 4))
    con = sqlite3.connect(tmp_path / "w.sqlite")
    assert con.execute("SELECT count(*) FROM concepten").fetchone()[0] == 5
    assert con.execute("SELECT count(*) FROM pogingen").fetchone()[0] == 5


# --- two processes at once -------------------------------------------------------------------

SCHRIJVER = textwrap.dedent(
    """
    import sys
    from wijklab.store import Store
    s = Store(sys.argv[1])
    naam, n = sys.argv[2], int(sys.argv[3])
    for i in range(n):
        uit = s.bewaar_poging(f"01-{naam}", {"i": i}, True, 1.0)
        if not uit.gelukt:
            print("MISLUKT", i, uit.melding, flush=True)
        print(i, flush=True)
    """
)


def test_two_processes_1000_answers_each_none_lost(tmp_path):
    pad = tmp_path / "w.sqlite"
    Store(pad).bewaar_instelling("start", "1")  # create the schema first, like a notebook would
    procs = [
        subprocess.Popen([sys.executable, "-c", SCHRIJVER, str(pad), naam, "1000"], stdout=subprocess.PIPE, text=True)
        for naam in ("a", "b")
    ]
    uitvoer = [p.communicate(timeout=600)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert not any("MISLUKT" in u for u in uitvoer)
    s = Store(pad)
    for naam in ("a", "b"):
        assert [p.antwoord["i"] for p in s.pogingen(f"01-{naam}")] == list(range(1000))
    assert integriteit(pad) == "ok"


# --- a kernel killed during a save -------------------------------------------------------------


def test_sigkill_during_saves_keeps_store_intact(tmp_path):
    pad = tmp_path / "w.sqlite"
    bevestigd: set[int] = set()
    teller = 0
    for ronde in range(12):
        p = subprocess.Popen(
            [sys.executable, "-c", SCHRIJVER, str(pad), f"r{ronde}", "100000"], stdout=subprocess.PIPE, text=True
        )
        # kill at a different moment each round, mostly mid-write
        time.sleep(0.4 + 0.07 * ronde)
        p.send_signal(signal.SIGKILL)
        uit, _ = p.communicate(timeout=60)
        regels = [int(r) for r in uit.split() if r.isdigit()]
        teller += len(regels)
        assert integriteit(pad) == "ok", f"ronde {ronde}"
        opgeslagen = [q.antwoord["i"] for q in Store(pad).pogingen(f"01-r{ronde}")]
        # everything the writer saw confirmed is there; at most the one save in flight is extra
        assert opgeslagen[: len(regels)] == regels
        assert len(opgeslagen) - len(regels) in (0, 1)
        bevestigd.add(ronde)
    assert teller > 0 and len(bevestigd) == 12


# --- a damaged file ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "schade",
    [
        b"dit is geen database" * 100,
        b"",  # an empty file is a valid new database: nothing to set aside
        "half",  # a real store cut off halfway
        "header",  # a real store with its header overwritten
    ],
    ids=["rommel", "leeg", "afgekapt", "kapotte-kop"],
)
def test_corrupt_store_is_set_aside_never_deleted(tmp_path, schade):
    pad = tmp_path / "wijklab.sqlite"
    if isinstance(schade, bytes):
        pad.write_bytes(schade)
    else:
        eerst = Store(pad)
        for i in range(300):
            eerst.bewaar_concept("01-r", f"tekst {i} " * 20)
        data = pad.read_bytes()
        pad.write_bytes(data[: len(data) // 2] if schade == "half" else b"\x00" * 100 + data[100:])
    origineel = pad.read_bytes()
    s = Store(pad)
    uit = s.bewaar_concept("01-r", "nieuw werk")
    assert uit.gelukt
    assert s.laatste_concept("01-r").tekst == "nieuw werk"
    apart = sorted(tmp_path.glob("wijklab.beschadigd-*.sqlite"))
    if schade == b"":
        assert not apart and not s.meldingen
        return
    assert len(apart) == 1 and apart[0].read_bytes() == origineel
    assert any("beschadigd" in m and apart[0].name in m and "docent" in m for m in s.meldingen)
    assert integriteit(pad) == "ok"


# --- read-only and full disks --------------------------------------------------------------------


@contextmanager
def tmpfs(map: Path, opties: str):
    """A real mounted file system (root only); yields False when mounting is not possible."""
    map.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        yield False
        return
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", opties, "tmpfs", str(map)], capture_output=True)
    if r.returncode != 0:
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", "-l", str(map)], check=False)


def test_read_only_disk_keeps_work_in_memory_and_tells_student(tmp_path):
    map = tmp_path / "ro"
    with tmpfs(map, "ro,size=1m") as gemount:
        if not gemount:
            os.chmod(map, 0o500)  # without root a plain permission works
        s = Store(map / "wijklab.sqlite")
        uit = s.bewaar_concept("01-r", "wat ik net typte")
        assert not uit.gelukt
        assert "niet beschrijfbaar" in uit.melding and "download" in uit.melding.lower()
        assert "NIET opgeslagen" in uit.status
        # the text is still there, for the widget and for the download
        assert s.laatste_concept("01-r").tekst == "wat ik net typte"
        assert "wat ik net typte" in s.als_download()


def test_full_disk_then_space_again_saves_what_waited(tmp_path):
    map = tmp_path / "vol"
    with tmpfs(map, "size=512k") as gemount:
        if not gemount:
            pytest.skip("een volle schijf nabootsen kan alleen als root (tmpfs)")
        s = Store(map / "wijklab.sqlite")
        assert s.bewaar_concept("01-r", "begin").gelukt
        opvuller = map / "opvulling"
        try:
            with open(opvuller, "wb") as f:
                while True:
                    f.write(b"x" * 4096)
                    f.flush()
        except OSError:
            pass  # the disk is full now
        groot = "een lange reflectie " * 5000  # ~100 kB: cannot fit
        uit = s.bewaar_concept("01-r", groot)
        assert not uit.gelukt and "vol" in uit.melding
        assert s.laatste_concept("01-r").tekst == groot
        opvuller.unlink()  # the student frees space
        assert s.bewaar_concept("01-r", groot + " en meer").gelukt
        # both the waiting text and the new one are now in the file
        teksten = [c.tekst for c in Store(map / "wijklab.sqlite").concepten("01-r")]
        assert teksten == ["begin", groot, groot + " en meer"]
        assert not s.niet_opgeslagen


def test_unwritable_location_path_under_a_file(tmp_path):
    (tmp_path / "bestand").write_text("geen map")
    s = Store(tmp_path / "bestand" / "wijklab.sqlite")
    uit = s.bewaar_poging("01-q", {"keuze": 1}, True, 1.0)
    assert not uit.gelukt and uit.melding
    assert s.pogingen("01-q")[0].antwoord == {"keuze": 1}
