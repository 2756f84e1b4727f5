"""Question banks: one broken bank breaks only its own questions, edits are seen at once, `check`
catches impossible values, and the YAML reader is bounded (hostile banks are refused quickly, in Dutch)."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml

import wijklab as wl
from conftest import COURSE_ROOT, alle_paden, clear_wijklab_caches
from wijklab.inhoud import bank, schemacheck, vraagschema, yamllezer
from wijklab.inhoud.bank import BankFout, laad_bank

#: English that must never reach a teacher or student (PyYAML's and pydantic's own words)
ENGELS = ("could not", "found", "expected", "while ", "mapping values", "not allowed", "token", "Traceback",
          "Error", "error", "character", "stream", "Field required", "Input should")


def geen_engels(tekst: str) -> None:
    for woord in ENGELS:
        assert woord not in tekst, f"Engels in de melding ({woord!r}):\n{tekst}"


@pytest.fixture
def kopie(tmp_path, monkeypatch):
    doel = tmp_path / "cursus"
    for map in ("notebooks/vragen", "data", "docs"):
        shutil.copytree(COURSE_ROOT / map, doel / map)
    monkeypatch.setenv("WIJKLAB_CURSUS", str(doel))
    clear_wijklab_caches()
    return doel


def vragen(kopie) -> Path:
    return kopie / "notebooks" / "vragen"


def een_vraag(nr: str):
    return bank.bank_voor(nr).vragen[0]


def breek(pad: Path) -> None:
    pad.write_text(pad.read_text(encoding="utf-8").replace("uitleg:", "uitlег:", 1), encoding="utf-8")


# --- isolation ------------------------------------------------------------------------------------


def test_a_broken_bank_breaks_only_its_own_questions(kopie):
    goed_id, kapot_id = een_vraag("01").id, een_vraag("02").id
    breek(vragen(kopie) / "02_de_breuk.yaml")
    w = wl.quiz(goed_id)
    assert "wl-quiz" in w._dom_classes, "een kapotte bank van notebook 02 breekt ook de vragen van notebook 01"
    kapot = wl.quiz(kapot_id)
    assert "wl-fout" in kapot._dom_classes
    tekst = kapot.value
    assert "02_de_breuk.yaml" in tekst and "uitlег" in tekst
    assert "de rest van het notebook werkt gewoon" not in tekst  # not true: its other questions are broken too
    assert "werken de vragen en reflecties uit de vragenbank van dit notebook niet" in tekst
    # an unknown id in a good bank: the other questions do work, and the message says so
    assert "de andere vragen werken gewoon" in wl.quiz("01-bestaat-niet").value


def test_progress_shows_the_other_notebooks_when_one_bank_is_broken(kopie):
    breek(vragen(kopie) / "02_de_breuk.yaml")
    v = wl.voortgang()
    alle = {b.stem[:2] for b in vragen(kopie).glob("*.yaml")}
    assert {s.notebook for s in v.standen} == alle - {"02"} and {"00", "01", "03"} <= alle
    assert any("02_de_breuk.yaml" in m for m in v.meldingen)
    assert not wl.voortgang("01").meldingen


def test_progress_of_one_notebook_reads_only_its_own_bank(kopie, monkeypatch):
    """wl.voortgang("01") ends every notebook: it reads one bank, not the whole course (~0,1 s)."""
    gelezen = []
    echt = bank.laad_bank
    monkeypatch.setattr(bank, "laad_bank", lambda pad: gelezen.append(Path(pad).name) or echt(pad))
    v = wl.voortgang("01")
    assert gelezen == ["01_gemengde_wijk.yaml"] and [s.notebook for s in v.standen] == ["01"]
    breek(vragen(kopie) / "01_gemengde_wijk.yaml")
    kapot = wl.voortgang("01")
    assert kapot.standen == [] and any("01_gemengde_wijk.yaml" in m for m in kapot.meldingen)


def test_two_banks_for_one_notebook_name_both_files(kopie):
    shutil.copy(vragen(kopie) / "01_gemengde_wijk.yaml", vragen(kopie) / "01_kopie.yaml")
    with pytest.raises(BankFout) as e:
        bank.zoek(een_vraag("00").id.replace("00-", "01-"))
    assert "01_gemengde_wijk.yaml" in str(e.value) and "01_kopie.yaml" in str(e.value)
    problemen = "\n".join(bank.controleer_alles())
    assert "01_gemengde_wijk.yaml" in problemen and "01_kopie.yaml" in problemen and "twee vragenbanken" in problemen
    assert wl.quiz(een_vraag("03").id)._dom_classes  # other notebooks unaffected
    assert "wl-quiz" in wl.quiz(een_vraag("03").id)._dom_classes


def test_one_id_in_two_banks_names_both_files(kopie):
    pad = vragen(kopie) / "01_extra.yaml"
    data = yaml.safe_load((vragen(kopie) / "01_gemengde_wijk.yaml").read_text(encoding="utf-8"))
    data["notebook"] = "01_extra"
    data["vragen"] = data["vragen"][:1]
    data["reflecties"] = []
    pad.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    vid = data["vragen"][0]["id"]
    problemen = [p for p in bank.controleer_alles() if vid in p]
    assert problemen, "dezelfde vraag-id in twee banken wordt niet gemeld"
    assert "01_gemengde_wijk.yaml" in problemen[0] and "01_extra.yaml" in problemen[0]


def test_duplicate_key_in_one_mapping_names_both_lines(tmp_path, lader):
    pad = tmp_path / "01_toets.yaml"
    pad.write_text(
        "notebook: 01_toets\ntitel: Toets\nvragen:\n  - id: 01-a\n    type: getal\n    bloom: toepassen\n"
        "    vraag: Hoeveel?\n    antwoord: 40\n    marge: 0\n    antwoord: 41\n    feedback_te_laag: Laag.\n"
        "    feedback_te_hoog: Hoog.\n    uitleg: Veertig.\n",
        encoding="utf-8",
    )
    with pytest.raises(BankFout) as e:
        laad_bank(pad)
    msg = str(e.value)
    assert "01_toets.yaml" in msg and "'antwoord'" in msg and "regel 8" in msg and "regel 10" in msg
    geen_engels(msg)


def test_an_edited_bank_is_seen_without_restarting_the_kernel(kopie):
    vraag = een_vraag("01")
    assert bank.zoek(vraag.id)[1].vraag == vraag.vraag
    pad = vragen(kopie) / "01_gemengde_wijk.yaml"
    data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    data["vragen"][0]["vraag"] = "Een nieuwe vraagtekst?"
    pad.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert bank.zoek(vraag.id)[1].vraag == "Een nieuwe vraagtekst?"  # no cache_clear in between
    breek(pad)
    assert "wl-fout" in wl.quiz(vraag.id)._dom_classes
    pad.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert "wl-quiz" in wl.quiz(vraag.id)._dom_classes  # repaired: works again at once


def test_only_the_own_bank_is_read(kopie):
    (vragen(kopie) / "02_de_breuk.yaml").write_bytes(b"\xff\xfe kapot")
    assert bank.zoek(een_vraag("01").id)


# --- check: impossible values ----------------------------------------------------------------------


def voorspel_bank(**velden) -> str:
    v = {"id": "01-schat", "type": "voorspel", "bloom": "toepassen", "vraag": "Hoeveel procent?", "antwoord": 30,
         "marge": 3, "eenheid": "procent", "uitleg": "Dertig.", **velden}
    return yaml.safe_dump({"notebook": "01_toets", "titel": "Toets", "vragen": [v]}, allow_unicode=True, sort_keys=False)


def check(kopie, werkmap) -> subprocess.CompletedProcess:
    env = {**os.environ, "WIJKLAB_CURSUS": str(kopie), "WIJKLAB_WERKMAP": str(werkmap)}
    return subprocess.run([sys.executable, "-m", "wijklab", "check"], env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("velden,fragment", [
    ({"minimum": 0, "maximum": 20}, "'maximum' (20) is kleiner dan het antwoord"),
    ({"minimum": 40, "maximum": 100}, "'minimum' (40) is groter dan het antwoord"),
    ({"minimum": 0}, "zowel 'minimum' als 'maximum'"),
    ({"maximum": 100}, "zowel 'minimum' als 'maximum'"),
    ({"antwoord": float("nan")}, "antwoord"),
    ({"antwoord": float("inf")}, "antwoord"),
    ({"marge": float("inf")}, "marge"),
])
def test_check_catches_impossible_values(kopie, werkmap, velden, fragment):
    shutil.move(vragen(kopie) / "01_gemengde_wijk.yaml", kopie / "weg.yaml")
    (vragen(kopie) / "01_toets.yaml").write_text(voorspel_bank(**velden), encoding="utf-8")
    res = check(kopie, werkmap)
    uit = res.stdout + res.stderr
    assert res.returncode == 1, uit
    assert fragment in uit and "01-schat" in uit, uit
    assert "\n1 probleem gevonden" in uit and "probleem/problemen" not in uit, uit
    geen_engels(uit)


def test_check_counts_problems_in_dutch_plural(kopie, werkmap):
    shutil.move(vragen(kopie) / "01_gemengde_wijk.yaml", kopie / "weg.yaml")
    (vragen(kopie) / "01_toets.yaml").write_text(voorspel_bank(minimum=40, maximum=20), encoding="utf-8")
    res = check(kopie, werkmap)
    assert "\n3 problemen gevonden" in res.stderr, res.stderr


def test_check_flags_options_with_the_same_text():
    b = bank.bank_uit({"notebook": "01_toets", "titel": "T", "vragen": [{
        "id": "01-a", "type": "enkelvoudig", "bloom": "onthouden", "vraag": "?", "uitleg": "U",
        "opties": [{"tekst": "2007", "juist": True, "feedback": "Ja."}, {"tekst": "2007", "feedback": "Nee."}]}]})
    assert any("twee keer" in p and "2007" in p for p in bank.onmogelijke_waarden(b))


# --- one schema, two checks: the fast check derived from the declarations, and pydantic over them ------

#: values a teacher's typo or a hostile file can put anywhere in a bank
RARE_WAARDEN = (None, "", " ", "x", "3.5", "onthouden", "enkelvoudig", "z.j.", "01_Toets", "01_toets\n", "01-A", "01-a\n", 0, -1, 1, 2, 2.5, -0.5, -0.0,
                float("nan"), float("inf"), 10**400, True, False, [], {}, ["x"], [{}], {"a": 1}, {"tekst": "x"})


def _mini_bank(vraag: dict | None = None, reflectie: dict | None = None) -> dict:
    return {"notebook": "01_toets", "titel": "T", "vragen": [vraag] if vraag else [],
            "reflecties": [reflectie] if reflectie else []}


def _varianten(data):
    """Every way to break ``data`` once: each value replaced by each rare value, each key dropped, one key added."""
    import copy

    for pad in list(alle_paden(data))[1:]:
        for actie in ("weg", *range(len(RARE_WAARDEN))):
            kopie = copy.deepcopy(data)
            ouder = kopie
            for k in pad[:-1]:
                ouder = ouder[k]
            if actie == "weg":
                del ouder[pad[-1]]
            else:
                ouder[pad[-1]] = copy.deepcopy(RARE_WAARDEN[actie])
            yield kopie
    for extra in ({**data, "onbekend": "x"}, {**data, 7: "x"}):
        yield extra


def _oordeel_pydantic(klasse, data):
    """pydantic's verdict over the same dataclasses: the object it builds, or None when it refuses."""
    import pydantic

    try:
        return schemacheck.streng(klasse, data)
    except pydantic.ValidationError:
        return None


