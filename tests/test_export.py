"""The student's portfolio export: content, printability, safety, failure modes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile import (
    CORPUS,
    LOS_SURROGAAT,
    VIJANDIGE_NAAM,
    controleer_veilig,
    lees_html,
    maak_cursus,
    verwacht_in_html,
    wissel_student,
)
from wijklab.werk import export
from wijklab.werk.export import Portfolio, exporteer, main_export
from wijklab.werk.store import opslagbaar


@pytest.fixture
def testcursus(tmp_path, monkeypatch):
    return maak_cursus(tmp_path / "cursus", monkeypatch)


@pytest.fixture
def store(testcursus):
    from wijklab.werk.store import huidige_store

    return huidige_store()


def _lees(uitkomst):
    assert uitkomst.gelukt, uitkomst.melding
    html = uitkomst.html.read_text(encoding="utf-8")
    data = json.loads(uitkomst.json.read_text(encoding="utf-8"))
    return html, data


def _reflecties_in_html(html: str) -> list[str]:
    """The texts of the .tekst blocks, as a browser would show them."""
    blokken = re.findall(r'<div class="tekst" dir="auto">(.*?)</div>', html, flags=re.S)
    return [lees_html(b).tekst for b in blokken]


# --- content ---------------------------------------------------------------------------------


def test_empty_store_gives_a_nothing_done_page(store):
    uitkomst = exporteer()
    html, data = _lees(uitkomst)
    pagina = controleer_veilig(html)
    assert "Je hebt nog niets gedaan" in pagina.tekst
    assert "anoniem" in pagina.h1
    assert pagina.tekst.count("nog niet gemaakt") == 3  # every question in the course is listed
    assert data["totaal"] == dict(vragen=3, gemaakt=0, eerste_keer_goed=0, ooit_goed=0, reflecties=2, geschreven=0, woorden=0)
    assert uitkomst.html.parent == Path(store.pad).parent / "export"
    assert re.fullmatch(r"portfolio_anoniem_[0-9a-z-]{1,6}_\d{4}-\d{2}-\d{2}\.html", uitkomst.html.name)
    Portfolio.model_validate(data)


def test_portfolio_holds_results_reflections_and_dates(store):
    store.bewaar_instelling("naam", "Sanne de Vries")
    store.bewaar_poging("01-jaartal", {"optie": "nee"}, False, 0.0)
    store.bewaar_poging("01-jaartal", {"optie": "ja"}, True, 1.0)
    store.bewaar_poging("02-volgorde", {"volgorde": ["eerste", "tweede", "derde"]}, True, 1.0)
    store.bewaar_concept("01-eigen-buurt", "eerste versie")
    store.bewaar_concept("01-eigen-buurt", "Mijn buurt heeft een plein.\nEn een bibliotheek.")

    html, data = _lees(exporteer())
    pagina = controleer_veilig(html)

    assert data["schema"] == "wijklab-portfolio" and data["versie"] == 2
    assert data["student"]["naam"] == "Sanne de Vries" and data["student"]["id"]
    assert [n["notebook"] for n in data["notebooks"]] == ["01", "02"]
    assert [n["titel"] for n in data["notebooks"]] == ["De gemengde wijk", "De breuk"]
    jaartal = data["notebooks"][0]["vragen"][0]
    assert jaartal["id"] == "01-jaartal" and jaartal["vraag"] == "Een fictieve vraag voor de test?"
    assert (jaartal["pogingen"], jaartal["eerste_juist"], jaartal["ooit_juist"], jaartal["beste_score"]) == (2, False, True, 1.0)
    assert jaartal["laatste_poging"] >= jaartal["eerste_poging"]
    buurt = data["notebooks"][0]["reflecties"][0]
    assert buurt["tekst"] == "Mijn buurt heeft een plein.\nEn een bibliotheek."
    assert (buurt["woorden"], buurt["versies"], buurt["min_woorden"]) == (8, 2, 50)
    assert data["notebooks"][0]["totaal"]["eerste_keer_goed"] == 0
    assert data["notebooks"][1]["totaal"]["eerste_keer_goed"] == 1
    assert data["totaal"]["gemaakt"] == 2 and data["totaal"]["geschreven"] == 1

    # only the latest draft is the answer; line breaks survive
    assert _reflecties_in_html(html) == ["Mijn buurt heeft een plein.\nEn een bibliotheek."]
    assert "eerste versie" not in html and "eerste versie" not in json.dumps(data)
    assert "Sanne de Vries" in pagina.title and "Sanne de Vries" in pagina.h1
    assert "Je hebt nog niets gedaan" not in pagina.tekst
    assert pagina.tekst.index("De gemengde wijk") < pagina.tekst.index("De breuk")
    assert "8 woorden (richtlengte 50)" in pagina.tekst
    assert "Nog niet geschreven." in pagina.tekst  # 02-inclusief
    assert "portfolio_sanne-de-vries_" in export.exporteer().html.name


def test_html_is_self_contained_printable_and_accessible(store):
    store.bewaar_concept("02-inclusief", "tekst")
    html, _ = _lees(exporteer())
    pagina = controleer_veilig(html)  # no scripts, no external links, images or CSS
    assert pagina.html_lang == "nl"
    assert sum(tag == "h1" for tag, _ in pagina.tags) == 1
    assert pagina.title.strip()
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", pagina.style)
    assert re.search(r"@media print\s*\{[^@]*\.notebook\s*\{\s*break-before:\s*page", pagina.style)
    assert "http" not in html.replace("http://www.w3.org", "")  # nothing to fetch
    assert sum(tag == "section" and ("class", "notebook") in attrs for tag, attrs in pagina.tags) == 2


def test_work_on_questions_no_longer_in_the_bank_is_kept(store):
    store.bewaar_poging("01-verdwenen", "x", True, 1.0)
    store.bewaar_concept("07-oud", "oude reflectie")
    html, data = _lees(exporteer())
    nb01 = data["notebooks"][0]
    assert nb01["vragen"][-1]["id"] == "01-verdwenen" and nb01["vragen"][-1]["in_bank"] is False
    assert data["notebooks"][-1]["notebook"] == "07"
    assert data["notebooks"][-1]["reflecties"][0]["tekst"] == "oude reflectie"
    assert "staat niet meer in de cursus" in lees_html(html).tekst


def test_broken_bank_still_exports_with_a_note(testcursus, store):
    from wijklab.inhoud import bank

    (testcursus / "notebooks" / "vragen" / "02_de_breuk.yaml").write_text("notebook: [kapot", encoding="utf-8")
    bank.alle_banken.cache_clear()
    store.bewaar_concept("01-eigen-buurt", "blijft bewaard")
    html, data = _lees(exporteer())
    assert "vragenbank van de cursus kon niet worden gelezen, daarom ontbreken bij notebook 02" in data["opmerkingen"][0]
    assert "blijft bewaard" in _reflecties_in_html(html)
    # only notebook 02 lost its texts: notebook 01's questions are still there
    assert any(v["vraag"] for nb in data["notebooks"] if nb["notebook"] == "01" for v in nb["vragen"])


# --- failure modes -----------------------------------------------------------------------------


def test_unwritable_export_folder_gives_a_dutch_message(tmp_path, store, capsys):
    bestand = tmp_path / "gewoon_bestand.txt"
    bestand.write_text("x")
    uitkomst = exporteer(bestand / "export")  # parent is a regular file: unwritable even as root
    assert not uitkomst.gelukt and uitkomst.html is None
    assert "kon niet worden opgeslagen" in uitkomst.melding and "Kies een andere map" in uitkomst.melding
    assert "Export mislukt" in uitkomst._repr_html_() and "Traceback" not in str(uitkomst)

    assert main_export(["--naar", str(bestand / "export")]) == 1
    uit = capsys.readouterr()
    assert "Export mislukt" in uit.out and "Traceback" not in uit.out + uit.err


def test_store_reading_problem_is_reported_not_hidden(tmp_path, testcursus, monkeypatch):
    (tmp_path / "bestand").write_text("geen map")
    wissel_student(tmp_path / "bestand" / "werk", monkeypatch)  # the work folder cannot even be made
    uitkomst = exporteer(tmp_path / "uit")
    _, data = _lees(uitkomst)
    assert any("kon niet (helemaal) worden gelezen" in o for o in data["opmerkingen"])
    assert "Let op" in str(uitkomst)


def test_no_half_written_files_are_left(store, tmp_path):
    uitkomst = exporteer(tmp_path / "uit")
    assert sorted(p.name for p in (tmp_path / "uit").iterdir()) == sorted([uitkomst.html.name, uitkomst.json.name])


# --- notebook and command line -------------------------------------------------------------------


def test_notebook_message_links_to_both_files(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store.bewaar_concept("01-eigen-buurt", "iets geschreven")
    uitkomst = exporteer(tmp_path / "mijn map" / "export")
    bericht = uitkomst._repr_html_()
    links = [a for t, a in lees_html(bericht).tags if t == "a"]
    assert [dict(a)["href"] for a in links] == [
        f"mijn%20map/export/{uitkomst.html.name}",
        f"mijn%20map/export/{uitkomst.json.name}",
    ]
    assert "Je portfolio is klaar" in bericht and len(bericht) < 1000


def test_exporteer_in_a_real_kernel(testcursus, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    import os

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import wijklab as wl\nwl.store.huidige_store().bewaar_concept('01-eigen-buurt', '<b>hoi</b>')"),
        nbformat.v4.new_code_cell("wl.exporteer()"),
    ]
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(tmp_path)}})
    client.execute(env=dict(os.environ))
    uitvoer = nb.cells[1].outputs
    assert [o["output_type"] for o in uitvoer] == ["execute_result"]
    assert "Je portfolio is klaar" in uitvoer[0]["data"]["text/html"]
    bestanden = sorted((Path(os.environ["WIJKLAB_WERKMAP"]) / "export").iterdir())
    assert [p.suffix for p in bestanden] == [".html", ".json"]
    assert "&lt;b&gt;hoi&lt;/b&gt;" in bestanden[0].read_text(encoding="utf-8")


def test_command_line_export(store, tmp_path):
    store.bewaar_concept("01-eigen-buurt", "iets geschreven")
    proces = subprocess.run(
        [sys.executable, "-m", "wijklab", "export", "--naar", str(tmp_path / "cli")],
        capture_output=True, text=True, timeout=120,
    )
    assert proces.returncode == 0, proces.stdout + proces.stderr
    assert "Je portfolio is klaar" in proces.stdout
    assert len(list((tmp_path / "cli").glob("portfolio_anoniem_*.json"))) == 1


def test_main_export_writes_files(store, tmp_path, capsys):
    store.bewaar_poging("01-jaartal", "ja", True, 1.0)
    assert main_export(["--naar", str(tmp_path / "a")]) == 0
    assert "Je portfolio is klaar" in capsys.readouterr().out
    assert len(list((tmp_path / "a").glob("*.html"))) == 1


# --- schema ------------------------------------------------------------------------------------


def test_schema_file_matches_the_model():
    opgeslagen = json.loads(export.SCHEMA_BESTAND.read_text(encoding="utf-8"))
    assert opgeslagen == export.json_schema(), "run: python -c 'import json,wijklab.werk.export as e; ...' to regenerate (see export.json_schema)"


def test_export_validates_against_the_json_schema(store):
    jsonschema = pytest.importorskip("jsonschema")
    store.bewaar_instelling("naam", VIJANDIGE_NAAM)
    store.bewaar_poging("01-schatting", {"schatting": 31}, True, 1.0)
    store.bewaar_concept("01-eigen-buurt", CORPUS["emoji"])
    _, data = _lees(exporteer())
    schema = json.loads(export.SCHEMA_BESTAND.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate({**data, "versie": 3})


# --- hostile text --------------------------------------------------------------------------------


def test_hostile_corpus_through_the_portfolio(store):
    store.bewaar_instelling("naam", VIJANDIGE_NAAM)
    # one reflection per text: use the prompts of the course and a few that are not in it
    ids = []
    for i, (naam, tekst) in enumerate(CORPUS.items()):
        id = f"01-vijandig-{i:02d}"
        store.bewaar_concept(id, tekst)
        ids.append(id)

    uitkomst = exporteer()
    html, data = _lees(uitkomst)
    pagina = controleer_veilig(html)
    assert sum(tag == "h1" for tag, _ in pagina.tags) == 1
    assert verwacht_in_html(VIJANDIGE_NAAM) in pagina.h1 and verwacht_in_html(VIJANDIGE_NAAM) in pagina.title
    getoond = _reflecties_in_html(html)
    for tekst in CORPUS.values():
        assert verwacht_in_html(tekst) in getoond
    zonder_tijden = re.sub(r"\d{1,2}:\d{2}", "", pagina.tekst)  # the footer's clock may read 05:49
    assert "{{ 7*7 }}" in pagina.tekst and "49" not in zonder_tijden
    # NUL and other control characters are replaced in the page, and the page says so
    assert "\ufffd" in pagina.tekst and "in het JSON-bestand staat je tekst precies" in pagina.tekst
    assert uitkomst.html.name.startswith("portfolio_script-alert-naam-script-ijsbrand-7-7_")

    # the JSON keeps every text exactly, NUL included
    teksten = {r["id"]: r["tekst"] for n in data["notebooks"] for r in n["reflecties"]}
    assert [teksten[id] for id in ids] == list(CORPUS.values())
    assert data["student"]["naam"] == VIJANDIGE_NAAM.strip()


def test_lone_surrogate_in_a_portfolio_is_shown_replaced_and_kept_in_json(store, tmp_path):
    """The store cannot hold one (see below), but an export must survive it anyway."""
    leeg = export.verzamel(store)
    nb = leeg.notebooks[0]
    reflectie = nb.reflecties[0].model_copy(update={"tekst": LOS_SURROGAAT, "woorden": 5, "versies": 1})
    portfolio = leeg.model_copy(update={"notebooks": [nb.model_copy(update={"reflecties": [reflectie]})]})
    html = export.naar_html(portfolio)
    html.encode("utf-8")  # writable as UTF-8
    assert verwacht_in_html(LOS_SURROGAAT) in _reflecties_in_html(html)
    tekst = export.naar_json(portfolio)
    (tmp_path / "p.json").write_text(tekst, encoding="utf-8")
    terug = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert terug["notebooks"][0]["reflecties"][0]["tekst"] == LOS_SURROGAAT


def test_lone_surrogate_does_not_block_later_saves(store):
    try:
        store.bewaar_concept("01-eigen-buurt", LOS_SURROGAAT)
    except Exception:
        pass
    opslag = store.bewaar_concept("02-inclusief", "dit moet gewoon bewaard worden")
    assert opslag.gelukt
    assert store.laatste_concept("02-inclusief").tekst == "dit moet gewoon bewaard worden"


# any character, with the ones that matter for HTML and JSON made frequent
_TEKENS = st.one_of(st.characters(), st.sampled_from(list("<>&\"'=/;#{}%\\ \n\x00\u202e")), st.sampled_from(["<script>", "&amp;", "{{", "</div>"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tekst=st.lists(_TEKENS, max_size=60).map("".join), naam=st.text(_TEKENS.filter(lambda t: len(t) == 1) | st.characters(), max_size=40))
def test_any_text_is_escaped_and_round_trips(tmp_path_factory, testcursus, monkeypatch, tekst, naam):
    from wijklab.docent.klas import klasoverzicht

    werk = tmp_path_factory.mktemp("student")
    store = wissel_student(werk, monkeypatch)
    store.bewaar_instelling("naam", naam)
    store.bewaar_concept("01-eigen-buurt", tekst)
    uitkomst = exporteer(werk / "export")
    html, data = _lees(uitkomst)
    pagina = controleer_veilig(html)
    getoond = _reflecties_in_html(html)
    if tekst.strip():
        assert getoond == [verwacht_in_html(tekst)]
    else:
        assert getoond == []
    assert verwacht_in_html(naam.strip() or "anoniem") in pagina.h1
    # the store keeps every text exactly, except a lone surrogate (half an emoji), which becomes U+FFFD
    assert data["notebooks"][0]["reflecties"][0]["tekst"] == opslagbaar(tekst)
    assert data["student"]["naam"] == opslagbaar(naam).strip()

    overzicht = klasoverzicht(werk / "export", werk / "klas.html")
    assert overzicht.gelukt and overzicht.overgeslagen == []
    klas_html = (werk / "klas.html").read_text(encoding="utf-8")
    controleer_veilig(klas_html)
    if tekst.strip():
        assert verwacht_in_html(tekst) in _reflecties_in_html(klas_html)


def test_two_students_with_the_same_name_get_different_file_names(testcursus, tmp_path):
    """A teacher collects exports into one folder: same name, same day must not overwrite."""
    from wijklab.werk.store import Store

    namen = set()
    for student in ("a", "b"):
        s = Store(tmp_path / student / "wijklab.sqlite")
        s.bewaar_instelling("naam", "Sanne de Vries")
        uitkomst = export.exporteer(tmp_path / "inleveren", store=s)
        assert uitkomst.gelukt
        namen.add(uitkomst.json.name)
    assert len(namen) == 2
    assert len(list((tmp_path / "inleveren").glob("*.json"))) == 2


def test_word_counts_and_written_agree_with_what_the_student_saw(store):
    """Portfolio, progress and the reflection widget count words the same way."""
    from wijklab.leerling import voortgang as progress
    from wijklab.werk.store import tel_woorden

    store.bewaar_concept("01-eigen-buurt", "Ik woon in 's-Hertogenbosch, vlak bij de Vogelaarwijk.")
    store.bewaar_concept("02-inclusief", " ... ?! ")  # punctuation only: nothing written yet
    data = json.loads(export.naar_json(export.verzamel(store)))
    reflecties = {r["id"]: r for nb in data["notebooks"] for r in nb["reflecties"]}
    assert reflecties["01-eigen-buurt"]["woorden"] == tel_woorden("Ik woon in 's-Hertogenbosch, vlak bij de Vogelaarwijk.") == 8
    assert reflecties["02-inclusief"]["woorden"] == 0
    assert data["totaal"]["geschreven"] == 1
    assert sum(s.geschreven for s in progress.stand(store)) == 1


# --- what she hands in is hers only ------------------------------------------------------------------


def test_export_holds_no_paths_user_or_host_names(tmp_path, testcursus, monkeypatch):
    import socket

    thuis = tmp_path / "ThuisVanQuirina"
    thuis.mkdir()
    monkeypatch.setenv("HOME", str(thuis))
    for var in ("USER", "LOGNAME"):
        monkeypatch.setenv(var, "quirinagebruiker")
    geheim = tmp_path / "GeheimeMapXyz"
    geheim.mkdir()
    (geheim / "bestand").write_text("x")
    store = wissel_student(geheim / "bestand" / "werk", monkeypatch)  # every read of the store fails
    store.bewaar_concept("01-eigen-buurt", "wat ik schreef")
    uitkomst = exporteer(tmp_path / "uit")
    html, data = _lees(uitkomst)
    assert data["opmerkingen"], "the read failure must be reported"
    assert data["notebooks"][0]["reflecties"][0]["tekst"] == "wat ik schreef"
    verboden = ["GeheimeMapXyz", "ThuisVanQuirina", "quirinagebruiker", str(tmp_path), "/tmp/"]
    if len(socket.gethostname()) >= 4:
        verboden.append(socket.gethostname())
    for tekst in (html, uitkomst.json.read_text(encoding="utf-8"), *data["opmerkingen"]):
        for woord in verboden:
            assert woord not in tekst, woord


def test_read_failure_a_widget_saw_is_still_in_the_export(testcursus, tmp_path):
    from test_store import houd_vast
    from wijklab.leerling import reflectie as reflection
    from wijklab.inhoud.bank import zoek
    from wijklab.werk.store import huidige_store

    store = huidige_store()
    store.bewaar_concept("01-eigen-buurt", "mijn eerdere tekst")
    with houd_vast(store.pad):
        reflection.ReflectieWidget(zoek("01-eigen-buurt")[1], store)  # cannot read the draft: locked
    _, data = _lees(exporteer(tmp_path / "uit"))  # the lock is gone: this read works
    assert any("Eerder in deze sessie" in o and "bezet" in o for o in data["opmerkingen"]), data["opmerkingen"]
    assert data["notebooks"][0]["reflecties"][0]["tekst"] == "mijn eerdere tekst"


# --- the command line finds the notebooks' store, or says it found none ---------------------------


def _cli(*args, cwd, env=None):
    return subprocess.run(
        [sys.executable, "-m", "wijklab", "export", *args], capture_output=True, text=True, timeout=120, cwd=cwd,
        env=env if env is not None else dict(os.environ),
    )


def test_command_line_without_a_store_says_so_and_fails(testcursus, tmp_path, monkeypatch):
    monkeypatch.setenv("WIJKLAB_WERKMAP", str(tmp_path / "nog_niets"))
    proces = _cli(cwd=tmp_path)
    assert proces.returncode == 1
    assert "geen opgeslagen werk gevonden" in proces.stderr and "klaar" not in proces.stdout + proces.stderr
    assert "Traceback" not in proces.stderr
    assert not (tmp_path / "nog_niets").exists()  # nothing made, certainly no empty portfolio


def test_command_line_without_a_course_says_so_and_fails(tmp_path):
    import shutil

    import wijklab

    # a plain (not editable) install: the package does not sit inside a course folder
    shutil.copytree(Path(wijklab.__file__).parent, tmp_path / "pakket" / "wijklab")
    elders = tmp_path / "ergens"
    elders.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKLAB_")}
    env["PYTHONPATH"] = str(tmp_path / "pakket")
    proces = _cli(cwd=elders, env=env)
    assert proces.returncode == 1, proces.stdout
    assert "geen cursusmap gevonden" in proces.stderr and "WIJKLAB_CURSUS" in proces.stderr
    assert "klaar" not in proces.stdout and not (elders / "mijn_werk").exists()


def test_command_line_from_another_folder_finds_the_notebooks_store(testcursus, tmp_path, monkeypatch):
    from wijklab.werk.store import huidige_store

    monkeypatch.delenv("WIJKLAB_WERKMAP")
    huidige_store().bewaar_concept("01-eigen-buurt", "in het notebook geschreven")  # as a notebook would
    elders = tmp_path / "ergens" / "anders"
    elders.mkdir(parents=True)
    proces = _cli(cwd=elders)
    assert proces.returncode == 0, proces.stdout + proces.stderr
    assert "Je portfolio is klaar" in proces.stdout
    (json_bestand,) = (testcursus / "mijn_werk" / "export").glob("*.json")
    assert "in het notebook geschreven" in json_bestand.read_text(encoding="utf-8")


def test_command_line_does_not_call_an_empty_portfolio_done(store, tmp_path):
    store.bewaar_instelling("naam", "Sanne")  # a store, but no answers and no reflections
    proces = _cli("--naar", str(tmp_path / "uit"), cwd=tmp_path)
    assert proces.returncode == 1
    assert "klaar" not in proces.stdout and "nog geen werk" in proces.stdout


def _voor_iedereen(pad: Path) -> bool:
    """Can any user reach and run ``pad`` (every folder above it searchable by others)?"""
    pad = Path(os.path.realpath(pad))
    return all(os.stat(m).st_mode & 0o001 for m in pad.parents) and bool(os.stat(pad).st_mode & 0o005)


def _python_voor_anderen() -> tuple[str, dict] | None:
    """A Python that another Unix user can run with this venv's packages and this wijklab, or None."""
    import site
    import sysconfig

    import wijklab

    bron = str(Path(wijklab.__file__).resolve().parents[1])
    paden = os.pathsep.join([bron, *site.getsitepackages()])
    if _voor_iedereen(Path(sys.executable)) and all(_voor_iedereen(Path(p)) for p in paden.split(os.pathsep)):
        return sys.executable, {"PYTHONPATH": bron}
    versie = sysconfig.get_python_version()
    systeem = Path(f"/usr/bin/python{versie}")  # the same minor version can load the venv's packages
    if systeem.exists() and _voor_iedereen(systeem) and all(_voor_iedereen(Path(p)) for p in paden.split(os.pathsep)):
        return str(systeem), {"PYTHONPATH": paden}
    return None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="andere Unix-gebruikers nabootsen kan alleen als root")
