"""Question banks: YAML files in ``notebooks/vragen/``, one per notebook.

A bank is validated with pydantic into typed objects. Anything wrong gives a
:class:`BankFout` whose message is Dutch and names the file, the question id and
the field, so a teacher can fix it without reading Python.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .fouten import PYDANTIC_NL, CursusFout
from .paden import cursus_map

BLOOM = ("onthouden", "begrijpen", "toepassen", "analyseren", "evalueren", "creëren")
Bloom = Literal["onthouden", "begrijpen", "toepassen", "analyseren", "evalueren", "creëren"]
ID_PATROON = r"^[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*$"


class BankFout(CursusFout, ValueError):
    """A question bank or bibliography that cannot be used; the message is Dutch."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Optie(_Model):
    tekst: str = Field(min_length=1)
    juist: bool = False
    feedback: str = Field(min_length=1)


class Item(_Model):
    """An element of an ordering question, listed in the correct order."""

    tekst: str = Field(min_length=1)
    toelichting: str = ""  # shown after checking, e.g. the year


class Paar(_Model):
    links: str = Field(min_length=1)
    rechts: str = Field(min_length=1)


class _Vraag(_Model):
    id: str = Field(pattern=ID_PATROON)
    bloom: Bloom
    vraag: str = Field(min_length=1)
    uitleg: str = Field(min_length=1)  # shown once the answer is right (or revealed)
    bronnen: list[str] = Field(default_factory=list)


class Enkelvoudig(_Vraag):
    type: Literal["enkelvoudig"]
    opties: list[Optie] = Field(min_length=2)

    @model_validator(mode="after")
    def _precies_een_juist(self):
        if sum(o.juist for o in self.opties) != 1:
            raise ValueError("opties: precies één optie moet 'juist: true' hebben")
        return self


class Meervoudig(_Vraag):
    type: Literal["meervoudig"]
    opties: list[Optie] = Field(min_length=3)

    @model_validator(mode="after")
    def _minstens_een_juist(self):
        if not any(o.juist for o in self.opties):
            raise ValueError("opties: minstens één optie moet 'juist: true' hebben")
        return self


class Volgorde(_Vraag):
    type: Literal["volgorde"]
    items: list[Item] = Field(min_length=3)
    feedback_fout: str = Field(min_length=1)


class Koppelen(_Vraag):
    type: Literal["koppelen"]
    paren: list[Paar] = Field(min_length=3)
    feedback_fout: str = Field(min_length=1)

    @model_validator(mode="after")
    def _uniek(self):
        if len({p.rechts for p in self.paren}) != len(self.paren):
            raise ValueError("paren: elke 'rechts' moet uniek zijn")
        return self


class Getal(_Vraag):
    type: Literal["getal"]
    antwoord: float
    marge: float = Field(ge=0)  # absolute tolerance
    eenheid: str = ""
    feedback_te_laag: str = Field(min_length=1)
    feedback_te_hoog: str = Field(min_length=1)


class Voorspel(_Vraag):
    """Predict-then-reveal: the student commits an estimate, then sees the real value."""

    type: Literal["voorspel"]
    antwoord: float
    marge: float = Field(ge=0)  # an estimate within the margin counts as good
    eenheid: str = ""
    minimum: float | None = None
    maximum: float | None = None


Vraag = Annotated[
    Union[Enkelvoudig, Meervoudig, Volgorde, Koppelen, Getal, Voorspel],
    Field(discriminator="type"),
]


class Reflectie(_Model):
    id: str = Field(pattern=ID_PATROON)
    bloom: Bloom
    vraag: str = Field(min_length=1)
    modelantwoord: str = ""  # shown only after the student has written
    min_woorden: int = Field(default=0, ge=0)
    bronnen: list[str] = Field(default_factory=list)