def een_oordeel(klasse, data) -> str:
    """Assert that the fast check and pydantic agree on ``data``; return which verdict it was.

    'snel': both take it and build the same object; 'omgezet': only pydantic takes it (it converts a value),
    and what it built is exactly right, so the fast check takes that as it is; 'geweigerd': both refuse.
    """
    snel = schemacheck.snel(klasse, data)
    traag = _oordeel_pydantic(klasse, data)
    if snel is not None:
        assert snel == traag, f"de snelle controle bouwt iets anders dan pydantic uit:\n{data!r}"
        return "snel"
    if traag is not None:
        assert isinstance(traag, klasse)
        assert schemacheck.snel(klasse, dataclasses.asdict(traag)) == traag, f"pydantic bouwt iets dat niet klopt uit:\n{data!r}"
        return "omgezet"
    return "geweigerd"


def test_the_fast_check_is_derived_from_every_field_of_every_declaration():
    """No field the fast check cannot read (it would then send every bank to pydantic), and what a bank must
    give is what the dataclass has no default for."""
    klassen = {vraagschema.Bank, vraagschema.Bronvermelding, vraagschema.Optie, vraagschema.Item, vraagschema.Paar,
               vraagschema.Reflectie, *vraagschema.VRAAGSOORTEN.values()}
    for klasse in klassen:
        lezers, verplicht, alle = schemacheck._velden(klasse)
        velden = dataclasses.fields(klasse)
        assert alle == {f.name for f in velden}, klasse.__name__
        for f in velden:
            assert lezers[f.name] is not schemacheck._weiger, f"{klasse.__name__}.{f.name}: onbekend type {f.type}"
            heeft_standaard = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
            assert (f.name in verplicht) != heeft_standaard, f"{klasse.__name__}.{f.name}"
    for naam, klasse in vraagschema.VRAAGSOORTEN.items():  # its 'type' says which soort it is
        assert klasse.type == naam and issubclass(klasse, vraagschema._Vraag)
    assert bank.VRAAGTYPES == ("enkelvoudig", "meervoudig", "volgorde", "koppelen", "getal", "voorspel")


