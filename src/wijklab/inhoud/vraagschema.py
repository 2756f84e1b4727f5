"""The question schema, declared once: what a bank in ``notebooks/vragen/`` may contain.

Each kind of question (soort) is one frozen dataclass. A field's constraints (not empty, a pattern, not
negative, a finite number) are written beside the field as :class:`Eis` metadata in ``Annotated``; the rules
beyond one field (one right option, unique ids ...) run in ``__post_init__``. Two checks read these
declarations and nothing else (:mod:`wijklab.inhoud.schemacheck`): a fast check derived from them for YAML
that is exactly right (no pydantic: a notebook's kernel never pays for importing it), and pydantic over the
same dataclasses for anything else. The impossible values (values that pass the schema but no student could
answer well) are declared per soort too, as :meth:`onmogelijk`.

No ``from __future__ import annotations`` here: the fast check reads the field types as objects.
"""

import re
from dataclasses import dataclass, field
from typing import Annotated, ClassVar, Literal, Union

from wijklab.basis.fouten import CursusFout

#: what ``from wijklab.inhoud.vraagschema import *`` gives (bank.py re-exports it for the rest of the engine)
__all__ = [
    "BLOOM", "BRONSOORTEN", "ID_PATROON", "NOTEBOOK_PATROON", "VRAAGSOORTEN", "VRAAGTYPES", "Bank", "BankFout", "Bloom",
    "Bronvermelding", "Eis", "Enkelvoudig", "Getal", "Item", "Keuzevraag", "Koppelen", "Meervoudig", "Optie", "Paar",
    "Reflectie", "Volgorde", "Voorspel", "Vraag", "regel_ids", "regel_minstens_een_juist", "regel_precies_een_juist",
    "regel_unieke_rechts", "regel_url",
]

BLOOM = ("onthouden", "begrijpen", "toepassen", "analyseren", "evalueren", "creëren")
Bloom = Literal[BLOOM]
ID_PATROON = r"^[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*$"
NOTEBOOK_PATROON = r"^[0-9]{2}_[a-z0-9_]+$"
BRONSOORTEN = ("boek", "rapport", "artikel", "kamerstuk", "wet", "dataset", "web", "nieuws", "essay")


class BankFout(CursusFout, ValueError):
    """A question bank or bibliography that cannot be used; the message is Dutch."""


class Eis:
    """What one field must satisfy beyond its type; read by the fast check and handed to pydantic as ``Field``.

    ``soort_veld`` names the field that says which class of a union a value is (pydantic's discriminator).
    ``regel`` is a field rule: a Dutch problem for a bad value, or None. (A plain class, not a dataclass:
    every dataclass costs a notebook's import about half a millisecond.)
    """

    VELDEN = ("min_lengte", "patroon", "niet_negatief", "eindig", "soort_veld", "regel")
    __slots__ = VELDEN

    def __init__(self, *, min_lengte: int | None = None, patroon: str | None = None, niet_negatief: bool = False,
                 eindig: bool = False, soort_veld: str | None = None, regel=None):
        self.min_lengte, self.patroon, self.niet_negatief = min_lengte, patroon, niet_negatief
        self.eindig, self.soort_veld, self.regel = eindig, soort_veld, regel

    def _waarden(self) -> tuple:
        return tuple(getattr(self, v) for v in self.VELDEN)

    def met(self, **anders) -> "Eis":
        """A copy with some values changed (given values that are set win)."""
        return Eis(**{**dict(zip(self.VELDEN, self._waarden())), **anders})

    def __eq__(self, ander) -> bool:
        return isinstance(ander, Eis) and self._waarden() == ander._waarden()

    def __hash__(self) -> int:
        return hash(self._waarden())

    def __repr__(self) -> str:
        return "Eis(" + ", ".join(f"{v}={w!r}" for v, w in zip(self.VELDEN, self._waarden()) if w not in (None, False)) + ")"

    def __get_pydantic_core_schema__(self, bron, verder):
        """pydantic's hook (only called on the slow path): this Eis as pydantic's own ``Field`` constraints."""
        from pydantic import AfterValidator, Field

        extra = {"min_length": self.min_lengte, "pattern": self.patroon, "discriminator": self.soort_veld,
                 "ge": 0 if self.niet_negatief else None, "allow_inf_nan": False if self.eindig else None}
        eisen: list = [Field(**{k: v for k, v in extra.items() if v is not None})]
        if self.regel is not None:
            eisen.append(AfterValidator(lambda v, regel=self.regel: _volgens(regel(v)) or v))
        return verder(Annotated[(bron, *eisen)])


def _volgens(melding: str | None) -> None:
    if melding:
        raise ValueError(melding)


