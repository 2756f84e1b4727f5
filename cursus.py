#!/usr/bin/env python3
"""Zet de cursus klaar en start hem met één opdracht. Nodig: alleen Python 3.10 of nieuwer.

    python3 cursus.py            zet alles klaar en open JupyterLab op notebooks/00_start.ipynb
    python3 cursus.py docent     JupyterLab voor de docent in opdrachten_docent/, met nbgrader (menu Nbgrader, Formgrader)
    python3 cursus.py test       voer alle tests uit (extra argumenten gaan naar pytest)
    python3 cursus.py check      controleer de vragenbanken en de bibliografie
    python3 cursus.py bench      meet snelheid en grootte (drukt cijfers af)
    python3 cursus.py bench --hub [--studenten 20]
                                 meet een hele klas tegelijk op een echte JupyterHub (als root op Linux)
    python3 cursus.py link HUB_URL [--repo URL] [--branch main]
                                 maak een nbgitpuller-link die de cursus op jullie JupyterHub zet
    python3 cursus.py opdrachten maak de opdrachten klaar voor de docent (nbgrader) in opdrachten_docent/
    python3 cursus.py nakijken OPDRACHT [--student ID] [--zip BESTAND] [--klas MAP] [--opnieuw]
                                 kijk de inzendingen na in een zandbak: feedback en cijfers.csv
    python3 cursus.py html       schrijf de hele cursus als HTML-pagina's naar cursus_html/ (offline lezen)
    python3 cursus.py help       toon deze hulp

De eerste keer maakt dit een eigen Python-omgeving in .venv/ en installeert de cursus daarin; daarna
installeert het alleen opnieuw als pyproject.toml veranderd is. Meer over een opdracht: python3 cursus.py
OPDRACHT --help (bijvoorbeeld python3 cursus.py link --help).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

MAP = Path(__file__).resolve().parent
VENV = MAP / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
# what the end-to-end and spelling tests need from the operating system (Debian/Ubuntu package names)
#: the course's own JupyterLab settings (Dutch, no news, course kernel, pre-save hook): see jupyter/README.md
LAB_CONFIG = MAP / "jupyter"
#: the notebook JupyterLab opens first (relative to the course folder, which is JupyterLab's root)
STARTNOTEBOOK = "notebooks/00_start.ipynb"
SYSTEEMPAKKETTEN = {"chromium": Path("/usr/bin/chromium"), "hunspell-nl": Path("/usr/share/hunspell/nl_NL.dic")}
# JupyterHub's proxy comes from npm, not from pip; the hub test finds it here (tests/hub_helpers.py)
NODE_MAP = VENV / "node_modules"
PROXY = NODE_MAP / ".bin" / "configurable-http-proxy"


def meld(tekst: str) -> None:
    print(f"[cursus] {tekst}", flush=True)


def stop(tekst: str) -> None:
    print(f"[cursus] Dat lukte niet: {tekst}", file=sys.stderr, flush=True)
    sys.exit(1)


def draai(*opdracht: str | Path, hint: str = "", **kw) -> None:
    uitkomst = subprocess.run([str(x) for x in opdracht], **kw)
    if uitkomst.returncode != 0:
        stop(f"de opdracht '{' '.join(map(str, opdracht[:4]))} …' gaf foutcode {uitkomst.returncode}. Zie de meldingen "
             f"hierboven.{' ' + hint if hint else ''}")


def omgeving(extra: str) -> None:
    """Make .venv and install the course with the given extras, if not already up to date.

    A set-up that was interrupted (a venv without pip, a pip killed half-way, no stamp) is noticed and
    repaired; two set-ups at once take turns through a lock file next to .venv (see ``_setup_slot``).
    """
    if sys.version_info < (3, 10):
        stop(f"deze cursus heeft Python 3.10 of nieuwer nodig; je hebt {sys.version.split()[0]}.")
    stempel = VENV / f"wijklab-{extra or 'basis'}.stempel"
    inhoud = _installatiestempel()
    if not _klaar(stempel, inhoud):
        with _setup_slot():
            if not _klaar(stempel, inhoud):  # a set-up we waited for may have done it
                _zorg_voor_venv()
                meld(f"Ik installeer de cursus{' met ' + extra if extra else ''} in .venv/ …")
                doel = f".[{extra}]" if extra else "."
                draai(PYTHON, "-m", "pip", "install", "--quiet", "-e", doel, cwd=MAP,
                      hint="Controleer je internetverbinding en draai dezelfde opdracht nog een keer; "
                           "ik ga dan verder waar het stopte.")
                # pip keeps an installed local package whose version did not change: the language pack's
                # translations may have changed without a new version number, so it is always put in again
                if (MAP / "taalpakket").is_dir():
                    draai(PYTHON, "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", "./taalpakket",
                          cwd=MAP, hint="Draai dezelfde opdracht nog een keer; ik ga dan verder waar het stopte.")
                stempel.write_text(inhoud)
    bytecode()


def _installatiestempel() -> str:
    """What an installed .venv must match: pyproject.toml and the course's own language pack (taalpakket/),
    which pip installs from this folder; a change to either means installing again."""
    h = hashlib.sha256((MAP / "pyproject.toml").read_bytes())
    pakket = MAP / "taalpakket"
    for pad in sorted(p for p in pakket.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                      and not any(d.endswith((".egg-info", "build")) for d in p.relative_to(pakket).parts)):
        h.update(pad.relative_to(pakket).as_posix().encode() + b"\0" + pad.read_bytes())
    return h.hexdigest()


def _klaar(stempel: Path, inhoud: str) -> bool:
    """Cheap (no subprocess): the venv has python and pip, and this extra was installed for this pyproject.toml."""
    return PYTHON.exists() and _pip_aanwezig() and stempel.exists() and stempel.read_text(errors="replace") == inhoud


def _pip_aanwezig() -> bool:
    """pip's package is in the venv (POSIX: lib/pythonX.Y/site-packages, Windows: Lib/site-packages)."""
    return any((sp / "pip" / "__init__.py").exists()
               for sp in [*VENV.glob("lib/python*/site-packages"), VENV / "Lib" / "site-packages"])


