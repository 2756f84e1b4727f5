"""The class overview as a tool for teaching: figures checked against a class with known answers,
flags for edited and clashing exports, the CSV, and bounded reading of hostile files."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hostile import PIEK_KLAS, vijandig_5mb, controleer_veilig, exporteer_student as leerling, klas_van, lees_html, maak_cursus, sectie as _sectie
from wijklab.werk.export import controlegetal
from wijklab.docent.klas import HULP_REGEL, MAX_GROOTTE, klasoverzicht

JA = {"keuze": 0, "tekst": "ja"}
NEE = {"keuze": 1, "tekst": "nee"}
GOED = {"volgorde": ["eerste", "tweede", "derde"]}
FOUT = {"volgorde": ["tweede", "eerste", "derde"]}


@pytest.fixture
def testcursus(tmp_path, monkeypatch):
    return maak_cursus(tmp_path / "cursus", monkeypatch)


@pytest.fixture
def klas(testcursus, tmp_path, monkeypatch):
    """Four students whose answers are known, so every figure on the page can be checked."""
    map = tmp_path / "klas"
    leerling(tmp_path, monkeypatch, map, "anna", "Anna",
             pogingen=[("01-jaartal", JA, True), ("01-schatting", {"schatting": 36}, False), ("02-volgorde", GOED, True)],
             reflecties=[("01-eigen-buurt", " ".join(["woord"] * 60)), ("02-inclusief", "Een wijk waar iedereen meedoet.")])
    leerling(tmp_path, monkeypatch, map, "bram", "Bram",
             pogingen=[("01-jaartal", NEE, False)] * 3 + [("01-jaartal", JA, True), ("01-schatting", {"schatting": 20}, False)]
             + [("02-volgorde", FOUT, False)] * 3)
    leerling(tmp_path, monkeypatch, map, "cas", "Cas", pogingen=[("01-jaartal", NEE, False)])
    leerling(tmp_path, monkeypatch, map, "dewi", "Dewi", reflecties=[("01-eigen-buurt", "Tien woorden over mijn buurt, veel te kort nog hoor.")])
    return map


def test_per_question_first_attempt_share_attempts_and_most_chosen_wrong_option(klas):
    uitkomst = klasoverzicht(klas)
    assert uitkomst.gelukt and uitkomst.studenten == 4 and uitkomst.vlaggen == []
    html = uitkomst.pad.read_text(encoding="utf-8")
    controleer_veilig(html)
    moeilijk = lees_html(_sectie(html, "moeilijk")).tekst
    # 01-jaartal: made by Anna (1 attempt, right), Bram (4, right at the 4th), Cas (1, wrong)
    assert re.search(r"\(01-jaartal\)\s*01 De gemengde wijk\s*3 van 4\s*33%\s*2,0\s*nee \(2×\)", moeilijk), moeilijk
    # 02-volgorde: Anna right at once, Bram wrong three times
    assert re.search(r"\(02-volgorde\)\s*02 De breuk\s*2 van 4\s*50%\s*2,0", moeilijk), moeilijk
    # the prediction: estimates 36 and 20 against 30 -> median 28, median distance 8, one higher, one lower
    schatting = moeilijk.split("(01-schatting)")[1]
    assert "mediaan van de schattingen 28" in schatting and "echte waarde 30" in schatting
    assert "meestal 8 ernaast (mediaan van de afstand)" in schatting and "1 hoger en 1 lager geschat" in schatting
    assert "fout" not in schatting.lower() and "%" not in schatting


def test_per_student_help_signal_open_items_and_short_reflections(klas):
    html = klasoverzicht(klas).pad.read_text(encoding="utf-8")
    hulp = lees_html(_sectie(html, "hulp")).tekst
    assert HULP_REGEL in hulp
    # Bram: 2 questions, 0 right first, 7 attempts -> 3,5 on average: help. Cas: only 1 question: no signal
    assert "Bram: 0 van de 2 gemaakte vragen de eerste keer goed, gemiddeld 3,5 pogingen" in hulp
    assert "Cas" not in hulp and "Anna" not in hulp and "Dewi" not in hulp
    voortgang = lees_html(_sectie(html, "voortgang")).tekst
    assert re.search(r"Anna.*?eerste keer goed 2/2\s*pogingen 2\s*reflecties: 02-inclusief|Anna.*?eerste keer goed 2/2\s*pogingen 2", voortgang, re.S)
    assert re.search(r"Bram.*?eerste keer goed 0/2\s*pogingen 7\s*hulp nodig", voortgang, re.S)
    assert re.search(r"Dewi.*?te kort: 01-eigen-buurt \(10 van 50 woorden\)", voortgang, re.S), voortgang
    assert re.search(r"Cas.*?vragen: 01-schatting, 02-volgorde", voortgang, re.S)
    reflecties = lees_html(_sectie(html, "reflecties")).tekst
    assert "10 woorden (richtlengte 50)" in reflecties and "korter dan de richtlengte" in reflecties
    assert "60 woorden (richtlengte 50)" in reflecties


def test_question_by_student_grid_reads_without_colour(klas):
    html = klasoverzicht(klas).pad.read_text(encoding="utf-8")
    rooster = _sectie(html, "rooster")
    tabel01 = rooster.split("<caption>")[1].split("</table>")[0]
    assert "01-jaartal" in tabel01 and "01-schatting" in tabel01 and "02-volgorde" not in tabel01
    cellen01 = {re.search(r'<span class="naam">(.*?)</span>', r).group(1): re.findall(r'<td class="cel (\w+)" title="[^"]*">([^<]*)</td>', r)
                for r in re.findall(r'<tr><th scope="row">.*?</tr>', tabel01, re.S)}
    assert cellen01["Anna"] == [("goed", "✔"), ("schatting", "+6")]
    assert cellen01["Bram"] == [("later", "✔4"), ("schatting", "−10")]
    assert cellen01["Cas"] == [("fout", "✘1"), ("open", "–")]
    assert "<script" not in html


def test_csv_for_the_learning_platform(klas):
    uitkomst = klasoverzicht(klas)
    assert uitkomst.csv and uitkomst.csv.name == uitkomst.pad.with_suffix(".csv").name
    rijen = list(csv.DictReader(uitkomst.csv.open(encoding="utf-8")))
    per = {r["student"]: r for r in rijen}
    assert set(per) == {"Anna", "Bram", "Cas", "Dewi"}
    # predictions count as made, but not for right-at-first-attempt or attempts
    assert (per["Bram"]["vragen_gemaakt"], per["Bram"]["toetsvragen_gemaakt"], per["Bram"]["eerste_keer_goed"],
            per["Bram"]["pogingen"], per["Bram"]["hulp_nodig"]) == ("3", "2", "0", "7", "ja")
    assert (per["Anna"]["vragen_gemaakt"], per["Anna"]["vragen_totaal"], per["Anna"]["reflecties_geschreven"], per["Anna"]["klaar"]) == ("3", "3", "2", "ja")
    assert (per["Cas"]["vragen_gemaakt"], per["Cas"]["klaar"], per["Cas"]["hulp_nodig"]) == ("1", "nee", "nee")
    assert per["Dewi"]["reflecties_te_kort"] == "1" and per["Cas"]["controle"] == "in orde"


def test_formula_in_a_name_is_neutralised_in_the_csv(testcursus, tmp_path, monkeypatch):
    map = tmp_path / "klas"
    leerling(tmp_path, monkeypatch, map, "x", '=HYPERLINK("http://x","klik")', pogingen=[("01-jaartal", JA, True)])
    rijen = list(csv.reader(klasoverzicht(map).csv.open(encoding="utf-8")))
    assert rijen[1][0].startswith("'=HYPERLINK")


def test_hand_edited_export_is_counted_but_flagged(klas, capsys):
    pad = klas / "cas.json"
    data = json.loads(pad.read_text(encoding="utf-8"))
    data["notebooks"][0]["vragen"][0]["eerste_juist"] = True  # Cas makes herself right by hand
    pad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    uitkomst = klasoverzicht(klas)
    assert uitkomst.studenten == 4
    assert any(v.startswith("cas.json (Cas): de inhoud klopt niet met het controlegetal") for v in uitkomst.vlaggen)
    html = uitkomst.pad.read_text(encoding="utf-8")
    assert "met de hand bewerkt" in lees_html(_sectie(html, "controleren")).tekst
    rijen = {r["student"]: r for r in csv.DictReader(uitkomst.csv.open(encoding="utf-8"))}
    assert rijen["Cas"]["controle"] == "bewerkt" and rijen["Anna"]["controle"] == "in orde"


def _vervals(klas: Path, bron: str, doel: str, naam: str) -> Path:
    """A classmate's export with her id, another or the same name, a later date and a recomputed check sum."""
    data = json.loads((klas / bron).read_text(encoding="utf-8"))
    data["student"]["naam"] = naam
    data["geexporteerd"] = "2099-01-01T00:00:00+00:00"  # newer: it would have replaced her work
    data["notebooks"][0]["vragen"][0]["eerste_juist"] = True
    data.pop("controle")
    data["controle"] = controlegetal(data)
    (klas / doel).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return klas / doel


