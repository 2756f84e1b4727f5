"""The teacher's grading loop for the nbgrader assignments: ``python3 cursus.py nakijken OPDRACHT``.

One command does, in the course folder ``opdrachten_docent/`` (made by ``python3 cursus.py opdrachten``):

1. take the submissions: nbgrader's ``submitted/<student>/<opdracht>/`` (after ``nbgrader collect``), or a
   zip from the learning platform (``--zip``, read with ``nbgrader zip_collect``);
2. compare every submission's locked and test cells with the released notebook (edited, deleted,
   duplicated, metadata changed, other order): signals per student, none for an honest submission;
3. run ``nbgrader autograde`` on a prepared copy (her notebook is never changed) with the student's
   kernel in the sandbox of :mod:`wijklab.docent.zandbak`; before every test cell a cell sends her values out
   (:func:`wijklab.docent.nakijken.lever`); the hidden tests never enter her kernel (nbgrader's ClearHiddenTests);
4. the outside check: in this process, the full test cells (hidden tests included) run on her values
   with a fresh ``wijklab.docent.nakijken``; those points go into the gradebook. Where her kernel's own (visible)
   checks gave another result than the same checks outside, she is flagged;
5. feedback (``nbgrader generate_feedback``): points, Dutch hints and her own code, no hidden test;
6. one grade list, ``opdrachten_docent/cijfers.csv`` and ``cijfers.html``: per student every assignment
   with submissions (automatic, manual, total), signals, and with ``--klas MAP`` quiz progress and
   reflections from the class overview's exports.

Students graded before are skipped (their manual grades stay); ``--opnieuw`` grades them again. Run the
command again after grading the written answers in formgrader: feedback and grade list follow.
"""

from __future__ import annotations

import ast
import builtins
import csv
import html
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from wijklab.docent import zandbak
from wijklab.docent.nakijken import WAARDEN_MIME
from wijklab.basis.taal import aantal, nl_getal

#: the name of the kernelspec whose argv starts the sandbox
KERNEL = "wijklab-zandbak"
#: metadata key of the cells this loop adds before each test cell
VANGST = "wijklab_vangst"
#: modules the test cells use by name; never taken from the student's kernel
MODULES = {"wl", "nk", "pd", "np"}
#: nbgrader's autograde steps before execution, plus ClearHiddenTests: hidden tests stay out of her kernel
SANITEER = ["nbgrader.preprocessors.ClearOutput", "nbgrader.preprocessors.DeduplicateIds",
            "nbgrader.preprocessors.OverwriteKernelspec", "nbgrader.preprocessors.OverwriteCells",
            "nbgrader.preprocessors.ClearHiddenTests", "nbgrader.preprocessors.CheckCellMetadata"]


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


# --------------------------------------------------------------------------- one round


@dataclass
class Uitslag:
    student: str
    punten: dict[str, float] = field(default_factory=dict)
    maximum: dict[str, float] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)
    signalen: list[str] = field(default_factory=list)
    fout: str = ""


