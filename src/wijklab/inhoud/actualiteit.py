"""The register of time-bound claims: ``docs/actualiteit.yaml``.

Law, politics and 'latest' figures age. Every such claim in the course has an entry (id, bewering,
stand YYYY-MM, bron, waar, controleer); see the comment at the top of the YAML file. This module

* reads the register with the bounded YAML reader of the banks (``bank._lees_yaml``);
* checks it (``problemen``): every ``bron`` is in the bibliography, every ``waar`` exists, and a notebook
  cell under ``waar`` says "stand <maand jaar>" with the register's month;
* warns (``verouderd``, ``controleer_actualiteit``) about claims whose stand is more than 9 months old —
  a warning for ``python -m wijklab check``, never a failure;
* writes the teacher guide's section "Voor elke nieuwe cursusronde: wat je controleert" between two
  markers (``python -m wijklab actualiteit``); a test fails when that section is stale.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from wijklab.inhoud.bank import BankFout, _lees_yaml, bibliografie, laad_bank
from wijklab.basis.paden import cursus_map
from wijklab.basis.taal import aantal, datum_nl, maand_jaar

MAX_MAANDEN = 9
VELDEN = ("id", "bewering", "stand", "bron", "waar", "controleer")
BEGIN = "<!-- actualiteit: begin (gemaakt uit docs/actualiteit.yaml met: python -m wijklab actualiteit) -->"
EIND = "<!-- actualiteit: eind -->"


@dataclass(frozen=True)
class Bewering:
    id: str
    bewering: str
    jaar: int
    maand: int
    bronnen: tuple[str, ...]
    waar: tuple[str, ...]
    controleer: str

    @property
    def stand(self) -> str:
        return maand_jaar(self.jaar, self.maand)


def register_bestand() -> Path:
    return cursus_map() / "docs" / "actualiteit.yaml"


def handleiding_bestand() -> Path:
    return cursus_map() / "docs" / "docentenhandleiding.md"


def _tekst(waarde: object) -> str | None:
    return " ".join(waarde.split()) if isinstance(waarde, str) and waarde.strip() else None


def lees_register(bestand: Path | None = None) -> list[Bewering]:
    """All entries; a Dutch BankFout naming the entry and field when one is wrong."""
    bestand = register_bestand() if bestand is None else Path(bestand)
    data = _lees_yaml(bestand)
    if not isinstance(data, list):
        raise BankFout(f"{bestand} moet een lijst van beweringen zijn (elke bewering begint met '- id:').")
    uit, gezien = [], set()
    for nr, item in enumerate(data, start=1):
        waar_in = f"Fout in {bestand}, bewering {nr}"
        if not isinstance(item, dict):
            raise BankFout(f"{waar_in}: een bewering is een blok met de velden {', '.join(VELDEN)}.")
        if isinstance(item.get("id"), str):
            waar_in = f"Fout in {bestand}, bewering '{item['id']}'"
        ontbreekt = [v for v in VELDEN if v not in item]
        onbekend = [str(k) for k in item if k not in VELDEN]
        if ontbreekt or onbekend:
            raise BankFout(f"{waar_in}: " + "; ".join(
                ([f"veld(en) {', '.join(ontbreekt)} ontbreken"] if ontbreekt else [])
                + ([f"onbekend veld {', '.join(onbekend)} (toegestaan: {', '.join(VELDEN)})"] if onbekend else [])) + ".")
        velden = {v: _tekst(item[v]) for v in ("id", "bewering", "controleer")}
        for v, w in velden.items():
            if w is None:
                raise BankFout(f"{waar_in}: veld '{v}' moet een tekst zijn.")
        if velden["id"] in gezien:
            raise BankFout(f"{waar_in}: het id komt twee keer voor; geef elke bewering een eigen id.")
        gezien.add(velden["id"])
        m = re.fullmatch(r"(\d{4})-(\d{2})", str(item["stand"]).strip())
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise BankFout(f"{waar_in}: veld 'stand' moet jaar en maand zijn, zoals \"2026-02\" (nu: {item['stand']!r}).")
        bron = item["bron"] if isinstance(item["bron"], list) else [item["bron"]]
        waar = item["waar"] if isinstance(item["waar"], list) else [item["waar"]]
        for veld, lijst in (("bron", bron), ("waar", waar)):
            if not lijst or not all(_tekst(x) for x in lijst):
                raise BankFout(f"{waar_in}: veld '{veld}' moet een tekst of een lijst van teksten zijn.")
        uit.append(Bewering(velden["id"], velden["bewering"], int(m.group(1)), int(m.group(2)),
                            tuple(str(x).strip() for x in bron), tuple(str(x).strip() for x in waar), velden["controleer"]))
    return uit


def _notebookcel(pad: Path, cel_id: str) -> str | None:
    try:
        cellen = json.loads(pad.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    for c in cellen:
        if c.get("id") == cel_id:
            return "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
    return None


def heeft_stand(tekst: str, b: Bewering) -> bool:
    """Does the text say 'stand <maand jaar>' with the month of entry b (any case, any line breaks)?"""
    return f"stand {b.stand}" in " ".join(tekst.split()).lower()


def problemen(register: list[Bewering] | None = None, plaatsen: bool = True) -> list[str]:
    """Dutch problems: unknown sources and (with ``plaatsen``) places that do not exist, notebook cells
    without the stand. ``check`` leaves the places to the test suite: a teacher's copy may lack notebooks."""
    register = lees_register() if register is None else register
    bib, wortel, uit = bibliografie(), cursus_map(), []
    for b in register:
        for sleutel in b.bronnen:
            if sleutel not in bib:
                uit.append(f"Bewering '{b.id}' noemt bron '{sleutel}', maar die staat niet in docs/bibliografie.yaml.")
        for plek in b.waar if plaatsen else ():
            pad_tekst, _, anker = plek.partition("#")
            pad = wortel / pad_tekst
            if not pad.is_file():
                uit.append(f"Bewering '{b.id}': het bestand {pad_tekst} bestaat niet.")
            elif pad.suffix == ".ipynb":
                tekst = _notebookcel(pad, anker) if anker else None
                if not anker:
                    uit.append(f"Bewering '{b.id}': noem bij {pad_tekst} ook de cel, zoals {pad_tekst}#cel-id.")
                elif tekst is None:
                    uit.append(f"Bewering '{b.id}': {pad_tekst} heeft geen cel met id '{anker}'.")
                elif not heeft_stand(tekst, b):
                    uit.append(f"Bewering '{b.id}': cel {anker} van {pad_tekst} zegt niet 'stand {b.stand}'. "
                               "Zet de stand in de tekst, of werk 'stand' in het register bij.")
            elif anker and pad.parent.name == "vragen" and pad.suffix == ".yaml":
                try:
                    bank = laad_bank(pad)
                except BankFout as e:
                    uit.append(f"Bewering '{b.id}': {e}")
                    continue
                if anker not in {o.id for o in [*bank.vragen, *bank.reflecties]}:
                    uit.append(f"Bewering '{b.id}': {pad_tekst} heeft geen vraag of reflectie '{anker}'.")
    return uit


