"""The question-bank schema in pydantic: the verdict on a bank the strict reader in :mod:`bank` declines.

A notebook never imports this module for a good bank: :func:`bank.bank_uit` builds the plain objects
itself (importing pydantic and building these models cost about 0.2 s in every notebook's kernel).
Only a bank the strict reader will not take comes here. pydantic then either explains, in Dutch, what
is wrong (file, question id, field), or accepts a value it can convert (such as ``antwoord: "3.5"``), and
the strict reader builds the objects from pydantic's clean result.

The fields here and the dataclasses in :mod:`bank` are the same schema twice, on purpose.
``tests/test_bank.py`` proves that they agree: the same fields and defaults, and the same verdict on
every real bank, on random valid banks and on thousands of broken variants. The rules that go beyond
one field (one right option, unique ids ...) live once, in :mod:`bank`, and are called from both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from wijklab.inhoud import bank as _bank
from wijklab.inhoud.bank import ID_PATROON, VRAAGTYPES, BankFout
from wijklab.basis.fouten import PYDANTIC_NL

Bloom = Literal[_bank.BLOOM]  # the same names as bank.BLOOM, one list


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="after")
    def _regels(self):
        """The twin's rule beyond one field (bank._REGELS), so the rule and its class are named once."""
        regel = _bank._REGELS.get(TWEELING[type(self)])
        if regel is not None:
            _volgens(regel, self)
        return self


class Optie(_Model):
    tekst: str = Field(min_length=1)
    juist: bool = False
    feedback: str = Field(min_length=1)
    vast: bool = False


class Item(_Model):
    tekst: str = Field(min_length=1)
    toelichting: str = ""


class Paar(_Model):
    links: str = Field(min_length=1)
    rechts: str = Field(min_length=1)


class _Vraag(_Model):
    id: str = Field(pattern=ID_PATROON)
    bloom: Bloom
    vraag: str = Field(min_length=1)
    uitleg: str = Field(min_length=1)
    bronnen: list[str] = Field(default_factory=list)


def _volgens(regel, *args) -> None:
    melding = regel(*args)
    if melding:
        raise ValueError(melding)


class Enkelvoudig(_Vraag):
    type: Literal["enkelvoudig"]
    opties: list[Optie] = Field(min_length=2)


class Meervoudig(_Vraag):
    type: Literal["meervoudig"]
    opties: list[Optie] = Field(min_length=3)


class Volgorde(_Vraag):
    type: Literal["volgorde"]
    items: list[Item] = Field(min_length=3)
    feedback_fout: str = Field(min_length=1)


class Koppelen(_Vraag):
    type: Literal["koppelen"]
    paren: list[Paar] = Field(min_length=3)
    feedback_fout: str = Field(min_length=1)


class Getal(_Vraag):
    type: Literal["getal"]
    antwoord: float = Field(allow_inf_nan=False)
    marge: float = Field(ge=0, allow_inf_nan=False)
    eenheid: str = ""
    feedback_te_laag: str = Field(min_length=1)
    feedback_te_hoog: str = Field(min_length=1)


class Voorspel(_Vraag):
    type: Literal["voorspel"]
    antwoord: float = Field(allow_inf_nan=False)
    marge: float = Field(ge=0, allow_inf_nan=False)
    eenheid: str = ""
    minimum: float | None = Field(default=None, allow_inf_nan=False)
    maximum: float | None = Field(default=None, allow_inf_nan=False)


Vraag = Annotated[
    Union[Enkelvoudig, Meervoudig, Volgorde, Koppelen, Getal, Voorspel],
    Field(discriminator="type"),
]


class Reflectie(_Model):
    id: str = Field(pattern=ID_PATROON)
    bloom: Bloom
    vraag: str = Field(min_length=1)
    modelantwoord: str = ""
    min_woorden: int = Field(default=0, ge=0)
    bronnen: list[str] = Field(default_factory=list)


class Bank(_Model):
    notebook: str = Field(pattern=_bank.NOTEBOOK_PATROON)
    titel: str = Field(min_length=1)
    vragen: list[Vraag] = Field(default_factory=list)
    reflecties: list[Reflectie] = Field(default_factory=list)


