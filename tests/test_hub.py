"""A class on a real JupyterHub: two students apart, the course updated under them, the teacher collecting.

The hub (jupyterhub + configurable-http-proxy, DummyAuthenticator, SimpleLocalProcessSpawner with one home
per student) runs on 127.0.0.1. The course is handed out the way a teacher does it: an nbgitpuller link
(made by ``python3 cursus.py link``) that clones the course from a git repository into the student's own
home; here that repository is a local clone of this course's committed HEAD. Each student logs in through
the hub's login page in her own browser context (headless Debian chromium), runs 00_start, answers a quiz
question her own way, writes a reflection, hands in (the notebook's ``wl.exporteer()`` cell) and adds a
note of her own to the notebook. Checked:

1. each student's store and portfolio lie in her own home and only there; her words are nowhere else
   (every file of the other home, of the hub and of the proxy is read); her portfolio holds only her
   work; with her login she cannot reach the other's server or step out of her own home;
   the teacher's ``python -m wijklab klas`` puts both reflections in one class overview;
2. the teacher then changes the course (a notebook's text, a question's wording) and commits; each
   student comes back later (her server was stopped) and clicks the same link: nbgitpuller merges the
   change in, her ``mijn_werk/`` is byte-identical, her own note in the notebook is still there, and
   after Run All the new wording shows with her earlier answer and reflection restored.

Printed, not asserted: the test's duration and the memory of each student's kernel after Run All.
On a failure: screenshots, page HTML and the hub log in tests/artefacten/.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from e2e_helpers import ARTEFACTS, CHROMIUM, CHROMIUM_ARGS, COURSE_ROOT, PANEL, VENV_BIN, wait_idle
from hub_helpers import (
    Hub, cmdline, course_repository, find_proxy, git, kernel_pids, memory_kib, clear_outputs, run_all, save_notebook, server_pids,
)


NOTEBOOK = "00_start"
QUIZ = "00-decentralisaties"
REFLECTIE = "00-verwachting"
MAP = "wijklab"  # the course folder in each home (targetPath of the link)

# the teacher's changes mid-course (step 2)
KOP_OUD = '"## Zo werk je in een notebook\\n",\n'
ALINEA_NIEUW = "Nieuw van je docent: op de hub staat je werk in je eigen thuismap, in de map mijn_werk van de cursus."
VRAAG_OUD = "Sinds wanneer zijn gemeenten verantwoordelijk voor"
VRAAG_NIEUW = "Vanaf welke datum zijn gemeenten verantwoordelijk voor"


def _vereisten():
    if not sys.platform.startswith("linux") or not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("de hubtest draait alleen als root op Linux (zoals in CI): JupyterHub start hier de servers van de studenten")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian chromium ({CHROMIUM}) ontbreekt: apt-get install chromium")
    if find_proxy() is None:
        pytest.fail("configurable-http-proxy ontbreekt: draai 'python3 cursus.py test' (die installeert hem met npm)")
    if shutil.which("git") is None:
        pytest.fail("git ontbreekt: nbgitpuller heeft git nodig (apt-get install git)")


@dataclass
class Student:
    naam: str  # hub user name
    volle_naam: str
    kies_goed: bool
    kenmerk: str = field(default_factory=lambda: uuid.uuid4().hex[:10])
    context: object = None
    page: object = None
    keuze: int | None = None
    optie: str | None = None  # the text of the chosen option: what the store keeps (issue 7)
    geheugen: dict = field(default_factory=dict)
    geheugen_server: dict = field(default_factory=dict)
    tijden: dict = field(default_factory=dict)

    def tik(self, stap: str, sinds: float) -> float:
        nu = time.monotonic()
        self.tijden[stap] = self.tijden.get(stap, 0) + nu - sinds
        return nu

    @property
    def reflectie(self) -> str:
        return (
            f"Ik volg deze cursus omdat ik als {self.volle_naam} later in een wijkteam wil werken. Bij een kwetsbare wijk "
            "denk ik aan een buurt met veel goedkope huurwoningen, waar bewoners weinig ruimte hebben om mee te praten. "
            "Ik wil leren wat slopen en duurder bouwen echt opleverde, en wat een inclusieve wijk anders doet voor "
            f"mensen die extra steun nodig hebben. Kenmerk {self.kenmerk}."
        )

    @property
    def aantekening(self) -> str:
        return f"# Mijn eigen aantekening ({self.volle_naam}): eerst de begrippenlijst lezen. Kenmerk notitie-{self.kenmerk}"


def _lees_store(pad: Path) -> dict:
    """Read a student's SQLite store read-only (no engine, so nothing is written to it)."""
    con = sqlite3.connect(f"file:{pad}?mode=ro", uri=True)
    try:
        return {
            "pogingen": [(o, json.loads(a)) for o, a in con.execute("SELECT onderdeel, antwoord FROM pogingen ORDER BY nr")],
            "concepten": [(o, t) for o, t in con.execute("SELECT onderdeel, tekst FROM concepten ORDER BY nr")],
        }
    finally:
        con.close()


