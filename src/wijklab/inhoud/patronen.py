"""Answer patterns in the question banks: is the right option habitually first, or the longest?

A student who notices that the right answer is usually the first or the longest option no longer has
to think. ``python -m wijklab check`` therefore *warns* (it does not fail) when a bank shows such a
habit. The rule, per bank, over its single-choice questions (type ``enkelvoudig``), and only when the
bank has at least ``MINIMUM`` of them:

* more than half of them have the right option in first place, or
* more than half of them have the right option as the strictly longest text (counted in characters).
"""

from __future__ import annotations

import sys
from pathlib import Path

from wijklab.inhoud.bank import Bank, BankFout, Enkelvoudig, laad_bank

MINIMUM = 4


def _juist(vraag: Enkelvoudig) -> int:
    return next(i for i, o in enumerate(vraag.opties) if o.juist)


def is_langste(vraag: Enkelvoudig) -> bool:
    """True when the right option is longer than every other option."""
    j = _juist(vraag)
    lengte = len(vraag.opties[j].tekst.strip())
    return all(lengte > len(o.tekst.strip()) for i, o in enumerate(vraag.opties) if i != j)


def patronen(bank: Bank, naam: str = "") -> list[str]:
    """Dutch warnings for one bank (empty list: no habit found)."""
    vragen = [v for v in bank.vragen if isinstance(v, Enkelvoudig)]
    if len(vragen) < MINIMUM:
        return []
    naam = naam or f"{bank.notebook}.yaml"
    n = len(vragen)
    eerst = [v.id for v in vragen if _juist(v) == 0]
    langst = [v.id for v in vragen if is_langste(v)]
    meldingen = []
    if len(eerst) * 2 > n:
        meldingen.append(
            f"Waarschuwing: in {naam} staat het goede antwoord bij {len(eerst)} van de {n} vragen met één goed "
            f"antwoord op de eerste plek ({', '.join(eerst)}). Zet het vaker ergens anders neer.")
    if len(langst) * 2 > n:
        meldingen.append(
            f"Waarschuwing: in {naam} is het goede antwoord bij {len(langst)} van de {n} vragen met één goed "
            f"antwoord het langste ({', '.join(langst)}). Maak de foute opties even precies, of het goede korter.")
    return meldingen


def meld_patronen(vragen_map: Path) -> list[str]:
    """Print a warning for every bank in ``vragen_map`` with an answer pattern (to stderr); return them.

    Banks that do not load are skipped here: ``controleer_alles`` already reports them as errors.
    """
    meldingen = []
    for bestand in sorted(Path(vragen_map).glob("*.yaml")):
        try:
            bank = laad_bank(bestand)
        except BankFout:
            continue
        meldingen += patronen(bank, str(bestand))
    for m in meldingen:
        print(m, file=sys.stderr)
    return meldingen
