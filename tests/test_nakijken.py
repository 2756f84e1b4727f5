"""The teacher's one grading command, ``python3 cursus.py nakijken``, with real nbgrader on hostile submissions.

One course folder is built as ``python3 cursus.py opdrachten`` builds it (all four assignments released
in the gradebook). Then, through ``cursus.py nakijken --map``:

- round 1 (opdracht 1): anna (the solution) and bram (the untouched release); opdracht 2 for anna from
  the submitted/ layout and opdracht 4 for anna from a Canvas-style zip (``--zip``); opdracht 3 gets no
  submissions (never handed out);
- the teacher gives anna a manual grade;
- round 2 (opdracht 1, only the new ones): ``vervalser`` replaces wijklab.docent.nakijken's functions and makes
  every later cell swallow its errors, and answers nothing; ``inbreker`` answers right but attacks the
  gradebook, the course, the solutions and the network from her notebook; ``knoeier`` answers right but
  edits, deletes and duplicates test cells and changes one's metadata.

The expensive runs happen once, in the fixture; the tests read their results.
"""

from __future__ import annotations

import copy
import csv
import html
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import nbformat
import pytest

from conftest import COURSE_ROOT

EXERCISES = COURSE_ROOT / "exercises"
BIN = Path(sys.executable).parent
O1, O2, O3, O4 = "opdracht1_menging", "opdracht2_tijdlijn", "opdracht3_doelgroep", "opdracht4_advies"
#: where inbreker tries to leave a file outside her scratch folder (must stay absent)
INBRAAK_NAAM = "inbraak_door_student.txt"



def _zandbak_kan() -> str:
    from wijklab.docent import zandbak

    try:
        return zandbak.mogelijk()
    except zandbak.ZandbakFout as fout:
        return str(fout)


ZANDBAK = _zandbak_kan()
#: as root the throwaway-user mode runs, as an ordinary user the namespace mode; elsewhere the command refuses
zandbak_nodig = pytest.mark.skipif(ZANDBAK not in ("gebruiker", "naamruimte"), reason=f"geen zandbak mogelijk: {ZANDBAK}")


def nb_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def source_nb(aid: str):
    return nbformat.read(EXERCISES / aid / f"{aid}.ipynb", as_version=4)


def auto_points(aid: str) -> dict[str, float]:
    return {nb_meta(c)["grade_id"]: float(nb_meta(c)["points"]) for c in source_nb(aid).cells
            if nb_meta(c).get("grade") and not nb_meta(c).get("solution")}


def answered(release: Path, aid: str):
    """The released notebook with every answer cell filled in from the source (the model solution)."""
    nb = nbformat.read(release, as_version=4)
    model = {nb_meta(c)["grade_id"]: c.source for c in source_nb(aid).cells if nb_meta(c).get("solution")}
    for cell in nb.cells:
        if nb_meta(cell).get("solution"):
            cell.source = model[nb_meta(cell)["grade_id"]]
    return nb


def put(root: Path, student: str, aid: str, nb) -> None:
    d = root / "submitted" / student / aid
    d.mkdir(parents=True)
    nbformat.write(nb, d / f"{aid}.ipynb")


def nakijken(root: Path, aid: str, *extra: str, env: dict) -> subprocess.CompletedProcess:
    res = subprocess.run([sys.executable, str(COURSE_ROOT / "cursus.py"), "nakijken", aid, f"--map={root}", *extra],
                         cwd=COURSE_ROOT, env=env, capture_output=True, text=True, timeout=1500)
    assert res.returncode == 0, f"nakijken {aid} gaf foutcode {res.returncode}:\n{res.stdout[-4000:]}\n{res.stderr[-4000:]}"
    return res


# --------------------------------------------------------------------------- hostile students

VERVALSER = '''\
# Ik vervang de controles: alles slaagt, en elke volgende cel slikt zijn fouten in.
import wijklab.docent.nakijken as _nk
class _Alles:
    def __getattr__(self, naam): return self
    def __call__(self, *a, **k): return self
    def __getitem__(self, k): return self
for _f in ["variabele", "tabel", "getal", "gelijk", "waarden_gelijk", "zelfde", "grafiek", "keuze"]:
    setattr(_nk, _f, lambda *a, **k: _Alles())
def _slik(regels):
    return ["try:\\n", *["    " + r for r in regels], "\\n", "except BaseException:\\n", "    pass\\n"]
get_ipython().input_transformers_post.append(_slik)
'''


