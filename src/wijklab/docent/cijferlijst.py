"""The grade list of the grading round: ``cijfers.csv`` and ``cijfers.html`` in the nbgrader folder, from the
gradebook, the round's signals and (``--klas MAP``) the class overview's exports."""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path

import nbformat

from wijklab.basis.taal import aantal, nl_getal
from wijklab.docent.nakijkcontrole import _nb_meta


def _csv_getal(x: float) -> str:
    """A number for the spreadsheet (machine notation: the learning platform imports it)."""
    return f"{x:g}"


def cijferlijst(map: Path, klas: Path | None = None) -> tuple[Path, list[dict], list[str]]:
    """Write ``cijfers.csv`` and ``cijfers.html`` in `map` from the gradebook (every assignment with at least
    one submission) and the signals of this loop; returns (csv path, rows, assignments)."""
    from nbgrader.api import Gradebook

    from wijklab.docent.klas import _cel_veilig  # one rule for spreadsheet-safe cells, shared with the class overview

    map = Path(map)
    rijen: dict[str, dict] = {}
    opdrachten: list[str] = []
    maxima: dict[str, float] = {}
    with Gradebook(f"sqlite:///{map / 'gradebook.db'}") as gb:
        for opdracht in sorted(a.name for a in gb.assignments):
            inzendingen = gb.assignment_submissions(opdracht)
            if not inzendingen:
                continue  # never handed in: no column, no rows
            opdrachten.append(opdracht)
            bron = map / "source" / opdracht / f"{opdracht}.ipynb"
            handmatig_ids = set()
            if bron.exists():
                handmatig_ids = {_nb_meta(c)["grade_id"] for c in nbformat.read(bron, as_version=4).cells
                                 if _nb_meta(c).get("grade") and _nb_meta(c).get("solution")}
            maxima[opdracht] = gb.find_assignment(opdracht).max_score
            for inz in inzendingen:
                rij = rijen.setdefault(inz.student.id, {"student": inz.student.id, "signalen": [], "wacht": []})
                auto = hand = 0.0
                wacht = 0
                for nb in inz.notebooks:
                    for g in nb.grades:
                        if g.name in handmatig_ids:
                            hand += g.score or 0
                            wacht += bool(g.needs_manual_grade)
                        else:
                            auto += g.score or 0
                rij[opdracht] = (auto, hand, auto + hand)
                if wacht:
                    rij["wacht"].append(f"{opdracht}: {aantal(wacht, 'schrijfopdracht', 'schrijfopdrachten')}")
                uitslag = map / ".nakijken" / opdracht / f"{inz.student.id}.json"
                if uitslag.exists():
                    u = json.loads(uitslag.read_text(encoding="utf-8"))
                    rij["signalen"] += [f"{opdracht}: {s}" for s in u.get("signalen", [])]
                    if u.get("fout"):
                        rij["signalen"].append(f"{opdracht}: {u['fout']}")
    quiz = _quiz(klas) if klas else {}
    for sleutel, q in quiz.items():
        rij = rijen.get(sleutel) or next((r for k, r in rijen.items() if k.casefold() == q["naam"].casefold()), None)
        if rij is None:
            rij = rijen.setdefault(sleutel, {"student": sleutel, "signalen": [], "wacht": []})
        rij["quiz"] = q

    kolommen = ["student"]
    for o in opdrachten:
        kolommen += [f"{o} automatisch", f"{o} handmatig", f"{o} totaal"]
    if klas:
        kolommen += ["quizvragen gemaakt", "quizvragen totaal", "reflecties geschreven", "reflecties totaal"]
    kolommen += ["nog nakijken", "signalen"]
    uit = io.StringIO()
    schrijver = csv.writer(uit, lineterminator="\n")
    schrijver.writerow(kolommen)
    geordend = sorted(rijen.values(), key=lambda r: r["student"].casefold())
    for rij in geordend:
        regel = [rij["student"]]
        for o in opdrachten:
            regel += [_csv_getal(x) for x in rij[o]] if o in rij else ["", "", ""]
        if klas:
            q = rij.get("quiz")
            regel += [q["gemaakt"], q["vragen"], q["geschreven"], q["reflecties"]] if q else ["", "", "", ""]
        regel += ["; ".join(rij["wacht"]), "; ".join(rij["signalen"])]
        schrijver.writerow([_cel_veilig(x) for x in regel])
    csv_pad = map / "cijfers.csv"
    csv_pad.write_text(uit.getvalue(), encoding="utf-8")
    (map / "cijfers.html").write_text(_html(kolommen, uit.getvalue(), maxima), encoding="utf-8")
    return csv_pad, geordend, opdrachten


def _quiz(klas: Path) -> dict[str, dict]:
    """Per student id of the class overview's exports: questions made and reflections written."""
    from wijklab.docent import klas as klasmodule

    inzendingen, *_ = klasmodule.lees_map(klas)  # also: skipped files, their count, duplicate groups
    uit = {}
    for inz in inzendingen:
        t = inz.portfolio.totaal
        uit[inz.portfolio.student.id] = {"naam": inz.portfolio.student.naam.strip(), "gemaakt": t.gemaakt,
                                         "vragen": t.vragen, "geschreven": t.geschreven, "reflecties": t.reflecties}
    return uit


def _html(kolommen: list[str], csv_tekst: str, maxima: dict[str, float]) -> str:
    rijen = list(csv.reader(io.StringIO(csv_tekst)))[1:]
    kop = "".join(f"<th scope='col'>{html.escape(k)}</th>" for k in kolommen)
    lijf = "".join("<tr>" + "".join("<td>" + "<br>".join(map(html.escape, c.split("; "))) + "</td>" for c in r) + "</tr>"
                   for r in rijen)
    max_tekst = "; ".join(f"{html.escape(o)}: {nl_getal(m)} punten" for o, m in maxima.items())
    return (
        "<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>Cijferlijst opdrachten</title>"
        "<style>body{font-family:sans-serif;margin:1.5rem}table{border-collapse:collapse}"
        "th,td{border:1px solid #999;padding:.3rem .5rem;vertical-align:top}th{background:#eee}"
        ".tabel{overflow-x:auto}</style></head><body>"
        "<h1>Cijferlijst opdrachten</h1>"
        f"<p>Maximum per opdracht: {max_tekst or 'nog geen inzendingen'}. Alleen opdrachten met inzendingen staan erin. "
        "Een lege cel: niet ingeleverd. <em>Signalen</em>: cellen die anders zijn dan in de uitgedeelde versie of "
        "controles die in het notebook van de student anders uitvielen dan bij het nakijken. Bekijk die inzending zelf.</p>"
        f"<div class='tabel' tabindex='0' role='region' aria-label='cijfers per student'><table><thead><tr>{kop}</tr></thead>"
        f"<tbody>{lijf}</tbody></table></div></body></html>"
    )
