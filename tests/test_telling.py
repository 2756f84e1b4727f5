"""The one progress count (werk.telling): pure, and the same numbers in progress, the export and the class overview."""

from __future__ import annotations

import pytest

from hostile import maak_cursus
from wijklab.werk.telling import Telling, Vraagstand, telling, totaal, vraagstand


# --- the pure function --------------------------------------------------------------------------


def test_an_estimate_is_made_but_never_right_or_wrong_for_progress():
    t = telling([vraagstand("voorspel", [True]), vraagstand("enkelvoudig", [False, True])])
    assert (t.vragen, t.gemaakt, t.schattingen, t.geschat) == (2, 2, 1, 1)
    assert (t.goed, t.goed_eerste_keer, t.toetsvragen, t.toetsvragen_gemaakt, t.toetspogingen) == (1, 0, 1, 1, 2)
    # the export's fields count every graded question, an estimate within its margin included
    assert (t.eerste_keer_goed, t.ooit_goed) == (1, 2)


def test_an_unanswered_question_counts_only_as_a_question():
    t = telling([vraagstand("meervoudig", []), vraagstand("voorspel", [])])
    assert t == Telling(vragen=2, schattingen=1)
    assert not t.klaar and telling([]).klaar


def test_a_changed_question_is_as_right_as_its_grade_says():
    # the caller grades against today's bank: an attempt at a changed question comes in as not right
    t = telling([vraagstand("enkelvoudig", [False, True])])
    assert (t.eerste_keer_goed, t.ooit_goed, t.goed, t.goed_eerste_keer) == (0, 1, 1, 0)


def test_an_empty_reflection_is_not_written():
    t = telling([], [0, 3, 0])
    assert (t.reflecties, t.geschreven, t.woorden) == (3, 1, 3)


def test_notebooks_add_up_to_the_total():
    per = {"01": telling([vraagstand("enkelvoudig", [True])], [5]),
           "02": telling([vraagstand("voorspel", [False]), Vraagstand("volgorde")], [0])}
    som = totaal(per.values())
    assert som == per["01"] + per["02"]
    assert som.voor_export() == dict(vragen=3, gemaakt=2, eerste_keer_goed=1, ooit_goed=1, reflecties=2, geschreven=1, woorden=5)


# --- the three consumers agree ------------------------------------------------------------------


@pytest.fixture
def werk(tmp_path, monkeypatch):
    """One student's work with every edge case: a wrong then right answer whose first attempt no longer
    fits the bank (veranderd), an estimate, a right first attempt, a reflection of spaces only, and
    diagnostic and review attempts under the id of an ordinary question."""
    maak_cursus(tmp_path / "cursus", monkeypatch)
    from wijklab.werk.store import huidige_store

    store = huidige_store()
    store.bewaar_poging("01-jaartal", {"optie": "een optie die niet meer bestaat"}, True, 1.0)
    store.bewaar_poging("01-jaartal", {"optie": "ja"}, True, 1.0)
    store.bewaar_poging("01-schatting", {"schatting": 31}, True, 1.0)
    store.bewaar_poging("02-volgorde", {"volgorde": ["eerste", "tweede", "derde"]}, True, 1.0)
    for prefix in ("diagnose-voor:", "diagnose-na:", "herhaling:"):
        store.bewaar_poging(prefix + "01-jaartal", {"optie": "ja"}, True, 1.0)
    store.bewaar_concept("01-eigen-buurt", "   \n ")
    store.bewaar_concept("02-inclusief", "Drie woorden hier")
    return store


#: notebook -> (questions, made, right at some attempt, right at first, estimates, estimated, reflections, written)
VERWACHT = {"01": (2, 2, 1, 0, 1, 1, 1, 0), "02": (1, 1, 1, 1, 0, 0, 1, 1)}


def test_progress_export_and_class_overview_count_the_same_work_alike(werk, tmp_path):
    from wijklab.docent.klasbestanden import lees_map
    from wijklab.docent.klasrijen import _notebooks, _student
    from wijklab.leerling.voortgang import stand
    from wijklab.werk.export import exporteer, verzamel

    standen = {s.notebook: s for s in stand(werk)}
    assert {nr: (s.vragen, s.beantwoord, s.goed, s.goed_eerste_keer, s.schattingen, s.geschat, s.reflecties, s.geschreven)
            for nr, s in standen.items()} == VERWACHT

    portfolio = verzamel(werk)
    per_nb = {nb.notebook: nb.totaal for nb in portfolio.notebooks}
    for nr, s in standen.items():
        t = per_nb[nr]
        assert (t.vragen, t.gemaakt, t.reflecties, t.geschreven) == (s.vragen, s.beantwoord, s.reflecties, s.geschreven)
    # the estimate within its margin is right in the export's own fields; nothing of the diagnostic counts
    assert portfolio.totaal.model_dump() == dict(vragen=3, gemaakt=3, eerste_keer_goed=2, ooit_goed=3, reflecties=2,
                                                 geschreven=1, woorden=3)
    assert [v.id for nb in portfolio.notebooks for v in nb.vragen] == ["01-jaartal", "01-schatting", "02-volgorde"]
    jaartal = portfolio.notebooks[0].vragen[0]
    assert (jaartal.veranderd, jaartal.eerste_juist, jaartal.ooit_juist) == (True, False, True)

    klasmap = tmp_path / "klas"
    uitkomst = exporteer(klasmap)
    assert uitkomst.gelukt, uitkomst.melding
    inzendingen, overgeslagen, _, dubbel = lees_map(klasmap)
    assert len(inzendingen) == 1 and not overgeslagen and not dubbel
    rij = _student(inzendingen[0], _notebooks(inzendingen))
    toets = [s.vragen - s.schattingen for s in standen.values()]
    assert rij["toetsbaar"] == sum(toets) == 2
    assert rij["gemaakt"] == sum(s.beantwoord - s.geschat for s in standen.values()) == 2
    assert rij["eerste_goed"] == sum(s.goed_eerste_keer for s in standen.values()) == 1
    assert rij["pogingen"] == 3  # two attempts at 01-jaartal, one at 02-volgorde; the estimate and the diagnostic not
    assert rij["totaal"] == portfolio.totaal and not rij["klaar"]