def _pip_werkt() -> bool:
    """The venv's python runs and imports a working pip (a pip killed during its own upgrade does not)."""
    try:
        return subprocess.run([str(PYTHON), "-m", "pip", "--version"], capture_output=True, timeout=120).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _zorg_voor_venv() -> None:
    """Make .venv with a working pip; rebuild it when an earlier set-up was interrupted."""
    if PYTHON.exists() and _pip_aanwezig() and _pip_werkt():
        return
    try:
        import venv  # noqa: F401
    except ImportError:
        stop("de Python-module 'venv' ontbreekt. Installeer die (op Debian/Ubuntu: sudo apt install python3-venv).")
    if VENV.exists():
        meld("De Python-omgeving in .venv/ is niet af: pip ontbreekt of werkt niet (waarschijnlijk is een eerdere "
             "set-up onderbroken). Ik bouw .venv/ opnieuw op (dat duurt een minuut of twee); je eigen werk staat "
             "daar niet in en blijft staan.")
    else:
        meld("Eerste keer: ik maak een eigen Python-omgeving in .venv/ (dat duurt een minuut of twee).")
    draai(sys.executable, "-m", "venv", "--clear", VENV,
          hint="Verwijder de map .venv en draai dezelfde opdracht opnieuw.")
    draai(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip",
          hint="Controleer je internetverbinding en draai dezelfde opdracht nog een keer.")


#: the lock of a set-up in progress: next to .venv (not in it: `venv --clear` empties .venv), holds the pid
SLOT = VENV.parent / (VENV.name + ".lock")
#: how long a second run waits for a set-up in progress before it gives up (seconds)
WACHTTIJD = 30 * 60


