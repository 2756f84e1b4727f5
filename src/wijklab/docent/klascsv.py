"""The class overview's CSV files: one row per student for a learning platform's gradebook, and the item
analysis per question. Cells a spreadsheet would run as a formula are neutralised (:func:`cel_veilig`)."""

from __future__ import annotations

import csv
import io

from wijklab.basis.taal import nl_getal, procent
from wijklab.werk.pagina import toonbaar

CSV_KOLOMMEN = (
    "student", "bestand", "student_id", "vragen_gemaakt", "vragen_totaal", "toetsvragen_gemaakt", "eerste_keer_goed", "pogingen",
    "reflecties_geschreven", "reflecties_totaal", "reflecties_te_kort", "woorden", "klaar", "hulp_nodig", "controle",
    "reflecties_met_eerdere_versie",
)


def cel_veilig(waarde) -> str:
    """A spreadsheet runs a cell that starts with = + - @ (or a tab/CR) as a formula: neutralise it."""
    tekst = toonbaar(str(waarde)).replace("\r", " ").replace("\n", " ")
    return "'" + tekst if tekst[:1] in ("=", "+", "-", "@", "\t") else tekst


def naar_csv(studenten: list[dict]) -> str:
    uit = io.StringIO()
    schrijver = csv.writer(uit, lineterminator="\n")
    schrijver.writerow(CSV_KOLOMMEN)
    for s in studenten:
        t = s["totaal"]
        schrijver.writerow([cel_veilig(x) for x in (
            s["label"], s["bestand"], s["id"], t.gemaakt, t.vragen, s["gemaakt"], s["eerste_goed"], s["pogingen"],
            t.geschreven, t.reflecties, len(s["te_kort"]), t.woorden, "ja" if s["klaar"] else "nee",
            "ja" if s["hulp"] else "nee", s["controle"], len(s["eerder"]),
        )])
    return uit.getvalue()


TOETS_KOLOMMEN = (
    "notebook", "vraag_id", "vraag", "soort", "gemaakt", "eerste_keer_goed", "p_waarde", "rir", "rir_studenten",
    "rir_toelichting", "signalen", "keuzes_eerste_poging", "schattingen", "mediaan_afwijking", "eenheid", "binnen_marge",
)


def naar_toetsanalyse_csv(vragen: list[dict]) -> str:
    """The item analysis, one row per question (numbers in Dutch notation, as on the page)."""
    uit = io.StringIO()
    schrijver = csv.writer(uit, lineterminator="\n")
    schrijver.writerow(TOETS_KOLOMMEN)
    for r in vragen:
        a = r.get("analyse")
        v = r.get("voorspel")
        keuzes = " | ".join(f"{'[juist] ' if k['juist'] else ''}{k['tekst']}: {k['n']} ({procent(k['aandeel'])})"
                            for k in r["keuzes"])
        # texts from exports are neutralised for a spreadsheet; numbers made here (a Rir may be negative) are not
        tekst = [cel_veilig(x) for x in (r["notebook"], r["id"], r["vraag"], r["type"] or "onbekend")]
        schrijver.writerow(tekst + [
            r["gemaakt"], a.goed if a else "", nl_getal(a.p, 2) if a and a.p is not None else "",
            nl_getal(a.rir.waarde, 2) if a and a.rir.waarde is not None else "", a.rir.n if a else "",
            a.rir.reden if a else "", "; ".join(s["naam"] for s in r["signalen"]), cel_veilig(keuzes),
            v.n if v else "", nl_getal(round(v.mediaan_afwijking, 2)) if v and v.mediaan_afwijking is not None else "",
            cel_veilig(r["eenheid"]) if v else "", nl_getal(v.binnen_marge, 2) if v and v.binnen_marge is not None else "",
        ])
    return uit.getvalue()