def test_every_course_bank_and_source_is_read_without_pydantic_and_as_pydantic_reads_it():
    for bestand in bank.bankbestanden():
        data = yaml.safe_load(bestand.read_text(encoding="utf-8"))
        assert schemacheck.snel(bank.Bank, data) is not None, \
            f"{bestand.name}: de snelle controle weigert een goede bank (dan laadt elk notebook pydantic)"
        assert een_oordeel(bank.Bank, data) == "snel", bestand.name
    for sleutel, velden in yaml.safe_load(bank.bibliografie_bestand().read_text(encoding="utf-8")).items():
        assert een_oordeel(bank.Bronvermelding, velden) == "snel", sleutel


def test_the_fast_check_and_pydantic_give_one_verdict_on_every_broken_variant():
    """Each question and reflection of the course, broken in every single way: thousands of variants."""
    oordelen: dict[str, int] = {}
    for b in bank.alle_banken().values():
        for o in [*b.vragen, *b.reflecties]:
            los = dataclasses.asdict(o)
            basis = _mini_bank(vraag=los) if isinstance(o, tuple(bank.VRAAGSOORTEN.values())) else _mini_bank(reflectie=los)
            for variant in _varianten(basis):
                oordeel = een_oordeel(bank.Bank, variant)
                oordelen[oordeel] = oordelen.get(oordeel, 0) + 1
    bron = next(iter(yaml.safe_load(bank.bibliografie_bestand().read_text(encoding="utf-8")).values()))
    for variant in _varianten({"jaar": 2015, **bron}):
        oordeel = een_oordeel(bank.Bronvermelding, variant)
        oordelen[oordeel] = oordelen.get(oordeel, 0) + 1
    gezien = sum(oordelen.values())
    # every kind of verdict occurs, and most variants are refused
    assert gezien > 20_000 and oordelen["geweigerd"] > gezien / 2 and oordelen["omgezet"] and oordelen["snel"], oordelen