def inbreker_cel(root: Path, buiten: Path) -> str:
    return f'''\
# Ik probeer van alles buiten mijn eigen map.
import os, socket, sqlite3, json
_pogingen = {{}}
def _probeer(naam, f):
    try:
        _pogingen[naam] = ("gelukt", repr(f())[:200])
    except BaseException as e:
        _pogingen[naam] = ("mislukt", type(e).__name__)
_probeer("uid", lambda: os.getuid())
_probeer("gradebook_absoluut", lambda: sqlite3.connect({str(root / "gradebook.db")!r}).execute("update grade set auto_score=0, manual_score=0").connection.commit())
_probeer("gradebook_relatief", lambda: open("../../../gradebook.db", "r+b").write(b"kapot"))
_probeer("bron_lezen", lambda: open({str(root / "source" / O1 / f"{O1}.ipynb")!r}).read())
_probeer("uitwerkingen_lezen", lambda: open({str(EXERCISES / O1 / f"{O1}.ipynb")!r}).read())
_probeer("anna_wissen", lambda: os.remove({str(root / "submitted" / "anna" / O1 / f"{O1}.ipynb")!r}))
_probeer("cursus_schrijven", lambda: open({str(COURSE_ROOT / INBRAAK_NAAM)!r}, "w").write("x"))
_probeer("buiten_schrijven", lambda: open({str(buiten / INBRAAK_NAAM)!r}, "w").write("x"))
_probeer("tmp_schrijven", lambda: open("/tmp/{INBRAAK_NAAM}", "w").write("x"))
_probeer("netwerk", lambda: socket.create_connection(("1.1.1.1", 53), timeout=3))
_probeer("eigen_map", lambda: open("mijn_bestand.txt", "w").write("x"))
import subprocess
_probeer("achterblijver", lambda: subprocess.Popen(["sleep", "900"], start_new_session=True).pid)
print("POGINGEN", json.dumps(_pogingen))
'''


def knoeier(release: Path):
    """The solution, but with test cells edited, deleted, duplicated, and one with other metadata."""
    nb = answered(release, O1)
    cells = []
    for cell in nb.cells:
        gid = nb_meta(cell).get("grade_id")
        if gid == "o1_verschil_toets":
            cell.source = "# weg met de controle\npass"
        elif gid == "o1_aandeel_toets":
            continue
        elif gid == "o1_grafiek_toets":
            cell.metadata["nbgrader"]["points"] = 20
        cells.append(cell)
        if gid == "o1_inwoners_toets":
            twin = copy.deepcopy(cell)
            twin.id = "kopie1"  # JupyterLab gives a copied cell a new id
            cells.append(twin)
    nb.cells = cells
    return nb


# --------------------------------------------------------------------------- the course, graded once


@pytest.fixture(scope="module")
def course():
    tmp = Path(tempfile.mkdtemp(prefix="wijklab-nakijken-"))
    try:
        yield _build(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        (COURSE_ROOT / INBRAAK_NAAM).unlink(missing_ok=True)
        Path("/tmp", INBRAAK_NAAM).unlink(missing_ok=True)


def _build(tmp: Path) -> dict:
    root, buiten = tmp / "opdrachten_docent", tmp / "buiten"
    buiten.mkdir()
    os.chmod(buiten, 0o777)  # writable for everyone: only the sandbox stops her
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "WIJKLAB_CURSUS": str(COURSE_ROOT),
           "PYTHONWARNINGS": "ignore"}
    root.mkdir()
    shutil.copy2(EXERCISES / "nbgrader_config.py", root / "nbgrader_config.py")
    for aid in (O1, O2, O3, O4):
        shutil.copytree(EXERCISES / aid, root / "source" / aid)
        subprocess.run([str(BIN / "nbgrader"), "generate_assignment", aid, "--log-level=WARN"], cwd=root, env=env,
                       check=True, capture_output=True)
    rel = {aid: root / "release" / aid / f"{aid}.ipynb" for aid in (O1, O2, O3, O4)}

    # round 1
    put(root, "anna", O1, answered(rel[O1], O1))
    put(root, "bram", O1, nbformat.read(rel[O1], as_version=4))
    put(root, "anna", O2, answered(rel[O2], O2))
    archive = tmp / "canvas_opdracht4.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(f"anna_1001_5001_{O4}.ipynb", nbformat.writes(answered(rel[O4], O4)))
    log = {"ronde1": nakijken(root, O1, env=env), "o2": nakijken(root, O2, env=env),
           "o4": nakijken(root, O4, f"--zip={archive}", env=env)}

    # the teacher grades anna's first written answer (what formgrader does, through the same API)
    from nbgrader.api import Gradebook

    db = f"sqlite:///{root / 'gradebook.db'}"
    with Gradebook(db) as gb:
        g = gb.find_grade("o1_duiding", O1, O1, "anna")
        g.manual_score, g.needs_manual_grade = 3, False
        gb.db.commit()
    anna_before = open_grades(db, "anna", O1)
    anna_file = (root / "submitted" / "anna" / O1 / f"{O1}.ipynb").read_bytes()

    # round 2: the hostile ones
    vervalser = nbformat.read(rel[O1], as_version=4)
    vervalser.cells.insert(2, nbformat.v4.new_code_cell(VERVALSER))
    put(root, "vervalser", O1, vervalser)
    inbreker = answered(rel[O1], O1)
    inbreker.cells.insert(2, nbformat.v4.new_code_cell(inbreker_cel(root, buiten)))
    put(root, "inbreker", O1, inbreker)
    put(root, "knoeier", O1, knoeier(rel[O1]))
    log["ronde2"] = nakijken(root, O1, env=env)

    # the class overview's exports: anna's portfolio (one reflection written), next to her grades
    from hostile import exporteer_student

    klas = tmp / "klas"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WIJKLAB_CURSUS", str(COURSE_ROOT))
        exporteer_student(tmp, mp, klas, "anna_export", "Anna", reflecties=[("01-waarom-mengen", "Mengen moest de wijk sterker maken.")])
    log["klas"] = nakijken(root, O1, f"--klas={klas}", env=env)
    return {"root": root, "db": db, "log": log, "anna_before": anna_before, "anna_file": anna_file, "buiten": buiten}


