"""The store never loses what a student typed: concurrency, kills, corruption, read-only and full disks."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijklab.werk.store import SCHEMA_VERSIE, Store, huidige_store

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
    from wijklab.werk.store import Store
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
        # kill at a different moment each round, mostly mid-write; counted from its first confirmed save,
        # so that no round waits a fixed time for Python to start
        eerste = p.stdout.readline()
        time.sleep(0.005 + 0.03 * ronde)
        p.send_signal(signal.SIGKILL)
        uit, _ = p.communicate(timeout=60)
        uit = eerste + uit
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


# --- several kernels find one damaged store at once --------------------------------------------

OPENER = textwrap.dedent(
    """
    import json, sys, time
    from wijklab.werk.store import Store
    pad, naam = sys.argv[1], sys.argv[2]
    print("klaar", flush=True)
    start = float(sys.stdin.readline())  # given once all four are ready
    while time.time() < start:  # all four open the damaged store at the same moment
        pass
    s = Store(pad)
    uit = s.bewaar_concept("01-" + naam, "tekst van " + naam)
    eerst = uit.melding
    # on a busy machine a kernel may meet another's lock: the row then waits in memory and the
    # next try saves it, as in a notebook. Nothing may be lost and nobody may hear "schijf vol".
    for _ in range(5):
        if uit.gelukt:
            break
        time.sleep(1)
        uit = s.probeer_opnieuw()
    print(json.dumps({"gelukt": uit.gelukt, "melding": uit.melding, "eerst": eerst, "meldingen": s.meldingen}))
    """
)


def _beschadigde_store(pad: Path, rijen: int, herhaal: int, onderdelen: int, vanaf: tuple[int, int], stap: int, breedte: int) -> None:
    """A real store of ``rijen`` drafts whose pages from ``vanaf`` (a fraction, teller/noemer) on are damaged, every ``stap``-th."""
    Store(pad).bewaar_concept("01-r", "begin")
    con = sqlite3.connect(pad)
    con.executemany(
        "INSERT INTO concepten (tijd, notebook, onderdeel, tekst) VALUES ('2026-01-01T10:00:00+01:00', '01', ?, ?)",
        ((f"01-r{i % onderdelen}", f"tekst {i} " * herhaal) for i in range(rijen)),
    )
    con.commit()
    con.close()
    data = bytearray(pad.read_bytes())
    for plek in range(len(data) * vanaf[0] // vanaf[1] // 4096 * 4096, len(data), 4096 * stap):
        data[plek : plek + breedte] = b"\xff" * breedte
    pad.write_bytes(bytes(data))


def _grote_beschadigde_store(pad: Path) -> None:
    """A real store of ~30 MB with damaged pages near the end: checking it takes a moment, so that
    several kernels are sure to find the damage at the same time."""
    _beschadigde_store(pad, 25_000, 100, 40, (19, 20), 3, 300)


@pytest.mark.parametrize("schade", ["rommel", "groot-beschadigd"])
def test_four_kernels_open_one_damaged_store_at_once(tmp_path, schade):
    import json

    for ronde in range(3):
        map = tmp_path / f"ronde{ronde}"
        map.mkdir()
        pad = map / "wijklab.sqlite"
        if schade == "rommel":
            pad.write_bytes(b"dit is geen database" * 2000)
        else:
            _grote_beschadigde_store(pad)
        origineel = pad.read_bytes()
        procs = [
            subprocess.Popen([sys.executable, "-c", OPENER, str(pad), f"k{n}"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for n in range(4)
        ]
        for p in procs:  # all four started and imported the store: none waits for a fixed time
            assert p.stdout.readline().strip() == "klaar", p.stderr.read()
        start = time.time() + 0.05
        for p in procs:
            p.stdin.write(f"{start}\n")
            p.stdin.flush()
        uitkomsten = []
        for p in procs:
            uit, fout = p.communicate(timeout=120)
            assert p.returncode == 0, fout
            uitkomsten.append(json.loads(uit))
        # every kernel saved, nobody was told the disk is full
        assert all(u["gelukt"] for u in uitkomsten), (ronde, uitkomsten)
        assert not any("vol" in m for u in uitkomsten for m in [u["melding"], u["eerst"], *u["meldingen"]])
        # the damaged original is kept, byte for byte, exactly once; nothing else was set aside
        apart = sorted(map.glob("wijklab.beschadigd-*.sqlite"))
        assert [a.read_bytes() == origineel for a in apart] == [True], (ronde, apart)
        assert sum(any("beschadigd" in m for m in u["meldingen"]) for u in uitkomsten) >= 1
        # one fresh store holds the work of all four
        assert integriteit(pad) == "ok"
        assert sorted(c.onderdeel for c in Store(pad).concepten()) == [f"01-k{n}" for n in range(4)]


# --- another program's SQLite file, or a folder, where the store should be ----------------------


@pytest.mark.parametrize("versie", [0, 1])
def test_foreign_sqlite_file_is_set_aside_and_saving_works(tmp_path, versie):
    pad = tmp_path / "wijklab.sqlite"
    con = sqlite3.connect(pad)
    con.execute("CREATE TABLE klanten (id INTEGER PRIMARY KEY, naam TEXT)")
    con.execute("INSERT INTO klanten (naam) VALUES ('iemand anders')")
    con.execute(f"PRAGMA user_version={versie}")
    con.commit()
    con.close()
    origineel = pad.read_bytes()
    s = Store(pad)
    uit = s.bewaar_concept("01-r", "mijn werk")
    assert uit.gelukt, uit.melding
    apart = list(tmp_path.glob("wijklab.ander-bestand-*.sqlite"))
    assert len(apart) == 1 and apart[0].read_bytes() == origineel
    assert any("ander SQLite-bestand" in m and apart[0].name in m for m in s.meldingen)
    con = sqlite3.connect(pad)
    tabellen = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert "klanten" not in tabellen and "pogingen" in tabellen
    assert Store(pad).laatste_concept("01-r").tekst == "mijn werk"


def test_folder_where_the_store_should_be_is_set_aside(tmp_path):
    pad = tmp_path / "wijklab.sqlite"
    pad.mkdir()
    (pad / "iets.txt").write_text("van de student")
    s = Store(pad)
    assert s.bewaar_concept("01-r", "mijn werk").gelukt
    assert pad.is_file() and Store(pad).laatste_concept("01-r").tekst == "mijn werk"
    apart = list(tmp_path.glob("wijklab.map-*"))
    assert len(apart) == 1 and (apart[0] / "iets.txt").read_text() == "van de student"
    assert any("een map in plaats van een bestand" in m for m in s.meldingen)


def test_disk_io_error_is_not_called_a_full_disk(tmp_path):
    from wijklab.werk.store import _uitleg

    melding = _uitleg(sqlite3.OperationalError("disk I/O error"), tmp_path / "wijklab.sqlite")
    assert "vol" not in melding and "opnieuw" in melding
    assert "vol" in _uitleg(sqlite3.OperationalError("database or disk is full"), tmp_path / "w.sqlite")


# --- a store locked by another notebook -----------------------------------------------------------

HOUDER = textwrap.dedent(
    """
    import sqlite3, sys
    con = sqlite3.connect(sys.argv[1], isolation_level=None)
    con.execute("BEGIN EXCLUSIVE")
    print("vast", flush=True)
    sys.stdin.readline()  # hold the lock until the test says so
    con.execute("COMMIT")
    """
)


@contextmanager
def houd_vast(pad: Path):
    """Another process holds an EXCLUSIVE lock on the store until the block ends."""
    p = subprocess.Popen([sys.executable, "-c", HOUDER, str(pad)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().strip() == "vast"
        yield p
    finally:
        p.stdin.close()
        p.wait(timeout=30)


def test_locked_store_does_not_freeze_and_saves_later(werkmap):
    store = huidige_store()
    assert store.bewaar_concept("01-r", "eerste").gelukt
    with houd_vast(store.pad):
        begin = time.monotonic()
        uit = store.bewaar_concept("01-r", "tijdens het slot")
        duur = time.monotonic() - begin
        assert duur < 5, f"het notebook stond {duur:.1f} s stil"
        assert not uit.gelukt and uit.bezet
        assert "bezet, wordt zo opnieuw geprobeerd" in uit.status
        assert store.laatste_concept("01-r").tekst == "tijdens het slot"  # waiting in memory
    assert store.probeer_opnieuw().gelukt
    assert [c.tekst for c in Store(store.pad).concepten("01-r")] == ["eerste", "tijdens het slot"]


def test_locked_store_is_retried_on_the_event_loop(werkmap, virtuele_tijd, monkeypatch):
    import asyncio

    store = huidige_store()
    store.bewaar_concept("01-r", "eerste")
    monkeypatch.setattr(store, "wachttijd", 0.2)  # a real lock, a shorter wait for it: the loop's retry is the point

    async def notebook():
        with houd_vast(store.pad):
            assert store.bewaar_concept("01-r", "tweede").bezet
        # nobody saves again: the kernel's loop retries by itself, after OPNIEUW_S on the loop's clock
        einde = time.monotonic() + 30
        while store.niet_opgeslagen and time.monotonic() < einde:
            await asyncio.sleep(0.02)

    virtuele_tijd(notebook())
    assert [c.tekst for c in Store(store.pad).concepten("01-r")] == ["eerste", "tweede"]
    assert not store.niet_opgeslagen


# --- whose store is it ------------------------------------------------------------------------------

ANDER = 4242
alleen_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="eigenaar wisselen kan alleen als root")


def _cursus(map: Path) -> Path:
    (map / "notebooks" / "vragen").mkdir(parents=True)
    (map / "data").mkdir()
    return map


def test_new_store_records_its_owner(tmp_path):
    import json

    s = Store(tmp_path / "w.sqlite")
    s.bewaar_concept("01-r", "x")
    eigenaar = json.loads(s.instelling("eigenaar"))
    assert eigenaar["uid"] == os.getuid()


@alleen_root
def test_course_root_of_another_user_keeps_work_in_own_home(tmp_path, monkeypatch):
    from wijklab.basis import paden

    cursus = _cursus(tmp_path / "gedeelde_cursus")
    os.chown(cursus, ANDER, -1)
    os.chmod(cursus, 0o777)  # shared and writable, as on a careless hub
    monkeypatch.delenv("WIJKLAB_WERKMAP")
    monkeypatch.setenv("WIJKLAB_CURSUS", str(cursus))
    monkeypatch.setenv("HOME", str(tmp_path / "thuis"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    store = huidige_store()
    assert store.pad.is_relative_to(tmp_path / "thuis" / ".local" / "share" / "wijklab")
    assert store.bewaar_concept("01-r", "van mij").gelukt
    assert not (cursus / "mijn_werk").exists()
    assert any("~/.local/share/wijklab/" in m and "niet van jou" in m for m in store.info)
    assert (os.stat(tmp_path / "thuis" / ".local" / "share" / "wijklab").st_mode & 0o077) == 0
    # the same course always gives the same folder; XDG_DATA_HOME is respected
    assert paden.werk_map() == store.pad.parent
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paden.werk_map().is_relative_to(tmp_path / "xdg" / "wijklab")
    # WIJKLAB_WERKMAP still wins
    monkeypatch.setenv("WIJKLAB_WERKMAP", str(tmp_path / "elders"))
    assert paden.werk_map() == tmp_path / "elders"


@alleen_root
def test_mijn_werk_of_another_user_is_not_used(tmp_path, monkeypatch):
    from wijklab.basis import paden

    cursus = _cursus(tmp_path / "cursus")
    (cursus / "mijn_werk").mkdir()
    os.chown(cursus / "mijn_werk", ANDER, -1)
    monkeypatch.delenv("WIJKLAB_WERKMAP")
    monkeypatch.setenv("WIJKLAB_CURSUS", str(cursus))
    monkeypatch.setenv("HOME", str(tmp_path / "thuis"))
    assert paden.werk_map().is_relative_to(tmp_path / "thuis")
    os.chown(cursus / "mijn_werk", os.getuid(), -1)
    assert paden.werk_map() == cursus / "mijn_werk"


@alleen_root
def test_store_file_of_another_user_is_neither_read_nor_written(tmp_path):
    pad = tmp_path / "wijklab.sqlite"
    Store(pad).bewaar_concept("01-r", "geheim van een ander")
    os.chown(pad, ANDER, -1)
    voor = pad.read_bytes()
    s = Store(pad)
    assert s.laatste_concept("01-r") is None
    assert any("andere gebruiker" in m for m in s.meldingen)
    uit = s.bewaar_concept("01-r", "mijn tekst")
    assert not uit.gelukt and "andere gebruiker" in uit.melding
    assert pad.read_bytes() == voor
    assert s.laatste_concept("01-r").tekst == "mijn tekst"  # kept in memory, for the download


def test_store_whose_owner_row_names_another_uid_is_refused(tmp_path):
    import json

    pad = tmp_path / "wijklab.sqlite"
    Store(pad).bewaar_concept("01-r", "geheim van een ander")
    con = sqlite3.connect(pad)
    con.execute(
        "INSERT INTO instellingen (tijd, sleutel, waarde) VALUES ('2026-01-01T00:00:00', 'eigenaar', ?)",
        (json.dumps({"uid": os.getuid() + 4242, "gebruiker": "iemand"}),),
    )
    con.commit()
    con.close()
    s = Store(pad)
    assert s.concepten() == [] and any("andere gebruiker" in m for m in s.meldingen)


def test_old_store_without_owner_row_stays_readable_and_gets_one(tmp_path):
    """A v1 store made before owners were recorded: same schema version, old rows read."""
    pad = tmp_path / "wijklab.sqlite"
    con = sqlite3.connect(pad)
    from wijklab.werk.store import _SCHEMA

    con.executescript(_SCHEMA + " PRAGMA user_version=1;")
    con.execute("INSERT INTO concepten (tijd, notebook, onderdeel, tekst) VALUES ('2026-01-01T10:00:00+01:00', '01', '01-r', 'oud')")
    con.commit()
    con.close()
    s = Store(pad)
    assert s.laatste_concept("01-r").tekst == "oud"
    assert s.instelling("eigenaar") is not None


def test_old_store_on_a_read_only_disk_stays_readable(tmp_path):
    """Recording the owner is a write; an old store that cannot be written is still read."""
    map = tmp_path / "ro"
    map.mkdir()
    pad = map / "wijklab.sqlite"
    con = sqlite3.connect(pad)
    from wijklab.werk.store import _SCHEMA

    con.executescript(_SCHEMA + " PRAGMA user_version=1;")
    con.execute("INSERT INTO concepten (tijd, notebook, onderdeel, tekst) VALUES ('2026-01-01T10:00:00+01:00', '01', '01-r', 'oud')")
    con.commit()
    con.close()
    os.chmod(pad, 0o444)
    os.chmod(map, 0o555)
    if os.geteuid() == 0:  # root ignores file modes: open the file read-only the SQLite way
        from urllib.parse import quote

        s = Store(pad)
        s._verbind = lambda: sqlite3.connect(f"file:{quote(str(pad))}?mode=ro", uri=True, timeout=1, isolation_level=None)
    else:
        s = Store(pad)
    assert s.laatste_concept("01-r").tekst == "oud"


SCHRIJVER_BIJ_SLOT = textwrap.dedent(
    """
    import sys
    from wijklab.werk.store import huidige_store
    uit = huidige_store().bewaar_concept("01-r", "getypt tijdens het slot")
    print("bezet" if uit.bezet else "anders: " + uit.melding, flush=True)
    sys.stdin.readline()  # the kernel stops after the lock is gone: what waited is saved at exit
    """
)


def test_rows_waiting_after_a_lock_are_saved_when_the_kernel_stops(werkmap):
    pad = werkmap / "wijklab.sqlite"
    Store(pad).bewaar_concept("01-r", "eerste")
    with houd_vast(pad):
        p = subprocess.Popen([sys.executable, "-c", SCHRIJVER_BIJ_SLOT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert p.stdout.readline().strip() == "bezet"
    p.communicate("\n", timeout=60)
    assert p.returncode == 0
    assert [c.tekst for c in Store(pad).concepten("01-r")] == ["eerste", "getypt tijdens het slot"]


# --- 200 rounds of four processes opening one damaged store (issue 21, item 4) -------------------


def _opener(pad: str, naam: str, slagboom, uitkomsten) -> None:
    """One kernel: open the damaged store at the moment the others do, save, say what it was told."""
    slagboom.wait(timeout=30)
    time.sleep(int(naam[1:]) * 0.001)  # a millisecond apart: one is still checking while another sets it aside
    s = Store(pad)
    uit = s.bewaar_concept("01-" + naam, "tekst van " + naam)
    for _ in range(20):  # another's lock: the row waits in memory and the next try saves it
        if uit.gelukt:
            break
        time.sleep(0.05)
        uit = s.probeer_opnieuw()
    uitkomsten.put({"naam": naam, "gelukt": uit.gelukt, "meldingen": list(s.meldingen)})


def _kleine_beschadigde_store(pad: Path) -> bytes:
    """A small real store (about 1 MB) with damaged pages near its end: checking it takes a few
    milliseconds, long enough for the others to act meanwhile."""
    _beschadigde_store(pad, 2500, 30, 7, (3, 4), 2, 200)
    return pad.read_bytes()


@pytest.mark.skipif(sys.platform == "win32", reason="fork and folder locks: Linux and macOS")
def test_damaged_store_is_kept_byte_identical_in_200_races_of_four_processes(tmp_path, request):
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    if Path("/dev/shm").is_dir() and os.access("/dev/shm", os.W_OK):  # memory: fsync costs nothing, the race is the same
        tmp_path = Path(tempfile.mkdtemp(prefix="wijklab-race-", dir="/dev/shm"))
        request.addfinalizer(lambda: shutil.rmtree(tmp_path, ignore_errors=True))
    schades = [_kleine_beschadigde_store(tmp_path / "voorbeeld.sqlite"), b"dit is geen database" * 500]
    mislukt = []
    for ronde in range(200):
        map = tmp_path / f"r{ronde}"
        map.mkdir()
        pad = map / "wijklab.sqlite"
        origineel = schades[ronde % 2]
        pad.write_bytes(origineel)
        slagboom, uitkomsten = ctx.Barrier(4), ctx.Queue()
        procs = [ctx.Process(target=_opener, args=(str(pad), f"k{n}", slagboom, uitkomsten)) for n in range(4)]
        for p in procs:
            p.start()
        uit = [uitkomsten.get(timeout=60) for _ in procs]
        for p in procs:
            p.join(timeout=30)
            assert p.exitcode == 0, (ronde, p.exitcode)
        apart = sorted(map.glob("wijklab.beschadigd-*.sqlite"))
        # the damaged original is among the set-aside files, byte for byte
        if not any(a.read_bytes() == origineel for a in apart):
            mislukt.append((ronde, "origineel weg", [a.name for a in apart], uit))
            continue
        # every message is true: whoever says where the old file is kept names a file that holds it
        for u in uit:
            assert u["gelukt"], (ronde, u)
            for m in u["meldingen"]:
                if "bewaard als" in m:
                    genoemd = m.split("bewaard als '", 1)[1].split("'", 1)[0]
                    if (map / genoemd).read_bytes() != origineel:
                        mislukt.append((ronde, "melding onwaar", m))
        # exactly one kernel moved it and says so; the others found the fresh store and say nothing about it
        assert sum("bewaard als" in m for u in uit for m in u["meldingen"]) == 1, (ronde, uit)
        # one store holds the work of all four
        assert sorted(c.onderdeel for c in Store(pad).concepten()) == [f"01-k{n}" for n in range(4)], ronde
    assert not mislukt, f"{len(mislukt)} of 200 rounds: {mislukt[:3]}"


SCHRIJVER_BLIJFT_BEZET = textwrap.dedent(
    """
    import sys
    from wijklab.werk import store, wachtrij
    wachtrij.AFSLUIT_WACHT_S = 0.2  # the same tries at exit, each waiting less: the test need not wait ~9 s
    uit = store.huidige_store().bewaar_concept("01-r", "getypt tijdens het slot")
    print("bezet" if uit.bezet else "anders: " + uit.melding, flush=True)
    sys.stdin.readline()  # the kernel stops while the other process still holds the lock
    """
)


def test_save_still_locked_at_exit_goes_to_a_side_file_the_next_session_takes_in(werkmap):
    pad = werkmap / "wijklab.sqlite"
    Store(pad).bewaar_concept("01-r", "eerste")
    with houd_vast(pad):
        p = subprocess.Popen([sys.executable, "-c", SCHRIJVER_BLIJFT_BEZET], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert p.stdout.readline().strip() == "bezet"
        p.communicate("\n", timeout=60)
        assert p.returncode == 0
        zij = list(werkmap.glob("wijklab.wachtend-*.json"))
        assert len(zij) == 1, "what could not be written at exit must be kept"
        bewaard = json.loads(zij[0].read_text(encoding="utf-8"))["rijen"]
        assert [(r["tabel"], r["rij"]["tekst"]) for r in bewaard] == [("concepten", "getypt tijdens het slot")]
        assert not list(werkmap.glob(".*tmp")), "no half-written temporary file is left"
    # the next session takes it in: the row with its own time, the file removed, and she is told
    volgende = Store(pad)
    concepten = volgende.concepten("01-r")
    assert [c.tekst for c in concepten] == ["eerste", "getypt tijdens het slot"]
    assert concepten[-1].tijd == bewaard[0]["rij"]["tijd"]
    assert not list(werkmap.glob("wijklab.wachtend-*.json"))
    assert any(zij[0].name in m and "alsnog opgeslagen" in m for m in volgende.info)
    # a third session finds nothing to take in twice
    assert [c.tekst for c in Store(pad).concepten("01-r")] == ["eerste", "getypt tijdens het slot"]


def test_side_file_left_after_a_kill_right_after_saving_adds_nothing_twice(werkmap):
    """A kernel killed between writing its rows and removing its side file: the rows are not doubled."""
    pad = werkmap / "wijklab.sqlite"
    s = Store(pad)
    s.bewaar_concept("01-r", "eerste")
    s.niet_opgeslagen.append(("concepten", {"tijd": "2026-12-07T21:39:00+01:00", "notebook": "01", "onderdeel": "01-r", "tekst": "twee"}))
    zij = s.bewaar_in_zijbestand()
    assert s.probeer_opnieuw().gelukt  # saved, but the side file is still there (the kill)
    volgende = Store(pad)
    assert [c.tekst for c in volgende.concepten("01-r")] == ["eerste", "twee"]
    assert not zij.exists() and not volgende.info


def test_unreadable_side_file_is_kept_and_named(werkmap):
    pad = werkmap / "wijklab.sqlite"
    (werkmap / "wijklab.wachtend-20261207-213900-1.json").write_text("{half", encoding="utf-8")
    s = Store(pad)
    assert s.bewaar_concept("01-r", "nieuw").gelukt
    assert (werkmap / "wijklab.wachtend-20261207-213900-1.json").read_text(encoding="utf-8") == "{half"
    assert any("wijklab.wachtend-20261207-213900-1.json" in m and "docent" in m for m in s.meldingen)
