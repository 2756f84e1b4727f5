"""Project hygiene: clean notebooks, environment.yml in step with pyproject.toml, `python -m wijklab check`."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from conftest import COURSE_ROOT

PYPROJECT = COURSE_ROOT / "pyproject.toml"
ENVIRONMENT = COURSE_ROOT / "environment.yml"


# --- clean notebooks -------------------------------------------------------------------------


def project_notebooks() -> list[Path]:
    out = []
    for folder in ("notebooks", "exercises"):
        out += [p for p in (COURSE_ROOT / folder).glob("**/*.ipynb") if ".ipynb_checkpoints" not in p.parts]
    return sorted(out)


def staged_notebooks() -> list[tuple[str, str]]:
    """(path, content) of notebooks in the git index (what the next commit contains); empty without git."""
    try:
        files = subprocess.run(["git", "ls-files", "--", "notebooks", "exercises"], cwd=COURSE_ROOT,
                               capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return []
    out = []
    for f in files:
        if f.endswith(".ipynb"):
            blob = subprocess.run(["git", "show", f":{f}"], cwd=COURSE_ROOT, capture_output=True, text=True)
            if blob.returncode == 0:
                out.append((f, blob.stdout))
    return out


def dirt(nb: dict) -> list[str]:
    """What makes a notebook unclean: outputs, execution counts, saved widget state."""
    problems = []
    for i, cell in enumerate(nb.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"cel {i} heeft uitvoer")
        if cell.get("execution_count") is not None:
            problems.append(f"cel {i} heeft execution_count {cell['execution_count']}")
    if "widgets" in nb.get("metadata", {}):
        problems.append("metadata.widgets (opgeslagen widgetstatus)")
    return problems


def test_there_are_notebooks():
    assert project_notebooks(), "geen notebooks gevonden in notebooks/ of exercises/"


@pytest.mark.parametrize("path", project_notebooks(), ids=[str(p.relative_to(COURSE_ROOT)) for p in project_notebooks()])
def test_notebook_is_committed_clean(path):
    problems = dirt(json.loads(path.read_text(encoding="utf-8")))
    assert not problems, f"{path.relative_to(COURSE_ROOT)} is niet schoon: {'; '.join(problems)}. Wis de uitvoer (Edit → Clear Outputs of All Cells) en sla op."


def test_staged_notebooks_are_clean():
    staged = staged_notebooks()
    if not staged:
        pytest.skip("geen notebooks in de git-index")
    problems = {path: dirt(json.loads(text)) for path, text in staged}
    problems = {p: d for p, d in problems.items() if d}
    assert not problems, f"Notebooks in de git-index met uitvoer: {problems}"


def test_dirt_detects_outputs():
    nb = {"cells": [{"cell_type": "code", "execution_count": 3, "outputs": [{"output_type": "stream"}], "source": ""}],
          "metadata": {"widgets": {}}}
    assert len(dirt(nb)) == 3
    assert dirt({"cells": [{"cell_type": "code", "execution_count": None, "outputs": [], "source": ""}], "metadata": {}}) == []


# --- environment.yml in step with pyproject.toml ------------------------------------------------

#: PyPI name (canonical) → conda-forge name, for every runtime dependency. Add a line when you
#: add a dependency to pyproject.toml, and add the package to environment.yml.
CONDA_NAMES = {
    "jupyterlab": "jupyterlab",
    "ipywidgets": "ipywidgets",
    "pandas": "pandas",
    "plotly": "plotly",
    "pyyaml": "pyyaml",
    "pydantic": "pydantic",
    "jinja2": "jinja2",
    "mistune": "mistune",
    "anywidget": "anywidget",
}
#: conda packages in environment.yml that are not runtime dependencies of the package itself
CONDA_ONLY = {"python", "pip"}


def _conda_spec(dep: str) -> tuple[str, SpecifierSet]:
    """'pandas>=2.1' → ('pandas', >=2.1). Conda's single '=' (fuzzy pin) is not allowed here."""
    import re

    m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*", dep)
    if not m:
        raise ValueError(f"onleesbare conda-regel: {dep!r}")
    spec = m.group(2).replace(" ", "")
    if re.search(r"(?<![<>=!~])=(?!=)", spec):
        raise ValueError(f"{dep!r}: gebruik '>=' (een losse '=' is een conda-pin)")
    return m.group(1).lower(), SpecifierSet(spec)