def _bestanden_met(wortel: Path, tekst: str, behalve: tuple[Path, ...] = ()) -> list[Path]:
    """Every file under ``wortel`` (outside ``behalve``) whose bytes contain ``tekst``."""
    nodig = tekst.encode()
    gevonden = []
    for pad in wortel.rglob("*"):
        if any(pad.is_relative_to(b) for b in behalve) or not pad.is_file() or pad.is_symlink():
            continue
        with contextlib.suppress(OSError):
            if nodig in pad.read_bytes():
                gevonden.append(pad)
    return gevonden


def _hashes(map: Path) -> dict[str, str]:
    return {str(p.relative_to(map)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(map.rglob("*")) if p.is_file()}


def _link(hub: Hub, repo: Path) -> str:
    """The link the teacher shares, from the generator in cursus.py (its output is what students click)."""
    uit = _cursus_link(hub.url, "--repo", repo.as_uri(), "--branch", "main", "--map", MAP, "--lokale-repo")  # the hub runs on this machine
    assert uit.returncode == 0, uit.stderr
    link = uit.stdout.strip()
    assert link.startswith(f"{hub.url}/hub/user-redirect/git-pull?"), link
    return link


def _open_via_link(page, link: str, student: Student, hub: Hub, inloggen: bool) -> None:
    page.goto(link)
    if inloggen:
        page.locator("#username_input").fill(student.naam)
        page.locator("#password_input").fill(hub.password)
        page.locator("#login_submit").click()
    # spawn (the hub's "server is starting" page), nbgitpuller's sync page, then JupyterLab on the notebook
    page.wait_for_url(re.compile(rf"/user/{student.naam}/lab/tree/{MAP}/notebooks/{NOTEBOOK}\.ipynb"), timeout=240_000)
    page.wait_for_selector(f"{PANEL} .jp-Notebook .jp-Cell", timeout=120_000)
    wait_idle(page, 120_000)


def _quiz(page):
    return page.locator(f"{PANEL} .wl-quiz.wl-vraag-{QUIZ}")


def _radio(page, tekst: str):
    """The radio button of the option with this text (each student sees the options in her own order)."""
    import re

    from wijklab.leerling import ui

    label = _quiz(page).locator(".wl-opties label.wl-optie",
                                has_text=re.compile(rf"^\s*{re.escape(ui.platte_tekst(ui.inline(tekst)))}\s*$"))
    return label.locator("input[type=radio]")


def _reflectieblok(page):
    return page.locator(f"{PANEL} .wl-reflectie.wl-vraag-{REFLECTIE}")


def _meet_kernel(hub: Hub, student: Student) -> None:
    kernels = kernel_pids(hub.processes(), hub.home(student.naam))
    assert len(kernels) == 1, f"verwacht één kernel in de thuismap van {student.naam}, gevonden: {kernels}"
    student.geheugen = memory_kib(kernels[0])
    servers = server_pids(hub.processes(), student.naam)
    assert len(servers) == 1, f"verwacht één server voor {student.naam}, gevonden: {servers}"
    student.geheugen_server = memory_kib(servers[0])


def _eerste_sessie(hub: Hub, link: str, student: Student, vraag) -> None:
    from playwright.sync_api import expect

    page = student.page
    t = time.monotonic()
    _open_via_link(page, link, student, hub, inloggen=True)
    t = student.tik("inloggen+starten+klonen", t)
    # the course's Dutch JupyterLab, as on her own computer (docs/jupyterhub.md, chapter 5)
    menus = {" ".join(m.split()) for m in page.locator("#jp-menu-panel .lm-MenuBar-item").all_inner_texts()}
    assert {"Bestand", "Bewerk", "Weergave", "Uitvoeren", "Kernel"} <= menus, f"menu's op de hub: {menus}"
    assert page.locator("#jp-menu-panel .lm-MenuBar-item", has_text="Nbgrader").count() == 0
    run_all(page)
    t = student.tik("run all", t)
    _meet_kernel(hub, student)

    naamvak = page.locator(f"{PANEL} .wl-naam input")
    naamvak.fill(student.volle_naam)
    naamvak.press("Enter")

    student.keuze = next(i for i, o in enumerate(vraag.opties) if o.juist == student.kies_goed)
    student.optie = vraag.opties[student.keuze].tekst
    _radio(page, student.optie).check()
    _quiz(page).locator("button.wl-controleer").click()
    expect(_quiz(page).locator(".wl-feedback")).to_contain_text("Goed!" if student.kies_goed else "Nog niet goed")

    blok = _reflectieblok(page)
    blok.locator(".wl-tekstvak textarea").click()
    # typed, not pasted: the first and the last word by key, the rest in one input event
    woorden = student.reflectie.split(" ")
    page.keyboard.type(woorden[0] + " ")
    page.keyboard.insert_text(" ".join(woorden[1:-1]) + " ")
    page.keyboard.type(woorden[-1])
    expect(blok.locator(".wl-opslagstatus")).to_contain_text(re.compile(r"opgeslagen om \d\d:\d\d"), timeout=15_000)

    # hand in: run the notebook's own export cell again, now that there is work in it
    exportcel = page.locator(f"{PANEL} .jp-CodeCell").filter(has_text="wl.exporteer()")
    exportcel.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    wait_idle(page)

    # her own note in the notebook: a new cell below the last one, then save (Ctrl+S)
    page.locator(f"{PANEL} .jp-Cell").last.locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    page.keyboard.press("Enter")
    page.keyboard.type(student.aantekening)
    page.keyboard.press("Escape")
    save_notebook(page)
    student.tik("antwoorden+inleveren+aantekening", t)


def _export_json(hub: Hub, student: Student, timeout: float = 30) -> Path:
    """Her portfolio JSON in her home, once it holds her reflection (the export cell runs asynchronously)."""
    exportmap = hub.home(student.naam) / MAP / "mijn_werk" / "export"
    eind = time.monotonic() + timeout
    while time.monotonic() < eind:
        for pad in exportmap.glob("portfolio_*.json"):
            if student.kenmerk in pad.read_text(encoding="utf-8"):
                return pad
        time.sleep(0.3)
    raise AssertionError(f"geen portfolio met de reflectie van {student.naam} in {exportmap}: {sorted(exportmap.glob('*'))}")


def _docent_wijzigt_cursus(repo: Path) -> None:
    nb = repo / "notebooks" / f"{NOTEBOOK}.ipynb"
    tekst = nb.read_text(encoding="utf-8")
    assert tekst.count(KOP_OUD) == 1, "de kop 'Zo werk je in een notebook' staat niet (één keer) in 00_start"
    # a raw edit of two lines: the rest of the file stays byte-identical, like a teacher's small fix
    nb.write_text(tekst.replace(KOP_OUD, KOP_OUD + '    "\\n",\n' + f'    {json.dumps(ALINEA_NIEUW + chr(10))},\n'), encoding="utf-8")
    json.loads(nb.read_text(encoding="utf-8"))
    bank = repo / "notebooks" / "vragen" / f"{NOTEBOOK}.yaml"
    tekst = bank.read_text(encoding="utf-8")
    assert tekst.count(VRAAG_OUD) == 1, f"de vraag {QUIZ} begint niet (meer) met '{VRAAG_OUD}'"
    bank.write_text(tekst.replace(VRAAG_OUD, VRAAG_NIEUW), encoding="utf-8")
    git("commit", "--quiet", "-am", "Docent: extra uitleg en een duidelijkere vraag", cwd=repo)


def _tweede_sessie(hub: Hub, link: str, student: Student, voor: dict[str, str]) -> None:
    from playwright.sync_api import expect

    page = student.page
    t = time.monotonic()
    _open_via_link(page, link, student, hub, inloggen=False)
    t = student.tik("terugkomen+starten+bijwerken", t)
    home = hub.home(student.naam)
    werk = home / MAP / "mijn_werk"
    assert _hashes(werk) == voor, f"mijn_werk van {student.naam} is veranderd door de update"
    log = git("log", "--format=%s", cwd=home / MAP)
    assert "Docent: extra uitleg" in log, f"de wijziging van de docent is niet binnengehaald:\n{log}"
    op_schijf = (home / MAP / "notebooks" / f"{NOTEBOOK}.ipynb").read_text(encoding="utf-8")
    assert ALINEA_NIEUW in op_schijf, "de nieuwe tekst van de docent staat niet in haar notebook"
    assert f"notitie-{student.kenmerk}" in op_schijf, "haar eigen aantekening in het notebook is weg"
    expect(page.locator(PANEL)).to_contain_text(ALINEA_NIEUW)
    expect(page.locator(f"{PANEL} .jp-CodeCell").filter(has_text=f"notitie-{student.kenmerk}")).to_have_count(1)

    pogingen_voor = len(_lees_store(werk / "wijklab.sqlite")["pogingen"])
    clear_outputs(page)  # her saved outputs; the kernel is new, her server was restarted
    run_all(page)
    student.tik("opnieuw run all", t)
    expect(_quiz(page).locator(".wl-kop")).to_contain_text(VRAAG_NIEUW)
    expect(_radio(page, student.optie)).to_be_checked()
    expect(_quiz(page).locator(".wl-feedback")).to_contain_text("je eerdere antwoord")
    expect(_reflectieblok(page).locator(".wl-tekstvak textarea")).to_have_value(student.reflectie)
    assert len(_lees_store(werk / "wijklab.sqlite")["pogingen"]) == pogingen_voor, "opnieuw openen voegde pogingen toe"


def _bewaar_artefacten(hub: Hub, studenten: list[Student]) -> None:
    ARTEFACTS.mkdir(exist_ok=True)
    stempel = time.strftime("%Y%m%d-%H%M%S")
    for s in studenten:
        if s.page is None:
            continue
        with contextlib.suppress(Exception):
            s.page.screenshot(path=str(ARTEFACTS / f"hub-{s.naam}-{stempel}.png"), full_page=True)
        with contextlib.suppress(Exception):
            (ARTEFACTS / f"hub-{s.naam}-{stempel}.html").write_text(s.page.content(), encoding="utf-8")
    with contextlib.suppress(OSError):
        shutil.copy(hub.log, ARTEFACTS / f"hub-{stempel}.log")


def _cursus_link(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(COURSE_ROOT / "cursus.py"), "link", *args], capture_output=True, text=True)