def test_a_rule_beyond_one_field_is_declared_once_and_holds_on_both_paths():
    """Two right options in a single-choice question: the dataclass refuses to exist, the fast check declines,
    pydantic refuses with the rule's own Dutch words."""
    opties = [vraagschema.Optie(tekst="a", juist=True, feedback="Ja."), vraagschema.Optie(tekst="b", juist=True, feedback="Ja.")]
    with pytest.raises(ValueError, match="precies één"):
        vraagschema.Enkelvoudig(id="01-a", bloom="onthouden", vraag="?", uitleg="U", opties=opties)
    data = _mini_bank(vraag={"id": "01-a", "type": "enkelvoudig", "bloom": "onthouden", "vraag": "?", "uitleg": "U",
                             "opties": [dataclasses.asdict(o) for o in opties]})
    assert een_oordeel(bank.Bank, data) == "geweigerd"
    with pytest.raises(BankFout, match="vraag 01-a, veld '\\(geheel\\)': opties: precies één optie"):
        bank.bank_uit(data, "01_toets.yaml")


def test_a_bank_pydantic_can_convert_still_loads(tmp_path):
    """'antwoord: "3.5"' is not exactly right, but pydantic converts it: the strict reader leaves it to pydantic."""
    pad = tmp_path / "01_toets.yaml"
    pad.write_text(voorspel_bank(minimum=0, maximum=10).replace("antwoord: 30", 'antwoord: "3.5"'), encoding="utf-8")
    assert 'antwoord: "3.5"' in pad.read_text(encoding="utf-8")
    assert laad_bank(pad).vragen[0].antwoord == 3.5


