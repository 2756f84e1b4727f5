"""What she hands in is hers only: notes in the export lose absolute paths, user names and host names."""

from __future__ import annotations

import os
import re
from pathlib import Path


def _persoonlijke_teksten(store) -> list[tuple[str, str]]:
    """(text, replacement) for what identifies the student or her machine: paths, user and host names."""
    import getpass
    import socket

    from wijklab.basis.paden import cursus_map, werk_map

    paden: list[tuple[str, str]] = []
    kandidaten = []
    pad = getattr(store, "pad", None)
    if pad is not None:
        kandidaten += [(Path(pad).parent, "je werkmap"), (Path(pad), "je opslagbestand")]
    for functie, vervanging in ((werk_map, "je werkmap"), (cursus_map, "de cursusmap"), (Path.home, "~"), (Path.cwd, "de huidige map")):
        try:
            kandidaten.append((functie(), vervanging))
        except (OSError, RuntimeError, KeyError):
            pass
    for map, vervanging in kandidaten:
        for vorm in {str(map), str(Path(map).absolute()), os.path.realpath(map)}:
            if len(vorm) > 1:
                paden.append((vorm, vervanging))
    namen = set()
    for functie in (getpass.getuser, socket.gethostname, socket.getfqdn):
        try:
            namen.add(functie())
        except Exception:  # no user or host name known: nothing to hide
            pass
    namen.update(os.environ.get(v, "") for v in ("USER", "LOGNAME", "USERNAME", "HOSTNAME"))
    # longest first, so that a path is replaced before a folder inside it
    return sorted(paden, key=lambda t: -len(t[0])) + [(n, "…") for n in sorted(namen, key=len, reverse=True) if len(n) >= 3]


# an absolute path that is left (POSIX, Windows drive or ~): from a slash to the next space or quote
_PAD = re.compile(r"(?<![\w.:/])(?:~|[A-Za-z]:)?[/\\][^\s'\"()<>|]*")


def zonder_persoonlijks(tekst: str, store=None) -> str:
    """A note for the export without absolute paths, user names or host names (what she hands in is hers only)."""
    for oud, nieuw in _persoonlijke_teksten(store):
        if oud in ("…",):
            continue
        if nieuw == "…":
            tekst = re.sub(rf"(?<!\w){re.escape(oud)}(?!\w)", nieuw, tekst)
        else:
            tekst = tekst.replace(oud, nieuw)
    return _PAD.sub("…", tekst)