def test_link_generator_makes_nbgitpullers_link_and_says_in_dutch_what_is_wrong():
    from urllib.parse import parse_qs, urlsplit

    uit = _cursus_link("https://hub.hogeschool.nl/", "--repo", "https://github.com/opleiding/wijklab.git", "--notebook", "01_gemengde_wijk")
    assert uit.returncode == 0, uit.stderr
    link = urlsplit(uit.stdout.strip())
    assert (link.scheme, link.netloc, link.path) == ("https", "hub.hogeschool.nl", "/hub/user-redirect/git-pull")
    assert parse_qs(link.query) == {
        "repo": ["https://github.com/opleiding/wijklab.git"],
        "branch": ["main"],
        "targetPath": ["wijklab"],
        "urlpath": ["lab/tree/wijklab/notebooks/01_gemengde_wijk.ipynb"],
    }
    for fout, verwacht in ((["hub.hogeschool.nl", "--repo", "x"], "geen webadres"), ([], "dit ontbreekt nog: HUB_URL"),
                           (["https://hub.nl", "--repo"], "bij --repo hoort één waarde")):
        uit = _cursus_link(*fout)
        assert uit.returncode != 0 and uit.stdout == ""
        assert verwacht in uit.stderr and "Traceback" not in uit.stderr and "error:" not in uit.stderr, uit.stderr