def compare_environment(pyproject: dict, environment: dict) -> list[str]:
    """Differences between pyproject's runtime dependencies and environment.yml (empty = in step)."""
    problems = []
    project = pyproject["project"]
    wanted: dict[str, SpecifierSet] = {}
    wanted_from_repo: set[str] = set()
    for dep in project.get("dependencies", []):
        req = Requirement(dep)
        name = canonicalize_name(req.name)
        if req.url:  # a package in this repository (file:./taalpakket): pip installs it with '-e .', never conda
            if req.url.startswith("file:") and name in CONDA_NAMES.values():
                problems.append(f"'{req.name}' komt uit deze repository ({req.url}) en hoort niet in CONDA_NAMES")
            wanted_from_repo.add(name)
            continue
        if name not in CONDA_NAMES:
            problems.append(f"'{req.name}' staat in pyproject.toml maar niet in CONDA_NAMES (tests/test_project.py): "
                            "zoek de naam op conda-forge op en voeg hem toe")
        wanted[CONDA_NAMES.get(name, name)] = req.specifier
    wanted["python"] = SpecifierSet(project.get("requires-python", ""))

    if "conda-forge" not in (environment.get("channels") or []):
        problems.append("environment.yml: kanaal conda-forge ontbreekt")
    have: dict[str, SpecifierSet] = {}
    pip_part: list[str] = []
    for dep in environment.get("dependencies") or []:
        if isinstance(dep, dict) and "pip" in dep:
            pip_part += [str(x) for x in dep["pip"] or []]
            continue
        try:
            name, spec = _conda_spec(str(dep))
        except ValueError as e:
            problems.append(f"environment.yml: {e}")
            continue
        if name in have:
            problems.append(f"environment.yml: '{name}' staat er twee keer in")
        have[name] = spec

    for name, spec in sorted(wanted.items()):
        if name not in have:
            problems.append(f"'{name}{spec}' staat in pyproject.toml maar niet in environment.yml")
        elif have[name] != spec:
            problems.append(f"'{name}': ondergrens verschilt: pyproject '{spec}', environment.yml '{have[name]}'")
    for name in sorted(set(have) & wanted_from_repo):
        problems.append(f"'{name}' komt uit deze repository (pyproject.toml); haal hem uit het conda-deel van environment.yml, "
                        "anders staan er twee pakketten met dezelfde naam naast elkaar")
    for name in sorted(set(have) - set(wanted) - CONDA_ONLY - wanted_from_repo):
        problems.append(f"'{name}' staat in environment.yml maar niet in pyproject.toml [project].dependencies")
    if "pip" not in have and pip_part:
        problems.append("environment.yml: 'pip' ontbreekt als conda-pakket (nodig voor de pip-sectie)")
    if not any(x.replace(" ", "") in ("-e.", ".", "-e./", "./") for x in pip_part):
        problems.append("environment.yml: de pip-sectie installeert het pakket niet ('-e .')")
    return problems


def _load_both() -> tuple[dict, dict]:
    assert ENVIRONMENT.exists(), "environment.yml ontbreekt"
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8")), yaml.safe_load(ENVIRONMENT.read_text(encoding="utf-8"))


def test_environment_matches_pyproject():
    pyproject, environment = _load_both()
    problems = compare_environment(pyproject, environment)
    assert not problems, "environment.yml en pyproject.toml lopen uit de pas:\n  " + "\n  ".join(problems)


