"""The assignments in exercises/ go through the teacher's whole loop with real nbgrader and its gradebook.

One course folder (module fixture) is built the way ``python3 cursus.py opdrachten`` builds it: the
sources and exercises/nbgrader_config.py copied in, ``nbgrader generate_assignment`` per assignment.
Then, with fake students whose answers are written into the *released* notebooks:

- route A, JupyterHub exchange (opdracht 1): release_assignment → fetch_assignment → submit (anna: the
  solution, bram: untouched, carla: partly right, with another gemeente) → collect;
- route B, learning-platform zip (opdrachten 2–4): a Canvas-style zip with anna and bram → zip_collect;
- autograde, manual grades through the gradebook API, generate_feedback, export.

The expensive nbgrader runs happen once, in the fixture; the tests read their results.
"""

from __future__ import annotations

import ast
import csv
import json
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

#: the fixture runs nbgrader ~20 times (13 notebook executions); on 2 busy cores that takes minutes
pytestmark = [pytest.mark.nbgrader, pytest.mark.timeout(1800)]

EXERCISES = COURSE_ROOT / "exercises"
BIN = Path(sys.executable).parent
ASSIGNMENTS = sorted(p.parent.name for p in EXERCISES.glob("*/*.ipynb") if p.stem == p.parent.name)
EXCHANGE_ONE = "opdracht1_menging"
ZIP_ONES = [a for a in ASSIGNMENTS if a != EXCHANGE_ONE]
#: carla (opdracht 1, gemeente Utrecht) answers these parts right; part 3 she gives as a fraction
CARLA_RIGHT = {"o1_selectie", "o1_verschil", "o1_groep"}
CARLA_POINTS = {"o1_selectie_toets": 2, "o1_verschil_toets": 2, "o1_groep_toets": 2, "o1_verandering_toets": 1}
#: the manual grades the teacher gives anna for opdracht 1
ANNA_MANUAL = {"o1_duiding": 3, "o1_kanttekeningen": 2}


# --------------------------------------------------------------------------- helpers


def nb_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def source_nb(aid: str):
    return nbformat.read(EXERCISES / aid / f"{aid}.ipynb", as_version=4)


def points(aid: str) -> tuple[dict[str, float], dict[str, float]]:
    """(autograded test cells, manual-grade cells) of a source notebook: grade_id → points."""
    auto, manual = {}, {}
    for cell in source_nb(aid).cells:
        m = nb_meta(cell)
        if m.get("grade"):
            (manual if m.get("solution") else auto)[m["grade_id"]] = float(m["points"])
    return auto, manual