def test_a_wrong_choice_lists_the_choices_in_dutch(tmp_path):
    pad = tmp_path / "01_toets.yaml"
    pad.write_text(voorspel_bank().replace("bloom: toepassen", "bloom: toepasen"), encoding="utf-8")
    with pytest.raises(BankFout) as e:
        laad_bank(pad)
    melding = str(e.value)
    assert "veld 'bloom'" in melding and "'evalueren' of 'creëren'" in melding and " or " not in melding, melding
    geen_engels(melding)


def test_a_notebook_never_imports_pydantic_for_good_banks(tmp_path):
    """Importing pydantic and building its models cost every notebook ~0,2 s; good banks do without it."""
    code = (
        "import sys, wijklab as wl\n"
        "from wijklab import bank\n"
        "for b in bank.alle_banken().values():\n"
        "    for v in b.vragen: wl.quiz(v.id)\n"
        "    for r in b.reflecties: wl.reflectie(r.id)\n"
        "wl.voortgang()\n"
        "print('pydantic' in sys.modules, len(bank.bibliografie()))\n"
        "bank.bank_uit({'notebook': '01_x'})\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "WIJKLAB_WERKMAP": str(tmp_path)})
    regels = res.stdout.split()
    assert regels[:1] == ["False"] and int(regels[1]) > 50, res.stdout + res.stderr
    # a broken bank does bring in pydantic, for its Dutch account of what is wrong
    assert "titel" in res.stderr and "ontbreekt" in res.stderr and "Field required" not in res.stderr, res.stderr


# --- bounded readers ------------------------------------------------------------------------------------


@pytest.fixture(params=["libyaml", "python"])
def lader(request, monkeypatch):
    """Both readers: libyaml (C) where PyYAML has it, pure Python where it has not."""
    if request.param == "python":
        monkeypatch.setattr(yamllezer, "_BegrensdeLader", yamllezer._maak_lader(yaml.SafeLoader))
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.fail("PyYAML zonder libyaml: installeer pyyaml van conda-forge of een wheel met libyaml")
    return request.param


def lol(n: int = 9) -> str:
    regels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, n):
        regels.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "notebook: 01_toets\ntitel: Lachen\n" + "\n".join(regels) + f"\nvragen: *a{n - 1}\n"


def alias_product() -> str:
    rij = "rij: &rij [" + ", ".join(["x"] * 2000) + "]\n"
    return "notebook: 01_toets\ntitel: Product\n" + rij + "vragen: [" + ", ".join(["*rij"] * 2000) + "]\n"