def open_grades(db: str, student: str, aid: str) -> dict[str, tuple]:
    from nbgrader.api import Gradebook

    with Gradebook(db) as gb:
        nb = gb.find_submission_notebook(aid, aid, student)
        return {g.name: (g.auto_score, g.manual_score) for g in nb.grades}


def auto_score(course, student: str, aid: str = O1) -> dict[str, float]:
    pts = auto_points(aid)
    return {gid: s[0] for gid, s in open_grades(course["db"], student, aid).items() if gid in pts}


def uitslag(course, student: str, aid: str = O1) -> dict:
    return json.loads((course["root"] / ".nakijken" / aid / f"{student}.json").read_text(encoding="utf-8"))


def cijfers(course) -> tuple[list[str], dict[str, dict]]:
    with open(course["root"] / "cijfers.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return list(rows[0].keys()), {r["student"]: r for r in rows}


# --------------------------------------------------------------------------- honest submissions


@pytest.mark.nbgrader
@zandbak_nodig
@pytest.mark.parametrize("aid", [O1, O2, O4])
def test_the_solution_gets_full_automatic_points_and_no_signal(course, aid):
    assert auto_score(course, "anna", aid) == auto_points(aid)
    assert uitslag(course, "anna", aid)["signalen"] == []


@pytest.mark.nbgrader
@zandbak_nodig
def test_untouched_release_gets_zero_and_no_signal(course):
    assert set(auto_score(course, "bram").values()) == {0}
    assert uitslag(course, "bram")["signalen"] == []


@pytest.mark.nbgrader
@zandbak_nodig
def test_the_teacher_reads_no_checksum_noise(course):
    for run in course["log"].values():
        out = run.stdout + run.stderr
        assert "checksum" not in out.lower() and "WARNING" not in out, out[-3000:]
    assert "anna: 17 van 17 automatische punten" in course["log"]["ronde1"].stdout


# --------------------------------------------------------------------------- hostile submissions


@pytest.mark.nbgrader
@zandbak_nodig
def test_replacing_the_checks_and_answering_nothing_gives_at_most_20_percent_and_a_flag(course):
    got = auto_score(course, "vervalser")
    assert sum(got.values()) <= 0.2 * sum(auto_points(O1).values()), got
    signals = uitslag(course, "vervalser")["signalen"]
    assert any(s.startswith("controles in haar notebook geslaagd, bij het nakijken mislukt") for s in signals), signals
    assert "vervalser" in course["log"]["ronde2"].stdout and "LET OP" in course["log"]["ronde2"].stdout


@pytest.mark.nbgrader
@zandbak_nodig
def test_an_attack_from_a_notebook_changes_nothing_of_anyone_else(course):
    root = course["root"]
    # anna's grades (automatic and the teacher's manual one) and her submitted file are as before round 2
    assert open_grades(course["db"], "anna", O1) == course["anna_before"]
    assert course["anna_before"]["o1_duiding"][1] == 3
    assert (root / "submitted" / "anna" / O1 / f"{O1}.ipynb").read_bytes() == course["anna_file"]
    assert not (COURSE_ROOT / INBRAAK_NAAM).exists()
    assert not (course["buiten"] / INBRAAK_NAAM).exists()
    assert not Path("/tmp", INBRAAK_NAAM).exists()
    # what she tried, as her own notebook recorded it
    ran = nbformat.read(root / ".nakijken" / O1 / "inbreker.uitgevoerd.ipynb", as_version=4)
    text = "".join(o.get("text", "") for c in ran.cells if c.cell_type == "code" for o in c.get("outputs", []))
    tries = json.loads(text.split("POGINGEN", 1)[1].strip().splitlines()[0])
    for attack in ("gradebook_absoluut", "gradebook_relatief", "bron_lezen", "uitwerkingen_lezen", "anna_wissen",
                   "cursus_schrijven", "buiten_schrijven", "netwerk"):
        assert tries[attack][0] == "mislukt", (attack, tries[attack])
    assert tries["eigen_map"][0] == "gelukt"  # her own scratch folder is writable
    # a process she left behind does not outlive the round (it could reach the next student's kernel)
    assert tries["achterblijver"][0] == "gelukt"
    from wijklab.docent.zandbak import MERK, UID_BEREIK

    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                left = proc.stat().st_uid in UID_BEREIK or f"{MERK}=1".encode() in (proc / "environ").read_bytes().split(b"\0")
            except OSError:
                continue
            assert not left, f"proces {proc.name} van de zandbak draait nog: {(proc / 'cmdline').read_bytes()!r}"
    assert tries["uid"][1] != "0"
    # her right answers still count: the sandbox does not punish the honest parts
    assert auto_score(course, "inbreker") == auto_points(O1)


@pytest.mark.nbgrader
@zandbak_nodig
def test_edited_deleted_duplicated_and_changed_test_cells_are_flagged(course):
    signals = uitslag(course, "knoeier")["signalen"]
    joined = "\n".join(signals)
    assert "toetscel o1_verschil_toets bewerkt" in joined
    assert "toetscel o1_aandeel_toets verwijderd" in joined
    assert "toetscel o1_inwoners_toets 2 keer in het notebook" in joined
    assert "metadata van toetscel o1_grafiek_toets gewijzigd" in joined
    got = auto_score(course, "knoeier")
    # nbgrader puts the edited cell back; the deleted one cannot give points
    assert got["o1_verschil_toets"] == auto_points(O1)["o1_verschil_toets"]
    assert got["o1_aandeel_toets"] == 0
    _, rows = cijfers(course)
    assert "o1_aandeel_toets verwijderd" in rows["knoeier"]["signalen"]
    assert rows["anna"]["signalen"] == "" and rows["bram"]["signalen"] == ""


# --------------------------------------------------------------------------- feedback and grade list


def hidden_lines(aid: str) -> set[str]:
    out = set()
    for cell in source_nb(aid).cells:
        inside = False
        for line in cell.source.splitlines():
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            elif inside and line.strip():
                out.add(line.strip())
    return out


@pytest.mark.nbgrader
@zandbak_nodig
def test_feedback_has_points_hints_and_her_code_but_no_hidden_test(course):
    root = course["root"]
    checked = 0
    for html_file in root.glob("feedback/*/*/*.html"):
        aid = html_file.parent.name
        visible = (root / "release" / aid / f"{aid}.ipynb").read_text(encoding="utf-8")
        text = html.unescape(re.sub(r"<[^>]+>", "", html_file.read_text(encoding="utf-8")))
        for line in hidden_lines(aid):
            if json.dumps(line)[1:-1] in visible or line in visible:
                continue  # the same line is in the visible part the students have anyway
            assert line not in text, f"{html_file}: verborgen toetsregel in de feedback: {line}"
        checked += 1
    assert checked >= 7
    bram = (root / "feedback" / "bram" / O1 / f"{O1}.html").read_text(encoding="utf-8")
    assert "Er is nog geen variabele" in html.unescape(bram)
    anna = html.unescape((root / "feedback" / "anna" / O1 / f"{O1}.html").read_text(encoding="utf-8"))
    assert "groupby" in anna  # her own code


@pytest.mark.nbgrader
@zandbak_nodig
def test_one_grade_list_without_assignments_never_handed_in(course):
    columns, rows = cijfers(course)
    assert not any(O3 in c for c in columns), columns
    for aid in (O1, O2, O4):
        assert f"{aid} totaal" in columns
    assert set(rows) == {"anna", "bram", "vervalser", "inbreker", "knoeier"}
    anna = rows["anna"]
    assert float(anna[f"{O1} automatisch"]) == sum(auto_points(O1).values())
    assert float(anna[f"{O1} handmatig"]) == 3
    assert float(anna[f"{O1} totaal"]) == sum(auto_points(O1).values()) + 3
    assert rows["bram"][f"{O2} totaal"] == ""  # not handed in: empty, not 0
    assert math.isclose(float(anna[f"{O4} automatisch"]), sum(auto_points(O4).values()))
    assert "cijfers.csv" in course["log"]["ronde2"].stdout
    page = (course["root"] / "cijfers.html").read_text(encoding="utf-8")
    assert "<table>" in page and "knoeier" in page


@pytest.mark.nbgrader
@zandbak_nodig
def test_grade_list_joins_the_class_overview_exports(course):
    out = course["log"]["klas"].stdout
    assert "al nagekeken" in out, out
    columns, rows = cijfers(course)
    assert "quizvragen totaal" in columns and "reflecties geschreven" in columns
    assert rows["anna"]["reflecties geschreven"] == "1"
    assert int(rows["anna"]["quizvragen totaal"]) > 0
    assert rows["bram"]["reflecties geschreven"] == ""


@pytest.mark.nbgrader
@zandbak_nodig
def test_students_graded_before_are_not_graded_again(course):
    out = course["log"]["ronde2"].stdout
    assert "3 inzendingen nakijken" in out
    assert "anna:" not in out and "bram:" not in out


# --------------------------------------------------------------------------- fast parts (no nbgrader)


def test_tamper_signals_on_a_released_notebook():
    from wijklab.docent.nakijkronde import signalen

    release = source_nb(O1)  # stands in for the release: same cells and metadata
    assert signalen(copy.deepcopy(release), release) == []
    honest = copy.deepcopy(release)
    for cell in honest.cells:
        if nb_meta(cell).get("solution"):
            cell.source = "mijn antwoord = 1"
    honest.cells.append(nbformat.v4.new_code_cell("print('mijn eigen extra cel')"))
    assert signalen(honest, release) == []
    moved = copy.deepcopy(release)
    moved.cells[5], moved.cells[6] = moved.cells[6], moved.cells[5]
    assert any("volgorde" in s for s in signalen(moved, release))


def test_values_leave_the_kernel_as_data_and_come_back_equal():
    import pandas as pd

    import wijklab as wl
    from wijklab.docent.nakijken import _verpak, ontvang

    ink = wl.data.laad("inkomen_wijken_2020")
    wijken = ink[(ink["soort"] == "wijk") & (ink["gemeentenaam"] == "Zwolle")]
    per_jaar = wl.data.laad("amsterdam_wijken_2017_2019").groupby("jaar")["pct_huur_in_bezit_woningcorporatie"].mean()
    fig = wl.charts.staaf(wijken, x="naam", y="pct_huishoudens_laagste_40pct", titel="t", bron=wl.bron("inkomen_wijken_2020"),
                          alt="een beschrijving van acht woorden of meer hier")
    values = {"wijken": wijken, "per_jaar": per_jaar, "n": 3, "x": float("nan"), "t": "Zwolle", "fig": fig, "niets": None,
              "functie": print}
    back = ontvang(json.loads(json.dumps({"waarden": {k: _verpak(v) for k, v in values.items()}})))
    pd.testing.assert_frame_equal(back["wijken"], wijken)
    pd.testing.assert_series_equal(back["per_jaar"], per_jaar)
    assert back["n"] == 3 and math.isnan(back["x"]) and back["t"] == "Zwolle" and back["niets"] is None
    assert back["fig"].layout.meta == fig.layout.meta and len(back["fig"].data) == len(fig.data)
    assert repr(back["functie"]) == "<builtin_function_or_method>"  # nothing executable comes back


def test_names_a_test_cell_needs():
    from wijklab.docent.nakijkronde import benodigde_namen

    cell = next(c for c in source_nb(O1).cells if nb_meta(c).get("grade_id") == "o1_selectie_toets")
    assert sorted(benodigde_namen(cell.source)) == ["GEMEENTE", "wijken"]


def test_no_sandbox_outside_linux_is_refused_in_dutch(monkeypatch):
    from wijklab.docent import zandbak

    monkeypatch.setattr(zandbak.sys, "platform", "darwin")
    with pytest.raises(zandbak.ZandbakFout, match="alleen op Linux"):
        zandbak.mogelijk()
