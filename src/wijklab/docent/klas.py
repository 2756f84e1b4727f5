"""The teacher's class overview: a folder of students' JSON exports in, one HTML page and one CSV out.

On the command line (the CLI calls :func:`main_klas`)::

    python -m wijklab klas MAP [--naar BESTAND] [--csv BESTAND]
    python -m wijklab klas --voorbeeld [--naar MAP]     # a fictional demo class (wijklab.docent.voorbeeldklas)

Only the ``*.json`` files directly in ``MAP`` are read (not in subfolders), so a teacher can keep
old rounds in a subfolder. Files are read one at a time, and of each only a compact summary is kept
(:class:`Samenvatting`: no attempts, shared prompt texts kept once), so 2,000 exports fit in about
200 MB. Every file is first checked on its bytes against the limits of the export format
(:mod:`wijklab.basis.grenzen`: size, nesting depth, list length, number of values, string length)
before any object is built from it, then against the portfolio schema (:class:`wijklab.werk.portfolio.Portfolio`,
schema ``wijklab-portfolio`` versions 1 and 2). A file that cannot be used is skipped and listed with
a Dutch reason: a symbolic link (never followed, never opened: files are opened relative to the
folder with ``O_NOFOLLOW`` after an ``lstat``), not a regular file, empty, past a limit, not
readable, not UTF-8, not JSON, cut off, a number that is absurdly large or not a number (NaN,
Infinity), not a Wijklab portfolio, another schema version, or content that does not fit the schema.
One bad file never stops the overview of the others.

Two or more exports with one student id are never resolved by the overview: none of them is counted,
and all are listed at the top of the page and on the command line (file, name, export date, check
sum) with what to do: remove the wrong file and run again (:data:`DUBBEL_UITLEG`). A copy with a
classmate's id, a later date and a recomputed check sum cannot replace her work unseen.

Files that are read but deserve a second look are *flagged* (section "Controleren"): an export whose
check sum (``controle``) does not match its content was edited by hand; version-1 exports carry no
check sum.

The page shows, for teaching:

* per student: questions made, right at the first attempt, attempts, what is still open, reflections
  shorter than their target, reflections whose latest draft is empty or much shorter than an earlier
  one (never shown as only "open": the export's ``eerdere_versie``), and a *hulp nodig* signal
  (rule: :data:`HULP_REGEL`);
* per question: the share right at the first attempt, the mean number of attempts, and the wrong
  options students chose most; a prediction (voorspel) is an estimate, shown as the distance to the
  real value, never as wrong;
* per notebook a question × student grid (coloured cells with a symbol, so it reads without colour
  and offline; no scripts);
* per reflection prompt all students' texts side by side.

The CSV (``klasoverzicht_<datum>.csv``) has one row per student for a learning platform's gradebook.
Student text is always escaped (Jinja2 autoescape) and cells that a spreadsheet would run as a
formula are neutralised.

The parts: reading and bounding the files, duplicates and links (:mod:`wijklab.docent.klasbestanden`), the
compact summary per student (:mod:`wijklab.docent.klassamenvatting`), the rows and the grid
(:mod:`wijklab.docent.klasrijen`), the learning gain (:mod:`wijklab.docent.leerwinst`), the CSV files
(:mod:`wijklab.docent.klascsv`) and the overview that ties them together (:mod:`wijklab.docent.overzicht`).
This module keeps the command line and re-exports the names callers used from it.
"""

from __future__ import annotations

from wijklab.basis.grenzen import MAX_GROOTTE  # noqa: F401  (re-exported)
from wijklab.docent.klasbestanden import (  # noqa: F401  (re-exported)
    MAX_CIJFERS, Gelezen, Inzending, OngeldigeExport, Overgeslagen, lees, lees_export, lees_map,
)
from wijklab.docent.klascsv import CSV_KOLOMMEN, TOETS_KOLOMMEN, naar_csv, naar_toetsanalyse_csv  # noqa: F401
from wijklab.docent.klascsv import cel_veilig as _cel_veilig  # noqa: F401  (docent.nakijkronde imports this name)
from wijklab.docent.klasrijen import (  # noqa: F401  (re-exported)
    HULP_MAX_AANDEEL, HULP_MIN_VRAGEN, HULP_POGINGEN, HULP_REGEL, zeker_maar_fout,
)
from wijklab.docent.klassamenvatting import JUISTE_COMBINATIE, Samenvatting, VraagKort, samenvatting  # noqa: F401
from wijklab.docent.leerwinst import NIET_TE_BEREKENEN, leerwinst_klas, leerwinst_student  # noqa: F401
from wijklab.docent.overzicht import DUBBEL_UITLEG, Klasoverzicht, klasoverzicht  # noqa: F401


def opties_klas(parser) -> None:
    """The options of ``python -m wijklab klas`` (declared once, for wijklab.basis.opdrachtregel)."""
    parser.add_argument("map", metavar="MAP", nargs="?", help="de map met de JSON-bestanden van je studenten (submappen worden niet gelezen)")
    parser.add_argument("--naar", metavar="BESTAND", help="waar het overzicht komt (standaard: MAP/klasoverzicht_<datum>.html); "
                        "met --voorbeeld: de map voor de voorbeeldklas (standaard: ./voorbeeldklas_fictief)")
    parser.add_argument("--csv", metavar="BESTAND", help="waar de CSV komt (standaard: naast het overzicht, met .csv)")
    parser.add_argument("--voorbeeld", action="store_true",
                        help="maak een voorbeeldklas van 30 fictieve studenten en haar overzicht, om te zien hoe het eruitziet")


#: what ``python -m wijklab klas --help`` says the command does
KLAS_BESCHRIJVING = "Maak een klasoverzicht (HTML) en een cijferlijst (CSV) van de portfolio-exports (JSON) van je studenten."


def main_klas(args=None) -> int:
    """``python -m wijklab klas MAP [--naar BESTAND] [--csv BESTAND]``; returns the exit code (0 = gelukt).

    ``args``: the options as parsed by ``python -m wijklab`` (a Namespace), or the command line after ``klas``."""
    from argparse import Namespace

    from wijklab.basis.opdrachtregel import lees

    opties = args if isinstance(args, Namespace) else lees("python -m wijklab klas", opties_klas, args,
                                                            beschrijving=KLAS_BESCHRIJVING)
    parser = opties.parser
    if opties.voorbeeld:
        if opties.map or opties.csv:
            parser.error("met --voorbeeld geef je geen MAP en geen --csv; kies de map van de voorbeeldklas met --naar MAP")
        from wijklab.docent.voorbeeldklas import AANTAL, voorbeeldklas

        print(f"Ik maak een voorbeeldklas van {AANTAL} fictieve studenten (dat duurt hooguit een minuut) …", flush=True)
        uitkomst = voorbeeldklas(opties.naar)
        print(uitkomst)
        return 0 if uitkomst.gelukt else 1
    if not opties.map:
        parser.error("dit ontbreekt nog: MAP, de map met de JSON-bestanden van je studenten, bijvoorbeeld: python -m wijklab "
                     "klas inleveringen (of python -m wijklab klas --voorbeeld voor een fictieve voorbeeldklas)")
    uitkomst = klasoverzicht(opties.map, opties.naar, opties.csv)
    print(uitkomst)
    return 0 if uitkomst.gelukt else 1
