"""Command lines in Dutch: the one argparse parser of every command the course has.

    parser = Parser(prog="python -m wijklab", hulp=GEBRUIK)
    parser.opdrachten()
    parser.opdracht("klas", main_klas, opties=opties_klas, hulp="maak een klasoverzicht")
    sys.exit(parser.voer_uit(argv))

Help, usage and error messages are Dutch ("gebruik:", "opties:", "fout: dit ontbreekt nog: MAP"). A parser
with subcommands (``opdrachten``) also knows a default command (``cursus.py`` alone starts ``lab``), commands
whose further arguments go on untouched (``cursus.py test -k x`` hands ``-k x`` to pytest), ``help`` as a
command, and a Dutch message for an unknown command. A command that takes parsed options gets the Namespace
with ``parser`` set to its own (sub)parser, so it can report a wrong combination with ``opties.parser.error``.

Standard library only and no import from wijklab: cursus.py loads this file by its path before the course
is installed (the system Python has no wijklab).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Callable

#: argparse's English texts and their Dutch (the patterns cover the messages our commands can give)
_NL = [
    (r"^usage: ", "gebruik: "),
    (r"\npositional arguments:", "\nargumenten:"),
    (r"\noptional arguments:", "\nopties:"),
    (r"\noptions:", "\nopties:"),
    (r"show this help message and exit", "toon deze hulp en stop"),
    (r"the following arguments are required: (.*)", r"dit ontbreekt nog: \1"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
    (r"ambiguous option: (\S+) could match (.*)", r"de optie \1 is niet duidelijk: bedoel je \2?"),
    (r"argument (\S+): expected one argument", r"bij \1 hoort één waarde"),
    (r"argument (\S+): expected at least one argument", r"bij \1 hoort minstens één waarde"),
    (r"argument (\S+): not allowed with argument (\S+)", r"\1 gaat niet samen met \2"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"bij \1: ongeldige keuze \2 (kies uit \3)"),
    (r"argument (\S+): invalid int value: (.*)", r"bij \1: \2 is geen geheel getal"),
    (r"argument (\S+): invalid float value: (.*)", r"bij \1: \2 is geen getal"),
    (r"argument (\S+): invalid \S+ value: (.*)", r"bij \1: \2 is geen geldige waarde"),
    (r"argument (\S+): ignored explicit argument (.*)", r"bij \1 hoort geen waarde (je gaf \2)"),
    (r"argument (\S+): (.*)", r"bij \1: \2"),
]


def nl(tekst: str) -> str:
    """argparse's English usage, help or error text in Dutch."""
    for patroon, vervanging in _NL:
        tekst = re.sub(patroon, vervanging, tekst, flags=re.M)
    return tekst


class Parser(argparse.ArgumentParser):
    """argparse with Dutch help and errors, and subcommands (see the module's docstring).

    ``hulp``: a fixed help text instead of argparse's (a course's own overview of its commands).
    Override ``fout`` to report a wrong command line differently (cursus.py: '[cursus] Dat lukte niet: …').
    """

    def __init__(self, *args, hulp: str | None = None, add_help: bool = True, **kw):
        super().__init__(*args, add_help=False, **kw)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")
        self._hulp = hulp
        self._sub = None
        self._standaard: str | None = None
        self._doorgeven: set[str] = set()

    # --- Dutch texts

    def format_usage(self) -> str:
        return nl(super().format_usage())

    def format_help(self) -> str:
        return self._hulp if self._hulp is not None else nl(super().format_help())

    def error(self, message: str):
        self.fout(nl(message))

    def fout(self, bericht: str):
        """A wrong command line: the usage and the Dutch message on stderr, exit code 2."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fout: {bericht}\n")

    def onbekende_opdracht(self, naam: str):
        """An unknown command: say so, show the overview of commands, exit code 2."""
        print(f"Onbekende opdracht '{naam}'.\n", file=sys.stderr)
        self.print_help(sys.stderr)
        self.exit(2)

    # --- subcommands

    def opdrachten(self, standaard: str | None = None) -> None:
        """This parser takes a command (OPDRACHT); ``standaard`` is the command when none is given."""
        self._sub = self.add_subparsers(dest="opdracht", metavar="OPDRACHT", title="opdrachten")
        self._standaard = standaard

    def opdracht(self, naam: str, uitvoeren: Callable[[argparse.Namespace], int | None], *,
                 opties: Callable[[argparse.ArgumentParser], None] | None = None, hulp: str | None = None,
                 beschrijving: str | None = None, doorgeven: bool = False) -> Parser:
        """Add command ``naam``: ``opties(parser)`` declares its arguments, ``uitvoeren(namespace)`` runs it.

        With ``doorgeven`` the command takes no options of its own: everything after its name is left
        untouched in ``namespace.rest`` (for pytest, a benchmark, another program).
        """
        kw = {"help": hulp} if hulp else {}
        p = self._sub.add_parser(naam, description=beschrijving or hulp, add_help=not doorgeven, **kw)
        if opties is not None:
            opties(p)
        p.set_defaults(uitvoeren=uitvoeren, parser=p)
        if doorgeven:
            self._doorgeven.add(naam)
        return p

    def parse_args(self, args=None, namespace=None) -> argparse.Namespace:
        args = list(sys.argv[1:] if args is None else args)
        if self._sub is not None:
            plek = next((i for i, a in enumerate(args) if not a.startswith("-")), None)
            if plek is None and not args:
                if self._standaard is None:
                    self.print_help()
                    self.exit(2)
                args, plek = [self._standaard], 0
            if plek is not None:
                naam = args[plek]
                if naam == "help" and "help" not in self._sub.choices:
                    self.print_help()
                    self.exit(0)
                if naam not in self._sub.choices:
                    self.onbekende_opdracht(naam)
                if naam in self._doorgeven:
                    opties = super().parse_args(args[: plek + 1], namespace)
                    opties.rest = args[plek + 1:]
                    return opties
        opties, over = self.parse_known_args(args, namespace)
        if over:  # reported by the (sub)command's own parser: its name and usage
            getattr(opties, "parser", self).error(f"unrecognized arguments: {' '.join(over)}")
        opties.__dict__.setdefault("parser", self)
        return opties

    def voer_uit(self, args=None) -> int:
        """Parse and run the chosen command; its return value (None = 0) is the exit code."""
        opties = self.parse_args(args)
        uitkomst = opties.uitvoeren(opties)
        return 0 if uitkomst is None else int(uitkomst)


def lees(prog: str, opties: Callable[[argparse.ArgumentParser], None], args=None, *,
         beschrijving: str | None = None, parser: type[Parser] = Parser) -> argparse.Namespace:
    """The options of one command without subcommands (``namespace.parser`` is its parser)."""
    p = parser(prog=prog, description=beschrijving)
    opties(p)
    return p.parse_args(args)