@pytest.mark.parametrize("naam", ["Cas", "Iemand Anders"])
def test_a_forged_export_with_a_classmates_id_never_replaces_her_work(klas, naam, capsys):
    """Same id, a later date and a valid check sum: both files are shown to the teacher, neither counts."""
    _vervals(klas, "cas.json", "vervalst.json", naam)
    uitkomst = klasoverzicht(klas)
    assert uitkomst.gelukt and uitkomst.studenten == 3 and uitkomst.overgeslagen == []
    [groep] = uitkomst.dubbel
    assert [(d["bestand"], d["naam"], d["controle"]) for d in groep] == [("cas.json", "Cas", "klopt"), ("vervalst.json", naam, "klopt")]
    assert "2099" in groep[1]["geexporteerd"].isoformat() and groep[0]["controlegetal"] != groep[1]["controlegetal"]
    html = uitkomst.pad.read_text(encoding="utf-8")
    controleer_veilig(html)
    waarschuwing = lees_html(_sectie(html, "dubbel")).tekst
    assert "cas.json" in waarschuwing and "vervalst.json" in waarschuwing and "1 januari 2099" in waarschuwing
    voortgang = lees_html(_sectie(html, "voortgang")).tekst
    assert "Cas" not in voortgang and naam not in voortgang  # neither is counted until the teacher decides
    rijen = {r["student"] for r in csv.DictReader(uitkomst.csv.open(encoding="utf-8"))}
    assert rijen == {"Anna", "Bram", "Dewi"}
    assert "vervalst.json" in str(uitkomst) and "cas.json" in str(uitkomst)