NietLeeg = Annotated[str, Eis(min_lengte=1)]
Eindig = Annotated[float, Eis(eindig=True)]
#: pydantic's config for these stdlib dataclasses (a plain dict: no pydantic import on the fast path)
_STRENG = {"extra": "forbid"}


# --- rules beyond one field: a Dutch problem, or None (both checks run them, via __post_init__) -----


def regel_precies_een_juist(opties) -> str | None:
    if sum(o.juist for o in opties) != 1:
        return "opties: precies één optie moet 'juist: true' hebben"
    return None


def regel_minstens_een_juist(opties) -> str | None:
    if not any(o.juist for o in opties):
        return "opties: minstens één optie moet 'juist: true' hebben"
    return None


def regel_unieke_rechts(paren) -> str | None:
    if len({p.rechts for p in paren}) != len(paren):
        return "paren: elke 'rechts' moet uniek zijn"
    return None


def regel_ids(notebook: str, onderdelen) -> str | None:
    prefix = notebook[:2] + "-"
    gezien: set[str] = set()
    for onderdeel in onderdelen:
        if not onderdeel.id.startswith(prefix):
            return f"id '{onderdeel.id}' moet beginnen met '{prefix}' (het nummer van het notebook)"
        if onderdeel.id in gezien:
            return f"id '{onderdeel.id}' komt twee keer voor"
        gezien.add(onderdeel.id)
    return None


def regel_url(url: str) -> str | None:
    if url and not re.match(r"^https?://", url):
        return "url moet beginnen met http:// of https://"
    return None


def dubbele_tekst(teksten: list[str], veld: str) -> list[str]:
    """An impossible value: the same text twice (an answer is stored as its text)."""
    dubbel = sorted({t for t in teksten if teksten.count(t) > 1})
    if not dubbel:
        return []
    return [f"in '{veld}' staat dezelfde tekst twee keer ('{dubbel[0]}'); een antwoord wordt bewaard als die tekst, "
            "dus elke tekst moet anders zijn"]


# --- the declarations -------------------------------------------------------------------------------

_bevroren = dataclass(frozen=True, kw_only=True)


@_bevroren
class Optie:
    """One option of a question with options."""

    __pydantic_config__: ClassVar = _STRENG
    tekst: NietLeeg
    juist: bool = False
    feedback: NietLeeg
    #: stays at its place in the bank when the options are shuffled per student (e.g. "geen van deze")
    vast: bool = False


@_bevroren
class Item:
    """An element of an ordering question, listed in the correct order."""

    __pydantic_config__: ClassVar = _STRENG
    tekst: NietLeeg
    toelichting: str = ""  # shown after checking, e.g. the year


@_bevroren
class Paar:
    """One pair of a matching question: the left part and the right part that belongs to it."""

    __pydantic_config__: ClassVar = _STRENG
    links: NietLeeg
    rechts: NietLeeg


@_bevroren
class _Vraag:
    """What every question has, whatever its soort."""

    __pydantic_config__: ClassVar = _STRENG
    id: Annotated[str, Eis(patroon=ID_PATROON)]
    bloom: Bloom
    vraag: NietLeeg
    uitleg: NietLeeg  # shown once the answer is right (or revealed)
    bronnen: list[str] = field(default_factory=list)

    def onmogelijk(self) -> list[str]:
        """Dutch problems with values the schema accepts but no student could answer well."""
        return []


class Keuzevraag(_Vraag):
    """A question with options; ``een_juist``: exactly one of them is right. (No fields of its own, so not a
    dataclass itself: its subclasses are.)"""

    een_juist: ClassVar[bool] = False

    def onmogelijk(self) -> list[str]:
        return dubbele_tekst([o.tekst for o in self.opties], "opties")


@_bevroren
class Enkelvoudig(Keuzevraag):
    """Single choice: exactly one option is right."""

    een_juist: ClassVar[bool] = True
    type: Literal["enkelvoudig"] = "enkelvoudig"
    opties: Annotated[list[Optie], Eis(min_lengte=2)]

    def __post_init__(self):
        _volgens(regel_precies_een_juist(self.opties))


@_bevroren
class Meervoudig(Keuzevraag):
    """Multiple choice: one or more options are right; the student picks them all."""

    type: Literal["meervoudig"] = "meervoudig"
    opties: Annotated[list[Optie], Eis(min_lengte=3)]

    def __post_init__(self):
        _volgens(regel_minstens_een_juist(self.opties))


@_bevroren
class Volgorde(_Vraag):
    """Put the items in order (the bank lists them in the right order)."""

    type: Literal["volgorde"] = "volgorde"
    items: Annotated[list[Item], Eis(min_lengte=3)]
    feedback_fout: NietLeeg

    def onmogelijk(self) -> list[str]:
        return dubbele_tekst([it.tekst for it in self.items], "items")