def test_two_unix_users_on_a_shared_course_never_see_each_others_work():
    python = _python_voor_anderen()
    if python is None:
        pytest.skip("geen Python die een andere gebruiker mag uitvoeren")
    import shutil
    import tempfile

    from hostile import BANK_01, BANK_02

    basis = Path(tempfile.mkdtemp(prefix="wijklab-hub-", dir="/tmp"))
    os.chmod(basis, 0o755)
    try:
        cursus = basis / "cursus"
        (cursus / "notebooks" / "vragen").mkdir(parents=True)
        (cursus / "data").mkdir()
        (cursus / "docs").mkdir()
        (cursus / "notebooks" / "vragen" / "01_gemengde_wijk.yaml").write_text(BANK_01, encoding="utf-8")
        (cursus / "notebooks" / "vragen" / "02_de_breuk.yaml").write_text(BANK_02, encoding="utf-8")
        (cursus / "docs" / "bibliografie.yaml").write_text("{}\n", encoding="utf-8")
        for map in [cursus, *[p for p in cursus.rglob("*") if p.is_dir()]]:
            os.chmod(map, 0o777)  # shared and writable by everyone, owned by root (the "teacher")

        def als(uid: int, *args: str) -> subprocess.CompletedProcess:
            thuis = basis / f"thuis{uid}"
            thuis.mkdir(exist_ok=True)
            os.chown(thuis, uid, uid)
            os.chmod(thuis, 0o700)

            def wissel():
                os.setgroups([])
                os.setgid(uid)
                os.setuid(uid)

            env = {"PATH": os.environ.get("PATH", ""), "HOME": str(thuis), "USER": f"student{uid}", "WIJKLAB_CURSUS": str(cursus), **python[1]}
            return subprocess.run(
                [python[0], *args], capture_output=True, text=True, timeout=120, cwd=cursus / "notebooks", env=env, preexec_fn=wissel
            )

        schrijf = (
            "import sys\nfrom wijklab.werk.store import huidige_store\ns = huidige_store()\n"
            "uit = s.bewaar_concept('01-eigen-buurt', sys.argv[1])\nprint(uit.gelukt, s.pad)"
        )
        a = als(4242, "-c", schrijf, "geheim van student A")
        assert a.stdout.startswith("True"), a.stdout + a.stderr
        assert a.stdout.split()[1].startswith(str(basis / "thuis4242"))
        b = als(4343, "-c", schrijf, "tekst van student B")
        assert b.stdout.startswith("True"), b.stdout + b.stderr
        export_b = als(4343, "-m", "wijklab", "export")
        assert export_b.returncode == 0, export_b.stdout + export_b.stderr
        (json_b,) = (basis / "thuis4343").rglob("portfolio_*.json")
        inhoud = json_b.read_text(encoding="utf-8")
        assert "tekst van student B" in inhoud and "geheim van student A" not in inhoud
        assert not (cursus / "mijn_werk").exists()  # nothing of anyone in the shared folder
    finally:
        shutil.rmtree(basis, ignore_errors=True)


# --- a wiped reflection is never just "not written" (issue 21, item 2) ---------------------------------


def test_wiped_reflection_says_an_earlier_version_exists(store):
    lang = " ".join(f"woord{i}" for i in range(54))
    store.bewaar_concept("01-eigen-buurt", lang)
    store.bewaar_concept("01-eigen-buurt", "")  # wiped, e.g. by an older box of a cell run twice
    html, data = _lees(exporteer())
    r = next(r for nb in data["notebooks"] for r in nb["reflecties"] if r["id"] == "01-eigen-buurt")
    assert r["tekst"] == "" and r["woorden"] == 0
    assert r["eerdere_versie"]["woorden"] == 54 and r["eerdere_versie"]["tijd"]
    assert "Er is een eerdere versie van deze tekst" in html and "54 woorden" in html
    assert any("01-eigen-buurt" in o and "eerdere versie" in o and "terug te zetten" in o for o in data["opmerkingen"])
    # a reflection that was simply never wiped has no such field
    assert all(r["eerdere_versie"] is None for nb in data["notebooks"] for r in nb["reflecties"] if r["id"] != "01-eigen-buurt")
