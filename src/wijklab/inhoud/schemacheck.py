"""The two checks of the one question schema in :mod:`wijklab.inhoud.vraagschema`.

The fast check (:func:`snel`) is derived from the dataclass declarations: their field types
(``str``, ``bool``, ``int``, ``float``, ``Literal``, unions, lists, nested dataclasses) and the :class:`Eis`
beside a field. It builds the objects from YAML data that is exactly right, without pydantic (importing it
and building its validators cost every notebook's kernel about 0.2 s), and declines anything else.

The slow path (:func:`streng`) gives pydantic the same dataclasses (``TypeAdapter``; an ``Eis`` turns itself
into pydantic's ``Field``, the rules beyond one field run in ``__post_init__`` on both paths). pydantic either
converts what it can (``antwoord: "3.5"``) or its errors become a Dutch :class:`BankFout` naming the file,
the question id and the field. ``tests/test_bank.py`` checks that both give one verdict.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import types
import typing
from pathlib import Path

from wijklab.basis.fouten import pydantic_nl, veld_pad
from wijklab.inhoud.vraagschema import VRAAGTYPES, Bank, BankFout, Bronvermelding, Eis

#: at most this many problems are listed for one bank (the rest after fixing those)
MAX_MELDINGEN = 20


# --- the fast check, derived from the declarations -----------------------------------------------------


class _Afgewezen(Exception):
    """The fast check does not take this input; pydantic gives the verdict."""


def _weiger(*_):
    raise _Afgewezen


_GEEN = Eis()


def _eis_van(tp) -> tuple[object, Eis]:
    """The type without ``Annotated``, and its Eis (an empty one when there is none)."""
    eisen = []
    while typing.get_origin(tp) is typing.Annotated:
        tp, *meta = typing.get_args(tp)
        eisen += [m for m in meta if isinstance(m, Eis)]
    eis = eisen[0] if eisen else _GEEN
    for ander in eisen[1:]:
        eis = eis.met(**{v: getattr(ander, v) for v in Eis.VELDEN if getattr(ander, v) not in (None, False)})
    return tp, eis


def _tekst(eis: Eis):
    # pydantic's pattern is a Rust regex, where '$' is the very end; fullmatch without the anchors is the same
    vorm = re.compile(eis.patroon.removeprefix("^").removesuffix("$")) if eis.patroon else None
    minimaal = eis.min_lengte or 0

    def lees(v):
        if type(v) is not str or len(v) < minimaal or (vorm is not None and not vorm.fullmatch(v)):
            raise _Afgewezen
        return v
    return lees


def _getal(eis: Eis, geheel: bool):
    def lees(v):
        if geheel:
            if type(v) is not int:
                raise _Afgewezen
            g = v
        else:
            if type(v) not in (int, float):
                raise _Afgewezen
            try:
                g = float(v)
            except OverflowError:
                raise _Afgewezen from None
            if eis.eindig and not math.isfinite(g):
                raise _Afgewezen
        if eis.niet_negatief and not g >= 0:
            raise _Afgewezen
        return g
    return lees


def _letterlijk(waarden: tuple):
    def lees(v):
        if not any(type(v) is type(w) and v == w for w in waarden):
            raise _Afgewezen
        return v
    return lees


def _een_van(lezers: list):
    def lees(v):
        for lezer in lezers:
            try:
                return lezer(v)
            except _Afgewezen:
                pass
        raise _Afgewezen
    return lees


def _per_soort(klassen: tuple, veld: str):
    """A union told apart by one field (pydantic's discriminator): that field's default names the class."""
    per_waarde = {k.__dataclass_fields__[veld].default: k for k in klassen}

    def lees(v):
        if type(v) is not dict:
            raise _Afgewezen
        soort = v.get(veld)
        if type(soort) is not str or soort not in per_waarde:
            raise _Afgewezen
        return _bouw(per_waarde[soort], v)
    return lees


def _lijst(element, eis: Eis):
    minimaal = eis.min_lengte or 0

    def lees(v):
        if type(v) is not list or len(v) < minimaal:
            raise _Afgewezen
        return [element(x) for x in v]
    return lees


def _met_regel(lezer, regel):
    def lees(v):
        v = lezer(v)
        if regel(v):
            raise _Afgewezen
        return v
    return lees


def lezer(tp, eis: Eis | None = None):
    """How the fast check reads a value of declared type ``tp``: a function that returns the value or
    raises _Afgewezen. Derived from the type and its Eis; a type it does not know is never taken."""
    tp, eigen = _eis_van(tp)
    eis = eigen if eis is None else eis
    herkomst, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is str:
        uit = _tekst(eis)
    elif tp is bool:
        uit = _letterlijk((True, False))
    elif tp in (int, float):
        uit = _getal(eis, geheel=tp is int)
    elif tp is type(None):
        uit = _letterlijk((None,))
    elif herkomst is typing.Literal:
        uit = _letterlijk(args)
    elif herkomst in (typing.Union, types.UnionType) and eis.soort_veld:
        uit = _per_soort(args, eis.soort_veld)
    elif herkomst in (typing.Union, types.UnionType):
        uit = _een_van([lezer(a, eis.met(regel=None)) for a in args])  # the rule once, below
    elif herkomst is list:
        uit = _lijst(lezer(args[0]), eis)
    elif dataclasses.is_dataclass(tp):
        uit = functools.partial(_bouw, tp)
    else:
        uit = _weiger
    return _met_regel(uit, eis.regel) if eis.regel is not None else uit


@functools.cache
def _velden(klasse) -> tuple[dict, frozenset, frozenset]:
    """Per class: a reader per field, the fields a bank must give, all field names (derived once, lazily)."""
    lezers = {f.name: lezer(f.type) for f in dataclasses.fields(klasse)}
    verplicht = frozenset(f.name for f in dataclasses.fields(klasse)
                          if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
    return lezers, verplicht, frozenset(lezers)


def _bouw(klasse, v):
    if type(v) is not dict:
        raise _Afgewezen
    lezers, verplicht, alle = _velden(klasse)
    if not (verplicht <= v.keys() <= alle):
        raise _Afgewezen
    try:
        return klasse(**{k: lezers[k](x) for k, x in v.items()})
    except ValueError:  # a rule beyond one field (__post_init__)
        raise _Afgewezen from None


def snel(klasse, data):
    """The object of ``klasse`` built from ``data``, or None when the fast check declines (then pydantic decides)."""
    try:
        return _bouw(klasse, data)
    except _Afgewezen:
        return None
    except RecursionError:  # a hostile nesting the YAML bounds let through; pydantic reports it in Dutch
        return None


# --- the slow path: pydantic over the same dataclasses, its errors in Dutch ----------------------------


@functools.cache
def _pydantic(klasse):
    from pydantic import TypeAdapter

    return TypeAdapter(klasse)


def streng(klasse, data):
    """pydantic's verdict: the object (values converted where pydantic can), or its ValidationError raised."""
    return _pydantic(klasse).validate_python(data)


_VELDEN_MODEL = "moet bestaan uit velden (veld: waarde), zoals in de voorbeelden"
# the shared Dutch texts (basis.fouten.PYDANTIC_NL), with the wording a teacher editing YAML needs on top
_VELD_NL = {
    "extra_forbidden": "is onbekend (tikfout?)",
    "unexpected_keyword_argument": "is onbekend (tikfout?)",
    "too_short": "heeft te weinig elementen",
    "union_tag_invalid": "heeft een onbekend vraagtype",
    "union_tag_not_found": "mist het veld 'type'",
    "greater_than_equal": "mag niet negatief zijn",
    "value_error": "klopt niet",
    "model_type": _VELDEN_MODEL,
    "model_attributes_type": _VELDEN_MODEL,
    "dataclass_type": _VELDEN_MODEL,
    "dataclass_exact_type": _VELDEN_MODEL,
    "dict_type": _VELDEN_MODEL,
    "int_from_float": "moet een geheel getal zijn",
    "too_long": "heeft te veel elementen",
    "greater_than": "is te klein",
    "less_than": "is te groot",
    "finite_number": "moet een gewoon getal zijn (niet .nan of .inf)",
}


def _nl(err: dict) -> str:
    """A Dutch explanation of one pydantic error; never pydantic's English text."""
    return pydantic_nl(err, _VELD_NL, f"heeft een ongeldige waarde (foutsoort '{err['type']}')")


def _melding(bestand: Path, data: object, fouten: list[dict]) -> str:
    regels = [f"Fout in {bestand}:"]
    if len(fouten) > MAX_MELDINGEN:
        regels.append(f"  (de eerste {MAX_MELDINGEN} van {len(fouten)} fouten; herstel die en controleer opnieuw)")
    for err in fouten[:MAX_MELDINGEN]:
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
        uitleg = _nl(err)
        if err["type"] == "value_error":
            uitleg = str(err.get("ctx", {}).get("error", err["msg"]))
        elif err["type"] == "literal_error" and "expected" in err.get("ctx", {}):
            keuzes = err["ctx"]["expected"].replace("' or '", "' of '")  # pydantic joins the last two with 'or'
            uitleg += f" (kies uit: {keuzes})"
        elif err["type"] == "union_tag_invalid":
            uitleg += f" (kies uit: {', '.join(VRAAGTYPES)})"
        regels.append(f"  - vraag {vraag_id}, veld '{veld_pad(loc)}': {uitleg}")
    return "\n".join(regels)


def _fouten(klasse, data) -> tuple[object, list[dict] | None]:
    from pydantic import ValidationError

    try:
        return streng(klasse, data), None
    except ValidationError as e:
        return None, e.errors()
    except RecursionError:
        return None, [{"type": "recursion_loop", "loc": (), "msg": ""}]


def bank_uit(data: object, bestand: Path | str = "(bank)") -> Bank:
    """The Bank for YAML data ``data`` read from ``bestand``; a Dutch BankFout when it is wrong."""
    bank = snel(Bank, data)
    if bank is None:  # pydantic: only for a bank that is wrong or needs converting
        bank, fouten = _fouten(Bank, data)
        if fouten is not None:
            raise BankFout(_melding(Path(bestand), data, fouten))
    return bank


def bron_uit(velden: object, bestand: Path, sleutel: str) -> Bronvermelding:
    """One bibliography entry; a Dutch BankFout naming the entry and the field when it is wrong."""
    bron = snel(Bronvermelding, velden)
    if bron is None:
        bron, fouten = _fouten(Bronvermelding, velden)
        if fouten is not None:
            velden_fout = "; ".join(f"veld '{'.'.join(map(str, err['loc']))}': {_nl(err)}" for err in fouten)
            raise BankFout(f"Fout in {bestand}, bron '{sleutel}': {velden_fout}")
    return bron