@pytest.mark.parametrize("inhoud,fragment", [
    (lol(), "geen ankers"),
    (alias_product(), "geen ankers"),
    ("notebook: 01_toets\nvragen: &a [*a]\n", "geen ankers"),
    ("notebook: 01_toets\nvragen: " + "[" * 5_000 + "]" * 5_000 + "\n", "genest"),
    ("vragen:\n" + "".join("  " * i + "- \n" for i in range(1, 200)), "genest"),
    ("notebook: 01_toets\nvragen: [" + ",".join(["0"] * 400_000) + "]\n", "onderdelen"),
], ids=["billion_laughs", "alias_product", "recursive_alias", "deep_flow", "deep_block", "flat_1mb"])
def test_hostile_bank_is_refused_quickly_and_small(tmp_path, lader, inhoud, fragment):
    pad = tmp_path / "01_toets.yaml"
    pad.write_text(inhoud, encoding="utf-8")
    begin = time.perf_counter()
    with pytest.raises(BankFout) as e:
        laad_bank(pad)
    duur = time.perf_counter() - begin
    tracemalloc.start()  # a second time for memory (tracing makes it slower)
    try:
        with pytest.raises(BankFout):
            laad_bank(pad)
        _, piek = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    grens = 2.0 if lader == "libyaml" else 5.0  # pure-Python PyYAML is several times slower
    assert duur < grens, f"een vijandige bank kostte {duur:.1f} s"
    assert piek < 100 * 2**20, f"een vijandige bank kostte {piek / 2**20:.0f} MB"
    msg = str(e.value)
    assert "01_toets.yaml" in msg and fragment in msg, msg
    geen_engels(msg)


GOEDE_VRAAG = ("  - id: 01-a\n    type: getal\n    bloom: toepassen\n    vraag: Hoeveel?\n    antwoord: 40\n"
               "    marge: 0\n    feedback_te_laag: Laag.\n    feedback_te_hoog: Hoog.\n    uitleg: Veertig.\n")


@pytest.mark.parametrize("inhoud,fragment", [
    ("notebook: 01_toets\ntitel: &titel Toets\nvragen:\n" + GOEDE_VRAAG, "een anker (&titel) op regel 2"),
    ("notebook: 01_toets\ntitel: Toets\nvragen:\n" + GOEDE_VRAAG.replace("uitleg: Veertig.", "uitleg: *uitleg"),
     "een verwijzing (*uitleg) op regel 12"),
    ("notebook: 01_toets\ntitel: Toets\nvragen:\n" + GOEDE_VRAAG + "  - <<: {id: 01-b}\n    type: getal\n",
     "een samenvoeg-sleutel (<<:) op regel 13"),
    ("notebook: 01_toets\ntitel: Toets\nbasis: &b {marge: 0}\nvragen:\n"
     + GOEDE_VRAAG.replace("    marge: 0\n", "    <<: *b\n"), "een anker (&b) op regel 3"),
], ids=["anchor", "alias", "merge_key", "merge_alias"])
def test_anchors_aliases_and_merge_keys_are_refused_in_dutch(tmp_path, lader, inhoud, fragment):
    """No course file uses them; refused outright, nothing is ever expanded (the size on disk is what is read)."""
    pad = tmp_path / "01_toets.yaml"
    pad.write_text(inhoud, encoding="utf-8")
    with pytest.raises(BankFout) as e:
        laad_bank(pad)
    msg = str(e.value)
    assert "01_toets.yaml wordt niet gelezen" in msg and fragment in msg and "schrijf elke vraag voluit" in msg, msg
    geen_engels(msg)
    # without them the same bank loads
    pad.write_text("notebook: 01_toets\ntitel: Toets\nvragen:\n" + GOEDE_VRAAG, encoding="utf-8")
    assert laad_bank(pad).vragen[0].antwoord == 40


def test_big_file_is_refused_without_reading_it(tmp_path):
    pad = tmp_path / "01_toets.yaml"
    pad.write_text("notebook: 01_toets\ntitel: " + "x" * 2_000_000 + "\n", encoding="utf-8")
    with pytest.raises(BankFout) as e:
        laad_bank(pad)
    assert "te groot" in str(e.value) and "01_toets.yaml" in str(e.value)


def laad_in_draad(pad: Path, wacht: float = 5.0) -> str:
    """Load in a thread, so a reader that blocks (a FIFO) fails the test instead of hanging it."""
    uit: list = []

    def doe():
        try:
            laad_bank(pad)
            uit.append("geladen")
        except BankFout as e:
            uit.append(str(e))

    t = threading.Thread(target=doe, daemon=True)
    t.start()
    t.join(wacht)
    assert uit, f"het lezen van {pad.name} blijft hangen"
    return uit[0]