def _deps(env: dict) -> list:
    return env["dependencies"]


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda py, env: py["project"]["dependencies"].append("numpy>=1.26"), "niet in environment.yml"),
        (lambda py, env: py["project"]["dependencies"].append("pyarrow>=15"), "CONDA_NAMES"),
        (lambda py, env: _deps(env).insert(0, "requests>=2"), "requests"),
        (lambda py, env: _deps(env).__setitem__(_deps(env).index("pandas>=2.1"), "pandas>=2.2"), "pandas"),
        (lambda py, env: _deps(env).remove("plotly>=5.20"), "plotly"),
        (lambda py, env: py["project"].__setitem__("requires-python", ">=3.11"), "python"),
        (lambda py, env: _deps(env).__setitem__(_deps(env).index("pandas>=2.1"), "pandas=2.1"), "pandas"),
        (lambda py, env: _deps(env).pop(), "pip-sectie"),
    ],
    ids=["dep_only_in_pyproject", "unmapped_dep", "dep_only_in_env", "bound_differs", "dep_missing_in_env",
         "python_bound", "conda_pin", "no_pip_install"],
)
def test_environment_guard_catches_drift(change, expected, monkeypatch):
    monkeypatch.setitem(CONDA_NAMES, "numpy", "numpy")  # a mapped dependency that is in neither file
    pyproject, environment = _load_both()
    if "pandas>=2.1" not in _deps(environment) or "plotly>=5.20" not in _deps(environment):
        pytest.skip("dit controletestje gaat uit van pandas>=2.1 en plotly>=5.20 in environment.yml")
    py, env = copy.deepcopy(pyproject), copy.deepcopy(environment)
    change(py, env)
    problems = compare_environment(py, env)
    assert any(expected in p for p in problems), problems


# --- python -m wijklab check -------------------------------------------------------------------


def _run_check(course: Path, werkmap: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "WIJKLAB_CURSUS": str(course), "WIJKLAB_WERKMAP": str(werkmap)}
    return subprocess.run([sys.executable, "-m", "wijklab", "check"], cwd=course, env=env,
                          capture_output=True, text=True, timeout=120)


def _needs_cli():
    """The command line is part of the course: missing, it is a failure, never a skip."""
    assert (COURSE_ROOT / "src" / "wijklab" / "__main__.py").exists(), "src/wijklab/__main__.py ontbreekt: 'python -m wijklab' werkt niet"


def test_check_passes_on_course(werkmap):
    _needs_cli()
    res = _run_check(COURSE_ROOT, werkmap)
    assert res.returncode == 0, f"python -m wijklab check faalt op de cursus:\n{res.stdout}\n{res.stderr}"
    assert "Traceback" not in res.stdout + res.stderr


@pytest.fixture
def course_copy(tmp_path) -> Path:
    """A copy of the course content (notebooks, banks, docs, data) in a temporary folder."""
    dest = tmp_path / "cursus"
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for folder in ("notebooks", "docs", "data"):
        if (COURSE_ROOT / folder).exists():
            shutil.copytree(COURSE_ROOT / folder, dest / folder, ignore=ignore)
    (dest / "notebooks" / "vragen").mkdir(parents=True, exist_ok=True)
    return dest


def _break_bank(course: Path) -> tuple[Path, str]:
    """Remove 'uitleg' from the first question of the first bank (or write a small broken bank)."""
    banks = sorted((course / "notebooks" / "vragen").glob("*.yaml"))
    for path in banks:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("vragen"):
            q = data["vragen"][0]
            q.pop("uitleg", None)
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            return path, q["id"]
    path = course / "notebooks" / "vragen" / "01_toets.yaml"
    path.write_text(
        "notebook: 01_toets\ntitel: Toets\nvragen:\n  - id: 01-kapot\n    type: enkelvoudig\n    bloom: onthouden\n"
        "    vraag: Welk jaar?\n    opties:\n      - tekst: '2007'\n        juist: true\n        feedback: Goed.\n"
        "      - tekst: '2012'\n        feedback: Nee.\n",
        encoding="utf-8",
    )
    return path, "01-kapot"