def _leeft(pid: int) -> bool:
    """Is process `pid` still running? (Windows: os.kill would end it, so ask the kernel32 API instead.)"""
    if pid <= 0:
        return False
    if os.name == "nt":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handvat = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handvat:
            return kernel32.GetLastError() == 5  # access denied: it exists, it is someone else's
        code = ctypes.c_ulong()
        gelukt = kernel32.GetExitCodeProcess(handvat, ctypes.byref(code))
        kernel32.CloseHandle(handvat)
        return bool(gelukt) and code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _lees_slot() -> str | None:
    try:
        return SLOT.read_text(encoding="utf-8")
    except (FileNotFoundError, PermissionError):  # gone, or (Windows) being removed right now
        return None
    except OSError:
        return ""


@contextlib.contextmanager
def _setup_slot():
    """One set-up at a time. The lock file is made with O_CREAT|O_EXCL (atomic, also on Windows) and holds the
    pid of its owner; a second run waits while that process lives, and takes over a lock whose owner is gone
    (killed mid-way: its half work is then repaired by the caller). A lock without a readable pid is treated as
    being written for a few seconds, then as stale."""
    begin = time.monotonic()
    gemeld = False
    while True:
        try:
            fd = os.open(SLOT, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            inhoud = _lees_slot()
            if inhoud is None:
                continue
            pid = int(inhoud.split()[0]) if inhoud.split() and inhoud.split()[0].isdigit() else None
            try:
                oud = time.time() - SLOT.stat().st_mtime > 10
            except OSError:
                continue
            if (pid is not None and not _leeft(pid)) or (pid is None and oud):
                meld(f"Een eerdere set-up{f' (proces {pid})' if pid else ''} is afgebroken; ik ruim zijn slot "
                     f"({SLOT.name}) op en ga verder.")
                if _lees_slot() == inhoud:  # still the same stale lock (another waiter may have taken it over)
                    with contextlib.suppress(OSError):
                        SLOT.unlink()
                continue
            if not gemeld and pid is not None:
                meld(f"Er loopt al een set-up van de cursus (proces {pid}). Ik wacht tot die klaar is "
                     f"(stoppen kan met Ctrl+C) …")
                gemeld = True
            if time.monotonic() - begin > WACHTTIJD:
                stop(f"de andere set-up (proces {pid}) is na {WACHTTIJD // 60} minuten nog niet klaar. Wacht tot hij "
                     f"klaar is of stop hem, en draai dezelfde opdracht opnieuw. Bestaat proces {pid} niet meer, "
                     f"verwijder dan het bestand {SLOT}.")
            try:
                time.sleep(0.5)
            except KeyboardInterrupt:
                stop("je hebt het wachten gestopt. Draai dezelfde opdracht opnieuw als de andere set-up klaar is.")
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
        break
    if gemeld:
        meld("De andere set-up is klaar; ik ga verder.")
    try:
        yield
    finally:
        if _lees_slot() == f"{os.getpid()}\n":
            with contextlib.suppress(OSError):
                SLOT.unlink()


def bytecode() -> None:
    """Compile the course package's bytecode (src/wijklab/__pycache__, git-ignored), as pip does for every
    dependency: an editable install gets none, and where PYTHONDONTWRITEBYTECODE is set every kernel would
    compile the course's modules again (some 50 ms a notebook). Up-to-date files are skipped."""
    draai(PYTHON, "-m", "compileall", "-q", MAP / "src" / "wijklab")


def systeempakketten() -> None:
    """Chromium and the Dutch dictionary come from the operating system, not from pip."""
    ontbreekt = [naam for naam, pad in SYSTEEMPAKKETTEN.items() if not pad.exists()]
    if not ontbreekt:
        return
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    if root and shutil.which("apt-get"):
        meld(f"Ik installeer {', '.join(ontbreekt)} met apt-get …")
        omg = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        draai("apt-get", "update", "-qq", env=omg)
        draai("apt-get", "install", "-y", "-qq", "chromium", "hunspell", "hunspell-nl", env=omg)
    else:
        meld(
            f"Let op: {', '.join(ontbreekt)} ontbreekt. De browsertests en de spellingcontrole hebben dat nodig. "
            "Installeer het (Debian/Ubuntu: sudo apt install chromium hunspell hunspell-nl) en draai de tests opnieuw."
        )


def proxy() -> None:
    """configurable-http-proxy (npm) for the hub test, cached in .venv/node_modules; npm itself via apt-get as root."""
    if shutil.which("configurable-http-proxy") or PROXY.exists():
        return
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    if not shutil.which("npm"):
        if root and shutil.which("apt-get"):
            meld("Ik installeer nodejs en npm met apt-get (nodig voor de JupyterHub-test) …")
            omg = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            draai("apt-get", "update", "-qq", env=omg)
            draai("apt-get", "install", "-y", "-qq", "nodejs", "npm", env=omg)
        else:
            meld(
                "Let op: npm ontbreekt. De JupyterHub-test heeft configurable-http-proxy nodig. Installeer Node.js met npm "
                "(Debian/Ubuntu: sudo apt install nodejs npm) en draai de tests opnieuw."
            )
            return
    meld("Ik installeer configurable-http-proxy (de proxy van JupyterHub) met npm in .venv/node_modules …")
    # npm's own summary (English) goes to stdout and is dropped; its errors still reach stderr
    draai(shutil.which("npm") or "npm", "install", "--prefix", VENV, "--no-audit", "--no-fund", "--loglevel=error",
          "configurable-http-proxy", stdout=subprocess.DEVNULL)


def nbgitpuller_link(hub: str, repo: str, branch: str = "main", notebook: str = "00_start", map: str | None = None) -> str:
    """The link that clones (first time) or merges (later) the course into the student's home and opens a notebook.

    Same form as nbgitpuller's own link generator: {hub}/hub/user-redirect/git-pull?repo=…&urlpath=…&branch=…&targetPath=…
    """
    from urllib.parse import urlencode

    map = map or repo.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    naam = notebook.removeprefix("notebooks/").removesuffix(".ipynb")
    urlpath = f"lab/tree/{map}/notebooks/{naam}.ipynb"
    query = urlencode({"repo": repo, "urlpath": urlpath, "branch": branch, "targetPath": map})
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def _opdrachtregel():
    """The course's Dutch command-line parser (src/wijklab/basis/opdrachtregel.py), loaded by its path: this
    script runs with the system Python, before the course (the package wijklab) is installed."""
    import importlib.util

    naam = "wijklab_opdrachtregel"
    if naam not in sys.modules:
        pad = Path(__file__).resolve().parent / "src" / "wijklab" / "basis" / "opdrachtregel.py"
        spec = importlib.util.spec_from_file_location(naam, pad)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[naam] = module
    return sys.modules[naam]


def _adresfout(adres: str) -> str | None:
    """Why a web address cannot go into a student's link (None = fine): http(s), a host, no credentials,
    no fragment, query or whitespace."""
    from urllib.parse import urlsplit

    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in adres):
        return "er staat een spatie, regelovergang of ander onzichtbaar teken in"
    if "#" in adres or "?" in adres:
        return "er staat een '#' of '?' in; geef alleen het adres, zonder wat daarna komt"
    try:
        delen = urlsplit(adres)
        delen.port  # noqa: B018 (raises ValueError on a port that is not a number)
    except ValueError:
        return "het is geen geldig webadres"
    if delen.scheme.lower() not in ("http", "https"):
        return "het begint niet met https://"
    if "@" in delen.netloc:
        return "er staan een gebruikersnaam of wachtwoord in; die horen nooit in een link voor studenten"
    if not delen.hostname:
        return "de naam van de server ontbreekt"
    return None


