"""Question banks: YAML files in ``notebooks/vragen/``, one per notebook, found, cached and looked up;
and the check of the whole course (``python -m wijklab check``).

The schema of a bank is declared once, in :mod:`wijklab.inhoud.vraagschema`; :mod:`wijklab.inhoud.schemacheck`
checks data against it (a fast check without pydantic for a good bank, pydantic with Dutch messages for the
rest); :mod:`wijklab.inhoud.yamllezer` reads a file, bounded and in Dutch; :mod:`wijklab.inhoud.patronen`
finds answer habits. This module is where the rest of the engine finds all of it: it re-exports their
public names (``from wijklab.inhoud.bank import Bank, BankFout, zoek`` keeps working).
"""

from __future__ import annotations

import os
import re
import sys
import threading
from pathlib import Path

from wijklab.basis.paden import cursus_map
from wijklab.inhoud import vraagschema
from wijklab.inhoud.patronen import LENGTE_VERHOUDING, patronen, weggevers
from wijklab.inhoud.schemacheck import MAX_MELDINGEN, bank_uit, bron_uit
from wijklab.inhoud.vraagschema import *  # noqa: F403  (the declarations, under the names the engine imports from here)
from wijklab.inhoud.vraagschema import ID_PATROON, Bank, BankFout, Bronvermelding
from wijklab.inhoud.yamllezer import MAX_BYTES, MAX_DIEPTE, MAX_KNOPEN, lees_yaml

_lees_yaml = lees_yaml  # the name actualiteit imports

__all__ = [
    *vraagschema.__all__, "BankOnbruikbaar", "LENGTE_VERHOUDING", "MAX_BYTES", "MAX_DIEPTE", "MAX_KNOPEN",
    "MAX_MELDINGEN", "alle_banken", "bank_uit", "bank_voor", "banken_en_fouten", "bankbestanden", "bibliografie",
    "bibliografie_bestand", "bron_uit", "controleer_alles", "cursus_map", "fout_tekst", "laad_bank", "lees_yaml",
    "onmogelijke_waarden", "patronen", "vragen_map", "waarschuwingen_alles", "weggevers", "zoek",
]


def laad_bank(bestand: str | Path) -> Bank:
    """Read and validate one bank (always from disk; see :func:`bank_voor` for the cached lookup)."""
    bestand = Path(bestand)
    data = lees_yaml(bestand)
    if not isinstance(data, dict):
        raise BankFout(f"{bestand} moet beginnen met de velden 'notebook', 'titel' en 'vragen'.")
    bank = bank_uit(data, bestand)
    if bestand.stem != bank.notebook:
        raise BankFout(f"Fout in {bestand}: veld 'notebook' is '{bank.notebook}', maar het bestand heet '{bestand.stem}'.")
    return bank


def vragen_map() -> Path:
    return cursus_map() / "notebooks" / "vragen"


class BankOnbruikbaar(BankFout):
    """The bank of one notebook cannot be used at all (so none of its questions can)."""


# file -> ((mtime_ns, size, inode, device), bank or the BankFout it gave): an edited bank is read
# again on its next use, no kernel restart needed
_CACHE: dict[str, tuple[tuple, object]] = {}
_CACHE_SLOT = threading.Lock()


def _gecached(bestand: Path, lees):
    try:
        info = os.stat(bestand)
        sleutel = (info.st_mtime_ns, info.st_size, info.st_ino, info.st_dev)
    except OSError:
        sleutel = None
    naam = str(bestand)
    with _CACHE_SLOT:
        if sleutel is not None and naam in _CACHE and _CACHE[naam][0] == sleutel:
            uitkomst = _CACHE[naam][1]
        else:
            try:
                uitkomst = lees(bestand)
            except BankFout as e:
                uitkomst = e
            if sleutel is not None:
                _CACHE[naam] = (sleutel, uitkomst)
    if isinstance(uitkomst, BankFout):
        raise uitkomst.with_traceback(None)  # the same error again, without piling up tracebacks
    return uitkomst


def _wis_cache() -> None:
    with _CACHE_SLOT:
        _CACHE.clear()