def test_check_fails_in_dutch_on_broken_bank(course_copy, werkmap):
    _needs_cli()
    path, qid = _break_bank(course_copy)
    res = _run_check(course_copy, werkmap)
    out = res.stdout + res.stderr
    assert res.returncode != 0, f"check zegt dat alles goed is, maar {path.name} is kapot:\n{out}"
    for frag in (path.name, qid, "uitleg", "ontbreekt"):
        assert frag in out, f"'{frag}' ontbreekt in de melding:\n{out}"
    assert "Traceback" not in out


def test_check_fails_on_unknown_source(course_copy, werkmap):
    _needs_cli()
    path = course_copy / "notebooks" / "vragen" / "01_toets.yaml"
    path.write_text(
        "notebook: 01_toets\ntitel: Toets\nreflecties:\n  - id: 01-bron\n    bloom: evalueren\n"
        "    vraag: Wat vind je?\n    bronnen: [bestaat_niet_2099]\n",
        encoding="utf-8",
    )
    res = _run_check(course_copy, werkmap)
    out = res.stdout + res.stderr
    assert res.returncode != 0, out
    assert "bestaat_niet_2099" in out and "01-bron" in out, out
    assert "Traceback" not in out


def test_check_fails_on_broken_bibliography(course_copy, werkmap):
    _needs_cli()
    bib = course_copy / "docs" / "bibliografie.yaml"
    bib.write_text(bib.read_text(encoding="utf-8") + "\nkapotte_bron:\n  auteur: Iemand\n  titel: Zonder jaar\n  soort: boek\n",
                   encoding="utf-8")
    res = _run_check(course_copy, werkmap)
    out = res.stdout + res.stderr
    assert res.returncode != 0, out
    assert "kapotte_bron" in out and "jaar" in out, out
    assert "Traceback" not in out


def _bank_met_sleutel(course: Path, sleutel: str) -> None:
    (course / "notebooks" / "vragen" / "98_toets.yaml").write_text(
        "notebook: 98_toets\ntitel: Toets\nvragen:\n  - id: 98-lengte\n    type: enkelvoudig\n    bloom: begrijpen\n"
        "    vraag: Waarom?\n    uitleg: Daarom.\n    opties:\n"
        f"      - tekst: '{sleutel}'\n        juist: true\n        feedback: Goed.\n"
        "      - tekst: 'Omdat het moet van de wet'\n        feedback: Nee.\n"
        "      - tekst: 'Omdat het goedkoper is'\n        feedback: Nee.\n",
        encoding="utf-8",
    )


def test_check_warns_but_passes_when_a_key_gives_itself_away_by_length(course_copy, werkmap):
    """Issue 23: a single-choice key far longer than its distractors is recognised without knowing anything."""
    _needs_cli()
    _bank_met_sleutel(course_copy, "Omdat de gemeente, de corporaties en de zorgpartijen samen afspraken maken over "
                                   "wie waar komt wonen, en dat per wijk bijhouden")
    res = _run_check(course_copy, werkmap)
    out = res.stdout + res.stderr
    assert res.returncode == 0, out
    regel = next((r for r in res.stdout.splitlines() if "98-lengte" in r), "")
    assert "Let op in 98_toets.yaml" in regel and "1,8 keer" in regel and "tekens" in regel, out
    assert "Traceback" not in out


def test_check_is_quiet_about_keys_of_a_fair_length(course_copy, werkmap):
    _needs_cli()
    _bank_met_sleutel(course_copy, "Omdat de buurt het zelf vroeg")
    res = _run_check(course_copy, werkmap)
    assert res.returncode == 0 and "98-lengte" not in res.stdout + res.stderr, res.stdout + res.stderr


# --- how cursus.py starts JupyterLab -----------------------------------------------------------