def _repofout(repo: str) -> str | None:
    """Why students cannot pull this repository through nbgitpuller (None = fine)."""
    import re

    kaal = repo.strip()
    if kaal.lower().startswith("file:") or kaal.startswith(("/", "\\", ".", "~")) or re.match(r"^[A-Za-z]:[\\/]", kaal):
        return "dat is een map op deze computer; die kunnen studenten op de hub niet bereiken"
    if kaal.lower().startswith(("ssh://", "git+ssh://", "git://")) or re.match(r"^[\w.-]+@[\w.-]+:", kaal):
        return "dat is een ssh-adres; daarvoor heeft elke student een eigen sleutel nodig"
    reden = _adresfout(repo)
    if reden:
        return ("dat is geen webadres van een repository" if "https://" in reden and "://" not in kaal else reden)
    return None


def _https_voorstel(repo: str) -> str:
    """git@github.com:org/wijklab.git → https://github.com/org/wijklab (a hint; the teacher checks it)."""
    import re

    m = re.match(r"^(?:ssh://|git\+ssh://)?(?:[\w.-]+@)?([\w.-]+)[:/](?:\d+/)?(.+?)(?:\.git)?/?$", repo.strip())
    if m and "." in m.group(1) and "://" not in repo.replace("ssh://", "", 1):
        return f"https://{m.group(1)}/{m.group(2)}"
    return "https://github.com/jouw-opleiding/wijklab"