class Bronvermelding(_Model):
    auteur: str = Field(min_length=1)
    jaar: int | Literal["z.j."]
    titel: str = Field(min_length=1)
    uitgever: str = ""
    soort: Literal[_bank.BRONSOORTEN]
    url: str = ""
    toelichting: str = ""

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        _volgens(_bank.regel_url, v)
        return v


#: pydantic model -> the dataclass a notebook uses (tests compare their fields)
TWEELING = {
    Optie: _bank.Optie, Item: _bank.Item, Paar: _bank.Paar, Enkelvoudig: _bank.Enkelvoudig,
    Meervoudig: _bank.Meervoudig, Volgorde: _bank.Volgorde, Koppelen: _bank.Koppelen, Getal: _bank.Getal,
    Voorspel: _bank.Voorspel, Reflectie: _bank.Reflectie, Bank: _bank.Bank, Bronvermelding: _bank.Bronvermelding,
}


# --- the verdict, in Dutch ------------------------------------------------------------------------

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
    "finite_number": "moet een gewoon getal zijn (niet .nan of .inf)",
}


def _nl(err: dict) -> str:
    """A Dutch explanation of one pydantic error; never pydantic's English text."""
    return _VELD_NL.get(err["type"], f"heeft een ongeldige waarde (foutsoort '{err['type']}')")


def _melding(bestand: Path, data: object, fout: ValidationError) -> str:
    regels = [f"Fout in {bestand}:"]
    fouten = fout.errors()
    if len(fouten) > _bank.MAX_MELDINGEN:
        regels.append(f"  (de eerste {_bank.MAX_MELDINGEN} van {len(fouten)} fouten; herstel die en controleer opnieuw)")
    for err in fouten[:_bank.MAX_MELDINGEN]:
        loc = list(err["loc"])
        vraag_id = "(bank)"
        # find the question id the error is under, for a message a teacher can act on
        if len(loc) >= 2 and loc[0] in ("vragen", "reflecties") and isinstance(loc[1], int):
            vraag_id = f"nr. {loc[1] + 1} onder '{loc[0]}'"
            try:
                vraag_id = str(data[loc[0]][loc[1]].get("id", vraag_id))  # type: ignore[index]
            except Exception:
                pass
            loc = [x for x in loc[2:] if x not in VRAAGTYPES]
        veld = ".".join(str(x + 1) if isinstance(x, int) else str(x) for x in loc) or "(geheel)"
        uitleg = _nl(err)
        if err["type"] == "value_error":
            uitleg = str(err.get("ctx", {}).get("error", err["msg"]))
        elif err["type"] == "literal_error" and "expected" in err.get("ctx", {}):
            keuzes = err["ctx"]["expected"].replace("' or '", "' of '")  # pydantic joins the last two with 'or'
            uitleg += f" (kies uit: {keuzes})"
        elif err["type"] == "union_tag_invalid":
            uitleg += f" (kies uit: {', '.join(VRAAGTYPES)})"
        regels.append(f"  - vraag {vraag_id}, veld '{veld}': {uitleg}")
    return "\n".join(regels)


def bank_gegevens(data: dict, bestand: Path | str) -> dict:
    """pydantic's clean form of a bank (plain dicts and lists), or a Dutch BankFout naming file, id and field."""
    try:
        return Bank.model_validate(data).model_dump()
    except ValidationError as e:
        raise BankFout(_melding(Path(bestand), data, e)) from None


def bron_gegevens(velden: object, bestand: Path, sleutel: str) -> dict:
    """pydantic's clean form of one bibliography entry, or a Dutch BankFout naming the entry and field."""
    try:
        return Bronvermelding.model_validate(velden).model_dump()
    except ValidationError as e:
        velden_fout = "; ".join(f"veld '{'.'.join(map(str, err['loc']))}': {_nl(err)}" for err in e.errors())
        raise BankFout(f"Fout in {bestand}, bron '{sleutel}': {velden_fout}") from None