def answered(release: Path, aid: str, *, only: set[str] | None = None, gemeente: str | None = None,
             wrong: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """The released notebook with a student's answers: solution cells copied from the source (all, or
    `only` these grade ids), `wrong` answers for some cells, and her own gemeente."""
    nb = nbformat.read(release, as_version=4)
    model = {nb_meta(c).get("grade_id"): c.source for c in source_nb(aid).cells if nb_meta(c).get("solution")}
    for cell in nb.cells:
        gid = nb_meta(cell).get("grade_id")
        if wrong and gid in wrong:
            cell.source = wrong[gid]
        elif nb_meta(cell).get("solution") and (only is None or gid in only):
            cell.source = model[gid]
        if gemeente and cell.cell_type == "code" and not nb_meta(cell) and "GEMEENTE =" in cell.source:
            cell.source = re.sub(r'GEMEENTE = ".*"', f'GEMEENTE = "{gemeente}"', cell.source)
    return nb


def run(args: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    res = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, f"{' '.join(map(str, args[:3]))} gaf foutcode {res.returncode}:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}"
    return res


# --------------------------------------------------------------------------- the course, built once


@pytest.fixture(scope="module")
def course():
    # an own temporary folder: pytest's shared basetemp may be cleaned up by other pytest runs meanwhile
    tmp = Path(tempfile.mkdtemp(prefix="wijklab-opdrachten-"))
    try:
        yield _build(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _build(tmp: Path) -> dict:
    root, exchange = tmp / "opdrachten_docent", tmp / "exchange"
    exchange.mkdir()
    os.chmod(exchange, 0o777)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "WIJKLAB_CURSUS": str(COURSE_ROOT), "WIJKLAB_WERKMAP": str(tmp / "mijn_werk"),
           "JUPYTER_DATA_DIR": str(tmp / "jupyter_data"), "PYTHONWARNINGS": "ignore"}
    nbgrader = str(BIN / "nbgrader")
    ex = [f"--Exchange.root={exchange}"]
    log: dict[str, subprocess.CompletedProcess] = {}

    # what cursus.py opdrachten does
    root.mkdir()
    shutil.copy2(EXERCISES / "nbgrader_config.py", root / "nbgrader_config.py")
    for aid in ASSIGNMENTS:
        shutil.copytree(EXERCISES / aid, root / "source" / aid)
    # validate runs alongside the other steps (it reads only the source notebooks)
    validate = subprocess.Popen(
        [nbgrader, "validate", *[str(root / "source" / a / f"{a}.ipynb") for a in ASSIGNMENTS]],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for aid in ASSIGNMENTS:
        run([nbgrader, "generate_assignment", aid, "--log-level=WARN"], root, env)

    # route A: the exchange of a JupyterHub, three students in their own home folders
    run([nbgrader, "release_assignment", EXCHANGE_ONE, *ex], root, env)
    student_args = [*ex, "--CourseDirectory.course_id=wijklab"]
    for student in ("anna", "bram", "carla"):
        home = tmp / "home" / student
        home.mkdir(parents=True)
        s_env = {**env, "JUPYTER_DATA_DIR": str(home / ".jupyter_data")}
        run([nbgrader, "fetch_assignment", EXCHANGE_ONE, *student_args], home, s_env)
        fetched = home / EXCHANGE_ONE / f"{EXCHANGE_ONE}.ipynb"
        if student == "anna":
            nbformat.write(answered(fetched, EXCHANGE_ONE), fetched)
        elif student == "carla":
            nbformat.write(answered(fetched, EXCHANGE_ONE, only=CARLA_RIGHT, gemeente="Utrecht", wrong={
                "o1_aandeel": "aandeel_boven = (wijken['pct_huishoudens_laagste_40pct'] > 40).mean()  # een fractie"}),
                fetched)
        run([nbgrader, "submit", EXCHANGE_ONE, *student_args, f"--CourseDirectory.student_id={student}"], home, s_env)
    run([nbgrader, "collect", EXCHANGE_ONE, *ex], root, env)

    # route B: one zip per assignment, downloaded from a Canvas-like learning platform
    for aid in ZIP_ONES:
        archive = root / "downloaded" / aid / "archive"
        archive.mkdir(parents=True)
        release = root / "release" / aid / f"{aid}.ipynb"
        with zipfile.ZipFile(archive / f"{aid}_inzendingen.zip", "w") as z:
            z.writestr(f"anna_1001_5001_{aid}.ipynb", nbformat.writes(answered(release, aid)))
            z.writestr(f"bram_LATE_1002_5002_{aid}.ipynb", release.read_text(encoding="utf-8"))
            z.writestr("leesmij.txt", "geen notebook")
        log[f"zip_{aid}"] = run([nbgrader, "zip_collect", aid, "--force"], root, env)

    for aid in ASSIGNMENTS:
        log[f"autograde_{aid}"] = run([nbgrader, "autograde", aid, "--force"], root, env)

    # the teacher grades anna's written answers of opdracht 1 (what formgrader does, through the same API)
    from nbgrader.api import Gradebook

    db = f"sqlite:///{root / 'gradebook.db'}"
    waiting = {}
    with Gradebook(db) as gb:
        for gid in ANNA_MANUAL:
            waiting[gid] = gb.find_grade(gid, EXCHANGE_ONE, EXCHANGE_ONE, "anna").needs_manual_grade
        for gid, score in ANNA_MANUAL.items():
            g = gb.find_grade(gid, EXCHANGE_ONE, EXCHANGE_ONE, "anna")
            g.manual_score = score
            g.needs_manual_grade = False  # formgrader's save does the same
        gb.db.commit()
    for aid in ASSIGNMENTS:
        run([nbgrader, "generate_feedback", aid, "--force"], root, env)
    run([nbgrader, "export"], root, env)
    out, _ = validate.communicate(timeout=900)
    log["validate"] = subprocess.CompletedProcess(validate.args, validate.returncode, out, "")
    return {"root": root, "db": db, "log": log, "waiting": waiting, "tmp": tmp}


def grade(course, student: str, aid: str, gid: str):
    from nbgrader.api import Gradebook

    with Gradebook(course["db"]) as gb:
        g = gb.find_grade(gid, aid, aid, student)
        return g.auto_score, g.manual_score, g.needs_manual_grade, g.max_score


# --------------------------------------------------------------------------- tests


def test_there_are_four_assignments_with_code_and_written_parts():
    assert len(ASSIGNMENTS) >= 4, ASSIGNMENTS
    for aid in ASSIGNMENTS:
        auto, manual = points(aid)
        assert len(auto) >= 5 and len(manual) >= 2, f"{aid}: {len(auto)} toetscellen, {len(manual)} schrijfopdrachten"
        text = source_nb(aid).cells[0].source
        total = sum(auto.values()) + sum(manual.values())
        assert f"**{total:g}**" in text, f"{aid}: het totaal {total:g} staat niet in de puntentabel bovenaan"
        for word in ("Wat lever je in", "Tijd", "Inleveren", "Bronnen"):
            assert word in text, f"{aid}: de opening noemt '{word}' niet"


def test_every_source_notebook_validates(course):
    res = course["log"]["validate"]
    out = res.stdout + res.stderr
    assert res.returncode == 0, out
    assert out.count("Success! Your notebook passes all the tests.") == len(ASSIGNMENTS), out


def test_release_hides_solutions_and_hidden_tests(course):
    for aid in ASSIGNMENTS:
        text = (course["root"] / "release" / aid / f"{aid}.ipynb").read_text(encoding="utf-8")
        assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text, aid
        assert "JOUW CODE HIER" in text and "YOUR CODE HERE" not in text, aid
        assert "Modelantwoord" not in text, f"{aid}: een modelantwoord staat in de studentversie"
        source = (EXERCISES / aid / f"{aid}.ipynb").read_text(encoding="utf-8")
        assert "BEGIN HIDDEN TESTS" in source, f"{aid}: geen verborgen tests"


def test_visible_tests_never_claim_success():
    """A passing visible test prints nothing: hidden tests may still fail."""
    for aid in ASSIGNMENTS:
        for cell in source_nb(aid).cells:
            if nb_meta(cell).get("grade") and cell.cell_type == "code":
                visible = cell.source.split("### BEGIN HIDDEN TESTS")[0]
                assert "print(" not in visible and "passed" not in visible.lower(), (aid, nb_meta(cell)["grade_id"])


def test_exchange_route_collected_three_students(course):
    for student in ("anna", "bram", "carla"):
        assert (course["root"] / "submitted" / student / EXCHANGE_ONE / f"{EXCHANGE_ONE}.ipynb").exists(), student


def test_zip_route_collected_both_students_and_skipped_the_rest(course):
    for aid in ZIP_ONES:
        for student in ("anna", "bram"):
            assert (course["root"] / "submitted" / student / aid / f"{aid}.ipynb").exists(), (aid, student)
        out = course["log"][f"zip_{aid}"].stdout + course["log"][f"zip_{aid}"].stderr
        assert "2 files collected" in out, out[-2000:]


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_solution_scores_full_marks_untouched_scores_zero(course, aid):
    auto, manual = points(aid)
    for gid, pts in auto.items():
        a_auto, _, _, a_max = grade(course, "anna", aid, gid)
        assert a_max == pts, (aid, gid)
        assert a_auto == pts, f"{aid} {gid}: de uitwerking krijgt {a_auto} van {pts} punten"
        b_auto, _, b_wait, _ = grade(course, "bram", aid, gid)
        assert b_auto == 0, f"{aid} {gid}: de lege studentversie krijgt {b_auto} punten"
    for gid in manual:
        # an untouched written answer gets 0 without waiting for the teacher; anna's answer waits
        b_auto, _, b_wait, _ = grade(course, "bram", aid, gid)
        assert b_auto == 0 and not b_wait, (aid, gid)
        if aid != EXCHANGE_ONE:
            assert grade(course, "anna", aid, gid)[2], f"{aid} {gid}: anna's tekst wacht niet op de docent"


def test_partial_submission_scores_exactly_the_expected_points(course):
    auto, _ = points(EXCHANGE_ONE)
    got = {gid: grade(course, "carla", EXCHANGE_ONE, gid)[0] for gid in auto}
    expected = {gid: CARLA_POINTS.get(gid, 0) for gid in auto}
    assert got == expected


def test_visible_check_passes_but_hidden_check_fails_with_a_dutch_hint(course):
    nb = nbformat.read(course["root"] / "autograded" / "carla" / EXCHANGE_ONE / f"{EXCHANGE_ONE}.ipynb", as_version=4)
    cells = {nb_meta(c).get("grade_id"): c for c in nb.cells}
    errors = [o for o in cells["o1_aandeel_toets"].outputs if o.output_type == "error"]
    assert errors and "klopt nog niet" in errors[0]["evalue"], errors
    # the missing answer of part 4 gets a hint in Dutch, no English traceback
    missing = [o for o in cells["o1_samenvoegen_toets"].outputs if o.output_type == "error"]
    assert missing and "Er is nog geen variabele 'samen'" in missing[0]["evalue"]
    assert "Traceback" not in "".join(missing[0]["traceback"])


def test_manual_grades_wait_for_the_teacher(course):
    assert course["waiting"] == {gid: True for gid in ANNA_MANUAL}
    for gid, score in ANNA_MANUAL.items():
        _, manual, wait, _ = grade(course, "anna", EXCHANGE_ONE, gid)
        assert manual == score and not wait


def test_feedback_html_for_every_student(course):
    for aid in ASSIGNMENTS:
        students = ("anna", "bram", "carla") if aid == EXCHANGE_ONE else ("anna", "bram")
        for student in students:
            html = course["root"] / "feedback" / student / aid / f"{aid}.html"
            assert html.exists(), html
    bram = (course["root"] / "feedback" / "bram" / EXCHANGE_ONE / f"{EXCHANGE_ONE}.html").read_text(encoding="utf-8")
    assert "Er is nog geen variabele" in bram


def test_grades_csv(course):
    with open(course["root"] / "grades.csv", encoding="utf-8") as f:
        rows = {(r["assignment"], r["student_id"]): r for r in csv.DictReader(f)}
    for aid in ASSIGNMENTS:
        auto, manual = points(aid)
        maximum = sum(auto.values()) + sum(manual.values())
        assert float(rows[(aid, "bram")]["raw_score"]) == 0
        assert float(rows[(aid, "bram")]["max_score"]) == maximum
        anna = sum(auto.values()) + (sum(ANNA_MANUAL.values()) if aid == EXCHANGE_ONE else 0)
        assert float(rows[(aid, "anna")]["raw_score"]) == anna, aid
    assert float(rows[(EXCHANGE_ONE, "carla")]["raw_score"]) == sum(CARLA_POINTS.values())


def test_zip_pattern_reads_canvas_names():
    """The FileNameCollector pattern in exercises/nbgrader_config.py: Canvas names in, anything else out."""
    from traitlets.config import Config, PyFileConfigLoader

    cfg = PyFileConfigLoader("nbgrader_config.py", path=str(EXERCISES)).load_config()
    pattern = cfg.FileNameCollectorPlugin.named_regexp
    assert isinstance(cfg, Config)
    m = re.match(pattern, "/x/extracted/jansenjan_LATE_12_34_opdracht1_menging-1.ipynb")
    assert m and m["student_id"] == "jansenjan" and m["file_id"] == "opdracht1_menging"
    assert re.match(pattern, "/x/extracted/opdracht1_menging.ipynb") is None


# --------------------------------------------------------------------------- rubrics


RUBRICS = COURSE_ROOT / "docs" / "rubrics.md"
_HEAD = re.compile(r"^###\s+.*`(?P<gid>[a-z0-9_]+)`.*\((?P<pts>\d+(?:,\d+)?) punten?\)", re.M)


def rubric_tables(text: str) -> dict[str, tuple[float, float]]:
    """grade_id → (points in the heading, sum of the 'max' column of its table)."""
    out = {}
    heads = list(_HEAD.finditer(text))
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        rows = []
        for line in text[m.end():end].strip().splitlines():  # the first table after the heading only
            if not line.startswith("|"):
                break
            rows.append(line)
        if len(rows) < 3:
            out[m["gid"]] = (float(m["pts"].replace(",", ".")), -1.0)
            continue
        header = [h.strip().lower() for h in rows[0].strip("|").split("|")]
        col = header.index("max")
        total = sum(float(r.strip("|").split("|")[col].strip().replace(",", ".")) for r in rows[2:])
        out[m["gid"]] = (float(m["pts"].replace(",", ".")), total)
    return out


def test_rubric_parser():
    text = "### Deel 8 · `o9_x` (3 punten)\n\n| criterium | 0 | 1 | max |\n|---|---|---|---|\n| a | . | . | 2 |\n| b | . | . | 1 |\n"
    assert rubric_tables(text) == {"o9_x": (3.0, 3.0)}


def test_rubric_for_every_written_task_with_matching_points():
    tables = rubric_tables(RUBRICS.read_text(encoding="utf-8"))
    problems = []
    for aid in ASSIGNMENTS:
        for gid, pts in points(aid)[1].items():
            if gid not in tables:
                problems.append(f"{aid}: geen rubric voor {gid}")
            elif tables[gid] != (pts, pts):
                problems.append(f"{aid} {gid}: notebook {pts:g} punten, rubric kop {tables[gid][0]:g}, tabel {tables[gid][1]:g}")
    assert not problems, "\n".join(problems)


def test_rubric_for_every_course_reflection():
    import yaml

    text = RUBRICS.read_text(encoding="utf-8")
    ids = [r["id"] for p in sorted((COURSE_ROOT / "notebooks" / "vragen").glob("*.yaml"))
           for r in (yaml.safe_load(p.read_text(encoding="utf-8")).get("reflecties") or [])]
    missing = [i for i in ids if f"`{i}`" not in text]
    assert not missing, f"Reflecties zonder rubric in docs/rubrics.md: {missing}"
    assert json.dumps(ids)  # the banks have reflections at all


def point_table(aid: str) -> list[tuple[str, float, str]]:
    """The rows of the points table at the top of an assignment: (what, points, how graded)."""
    rows = []
    for line in source_nb(aid).cells[0].source.splitlines():
        parts = [p.strip() for p in line.strip().strip("|").split("|")]
        if len(parts) == 4 and re.fullmatch(r"\d+[a-z]?", parts[0]) and re.fullmatch(r"\d+", parts[2]):
            rows.append((parts[1], float(parts[2]), parts[3]))
    return rows


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_interpretation_carries_half_the_points_with_an_autograded_choice(aid):
    """Issue 24: at least half of every assignment's points go to interpretation (rubric parts and
    autograded interpretive choices, marked '(duiding)'), and each has such an autograded choice."""
    auto, manual = points(aid)
    rows = point_table(aid)
    total = sum(auto.values()) + sum(manual.values())
    assert sum(p for _, p, _ in rows) == total, f"{aid}: de puntentabel telt niet op tot {total:g}"
    choice = [p for what, p, how in rows if "(duiding)" in what and how == "automatisch"]
    assert choice, f"{aid}: geen automatisch nagekeken keuzevraag over duiding"
    interpretation = sum(p for what, p, how in rows if how == "rubric" or "(duiding)" in what)
    assert interpretation >= total / 2, f"{aid}: duiding {interpretation:g} van {total:g} punten"


#: pandas moves no notebook asks the student to write herself (issue 24): an example cell must show them first
NEW_MOVES = {"&": re.compile(r"\)\s*&\s*\("), "merge": re.compile(r"\.merge\("), "groupby": re.compile(r"\.groupby\(")}


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_code_parts_are_scaffolded_fill_in_lines_with_examples(aid):
    """00 promises that nobody needs to program: every answer cell carries a fill-in line with ___ that
    stays in the student's version, and each new pandas move has an example cell above its answer."""
    nb = source_nb(aid)
    assert "Programmeren hoef je niet" in nb.cells[0].source, f"{aid}: 'Zo werk je' zegt niet hoeveel code er gevraagd wordt"
    seen = ""
    problems = []
    for cell in nb.cells:
        m = nb_meta(cell)
        if cell.cell_type != "code":
            continue
        if m.get("solution"):
            visible, _, rest = cell.source.partition("### BEGIN SOLUTION")
            solution = rest.partition("### END SOLUTION")[0]
            if "___" not in visible or "Invulregel" not in visible:
                problems.append(f"{m['grade_id']}: geen invulregel met ___ boven de uitwerking")
                continue
            # the lines after the two-line 'Invulregel' note are code once she removes the '# '
            lines = visible.splitlines()
            start = next(i for i, line in enumerate(lines) if line.startswith("# Invulregel")) + 2
            code = [line for line in lines[:start] if not line.startswith("#")]
            code += [line[2:] for line in lines[start:] if line.startswith("# ")]
            try:
                ast.parse("\n".join(code))
            except SyntaxError as fout:
                problems.append(f"{m['grade_id']}: de invulregel is zonder # geen geldige Python ({fout.msg})")
            for move, pattern in NEW_MOVES.items():
                if pattern.search(solution) and not pattern.search(seen):
                    problems.append(f"{m['grade_id']}: {move} zonder voorbeeldcel ervoor")
        elif m.get("locked") and not m.get("grade"):
            seen += cell.source + "\n"
    assert not problems, f"{aid}:\n" + "\n".join(problems)
