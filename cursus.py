#!/usr/bin/env python3
"""Set up and run the course with one command. Needs only Python 3.10+.

    python3 cursus.py            zet alles klaar en open JupyterLab op notebooks/00_start.ipynb
    python3 cursus.py test       voer alle tests uit (extra argumenten gaan naar pytest)
    python3 cursus.py check      controleer de vragenbanken en de bibliografie
    python3 cursus.py bench      meet snelheid en grootte (drukt cijfers af)
    python3 cursus.py opdrachten maak de opdrachten klaar voor de docent (nbgrader) in opdrachten_docent/

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
SYSTEEMPAKKETTEN = {"chromium": Path("/usr/bin/chromium"), "hunspell-nl": Path("/usr/share/hunspell/nl_NL.dic")}


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
    if stempel.exists() and stempel.read_text() == inhoud:
        return
    meld(f"Ik installeer de cursus{' met ' + extra if extra else ''} in .venv/ …")
    doel = f".[{extra}]" if extra else "."
    draai(PYTHON, "-m", "pip", "install", "--quiet", "-e", doel, cwd=MAP)
    stempel.write_text(inhoud)


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


def lab() -> None:
    omgeving("")
    opdracht = [str(PYTHON), "-m", "jupyter", "lab", "notebooks/00_start.ipynb"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        opdracht.append("--allow-root")
    meld("JupyterLab start. Stoppen doe je met Ctrl+C in dit venster.")
    os.chdir(MAP)
    try:
        sys.exit(subprocess.call(opdracht))
    except KeyboardInterrupt:
        sys.exit(0)


def test(argumenten: list[str]) -> None:
    omgeving("test")
    systeempakketten()
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
