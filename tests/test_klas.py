"""The teacher's class overview: aggregation, broken files, hostile text."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hostile import CORPUS, exporteer_student, sectie, VIJANDIGE_NAAM, controleer_veilig, lees_html, maak_cursus, verwacht_in_html, wissel_student
from wijklab.werk.export import exporteer
from wijklab.docent.klas import MAX_GROOTTE, klasoverzicht, lees_export, main_klas, OngeldigeExport


#: a real stored answer for each test question, right or wrong (the export grades them again)
ANTWOORD = {
    ("01-jaartal", True): {"optie": "ja"}, ("01-jaartal", False): {"optie": "nee"},
    ("01-schatting", True): {"schatting": 31}, ("01-schatting", False): {"schatting": 50},
    ("02-volgorde", True): {"volgorde": ["eerste", "tweede", "derde"]},
    ("02-volgorde", False): {"volgorde": ["tweede", "eerste", "derde"]},
}


@pytest.fixture
def testcursus(tmp_path, monkeypatch):
    return maak_cursus(tmp_path / "cursus", monkeypatch)


def student(tmp_path: Path, monkeypatch, klasmap: Path, bestand: str, naam: str = "", pogingen=(), reflecties=()) -> Path:
    """One student exports; ``pogingen`` are (id, right?) and get a real stored answer from ANTWOORD."""
    return exporteer_student(tmp_path, monkeypatch, klasmap, bestand, naam,
                             [(id, ANTWOORD[id, juist], juist) for id, juist in pogingen], reflecties)


_sectie = sectie


@pytest.fixture
def klas(testcursus, tmp_path, monkeypatch):
    map = tmp_path / "klas"
    student(tmp_path, monkeypatch, map, "sanne1", "Sanne",
            pogingen=[("01-jaartal", False), ("01-jaartal", True), ("01-schatting", True), ("02-volgorde", True)],
            reflecties=[("01-eigen-buurt", "Sanne één over haar buurt"), ("02-inclusief", "Sanne één: inclusief")])
    student(tmp_path, monkeypatch, map, "mo", "Mo",
            pogingen=[("01-jaartal", False)] * 3 + [("01-schatting", False)],
            reflecties=[("01-eigen-buurt", "Mo over zijn buurt\nmet twee regels")])
    student(tmp_path, monkeypatch, map, "sanne2", "Sanne", pogingen=[("01-jaartal", True)])
    return map


def test_class_overview_hardest_questions_completion_and_reflections(klas):
    uitkomst = klasoverzicht(klas)
    assert uitkomst.gelukt and uitkomst.studenten == 3 and uitkomst.overgeslagen == []
    assert uitkomst.pad.parent == klas.absolute() and uitkomst.pad.name.startswith("klasoverzicht_")
    html = uitkomst.pad.read_text(encoding="utf-8")
    pagina = controleer_veilig(html)
    assert pagina.html_lang == "nl" and sum(t == "h1" for t, _ in pagina.tags) == 1

    moeilijk = lees_html(_sectie(html, "moeilijk")).tekst
    volgorde = [m for m in re.findall(r"\((0\d-[a-z-]+)\)", moeilijk)]
    assert volgorde == ["01-jaartal", "02-volgorde", "01-schatting"]  # estimates have no right or wrong: last
    rij = re.search(r"\(01-jaartal\)\s*01 De gemengde wijk\s*3 van 3\s*33%\s*2,0", moeilijk)
    assert rij, moeilijk
    assert re.search(r"\(01-schatting\)\s*01 De gemengde wijk\s*2 van 3\s*schatting:", moeilijk)
    assert "50%" not in moeilijk.split("(01-schatting)")[1]

    voortgang = lees_html(_sectie(html, "voortgang")).tekst
    assert "Sanne (sanne1.json)" in voortgang and "Sanne (sanne2.json)" in voortgang  # same name, both kept
    assert re.search(r"Mo\s*vragen 2/2\s*reflecties 1/1\s*vragen 0/1\s*reflecties 0/1\s*nog niet klaar", voortgang)
    assert re.search(r"Sanne \(sanne1\.json\)\s*vragen 2/2\s*reflecties 1/1\s*vragen 1/1\s*reflecties 1/1\s*klaar", voortgang)

    reflecties = _sectie(html, "reflecties")
    teksten = [lees_html(b).tekst for b in re.findall(r'<div class="tekst" dir="auto">(.*?)</div>', reflecties, flags=re.S)]
    assert teksten == ["Mo over zijn buurt\nmet twee regels", "Sanne één over haar buurt", "Sanne één: inclusief"]
    assert lees_html(reflecties).tekst.count("Niet geschreven.") == 3  # sanne2 twice, Mo once


def test_same_name_two_students_are_not_duplicates(klas):
    inhoud = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(klas.glob("sanne*.json"))]
    assert inhoud[0]["student"]["naam"] == inhoud[1]["student"]["naam"] == "Sanne"
    assert inhoud[0]["student"]["id"] != inhoud[1]["student"]["id"]
    assert klasoverzicht(klas).studenten == 3


def test_two_exports_of_one_student_are_both_listed_and_neither_counted(testcursus, tmp_path, monkeypatch, capsys):
    """Two exports with one student id: the overview never picks one (the newest used to win silently)."""
    map = tmp_path / "klas"
    student(tmp_path, monkeypatch, map, "mo", "Mo", reflecties=[("01-eigen-buurt", "Mo schrijft")])
    oud = student(tmp_path, monkeypatch, map, "anna_oud", "Anna", reflecties=[("01-eigen-buurt", "oude tekst")])
    # the same student (same work folder) writes on and exports again
    werk = tmp_path / "studenten" / "anna_oud"
    wissel_student(werk, monkeypatch).bewaar_concept("01-eigen-buurt", "nieuwe tekst")
    nieuw = exporteer(werk / "export2")
    shutil.copy(nieuw.json, map / "anna_nieuw.json")
    os.utime(oud, (1, 1))
    uitkomst = klasoverzicht(map)
    assert uitkomst.gelukt and uitkomst.studenten == 1 and uitkomst.overgeslagen == []
    controle = {p.name: json.loads(p.read_text(encoding="utf-8"))["controle"] for p in (oud, map / "anna_nieuw.json")}
    [groep] = uitkomst.dubbel
    assert [(d["bestand"], d["naam"], d["controlegetal"], d["controle"]) for d in groep] == [
        ("anna_nieuw.json", "Anna", controle["anna_nieuw.json"], "klopt"), ("anna_oud.json", "Anna", controle["anna_oud.json"], "klopt")]

    html = uitkomst.pad.read_text(encoding="utf-8")
    pagina = controleer_veilig(html)
    waarschuwing = lees_html(_sectie(html, "dubbel")).tekst
    for naam, getal in controle.items():
        assert naam in waarschuwing and getal in waarschuwing
    assert "Geen van deze exports telt mee" in waarschuwing and "haal het verkeerde bestand uit de map" in waarschuwing
    assert html.index('<section id="dubbel"') < html.index('<section id="hulp"')  # at the top, before the figures
    assert "Dubbele student-id’s (1)" in pagina.tekst  # in the table of contents
    reflecties = lees_html(_sectie(html, "reflecties")).tekst
    assert "Mo schrijft" in reflecties and "nieuwe tekst" not in reflecties and "oude tekst" not in reflecties

    assert main_klas([str(map)]) == 0
    uit = capsys.readouterr().out
    assert "LET OP: 1 student-id staat in meer dan één export" in uit
    for naam, getal in controle.items():
        assert f"{naam}: naam ‘Anna’, geëxporteerd " in uit and getal in uit


def test_symlinks_are_skipped_and_named_never_opened(testcursus, tmp_path, monkeypatch):
    """A link in the folder is not followed: not to a valid export elsewhere, not to a system file."""
    buiten = tmp_path / "buiten"
    echt = student(tmp_path, monkeypatch, buiten, "elders", "Elders", reflecties=[("01-eigen-buurt", "van elders")])
    map = tmp_path / "klas"
    student(tmp_path, monkeypatch, map, "mo", "Mo")
    (map / "link_naar_export.json").symlink_to(echt)
    (map / "geheim.json").symlink_to("/etc/shadow" if os.path.exists("/etc/shadow") else "/etc/passwd")
    (map / "map_link.json").symlink_to(buiten, target_is_directory=True)
    (map / "kapotte_link.json").symlink_to(tmp_path / "bestaat_niet.json")
    links = {"link_naar_export.json", "geheim.json", "map_link.json", "kapotte_link.json"}

    geopend = []
    echte_open = os.open
    def open_met_log(pad, *args, **kwargs):
        geopend.append(os.path.basename(os.fsdecode(pad)))
        return echte_open(pad, *args, **kwargs)
    monkeypatch.setattr(os, "open", open_met_log)
    uitkomst = klasoverzicht(map, tmp_path / "k.html")
    monkeypatch.undo()

    assert uitkomst.gelukt and uitkomst.studenten == 1
    redenen = {o.bestand: o.reden for o in uitkomst.overgeslagen}
    assert set(redenen) == links
    assert all(r.startswith("dit is een snelkoppeling (symbolische link)") for r in redenen.values()), redenen
    assert not links & set(geopend), geopend
    html = (tmp_path / "k.html").read_text(encoding="utf-8")
    assert "van elders" not in html and "Elders" not in html
    for naam in links:
        assert naam in lees_html(_sectie(html, "overgeslagen")).tekst


def _geldig(tmp_path, monkeypatch) -> dict:
    map = tmp_path / "bron"
    pad = student(tmp_path, monkeypatch, map, "geldig", "Geldig", reflecties=[("01-eigen-buurt", "tekst")])
    return json.loads(pad.read_text(encoding="utf-8"))


KAPOT = {
    "leeg.json": (b"", "het bestand is leeg"),
    "spaties.json": (b"  \n\t ", "het bestand is leeg"),
    "tekst.json": (b"Dit is een brief, geen JSON.", "geen geldige JSON"),
    "binair.json": (b"\xff\xfe\x00\x01\x89PNG", "geen UTF-8"),
    "lijst.json": (b"[1, 2, 3]", "verkeerd schema"),
    "ander_schema.json": (b'{"schema": "iets-anders", "versie": 1}', "verkeerd schema"),
    "nieuwer.json": (b'{"schema": "wijklab-portfolio", "versie": 3}', "nieuwere versie van wijklab"),
    "rare_versie.json": (b'{"schema": "wijklab-portfolio", "versie": "een"}', "onbekende schemaversie"),
    "diep.json": (b"[" * 100_000 + b"]" * 100_000, "te diep genest"),
}


def test_broken_files_are_listed_with_a_dutch_reason_and_skipped(testcursus, tmp_path, monkeypatch):
    data = _geldig(tmp_path, monkeypatch)
    map = tmp_path / "klas"
    map.mkdir()
    verwacht = dict(KAPOT)
    for naam, (inhoud, _) in KAPOT.items():
        (map / naam).write_bytes(inhoud)
    tekst = json.dumps(data, ensure_ascii=False)
    (map / "afgebroken.json").write_text(tekst[: len(tekst) // 2], encoding="utf-8")
    verwacht["afgebroken.json"] = (None, "afgebroken (onvolledig)")
    (map / "afgebroken_in_tekst.json").write_text(tekst[: tekst.index('"tekst": "') + 12], encoding="utf-8")
    verwacht["afgebroken_in_tekst.json"] = (None, "afgebroken (onvolledig)")
    slecht = json.loads(tekst)
    slecht["notebooks"][0]["vragen"][0]["pogingen"] = "veel"
    del slecht["student"]["id"]
    (map / "verkeerde_inhoud.json").write_text(json.dumps(slecht), encoding="utf-8")
    verwacht["verkeerde_inhoud.json"] = (None, "past niet bij het portfolioschema: veld 'student.id' ontbreekt; veld 'notebooks.1.vragen.1.pogingen' moet een geheel getal zijn")
    extra = {**json.loads(tekst), "geheim": "<script>"}
    (map / "extra_veld.json").write_text(json.dumps(extra), encoding="utf-8")
    verwacht["extra_veld.json"] = (None, "veld 'geheim' is onbekend")
    with open(map / "groot.json", "wb") as f:
        f.truncate(MAX_GROOTTE + 1)  # sparse: costs no disk space
    verwacht["groot.json"] = (None, "te groot")
    (map / "map.json").mkdir()
    verwacht["map.json"] = (None, "geen bestand")
    (map / "goed.JSON").write_text(tekst, encoding="utf-8")
    (map / "notities.txt").write_text("niet lezen")
    (map / "sub").mkdir()
    (map / "sub" / "ook_goed.json").write_text(tekst, encoding="utf-8")  # not read: not recursive

    uitkomst = klasoverzicht(map, tmp_path / "overzicht.html")
    assert uitkomst.gelukt and uitkomst.studenten == 1 and uitkomst.andere_bestanden == 1
    redenen = {o.bestand: o.reden for o in uitkomst.overgeslagen}
    assert sorted(redenen) == sorted(verwacht)
    for naam, (_, stukje) in verwacht.items():
        assert stukje in redenen[naam], (naam, redenen[naam])
    html = (tmp_path / "overzicht.html").read_text(encoding="utf-8")
    pagina = controleer_veilig(html)
    for naam in verwacht:
        assert naam in pagina.tekst
    assert "1 ander bestand (geen .json)" in pagina.tekst
    assert "Overgeslagen bestanden" in pagina.tekst and "Traceback" not in str(uitkomst)


def test_empty_folder_gives_a_clear_message(tmp_path, capsys):
    leeg = tmp_path / "leeg"
    leeg.mkdir()
    uitkomst = klasoverzicht(leeg)
    assert not uitkomst.gelukt and uitkomst.pad is None
    assert "Er staan geen JSON-bestanden in" in uitkomst.melding
    assert list(leeg.iterdir()) == []
    assert main_klas([str(leeg)]) == 1
    assert "geen JSON-bestanden" in capsys.readouterr().out


def test_folder_with_only_broken_files(tmp_path, capsys):
    map = tmp_path / "kapot"
    map.mkdir()
    (map / "a.json").write_text("{")
    (map / "b.json").write_text("")
    uitkomst = klasoverzicht(map)
    assert not uitkomst.gelukt and uitkomst.studenten == 0
    assert "alle JSON-bestanden zijn overgeslagen" in uitkomst.melding
    assert [o.bestand for o in uitkomst.overgeslagen] == ["a.json", "b.json"]
    assert main_klas([str(map)]) == 1
    uit = capsys.readouterr().out
    assert "a.json: het bestand is afgebroken" in uit and "b.json: het bestand is leeg" in uit


def test_missing_folder_and_unwritable_output(klas, tmp_path, capsys):
    uitkomst = klasoverzicht(tmp_path / "bestaat_niet")
    assert not uitkomst.gelukt and "bestaat niet" in uitkomst.melding
    bestand = tmp_path / "een_bestand"
    bestand.write_text("x")
    uitkomst = klasoverzicht(klas, bestand / "overzicht.html")
    assert not uitkomst.gelukt and "kon niet worden opgeslagen" in uitkomst.melding
    assert main_klas([str(klas), "--naar", str(bestand / "o.html")]) == 1
    assert "Traceback" not in capsys.readouterr().out


def test_hostile_corpus_through_the_class_overview(testcursus, tmp_path, monkeypatch):
    map = tmp_path / "klas"
    reflecties = [(f"01-vijandig-{i:02d}", tekst) for i, tekst in enumerate(CORPUS.values())]
    reflecties.append(("01-eigen-buurt", CORPUS["script"]))
    student(tmp_path, monkeypatch, map, "vijand", VIJANDIGE_NAAM, pogingen=[("01-jaartal", True)], reflecties=reflecties)
    student(tmp_path, monkeypatch, map, '"><img src=x onerror=alert(1)>', VIJANDIGE_NAAM, reflecties=[("01-eigen-buurt", CORPUS["rtl_override"])])
    (map / "<script>alert(1)<!--.json").write_text("<script>alert(1)</script>")
    os.close(os.open(os.fsencode(map) + b"/niet-utf8-\xff.json", os.O_CREAT | os.O_WRONLY))

    uitkomst = klasoverzicht(map, tmp_path / "klas.html")
    assert uitkomst.gelukt and uitkomst.studenten == 2
    str(uitkomst).encode("utf-8")  # printable, even with a non-UTF-8 file name
    html = (tmp_path / "klas.html").read_text(encoding="utf-8")
    pagina = controleer_veilig(html)
    getoond = [lees_html(b).tekst for b in re.findall(r'<div class="tekst" dir="auto">(.*?)</div>', html, flags=re.S)]
    for tekst in CORPUS.values():
        assert verwacht_in_html(tekst) in getoond
    naam = verwacht_in_html(VIJANDIGE_NAAM.strip())
    assert f'{naam} (vijand.json)' in pagina.tekst
    assert f'{naam} ("><img src=x onerror=alert(1)>.json)' in pagina.tekst
    assert "<script>alert(1)<!--.json" in pagina.tekst and "niet-utf8-\ufffd.json" in pagina.tekst
    # the student's text is shown, never run as a template: a rendered one would read "49 xxx" (a bare "49"
    # may be a time on the page, e.g. an export at 23:49)
    assert "{{ 7*7 }}" in pagina.tekst and "{% for x in range(3) %}" in pagina.tekst and "49 xxx" not in pagina.tekst


def test_lees_export_accepts_a_byte_order_mark(testcursus, tmp_path, monkeypatch):
    data = _geldig(tmp_path, monkeypatch)
    pad = tmp_path / "bom.json"
    pad.write_bytes(b"\xef\xbb\xbf" + json.dumps(data).encode())
    assert lees_export(pad).student.naam == "Geldig"
    pad.write_bytes(b"\xef\xbb\xbf")
    with pytest.raises(OngeldigeExport, match="leeg"):
        lees_export(pad)


def test_command_line_klas(klas, tmp_path):
    proces = subprocess.run(
        [sys.executable, "-m", "wijklab", "klas", str(klas), "--naar", str(tmp_path / "k.html")],
        capture_output=True, text=True, timeout=120,
    )
    assert proces.returncode == 0, proces.stdout + proces.stderr
    assert "Klasoverzicht van 3 studenten" in proces.stdout
    controleer_veilig((tmp_path / "k.html").read_text(encoding="utf-8"))


def test_wiped_reflection_is_not_just_open_in_the_class_overview(testcursus, tmp_path, monkeypatch):
    lang = " ".join(f"woord{i}" for i in range(54))
    map = tmp_path / "klas"
    student(tmp_path, monkeypatch, map, "sanne", "Sanne", reflecties=[("01-eigen-buurt", lang), ("01-eigen-buurt", "")])
    uitkomst = klasoverzicht(map)
    assert uitkomst.gelukt
    html = uitkomst.pad.read_text(encoding="utf-8")
    voortgang = lees_html(_sectie(html, "voortgang")).tekst
    assert "eerdere versie: 01-eigen-buurt (54 woorden," in voortgang
    naast = lees_html(_sectie(html, "reflecties")).tekst
    assert "Niet geschreven." in naast and "Er is een eerdere versie (54 woorden," in naast