@pytest.mark.hub
@pytest.mark.e2e
@pytest.mark.timeout(900)
def test_two_students_on_a_hub_stay_apart_and_keep_their_work_through_an_update(tmp_path):
    from playwright.sync_api import sync_playwright

    from wijklab.inhoud.bank import laad_bank

    _vereisten()
    begin = time.monotonic()
    vraag = next(v for v in laad_bank(COURSE_ROOT / "notebooks" / "vragen" / f"{NOTEBOOK}.yaml").vragen if v.id == QUIZ)
    assert vraag.type == "enkelvoudig" and any(o.juist for o in vraag.opties) and not all(o.juist for o in vraag.opties)

    repo = course_repository(tmp_path / "docent" / MAP)
    anna = Student("anna", "Anna de Wit", kies_goed=True)
    bram = Student("bram", "Bram Jansen", kies_goed=False)
    studenten = [anna, bram]
    hub = Hub(tmp_path, tuple(s.naam for s in studenten))
    tijden = {}
    centraal = {}
    bewaard = False
    try:
        hub.start()
        tijden["hub gestart"] = time.monotonic() - begin
        link = _link(hub, repo)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                for s in studenten:  # one browser context per student: her own cookies, her own login
                    s.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
                    s.page = s.context.new_page()
                    s.page.set_default_timeout(30_000)

                # --- 1. two students, each in her own home --------------------------------------
                for s in studenten:
                    t = time.monotonic()
                    _eerste_sessie(hub, link, s, vraag)
                    tijden[f"eerste sessie {s.naam}"] = time.monotonic() - t
                centraal = {"hub": memory_kib(hub.proc.pid)}
                for pid in hub.processes():
                    if "configurable-http-proxy" in cmdline(pid):
                        centraal["proxy"] = memory_kib(pid)

                exports = {}
                for s, ander in ((anna, bram), (bram, anna)):
                    home, werk = hub.home(s.naam), hub.home(s.naam) / MAP / "mijn_werk"
                    assert (werk / "wijklab.sqlite").is_file(), (
                        f"de opslag van {s.naam} staat niet in haar thuismap ({werk}); wel gevonden: "
                        f"{sorted(str(p) for p in tmp_path.rglob('wijklab.sqlite'))}"
                    )
                    store = _lees_store(werk / "wijklab.sqlite")
                    assert [a.get("optie") for o, a in store["pogingen"] if o == QUIZ] == [s.optie], store["pogingen"]
                    assert [t for o, t in store["concepten"] if o == REFLECTIE][-1] == s.reflectie
                    exports[s.naam] = _export_json(hub, s)
                    assert exports[s.naam].is_relative_to(werk / "export")
                    portfolio = exports[s.naam].read_text(encoding="utf-8")
                    assert s.volle_naam in portfolio and s.kenmerk in portfolio
                    assert ander.kenmerk not in portfolio and ander.volle_naam not in portfolio, f"het portfolio van {s.naam} bevat werk van {ander.naam}"
                    # her words are in her home and nowhere else: not in the other's home, nor the hub's or the teacher's files
                    elders = _bestanden_met(tmp_path, s.kenmerk, behalve=(home,))
                    assert not elders, f"tekst van {s.naam} staat buiten haar thuismap: {elders}"
                    # with her login she cannot read the other's work: not through the other's server ...
                    r = s.page.request.get(f"{hub.url}/user/{ander.naam}/api/contents/{MAP}/mijn_werk", max_redirects=0)
                    assert r.status in (302, 403), f"{s.naam} kreeg {r.status} op de server van {ander.naam}"
                    r = s.page.request.get(f"{hub.url}/user/{ander.naam}/files/{MAP}/mijn_werk/wijklab.sqlite")
                    assert r.status == 403 or ander.kenmerk.encode() not in r.body(), f"{s.naam} kon het opslagbestand van {ander.naam} lezen"
                    # ... nor by stepping out of her own home on her own server
                    r = s.page.request.get(f"{hub.url}/user/{s.naam}/api/contents/..%2F{ander.naam}%2F{MAP}%2Fmijn_werk")
                    assert not r.ok, f"{s.naam} kon via '..' in de thuismap van {ander.naam} kijken ({r.status})"
                stores = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("wijklab.sqlite"))
                assert stores == [f"home/{s.naam}/{MAP}/mijn_werk/wijklab.sqlite" for s in sorted(studenten, key=lambda s: s.naam)], stores

                # the teacher collects both portfolios into one class overview
                klas = tmp_path / "docent" / "inleveringen"
                klas.mkdir()
                for pad in exports.values():
                    shutil.copy(pad, klas)
                overzicht = tmp_path / "docent" / "klasoverzicht.html"
                uit = subprocess.run([str(VENV_BIN / "python"), "-m", "wijklab", "klas", str(klas), "--naar", str(overzicht)],
                                     capture_output=True, text=True, cwd=tmp_path)
                assert uit.returncode == 0, uit.stdout + uit.stderr
                html = overzicht.read_text(encoding="utf-8")
                for s in studenten:
                    assert s.kenmerk in html and s.volle_naam in html, f"het klasoverzicht mist de reflectie van {s.naam}"

                # --- 2. the teacher updates the course; the students come back later ------------
                voor = {}
                for s in studenten:
                    hub.stop_server(s.naam)  # she closed her laptop; the hub stopped her server
                    voor[s.naam] = _hashes(hub.home(s.naam) / MAP / "mijn_werk")
                _docent_wijzigt_cursus(repo)
                for s in studenten:
                    t = time.monotonic()
                    _tweede_sessie(hub, link, s, voor[s.naam])
                    tijden[f"tweede sessie {s.naam}"] = time.monotonic() - t
            except BaseException:
                _bewaar_artefacten(hub, studenten)
                bewaard = True
                raise
            finally:
                for s in studenten:
                    if s.context is not None:
                        with contextlib.suppress(Exception):
                            s.context.close()
                browser.close()
    except BaseException:
        if not bewaard:
            _bewaar_artefacten(hub, [])
        raise
    finally:
        hub.stop()
        over = hub.processes()
        assert not over, f"processen van de hub draaien nog: {over}"

    duur = time.monotonic() - begin
    print(f"\nhubtest: {duur:.0f} s in totaal; " + ", ".join(f"{k} {v:.0f} s" for k, v in tijden.items()))
    print("hub en proxy: " + ", ".join(f"{k} RSS {v.get('VmRSS', 0) / 1024:.0f} MiB" for k, v in centraal.items()))
    for s in studenten:
        print(f"  {s.naam}: " + ", ".join(f"{k} {v:.0f} s" for k, v in s.tijden.items()))
    for s in studenten:
        g = s.geheugen
        print(f"kernel van {s.naam} na Run All van {NOTEBOOK}: RSS {g.get('VmRSS', 0) / 1024:.0f} MiB, "
              f"piek {g.get('VmHWM', 0) / 1024:.0f} MiB, PSS {g.get('Pss', 0) / 1024:.0f} MiB; "
              f"haar server (jupyterhub-singleuser) RSS {s.geheugen_server.get('VmRSS', 0) / 1024:.0f} MiB")
