"""The student's portfolio: one printable, self-contained HTML file plus a JSON file for the teacher.

In a notebook::

    wl.exporteer()            # writes mijn_werk/export/portfolio_<naam>_<id>_<datum>.html and .json

On the command line (the CLI calls :func:`main_export`)::

    python -m wijklab export [--naar MAP]

The parts: the JSON schema ``wijklab-portfolio`` (pydantic models, JSON Schema, check sum) is
:mod:`wijklab.werk.portfolio`; collecting the portfolio from the store and the banks is
:mod:`wijklab.werk.verzamel`; the one progress count is :mod:`wijklab.werk.telling`; the Jinja2 pages,
text a web page can hold and writing a file whole are :mod:`wijklab.werk.pagina`. This module writes the
two files and says, in Dutch, what happened (:class:`Export`). The names of those modules that callers
used from here are re-exported.

Safety: every string a student made (texts, the name) reaches the HTML only through Jinja2 with
autoescape on, and only as element text or inside a quoted attribute value that we build ourselves
(the file name in a link is reduced to ``[a-z0-9-]``). No scripts, no external resources.
Characters a web page cannot hold (NUL and other control characters except tab and line breaks,
lone surrogates) are shown as U+FFFD in the HTML, with a note; the JSON keeps the text exactly.
"""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from wijklab.basis.grenzen import MAX_REFLECTIE_TEKENS, controleer
from wijklab.basis.taal import bestandsdatum, datum_nl, nl_getal  # noqa: F401  (datum_nl: re-exported)
from wijklab.werk.pagina import (  # noqa: F401  (re-exported)
    TEMPLATES, VERVANGER, markdown_inline, ontoonbaar_aantal, render, render_delen, schrijf_atomair, toonbaar,
)
from wijklab.werk.portfolio import (  # noqa: F401  (re-exported: the schema's names)
    LEESBARE_VERSIES, MAX_AANTAL, SCHEMA, SCHEMA_BESTAND, VERSIE, Antwoord, Diagnose, DiagnoseItem, EerdereVersie,
    NotebookDeel, Portfolio, ReflectieAntwoord, Student, Telling, VraagResultaat, controlegetal, json_schema,
)
from wijklab.werk.persoonlijk import zonder_persoonlijks  # noqa: F401  (re-exported)
from wijklab.werk.verzamel import beschrijf_antwoord, korte_tekst, verzamel  # noqa: F401  (re-exported)


def bestandsdeel(naam: str) -> str:
    """A safe piece of a file name from a student's name: lowercase a-z, 0-9 and '-', at most 40 characters."""
    plat = unicodedata.normalize("NFKD", naam.replace("ĳ", "ij").replace("Ĳ", "ij"))
    plat = plat.encode("ascii", "ignore").decode("ascii").lower()
    plat = re.sub(r"[^a-z0-9]+", "-", plat).strip("-")[:40].strip("-")
    return plat or "anoniem"


def naar_json(portfolio: Portfolio) -> str:
    data = portfolio.model_dump(mode="json", by_alias=True)
    data.pop("controle", None)
    data["controle"] = controlegetal(data)
    tekst = json.dumps(data, ensure_ascii=False, indent=1)
    # a lone surrogate cannot be written as UTF-8; keep it as an escape so nothing is lost
    return tekst.encode("utf-8", "backslashreplace").decode("utf-8") if _heeft_surrogaat(tekst) else tekst


def _heeft_surrogaat(tekst: str) -> bool:
    return re.search("[\ud800-\udfff]", tekst) is not None


def _telt_ontoonbaar(portfolio: Portfolio) -> int:
    n = ontoonbaar_aantal(portfolio.student.naam)
    for nb in portfolio.notebooks:
        for r in nb.reflecties:
            n += ontoonbaar_aantal(r.tekst)
    return n


