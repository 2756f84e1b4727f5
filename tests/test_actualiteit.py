"""The register of time-bound claims (docs/actualiteit.yaml): valid, complete, visible, and warned about.

* every entry's `bron` is in the bibliography and every `waar` exists; a notebook cell under `waar`
  says "stand <maand jaar>" with the register's month;
* a notebook cell or bank question that talks about a bill, a novelle, a coalition agreement, a progress
  report or a 'latest' figure is listed under some entry's `waar` (the mechanical part of "every claim");
* `python -m wijklab check` lists stale claims (stand more than 9 months old) in Dutch and still exits 0;
* the teacher guide's section "Voor elke nieuwe cursusronde" is the one generated from the register.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import yaml

from conftest import COURSE_ROOT
from wijklab.inhoud import actualiteit as act
from wijklab.__main__ import main
from wijklab.inhoud.bank import BankFout
from wijklab.basis.taal import MAANDEN, maand_jaar

NOTEBOOKS = sorted((COURSE_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BANKEN = sorted((COURSE_ROOT / "notebooks" / "vragen").glob("*.yaml"))

_MAAND = "|".join(MAANDEN)
#: words that mark a time-bound claim in a notebook: a bill and its status, politics of the day,
#: a programme's progress, a 'latest' figure, or an explicit "stand <maand jaar>"
TIJDGEBONDEN = re.compile(
    rf"\b(wetsvoorstel\w*|novelle\w*|inwerkingtreding|coalitieakkoord\w*|kabinet-Jetten|voortgangsrapportage\w*|"
    rf"nieuwste|nieuwere?|recentste|stand (?:{_MAAND}) \d{{4}})\b", re.I)
#: the same for question banks, without 'nieuwste' (a distractor may call a study 'the newest')
TIJDGEBONDEN_BANK = re.compile(
    r"\b(wetsvoorstel\w*|novelle\w*|inwerkingtreding|coalitieakkoord\w*|kabinet-Jetten|voortgangsrapportage\w*)\b", re.I)
_LINK = re.compile(r"!?\[[^\]]*\]\([^)]*\)")  # titles in reading lists and citations are not claims


@pytest.fixture(scope="module")
def register():
    return act.lees_register()


def _plekken(register) -> set[str]:
    return {w for b in register for w in b.waar}


def test_register_has_entries(register):
    assert len(register) >= 5
    assert {"wet-regie-stand", "novelle-voorrang"} <= {b.id for b in register}


def test_register_is_valid(register):
    """Sources exist, places exist, notebook cells show the register's stand."""
    assert act.problemen(register) == []


def test_problems_are_found():
    """Each kind of mistake gives a Dutch problem (so the check above can fail)."""
    nb07 = "notebooks/07_gemengd_en_inclusief.ipynb"
    fout = [
        act.Bewering("a", "x", 2026, 2, ("bestaat_niet_2099",), (f"{nb07}#4310fd01",), "y"),
        act.Bewering("b", "x", 2026, 2, ("kst36881_5",), ("docs/bestaat-niet.md",), "y"),
        act.Bewering("c", "x", 2026, 2, ("kst36881_5",), (f"{nb07}#geen-cel",), "y"),
        act.Bewering("d", "x", 2025, 3, ("kst36881_5",), (f"{nb07}#4310fd01",), "y"),  # cell says februari 2026
        act.Bewering("e", "x", 2026, 2, ("kst36881_5",), ("notebooks/vragen/07_gemengd_en_inclusief.yaml#07-bestaat-niet",), "y"),
        act.Bewering("f", "x", 2026, 2, ("kst36881_5",), (nb07,), "y"),
    ]
    gevonden = act.problemen(fout)
    for b, woord in zip("abcdef", ["bestaat_niet_2099", "bestaat niet", "geen cel", "stand maart 2025",
                                   "geen vraag of reflectie", "noem bij"]):
        assert any(p.startswith(f"Bewering '{b}'") and woord in p for p in gevonden), (b, gevonden)


def ongeregistreerd(nb, plekken: set[str], naam: str) -> list[str]:
    """Markdown cells of notebook `nb` with a time-bound word that no register entry lists."""
    missen = []
    for c in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
        if c["cell_type"] != "markdown":
            continue
        tekst = " ".join(_LINK.sub(" ", "".join(c["source"]) if isinstance(c["source"], list) else c["source"]).split())
        woorden = sorted({m.lower() for m in TIJDGEBONDEN.findall(tekst)})
        if woorden and f"notebooks/{naam}#{c['id']}" not in plekken:
            missen.append(f"cel {c['id']} ({', '.join(woorden)})")
    return missen


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_time_bound_notebook_cells_are_registered(nb, register):
    missen = ongeregistreerd(nb, _plekken(register), nb.name)
    assert not missen, (
        f"{nb.name}: cellen over wetgeving, beleid of 'nieuwste' cijfers zonder bewering in docs/actualiteit.yaml: "
        + "; ".join(missen) + ". Voeg een bewering toe met 'waar: notebooks/" + nb.name + "#<cel-id>' en zet "
        "'stand <maand jaar>' in de cel.")


