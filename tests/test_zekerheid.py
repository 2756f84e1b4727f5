"""'Hoe zeker ben je?': optional, stored with the attempt, ignored by grading, counted by klas as sure and wrong."""

from __future__ import annotations

from wijklab.inhoud import bank
from wijklab.werk import export
from wijklab.leerling import quizsoorten
from wijklab.docent.klas import klasoverzicht
from wijklab.werk.store import BESTANDSNAAM, Store, huidige_store


def enkelvoudig():
    return next(v for v in bank.bank_voor("01").vragen if v.type == "enkelvoudig")


def test_confidence_is_offered_stored_and_does_not_change_the_grade():
    v = enkelvoudig()
    q = quizsoorten.EnkelvoudigQuiz(v, huidige_store())
    w = q.bouw()
    assert [z[0] for z in w.invoer["zekerheid"]] == ["zeker", "twijfel", "gok"]
    fout = next(i for i, o in enumerate(q.getoond) if not o.juist)
    w.waarde = {"keuze": fout, "zeker": "zeker"}
    w.klik("controleer")
    p = huidige_store().pogingen(v.id)[0]
    assert p.antwoord["zeker"] == "zeker" and not p.juist and "Nog niet goed" in w.feedback
    goed = next(i for i, o in enumerate(q.getoond) if o.juist)
    w.waarde = {"keuze": goed}  # skipped: nothing stored for it
    w.klik("controleer")
    p2 = huidige_store().pogingen(v.id)[1]
    assert "zeker" not in p2.antwoord and p2.juist
    w.waarde = {"keuze": goed, "zeker": "<script>"}  # not one of the three: left out
    w.klik("controleer")
    assert "zeker" not in huidige_store().pogingen(v.id)[2].antwoord
    # a rebuilt cell shows the last answer; the export carries the confidence per attempt
    assert quizsoorten.EnkelvoudigQuiz(v, huidige_store()).bouw().waarde == {"keuze": goed}
    r = next(r for n in export.verzamel().notebooks for r in n.vragen if r.id == v.id)
    assert [a.zeker for a in r.antwoorden] == ["zeker", None, None] and r.eerste_juist is False


def test_class_overview_counts_sure_and_wrong_at_the_first_attempt(tmp_path):
    v = enkelvoudig()
    goed = next(o.tekst for o in v.opties if o.juist)
    fout = next(o.tekst for o in v.opties if not o.juist)
    klasmap = tmp_path / "klas"
    for naam, pogingen in [
        ("Anna", [(fout, "zeker", False), (goed, "zeker", True)]),  # sure and wrong first: counts once
        ("Bram", [(goed, "zeker", True)]),
        ("Chris", [(fout, "gok", False)]),
        ("Dewi", [(fout, None, False)]),
    ]:
        store = Store(tmp_path / naam / BESTANDSNAAM)
        store.bewaar_instelling("naam", naam)
        for tekst, zeker, juist in pogingen:
            store.bewaar_poging(v.id, {"optie": tekst, **({"zeker": zeker} if zeker else {})}, juist, float(juist))
        assert export.exporteer(klasmap, store=store).gelukt
    uit = klasoverzicht(klasmap, tmp_path / "k.html")
    assert uit.gelukt, uit.melding
    pagina = (tmp_path / "k.html").read_text(encoding="utf-8")
    rij = next(r for r in pagina.split("<tr>") if f"({v.id})" in r and "zeker-fout" not in r and 'class="fout">1<' in r)
    # gave confidence 3 (Dewi did not), sure 2, sure and wrong 1
    assert [c for c in rij.split('class="getal">')[1:4]][0].startswith("3") and ">2<" in rij
