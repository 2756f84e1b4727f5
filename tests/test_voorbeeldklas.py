"""The demo class: fictional students through the real store, grading, export and class overview."""

from __future__ import annotations

import csv
import json
import re

from hostile import controleer_veilig, lees_html, sectie
from wijklab.docent.klas import main_klas
from wijklab.docent.voorbeeldklas import KENMERK, maak_exports, voorbeeldklas


def test_voorbeeldklas_door_de_echte_opslag_export_en_klas(tmp_path):
    uitkomst = voorbeeldklas(tmp_path / "demo", aantal=12)
    assert uitkomst.gelukt, uitkomst.melding
    assert uitkomst.studenten == 12 and uitkomst.overgeslagen == [] and uitkomst.vlaggen == [] and uitkomst.dubbel == []
    for pad in (uitkomst.pad, uitkomst.csv, uitkomst.toetsanalyse):
        assert KENMERK in pad.name
    exports = sorted((tmp_path / "demo").glob("portfolio_*.json"))
    assert len(exports) == 12 and all(KENMERK in p.name for p in exports)
    data = json.loads(exports[0].read_text(encoding="utf-8"))
    assert data["schema"] == "wijklab-portfolio" and data["controle"].startswith("sha256:")  # the real export wrote it
    assert "(fictief)" in data["student"]["naam"]
    teksten = [r["tekst"] for nb in data["notebooks"] for r in nb["reflecties"] if r["tekst"]]
    assert teksten and all(t.startswith("[Fictief voorbeeld]") for t in teksten)
    html = uitkomst.pad.read_text(encoding="utf-8")
    controleer_veilig(html)
    kop = lees_html(html.split("<main>")[0]).tekst
    assert "voorbeeldklas (fictief)" in kop and "Deze klas bestaat niet" in kop
    moeilijk = lees_html(sectie(html, "moeilijk")).tekst
    assert "Gekozen bij de eerste poging:" in moeilijk and "schattingen lagen binnen de marge" in moeilijk
    # the diagnostic before and after and the confidence go through the same real code: the page shows both
    leerwinst = lees_html(sectie(html, "leerwinst")).tekst
    klas = re.search(r"gemiddeld (\d+,\d) van (\d+) goed vooraf, (\d+,\d) achteraf; g van de klas = (-?\d+,\d+)", leerwinst)
    assert klas, leerwinst[:600]
    voor, na = (float(klas.group(i).replace(",", ".")) for i in (1, 3))
    assert na > voor  # the fictional class learned something, as the generator's model says
    zeker = lees_html(sectie(html, "zeker-fout")).tekst
    assert "Zeker en fout" in zeker and re.search(r"\(\d\d-[a-z-]+\)\d+\d+[1-9]", zeker), zeker[:600]
    rijen = list(csv.DictReader(uitkomst.toetsanalyse.open(encoding="utf-8")))
    assert any(r["rir"] for r in rijen)  # 12 students: enough for a Rir
    # one answer of each closed type was graded: every type shows up with a p-waarde
    assert {r["soort"] for r in rijen if r["p_waarde"]} >= {"enkelvoudig", "meervoudig", "volgorde", "koppelen", "getal"}


def test_vast_zaad_geeft_dezelfde_klas(tmp_path):
    from wijklab.inhoud.bank import alle_banken

    def antwoorden(map):
        uit = []
        for pad in sorted(map.glob("*.json")):
            d = json.loads(pad.read_text(encoding="utf-8"))
            uit.append((d["student"], [(v["id"], [a["gegeven"] for a in v["antwoorden"]]) for nb in d["notebooks"] for v in nb["vragen"]]))
        return uit

    banken = alle_banken()
    maak_exports(tmp_path / "a", banken, aantal=2)
    maak_exports(tmp_path / "b", banken, aantal=2)
    assert antwoorden(tmp_path / "a") == antwoorden(tmp_path / "b")


def test_geen_menging_met_echte_exports(tmp_path, capsys):
    map = tmp_path / "inleveringen"
    map.mkdir()
    (map / "portfolio_sanne_ab12cd_2026-12-01.json").write_text("{}", encoding="utf-8")
    assert main_klas(["--voorbeeld", "--naar", str(map)]) == 1
    uit = capsys.readouterr().out
    assert "geen fictief voorbeeld" in uit and "kies met --naar een lege map" in uit
    assert sorted(p.name for p in map.iterdir()) == ["portfolio_sanne_ab12cd_2026-12-01.json"]  # nothing added