class Ronde:
    def __init__(self, map: Path, opdracht: str):
        self.map, self.opdracht = Path(map).resolve(), opdracht
        self.bron = self.map / "source" / opdracht / f"{opdracht}.ipynb"
        self.release = self.map / "release" / opdracht / f"{opdracht}.ipynb"
        if not self.release.exists() or not self.bron.exists():
            raise Stop(f"de opdracht '{opdracht}' is nog niet klaargezet in {self.map}. Doe eerst: python3 cursus.py opdrachten")
        self.werk = self.map / ".nakijken" / opdracht
        self.werk.mkdir(parents=True, exist_ok=True)
        self.bron_nb = nbformat.read(self.bron, as_version=4)
        self.release_nb = nbformat.read(self.release, as_version=4)
        self.toetsen = {_nb_meta(c)["grade_id"]: c for c in self.bron_nb.cells if _is_toets(c)}
        self.zichtbaar = {_nb_meta(c)["grade_id"]: c.source for c in self.release_nb.cells if _is_toets(c)}
        self.bin = Path(sys.executable).parent
        self.omg = {**os.environ, "PATH": f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}", "PYTHONWARNINGS": "ignore"}

    # -- nbgrader
    def nbgrader(self, *args: str, omg: dict | None = None, log: str = "nbgrader") -> subprocess.CompletedProcess:
        res = subprocess.run([str(self.bin / "nbgrader"), *args], cwd=self.map, env=omg or self.omg,
                             capture_output=True, text=True)
        with open(self.werk / f"{log}.log", "a", encoding="utf-8") as f:
            f.write(f"$ nbgrader {' '.join(args)}\n{res.stdout}\n{res.stderr}\n")
        return res

    def zip_inlezen(self, zip_pad: Path) -> None:
        if not zipfile.is_zipfile(zip_pad):
            raise Stop(f"{zip_pad} is geen zip-bestand. Download de inzendingen uit je leeromgeving als één zip.")
        archief = self.map / "downloaded" / self.opdracht / "archive"
        archief.mkdir(parents=True, exist_ok=True)
        shutil.copy2(zip_pad, archief / zip_pad.name)
        res = self.nbgrader("zip_collect", self.opdracht, "--force", log="zip_collect")
        if res.returncode != 0:
            raise Stop(f"nbgrader zip_collect lukte niet; zie {self.werk / 'zip_collect.log'}. Klopt het patroon van de "
                       "bestandsnamen in nbgrader_config.py bij jouw leeromgeving? (zie de docentenhandleiding)")

    def studenten(self) -> list[str]:
        return sorted(p.parent.parent.name for p in (self.map / "submitted").glob(f"*/{self.opdracht}/{self.opdracht}.ipynb"))

    def uitslag_pad(self, student: str) -> Path:
        return self.werk / f"{student}.json"

    # -- the sandbox
    def zandbak(self, basis: Path, modus: str) -> dict:
        from wijklab.basis.paden import cursus_map

        cursus = cursus_map()
        runtime, werkbasis = basis / "k", basis / "w"
        runtime.mkdir()
        werkbasis.mkdir()
        os.chmod(basis, 0o755)
        os.chmod(werkbasis, 0o755)
        thuis = Path.home().resolve()
        inst = {
            "modus": modus, "runtime": str(runtime), "werkbasis": str(werkbasis),
            "gestart": str(basis / "gestart"),
            "uid": zandbak.wegwerp_uid() if modus == "gebruiker" else None,
            "verberg": [str(self.map), str(cursus / "exercises")],
            "verberg_thuis": [str(thuis)] if thuis != Path("/") else [],
            "zichtbaar": sorted({str(cursus), str(Path(sys.prefix).resolve()), str(Path(sys.base_prefix).resolve()),
                                 str(Path(sys.executable).resolve().parent.parent)}),
        }
        (basis / "zandbak.json").write_text(json.dumps(inst), encoding="utf-8")
        spec = basis / "jupyter" / "kernels" / KERNEL
        spec.mkdir(parents=True)
        (spec / "kernel.json").write_text(json.dumps({
            "argv": [sys.executable, "-m", "wijklab.docent.zandbak", str(basis / "zandbak.json"), "{connection_file}"],
            "display_name": "Python (zandbak voor nakijken)", "language": "python"}), encoding="utf-8")
        # nbgrader reads nbgrader_config.py from every folder on JUPYTER_CONFIG_PATH (the course's own config
        # in opdrachten_docent/ still counts; it sets none of these)
        (basis / "config").mkdir()
        (basis / "config" / "nbgrader_config.py").write_text(
            "c = get_config()  # noqa: F821\n"
            f"c.Autograde.sanitize_preprocessors = {SANITEER!r}\n"
            f"c.Execute.kernel_name = {KERNEL!r}\n"
            "c.KernelManager.transport = 'ipc'\n"
            f"c.KernelManager.ip = {str(runtime / 'kernel')!r}\n", encoding="utf-8")
        (basis / "gestart").mkdir()
        paden = lambda eigen, naam: os.pathsep.join([str(eigen), *[p for p in os.environ.get(naam, "").split(os.pathsep) if p]])  # noqa: E731
        return {**self.omg, "JUPYTER_PATH": paden(basis / "jupyter", "JUPYTER_PATH"),
                "JUPYTER_CONFIG_PATH": paden(basis / "config", "JUPYTER_CONFIG_PATH"), "JUPYTER_RUNTIME_DIR": str(runtime)}

    # -- the round
    def nakijken(self, alleen: str | None = None, opnieuw: bool = False) -> list[Uitslag]:
        alle = self.studenten()
        if alleen:
            if alleen not in alle:
                raise Stop(f"van '{alleen}' is geen inzending voor {self.opdracht} (in {self.map / 'submitted'}). "
                           f"Wel van: {', '.join(alle) or 'niemand'}.")
            te_doen = [alleen]
        else:
            te_doen = [s for s in alle if opnieuw or not self.uitslag_pad(s).exists()]
        if not alle:
            raise Stop(f"er zijn nog geen inzendingen voor {self.opdracht} in {self.map / 'submitted'}. Haal ze op met "
                       "nbgrader collect (JupyterHub) of geef de zip uit je leeromgeving mee: --zip BESTAND.")
        if not te_doen:
            meld(f"Alle {len(alle)} inzendingen zijn al nagekeken (opnieuw: --opnieuw). Ik werk feedback en cijferlijst bij.")
            return []
        modus = zandbak.mogelijk()
        meld(f"{aantal(len(te_doen), 'inzending', 'inzendingen')} nakijken in de zandbak ({'wegwerpgebruiker' if modus == 'gebruiker' else 'afgeschermde naamruimte'}) …")

        invoer = self.map / ".nakijken" / "ingeleverd"
        shutil.rmtree(invoer, ignore_errors=True)
        uitslagen: dict[str, Uitslag] = {}
        for student in te_doen:
            u = uitslagen[student] = Uitslag(student)
            map_in = self.map / "submitted" / student / self.opdracht
            try:
                nb = nbformat.read(map_in / f"{self.opdracht}.ipynb", as_version=4)
            except Exception as fout:
                u.fout = f"haar notebook is niet te lezen ({type(fout).__name__}); vraag haar het opnieuw in te leveren"
                continue
            u.signalen = signalen(nb, self.release_nb)
            # no stale results: if her notebook cannot run now, an older autograded copy must not be read
            shutil.rmtree(self.map / "autograded" / student / self.opdracht, ignore_errors=True)
            doel = invoer / student / self.opdracht
            shutil.copytree(map_in, doel, ignore=shutil.ignore_patterns(f"{self.opdracht}.ipynb"))
            nbformat.write(voorbereiden(nb, self.bron_nb), doel / f"{self.opdracht}.ipynb")

        basis = Path(tempfile.mkdtemp(prefix="wlz-"))
        try:
            omg = self.zandbak(basis, modus)
            zandbak.proef(basis / "zandbak.json")
            if any(not u.fout for u in uitslagen.values()):
                self.nbgrader("autograde", self.opdracht, "--force",
                              f"--CourseDirectory.submitted_directory={invoer.relative_to(self.map)}", omg=omg,
                              log="autograde")
                gestart = len(list((basis / "gestart").iterdir()))
                if gestart < sum(not u.fout for u in uitslagen.values()):
                    # a kernel ran outside the sandbox: its results are not to be trusted; no points are kept
                    for u in uitslagen.values():
                        self._nul(u.student)
                        u.fout = u.fout or (
                            f"nbgrader startte de zandbak niet ({gestart} keer voor {len(uitslagen)} inzendingen); er zijn geen "
                            "punten gegeven. Staat in een nbgrader_config.py een eigen Execute.kernel_name of "
                            f"Autograde.sanitize_preprocessors? Zie {self.werk / 'autograde.log'}.")
        finally:
            if (basis / "zandbak.json").exists():  # nothing a student started keeps running after the round
                zandbak.ruim_op(json.loads((basis / "zandbak.json").read_text(encoding="utf-8")).get("uid"))
            shutil.rmtree(basis, ignore_errors=True)
            shutil.rmtree(invoer, ignore_errors=True)

        for student, u in uitslagen.items():
            if not u.fout:
                self.buiten_controleren(u)
            self.uitslag_pad(student).write_text(json.dumps(u.__dict__, ensure_ascii=False, indent=1), encoding="utf-8")
        return list(uitslagen.values())

    def _nul(self, student: str) -> None:
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{self.map / 'gradebook.db'}") as gb:
            for gid in self.toetsen:
                try:
                    gb.find_grade(gid, self.opdracht, self.opdracht, student).auto_score = 0
                except Exception:
                    continue
            gb.db.commit()

    def buiten_controleren(self, u: Uitslag) -> None:
        """The outside check of one autograded notebook: points into the gradebook, her notebook cleaned."""
        from nbgrader.api import Gradebook

        pad = self.map / "autograded" / u.student / self.opdracht / f"{self.opdracht}.ipynb"
        if not pad.exists():
            u.fout = f"nbgrader kon haar notebook niet uitvoeren; zie {self.werk / 'autograde.log'}"
            return
        nb = nbformat.read(pad, as_version=4)
        shutil.copy2(pad, self.werk / f"{u.student}.uitgevoerd.ipynb")  # as her kernel left it, for a closer look
        waarden: dict[str, dict] = {}
        gevangen = None
        binnen: dict[str, bool] = {}
        for cel in nb.cells:
            if cel.get("metadata", {}).get(VANGST):
                gevangen = {}
                for uit in cel.get("outputs", []):
                    data = uit.get("data", {}).get(WAARDEN_MIME)
                    if isinstance(data, dict):
                        from wijklab.docent.nakijken import ontvang

                        gevangen = ontvang(data)
                continue
            gid = _nb_meta(cel).get("grade_id")
            if gid in self.toetsen:
                waarden[gid] = gevangen or {}
                binnen[gid] = not any(o.get("output_type") == "error" for o in cel.get("outputs", []))
            gevangen = None
        anders: dict[bool, list[str]] = {True: [], False: []}
        for gid, cel in self.toetsen.items():
            punten = float(_nb_meta(cel).get("points", 0))
            u.maximum[gid] = punten
            if gid not in waarden:
                u.punten[gid] = 0.0
                u.hints[gid] = "Deze controlecel ontbreekt in je notebook."
                continue
            volledig = controleer(cel.source, waarden[gid], gid)
            zichtbaar = controleer(self.zichtbaar.get(gid, ""), waarden[gid], gid)
            u.punten[gid] = punten if volledig.gelukt else 0.0
            if not volledig.gelukt:
                u.hints[gid] = volledig.hint
            if zichtbaar.gelukt != binnen[gid]:
                anders[binnen[gid]].append(gid)
        for in_notebook, cellen in anders.items():
            if cellen:
                u.signalen.append(
                    f"controles in haar notebook {'geslaagd' if in_notebook else 'mislukt'}, bij het nakijken "
                    f"{'mislukt' if in_notebook else 'geslaagd'} (zijn de controles of hun waarden veranderd?): {', '.join(cellen)}")
        with Gradebook(f"sqlite:///{self.map / 'gradebook.db'}") as gb:
            for gid, punten in u.punten.items():
                try:
                    grade = gb.find_grade(gid, self.opdracht, self.opdracht, u.student)
                except Exception:
                    continue
                grade.auto_score = punten
            gb.db.commit()
        # what the feedback shows: her cells, our hints; no cells of ours, no test code beyond the visible part
        cellen = []
        for cel in nb.cells:
            if cel.get("metadata", {}).get(VANGST):
                continue
            gid = _nb_meta(cel).get("grade_id")
            if gid in self.toetsen:
                cel.source = _zonder_verborgen(self.zichtbaar.get(gid, ""))
                # the hint in short lines: feedback shows it as preformatted text, also on a narrow screen
                cel.outputs = [] if gid not in u.hints else [nbformat.v4.new_output(
                    "error", ename="NakijkFout", evalue=u.hints[gid], traceback=textwrap.wrap(u.hints[gid], 60))]
            cellen.append(cel)
        nb.cells = cellen
        nbformat.write(nb, pad)

    def feedback(self) -> bool:
        return self.nbgrader("generate_feedback", self.opdracht, "--force", log="feedback").returncode == 0


