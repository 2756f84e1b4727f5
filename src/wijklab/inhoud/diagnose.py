"""The diagnostic's content: its bank, the prefixes of its stored attempts and the pure results.

The same core questions at the start (``wl.diagnose("voor")``, notebook 00) and the end of the course
(``wl.diagnose("na")``, notebook 07); the widget is :mod:`wijklab.leerling.diagnostiek`.

The questions are in ``notebooks/vragen/diagnose/00_diagnose.yaml``: a folder of its own, so they are
no ordinary questions of notebook 00 (progress, portfolio questions and the class overview's question
statistics never see them). Attempts are stored in the same ``pogingen`` table under a prefixed id
(``diagnose-voor:00-kern-mengen``, ``diagnose-na:...``); only the first attempt of each counts. The
portfolio carries the before/after result (:func:`uitslag`), the class overview the learning gain,
Hake's normalised gain (:func:`leerwinst`). Review attempts of ``wl.herhaling()`` are stored under
``herhaling:`` and are no ordinary attempts either (:func:`is_apart`).
"""

from __future__ import annotations

from dataclasses import dataclass

from wijklab.basis.markdown import platte_tekst
from wijklab.inhoud.bank import Bank, _gecached, laad_bank, vragen_map
from wijklab.inhoud.beoordeling import beoordeel_poging

VOOR = "diagnose-voor:"
NA = "diagnose-na:"
#: review attempts of wl.herhaling() (see wijklab.leerling.herhalen)
HERHALING = "herhaling:"
#: stored attempts under these prefixes are no ordinary attempts: progress, export and klas leave them out
APART = (VOOR, NA, HERHALING)
FASEN = {"voor": VOOR, "na": NA}


def is_apart(onderdeel: str) -> bool:
    """True for a diagnostic or review attempt, which never counts as an ordinary question."""
    return onderdeel.startswith(APART)


def bank_bestand():
    return vragen_map() / "diagnose" / "00_diagnose.yaml"


def diagnose_bank() -> Bank:
    """The diagnostic's questions (read once, again when the file changes); raises BankFout."""
    return _gecached(bank_bestand(), laad_bank)


# --- results and learning gain: pure functions -------------------------------------------------


@dataclass(frozen=True)
class Item:
    id: str
    vraag: str
    voor: bool | None  # right at the first attempt before the course; None: not answered
    na: bool | None


def uitslag(pogingen, bank: Bank) -> list[Item]:
    """Per diagnostic question her first attempt before and after, graded against today's bank."""
    eerste: dict[str, object] = {}
    for p in pogingen:
        if p.onderdeel.startswith((VOOR, NA)):
            eerste.setdefault(p.onderdeel, p)
    uit = []
    for v in bank.vragen:
        def oordeel(prefix: str) -> bool | None:
            p = eerste.get(prefix + v.id)
            return None if p is None else bool(beoordeel_poging(v, p).juist)

        uit.append(Item(v.id, platte_tekst(v.vraag), oordeel(VOOR), oordeel(NA)))
    return uit


def score(items: list[Item], fase: str) -> int | None:
    """How many right in phase 'voor' or 'na'; None when she answered none of them in that phase."""
    waarden = [getattr(i, fase) for i in items]
    if all(w is None for w in waarden):
        return None
    return sum(1 for w in waarden if w)


def leerwinst(voor: float | None, na: float | None, maximum: float) -> float | None:
    """Hake's normalised gain g = (na − voor) / (max − voor); None when it is undefined: a score is
    missing, or she had everything right before (voor = max)."""
    if voor is None or na is None or maximum <= 0 or voor >= maximum:
        return None
    return (na - voor) / (maximum - voor)
