"""Review of earlier mistakes: which questions come back, stored apart, never counted as first attempts."""

from __future__ import annotations

import wijklab as wl
from wijklab.inhoud import bank
from wijklab.werk import export
from wijklab.leerling import herhalen as hh
from wijklab.leerling import voortgang as progress
from wijklab.leerling.diagnostiek import HERHALING
from wijklab.werk.store import huidige_store


def antwoord(v, goed: bool) -> dict:
    return {"optie": next(o.tekst for o in v.opties if o.juist == goed)}


def enkelvoudig(nr: str, n: int):
    return [v for v in bank.bank_voor(nr).vragen if v.type == "enkelvoudig"][:n]


def test_mistakes_of_earlier_notebooks_come_back_oldest_first_at_most_three():
    store = huidige_store()
    a, b, c, d = enkelvoudig("01", 4)
    later = enkelvoudig("03", 1)[0]
    for v, goed in [(a, False), (b, True), (c, False), (d, False), (later, False)]:
        store.bewaar_poging(v.id, antwoord(v, goed), goed, float(goed))
    store.bewaar_poging(a.id, antwoord(a, True), True, 1.0)  # right at the second attempt: still a first-attempt mistake
    store.bewaar_poging(enkelvoudig("02", 1)[0].id, antwoord(enkelvoudig("02", 1)[0], False), False, 0.0)
    vragen, fouten = hh.kies(store.pogingen(), bank.alle_banken(), "03")
    assert fouten and [v.id for v in vragen] == [a.id, c.id, d.id]  # not 03's own, not the one she had right

    w = hh.Herhaling("03")
    q = w.quizzen[0]
    i = next(i for i, o in enumerate(q.getoond) if o.juist)
    q.widget.waarde = {"keuze": i}
    q.widget.klik("controleer")
    assert "Goed" in q.widget.feedback
    assert store.pogingen(HERHALING + a.id) and len(store.pogingen(a.id)) == 2  # the original attempts stay
    # right in a review: not asked again; the next mistake moves up
    vragen, _ = hh.kies(store.pogingen(), bank.alle_banken(), "03")
    assert a.id not in [v.id for v in vragen]
    # a review attempt changes no first-attempt statistic, progress or portfolio count
    p = export.verzamel()
    assert not [v for n in p.notebooks for v in n.vragen if v.id.startswith(HERHALING)]
    assert next(v for n in p.notebooks for v in n.vragen if v.id == a.id).pogingen == 2
    assert sum(s.beantwoord for s in progress.stand()) == 6


def test_without_mistakes_one_older_question_and_without_work_a_friendly_line():
    store = huidige_store()
    assert "nog niets om te herhalen" in hh.Herhaling("02").inleiding_html()
    a, b = enkelvoudig("01", 2)
    for v in (a, b):
        store.bewaar_poging(v.id, antwoord(v, True), True, 1.0)
    vragen, fouten = hh.kies(store.pogingen(), bank.alle_banken(), "02")
    assert not fouten and [v.id for v in vragen] == [a.id]
    store.bewaar_poging(HERHALING + a.id, antwoord(a, True), True, 1.0)
    vragen, _ = hh.kies(store.pogingen(), bank.alle_banken(), "02")
    assert [v.id for v in vragen] == [b.id]  # spaced: the one not seen longest


def test_bad_notebook_number():
    assert "wl.herhaling(&quot;03&quot;)" in wl.herhaling("drie").value