# --------------------------------------------------------------------------- the grade list


def _getal(x: float) -> str:
    return f"{x:g}"


def cijferlijst(map: Path, klas: Path | None = None) -> tuple[Path, list[dict], list[str]]:
    """Write ``cijfers.csv`` and ``cijfers.html`` in `map` from the gradebook (every assignment with at least
    one submission) and the signals of this loop; returns (csv path, rows, assignments)."""
    from nbgrader.api import Gradebook

    from wijklab.docent.klas import _cel_veilig  # one rule for spreadsheet-safe cells, shared with the class overview

    map = Path(map)
    rijen: dict[str, dict] = {}
    opdrachten: list[str] = []
    maxima: dict[str, float] = {}
    with Gradebook(f"sqlite:///{map / 'gradebook.db'}") as gb:
        for opdracht in sorted(a.name for a in gb.assignments):
            inzendingen = gb.assignment_submissions(opdracht)
            if not inzendingen:
                continue  # never handed in: no column, no rows
            opdrachten.append(opdracht)
            bron = map / "source" / opdracht / f"{opdracht}.ipynb"
            handmatig_ids = set()
            if bron.exists():
                handmatig_ids = {_nb_meta(c)["grade_id"] for c in nbformat.read(bron, as_version=4).cells
                                 if _nb_meta(c).get("grade") and _nb_meta(c).get("solution")}
            maxima[opdracht] = gb.find_assignment(opdracht).max_score
            for inz in inzendingen:
                rij = rijen.setdefault(inz.student.id, {"student": inz.student.id, "signalen": [], "wacht": []})
                auto = hand = 0.0
                wacht = 0
                for nb in inz.notebooks:
                    for g in nb.grades:
                        if g.name in handmatig_ids:
                            hand += g.score or 0
                            wacht += bool(g.needs_manual_grade)
                        else:
                            auto += g.score or 0
                rij[opdracht] = (auto, hand, auto + hand)
                if wacht:
                    rij["wacht"].append(f"{opdracht}: {aantal(wacht, 'schrijfopdracht', 'schrijfopdrachten')}")
                uitslag = map / ".nakijken" / opdracht / f"{inz.student.id}.json"
                if uitslag.exists():
                    u = json.loads(uitslag.read_text(encoding="utf-8"))
                    rij["signalen"] += [f"{opdracht}: {s}" for s in u.get("signalen", [])]
                    if u.get("fout"):
                        rij["signalen"].append(f"{opdracht}: {u['fout']}")
    quiz = _quiz(klas) if klas else {}
    for sleutel, q in quiz.items():
        rij = rijen.get(sleutel) or next((r for k, r in rijen.items() if k.casefold() == q["naam"].casefold()), None)
        if rij is None:
            rij = rijen.setdefault(sleutel, {"student": sleutel, "signalen": [], "wacht": []})
        rij["quiz"] = q

    kolommen = ["student"]
    for o in opdrachten:
        kolommen += [f"{o} automatisch", f"{o} handmatig", f"{o} totaal"]
    if klas:
        kolommen += ["quizvragen gemaakt", "quizvragen totaal", "reflecties geschreven", "reflecties totaal"]
    kolommen += ["nog nakijken", "signalen"]
    uit = io.StringIO()
    schrijver = csv.writer(uit, lineterminator="\n")
    schrijver.writerow(kolommen)
    geordend = sorted(rijen.values(), key=lambda r: r["student"].casefold())
    for rij in geordend:
        regel = [rij["student"]]
        for o in opdrachten:
            regel += [_getal(x) for x in rij[o]] if o in rij else ["", "", ""]
        if klas:
            q = rij.get("quiz")
            regel += [q["gemaakt"], q["vragen"], q["geschreven"], q["reflecties"]] if q else ["", "", "", ""]
        regel += ["; ".join(rij["wacht"]), "; ".join(rij["signalen"])]
        schrijver.writerow([_cel_veilig(x) for x in regel])
    csv_pad = map / "cijfers.csv"
    csv_pad.write_text(uit.getvalue(), encoding="utf-8")
    (map / "cijfers.html").write_text(_html(kolommen, uit.getvalue(), maxima), encoding="utf-8")
    return csv_pad, geordend, opdrachten


