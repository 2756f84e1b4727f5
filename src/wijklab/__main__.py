"""Command line: ``python -m wijklab check | export | klas MAP | bibliografie``.

* ``check`` — validate every question bank and the bibliography (for teachers and maintainers).
* ``export`` — write the student's portfolio (HTML + JSON) from mijn_werk/.
* ``klas MAP`` — read a folder of students' JSON exports into a class overview (HTML).
* ``bibliografie`` — rewrite docs/bibliografie.md from docs/bibliografie.yaml (see bibliografie.py).
* ``antwoorden`` — rewrite docs/antwoordsleutels.md from the question banks (see antwoorden.py).
* ``actualiteit`` — rewrite the teacher guide's list of time-bound claims from docs/actualiteit.yaml.
"""

from __future__ import annotations

import sys

from wijklab.basis.taal import aantal

GEBRUIK = """Gebruik: python -m wijklab OPDRACHT

Opdrachten:
  check                 controleer alle vragenbanken en de bibliografie
  export [--naar MAP]   maak je portfolio (HTML + JSON) van je werk in mijn_werk/
  klas MAP [--naar BESTAND]
                        maak een klasoverzicht van de JSON-exports in MAP (voor docenten)
  klas --voorbeeld [--naar MAP]
                        maak een voorbeeldklas van 30 fictieve studenten met haar klasoverzicht
  bibliografie [--controleer | --omzetten BESTAND ...]
                        schrijf docs/bibliografie.md opnieuw uit docs/bibliografie.yaml;
                        --omzetten maakt van [@sleutel] een leesbare bronvermelding
  antwoorden [--controleer]
                        schrijf docs/antwoordsleutels.md (antwoordsleutels en studietijden voor
                        docenten) opnieuw uit de vragenbanken
  actualiteit           schrijf in docs/docentenhandleiding.md het overzicht van beweringen die
                        verouderen (uit docs/actualiteit.yaml)
"""


def check() -> int:
    from wijklab.inhoud.actualiteit import controleer_actualiteit
    from wijklab.inhoud.bank import alle_banken, controleer_alles, waarschuwingen_alles

    problemen = controleer_alles() + controleer_actualiteit()  # stale claims: a warning only
    waarschuwingen = waarschuwingen_alles()
    if waarschuwingen:  # worth mending, but the course works: never a failure
        print("\n".join(waarschuwingen) + "\n")
    if problemen:
        print("\n".join(problemen), file=sys.stderr)
        n = sum(max(1, p.count("\n  - ")) for p in problemen)  # a bank message lists its problems as '  - ' lines
        print(f"\n{aantal(n, 'probleem', 'problemen')} gevonden. Pas de bestanden aan en voer 'python -m wijklab check' opnieuw uit.", file=sys.stderr)
        return 1
    banken = alle_banken()
    vragen = sum(len(b.vragen) for b in banken.values())
    reflecties = sum(len(b.reflecties) for b in banken.values())
    print(f"Alles in orde: {aantal(len(banken), 'vragenbank', 'vragenbanken')}, {aantal(vragen, 'vraag', 'vragen')}, "
          f"{aantal(reflecties, 'reflectie', 'reflecties')}.")
    return 0


def _export(opties) -> int:
    from wijklab.werk.export import main_export

    return main_export(opties)


def _klas(opties) -> int:
    from wijklab.docent.klas import main_klas

    return main_klas(opties)


def _actualiteit(opties) -> int:
    from wijklab.inhoud.actualiteit import main_actualiteit

    return main_actualiteit([])


def _bibliografie(opties) -> int:
    from wijklab.inhoud.bibliografie import main_bibliografie

    if opties.controleer:
        return main_bibliografie(["--controleer"])
    return main_bibliografie(["--omzetten", *opties.omzetten] if opties.omzetten else [])


def _antwoorden(opties) -> int:
    from wijklab.docent.antwoorden import main_antwoorden

    return main_antwoorden(["--controleer"] if opties.controleer else [])


def _opties_bibliografie(parser) -> None:
    keuze = parser.add_mutually_exclusive_group()
    keuze.add_argument("--controleer", action="store_true", help="controleer alleen of docs/bibliografie.md bijgewerkt is")
    keuze.add_argument("--omzetten", nargs="+", metavar="BESTAND",
                       help="maak in deze bestanden van [@sleutel] een leesbare bronvermelding")


def _opties_antwoorden(parser) -> None:
    parser.add_argument("--controleer", action="store_true", help="controleer alleen of docs/antwoordsleutels.md bijgewerkt is")


def parser():
    """``python -m wijklab``'s command line: one Dutch parser, a subcommand per task."""
    from wijklab.basis.opdrachtregel import Parser
    from wijklab.docent.klas import KLAS_BESCHRIJVING, opties_klas
    from wijklab.werk.export import EXPORT_BESCHRIJVING, opties_export

    p = Parser(prog="python -m wijklab", hulp=GEBRUIK)
    p.opdrachten()
    p.opdracht("check", lambda opties: check(), hulp="controleer alle vragenbanken en de bibliografie")
    p.opdracht("export", _export, opties=opties_export, beschrijving=EXPORT_BESCHRIJVING)
    p.opdracht("klas", _klas, opties=opties_klas, beschrijving=KLAS_BESCHRIJVING)
    p.opdracht("actualiteit", _actualiteit,
               hulp="schrijf in docs/docentenhandleiding.md het overzicht van beweringen die verouderen")
    p.opdracht("bibliografie", _bibliografie, opties=_opties_bibliografie,
               hulp="schrijf docs/bibliografie.md opnieuw uit docs/bibliografie.yaml")
    p.opdracht("antwoorden", _antwoorden, opties=_opties_antwoorden,
               hulp="schrijf docs/antwoordsleutels.md opnieuw uit de vragenbanken")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        return parser().voer_uit(argv)
    except SystemExit as e:  # help, or a wrong command line: argparse's exit code
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 2)


if __name__ == "__main__":
    sys.exit(main())