class Bank(_Model):
    notebook: str = Field(pattern=r"^[0-9]{2}_[a-z0-9_]+$")
    titel: str = Field(min_length=1)
    vragen: list[Vraag] = Field(default_factory=list)
    reflecties: list[Reflectie] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ids(self):
        prefix = self.notebook[:2] + "-"
        gezien: set[str] = set()
        for onderdeel in [*self.vragen, *self.reflecties]:
            if not onderdeel.id.startswith(prefix):
                raise ValueError(f"id '{onderdeel.id}' moet beginnen met '{prefix}' (het nummer van het notebook)")
            if onderdeel.id in gezien:
                raise ValueError(f"id '{onderdeel.id}' komt twee keer voor")
            gezien.add(onderdeel.id)
        return self

    def onderdeel(self, id: str):
        for o in [*self.vragen, *self.reflecties]:
            if o.id == id:
                return o
        raise KeyError(id)


class Bronvermelding(_Model):
    """One entry of docs/bibliografie.yaml."""

    auteur: str = Field(min_length=1)  # person(s) or organisation, as it should be cited
    jaar: int | Literal["z.j."]
    titel: str = Field(min_length=1)
    uitgever: str = ""
    soort: Literal["boek", "rapport", "artikel", "kamerstuk", "wet", "dataset", "web", "nieuws", "essay"]
    url: str = ""
    toelichting: str = ""

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        if v and not re.match(r"^https?://", v):
            raise ValueError("url moet beginnen met http:// of https://")
        return v

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


# --- loading ---------------------------------------------------------------------------------

# the shared Dutch texts, with the wording a teacher editing YAML needs on top
_VELD_NL = {
    **PYDANTIC_NL,
    "extra_forbidden": "is onbekend (tikfout?)",
    "too_short": "heeft te weinig elementen",
    "union_tag_invalid": "heeft een onbekend vraagtype",
    "union_tag_not_found": "mist het veld 'type'",
    "greater_than_equal": "mag niet negatief zijn",
    "value_error": "klopt niet",
    "model_type": "moet bestaan uit velden (veld: waarde), zoals in de voorbeelden",
    "model_attributes_type": "moet bestaan uit velden (veld: waarde), zoals in de voorbeelden",
    "dict_type": "moet bestaan uit velden (veld: waarde), zoals in de voorbeelden",
    "int_from_float": "moet een geheel getal zijn",
    "too_long": "heeft te veel elementen",
    "greater_than": "is te klein",
    "less_than": "is te groot",
    "finite_number": "moet een gewoon getal zijn",
}


def _nl(err: dict) -> str:
    """A Dutch explanation of one pydantic error; never pydantic's English text."""
    return _VELD_NL.get(err["type"], f"heeft een ongeldige waarde (foutsoort '{err['type']}')")


def _melding(bestand: Path, data: object, fout: ValidationError) -> str:
    regels = [f"Fout in {bestand}:"]
    for err in fout.errors():
        loc = list(err["loc"])
        vraag_id = "(bank)"
        # find the question id the error is under, for a message a teacher can act on
        if len(loc) >= 2 and loc[0] in ("vragen", "reflecties") and isinstance(loc[1], int):
            vraag_id = f"nr. {loc[1] + 1} onder '{loc[0]}'"
            try:
                vraag_id = str(data[loc[0]][loc[1]].get("id", vraag_id))  # type: ignore[index]
            except Exception:
                pass
            loc = [x for x in loc[2:] if x not in ("enkelvoudig", "meervoudig", "volgorde", "koppelen", "getal", "voorspel")]
        veld = ".".join(str(x + 1) if isinstance(x, int) else str(x) for x in loc) or "(geheel)"
        uitleg = _nl(err)
        if err["type"] == "value_error":
            uitleg = str(err.get("ctx", {}).get("error", err["msg"]))
        elif err["type"] == "literal_error" and "expected" in err.get("ctx", {}):
            uitleg += f" (kies uit: {err['ctx']['expected']})"
        elif err["type"] == "union_tag_invalid":
            uitleg += " (kies uit: enkelvoudig, meervoudig, volgorde, koppelen, getal, voorspel)"
        regels.append(f"  - vraag {vraag_id}, veld '{veld}': {uitleg}")
    return "\n".join(regels)