def _quiz(klas: Path) -> dict[str, dict]:
    """Per student id of the class overview's exports: questions made and reflections written."""
    from wijklab.docent import klas as klasmodule

    inzendingen, *_ = klasmodule.lees_map(klas)  # also: skipped files, their count, duplicate groups
    uit = {}
    for inz in inzendingen:
        t = inz.portfolio.totaal
        uit[inz.portfolio.student.id] = {"naam": inz.portfolio.student.naam.strip(), "gemaakt": t.gemaakt,
                                         "vragen": t.vragen, "geschreven": t.geschreven, "reflecties": t.reflecties}
    return uit


def _html(kolommen: list[str], csv_tekst: str, maxima: dict[str, float]) -> str:
    rijen = list(csv.reader(io.StringIO(csv_tekst)))[1:]
    kop = "".join(f"<th scope='col'>{html.escape(k)}</th>" for k in kolommen)
    lijf = "".join("<tr>" + "".join("<td>" + "<br>".join(map(html.escape, c.split("; "))) + "</td>" for c in r) + "</tr>"
                   for r in rijen)
    max_tekst = "; ".join(f"{html.escape(o)}: {nl_getal(m)} punten" for o, m in maxima.items())
    return (
        "<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>Cijferlijst opdrachten</title>"
        "<style>body{font-family:sans-serif;margin:1.5rem}table{border-collapse:collapse}"
        "th,td{border:1px solid #999;padding:.3rem .5rem;vertical-align:top}th{background:#eee}"
        ".tabel{overflow-x:auto}</style></head><body>"
        "<h1>Cijferlijst opdrachten</h1>"
        f"<p>Maximum per opdracht: {max_tekst or 'nog geen inzendingen'}. Alleen opdrachten met inzendingen staan erin. "
        "Een lege cel: niet ingeleverd. <em>Signalen</em>: cellen die anders zijn dan in de uitgedeelde versie of "
        "controles die in het notebook van de student anders uitvielen dan bij het nakijken. Bekijk die inzending zelf.</p>"
        f"<div class='tabel' tabindex='0' role='region' aria-label='cijfers per student'><table><thead><tr>{kop}</tr></thead>"
        f"<tbody>{lijf}</tbody></table></div></body></html>"
    )


