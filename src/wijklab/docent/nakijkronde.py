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

This module runs the round (steps 1, 3, 5: the sandbox, nbgrader, feedback) and its command line; what is
checked in one submission (steps 2 and 4) is :mod:`wijklab.docent.nakijkcontrole`, the grade list (step 6)
:mod:`wijklab.docent.cijferlijst`.
"""

from __future__ import annotations

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

from wijklab.basis.taal import aantal, nl_getal
from wijklab.docent import zandbak
from wijklab.docent.cijferlijst import cijferlijst
from wijklab.docent.nakijkcontrole import (  # noqa: F401 (benodigde_namen, signalen: the round's checks, by this name too)
    VANGST, Stop, _is_toets, _nb_meta, _zonder_verborgen, benodigde_namen, controleer, meld, signalen, voorbereiden,
)
from wijklab.docent.nakijken import WAARDEN_MIME

#: the name of the kernelspec whose argv starts the sandbox
KERNEL = "wijklab-zandbak"
#: nbgrader's autograde steps before execution, plus ClearHiddenTests: hidden tests stay out of her kernel
SANITEER = ["nbgrader.preprocessors.ClearOutput", "nbgrader.preprocessors.DeduplicateIds",
            "nbgrader.preprocessors.OverwriteKernelspec", "nbgrader.preprocessors.OverwriteCells",
            "nbgrader.preprocessors.ClearHiddenTests", "nbgrader.preprocessors.CheckCellMetadata"]


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


# --------------------------------------------------------------------------- command line


#: what ``python3 cursus.py nakijken --help`` says the command does
BESCHRIJVING = (
    "Kijk de inzendingen van een opdracht na: de code van studenten draait in een zandbak (geen netwerk, geen "
    "toegang tot je cijfers of bestanden), de punten komen uit controles buiten haar notebook, en je krijgt "
    "feedback per student en één cijferlijst (opdrachten_docent/cijfers.csv). Zie docs/docentenhandleiding.md, deel Opdrachten."
)


def opties_nakijken(parser) -> None:
    """The options of ``python3 cursus.py nakijken`` (which hands its command line to this module untouched)."""
    parser.add_argument("opdracht", metavar="OPDRACHT", help="de opdracht, bijvoorbeeld opdracht1_menging")
    parser.add_argument("--student", metavar="ID", help="alleen deze student (opnieuw) nakijken")
    parser.add_argument("--zip", metavar="BESTAND", type=Path,
                        help="de zip met inzendingen uit je leeromgeving (Brightspace, Canvas, Moodle)")
    parser.add_argument("--klas", metavar="MAP", type=Path,
                        help="map met exports van het klasoverzicht: quizvoortgang en reflecties in de cijferlijst")
    parser.add_argument("--opnieuw", action="store_true", help="ook wie al is nagekeken opnieuw nakijken")
    parser.add_argument("--map", metavar="MAP", type=Path, default=None,
                        help="de map van nbgrader (standaard: opdrachten_docent/ in de cursus)")


def main(argumenten: list[str] | None = None) -> int:
    from wijklab.basis.opdrachtregel import lees
    from wijklab.basis.paden import cursus_map

    opties = lees("python3 cursus.py nakijken", opties_nakijken, argumenten, beschrijving=BESCHRIJVING)
    bekend = sorted(p.parent.name for p in (cursus_map() / "exercises").glob("*/*.ipynb") if p.stem == p.parent.name)
    if bekend and opties.opdracht not in bekend:
        print(f"[nakijken] Dat lukte niet: de opdracht '{opties.opdracht}' bestaat niet. Kies uit: {', '.join(bekend)}.",
              file=sys.stderr, flush=True)
        return 1
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