def naar_html(portfolio: Portfolio) -> str:
    return render(
        "portfolio.html.j2",
        p=portfolio,
        naam=portfolio.student.naam or "anoniem",
        vervangen=_telt_ontoonbaar(portfolio),
        vervanger=VERVANGER,
    )


# --- the export --------------------------------------------------------------------------------


_LEEG = (
    "Je portfolio is gemaakt, maar er staat nog geen werk in: geen antwoorden en geen reflecties. Heb je wel "
    "al gewerkt, dan is dit misschien de verkeerde map; open de cursus zoals je dat altijd doet en exporteer opnieuw."
)


@dataclass
class Export:
    """What :func:`exporteer` made. In a notebook it shows itself as a short message with links."""

    gelukt: bool
    html: Path | None = None
    json: Path | None = None
    melding: str = ""
    opmerkingen: list[str] = field(default_factory=list)
    #: True when the portfolio holds no answers and no reflections (then it is not "klaar")
    leeg: bool = False

    def _link(self, pad: Path, tekst: str) -> str:
        from html import escape
        from urllib.parse import quote

        try:
            doel = os.path.relpath(pad, Path.cwd())
        except ValueError:  # another drive on Windows
            doel = str(pad)
        return f'<a href="{escape(quote(Path(doel).as_posix()), quote=True)}" target="_blank" rel="noopener">{escape(tekst)}</a>'

    def _repr_html_(self) -> str:
        from html import escape

        if not self.gelukt:
            return f'<div class="wijklab-export" role="alert"><strong>Export mislukt.</strong> {escape(self.melding)}</div>'
        if self.leeg:
            regels = [
                f'<div class="wijklab-export" role="status"><strong>{escape(_LEEG)}</strong> ',
                f"Bekijk {self._link(self.html, self.html.name)}; lever het nog niet in.",
            ]
        else:
            regels = [
                '<div class="wijklab-export" role="status"><strong>Je portfolio is klaar.</strong> ',
                f"Open {self._link(self.html, self.html.name)} om het te lezen of af te drukken (als pdf); ",
                f"lever {self._link(self.json, self.json.name)} in bij je docent.",
            ]
        regels += [f"<br>Let op: {escape(o)}" for o in self.opmerkingen]
        return "".join(regels) + "</div>"

    def __str__(self) -> str:
        if not self.gelukt:
            return f"Export mislukt. {self.melding}"
        if self.leeg:
            tekst = f"{_LEEG}\n  {self.html}\n  {self.json}  (lever dit nog niet in)"
        else:
            tekst = f"Je portfolio is klaar:\n  {self.html}\n  {self.json}  (lever dit bestand in bij je docent)"
        return tekst + "".join(f"\nLet op: {o}" for o in self.opmerkingen)

    __repr__ = __str__


def export_map() -> Path:
    from wijklab.basis.paden import werk_map

    return werk_map() / "export"