def _takfout(tak: str) -> str | None:
    """Why `tak` is not a valid git branch name (git check-ref-format's rules; None = fine)."""
    if not tak:
        return "de naam is leeg"
    if any(ord(c) < 33 or ord(c) == 127 or c in "~^:?*[\\" for c in tak):
        return "er staat een spatie of een teken als ~ ^ : ? * [ \\ in"
    if ".." in tak or "@{" in tak or "//" in tak or tak == "@":
        return "er staat '..', '@{' of '//' in"
    if tak.startswith(("-", "/")) or tak.endswith(("/", ".", ".lock")):
        return "hij begint met '-' of '/', of eindigt op '/', '.' of '.lock'"
    if any(deel.startswith(".") or deel.endswith(".lock") for deel in tak.split("/")):
        return "een deel begint met een punt of eindigt op '.lock'"
    return None


def _mapfout(naam: str) -> str | None:
    """Why `naam` is not a plain folder name for the student's home (None = fine)."""
    import re

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", naam) or naam.endswith("."):
        return "gebruik alleen letters, cijfers, '-', '_' en '.', zonder '/' of spaties, en begin met een letter of cijfer"
    return None


#: what ``python3 cursus.py link --help`` says the command does
LINK_BESCHRIJVING = (
    "Maak een nbgitpuller-link voor jullie JupyterHub. Een student die op de link klikt, krijgt de cursus in haar "
    "eigen thuismap (de eerste keer een kopie, daarna de wijzigingen van de docent; haar eigen werk blijft staan) "
    "en ziet meteen het gekozen notebook. Zie docs/jupyterhub.md."
)


def opties_link(parser) -> None:
    parser.add_argument("hub", metavar="HUB_URL", help="het adres van de hub, bijvoorbeeld https://hub.hogeschool.nl")
    parser.add_argument("--repo", metavar="URL", help="de git-repository van de cursus, een https-adres (standaard: de 'origin' van deze map)")
    parser.add_argument("--branch", default="main", metavar="TAK", help="de tak (branch) die studenten krijgen (standaard: main)")
    parser.add_argument("--notebook", default="00_start", help="het notebook in notebooks/ dat opent (standaard: 00_start)")
    parser.add_argument("--map", help="de naam van de cursusmap in de thuismap van de student (standaard: de naam van de repository)")
    parser.add_argument("--lokale-repo", action="store_true",
                        help="sta een repository in een map op deze computer toe (alleen als de hub op deze computer draait, bijvoorbeeld om te testen)")


