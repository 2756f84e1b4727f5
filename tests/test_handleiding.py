"""What a teacher relies on: central terms defined where they first appear, answer keys that match
the banks, and study times that match the work in each notebook."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import COURSE_ROOT
from wijklab.docent import antwoorden

NOTEBOOK_DIR = COURSE_ROOT / "notebooks"
GLOSSARY = COURSE_ROOT / "docs" / "begrippenlijst.md"

# Central terms of the course: anchor in docs/begrippenlijst.md → pattern that finds the term in a
# notebook's text. The first Markdown cell (in course order) that uses the term must link to its
# glossary entry, and explain it there in a few words.
KERNBEGRIPPEN = {
    "leefbaarheid": r"leefbaarh",
    "statushouder": r"statushouder",
    "wijkteam": r"wijkteam",
    "sociaal-domein": r"soci(?:aal|ale) domein",
    "organische-wijkaanpak": r"organische wijkaanpak",
    "daeb": r"\bDAEB\b",
    "prestatieafspraken": r"prestatieafspra",
    "zzp-zorgzwaartepakket": r"\bZZP\b",
    "centrumgemeente": r"centrumgemeente",
    "g32": r"\bG32\b",
    "ethos": r"\bETHOS\b",
    "aftoppingsgrens": r"aftoppingsgrens",
    "huurtoeslag": r"huurtoeslag",
    "intramuraal": r"intramura",
    "ongedeelde-stad": r"ongedeelde stad",
}


def _zonder_adressen(tekst: str) -> str:
    """The text a student reads: link targets and HTML tags left out."""
    return re.sub(r"<[^>]+>", "", re.sub(r"\]\([^)]*\)", "]", tekst))


def markdown_cellen() -> list[tuple[str, int, str]]:
    out = []
    for nb in sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb")):
        for i, cel in enumerate(json.loads(nb.read_text(encoding="utf-8"))["cells"]):
            if cel["cell_type"] == "markdown":
                out.append((nb.name, i, "".join(cel["source"])))
    return out


def eerste_gebruik(patroon: str, cellen) -> tuple[str, int, str] | None:
    flags = 0 if patroon.startswith(r"\b") and patroon[2:3].isupper() else re.I
    for naam, i, tekst in cellen:
        if re.search(patroon, _zonder_adressen(tekst), flags):
            return naam, i, tekst
    return None


def glossary_ankers() -> set[str]:
    return set(re.findall(r'^## <a id="([^"]+)"></a>', GLOSSARY.read_text(encoding="utf-8"), re.M))


@pytest.mark.parametrize("anker", sorted(KERNBEGRIPPEN))
def test_central_term_is_in_the_glossary(anker):
    assert anker in glossary_ankers(), (
        f"Het begrip '{anker}' staat niet in docs/begrippenlijst.md. Voeg een kop toe: "
        f'## <a id="{anker}"></a>Begrip, met een uitleg in eigen woorden en een regel "Bron: ...".')


def test_glossary_entries_name_a_source():
    blokken = re.split(r"^## ", GLOSSARY.read_text(encoding="utf-8"), flags=re.M)[1:]
    zonder = [b.splitlines()[0] for b in blokken if "\nBron" not in b]
    assert not zonder, "Begrippen zonder regel 'Bron: ...':\n" + "\n".join(zonder)


@pytest.mark.parametrize("anker", sorted(KERNBEGRIPPEN))
def test_central_term_is_explained_where_it_first_appears(anker):
    cellen = markdown_cellen()
    plek = eerste_gebruik(KERNBEGRIPPEN[anker], cellen)
    assert plek, f"Het begrip '{anker}' komt in geen enkel notebook voor; haal het uit KERNBEGRIPPEN of gebruik het."
    naam, i, tekst = plek
    assert f"begrippenlijst.md#{anker})" in tekst, (
        f"'{anker}' komt voor het eerst voor in {naam}, cel {i}, maar die cel linkt niet naar "
        f"../docs/begrippenlijst.md#{anker}. Leg het begrip daar kort uit en link naar de begrippenlijst.")


def test_first_use_finds_the_earliest_cell():
    cellen = [("01_a.ipynb", 0, "Hier niets."), ("01_a.ipynb", 3, "De [leefbaarheid](x.md#y) daalde."),
              ("02_b.ipynb", 1, "Leefbaarheid weer.")]
    assert eerste_gebruik(r"leefbaarh", cellen)[:2] == ("01_a.ipynb", 3)
    assert eerste_gebruik(r"\bDAEB\b", [("x", 0, "daeb-achtig"), ("x", 1, "DAEB")])[1] == 1
    assert eerste_gebruik(r"statushouder", [("x", 0, "[a](b.md#statushouder)")]) is None


# --- answer keys ------------------------------------------------------------------------------


def test_answer_keys_are_current():
    md = antwoorden.md_bestand()
    assert md.exists(), "docs/antwoordsleutels.md ontbreekt. Voer uit: python -m wijklab antwoorden"
    assert md.read_text(encoding="utf-8") == antwoorden.maak_markdown(), (
        "docs/antwoordsleutels.md is niet bijgewerkt na een wijziging in een vragenbank of notebook. "
        "Voer uit: python -m wijklab antwoorden")


def test_answer_keys_show_every_right_answer():
    from wijklab.inhoud.bank import bank_voor

    tekst = antwoorden.maak_markdown()
    for nb in antwoorden.notebooks():
        bank = bank_voor(nb.name[:2])
        for v in bank.vragen:
            assert f"### `{v.id}`" in tekst
            for o in getattr(v, "opties", []):
                if o.juist:
                    assert f"**goed:** {' '.join(o.tekst.split())}" in tekst, v.id
        for r in bank.reflecties:
            assert f"### Reflectie `{r.id}`" in tekst
            if r.modelantwoord:
                assert " ".join(r.modelantwoord.split()) in tekst, r.id


def test_answer_keys_command_reports_stale_file(tmp_path, monkeypatch, capsys):
    doel = tmp_path / "antwoordsleutels.md"
    doel.write_text("oud\n", encoding="utf-8")
    monkeypatch.setattr(antwoorden, "md_bestand", lambda: doel)
    assert antwoorden.main_antwoorden(["--controleer"]) == 1
    assert "niet bijgewerkt" in capsys.readouterr().err
    assert antwoorden.main_antwoorden([]) == 0
    assert antwoorden.main_antwoorden(["--controleer"]) == 0


def test_guide_has_no_pointer_instead_of_answer_keys():
    gids = (COURSE_ROOT / "docs" / "docentenhandleiding.md").read_text(encoding="utf-8")
    assert "antwoordsleutels.md" in gids
    assert not re.search(r"\*\*Antwoordsleutel(s)?( en modelantwoorden)?\.\*\* In `notebooks/vragen", gids), (
        "De handleiding verwijst voor de antwoordsleutels nog naar de YAML-bestanden; verwijs naar antwoordsleutels.md.")


def _leerdoelen(nb: Path) -> str:
    eerste = "".join(json.loads(nb.read_text(encoding="utf-8"))["cells"][0]["source"])
    m = re.search(r"\*\*Leerdoelen\.\*\*\s*(.*?)\n\n(?=\*\*)", eerste, re.S)
    assert m, f"{nb.name}: de eerste cel heeft geen alinea '**Leerdoelen.**'"
    return " ".join(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", m.group(1)).split())


@pytest.mark.parametrize("nb", antwoorden.notebooks(), ids=lambda p: p.stem)
def test_guide_copies_the_notebooks_learning_goals(nb):
    gids = " ".join((COURSE_ROOT / "docs" / "docentenhandleiding.md").read_text(encoding="utf-8").split())
    assert _leerdoelen(nb) in gids, (
        f"De leerdoelen van {nb.name} staan niet (meer) letterlijk in docs/docentenhandleiding.md. "
        "Neem ze over uit de eerste cel van het notebook, zonder links.")


# --- study time -------------------------------------------------------------------------------


def vermelde_studietijd(nb: Path) -> int:
    eerste = "".join(json.loads(nb.read_text(encoding="utf-8"))["cells"][0]["source"])
    m = re.search(r"\*\*Studietijd[.:]?\*\*[.:]?\s*(?:ongeveer\s*)?(\d+)", eerste, re.I)
    assert m, f"{nb.name}: de eerste cel noemt geen studietijd ('**Studietijd.** Ongeveer NN minuten')."
    return int(m.group(1))


@pytest.mark.parametrize("nb", antwoorden.notebooks(), ids=lambda p: p.stem)
def test_stated_study_time_matches_the_work(nb):
    """The time a notebook promises is within 15 % of the time computed from its words, questions,
    code cells and reflections (the rule is in wijklab.docent.antwoorden and in the teacher guide)."""
    berekend = antwoorden.studietijd(nb)
    vermeld = vermelde_studietijd(nb)
    assert abs(vermeld - berekend.minuten) <= 0.15 * berekend.minuten, (
        f"{nb.name} zegt {vermeld} minuten studietijd; berekend: {berekend.uitleg()}. "
        "Pas de studietijd in de eerste cel (en in de docentenhandleiding) aan, of maak het notebook korter.")


def test_study_time_rule():
    t = antwoorden.Studietijd(woorden=2000, vragen=10, voorspelvragen=2, codecellen=3, reflecties=2, schrijfwoorden=200)
    # lezen 10; vragen en code 8 × 1,5 + 2 × 3 + 3 = 21 → 20; schrijven 200 / 10 = 20
    assert t.delen() == (10, 20, 20) and t.minuten == 50
    assert antwoorden.Studietijd(2000, 10, 2, 3, 2, 200, modellen=1).delen() == (10, 35, 20)
    kort = antwoorden.Studietijd(woorden=200, vragen=0, voorspelvragen=0, codecellen=0, reflecties=2, schrijfwoorden=0)
    assert kort.delen() == (5, 0, 10)  # reading at least 5; two reflections at least 5 minutes each