def test_version_1_exports_are_read_and_flagged(klas):
    data = json.loads((klas / "anna.json").read_text(encoding="utf-8"))
    data["versie"] = 1
    data.pop("controle")
    for nb in data["notebooks"]:
        for v in nb["vragen"]:
            for k in ("antwoorden", "echte_waarde", "eenheid"):
                v.pop(k)
    (klas / "anna.json").write_text(json.dumps(data), encoding="utf-8")
    uitkomst = klasoverzicht(klas)
    assert uitkomst.studenten == 4
    assert any("oudere versie van wijklab" in v for v in uitkomst.vlaggen)


GIFTIG = {
    "groot_getal.json": ("pogingen", "1" * 5000, "getal in met 5000 cijfers"),
    "nan.json": ("eerste_score", "NaN", "‘NaN’"),
    "oneindig.json": ("eerste_score", "Infinity", "‘Infinity’"),
    "te_groot_kommagetal.json": ("eerste_score", "1e999", "te groot is om te gebruiken"),
    "veel_pogingen.json": ("pogingen", "1" + "0" * 20, "is te groot"),
}


def test_hostile_numbers_are_refused_per_file_and_the_others_still_written(klas):
    tekst = (klas / "anna.json").read_text(encoding="utf-8")
    for naam, (veld, waarde, _) in GIFTIG.items():
        vervangen, n = re.subn(rf'"{veld}": [^,\n}}]+', f'"{veld}": {waarde}', tekst, count=1)
        assert n == 1
        (klas / naam).write_text(vervangen, encoding="utf-8")
    uitkomst = klasoverzicht(klas)
    assert uitkomst.gelukt and uitkomst.studenten == 4
    redenen = {o.bestand: o.reden for o in uitkomst.overgeslagen}
    for naam, (_, _, stukje) in GIFTIG.items():
        assert stukje in redenen[naam], (naam, redenen[naam])
    assert "Traceback" not in str(uitkomst) and "Exceeds" not in str(uitkomst)


