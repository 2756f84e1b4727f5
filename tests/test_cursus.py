"""cursus.py, the one command that sets up the course: `link` checks what goes into a student's link,
and the first set-up recovers from an interruption (issue 21 items 7 and 9).

The set-up tests run the real cursus.py (a copy, in a temporary folder) with a real `python -m venv` and
a real pip, on a tiny project with the course's package name and no dependencies, so one set-up costs
seconds instead of the minutes the whole course takes.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import COURSE_ROOT

# --- link: what goes into the link students click ------------------------------------------------


def _link_map(tmp_path: Path, origin: str | None = None) -> Path:
    """A copy of cursus.py next to two notebooks, optionally in a git folder with this 'origin'."""
    map_ = tmp_path / "cursus"
    (map_ / "notebooks").mkdir(parents=True)
    shutil.copy2(COURSE_ROOT / "cursus.py", map_ / "cursus.py")
    # its command line is the course's Dutch parser, which cursus.py loads by path from src/
    regel = Path("src") / "wijklab" / "basis" / "opdrachtregel.py"
    (map_ / regel).parent.mkdir(parents=True)
    shutil.copy2(COURSE_ROOT / regel, map_ / regel)
    for naam in ("00_start", "01_gemengde_wijk"):
        (map_ / "notebooks" / f"{naam}.ipynb").write_text("{}", encoding="utf-8")
    if origin is not None:
        subprocess.run(["git", "init", "-q", str(map_)], check=True)
        subprocess.run(["git", "-C", str(map_), "remote", "add", "origin", origin], check=True)
    return map_


def _link(map_: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(map_ / "cursus.py"), "link", *args], capture_output=True, text=True,
                          timeout=60)


def _geweigerd(uit: subprocess.CompletedProcess, *fragmenten: str) -> None:
    assert uit.returncode != 0, f"link gemaakt terwijl die stuk is: {uit.stdout}"
    assert uit.stdout == "", uit.stdout
    for f in fragmenten:
        assert f in uit.stderr, uit.stderr
    assert "Traceback" not in uit.stderr and "Dat lukte niet" in uit.stderr, uit.stderr


REPO = "https://github.com/opleiding/wijklab.git"


@pytest.mark.parametrize("hub", [
    "https://hub.hogeschool.nl/#/lab", "https://hub.hogeschool.nl/?next=/lab", "https://hub.hogeschool.nl#",
    "https://hub hogeschool.nl", "https://hub.hogeschool.nl/ ", "https://hub.hogeschool.nl\n", "https://hub.hogeschool.nl\t/x",
    "https://docent:geheim@hub.hogeschool.nl", "https://token@hub.hogeschool.nl", "https://", "https:///hub", "http://:80",
    "https://hub.hogeschool.nl:poort",
])
def test_link_refuses_a_hub_address_that_makes_a_broken_link(tmp_path, hub):
    """Before: each of these went into the link as it was (a fragment or query in the middle of the link, a
    newline, a password in every student's browser history)."""
    _geweigerd(_link(_link_map(tmp_path), hub, "--repo", REPO), "hub", "https://hub.hogeschool.nl")


@pytest.mark.parametrize("repo, voorstel", [
    ("git@github.com:opleiding/wijklab.git", "--repo https://github.com/opleiding/wijklab"),
    ("ssh://git@gitlab.hogeschool.nl:2222/opleiding/wijklab.git", "--repo https://gitlab.hogeschool.nl/opleiding/wijklab"),
    ("/home/docent/wijklab", "--repo https://"),
    ("file:///home/docent/wijklab", "--repo https://"),
    ("../wijklab", "--repo https://"),
    ("C:\\Users\\docent\\wijklab", "--repo https://"),
    ("https://docent:ghp_geheim@github.com/opleiding/wijklab.git", "--repo https://"),
])
def test_link_refuses_a_repository_students_cannot_pull(tmp_path, repo, voorstel):
    _geweigerd(_link(_link_map(tmp_path), "https://hub.hogeschool.nl", "--repo", repo), "niet ophalen", voorstel)


@pytest.mark.parametrize("origin", ["git@github.com:opleiding/wijklab.git", "/srv/git/wijklab"])
def test_link_without_repo_refuses_an_origin_students_cannot_pull(tmp_path, origin):
    """Before: without --repo the origin went into the link silently, also an ssh address or a local folder."""
    _geweigerd(_link(_link_map(tmp_path, origin), "https://hub.hogeschool.nl"), "origin", "--repo https://")


def test_a_local_repository_only_with_lokale_repo_for_a_hub_on_this_machine(tmp_path):
    """The hub test (and a teacher trying a hub on her own computer) clones from a folder: allowed only when asked."""
    map_ = _link_map(tmp_path)
    _geweigerd(_link(map_, "http://127.0.0.1:8000", "--repo", "file:///srv/git/wijklab"), "--lokale-repo")
    uit = _link(map_, "http://127.0.0.1:8000", "--repo", "file:///srv/git/wijklab", "--lokale-repo")
    assert uit.returncode == 0, uit.stderr
    assert parse_qs(urlsplit(uit.stdout.strip()).query)["repo"] == ["file:///srv/git/wijklab"]
    # an ssh address stays refused: every student would need a key
    _geweigerd(_link(map_, "http://127.0.0.1:8000", "--repo", "git@github.com:o/w.git", "--lokale-repo"), "ssh")


def test_link_without_repo_takes_an_https_origin(tmp_path):
    uit = _link(_link_map(tmp_path, REPO), "https://hub.hogeschool.nl")
    assert uit.returncode == 0, uit.stderr
    assert parse_qs(urlsplit(uit.stdout.strip()).query)["repo"] == [REPO]


@pytest.mark.parametrize("optie, waarde, fragment", [
    ("--map", "../..", "--map"), ("--map", "/home/student", "--map"), ("--map", "wijk lab", "--map"),
    ("--map", ".verborgen", "--map"), ("--map", "a/b", "--map"), ("--map", "..", "--map"),
    ("--notebook", "../../etc/passwd", "00_start, 01_gemengde_wijk"), ("--notebook", "99_bestaat_niet", "notebooks/"),
    ("--notebook", "00_start.ipynb?x=1", "--notebook"),
    ("--branch", "main branch", "--branch"), ("--branch", "../main", "--branch"), ("--branch", "-main", "--branch"),
    ("--branch", "main.lock", "--branch"), ("--branch", "ma~in", "--branch"), ("--branch", "main@{1}", "--branch"),
    ("--branch", "feature//x", "--branch"), ("--branch", "main\n", "--branch"), ("--branch", "", "--branch"),
])
def test_link_checks_map_notebook_and_branch(tmp_path, optie, waarde, fragment):
    """Before: these went into the link unchecked (--map ../.. made nbgitpuller clone outside the home folder)."""
    _geweigerd(_link(_link_map(tmp_path), "https://hub.hogeschool.nl", "--repo", REPO, optie, waarde), fragment)


def test_link_accepts_what_is_right(tmp_path):
    uit = _link(_link_map(tmp_path), "http://hub.hogeschool.nl:8000/jupyter/", "--repo", REPO, "--branch", "cursus/2026-najaar",
                "--notebook", "notebooks/01_gemengde_wijk.ipynb", "--map", "wijklab_2026")
    assert uit.returncode == 0, uit.stderr
    link = urlsplit(uit.stdout.strip())
    assert (link.scheme, link.netloc, link.path) == ("http", "hub.hogeschool.nl:8000", "/jupyter/hub/user-redirect/git-pull")
    assert parse_qs(link.query) == {"repo": [REPO], "branch": ["cursus/2026-najaar"], "targetPath": ["wijklab_2026"],
                                    "urlpath": ["lab/tree/wijklab_2026/notebooks/01_gemengde_wijk.ipynb"]}


# --- the first set-up: interrupted, or twice at once ---------------------------------------------

KLEIN_PYPROJECT = """\
[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"

[project]
name = "wijklab"
version = "0.0.1"
requires-python = ">=3.10"
dependencies = []
"""


@pytest.fixture
def kleine_cursus(tmp_path) -> Path:
    """The real cursus.py next to a tiny project (the course's package name, no dependencies)."""
    map_ = tmp_path / "cursus"
    (map_ / "src" / "wijklab").mkdir(parents=True)
    shutil.copy2(COURSE_ROOT / "cursus.py", map_ / "cursus.py")
    (map_ / "pyproject.toml").write_text(KLEIN_PYPROJECT, encoding="utf-8")
    (map_ / "src" / "wijklab" / "__init__.py").write_text('"""Klein."""\n', encoding="utf-8")
    return map_


def _omgeving_opdracht(map_: Path) -> list[str]:
    # the set-up every command of cursus.py starts with (`lab`, `test`, `check` … then start something big)
    return [sys.executable, "-c", "import cursus; cursus.omgeving('')"]


def _zonder_venv() -> dict:
    return {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONHOME")}


def _zet_klaar(map_: Path, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(_omgeving_opdracht(map_), cwd=map_, env=_zonder_venv(), capture_output=True, text=True,
                          timeout=600, **kw)


def _venv_python(map_: Path) -> Path:
    return map_ / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _klaar_en_heel(map_: Path, uit: subprocess.CompletedProcess) -> None:
    """The set-up succeeded and left a venv with a working pip, the course installed and no lock."""
    assert uit.returncode == 0, f"set-up faalde:\n{uit.stdout}\n{uit.stderr}"
    assert "Traceback" not in uit.stdout + uit.stderr
    pip = subprocess.run([str(_venv_python(map_)), "-m", "pip", "--version"], capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr
    importeer = subprocess.run([str(_venv_python(map_)), "-c", "import wijklab; print(wijklab.__file__)"],
                               capture_output=True, text=True, cwd="/")
    assert str(map_ / "src") in importeer.stdout, importeer.stderr
    assert (map_ / ".venv" / "wijklab-basis.stempel").exists()
    assert not (map_ / ".venv.lock").exists(), "het slot van de set-up is blijven liggen"


def _site_packages(map_: Path) -> list[Path]:
    return [*(map_ / ".venv").glob("lib/python*/site-packages"), map_ / ".venv" / "Lib" / "site-packages"]


@pytest.mark.timeout(600)
def test_setup_rebuilds_a_venv_made_without_pip(kleine_cursus):
    """Before: a .venv with python but without pip (what `python -m venv` leaves when it is killed) made every
    later run fail with 'No module named pip' and no hint."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(kleine_cursus / ".venv")], check=True,
                   env=_zonder_venv())
    uit = _zet_klaar(kleine_cursus)
    _klaar_en_heel(kleine_cursus, uit)
    assert "niet af" in uit.stdout and "opnieuw op" in uit.stdout, uit.stdout


@pytest.mark.timeout(600)
def test_setup_repairs_a_venv_whose_pip_was_deleted(kleine_cursus):
    subprocess.run([sys.executable, "-m", "venv", str(kleine_cursus / ".venv")], check=True, env=_zonder_venv())
    weg = [p for sp in _site_packages(kleine_cursus) for p in sp.glob("pip*")]
    assert weg, "de venv heeft geen pip om weg te halen"
    for p in weg:
        shutil.rmtree(p)
    uit = _zet_klaar(kleine_cursus)
    _klaar_en_heel(kleine_cursus, uit)
    assert "niet af" in uit.stdout, uit.stdout
    # and a run after a good set-up does nothing again (no rebuild, no install)
    nog_eens = _zet_klaar(kleine_cursus)
    assert nog_eens.returncode == 0 and "[cursus]" not in nog_eens.stdout, nog_eens.stdout


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL bestaat niet op Windows")
@pytest.mark.timeout(600)
def test_setup_killed_during_venv_recovers_on_the_next_run(kleine_cursus):
    """A real set-up killed with SIGKILL (its whole process group, as when the terminal is closed) while
    `python -m venv` is still installing pip; the next run notices the dead lock and the half venv."""
    proces = subprocess.Popen(_omgeving_opdracht(kleine_cursus), cwd=kleine_cursus, env=_zonder_venv(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        eind = time.monotonic() + 300
        while not _venv_python(kleine_cursus).exists() and proces.poll() is None and time.monotonic() < eind:
            time.sleep(0.02)
        assert proces.poll() is None, f"de set-up stopte al voor hij werd afgebroken:\n{proces.stdout.read().decode()}"
        assert not any((sp / "pip").exists() for sp in _site_packages(kleine_cursus)), "pip stond er al: te laat afgebroken"
    finally:
        os.killpg(proces.pid, signal.SIGKILL)
        proces.wait()
    assert _venv_python(kleine_cursus).exists()
    uit = _zet_klaar(kleine_cursus)
    _klaar_en_heel(kleine_cursus, uit)
    assert "afgebroken" in uit.stdout and "niet af" in uit.stdout, uit.stdout


@pytest.mark.timeout(600)
def test_two_setups_at_once_take_turns(kleine_cursus):
    """Before: two runs started at once both made .venv and both failed or installed over each other."""
    processen = [subprocess.Popen(_omgeving_opdracht(kleine_cursus), cwd=kleine_cursus, env=_zonder_venv(),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    uitkomsten = []
    for p in processen:
        out, err = p.communicate(timeout=600)
        uitkomsten.append(subprocess.CompletedProcess(p.args, p.returncode, out, err))
    for uit in uitkomsten:
        _klaar_en_heel(kleine_cursus, uit)
    wachtten = [uit for uit in uitkomsten if "Er loopt al een set-up" in uit.stdout]
    assert len(wachtten) == 1, [u.stdout for u in uitkomsten]
    assert "De andere set-up is klaar" in wachtten[0].stdout
    # the one that waited found the work done: it made no second venv and installed nothing
    assert "Eerste keer" not in wachtten[0].stdout and "Ik installeer" not in wachtten[0].stdout, wachtten[0].stdout


# --- the command line: the course's one Dutch parser, loaded by path (issue 22) ----------------------


def _cursus_module():
    sys.path.insert(0, str(COURSE_ROOT))
    try:
        import cursus
    finally:
        sys.path.remove(str(COURSE_ROOT))
    return cursus


@pytest.mark.parametrize("argv, verwacht", [
    ([], ("lab", [])),
    (["docent"], ("docent", [])),
    (["test"], ("test", [])),
    # everything after `test` goes to pytest untouched, also its own -h, -k and --
    (["test", "-m", "not e2e", "-k", "a or b", "--co", "-q", "-h", "--", "x"],
     ("test", ["-m", "not e2e", "-k", "a or b", "--co", "-q", "-h", "--", "x"])),
    (["bench", "--hub", "--studenten", "3"], ("bench", ["--hub", "--studenten", "3"])),
    (["html", "map"], ("html", ["map"])),
    (["nakijken", "opdracht1_menging", "--zip", "z.zip", "--opnieuw"],
     ("nakijken", ["opdracht1_menging", "--zip", "z.zip", "--opnieuw"])),
    (["opdrachten", "a", "b"], ("opdrachten", ["a", "b"])),
    (["check"], ("check", [])),
])
def test_every_command_reaches_its_task_with_its_arguments(monkeypatch, argv, verwacht):
    cursus = _cursus_module()
    gezien = []
    monkeypatch.setattr(cursus, "lab", lambda docent=False: gezien.append(("docent" if docent else "lab", [])))
    for naam in ("test", "bench", "html", "nakijken", "opdrachten"):
        monkeypatch.setattr(cursus, naam, lambda args, naam=naam: gezien.append((naam, list(args))))
    monkeypatch.setattr(cursus, "check", lambda: gezien.append(("check", [])))
    with pytest.raises(SystemExit) as uit:
        cursus.main(argv)
    assert uit.value.code == 0 and gezien == [verwacht]


@pytest.mark.parametrize("argv", [["help"], ["--help"], ["-h"]])
def test_help_prints_the_dutch_overview(argv):
    uit = subprocess.run([sys.executable, str(COURSE_ROOT / "cursus.py"), *argv], capture_output=True, text=True, timeout=60)
    assert uit.returncode == 0, uit.stderr
    assert uit.stdout.startswith("Zet de cursus klaar") and "python3 cursus.py nakijken OPDRACHT" in uit.stdout
    assert "usage" not in uit.stdout and "The first run" not in uit.stdout


def test_an_unknown_command_or_option_is_refused_in_dutch():
    onbekend = subprocess.run([sys.executable, str(COURSE_ROOT / "cursus.py"), "lap"], capture_output=True, text=True,
                              timeout=60)
    assert onbekend.returncode == 2 and "Onbekende opdracht 'lap'" in onbekend.stderr and "python3 cursus.py link" in onbekend.stderr
    verkeerd = subprocess.run([sys.executable, str(COURSE_ROOT / "cursus.py"), "link", "https://hub.hogeschool.nl", "--rep", "x",
                               "--bla"], capture_output=True, text=True, timeout=60)
    assert verkeerd.returncode == 1 and "Dat lukte niet: onbekende argumenten: --bla" in verkeerd.stderr
    assert "gebruik: python3 cursus.py link" in verkeerd.stderr and "usage" not in verkeerd.stderr
