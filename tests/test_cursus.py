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