def link(opties) -> None:
    if not opties.hub.startswith(("http://", "https://")):
        stop(f"'{opties.hub}' is geen webadres. Geef het adres van de hub, beginnend met https://, bijvoorbeeld https://hub.hogeschool.nl")
    reden = _adresfout(opties.hub)
    if reden:
        stop(f"het adres van de hub {opties.hub!r} kan niet in een link: {reden}. "
             "Geef alleen het adres van de hub, bijvoorbeeld https://hub.hogeschool.nl")
    repo = opties.repo
    herkomst = "--repo"
    if not repo:
        uitkomst = subprocess.run(["git", "-C", str(MAP), "remote", "get-url", "origin"], capture_output=True, text=True)
        repo = uitkomst.stdout.strip() if uitkomst.returncode == 0 else ""
        herkomst = "de 'origin' van deze map"
        if not repo:
            stop("ik vind geen git-repository ('origin') bij deze map. Geef hem op met --repo URL, bijvoorbeeld --repo https://github.com/jouw-opleiding/wijklab")
    reden = _repofout(repo)
    lokaal = reden is not None and reden.startswith("dat is een map op deze computer")
    if reden and not (lokaal and opties.lokale_repo):
        stop(f"studenten kunnen de repository {repo!r} ({herkomst}) niet ophalen: {reden}. Geef het openbare "
             f"webadres van de repository mee met --repo https://…, bijvoorbeeld --repo {_https_voorstel(repo)}"
             + (". Draait de hub op deze computer zelf (om te testen)? Geef dan ook --lokale-repo." if lokaal else ""))
    reden = _takfout(opties.branch)
    if reden:
        stop(f"{opties.branch!r} is geen geldige naam voor een tak (--branch): {reden}. Bijvoorbeeld --branch main")
    naam = opties.notebook.removeprefix("notebooks/").removesuffix(".ipynb")
    beschikbaar = sorted(p.stem for p in (MAP / "notebooks").glob("*.ipynb"))
    if naam not in beschikbaar:
        stop(f"het notebook {opties.notebook!r} (--notebook) bestaat niet in notebooks/. Kies uit: {', '.join(beschikbaar)}.")
    mapnaam = opties.map or repo.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    reden = _mapfout(mapnaam)
    if reden:
        bron = "--map" if opties.map else "de naam van de repository"
        stop(f"{mapnaam!r} ({bron}) kan geen naam van de cursusmap zijn: {reden}. Bijvoorbeeld --map wijklab")
    print(nbgitpuller_link(opties.hub, repo, opties.branch, naam, mapnaam))
    print("[cursus] Deel deze link met je studenten (bijvoorbeeld in de elektronische leeromgeving).", file=sys.stderr)


def lab_omgeving(basis: dict | None = None, *, docent: bool = False) -> dict:
    """The environment JupyterLab runs with: the shipped settings in jupyter/ come first.

    JUPYTER_CONFIG_PATH finds jupyter/jupyter_server_config.py, JUPYTER_PATH finds the course kernel
    (jupyter/kernels/python3). Nothing is written into the user's home. With ``docent`` the teacher's
    settings (jupyter/docent/: nbgrader's menu and panels on) come before the student's. The end-to-end
    tests start their server with this same function.
    """
    omg = dict(os.environ if basis is None else basis)
    eigen = [LAB_CONFIG / "docent", LAB_CONFIG] if docent else [LAB_CONFIG]
    for naam in ("JUPYTER_CONFIG_PATH", "JUPYTER_PATH"):
        rest = [d for d in omg.get(naam, "").split(os.pathsep) if d and Path(d) not in eigen]
        omg[naam] = os.pathsep.join([*map(str, eigen), *rest])
    # what Jupyter and the kernel write for themselves (connection files, the server's cookie secret, the
    # notebook trust database, IPython's history) goes into jupyter/lokaal/ (git-ignored), not the home folder
    for naam, map_ in (("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTER_DATA_DIR", "data"), ("IPYTHONDIR", "ipython")):
        omg.setdefault(naam, str(LAB_CONFIG / "lokaal" / map_))
    return omg


