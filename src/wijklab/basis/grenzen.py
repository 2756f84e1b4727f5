"""The limits of the portfolio export format, in one place: what the export may write is what the class
overview reads.

Part of the export format (:mod:`wijklab.werk.export`), kept in its own small module without imports of
pydantic or Jinja2, so a notebook's reflection box (:mod:`wijklab.leerling.reflectie`) can read
:data:`MAX_REFLECTIE_TEKENS` without loading them.

* :func:`wijklab.leerling.reflectie.ReflectieWidget` warns when a text is longer than
  :data:`MAX_REFLECTIE_TEKENS` (the text is still saved, nothing is lost);
* :func:`wijklab.werk.export.exporteer` refuses, with a Dutch message, to write a portfolio with such a
  reflection, and checks its own JSON with :func:`controleer` before writing it;
* :mod:`wijklab.docent.klas` checks every file with :func:`controleer` before it builds any Python object
  from it, so a huge or hostile file costs little time and memory.

A file the export writes always passes :func:`controleer`; a file that does not pass was not written by
the export (or by an older version of it, without these limits).
"""

from __future__ import annotations

import re

from wijklab.basis.taal import nl_getal

#: longest reflection text (characters) the export writes and the class overview reads
MAX_REFLECTIE_TEKENS = 100_000
#: largest export file (bytes). A full course portfolio is about 150 KB.
MAX_GROOTTE = 8 * 1024 * 1024
#: longest string in an export, in bytes as written: a character takes at most 6 bytes
#: (``\\u0000`` for a control character or a lone surrogate), plus the two quotes
MAX_TEKST_BYTES = 6 * MAX_REFLECTIE_TEKENS + 2
#: deepest nesting of objects and lists (a real export: 8)
MAX_DIEPTE = 20
#: most entries in one list or object (a real export: 15; attempts per question are capped below it)
MAX_LIJST = 5_000
#: most values in the whole file (a full course portfolio: about 3,000)
MAX_ITEMS = 200_000
#: the export lists at most this many attempts per question (``pogingen`` still counts them all)
MAX_ANTWOORDEN = 1_000

# one token: a string (with its escapes), a bracket or a comma. Numbers, literals, colons and white
# space between them are skipped; commas count the entries of a list or object.
_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]')


def _mb(n: int) -> str:
    return f"{nl_getal(n / 1024 / 1024, 1)} MB"


_NIET_VAN_WIJKLAB = "dit bestand is niet met wijklab gemaakt of daarna veranderd"


def te_groot(grootte: int) -> str:
    """The Dutch reason for a file of ``grootte`` bytes, larger than :data:`MAX_GROOTTE`."""
    return f"het bestand is te groot ({_mb(grootte)}; de grens is {_mb(MAX_GROOTTE)}). Een export van wijklab is nooit zo groot; {_NIET_VAN_WIJKLAB}"


def controleer(ruw: bytes) -> tuple[str, str] | None:
    """None if ``ruw`` (the bytes of a JSON file) stays within the limits, else (what is wrong, what it means
    for the teacher), both in Dutch.

    One linear pass over the bytes; it stops at the first limit passed, before any object is built.
    It checks only size and shape; whether the content is JSON and a portfolio is checked afterwards.
    """
    if len(ruw) > MAX_GROOTTE:
        return f"het bestand is te groot ({_mb(len(ruw))}; de grens is {_mb(MAX_GROOTTE)})", f"een export van wijklab is nooit zo groot; {_NIET_VAN_WIJKLAB}"
    te_veel = f"het bestand bevat meer dan {nl_getal(MAX_ITEMS)} waarden", "een export van wijklab heeft er hoogstens enkele duizenden"
    open_lijsten: list[int] = []  # per open list or object: the commas seen in it
    items = 0
    for m in _TOKEN.finditer(ruw):
        teken = ruw[m.start()]
        if teken == 0x22:  # a string
            if m.end() - m.start() > MAX_TEKST_BYTES:
                return (f"er staat een tekst in van {_mb(m.end() - m.start())}; de grens is {nl_getal(MAX_REFLECTIE_TEKENS)} tekens "
                        "(bijvoorbeeld voor één reflectie)",
                        "vraag de student die tekst in te korten en opnieuw te exporteren; het tekstvak van de reflectie waarschuwt haar "
                        "en haar volledige tekst blijft bewaard")
        elif teken in (0x5B, 0x7B):  # [ {
            open_lijsten.append(0)
            items += 1
            if len(open_lijsten) > MAX_DIEPTE:
                return f"de JSON is veel te diep genest (meer dan {MAX_DIEPTE} lagen)", "een export van wijklab heeft er hoogstens 8"
            if items > MAX_ITEMS:
                return te_veel
        elif teken == 0x2C:  # ,
            items += 1
            if open_lijsten:
                open_lijsten[-1] += 1
                if open_lijsten[-1] >= MAX_LIJST:
                    return f"er staat een lijst in met meer dan {nl_getal(MAX_LIJST)} elementen", "een export van wijklab heeft er nooit zoveel"
            if items > MAX_ITEMS:
                return te_veel
        elif open_lijsten:  # ] }
            open_lijsten.pop()
    return None