def _lab_opdracht(monkeypatch, docent: bool = False, map_: Path = COURSE_ROOT) -> tuple[list[str], dict, Path]:
    """The command, environment and folder `python3 cursus.py` (or `cursus.py docent`) starts JupyterLab with."""
    sys.path.insert(0, str(COURSE_ROOT))
    try:
        import cursus
    finally:
        sys.path.remove(str(COURSE_ROOT))
    gezien = {}

    def call(opdracht, env=None, **_):
        gezien["opdracht"], gezien["env"] = opdracht, env
        return 0

    monkeypatch.setattr(cursus, "MAP", map_)
    monkeypatch.setattr(cursus, "omgeving", lambda extra: gezien.setdefault("extra", extra))
    monkeypatch.setattr(cursus.subprocess, "call", call)
    monkeypatch.setattr(cursus.os, "chdir", lambda pad: gezien.setdefault("map", Path(pad)))
    with pytest.raises(SystemExit):
        cursus.lab(docent=docent) if docent else cursus.lab()
    return gezien["opdracht"], gezien["env"], gezien["map"]


def test_lab_makes_the_course_folder_jupyterlabs_root_and_opens_00_start(monkeypatch):
    """`jupyter lab notebooks/00_start.ipynb` made notebooks/ the root: ../docs links went nowhere."""
    opdracht, _, map_ = _lab_opdracht(monkeypatch)
    assert opdracht[1:4] == ["-m", "jupyter", "lab"] and map_ == COURSE_ROOT
    assert f"--ServerApp.root_dir={COURSE_ROOT}" in opdracht
    start = [a for a in opdracht[4:] if not a.startswith("--")]
    assert start == [str(COURSE_ROOT / "notebooks" / "00_start.ipynb")]
    # JupyterLab's own state stays in the course folder, git-ignored
    staat = COURSE_ROOT / "jupyter" / "lab"
    assert f"--LabApp.workspaces_dir={staat / 'workspaces'}" in opdracht
    assert f"--LabApp.user_settings_dir={staat / 'user-settings'}" in opdracht
    # and what Jupyter and the kernel write for themselves too (runtime files, trust database, history)
    _, env, _ = _lab_opdracht(monkeypatch)
    lokaal = COURSE_ROOT / "jupyter" / "lokaal"
    for naam in ("JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR"):
        assert Path(env[naam]).parent == lokaal, naam
    if (COURSE_ROOT / ".git").exists():
        for pad in (staat / "workspaces" / "x.jupyterlab-workspace", staat / "user-settings" / "x.json",
                    lokaal / "runtime" / "jpserver-1.json"):
            assert subprocess.run(["git", "check-ignore", "-q", str(pad)], cwd=COURSE_ROOT).returncode == 0, pad


def test_lab_for_the_teacher_opens_the_assignments_with_nbgrader_on_and_its_own_workspace(monkeypatch, tmp_path):
    (tmp_path / "opdrachten_docent").mkdir()
    (tmp_path / "opdrachten_docent" / "nbgrader_config.py").write_text("c = get_config()\n", encoding="utf-8")
    opdracht, env, map_ = _lab_opdracht(monkeypatch, docent=True, map_=tmp_path)
    assert map_ == tmp_path / "opdrachten_docent" and f"--ServerApp.root_dir={map_}" in opdracht
    eerst = env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[:2]
    assert eerst == [str(COURSE_ROOT / "jupyter" / "docent"), str(COURSE_ROOT / "jupyter")]
    pagina = json.loads((COURSE_ROOT / "jupyter" / "docent" / "labconfig" / "page_config.json").read_text(encoding="utf-8"))
    assert pagina["disabledExtensions"]["@jupyter/nbgrader"] is False
    assert f"--LabApp.workspaces_dir={tmp_path / 'jupyter' / 'lab' / 'workspaces-docent'}" in opdracht
    # the student's settings switch nbgrader off
    student = json.loads((COURSE_ROOT / "jupyter" / "lab" / "settings" / "page_config.json").read_text(encoding="utf-8"))
    assert "@jupyter/nbgrader" in student["disabledExtensions"]


def test_lab_for_the_teacher_without_assignments_says_in_dutch_what_to_do(monkeypatch, tmp_path, capsys):
    with pytest.raises(KeyError):  # stopped before JupyterLab started
        _lab_opdracht(monkeypatch, docent=True, map_=tmp_path)
    assert "python3 cursus.py opdrachten" in capsys.readouterr().err
