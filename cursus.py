#!/usr/bin/env python3
"""Set up and run the course with one command. Needs only Python 3.10+.

    python3 cursus.py            zet alles klaar en open JupyterLab op notebooks/00_start.ipynb
    python3 cursus.py test       voer alle tests uit (extra argumenten gaan naar pytest)
    python3 cursus.py check      controleer de vragenbanken en de bibliografie
    python3 cursus.py bench      meet snelheid en grootte (drukt cijfers af)
    python3 cursus.py bench --hub [--studenten 20]
                                 meet een hele klas tegelijk op een echte JupyterHub (als root op Linux)
    python3 cursus.py link HUB_URL [--repo URL] [--branch main]
                                 maak een nbgitpuller-link die de cursus op jullie JupyterHub zet
    python3 cursus.py opdrachten maak de opdrachten klaar voor de docent (nbgrader) in opdrachten_docent/
    python3 cursus.py html       schrijf de hele cursus als HTML-pagina's naar cursus_html/ (offline lezen)

The first run makes a virtual environment in .venv/ and installs the course into it; later runs
reinstall only when pyproject.toml changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

MAP = Path(__file__).resolve().parent
VENV = MAP / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
# what the end-to-end and spelling tests need from the operating system (Debian/Ubuntu package names)
#: the course's own JupyterLab settings (Dutch, no news, course kernel, pre-save hook): see jupyter/README.md
LAB_CONFIG = MAP / "jupyter"
SYSTEEMPAKKETTEN = {"chromium": Path("/usr/bin/chromium"), "hunspell-nl": Path("/usr/share/hunspell/nl_NL.dic")}
# JupyterHub's proxy comes from npm, not from pip; the hub test finds it here (tests/hub_helpers.py)
NODE_MAP = VENV / "node_modules"
PROXY = NODE_MAP / ".bin" / "configurable-http-proxy"


def meld(tekst: str) -> None:
    print(f"[cursus] {tekst}", flush=True)


def stop(tekst: str) -> None:
    print(f"[cursus] Dat lukte niet: {tekst}", file=sys.stderr, flush=True)
    sys.exit(1)


def draai(*opdracht: str | Path, **kw) -> None:
    uitkomst = subprocess.run([str(x) for x in opdracht], **kw)
    if uitkomst.returncode != 0:
        stop(f"de opdracht '{' '.join(map(str, opdracht[:4]))} …' gaf foutcode {uitkomst.returncode}. Zie de meldingen hierboven.")


def omgeving(extra: str) -> None:
    """Make .venv and install the course with the given extras, if not already up to date."""
    if sys.version_info < (3, 10):
        stop(f"deze cursus heeft Python 3.10 of nieuwer nodig; je hebt {sys.version.split()[0]}.")
    if not PYTHON.exists():
        meld("Eerste keer: ik maak een eigen Python-omgeving in .venv/ (dat duurt een minuut of twee).")
        try:
            import venv  # noqa: F401
        except ImportError:
            stop("de Python-module 'venv' ontbreekt. Installeer die (op Debian/Ubuntu: sudo apt install python3-venv).")
        draai(sys.executable, "-m", "venv", VENV)
        draai(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    stempel = VENV / f"wijklab-{extra or 'basis'}.stempel"
    inhoud = hashlib.sha256((MAP / "pyproject.toml").read_bytes()).hexdigest()
    if not (stempel.exists() and stempel.read_text() == inhoud):
        meld(f"Ik installeer de cursus{' met ' + extra if extra else ''} in .venv/ …")
        doel = f".[{extra}]" if extra else "."
        draai(PYTHON, "-m", "pip", "install", "--quiet", "-e", doel, cwd=MAP)
        stempel.write_text(inhoud)
    bytecode()


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


def _nl_parser(**kw):
    """An argparse parser whose help and errors are Dutch (argparse itself speaks English)."""
    import argparse
    import re

    class Opmaak(argparse.HelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):
            return super().add_usage(usage, actions, groups, prefix="Gebruik: ")

    class Parser(argparse.ArgumentParser):
        def error(self, message):
            for patroon, nl in (
                (r"the following arguments are required: (.*)", r"dit ontbreekt: \1."),
                (r"unrecognized arguments: (.*)", r"onbekend: \1."),
                (r"argument (\S+): expected one argument", r"bij \1 hoort een waarde."),
            ):
                message = re.sub(patroon, nl, message)
            self.print_usage(sys.stderr)
            stop(f"{message} Hulp: {self.prog} --help")

    parser = Parser(formatter_class=Opmaak, add_help=False, **kw)
    parser._positionals.title = "argumenten"
    parser._optionals.title = "opties"
    parser.add_argument("-h", "--help", action="help", help="toon deze hulp")
    return parser


def link(argumenten: list[str]) -> None:
    parser = _nl_parser(
        prog="python3 cursus.py link",
        description=(
            "Maak een nbgitpuller-link voor jullie JupyterHub. Een student die op de link klikt, krijgt de cursus in haar "
            "eigen thuismap (de eerste keer een kopie, daarna de wijzigingen van de docent; haar eigen werk blijft staan) "
            "en ziet meteen het gekozen notebook. Zie docs/jupyterhub.md."
        ),
    )
    parser.add_argument("hub", metavar="HUB_URL", help="het adres van de hub, bijvoorbeeld https://hub.hogeschool.nl")
    parser.add_argument("--repo", metavar="URL", help="de git-repository van de cursus (standaard: de 'origin' van deze map)")
    parser.add_argument("--branch", default="main", metavar="TAK", help="de tak (branch) die studenten krijgen (standaard: main)")
    parser.add_argument("--notebook", default="00_start", help="het notebook dat opent (standaard: 00_start)")
    parser.add_argument("--map", help="de naam van de cursusmap in de thuismap van de student (standaard: de naam van de repository)")
    opties = parser.parse_args(argumenten)
    if not opties.hub.startswith(("http://", "https://")):
        stop(f"'{opties.hub}' is geen webadres. Geef het adres van de hub, beginnend met https://, bijvoorbeeld https://hub.hogeschool.nl")
    repo = opties.repo
    if not repo:
        uitkomst = subprocess.run(["git", "-C", str(MAP), "remote", "get-url", "origin"], capture_output=True, text=True)
        repo = uitkomst.stdout.strip() if uitkomst.returncode == 0 else ""
        if not repo:
            stop("ik vind geen git-repository ('origin') bij deze map. Geef hem op met --repo URL, bijvoorbeeld --repo https://github.com/jouw-opleiding/wijklab")
    print(nbgitpuller_link(opties.hub, repo, opties.branch, opties.notebook, opties.map))
    print("[cursus] Deel deze link met je studenten (bijvoorbeeld in de elektronische leeromgeving).", file=sys.stderr)

def lab_omgeving(basis: dict | None = None) -> dict:
    """The environment JupyterLab runs with: the shipped settings in jupyter/ come first.

    JUPYTER_CONFIG_PATH finds jupyter/jupyter_server_config.py, JUPYTER_PATH finds the course kernel
    (jupyter/kernels/python3). Nothing is written into the user's home. The end-to-end tests start
    their server with this same function.
    """
    omg = dict(os.environ if basis is None else basis)
    for naam in ("JUPYTER_CONFIG_PATH", "JUPYTER_PATH"):
        rest = [d for d in omg.get(naam, "").split(os.pathsep) if d and Path(d) != LAB_CONFIG]
        omg[naam] = os.pathsep.join([str(LAB_CONFIG), *rest])
    return omg


def lab() -> None:
    omgeving("")
    opdracht = [str(PYTHON), "-m", "jupyter", "lab", "notebooks/00_start.ipynb"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        opdracht.append("--allow-root")
    meld("JupyterLab start. Stoppen doe je met Ctrl+C in dit venster.")
    os.chdir(MAP)
    try:
        sys.exit(subprocess.call(opdracht, env=lab_omgeving()))
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


def main() -> None:
    args = sys.argv[1:]
    opdracht = args[0] if args else "lab"
    if opdracht == "lab":
        lab()
    elif opdracht == "test":
        test(args[1:])
    elif opdracht == "check":
        omgeving("")
        sys.exit(subprocess.call([str(PYTHON), "-m", "wijklab", "check"], cwd=MAP))
    elif opdracht == "link":
        link(args[1:])
    elif opdracht == "html":
        omgeving("")
        sys.exit(subprocess.call([str(PYTHON), "-m", "wijklab.offline", *args[1:]], cwd=MAP))
    elif opdracht == "bench" and "--hub" in args[1:]:
        omgeving("test")
        proxy()
        rest = [a for a in args[1:] if a != "--hub"]
        sys.exit(subprocess.call([str(PYTHON), "benchmarks/hub_klas.py", *rest], cwd=MAP))
    elif opdracht == "bench":
        omgeving("test")
        sys.exit(subprocess.call([str(PYTHON), "benchmarks/meet.py", *args[1:]], cwd=MAP))
    elif opdracht == "opdrachten":
        opdrachten(args[1:])
    else:
        print(__doc__)
        sys.exit(0 if opdracht in ("-h", "--help", "help") else 2)


if __name__ == "__main__":
    main()
