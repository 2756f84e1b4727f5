"""Where the course and the student's work live."""

from __future__ import annotations

import os
from pathlib import Path

#: environment variable that points at the course folder (the one with notebooks/ and data/)
CURSUS_VAR = "WIJKLAB_CURSUS"
#: environment variable that points at the folder for the student's work (default: mijn_werk/)
WERK_VAR = "WIJKLAB_WERKMAP"


def _is_cursus(map: Path) -> bool:
    return (map / "notebooks" / "vragen").is_dir() and (map / "data").is_dir()


def cursus_map() -> Path:
    """The course root: $WIJKLAB_CURSUS, else the nearest folder upwards with notebooks/vragen."""
    if os.environ.get(CURSUS_VAR):
        return Path(os.environ[CURSUS_VAR]).expanduser().resolve()
    for map in [Path.cwd(), *Path.cwd().parents]:
        if _is_cursus(map):
            return map
    # an editable install in the src layout sits two levels below the course root
    bron = Path(__file__).resolve().parents[2]
    if _is_cursus(bron):
        return bron
    return Path.cwd()


def werk_map() -> Path:
    """The folder with the student's work: $WIJKLAB_WERKMAP, else mijn_werk/ in the course root."""
    if os.environ.get(WERK_VAR):
        return Path(os.environ[WERK_VAR]).expanduser()
    return cursus_map() / "mijn_werk"
