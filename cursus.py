#!/usr/bin/env python3
"""Set up and run the course with one command. Needs only Python 3.10+.

    python3 cursus.py            zet alles klaar en open JupyterLab op notebooks/00_start.ipynb
    python3 cursus.py test       voer alle tests uit (extra argumenten gaan naar pytest)
    python3 cursus.py check      controleer de vragenbanken en de bibliografie
    python3 cursus.py bench      meet snelheid en grootte (drukt cijfers af)
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
    sys.exit(subprocess.call([str(PYTHON), "-m", "pytest", *argumenten], cwd=MAP))


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
    elif opdracht == "html":
        omgeving("")
        sys.exit(subprocess.call([str(PYTHON), "-m", "wijklab.offline", *args[1:]], cwd=MAP))
    elif opdracht == "bench":
        omgeving("test")
        sys.exit(subprocess.call([str(PYTHON), "benchmarks/meet.py", *args[1:]], cwd=MAP))
    else:
        print(__doc__)
        sys.exit(0 if opdracht in ("-h", "--help", "help") else 2)


if __name__ == "__main__":
    main()
