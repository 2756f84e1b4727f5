"""Her drafts of a reflection, as pure decisions: no SQLite, no widgets.

A draft (:class:`Concept`) is one row of the store's ``concepten`` table; every save is a new row and
nothing is ever deleted. What the store and the reflection box decide about drafts lives here, once:

* A draft's revision is its row ``nr`` (:func:`revisie`); a draft still waiting in memory (nr -1) is
  newer than any row.
* A box remembers the revision and the text it showed or last wrote (its basis). The newest draft is
  newer text from elsewhere (another box, tab or kernel) when its revision is higher than that basis
  and its text differs from what the box saw (:func:`is_nieuwer`). A box never writes over such text
  with its own, different text (:func:`gaat_over_nieuwere_tekst`): the store checks this inside its
  write transaction, the box before it writes.
* Typing that may not go over newer text is kept as the setting ``ANDER_CONCEPT + id`` (JSON
  ``{tijd, tekst}``, :func:`ander_concept_waarde`; '' once she chose) and offered back by the next box.
* When the newest draft is empty or much shorter than an older one (:func:`eerdere_versie`), the box
  offers the older text back; declining is remembered as ``EERDER_AFGEWEZEN + id`` = that newest nr.
  :func:`aanbod_bij_openen` says which of the two offers a box makes when it opens.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

#: the setting that keeps a box's draft that may not go over a newer draft of another box (JSON
#: {tijd, tekst}, '' once she chose); the reflection box offers it back
ANDER_CONCEPT = "ander-concept:"
#: the setting that holds the newest draft's nr for which she declined an earlier version
EERDER_AFGEWEZEN = "eerdere-versie-afgewezen:"
#: an older draft is offered back when the newest has less than half its words (and at least this many fewer)
VERSCHIL_WOORDEN = 5


@dataclass(frozen=True)
class Concept:
    nr: int
    tijd: str
    notebook: str
    onderdeel: str
    tekst: str


def tel_woorden(tekst: str) -> int:
    """Words as the student sees them counted under her reflection ('s-Hertogenbosch is one word)."""
    return len(re.findall(r"\w+(?:[-'’]\w+)*", tekst or ""))


def eerdere_versie(concepten: list[Concept]) -> Concept | None:
    """The older draft (most words, the latest of equals) worth offering back because the newest
    draft of that reflection is empty or much shorter; None when there is none.

    ``concepten`` are the drafts of one reflection, oldest first (as :meth:`Store.concepten` gives them).
    """
    if len(concepten) < 2:
        return None
    nu_w = tel_woorden(concepten[-1].tekst)
    _, _, beste = max((tel_woorden(c.tekst), i, c) for i, c in enumerate(concepten[:-1]))
    eerder_w = tel_woorden(beste.tekst)
    if eerder_w > 0 and (nu_w == 0 or (2 * nu_w < eerder_w and eerder_w - nu_w >= VERSCHIL_WOORDEN)):
        return beste
    return None


def revisie(concept: Concept) -> float:
    """A draft's revision: its row nr; a draft still waiting in memory (nr -1) is newer than any row."""
    return math.inf if concept.nr < 0 else concept.nr


def is_nieuwer(nieuwste: Concept | None, basis: int, gezien: str | None) -> bool:
    """True when ``nieuwste`` (the newest draft) is newer text from elsewhere for a box whose basis is
    revision ``basis`` showing text ``gezien``: a higher revision with another text."""
    return nieuwste is not None and revisie(nieuwste) > basis and nieuwste.tekst != gezien


def gaat_over_nieuwere_tekst(nieuwste: Concept | None, basis: int, gezien: str | None, tekst: str) -> bool:
    """True when writing ``tekst`` would go over newer, different text from elsewhere (see :func:`is_nieuwer`)."""
    return is_nieuwer(nieuwste, basis, gezien) and nieuwste.tekst != tekst


def ander_concept_waarde(tijd: str, tekst: str) -> str:
    """The value of the ``ANDER_CONCEPT`` setting that keeps ``tekst`` (typed at ``tijd``) for next time."""
    return json.dumps({"tijd": tijd, "tekst": tekst}, ensure_ascii=False)


def aanbod_bij_openen(alle: list[Concept], ander: str | None, afgewezen: str | None) -> tuple | None:
    """What a box offers when it opens, given the drafts of its reflection (oldest first), the value of
    its ``ANDER_CONCEPT`` setting and of its ``EERDER_AFGEWEZEN`` setting:

    * ``("ander", tekst, tijd)``: typing kept from another box at exit (not already the newest text);
    * else ``("eerder", concept, concept.tijd)``: an earlier, longer version, unless she declined it
      for this newest draft;
    * else None.
    """
    nieuwste = alle[-1].tekst if alle else ""
    try:
        bewaard = json.loads(ander) if ander else None
    except ValueError:
        bewaard = None
    if (
        isinstance(bewaard, dict)
        and isinstance(bewaard.get("tekst"), str)
        and bewaard["tekst"].strip()
        and bewaard["tekst"] != nieuwste
    ):
        return ("ander", bewaard["tekst"], bewaard.get("tijd", ""))
    eerder = eerdere_versie(alle)
    if eerder is not None and afgewezen != str(alle[-1].nr):
        return ("eerder", eerder, eerder.tijd)
    return None
