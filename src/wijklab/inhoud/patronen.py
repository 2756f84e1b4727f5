"""Answer habits in a question bank that let a student guess without thinking; ``check`` warns about them
(through :func:`wijklab.inhoud.bank.controleer_alles` and ``waarschuwingen_alles``) and never fails on them.

* :func:`patronen`: per bank, over its questions with exactly one right option, and only when the bank has
  at least ``MINIMUM`` of them: more than half have the right option in first place, or more than half have
  it as the strictly longest text (counted in characters).
* :func:`weggevers`: per question with options, a right option over ``LENGTE_VERHOUDING`` times as long as
  the longest wrong one.

Pure functions of a :class:`Bank`: reading the banks is :mod:`wijklab.inhoud.bank`'s concern.
"""

from __future__ import annotations

from wijklab.basis.taal import nl_getal
from wijklab.inhoud.vraagschema import Bank, Keuzevraag

MINIMUM = 4
#: a single-choice key longer than this many times its longest distractor gives itself away (check warns)
LENGTE_VERHOUDING = 1.8


def _juist(vraag: Keuzevraag) -> int:
    return next(i for i, o in enumerate(vraag.opties) if o.juist)


def is_langste(vraag: Keuzevraag) -> bool:
    """True when the right option is longer than every other option."""
    j = _juist(vraag)
    lengte = len(vraag.opties[j].tekst.strip())
    return all(lengte > len(o.tekst.strip()) for i, o in enumerate(vraag.opties) if i != j)


def patronen(bank: Bank, naam: str = "") -> list[str]:
    """Dutch warnings for one bank (empty list: no habit found)."""
    vragen = [v for v in bank.vragen if isinstance(v, Keuzevraag) and v.een_juist]
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


def weggevers(bank: Bank) -> list[str]:
    """Dutch warnings (never failures) for keys of questions with options that students recognise by
    their length."""
    uit = []
    for v in bank.vragen:
        if not isinstance(v, Keuzevraag):
            continue
        sleutel = max(len(o.tekst.strip()) for o in v.opties if o.juist)
        anders = max((len(o.tekst.strip()) for o in v.opties if not o.juist), default=0)
        if anders and sleutel > LENGTE_VERHOUDING * anders:
            uit.append(f"vraag {v.id}: het goede antwoord ({sleutel} tekens) is meer dan "
                       f"{nl_getal(LENGTE_VERHOUDING)} keer zo lang als het langste andere antwoord "
                       f"({anders} tekens); wie twijfelt, kiest het langste. Maak de opties ongeveer even lang "
                       "(zie docs/vragen_schrijven.md)")
    return uit