def leeftijd(b: Bewering, vandaag: dt.date) -> int:
    """Whole months between the stand and today."""
    return (vandaag.year - b.jaar) * 12 + vandaag.month - b.maand


def verouderd(register: list[Bewering], vandaag: dt.date | None = None) -> list[Bewering]:
    vandaag = dt.date.today() if vandaag is None else vandaag
    return [b for b in register if leeftijd(b, vandaag) > MAX_MAANDEN]


def waarschuwing(register: list[Bewering], vandaag: dt.date | None = None) -> str:
    """The Dutch warning about stale claims ('' when none is older than MAX_MAANDEN months)."""
    vandaag = dt.date.today() if vandaag is None else vandaag
    oud = verouderd(register, vandaag)
    if not oud:
        return ""
    regels = [f"Let op: {aantal(len(oud), 'bewering is', 'beweringen zijn')} over wet, beleid of 'nieuwste' cijfers "
              f"meer dan {MAX_MAANDEN} maanden niet gecontroleerd (vandaag: {datum_nl(vandaag, met_tijd=False)}):"]
    for b in oud:
        regels.append(f"  - {b.id} (stand {b.stand}, {leeftijd(b, vandaag)} maanden oud): {b.bewering}\n"
                      f"    Controleer: {b.controleer}\n    Staat in: {', '.join(b.waar)}")
    regels.append("Controleer ze vóór de volgende cursusronde, pas de tekst en de 'stand' aan en werk docs/actualiteit.yaml bij "
                  "(zie 'Voor elke nieuwe cursusronde' in docs/docentenhandleiding.md).")
    return "\n".join(regels)