def test_a_pipe_in_the_folder_is_skipped_without_waiting(klas):
    os.mkfifo(klas / "pijp.json")
    uitkomst = klasoverzicht(klas)  # the test's timeout catches a hang
    assert uitkomst.studenten == 4
    assert {o.bestand: o.reden for o in uitkomst.overgeslagen}["pijp.json"].startswith("dit is geen gewoon bestand")


def test_2000_exports_and_hostile_files_in_bounded_memory(tmp_path, monkeypatch):
    """2,000 full-course exports and 5 MB hostile files: klas stays under 300 MB and names every refused file."""
    root = Path(__file__).resolve().parents[1]
    monkeypatch.setenv("WIJKLAB_CURSUS", str(root))
    map = klas_van(2000, tmp_path / "klas", tmp_path / "werk")
    for naam, inhoud in vijandig_5mb().items():
        (map / naam).write_bytes(inhoud)
    proces = subprocess.run([sys.executable, "-c", PIEK_KLAS, str(map), "--naar", str(tmp_path / "k.html")],
                            capture_output=True, text=True, timeout=900)
    assert proces.returncode == 0, proces.stdout[-3000:] + proces.stderr[-3000:]
    *regels, piek_kb = proces.stdout.strip().splitlines()
    uit = "\n".join(regels)
    assert int(piek_kb) / 1024 < 300, f"piek {int(piek_kb) / 1024:.0f} MB"
    assert "Klasoverzicht van 2000 studenten" in uit, uit[-2000:]
    verwacht = {
        "lege_notebooks.json": "een lijst in met meer dan 5.000", "getallen.json": "een lijst in met meer dan 5.000",
        "diep.json": "veel te diep genest", "lange_tekst.json": "er staat een tekst in van 5,0 MB; de grens is 100.000 tekens",
        "veel_lijsten.json": "meer dan 200.000 waarden",
        "lege_lijsten_zonder_komma.json": "meer dan 200.000 waarden",
    }
    for naam, reden in verwacht.items():
        assert re.search(rf"  - {re.escape(naam)}: .*{re.escape(reden)}", uit), (naam, uit[-3000:])


def test_command_line_speaks_dutch_also_when_used_wrongly(klas):
    kaal = subprocess.run([sys.executable, "-m", "wijklab", "klas"], capture_output=True, text=True, timeout=60)
    assert kaal.returncode == 2 and "fout: dit ontbreekt nog: MAP" in kaal.stderr and "usage" not in kaal.stderr
    hulp = subprocess.run([sys.executable, "-m", "wijklab", "klas", "--help"], capture_output=True, text=True, timeout=60)
    assert hulp.returncode == 0 and "toon deze hulp en stop" in hulp.stdout and "--csv" in hulp.stdout
    goed = subprocess.run([sys.executable, "-m", "wijklab", "klas", str(klas)], capture_output=True, text=True, timeout=60)
    assert goed.returncode == 0 and "Klasoverzicht van 4 studenten" in goed.stdout and "Cijferlijst voor de leeromgeving (CSV)" in goed.stdout


# --- the export and the overview agree on one set of limits (wijklab.basis.grenzen) -------------------