def test_an_unregistered_cell_is_found(tmp_path, register):
    """A new cell about a bill, or one saying 'stand …', without an entry is reported; a reading list is not."""
    cellen = [{"cell_type": "markdown", "id": "nieuw", "metadata": {}, "source": ["Het wetsvoorstel ligt nog bij de Kamer."]},
              {"cell_type": "markdown", "id": "stand", "metadata": {}, "source": ["Dat is de stand maart 2027."]},
              {"cell_type": "markdown", "id": "lees", "metadata": {},
               "source": ["- [*Voortgang wetsvoorstel X*](../docs/bibliografie.md#k)"]}]
    nb = tmp_path / "07_gemengd_en_inclusief.ipynb"
    nb.write_text(json.dumps({"cells": cellen}), encoding="utf-8")
    missen = ongeregistreerd(nb, _plekken(register), nb.name)
    assert [m.split()[1] for m in missen] == ["nieuw", "stand"]


@pytest.mark.parametrize("bank", BANKEN, ids=[p.name for p in BANKEN])
def test_time_bound_questions_are_registered(bank, register):
    plekken = _plekken(register)
    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    missen = []
    for o in [*(data.get("vragen") or []), *(data.get("reflecties") or [])]:
        tekst = json.dumps({k: v for k, v in o.items() if k != "bronnen"}, ensure_ascii=False)
        if TIJDGEBONDEN_BANK.search(tekst) and f"notebooks/vragen/{bank.name}#{o['id']}" not in plekken:
            missen.append(o["id"])
    assert not missen, f"{bank.name}: vragen over wetgeving of beleid zonder bewering in docs/actualiteit.yaml: {missen}"


def test_stale_claims_are_listed_in_dutch(register):
    oud = act.verouderd(register, dt.date(2026, 12, 7))
    assert "wet-regie-stand" in {b.id for b in oud}  # stand februari 2026: ten months
    tekst = act.waarschuwing(register, dt.date(2026, 12, 7))
    assert "wet-regie-stand (stand februari 2026, 10 maanden oud)" in tekst
    assert "Controleer:" in tekst and "docs/actualiteit.yaml" in tekst
    assert act.waarschuwing(register, dt.date(2025, 12, 1)) == ""


def test_nine_months_is_the_limit():
    b = act.Bewering("x", "x", 2026, 2, ("k",), ("w",), "c")
    assert act.verouderd([b], dt.date(2026, 11, 30)) == []  # nine months: still fine
    assert act.verouderd([b], dt.date(2026, 12, 1)) == [b]  # ten months: warn


def test_check_warns_but_does_not_fail(capsys):
    assert main(["check"]) == 0
    fout = capsys.readouterr().err
    vandaag = dt.date.today()
    if any(act.leeftijd(b, vandaag) > act.MAX_MAANDEN for b in act.lees_register()):
        assert "meer dan 9 maanden niet gecontroleerd" in fout and "wet-regie-stand" in fout


def test_check_fails_on_a_broken_register(tmp_path, monkeypatch, capsys):
    """A register that cannot be read is a content error: check says so in Dutch and fails."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "actualiteit.yaml").write_text("- id: x\n  stand: februari\n", encoding="utf-8")
    monkeypatch.setattr(act, "register_bestand", lambda: tmp_path / "docs" / "actualiteit.yaml")
    problemen = act.controleer_actualiteit(dt.date(2026, 12, 7))
    assert len(problemen) == 1 and "ontbreken" in problemen[0] and "'x'" in problemen[0]


@pytest.mark.parametrize("inhoud, woord", [
    ("id: los\n", "lijst"),
    ("- id: a\n  bewering: b\n  stand: '2026-13'\n  bron: k\n  waar: w\n  controleer: c\n", "stand"),
    ("- id: a\n  bewering: b\n  stand: '2026-02'\n  bron: []\n  waar: w\n  controleer: c\n", "bron"),
    ("- id: a\n  bewering: b\n  stand: '2026-02'\n  bron: k\n  waar: w\n  controleer: c\n  extra: 1\n", "onbekend veld"),
    ("- id: a\n  bewering: b\n  stand: '2026-02'\n  bron: k\n  waar: w\n  controleer: c\n"
     "- id: a\n  bewering: b\n  stand: '2026-02'\n  bron: k\n  waar: w\n  controleer: c\n", "twee keer"),
])
def test_broken_register_gives_dutch_message(tmp_path, inhoud, woord):
    pad = tmp_path / "actualiteit.yaml"
    pad.write_text(inhoud, encoding="utf-8")
    with pytest.raises(BankFout, match=woord):
        act.lees_register(pad)


def test_teacher_guide_section_is_current():
    tekst = act.handleiding_bestand().read_text(encoding="utf-8")
    assert "## Voor elke nieuwe cursusronde: wat je controleert" in tekst
    assert act.werk_handleiding_bij(tekst) == tekst, (
        "Het overzicht in docs/docentenhandleiding.md hoort niet bij docs/actualiteit.yaml. "
        "Voer uit: python -m wijklab actualiteit")


def test_teacher_guide_section_comes_before_the_assignments():
    tekst = act.handleiding_bestand().read_text(encoding="utf-8")
    assert tekst.index("## Voor elke nieuwe cursusronde") < tekst.index("## Opdrachten")


def test_month_names_live_in_taal():
    assert maand_jaar(2026, 2) == "februari 2026"
    assert maand_jaar(2025, 11) == "november 2025"