def controleer_actualiteit(vandaag: dt.date | None = None) -> list[str]:
    """For ``check``: an unreadable register or an unknown source fails check; stale claims only warn (stderr)."""
    try:
        register = lees_register()
        fouten = problemen(register, plaatsen=False)
    except BankFout as e:
        return [str(e)]
    melding = waarschuwing(register, vandaag)
    if melding:
        print(melding + "\n", file=sys.stderr)
    return fouten


# --- the teacher guide's section ----------------------------------------------------------------


def maak_overzicht(register: list[Bewering] | None = None) -> str:
    """The generated part of "Voor elke nieuwe cursusronde: wat je controleert" (Markdown, without markers)."""
    from wijklab.inhoud.bibliografie import kort

    register = lees_register() if register is None else register
    bib = bibliografie()
    regels = []
    for b in sorted(register, key=lambda b: (b.jaar, b.maand, b.id)):
        bronnen = "; ".join(f"[{kort(bib[k], bib)}](bibliografie.md#{k})" if k in bib else k for k in b.bronnen)
        regels += [f"- `{b.id}` (stand {b.stand}). {b.bewering}<br>",
                   f"  *Controleer:* {b.controleer}<br>",
                   f"  *Staat in:* {', '.join(f'`{w}`' for w in b.waar)}. *Bron:* {bronnen}.", ""]
    return "\n".join(regels).rstrip() + "\n"


def werk_handleiding_bij(tekst: str, overzicht: str | None = None) -> str:
    """The guide's text with the part between BEGIN and EIND replaced by the overview."""
    overzicht = maak_overzicht() if overzicht is None else overzicht
    if BEGIN not in tekst or EIND not in tekst:
        raise BankFout(f"{handleiding_bestand()} mist de regels {BEGIN} en {EIND}; zet ze terug in de paragraaf "
                       "'Voor elke nieuwe cursusronde: wat je controleert'.")
    voor, rest = tekst.split(BEGIN, 1)
    return f"{voor}{BEGIN}\n{overzicht}{EIND}{rest.split(EIND, 1)[1]}"


def main_actualiteit(args: list[str]) -> int:
    """``python -m wijklab actualiteit``: rewrite the overview in the teacher guide."""
    if args:
        print(f"Onbekende optie '{args[0]}'. Gebruik: python -m wijklab actualiteit", file=sys.stderr)
        return 2
    try:
        pad = handleiding_bestand()
        oud = pad.read_text(encoding="utf-8")
        nieuw = werk_handleiding_bij(oud)
    except (BankFout, OSError) as e:
        print(str(e), file=sys.stderr)
        return 1
    if nieuw != oud:
        pad.write_text(nieuw, encoding="utf-8")
    print(f"Bijgewerkt: {pad} (paragraaf 'Voor elke nieuwe cursusronde').")
    return 0