def test_export_and_overview_agree_at_the_reflection_limit(testcursus, tmp_path, monkeypatch):
    from hostile import wissel_student
    from wijklab.werk.export import exporteer
    from wijklab.basis.grenzen import MAX_REFLECTIE_TEKENS

    # exactly the limit, in the character that takes the most bytes in JSON (\u0000): written and read
    map = tmp_path / "klas"
    pad = leerling(tmp_path, monkeypatch, map, "grens", "Grens", reflecties=[("01-eigen-buurt", "\x00" * MAX_REFLECTIE_TEKENS)])
    uitkomst = klasoverzicht(map)
    assert uitkomst.studenten == 1 and uitkomst.overgeslagen == [] and uitkomst.vlaggen == []

    # one character more in that file (check sum recomputed): the overview refuses it and says what helps
    data = json.loads(pad.read_text(encoding="utf-8"))
    data["notebooks"][0]["reflecties"][0]["tekst"] += "\x00"
    data.pop("controle")
    data["controle"] = controlegetal(data)
    pad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    uitkomst = klasoverzicht(map)
    [overgeslagen] = uitkomst.overgeslagen
    assert "de grens is 100.000 tekens" in overgeslagen.reden and "in te korten" in overgeslagen.reden

    # ... and the export never writes it: a Dutch message, no file, and her text is still in the store
    werk = tmp_path / "studenten" / "te_lang"
    store = wissel_student(werk, monkeypatch)
    lang = "ë" * (MAX_REFLECTIE_TEKENS + 1)
    store.bewaar_concept("01-eigen-buurt", lang)
    uitkomst = exporteer(werk / "export")
    assert not uitkomst.gelukt
    assert "je reflectie 01-eigen-buurt is langer dan 100.000 tekens" in uitkomst.melding
    assert "Maak de tekst korter" in uitkomst.melding and "Je volledige tekst is bewaard" in uitkomst.melding
    assert not list((werk / "export").glob("*.json")) if (werk / "export").exists() else True
    assert store.laatste_concept("01-eigen-buurt").tekst == lang


def test_export_checks_its_file_with_the_overviews_own_limits(testcursus, tmp_path, monkeypatch):
    """Whatever limit the overview applies, the export applies the same one before it writes."""
    from hostile import wissel_student
    from wijklab.basis import grenzen as exportgrenzen
    from wijklab.werk.export import exporteer

    map = tmp_path / "klas"
    leerling(tmp_path, monkeypatch, map, "eerder", "Eerder", pogingen=[("01-jaartal", JA, True)] * 30)
    monkeypatch.setattr(exportgrenzen, "MAX_LIJST", 20)
    assert klasoverzicht(map).overgeslagen[0].reden.startswith("er staat een lijst in met meer dan 20 elementen")
    werk = tmp_path / "studenten" / "nu"
    store = wissel_student(werk, monkeypatch)
    for _ in range(30):
        store.bewaar_poging("01-jaartal", JA, True, 1.0)
    uitkomst = exporteer(werk / "export")
    assert not uitkomst.gelukt and "het klasoverzicht van je docent zou het niet kunnen lezen" in uitkomst.melding
    assert "(er staat een lijst in met meer dan 20 elementen)" in uitkomst.melding and "Je werk zelf is niet kwijt" in uitkomst.melding
    assert not (werk / "export").exists() or not list((werk / "export").iterdir())
    monkeypatch.undo()


def test_reflection_box_warns_past_the_export_limit_and_still_saves(testcursus):
    from wijklab.leerling import reflectie as reflection
    from wijklab.inhoud.bank import zoek
    from wijklab.basis.grenzen import MAX_REFLECTIE_TEKENS
    from wijklab.werk.store import huidige_store

    store = huidige_store()
    box = reflection.ReflectieWidget(zoek("01-eigen-buurt")[1], store, wacht_s=60)
    box.widget.waarde = {"tekst": "a" * MAX_REFLECTIE_TEKENS}
    assert "langer dan" not in box.widget.teller
    te_lang = "a" * MAX_REFLECTIE_TEKENS + " en nog een stukje"
    box.widget.waarde = {"tekst": te_lang}
    assert "Je tekst is langer dan 100.000 tekens (100.018)" in box.widget.teller
    assert "Hij wordt wel bewaard" in box.widget.teller and 'role="alert"' in box.widget.teller
    box.bewaar()
    assert store.laatste_concept("01-eigen-buurt").tekst == te_lang
    box.widget.waarde = {"tekst": "kort"}
    assert "langer dan" not in box.widget.teller
    box.bewaar()