def test_bank_that_is_a_directory_fifo_or_link_loop_is_named(tmp_path):
    map_ = tmp_path / "01_map.yaml"
    map_.mkdir()
    fifo = tmp_path / "01_fifo.yaml"
    os.mkfifo(fifo)
    lus = tmp_path / "01_lus.yaml"
    os.symlink(lus, lus)
    for pad, fragment in ((map_, "is een map"), (fifo, "geen gewoon bestand"), (lus, "naar zichzelf")):
        msg = laad_in_draad(pad)
        assert pad.name in msg and fragment in msg, msg
        geen_engels(msg)


def test_banks_in_the_course_folder_that_are_not_files_break_only_their_notebook(kopie):
    os.mkfifo(vragen(kopie) / "02_fifo.yaml")
    resultaat: list = []
    t = threading.Thread(target=lambda: resultaat.append(bank.controleer_alles()), daemon=True)
    t.start()
    t.join(10)
    assert resultaat, "check blijft hangen op een FIFO in notebooks/vragen/"
    assert any("02_fifo.yaml" in p and "geen gewoon bestand" in p for p in resultaat[0])
    assert "wl-quiz" in wl.quiz(een_vraag("01").id)._dom_classes


def test_unreadable_bank_is_named(tmp_path):
    """Run as another user (root reads everything), so the permission is real."""
    pad = tmp_path / "01_toets.yaml"
    pad.write_text("notebook: 01_toets\n", encoding="utf-8")
    pad.chmod(0)
    tmp_path.chmod(0o755)
    code = ("from wijklab import bank\n"
            f"try: bank.laad_bank({str(pad)!r})\n"
            "except bank.BankFout as e: print(e)\n")
    if os.geteuid() == 0:
        voor = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    else:
        voor = []
    env = {**os.environ, "PYTHONPATH": str(COURSE_ROOT / "src")}
    res = subprocess.run([*voor, sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert "01_toets.yaml kan niet worden gelezen" in res.stdout and "leesrechten" in res.stdout, res.stdout + res.stderr
    geen_engels(res.stdout)


@pytest.mark.parametrize("inhoud,fragment", [
    ("notebook: 01_toets\n\ttitel: x\n", "tab"),
    ("notebook: 01_toets\ntitel: x\nvragen:\n  - id: 01-a\n    type\n    bloom: x\n", "dubbele punt"),
    ("notebook: 01_toets\ntitel: Wat: dit\n", "dubbele punt"),
    ("notebook: 01_toets\ntitel: \"niet gesloten\n", "aanhalingsteken"),
    ("notebook: 01_toets\ntitel: *geen\n", "anker"),
    ("notebook: 01_toets\ntitel: @iemand\n", "aanhalingstekens"),
    ("notebook: 01_toets\ntitel: [a, b\n", "lijst"),
    ("notebook: 01_toets\ntitel: x\n---\nnog: een\n", "document"),
    ("notebook: 01_toets\ntitel: \"a\" b\n", "regel 2"),
    ("notebook: 01_toets\ntitel: x\n  vragen: []\n", "regel"),
    ("notebook: 01_toets\ndatum: 2026-13-45\n", "aanhalingstekens"),
    ("notebook: 01_toets\ntitel: !python/object x\n", "label"),
    ("notebook: 01_toets\ntitel: a\x07b\n", "stuurteken"),
    ("notebook: 01_toets\n? [a, b]\n: x\n", "veldnaam"),
])
def test_yaml_problems_are_explained_in_dutch(tmp_path, lader, inhoud, fragment):
    pad = tmp_path / "01_toets.yaml"
    pad.write_text(inhoud, encoding="utf-8")
    with pytest.raises(BankFout) as e:
        laad_bank(pad)
    msg = str(e.value)
    assert "01_toets.yaml" in msg and fragment in msg, msg
    geen_engels(msg)


def test_yaml_fallback_is_dutch_with_line_and_column():
    fout = yaml.scanner.ScannerError(problem="something new and English", problem_mark=yaml.Mark("x", 0, 4, 2, "", 0))
    tekst = yamllezer._yaml_nl(fout)
    assert "regel 5, kolom 3" in tekst and "English" not in tekst


# --- commands on the command line exist (fail, never skip) -----------------------------------------


@pytest.mark.parametrize("opdracht", ["check", "export", "klas"])
def test_every_documented_command_exists(opdracht):
    from wijklab.__main__ import GEBRUIK

    assert f"  {opdracht}" in GEBRUIK
    res = subprocess.run([sys.executable, "-m", "wijklab", opdracht, "--help"], capture_output=True, text=True, timeout=120)
    assert "Onbekende opdracht" not in res.stdout + res.stderr, res.stderr
    assert res.returncode == 0 and "Traceback" not in res.stderr, res.stdout + res.stderr


def test_a_reflection_in_a_broken_bank_says_what_is_true(kopie):
    rid = bank.bank_voor("02").reflecties[0].id
    breek(vragen(kopie) / "02_de_breuk.yaml")
    tekst = wl.reflectie(rid).value
    assert "de rest van het notebook werkt gewoon" not in tekst and "02_de_breuk.yaml" in tekst
    assert "werken de vragen en reflecties uit de vragenbank van dit notebook niet" in tekst


def test_check_counts_each_listed_problem(kopie, werkmap):
    shutil.move(vragen(kopie) / "01_gemengde_wijk.yaml", kopie / "weg.yaml")
    (vragen(kopie) / "01_toets.yaml").write_text(voorspel_bank(antwoord=float("nan"), marge=float("inf")), encoding="utf-8")
    res = check(kopie, werkmap)
    assert "\n2 problemen gevonden" in res.stderr and ".nan" in res.stderr, res.stderr


def test_no_course_key_gives_itself_away_by_its_length():
    """No right answer of single or multiple choice in the course is over 1,8 times as long as the longest
    wrong option (issue 23: 02-terugval-oordeel, 03-uitnodigingsplanologie, 03-cohesie-oordeel and
    02-woningwet-wijk were 1,9–3,7 times as long); check's warning is a test for the course itself."""
    lang = [f"{v.id}: {max(len(o.tekst.strip()) for o in v.opties if o.juist)} tegen "
            f"{max(len(o.tekst.strip()) for o in v.opties if not o.juist)} tekens"
            for b in bank.alle_banken().values() for v in b.vragen
            if v.type in ("enkelvoudig", "meervoudig") and any(not o.juist for o in v.opties)
            and max(len(o.tekst.strip()) for o in v.opties if o.juist)
            > bank.LENGTE_VERHOUDING * max(len(o.tekst.strip()) for o in v.opties if not o.juist)]
    assert not lang, "goede antwoorden die zich verraden door hun lengte:\n" + "\n".join(lang)
    assert all(not bank.weggevers(b) for b in bank.alle_banken().values())


HOGER = {"toepassen", "analyseren", "evalueren", "creëren"}


def test_capstone_07_asks_at_least_half_of_its_closed_questions_above_understanding():
    """Notebook 07 is the capstone: at least half of its closed questions (predictions aside) ask to apply,
    analyse or evaluate (issue 23: 2 of 8 were above 'begrijpen')."""
    vragen = [v for v in bank.bank_voor("07").vragen if v.type != "voorspel"]
    hoger = [v.id for v in vragen if v.bloom in HOGER]
    assert len(hoger) * 2 >= len(vragen), f"07: {len(hoger)} van {len(vragen)} gesloten vragen boven 'begrijpen': {hoger}"


def test_bloom_labels_say_what_a_question_asks():
    """An estimate (voorspel) applies nothing yet: it is labelled at most 'begrijpen'; putting dated events in
    order is recall of dates: 'onthouden'."""
    fout = []
    for b in bank.alle_banken().values():
        for v in b.vragen:
            if v.type == "voorspel" and v.bloom in HOGER:
                fout.append(f"{v.id}: een schatting, geen '{v.bloom}'")
            if v.type == "volgorde" and all(re.search(r"\b(19|20)\d\d\b", it.toelichting or "") for it in v.items) \
                    and v.bloom != "onthouden":
                fout.append(f"{v.id}: jaartallen op volgorde zetten is 'onthouden', geen '{v.bloom}'")
    assert not fout, "\n".join(fout)