def lab_argumenten(map_: Path = MAP, *, docent: bool = False) -> list[str]:
    """What follows `jupyter lab`. For the student: the course folder is JupyterLab's root, so links such as
    ../docs/… and mijn_werk/ work, and 00 Start opens. For the teacher: the assignments' folder
    opdrachten_docent/ (nbgrader's course folder, where Formgrader finds nbgrader_config.py).
    JupyterLab's workspaces and own settings stay in the course folder (jupyter/lab/, git-ignored), never in
    the home folder; the teacher's workspace apart from the student's, so a Formgrader tab never comes
    back in the student's JupyterLab."""
    staat = map_ / "jupyter" / "lab"
    argumenten = [
        f"--ServerApp.root_dir={map_ / 'opdrachten_docent' if docent else map_}",
        f"--LabApp.workspaces_dir={staat / ('workspaces-docent' if docent else 'workspaces')}",
        f"--LabApp.user_settings_dir={staat / 'user-settings'}",
    ]
    return argumenten if docent else [*argumenten, str(map_ / STARTNOTEBOOK)]


def lab(docent: bool = False) -> None:
    omgeving("docent" if docent else "")
    opdracht = [str(PYTHON), "-m", "jupyter", "lab", *lab_argumenten(MAP, docent=docent)]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        opdracht.append("--allow-root")
    map_ = MAP
    if docent:
        map_ = MAP / "opdrachten_docent"
        if not (map_ / "nbgrader_config.py").is_file():
            stop("er zijn nog geen opdrachten voor de docent. Maak ze eerst met: python3 cursus.py opdrachten")
        meld("JupyterLab start voor de docent in opdrachten_docent/, met het menu Nbgrader (Formgrader, Create Assignment).")
    meld("JupyterLab start. Stoppen doe je met Ctrl+C in dit venster.")
    os.chdir(map_)
    try:
        sys.exit(subprocess.call(opdracht, env=lab_omgeving(docent=docent)))
    except KeyboardInterrupt:
        sys.exit(0)


def test(argumenten: list[str]) -> None:
    omgeving("test")
    systeempakketten()
    proxy()
    sys.exit(subprocess.call([str(PYTHON), "-m", "pytest", *argumenten], cwd=MAP))


def opdrachten(argumenten: list[str]) -> None:
    """Build the assignments with nbgrader: the student version (release/) and the teacher's solutions
    (solution/) in the course folder opdrachten_docent/ (git-ignored). Extra arguments: assignment ids."""
    omgeving("docent")
    bron, doel = MAP / "exercises", MAP / "opdrachten_docent"
    namen = argumenten or sorted(p.parent.name for p in bron.glob("*/*.ipynb") if p.stem == p.parent.name)
    onbekend = [n for n in namen if not (bron / n / f"{n}.ipynb").exists()]
    if onbekend:
        stop(f"deze opdracht bestaat niet in exercises/: {', '.join(onbekend)}.")
    # nbgrader runs alembic as a subprocess: the venv's bin must come first on PATH
    omg = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "WIJKLAB_CURSUS": str(MAP)}
    doel.mkdir(exist_ok=True)
    shutil.copy2(bron / "nbgrader_config.py", doel / "nbgrader_config.py")
    for naam in namen:
        shutil.copytree(bron / naam, doel / "source" / naam, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        meld(f"{naam}: studentversie maken (nbgrader generate_assignment) …")
        draai(BIN / "nbgrader", "generate_assignment", naam, "--force", "--log-level=WARN", cwd=doel, env=omg)
        meld(f"{naam}: uitwerkingen voor de docent maken (nbgrader generate_solution) …")
        draai(BIN / "nbgrader", "generate_solution", naam, "--force", "--log-level=WARN", cwd=doel, env=omg)
    meld(f"Klaar. Uitdelen: {doel / 'release'}  ·  uitwerkingen (niet uitdelen): {doel / 'solution'}")
    meld("Verder nakijken doe je in die map met nbgrader; zie docs/docentenhandleiding.md, deel Opdrachten.")


def nakijken(argumenten: list[str]) -> None:
    """The teacher's one grading command (src/wijklab/docent/nakijkronde.py parses its options and checks the
    assignment; see the guide, part Opdrachten)."""
    omgeving("docent")
    omg = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "WIJKLAB_CURSUS": str(MAP)}
    sys.exit(subprocess.call([str(PYTHON), "-m", "wijklab.docent.nakijkronde", *argumenten], env=omg))


