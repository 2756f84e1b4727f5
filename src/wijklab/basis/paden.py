"""Where the course and the student's work live.

The work folder (see :func:`werk_locatie`):

1. ``$WIJKLAB_WERKMAP`` if it is set;
2. else ``mijn_werk/`` in the course root, if the course root (and ``mijn_werk/``, if it exists)
   belongs to the current user;
3. else (on POSIX, when the course folder is someone else's, e.g. shared on a hub) a folder in the
   student's own home: ``$XDG_DATA_HOME/wijklab/<key>/`` (default ``~/.local/share/wijklab/<key>/``),
   where ``<key>`` is derived from the course path. The student is told where.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

#: environment variable that points at the course folder (the one with notebooks/ and data/)
CURSUS_VAR = "WIJKLAB_CURSUS"
#: environment variable that points at the folder for the student's work (default: mijn_werk/)
WERK_VAR = "WIJKLAB_WERKMAP"


def _is_cursus(map: Path) -> bool:
    return (map / "notebooks" / "vragen").is_dir() and (map / "data").is_dir()


def vind_cursus() -> Path | None:
    """The course root: $WIJKLAB_CURSUS, else the nearest folder upwards with notebooks/vragen, else None."""
    if os.environ.get(CURSUS_VAR):
        return Path(os.environ[CURSUS_VAR]).expanduser().resolve()
    for map in [Path.cwd(), *Path.cwd().parents]:
        if _is_cursus(map):
            return map
    # an editable install in the src layout: src/wijklab/basis/paden.py, three levels below the course root
    bron = Path(__file__).resolve().parents[3]
    if _is_cursus(bron):
        return bron
    return None


def cursus_map() -> Path:
    """The course root (see :func:`vind_cursus`); the working directory if no course is found."""
    return vind_cursus() or Path.cwd()


def _van_mij(map: Path) -> bool:
    """Does ``map`` belong to the current user? (True where there are no Unix owners, or it does not exist.)"""
    if not hasattr(os, "getuid"):
        return True
    try:
        return os.stat(map).st_uid == os.getuid()
    except OSError:
        return True


def eigen_data_basis() -> Path:
    """``$XDG_DATA_HOME/wijklab`` (default ``~/.local/share/wijklab``): the student's own folder for the course."""
    basis = os.environ.get("XDG_DATA_HOME", "")
    basis_pad = Path(basis) if basis and Path(basis).is_absolute() else Path.home() / ".local" / "share"
    return basis_pad / "wijklab"


def eigen_data_map(cursus: Path) -> Path:
    """The folder in the student's home for the work on the course at ``cursus``."""
    sleutel = hashlib.sha256(str(Path(cursus).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return eigen_data_basis() / sleutel


def _kort(pad: Path) -> str:
    """``pad`` with the home folder written as ~ (shorter for the student to read)."""
    try:
        return "~/" + Path(pad).relative_to(Path.home()).as_posix()
    except ValueError:
        return str(pad)


def werk_locatie() -> tuple[Path, str | None]:
    """The folder with the student's work, and a Dutch note for her if it is not the usual ``mijn_werk/``."""
    if os.environ.get(WERK_VAR):
        return Path(os.environ[WERK_VAR]).expanduser(), None
    cursus = cursus_map()
    gewoon = cursus / "mijn_werk"
    if _van_mij(cursus) and _van_mij(gewoon):
        return gewoon, None
    eigen = eigen_data_map(cursus)
    return eigen, (
        "De cursusmap is niet van jou (hij wordt gedeeld met anderen). Daarom wordt je werk niet in "
        f"mijn_werk/ van de cursus bewaard maar in je eigen thuismap: {_kort(eigen)}. Alleen jij kunt het "
        "daar lezen. Je portfolio komt in de map export/ daarbinnen."
    )


def werk_map() -> Path:
    """The folder with the student's work (see :func:`werk_locatie`)."""
    return werk_locatie()[0]
