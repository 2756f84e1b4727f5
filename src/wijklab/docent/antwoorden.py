"""The answer keys and study times for teachers: ``python -m wijklab antwoorden``.

docs/antwoordsleutels.md is generated from the question banks (never edited by hand), like
docs/bibliografie.md from the bibliography; a test fails when it is stale. Per notebook it lists
the study time computed with :func:`studietijd`, every question with its right answer and
explanation, and every reflection with its model answer.

The study time is a rule, stated once here and explained in the teacher guide:
reading at 200 words a minute (the notebook's own text plus the questions a student reads),
1,5 minutes per question for thinking, answering and reading the feedback (3 for a prediction,
which comes with a chart), 1 minute per code cell a student runs and looks at (15 for an interactive model), and writing
reflections at 10 words a minute over their minimum length (at least 5 minutes each). Each of
the three parts is rounded to 5 minutes; the study time is their sum.
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from wijklab.inhoud.bank import BankFout, Voorspel, bank_voor, bibliografie
from wijklab.basis.paden import cursus_map
from wijklab.basis.taal import aantal, nl_getal

LEESSNELHEID = 200  # words a minute, study text
MINUTEN_PER_VRAAG = 1.5
MINUTEN_PER_VOORSPELVRAAG = 3.0
MINUTEN_PER_CODECEL = 1.0
MINUTEN_PER_MODEL = 15.0  # an interactive model a student tries out (wl.middelstad_model)
SCHRIJFSNELHEID = 10  # words a minute for a reflection: thinking, writing, rereading
MINUTEN_PER_REFLECTIE_MINIMAAL = 5.0

KOP = """# Antwoordsleutels

<!-- Dit bestand wordt gemaakt uit de vragenbanken in notebooks/vragen/. Pas het niet met de hand
     aan, maar wijzig de vragenbank en voer daarna uit: python -m wijklab antwoorden -->