def check() -> None:
    omgeving("")
    sys.exit(subprocess.call([str(PYTHON), "-m", "wijklab", "check"], cwd=MAP))


def html(argumenten: list[str]) -> None:
    omgeving("")
    sys.exit(subprocess.call([str(PYTHON), "-m", "wijklab.weergave.offline", *argumenten], cwd=MAP))


def bench(argumenten: list[str]) -> None:
    """The benchmarks; with --hub a whole class on a real JupyterHub (benchmarks/hub_klas.py)."""
    omgeving("test")
    if "--hub" in argumenten:
        proxy()
        rest = [a for a in argumenten if a != "--hub"]
        sys.exit(subprocess.call([str(PYTHON), "benchmarks/hub_klas.py", *rest], cwd=MAP))
    sys.exit(subprocess.call([str(PYTHON), "benchmarks/meet.py", *argumenten], cwd=MAP))


def parser():
    """cursus.py's command line: the course's Dutch parser, one subcommand per task. A wrong command line
    ends as every other failure of this script does: '[cursus] Dat lukte niet: …'."""
    regel = _opdrachtregel()

    class Parser(regel.Parser):
        def fout(self, bericht: str):
            self.print_usage(sys.stderr)
            stop(f"{bericht}. Hulp: {self.prog} --help")

    p = Parser(prog="python3 cursus.py", hulp=__doc__)
    p.opdrachten(standaard="lab")
    p.opdracht("lab", lambda o: lab(), hulp="zet alles klaar en open JupyterLab op notebooks/00_start.ipynb")
    p.opdracht("docent", lambda o: lab(docent=True), hulp="JupyterLab voor de docent in opdrachten_docent/, met nbgrader")
    p.opdracht("test", lambda o: test(o.rest), doorgeven=True, hulp="voer alle tests uit (extra argumenten gaan naar pytest)")
    p.opdracht("check", lambda o: check(), hulp="controleer de vragenbanken en de bibliografie")
    p.opdracht("link", link, opties=opties_link, beschrijving=LINK_BESCHRIJVING)
    p.opdracht("html", lambda o: html(o.rest), doorgeven=True,
               hulp="schrijf de hele cursus als HTML-pagina's naar cursus_html/ (offline lezen)")
    p.opdracht("bench", lambda o: bench(o.rest), doorgeven=True,
               hulp="meet snelheid en grootte; met --hub een hele klas op een echte JupyterHub")
    p.opdracht("opdrachten", lambda o: opdrachten(o.opdracht_ids), opties=_opties_opdrachten,
               hulp="maak de opdrachten klaar voor de docent (nbgrader) in opdrachten_docent/")
    p.opdracht("nakijken", lambda o: nakijken(o.rest), doorgeven=True,
               hulp="kijk de inzendingen na in een zandbak: feedback en cijfers.csv")
    return p


def _opties_opdrachten(parser) -> None:
    parser.add_argument("opdracht_ids", nargs="*", metavar="OPDRACHT",
                        help="alleen deze opdrachten (standaard: alle opdrachten in exercises/)")


def main(argv: list[str] | None = None) -> None:
    sys.exit(parser().voer_uit(argv))


if __name__ == "__main__":
    main()