# --------------------------------------------------------------------------- command line


def main(argumenten: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python3 cursus.py nakijken", add_help=True,
                                     description="Kijk de inzendingen van een opdracht na, in een zandbak.")
    parser.add_argument("opdracht")
    parser.add_argument("--student", metavar="ID")
    parser.add_argument("--zip", metavar="BESTAND", type=Path)
    parser.add_argument("--klas", metavar="MAP", type=Path)
    parser.add_argument("--opnieuw", action="store_true")
    parser.add_argument("--map", type=Path, default=None)
    opties = parser.parse_args(argumenten)
    from wijklab.basis.paden import cursus_map

    map = opties.map or (cursus_map() / "opdrachten_docent")
    try:
        if opties.klas and not opties.klas.is_dir():
            raise Stop(f"de map {opties.klas} met exports van het klasoverzicht bestaat niet.")
        ronde = Ronde(map, opties.opdracht)
        if opties.zip:
            if not opties.zip.exists():
                raise Stop(f"het bestand {opties.zip} bestaat niet.")
            ronde.zip_inlezen(opties.zip)
        uitslagen = ronde.nakijken(opties.student, opties.opnieuw)
        for u in uitslagen:
            if u.fout:
                meld(f"FOUT {u.student}: {u.fout}")
                continue
            meld(f"{u.student}: {nl_getal(sum(u.punten.values()))} van {nl_getal(sum(u.maximum.values()))} automatische punten"
                 + (f" · LET OP: {aantal(len(u.signalen), 'signaal', 'signalen')}" if u.signalen else ""))
            for s in u.signalen:
                meld(f"    - {s}")
        if not ronde.feedback():
            meld(f"Let op: de feedback kon niet (helemaal) gemaakt worden; zie {ronde.werk / 'feedback.log'}.")
        csv_pad, rijen, _ = cijferlijst(map, opties.klas)
        wacht = [r for r in rijen if any(w.startswith(opties.opdracht) for w in r["wacht"])]
        meld(f"Feedback (om terug te geven): {map / 'feedback'}/<student>/{opties.opdracht}/")
        meld(f"Cijferlijst: {csv_pad} (en cijfers.html)")
        if wacht:
            meld(f"Schrijfopdrachten wachten op jou bij {aantal(len(wacht), 'student', 'studenten')}: open formgrader (zie de docentenhandleiding, "
                 "deel Opdrachten) en draai daarna dit commando opnieuw voor feedback en cijferlijst.")
        signaal = [r["student"] for r in rijen if r["signalen"]]
        if signaal:
            meld(f"Bekijk zelf de inzending van: {', '.join(signaal)} (zie de kolom 'signalen').")
        return 0
    except (Stop, zandbak.ZandbakFout) as fout:
        print(f"[nakijken] Dat lukte niet: {fout}", file=sys.stderr, flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