def bankbestanden(nr: str | None = None) -> list[Path]:
    """The bank files of notebook ``nr`` ('01'), or all of them."""
    try:
        return sorted(vragen_map().glob(f"{nr}_*.yaml" if nr else "*.yaml"))
    except OSError:
        return []


def _te_veel(nr: str, bestanden: list[Path]) -> str:
    aantal = {2: "twee", 3: "drie"}.get(len(bestanden), str(len(bestanden)))
    return (f"Er zijn {aantal} vragenbanken voor notebook {nr}: {', '.join(str(b) for b in bestanden[:-1])} en {bestanden[-1]}. "
            "Elk notebook heeft precies één vragenbank; voeg ze samen of verwijder er één.")


def bank_voor(nr: str) -> Bank:
    """The bank of notebook ``nr`` ('01'); only that file is read (cached until it changes).

    Raises BankOnbruikbaar if it is broken or if there are two bank files for the number.
    """
    bestanden = bankbestanden(nr)
    if not bestanden:
        raise BankOnbruikbaar(f"Er is geen vragenbank voor notebook {nr} in {vragen_map()}.")
    if len(bestanden) > 1:
        raise BankOnbruikbaar(_te_veel(nr, bestanden))
    try:
        return _gecached(bestanden[0], laad_bank)
    except BankOnbruikbaar:
        raise
    except BankFout as e:
        raise BankOnbruikbaar(str(e)) from None


def banken_en_fouten() -> tuple[dict[str, Bank], list[BankFout]]:
    """Every bank that can be read (keyed '00', '01', ...) and a BankFout for each one that cannot.

    Also reports two files for one notebook number and one question id in two banks, naming both files.
    """
    banken, fouten, _ = _lees_alle()
    return banken, fouten


def _lees_alle() -> tuple[dict[str, Bank], list[BankFout], dict[Path, Bank]]:
    banken: dict[str, Bank] = {}
    fouten: list[BankFout] = []
    leesbaar: dict[Path, Bank] = {}
    per_nr: dict[str, list[Path]] = {}
    for bestand in bankbestanden():
        per_nr.setdefault(bestand.name[:2], []).append(bestand)
    waar: dict[str, Path] = {}
    for nr, bestanden in sorted(per_nr.items()):
        voor = len(fouten)
        gelezen: dict[Path, Bank] = {}
        for bestand in bestanden:
            try:
                gelezen[bestand] = _gecached(bestand, laad_bank)
            except BankFout as e:
                fouten.append(e)
        for bestand, b in gelezen.items():
            for o in [*b.vragen, *b.reflecties]:
                if o.id in waar:
                    fouten.append(BankFout(f"Vraag '{o.id}' staat in twee vragenbanken: {waar[o.id]} en {bestand}. "
                                           "Een id hoort bij precies één vraag; geef één van beide een nieuwe id."))
                else:
                    waar[o.id] = bestand
        if len(bestanden) > 1:
            fouten.append(BankFout(_te_veel(nr, bestanden)))
        elif gelezen:
            banken[nr] = next(iter(gelezen.values()))
        for e in fouten[voor:]:
            e.notebook = nr  # which notebook's bank the problem is in
        leesbaar.update(gelezen)
    return banken, fouten, leesbaar


def alle_banken() -> dict[str, Bank]:
    """All banks of the course, keyed by notebook prefix ('00', '01', ...); the first problem raises."""
    banken, fouten = banken_en_fouten()
    if fouten:
        raise fouten[0]
    return banken


alle_banken.cache_clear = _wis_cache  # type: ignore[attr-defined]  # (tests) forget what was read


def zoek(id: str):
    """Find a question or reflection by id ('01-krachtwijken'); reads only that notebook's bank."""
    if not isinstance(id, str) or not re.match(ID_PATROON, id):
        raise BankFout(f"'{id}' is geen geldige vraag-id. Een id ziet eruit als '01-krachtwijken'.")
    bank = bank_voor(id[:2])
    try:
        return bank, bank.onderdeel(id)
    except KeyError:
        bestaand = ", ".join(o.id for o in [*bank.vragen, *bank.reflecties])
        raise BankFout(f"Vraag '{id}' staat niet in {bank.notebook}.yaml. Wel aanwezig: {bestaand}.") from None