def _lees_yaml(bestand: Path) -> object:
    try:
        tekst = bestand.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BankFout(f"Het bestand {bestand} bestaat niet.") from None
    except UnicodeDecodeError:
        raise BankFout(f"{bestand} is geen UTF-8-tekst. Sla het bestand op als UTF-8.") from None
    try:
        return yaml.safe_load(tekst)
    except yaml.YAMLError as e:
        plek = getattr(e, "problem_mark", None)
        waar = f" (regel {plek.line + 1}, kolom {plek.column + 1})" if plek else ""
        raise BankFout(f"{bestand} is geen geldige YAML{waar}: {getattr(e, 'problem', e)}") from None


def laad_bank(bestand: str | Path) -> Bank:
    bestand = Path(bestand)
    data = _lees_yaml(bestand)
    if not isinstance(data, dict):
        raise BankFout(f"{bestand} moet beginnen met de velden 'notebook', 'titel' en 'vragen'.")
    try:
        bank = Bank.model_validate(data)
    except ValidationError as e:
        raise BankFout(_melding(bestand, data, e)) from None
    if bestand.stem != bank.notebook:
        raise BankFout(f"Fout in {bestand}: veld 'notebook' is '{bank.notebook}', maar het bestand heet '{bestand.stem}'.")
    return bank


def vragen_map() -> Path:
    return cursus_map() / "notebooks" / "vragen"


@lru_cache(maxsize=None)
def alle_banken() -> dict[str, Bank]:
    """All banks of the course, keyed by notebook prefix ('00', '01', ...)."""
    banken = {}
    for bestand in sorted(vragen_map().glob("*.yaml")):
        bank = laad_bank(bestand)
        banken[bank.notebook[:2]] = bank
    return banken


def zoek(id: str):
    """Find a question or reflection by id ('01-krachtwijken')."""
    if not isinstance(id, str) or not re.match(ID_PATROON, id):
        raise BankFout(f"'{id}' is geen geldige vraag-id. Een id ziet eruit als '01-krachtwijken'.")
    bank = alle_banken().get(id[:2])
    if bank is None:
        raise BankFout(f"Er is geen vragenbank voor notebook {id[:2]} in {vragen_map()}.")
    try:
        return bank, bank.onderdeel(id)
    except KeyError:
        bestaand = ", ".join(o.id for o in [*bank.vragen, *bank.reflecties])
        raise BankFout(f"Vraag '{id}' staat niet in {bank.notebook}.yaml. Wel aanwezig: {bestaand}.") from None


def bibliografie_bestand() -> Path:
    return cursus_map() / "docs" / "bibliografie.yaml"


@lru_cache(maxsize=None)
def bibliografie() -> dict[str, Bronvermelding]:
    bestand = bibliografie_bestand()
    data = _lees_yaml(bestand) or {}
    if not isinstance(data, dict):
        raise BankFout(f"{bestand} moet een lijst van sleutels met bronnen zijn.")
    bronnen = {}
    for sleutel, velden in data.items():
        try:
            bronnen[str(sleutel)] = Bronvermelding.model_validate(velden)
        except ValidationError as e:
            velden_fout = "; ".join(f"veld '{'.'.join(map(str, err['loc']))}': {_nl(err)}" for err in e.errors())
            raise BankFout(f"Fout in {bestand}, bron '{sleutel}': {velden_fout}") from None
    return bronnen


def controleer_alles() -> list[str]:
    """Validate every bank and the bibliography; return a list of Dutch problems (empty = good)."""
    from .patronen import meld_patronen
    problemen: list[str] = []
    alle_banken.cache_clear()
    bibliografie.cache_clear()
    try:
        bib = bibliografie()
    except BankFout as e:
        problemen.append(str(e))
        bib = {}
    for bestand in sorted(vragen_map().glob("*.yaml")):
        try:
            bank = laad_bank(bestand)
        except BankFout as e:
            problemen.append(str(e))
            continue
        for o in [*bank.vragen, *bank.reflecties]:
            for sleutel in o.bronnen:
                if bib and sleutel not in bib:
                    problemen.append(f"Fout in {bestand}: vraag {o.id} noemt bron '{sleutel}', maar die staat niet in {bibliografie_bestand()}.")
    meld_patronen(vragen_map())  # warnings only (stderr): the right option habitually first or longest
    return problemen
