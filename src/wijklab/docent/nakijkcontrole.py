"""What the grading round checks in one submission (see :mod:`wijklab.docent.nakijkronde`): tampering with the
locked and test cells (``signalen``), the notebook variables a test cell reads, the prepared notebook with a
cell before every test cell that sends her values out, and the outside check of those values."""

from __future__ import annotations

import ast
import builtins
import json
from dataclasses import dataclass

import nbformat

#: metadata key of the cells this loop adds before each test cell
VANGST = "wijklab_vangst"
#: modules the test cells use by name; never taken from the student's kernel
MODULES = {"wl", "nk", "pd", "np"}


def meld(tekst: str) -> None:
    print(f"[nakijken] {tekst}", flush=True)


class Stop(Exception):
    """The loop cannot go on; the message (Dutch) says what to do."""


def _nb_meta(cel) -> dict:
    return cel.get("metadata", {}).get("nbgrader", {}) or {}


def _is_toets(cel) -> bool:
    m = _nb_meta(cel)
    return bool(m.get("grade")) and not m.get("solution") and cel.get("cell_type") == "code"


def _beschermd(cel) -> bool:
    m = _nb_meta(cel)
    return bool(m.get("locked") or m.get("grade")) and not m.get("solution")


# --------------------------------------------------------------------------- tampering


def signalen(ingeleverd, vrijgegeven) -> list[str]:
    """What differs in the locked and test cells (and the answer cells' metadata) of a submission from
    the released notebook. Empty for an honest submission, whatever she wrote in her answer cells."""
    uit: list[str] = []
    per_id: dict[str, list] = {}
    for cel in ingeleverd.cells:
        if cel.get("metadata", {}).get(VANGST):
            uit.append("een cel die zich voordoet als cel van het nakijken (verwijderd)")
        gid = _nb_meta(cel).get("grade_id")
        if gid:
            per_id.setdefault(gid, []).append(cel)
    volgorde_release = []
    for cel in vrijgegeven.cells:
        m = _nb_meta(cel)
        gid = m.get("grade_id")
        if not gid:
            continue
        soort = "antwoordcel" if m.get("solution") else ("toetscel" if _is_toets(cel) else "vaste cel")
        kopieen = per_id.get(gid, [])
        if not kopieen:
            uit.append(f"{soort} {gid} verwijderd")
            continue
        if len(kopieen) > 1:
            uit.append(f"{soort} {gid} {len(kopieen)} keer in het notebook (gedupliceerd)")
        eerste = kopieen[0]
        if _nb_meta(eerste) != m or eerste.get("cell_type") != cel.get("cell_type"):
            uit.append(f"metadata van {soort} {gid} gewijzigd")
        if _beschermd(cel) and eerste.get("source") != cel.get("source"):
            uit.append(f"{soort} {gid} bewerkt")
        volgorde_release.append(gid)
    volgorde_ingeleverd = []
    for cel in ingeleverd.cells:
        gid = _nb_meta(cel).get("grade_id")
        if gid in volgorde_release and gid not in volgorde_ingeleverd:
            volgorde_ingeleverd.append(gid)
    if volgorde_ingeleverd != [g for g in volgorde_release if g in volgorde_ingeleverd]:
        uit.append("de cellen van de opdracht staan in een andere volgorde")
    bekend = {_nb_meta(c).get("grade_id") for c in vrijgegeven.cells}
    for gid in per_id:
        if gid not in bekend:
            uit.append(f"onbekende nbgrader-cel {gid} (niet in de uitgedeelde versie)")
    return uit


# --------------------------------------------------------------------------- the test cells


def benodigde_namen(bron: str) -> list[str]:
    """The notebook variables a test cell reads: names it uses before assigning them, and the names
    it asks for with ``nk.variabele("naam", globals())``."""
    boom = ast.parse(bron)
    toegewezen, gelezen, gevraagd = set(), [], []
    for knoop in ast.walk(boom):
        if isinstance(knoop, ast.Name):
            if isinstance(knoop.ctx, ast.Store):
                toegewezen.add(knoop.id)
            elif knoop.id not in gelezen:
                gelezen.append(knoop.id)
        elif (isinstance(knoop, ast.Call) and isinstance(knoop.func, ast.Attribute) and knoop.func.attr == "variabele"
              and knoop.args and isinstance(knoop.args[0], ast.Constant) and isinstance(knoop.args[0].value, str)):
            gevraagd.append(knoop.args[0].value)
    vrij = [n for n in gelezen if n not in toegewezen and n not in MODULES and not hasattr(builtins, n)]
    return list(dict.fromkeys(gevraagd + vrij))


def vangcel(gid: str, namen: list[str]):
    cel = nbformat.v4.new_code_cell(
        f"__import__('wijklab.docent.nakijken', fromlist=['lever']).lever({namen!r}, globals())")
    cel.metadata[VANGST] = gid
    return cel


def voorbereiden(ingeleverd, bron_nb):
    """Her notebook as nbgrader will run it: cells that pose as ours removed, only the first copy of a
    duplicated nbgrader cell kept, and before every test cell a cell that sends out her values."""
    namen = {_nb_meta(c)["grade_id"]: benodigde_namen(c.source) for c in bron_nb.cells if _is_toets(c)}
    nb = nbformat.from_dict(json.loads(json.dumps(ingeleverd)))
    cellen, gezien = [], set()
    for cel in nb.cells:
        if cel.get("metadata", {}).get(VANGST):
            continue
        gid = _nb_meta(cel).get("grade_id")
        if gid:
            if gid in gezien:
                continue
            gezien.add(gid)
        if gid in namen and cel.get("cell_type") == "code":
            cellen.append(vangcel(gid, namen[gid]))
        cellen.append(cel)
    nb.cells = cellen
    return nb


@dataclass
class Controle:
    gelukt: bool
    hint: str = ""


def controleer(bron: str, waarden: dict, naam: str) -> Controle:
    """Run a test cell's code on her values, in this process (outside her kernel)."""
    import numpy as np
    import pandas as pd

    import wijklab as wl
    from wijklab.docent import nakijken as nk

    ruimte = {"__builtins__": builtins, "wl": wl, "nk": nk, "pd": pd, "np": np, **waarden}
    try:
        exec(compile(bron, f"<controle {naam}>", "exec"), ruimte)  # noqa: S102 (the teacher's own test code)
    except nk.NakijkFout as fout:
        return Controle(False, str(fout))
    except NameError as fout:
        return Controle(False, f"'{fout.name}' bestaat niet in je notebook, of de cel die hem maakt, is niet uitgevoerd.")
    except Exception as fout:
        return Controle(False, f"De controle kon je antwoord niet verwerken ({type(fout).__name__}). Kijk of je antwoord de "
                               "vorm heeft die de opdracht vraagt (een tabel, een getal, een grafiek).")
    return Controle(True)


def _zonder_verborgen(bron: str) -> str:
    regels, binnen = [], False
    for regel in bron.split("\n"):
        if "BEGIN HIDDEN TESTS" in regel:
            binnen = True
        elif "END HIDDEN TESTS" in regel:
            binnen = False
        elif not binnen:
            regels.append(regel)
    return "\n".join(regels).rstrip()