def fout_tekst(fout: BankFout, wat: str = "Deze vraag") -> str:
    """What a student sees instead of a question whose bank lookup failed: true about what still works."""
    regels = [r.strip().removeprefix("- ") for r in str(fout).strip().splitlines() if r.strip()]
    tekst = regels[0] + (" " + "; ".join(regels[1:]) if len(regels) > 1 else "")  # the widget shows no line breaks
    if not tekst.endswith((".", "!", "?")):
        tekst += "."
    if isinstance(fout, BankOnbruikbaar):
        return (
            f"{wat} kan niet worden getoond: {tekst} Meld dit aan je docent. Tot dit is opgelost, werken de vragen en "
            "reflecties uit de vragenbank van dit notebook niet; de tekst, tabellen en grafieken wel."
        )
    return f"{wat} kan niet worden getoond: {tekst} Meld dit aan je docent; de andere vragen werken gewoon."


def bibliografie_bestand() -> Path:
    return cursus_map() / "docs" / "bibliografie.yaml"


def _lees_bibliografie(bestand: Path) -> dict[str, Bronvermelding]:
    data = lees_yaml(bestand) or {}
    if not isinstance(data, dict):
        raise BankFout(f"{bestand} moet een lijst van sleutels met bronnen zijn.")
    return {str(sleutel): bron_uit(velden, bestand, str(sleutel)) for sleutel, velden in data.items()}


def bibliografie() -> dict[str, Bronvermelding]:
    return _gecached(bibliografie_bestand(), _lees_bibliografie)


bibliografie.cache_clear = _wis_cache  # type: ignore[attr-defined]


# --- check: the whole course ---------------------------------------------------------------------------


def onmogelijke_waarden(bank: Bank) -> list[str]:
    """Dutch problems with values the schema accepts but no student could answer well (declared per soort)."""
    return [f"vraag {v.id}: {tekst}" for v in bank.vragen for tekst in v.onmogelijk()]


def waarschuwingen_alles() -> list[str]:
    """Warnings for every readable bank (check prints them and still passes)."""
    _, _, leesbaar = _lees_alle()
    return [f"Let op in {bestand.name}: {w}." for bestand, bank in sorted(leesbaar.items()) for w in weggevers(bank)]


def controleer_alles() -> list[str]:
    """Validate every bank and the bibliography; return a list of Dutch problems (empty = good).

    Answer habits (the right option habitually first or longest) are warnings only: printed to stderr.
    """
    problemen: list[str] = []
    _wis_cache()
    try:
        bib = bibliografie()
    except BankFout as e:
        problemen.append(str(e))
        bib = {}
    _, fouten, leesbaar = _lees_alle()
    problemen += [str(e) for e in fouten]
    gewoon = dict(leesbaar)  # the notebooks' banks, whose answer habits count
    diagnose = vragen_map() / "diagnose" / "00_diagnose.yaml"  # the diagnostic's own bank (wijklab.leerling.diagnostiek)
    if diagnose.exists():
        try:
            leesbaar = {**leesbaar, diagnose: laad_bank(diagnose)}
        except BankFout as e:
            problemen.append(str(e))
    for bestand, bank in leesbaar.items():
        problemen += [f"Fout in {bestand}: {p}." for p in onmogelijke_waarden(bank)]
        for o in [*bank.vragen, *bank.reflecties]:
            for sleutel in o.bronnen:
                if bib and sleutel not in bib:
                    problemen.append(f"Fout in {bestand}: vraag {o.id} noemt bron '{sleutel}', maar die staat niet in {bibliografie_bestand()}.")
    for bestand in sorted(vragen_map().glob("*.yml")):
        problemen.append(f"{bestand} wordt niet gelezen: een vragenbank eindigt op .yaml. Hernoem het bestand.")
    for bestand, bank in sorted(gewoon.items()):
        for melding in patronen(bank, str(bestand)):
            print(melding, file=sys.stderr)
    return problemen
