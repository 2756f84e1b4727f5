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
        print(f"\n{n} {'probleem' if n == 1 else 'problemen'} gevonden. Pas de bestanden aan en voer 'python -m wijklab check' opnieuw uit.", file=sys.stderr)
        return 1
    banken = alle_banken()
    vragen = sum(len(b.vragen) for b in banken.values())
    reflecties = sum(len(b.reflecties) for b in banken.values())
    print(f"Alles in orde: {len(banken)} vragenbanken, {vragen} vragen, {reflecties} reflecties.")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(GEBRUIK)
        return 0 if args else 2
    opdracht, rest = args[0], args[1:]
    if opdracht == "check":
        return check()
    if opdracht == "export":
        from wijklab.werk.export import main_export

        return main_export(rest)
    if opdracht == "klas":
        from wijklab.docent.klas import main_klas

        return main_klas(rest)
    if opdracht == "actualiteit":
        from wijklab.inhoud.actualiteit import main_actualiteit

        return main_actualiteit(rest)
    if opdracht == "bibliografie":
        from wijklab.inhoud.bibliografie import main_bibliografie

        return main_bibliografie(rest)
    if opdracht == "antwoorden":
        from wijklab.docent.antwoorden import main_antwoorden

        return main_antwoorden(rest)
    print(f"Onbekende opdracht '{opdracht}'.\n\n{GEBRUIK}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