def exporteer(map: str | Path | None = None, *, store=None) -> Export:
    """Write the portfolio as HTML and JSON into ``map`` (default ``mijn_werk/export/``).

    Never raises for things a student can run into: the returned :class:`Export` says what went
    wrong and what to do.
    """
    doelmap = Path(map).expanduser() if map is not None else export_map()
    try:
        portfolio = verzamel(store)
        html_tekst = naar_html(portfolio)
        json_tekst = naar_json(portfolio)
    except Exception as e:  # a bug must not show a traceback to a student
        return Export(False, melding=f"Er ging iets mis bij het maken van je portfolio ({type(e).__name__}: {e}). Laat deze melding aan je docent zien.")
    te_lang = [r.id for nb in portfolio.notebooks for r in nb.reflecties if len(r.tekst) > MAX_REFLECTIE_TEKENS]
    if te_lang:
        return Export(False, melding=(
            f"Je portfolio is niet gemaakt: je reflectie {', '.join(te_lang)} is langer dan {nl_getal(MAX_REFLECTIE_TEKENS)} tekens, "
            "de grens voor een export. Maak de tekst korter in het tekstvak van die reflectie en exporteer opnieuw. "
            "Je volledige tekst is bewaard; er gaat niets verloren."
        ))
    grens = controleer(json_tekst.encode("utf-8"))
    if grens:  # the class overview would refuse this file: never hand her one
        return Export(False, melding=(
            f"Je portfolio is niet gemaakt: het klasoverzicht van je docent zou het niet kunnen lezen ({grens[0]}). "
            "Je werk zelf is niet kwijt. Laat deze melding aan je docent zien."
        ))
    stam = f"portfolio_{bestandsdeel(portfolio.student.naam)}_{bestandsdeel(portfolio.student.id[:6])}_{bestandsdatum(portfolio.geexporteerd)}"
    html_pad, json_pad = doelmap / f"{stam}.html", doelmap / f"{stam}.json"
    try:
        schrijf_atomair(html_pad, html_tekst)
        schrijf_atomair(json_pad, json_tekst)
    except OSError as e:
        reden = "de schijf is vol" if getattr(e, "errno", None) == 28 else f"de map {doelmap} is niet beschrijfbaar of bestaat niet"
        return Export(
            False,
            melding=(
                f"Je portfolio kon niet worden opgeslagen: {reden}. Je werk zelf is niet kwijt. "
                "Kies een andere map, bijvoorbeeld wl.exporteer('~/Documenten'), of vraag je docent."
            ),
        )
    leeg = portfolio.totaal.gemaakt == 0 and portfolio.totaal.geschreven == 0
    return Export(True, html_pad.absolute(), json_pad.absolute(), opmerkingen=list(portfolio.opmerkingen), leeg=leeg)


def opties_export(parser) -> None:
    """The options of ``python -m wijklab export`` (declared once, for wijklab.basis.opdrachtregel)."""
    parser.add_argument("--naar", metavar="MAP", help="de map voor de bestanden (standaard: mijn_werk/export)")


#: what ``python -m wijklab export --help`` says the command does
EXPORT_BESCHRIJVING = "Schrijf je portfolio als HTML-bestand (om te lezen en af te drukken) en als JSON-bestand (voor je docent)."


def main_export(args=None) -> int:
    """``python -m wijklab export [--naar MAP]``; returns the exit code (0 = gelukt).

    ``args``: the options as parsed by ``python -m wijklab`` (a Namespace), or the command line after ``export``."""
    from argparse import Namespace

    from wijklab.basis.opdrachtregel import lees

    opties = args if isinstance(args, Namespace) else lees("python -m wijklab export", opties_export, args,
                                                            beschrijving=EXPORT_BESCHRIJVING)
    gevonden, melding = _zoek_store()
    if not gevonden:
        print(f"Export niet gemaakt. {melding}", file=sys.stderr)
        return 1
    uitkomst = exporteer(opties.naar)
    print(uitkomst)
    return 0 if uitkomst.gelukt and not uitkomst.leeg else 1


def _zoek_store() -> tuple[bool, str]:
    """Is there a store where the notebooks keep it (same rules as in a notebook)? Else a Dutch reason."""
    from wijklab.basis.paden import WERK_VAR, vind_cursus, werk_map
    from wijklab.werk.store import BESTANDSNAAM

    if not os.environ.get(WERK_VAR) and vind_cursus() is None:
        return False, (
            "Er is geen cursusmap gevonden (een map met notebooks/vragen en data). Voer deze opdracht uit in de "
            "map van de cursus of een map daaronder, of zet WIJKLAB_CURSUS op die map."
        )
    pad = werk_map() / BESTANDSNAAM
    if not os.path.lexists(pad):
        return False, (
            f"Er is nog geen opgeslagen werk gevonden (gezocht in {pad.parent}). Maak eerst een vraag of reflectie "
            "in een notebook, of voer deze opdracht uit in de cursusmap die je notebooks gebruiken (of zet "
            "WIJKLAB_CURSUS of WIJKLAB_WERKMAP zoals in je notebooks)."
        )
    return True, ""