Voor docenten: per notebook de goede antwoorden, de uitleg die studenten na het antwoorden zien,
en de modelantwoorden van de reflecties. Studenten kunnen de vragenbanken ook zelf openen; gebruik
de quizvragen dus als oefening en niet als toets. De berekende studietijd staat bovenaan elk
notebook; hoe die berekend wordt, staat in de [docentenhandleiding](docentenhandleiding.md#studietijd).
"""


@dataclass(frozen=True)
class Studietijd:
    woorden: int  # words a student reads: markdown cells plus the text of the questions
    vragen: int
    voorspelvragen: int
    codecellen: int  # code cells other than plain calls to wl.quiz/wl.reflectie/wl.voortgang
    reflecties: int
    schrijfwoorden: int  # the reflections' minimum lengths added up
    modellen: int = 0  # interactive models (their cells are not counted as code cells)

    def delen(self) -> tuple[int, int, int]:
        """Minutes for reading, for questions and code, and for writing; each rounded to 5 (at least 5)."""
        lezen = self.woorden / LEESSNELHEID
        doen = ((self.vragen - self.voorspelvragen) * MINUTEN_PER_VRAAG
                + self.voorspelvragen * MINUTEN_PER_VOORSPELVRAAG + self.codecellen * MINUTEN_PER_CODECEL
                + self.modellen * MINUTEN_PER_MODEL)
        schrijven = max(self.schrijfwoorden / SCHRIJFSNELHEID, self.reflecties * MINUTEN_PER_REFLECTIE_MINIMAAL)
        return tuple(max(5, 5 * round(m / 5)) if m else 0 for m in (lezen, doen, schrijven))

    @property
    def minuten(self) -> int:
        return sum(self.delen())

    def uitleg(self) -> str:
        lezen, doen, schrijven = self.delen()
        return (f"ongeveer {self.minuten} minuten: {lezen} minuten lezen ({nl_getal(self.woorden)} woorden), "
                f"{doen} minuten voor {aantal(self.vragen, 'vraag', 'vragen')} "
                f"(waarvan {aantal(self.voorspelvragen, 'voorspelvraag', 'voorspelvragen')}) en "
                f"{aantal(self.codecellen, 'codecel', 'codecellen')}"
                f"{' en het model' if self.modellen else ''}, {schrijven} minuten voor "
                f"{aantal(self.reflecties, 'reflectie', 'reflecties')} (samen minstens {self.schrijfwoorden} woorden)")


_MODEL = re.compile(r"\bwl\.middelstad_model\(")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_KAAL = re.compile(r"^\s*(#.*\n)*\s*(import wijklab as wl|wl\.(quiz|reflectie|voortgang|diagnose)\([^)]*\))\s*$")
#: a cell with the diagnostic (wl.diagnose): its questions count as questions of the notebook
_DIAGNOSE = re.compile(r"\bwl\.diagnose\(")


def _woorden(tekst: str) -> int:
    tekst = _LINK.sub(r"\1", tekst)
    tekst = re.sub(r"<[^>]+>|[|*_#`>-]", " ", tekst)
    return len(re.findall(r"\w[\w'’.,-]*", tekst))


def notebooks() -> list[Path]:
    return sorted((cursus_map() / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def studietijd(notebook: Path) -> Studietijd:
    cellen = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    bank = bank_voor(notebook.name[:2])
    tekst = ["".join(c["source"]) for c in cellen if c["cell_type"] == "markdown"]
    code = ["".join(c["source"]) for c in cellen if c["cell_type"] == "code"]
    vraagtekst = [v.vraag for v in bank.vragen]
    for v in bank.vragen:
        vraagtekst += [o.tekst for o in getattr(v, "opties", [])] + [i.tekst for i in getattr(v, "items", [])]
        vraagtekst += [p.links + " " + p.rechts for p in getattr(v, "paren", [])]
    vraagtekst += [r.vraag for r in bank.reflecties]
    extra = []
    if any(_DIAGNOSE.search(c) for c in code):
        from wijklab.inhoud.diagnose import diagnose_bank

        extra = diagnose_bank().vragen
        vraagtekst += [v.vraag for v in extra] + [o.tekst for v in extra for o in v.opties]
    return Studietijd(
        woorden=sum(map(_woorden, tekst + vraagtekst)),
        vragen=len(bank.vragen) + len(extra),
        voorspelvragen=sum(isinstance(v, Voorspel) for v in bank.vragen),
        codecellen=sum(1 for c in code if c.strip() and not _KAAL.match(c) and not _MODEL.search(c)),
        modellen=sum(1 for c in code if _MODEL.search(c)),
        reflecties=len(bank.reflecties),
        schrijfwoorden=sum(r.min_woorden for r in bank.reflecties),
    )


# --- the answer keys ---------------------------------------------------------------------------

def _regel(tekst: str) -> str:
    return " ".join(str(tekst).split())


def _met_eenheid(x: float, eenheid: str) -> str:
    return f"{nl_getal(x)} {eenheid}".strip()


def _antwoord(v) -> list[str]:
    if v.type in ("enkelvoudig", "meervoudig"):
        return [f"- {'**goed:**' if o.juist else 'fout:'} {_regel(o.tekst)}" for o in v.opties]
    if v.type == "volgorde":
        return [f"{i}. {_regel(it.tekst)}" + (f" — {_regel(it.toelichting)}" if it.toelichting else "")
                for i, it in enumerate(v.items, 1)]
    if v.type == "koppelen":
        return [f"- {_regel(p.links)} → {_regel(p.rechts)}" for p in v.paren]
    # getal and voorspel
    return [f"- **Antwoord:** {_met_eenheid(v.antwoord, v.eenheid)} (goed tussen {_met_eenheid(v.antwoord - v.marge, v.eenheid)} "
            f"en {_met_eenheid(v.antwoord + v.marge, v.eenheid)})"]


_SOORT = {"enkelvoudig": "één antwoord goed", "meervoudig": "meer antwoorden goed", "volgorde": "goede volgorde",
          "koppelen": "goede paren", "getal": "getal", "voorspel": "voorspelling"}


def _bronnen(sleutels) -> str:
    if not sleutels:
        return ""
    from wijklab.inhoud.bibliografie import link

    bronnen = bibliografie()
    return "Bron: " + "; ".join(link(s, prefix="", bronnen=bronnen) if s in bronnen else s for s in sleutels)


def maak_markdown() -> str:
    regels = [KOP]
    for nb in notebooks():
        bank = bank_voor(nb.name[:2])
        regels += [f'## <a id="{nb.stem}"></a>{nb.name[:2]} {bank.titel}', "",
                   f"Notebook `notebooks/{nb.name}`, vragenbank `notebooks/vragen/{nb.stem}.yaml`. "
                   f"Berekende studietijd: {studietijd(nb).uitleg()}.", ""]
        for v in bank.vragen:
            regels += [f"### `{v.id}` ({_SOORT[v.type]})", "", _regel(v.vraag), ""] + _antwoord(v) + [""]
            regels += [f"*Uitleg:* {_regel(v.uitleg)}", ""]
            if v.bronnen:
                regels += [_bronnen(v.bronnen), ""]
        for r in bank.reflecties:
            regels += [f"### Reflectie `{r.id}`" + (f" (minstens {r.min_woorden} woorden)" if r.min_woorden else ""), "",
                       _regel(r.vraag), ""]
            regels += [f"*Modelantwoord:* {_regel(r.modelantwoord)}" if r.modelantwoord else "*Geen modelantwoord.*", ""]
            if r.bronnen:
                regels += [_bronnen(r.bronnen), ""]
    return "\n".join(regels).rstrip() + "\n"


def md_bestand() -> Path:
    return cursus_map() / "docs" / "antwoordsleutels.md"


def main_antwoorden(args: list[str]) -> int:
    try:
        if args and args[0] == "--controleer":
            if not md_bestand().exists() or md_bestand().read_text(encoding="utf-8") != maak_markdown():
                print(f"{md_bestand()} is niet bijgewerkt. Voer uit: python -m wijklab antwoorden", file=sys.stderr)
                return 1
            print(f"{md_bestand()} is bijgewerkt.")
            return 0
        if args:
            print(f"Onbekende optie '{args[0]}'. Gebruik geen optie of --controleer.", file=sys.stderr)
            return 2
        md_bestand().write_text(maak_markdown(), encoding="utf-8")
        print(f"Geschreven: {md_bestand()}")
        return 0
    except BankFout as e:
        print(str(e), file=sys.stderr)
        return 1