@_bevroren
class Koppelen(_Vraag):
    """Match each left part to its right part."""

    type: Literal["koppelen"] = "koppelen"
    paren: Annotated[list[Paar], Eis(min_lengte=3)]
    feedback_fout: NietLeeg

    def __post_init__(self):
        _volgens(regel_unieke_rechts(self.paren))

    def onmogelijk(self) -> list[str]:
        return dubbele_tekst([p.links for p in self.paren], "paren (links)")


@_bevroren
class Getal(_Vraag):
    """A number, right within an absolute margin."""

    type: Literal["getal"] = "getal"
    antwoord: Eindig
    marge: Annotated[float, Eis(eindig=True, niet_negatief=True)]  # absolute tolerance
    eenheid: str = ""
    feedback_te_laag: NietLeeg
    feedback_te_hoog: NietLeeg


@_bevroren
class Voorspel(_Vraag):
    """Predict-then-reveal: the student commits an estimate, then sees the real value."""

    type: Literal["voorspel"] = "voorspel"
    antwoord: Eindig
    marge: Annotated[float, Eis(eindig=True, niet_negatief=True)]  # an estimate within the margin counts as good
    eenheid: str = ""
    minimum: Annotated[float | None, Eis(eindig=True)] = None  # give both bounds or neither (onmogelijk says so)
    maximum: Annotated[float | None, Eis(eindig=True)] = None

    def onmogelijk(self) -> list[str]:
        uit = []
        if (self.minimum is None) != (self.maximum is None):
            uit.append("geef zowel 'minimum' als 'maximum', of geen van beide (nu staat er maar één)")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            uit.append(f"'minimum' ({self.minimum:g}) is groter dan 'maximum' ({self.maximum:g})")
        if self.maximum is not None and self.maximum < self.antwoord:
            uit.append(f"'maximum' ({self.maximum:g}) is kleiner dan het antwoord ({self.antwoord:g}); "
                       "niemand kan dat antwoord invullen")
        if self.minimum is not None and self.minimum > self.antwoord:
            uit.append(f"'minimum' ({self.minimum:g}) is groter dan het antwoord ({self.antwoord:g}); "
                       "niemand kan dat antwoord invullen")
        return uit


#: the question classes by their 'type' in YAML; beoordeling.SOORTEN has one entry each
VRAAGSOORTEN = {k.type: k for k in (Enkelvoudig, Meervoudig, Volgorde, Koppelen, Getal, Voorspel)}
VRAAGTYPES: tuple[str, ...] = tuple(VRAAGSOORTEN)
#: one question in a bank: its field 'type' says which class
Vraag = Annotated[Union[tuple(VRAAGSOORTEN.values())], Eis(soort_veld="type")]


@_bevroren
class Reflectie:
    """An open question the student answers in writing (not graded)."""

    __pydantic_config__: ClassVar = _STRENG
    id: Annotated[str, Eis(patroon=ID_PATROON)]
    bloom: Bloom
    vraag: NietLeeg
    modelantwoord: str = ""  # shown only after the student has written
    min_woorden: Annotated[int, Eis(niet_negatief=True)] = 0
    bronnen: list[str] = field(default_factory=list)


@_bevroren
class Bank:
    """The bank of one notebook: its questions and reflections."""

    __pydantic_config__: ClassVar = _STRENG
    notebook: Annotated[str, Eis(patroon=NOTEBOOK_PATROON)]
    titel: NietLeeg
    vragen: list[Vraag] = field(default_factory=list)
    reflecties: list[Reflectie] = field(default_factory=list)

    def __post_init__(self):
        _volgens(regel_ids(self.notebook, [*self.vragen, *self.reflecties]))

    def onderdeel(self, id: str):
        for o in [*self.vragen, *self.reflecties]:
            if o.id == id:
                return o
        raise KeyError(id)


@_bevroren
class Bronvermelding:
    """One entry of docs/bibliografie.yaml."""

    __pydantic_config__: ClassVar = _STRENG
    auteur: NietLeeg  # person(s) or organisation, as it should be cited
    jaar: int | Literal["z.j."]
    titel: NietLeeg
    uitgever: str = ""
    soort: Literal[BRONSOORTEN]
    url: Annotated[str, Eis(regel=regel_url)] = ""
    toelichting: str = ""

    @property
    def kort(self) -> str:
        return f"{self.auteur} ({self.jaar})"

    @property
    def volledig(self) -> str:
        delen = [f"{self.auteur} ({self.jaar}). *{self.titel}*."]
        if self.uitgever:
            delen.append(f"{self.uitgever}.")
        if self.url:
            delen.append(self.url)
        return " ".join(delen)
