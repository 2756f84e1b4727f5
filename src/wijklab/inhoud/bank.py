"""Question banks: YAML files in ``notebooks/vragen/``, one per notebook.

A bank becomes plain frozen dataclasses (:class:`Bank`, :class:`Enkelvoudig` ...). A strict reader
here builds them from YAML that is exactly right, without pydantic (importing it cost a notebook about
0.2 s). Anything the strict reader declines goes to the pydantic schema in :mod:`bankschema`, which
either converts it or gives a :class:`BankFout` whose message is Dutch and names the file, the question
id and the field, so a teacher can fix it without reading Python.
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
import threading
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Literal

import yaml

from wijklab.basis.fouten import CursusFout
from wijklab.basis.paden import cursus_map

BLOOM = ("onthouden", "begrijpen", "toepassen", "analyseren", "evalueren", "creëren")
Bloom = Literal[BLOOM]
ID_PATROON = r"^[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*$"
NOTEBOOK_PATROON = r"^[0-9]{2}_[a-z0-9_]+$"
BRONSOORTEN = ("boek", "rapport", "artikel", "kamerstuk", "wet", "dataset", "web", "nieuws", "essay")


class BankFout(CursusFout, ValueError):
    """A question bank or bibliography that cannot be used; the message is Dutch."""


# --- the objects a notebook uses ----------------------------------------------------------------
# Frozen, keyword-only dataclasses; bankschema.py holds the same fields as pydantic models.

_bevroren = dataclass(frozen=True, kw_only=True)


@_bevroren
class Optie:
    tekst: str
    juist: bool = False
    feedback: str
    #: stays at its place in the bank when the options are shuffled per student (e.g. "geen van deze")
    vast: bool = False


@_bevroren
class Item:
    """An element of an ordering question, listed in the correct order."""

    tekst: str
    toelichting: str = ""  # shown after checking, e.g. the year


@_bevroren
class Paar:
    links: str
    rechts: str


@_bevroren
class _Vraag:
    id: str
    bloom: Bloom
    vraag: str
    uitleg: str  # shown once the answer is right (or revealed)
    bronnen: list[str] = field(default_factory=list)


@_bevroren
class Enkelvoudig(_Vraag):
    type: Literal["enkelvoudig"] = "enkelvoudig"
    opties: list[Optie]


@_bevroren
class Meervoudig(_Vraag):
    type: Literal["meervoudig"] = "meervoudig"
    opties: list[Optie]


@_bevroren
class Volgorde(_Vraag):
    type: Literal["volgorde"] = "volgorde"
    items: list[Item]
    feedback_fout: str


@_bevroren
class Koppelen(_Vraag):
    type: Literal["koppelen"] = "koppelen"
    paren: list[Paar]
    feedback_fout: str


@_bevroren
class Getal(_Vraag):
    type: Literal["getal"] = "getal"
    antwoord: float
    marge: float  # absolute tolerance
    eenheid: str = ""
    feedback_te_laag: str
    feedback_te_hoog: str


@_bevroren
class Voorspel(_Vraag):
    """Predict-then-reveal: the student commits an estimate, then sees the real value."""

    type: Literal["voorspel"] = "voorspel"
    antwoord: float
    marge: float  # an estimate within the margin counts as good
    eenheid: str = ""
    minimum: float | None = None  # give both bounds or neither (check says so)
    maximum: float | None = None


#: the question classes by their 'type' in YAML; beoordeling.SOORTEN has one entry each
VRAAGSOORTEN = {k.type: k for k in (Enkelvoudig, Meervoudig, Volgorde, Koppelen, Getal, Voorspel)}
VRAAGTYPES: tuple[str, ...] = tuple(VRAAGSOORTEN)


@_bevroren
class Reflectie:
    id: str
    bloom: Bloom
    vraag: str
    modelantwoord: str = ""  # shown only after the student has written
    min_woorden: int = 0
    bronnen: list[str] = field(default_factory=list)


@_bevroren
class Bank:
    notebook: str
    titel: str
    vragen: list = field(default_factory=list)
    reflecties: list[Reflectie] = field(default_factory=list)

    def onderdeel(self, id: str):
        for o in [*self.vragen, *self.reflecties]:
            if o.id == id:
                return o
        raise KeyError(id)


@_bevroren
class Bronvermelding:
    """One entry of docs/bibliografie.yaml."""

    auteur: str  # person(s) or organisation, as it should be cited
    jaar: int | Literal["z.j."]
    titel: str
    uitgever: str = ""
    soort: str
    url: str = ""
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


# --- rules beyond one field: a Dutch problem, or None (the strict reader and bankschema both call these)


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


# --- the strict reader: YAML that is exactly right, without pydantic -----------------------------


class _Afgewezen(Exception):
    """The strict reader does not take this input; bankschema (pydantic) gives the verdict."""


def _tekst(minimaal: int = 0, patroon: str | None = None):
    # pydantic's pattern is a Rust regex, where '$' is the very end; fullmatch without the anchors is the same
    vorm = re.compile(patroon.removeprefix("^").removesuffix("$")) if patroon else None

    def lees(v):
        if type(v) is not str or len(v) < minimaal or (vorm is not None and not vorm.fullmatch(v)):
            raise _Afgewezen
        return v
    return lees


def _waarheid(v):
    if type(v) is not bool:
        raise _Afgewezen
    return v


def _getal(niet_negatief: bool = False, of_niets: bool = False):
    def lees(v):
        if v is None and of_niets:
            return None
        if type(v) not in (int, float):
            raise _Afgewezen
        try:
            g = float(v)
        except OverflowError:
            raise _Afgewezen from None
        if not math.isfinite(g) or (niet_negatief and g < 0):
            raise _Afgewezen
        return g
    return lees


def _geheel(v):
    if type(v) is not int:
        raise _Afgewezen
    return v


def _aantal(v):
    if _geheel(v) < 0:
        raise _Afgewezen
    return v


def _keuze(*waarden):
    def lees(v):
        if type(v) is not str or v not in waarden:
            raise _Afgewezen
        return v
    return lees


def _lijst(element, minimaal: int = 0):
    def lees(v):
        if type(v) is not list or len(v) < minimaal:
            raise _Afgewezen
        return [element(x) for x in v]
    return lees


def _jaar(v):
    if type(v) is str and v == "z.j.":
        return v
    return _geheel(v)


def _url(v):
    if _tekst()(v) and regel_url(v):  # a field rule (pydantic's field validator), so not in _REGELS
        raise _Afgewezen
    return v


def _object(klasse):
    return lambda v: _bouw(klasse, v)


def _vraag(v):
    if type(v) is not dict or type(v.get("type")) is not str or v["type"] not in VRAAGSOORTEN:
        raise _Afgewezen
    return _bouw(VRAAGSOORTEN[v["type"]], v)


_NIET_LEEG = _tekst(1)
_VRAAGVELDEN = {"id": _tekst(1, ID_PATROON), "bloom": _keuze(*BLOOM), "vraag": _NIET_LEEG, "uitleg": _NIET_LEEG,
                "bronnen": _lijst(_tekst())}
_GETALVELDEN = {"antwoord": _getal(), "marge": _getal(niet_negatief=True), "eenheid": _tekst()}

#: per class, how the strict reader reads each field (tests check these keys against the dataclass fields)
_LEZERS = {
    Optie: {"tekst": _NIET_LEEG, "juist": _waarheid, "feedback": _NIET_LEEG, "vast": _waarheid},
    Item: {"tekst": _NIET_LEEG, "toelichting": _tekst()},
    Paar: {"links": _NIET_LEEG, "rechts": _NIET_LEEG},
    Enkelvoudig: {**_VRAAGVELDEN, "type": _keuze("enkelvoudig"), "opties": _lijst(_object(Optie), 2)},
    Meervoudig: {**_VRAAGVELDEN, "type": _keuze("meervoudig"), "opties": _lijst(_object(Optie), 3)},
    Volgorde: {**_VRAAGVELDEN, "type": _keuze("volgorde"), "items": _lijst(_object(Item), 3), "feedback_fout": _NIET_LEEG},
    Koppelen: {**_VRAAGVELDEN, "type": _keuze("koppelen"), "paren": _lijst(_object(Paar), 3), "feedback_fout": _NIET_LEEG},
    Getal: {**_VRAAGVELDEN, "type": _keuze("getal"), **_GETALVELDEN, "feedback_te_laag": _NIET_LEEG,
            "feedback_te_hoog": _NIET_LEEG},
    Voorspel: {**_VRAAGVELDEN, "type": _keuze("voorspel"), **_GETALVELDEN, "minimum": _getal(of_niets=True),
               "maximum": _getal(of_niets=True)},
    Reflectie: {"id": _tekst(1, ID_PATROON), "bloom": _keuze(*BLOOM), "vraag": _NIET_LEEG, "modelantwoord": _tekst(),
                "min_woorden": _aantal, "bronnen": _lijst(_tekst())},
    Bank: {"notebook": _tekst(1, NOTEBOOK_PATROON), "titel": _NIET_LEEG, "vragen": _lijst(_vraag),
           "reflecties": _lijst(_object(Reflectie))},
    Bronvermelding: {"auteur": _NIET_LEEG, "jaar": _jaar, "titel": _NIET_LEEG, "uitgever": _tekst(),
                     "soort": _keuze(*BRONSOORTEN), "url": _url, "toelichting": _tekst()},
}

#: per class, the fields a bank must give (the others have a default)
_VERPLICHT = {k: {f.name for f in fields(k) if f.default is MISSING and f.default_factory is MISSING} for k in _LEZERS}
for _k in VRAAGSOORTEN.values():
    _VERPLICHT[_k].add("type")  # it has a default in Python, but in YAML it says which kind of question this is

#: per class, its rules beyond one field
_REGELS = {
    Enkelvoudig: lambda o: regel_precies_een_juist(o.opties),
    Meervoudig: lambda o: regel_minstens_een_juist(o.opties),
    Koppelen: lambda o: regel_unieke_rechts(o.paren),
    Bank: lambda o: regel_ids(o.notebook, [*o.vragen, *o.reflecties]),
}


def _bouw(klasse, v):
    if type(v) is not dict:
        raise _Afgewezen
    lezers = _LEZERS[klasse]
    if not (_VERPLICHT[klasse] <= v.keys() <= lezers.keys()):
        raise _Afgewezen
    obj = klasse(**{k: lezers[k](x) for k, x in v.items()})
    regel = _REGELS.get(klasse)
    if regel is not None and regel(obj):
        raise _Afgewezen
    return obj


def _strikt(klasse, data):
    """The object, or None when the strict reader declines (then bankschema decides)."""
    try:
        return _bouw(klasse, data)
    except _Afgewezen:
        return None
    except RecursionError:  # a hostile nesting the YAML bounds let through; pydantic reports it in Dutch
        return None


def _na_omzetten(klasse, schoon: dict, bestand):
    """The object from pydantic's clean form; should the two schemas ever disagree, a Dutch error, not a traceback."""
    obj = _strikt(klasse, schoon)
    if obj is None:
        raise BankFout(f"{bestand} kan niet worden gelezen: de twee controles van Wijklab zijn het over een waarde "
                       "oneens. Meld dit aan de makers van de cursus, met dit bestand erbij.")
    return obj


def bank_uit(data: object, bestand: Path | str = "(bank)") -> Bank:
    """The Bank for YAML data ``data`` read from ``bestand``; a Dutch BankFout when it is wrong."""
    bank = _strikt(Bank, data)
    if bank is None:
        from wijklab.inhoud.bankschema import bank_gegevens  # pydantic: only for a bank that is wrong or needs converting

        bank = _na_omzetten(Bank, bank_gegevens(data, bestand), bestand)
    return bank


def bron_uit(velden: object, bestand: Path, sleutel: str) -> Bronvermelding:
    """One bibliography entry; a Dutch BankFout naming the entry and the field when it is wrong."""
    bron = _strikt(Bronvermelding, velden)
    if bron is None:
        from wijklab.inhoud.bankschema import bron_gegevens

        bron = _na_omzetten(Bronvermelding, bron_gegevens(velden, bestand, sleutel), bestand)
    return bron


# --- reading YAML, bounded ----------------------------------------------------------------------

#: a bank is a small text file; anything bigger is refused before it is read
MAX_BYTES = 1_000_000
#: nodes in the document with every alias expanded (the real banks have a few thousand)
MAX_KNOPEN = 20_000
#: at most this many problems are listed for one bank (the rest after fixing those)
MAX_MELDINGEN = 20
#: nesting depth of lists and blocks (the real banks need about 6)
MAX_DIEPTE = 64

# PyYAML's problems, in Dutch (the first matching fragment wins); never pass its English on
_YAML_NL = (
    ("exceeded maximum nesting depth", "de lijsten en blokken zijn te diep genest"),
    ("found character '\\t'", "er staat een tab. Spring in met spaties, niet met tabs"),
    ("found a tab character", "er staat een tab. Spring in met spaties, niet met tabs"),
    ("could not find expected ':'", "er ontbreekt een dubbele punt (:) achter een veldnaam, of een regel springt verkeerd in"),
    ("mapping values are not allowed", "hier mag geen dubbele punt staan. Zet tekst met een dubbele punt erin tussen aanhalingstekens, of kijk of de regel goed inspringt"),
    ("did not find expected key", "de inspringing klopt niet, of er ontbreekt een dubbele punt"),
    ("did not find expected '-' indicator", "de inspringing van een lijst klopt niet (elke regel van de lijst begint met '- ' op dezelfde hoogte)"),
    ("expected <block end>", "de inspringing klopt niet: deze regel springt anders in dan de regels erboven"),
    ("did not find expected node content", "hier ontbreekt een waarde"),
    ("expected the node content", "hier ontbreekt een waarde"),
    ("found undefined alias", "er wordt verwezen naar een anker (*naam) dat nergens gedefinieerd is"),
    ("found duplicate anchor", "hetzelfde anker (&naam) staat er twee keer"),
    ("expected alphabetic or numeric character", "na '&' of '*' moet een naam staan. Bedoel je gewone tekst, zet die dan tussen aanhalingstekens"),
    ("found unknown escape character", "onbekende combinatie met '\\' in tekst tussen dubbele aanhalingstekens. Gebruik enkele aanhalingstekens"),
    ("found unexpected end of stream", "het bestand houdt op terwijl er nog iets open staat, bijvoorbeeld een aanhalingsteken dat niet gesloten is"),
    ("while scanning a quoted scalar", "een aanhalingsteken wordt niet gesloten"),
    ("expected ',' or ']'", "een lijst tussen [ en ] wordt niet goed gesloten"),
    ("expected ',' or '}'", "een blok tussen { en } wordt niet goed gesloten"),
    ("found unhashable key", "een veldnaam is zelf een lijst of blok; een veldnaam moet gewone tekst zijn"),
    ("could not determine a constructor", "er staat een onbekend label met '!'. Zet tekst die met '!' begint tussen aanhalingstekens"),
    ("cannot start any token", "een waarde begint met een teken dat daar niet mag (zoals @, ` of %). Zet de tekst tussen aanhalingstekens"),
    ("expected a comment or a line break", "na het afsluitende aanhalingsteken staat nog tekst op dezelfde regel"),
    ("expected a single document", "het bestand bevat meer dan één document (een regel met ---). Houd één document over"),
    ("unacceptable character", "het bestand bevat een onzichtbaar stuurteken. Haal het weg (kopieer de tekst bijvoorbeeld opnieuw als platte tekst)"),
    ("while scanning a block scalar", "een tekstblok met | of > is niet goed opgebouwd"),
    ("while scanning a directive", "een regel die met % begint is geen geldige YAML-opdracht. Zet de tekst tussen aanhalingstekens"),
    ("while scanning a simple key", "een veldnaam loopt door tot de volgende regel; er ontbreekt een dubbele punt"),
)


def _yaml_nl(e: yaml.YAMLError) -> str:
    """A Dutch account of a PyYAML error: what is wrong and where (never its English text)."""
    tekst = " ".join(str(x) for x in (getattr(e, "problem", ""), getattr(e, "context", ""), e) if x)
    uitleg = next((nl for frag, nl in _YAML_NL if frag in tekst), None)
    plek = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    if isinstance(e, yaml.reader.ReaderError):  # a control character; position is a character offset
        return f"{uitleg or 'het bestand bevat een teken dat niet mag'} (teken nr. {e.position + 1})"
    waar = f"regel {plek.line + 1}, kolom {plek.column + 1}" if plek is not None else "plek onbekend"
    if uitleg is None:
        uitleg = "de opbouw klopt hier niet. Kijk op die plek naar de inspringing, de dubbele punten en de aanhalingstekens"
    return f"({waar}): {uitleg}"


class _Te(Exception):
    """Raised inside the loader when a bound is exceeded; carries the Dutch reason."""


#: libyaml (C) when it is there: the same YAML, many times faster on a large or hostile file
_BASIS = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _maak_lader(basis: type) -> type:
    """A safe loader on ``basis`` that treats a key twice in one mapping as an error (PyYAML keeps the last)."""

    class Lader(basis):  # type: ignore[misc, valid-type]
        construct_mapping = _construct_mapping

    return Lader


def _construct_mapping(self, node, deep=False):
    gezien: dict[tuple, int] = {}
    for sleutel, _ in node.value:
        if isinstance(sleutel, yaml.ScalarNode) and sleutel.tag != "tag:yaml.org,2002:merge":
            k = (sleutel.tag, sleutel.value)
            if k in gezien:
                raise _Te(
                    f"het veld '{sleutel.value}' staat twee keer in hetzelfde blok (regel {gezien[k]} en regel "
                    f"{sleutel.start_mark.line + 1}); anders zou stilletjes alleen het laatste tellen. Haal er één weg"
                )
            gezien[k] = sleutel.start_mark.line + 1
    return yaml.constructor.SafeConstructor.construct_mapping(self, node, deep=deep)


_BegrensdeLader = _maak_lader(_BASIS)


_TE_GROOT = (f"het bestand heeft meer dan {MAX_KNOPEN:,} onderdelen (velden, waarden en lijstelementen, met elke "
             "verwijzing *naam uitgevouwen); zo'n bank wordt niet gelezen. Schrijf de vragen uit zonder verwijzingen te "
             "stapelen").replace(",", ".", 1)


def _voorcontrole(tekst: str) -> None:
    """Walk the parser's events (a loop, no recursion) and stop at once when a bound is passed.

    Only after this the document is composed (which recurses per level) and constructed.
    """
    diepte = knopen = 0
    lader = _BegrensdeLader(tekst)
    try:
        while lader.check_event():
            ev = lader.get_event()
            if isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                diepte += 1
                knopen += 1
                if diepte > MAX_DIEPTE:
                    raise _Te(f"de lijsten en blokken zijn meer dan {MAX_DIEPTE} lagen diep genest (regel {ev.start_mark.line + 1})")
            elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                diepte -= 1
            elif isinstance(ev, (yaml.ScalarEvent, yaml.AliasEvent)):
                knopen += 1
            if knopen > MAX_KNOPEN:
                raise _Te(_TE_GROOT)
    finally:
        lader.dispose()


def _omvang(wortel: yaml.Node) -> int:
    """Number of nodes with every alias expanded, computed without expanding (linear time).

    Refuses a node that contains itself (a recursive alias); counts stop just past MAX_KNOPEN.
    """
    klaar: dict[int, int] = {}
    bezig: set[int] = set()  # entered, children not all counted yet: the path from the root
    stapel = [wortel]
    while stapel:
        knoop = stapel[-1]
        i = id(knoop)
        if i in klaar:
            stapel.pop()
            continue
        if isinstance(knoop, yaml.ScalarNode):
            klaar[i] = 1
            stapel.pop()
            continue
        kinderen = knoop.value if isinstance(knoop, yaml.SequenceNode) else [k for paar in knoop.value for k in paar]
        if i in bezig:
            klaar[i] = min(1 + sum(klaar[id(k)] for k in kinderen), MAX_KNOPEN + 1)
            bezig.discard(i)
            stapel.pop()
            continue
        bezig.add(i)
        for k in kinderen:
            j = id(k)
            if j in bezig:
                raise _Te(f"een anker verwijst naar zichzelf (regel {k.start_mark.line + 1})")
            if j not in klaar:
                if isinstance(k, yaml.ScalarNode):
                    klaar[j] = 1
                else:
                    stapel.append(k)
    return klaar[id(wortel)]


_OS_NL = {
    errno.EACCES: "je mag het niet lezen (geen leesrechten)",
    errno.EPERM: "je mag het niet lezen (geen leesrechten)",
    errno.ELOOP: "het is een snelkoppeling (symbolische link) die in een kring naar zichzelf verwijst",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.EIO: "de schijf gaf een leesfout",
    errno.ENOTDIR: "een deel van het pad is geen map",
}


def _lees_tekst(bestand: Path) -> str:
    """The text of a small regular file; a Dutch BankFout for anything else. Never blocks on a FIFO."""
    try:
        info = os.stat(bestand)  # follows links; a loop gives ELOOP, a dangling link FileNotFoundError
        if stat.S_ISDIR(info.st_mode):
            raise BankFout(f"{bestand} is een map, geen bestand. Een vragenbank is één YAML-bestand.")
        if not stat.S_ISREG(info.st_mode):
            raise BankFout(f"{bestand} is geen gewoon bestand (maar bijvoorbeeld een pipe of apparaat) en wordt niet gelezen. "
                           "Een vragenbank is een gewoon tekstbestand.")
        if info.st_size > MAX_BYTES:
            raise BankFout(f"{bestand} is te groot ({info.st_size / 1e6:.1f} MB; een vragenbank mag hoogstens {MAX_BYTES / 1e6:.0f} MB zijn).")
        fd = os.open(bestand, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for something else between stat and open
                raise BankFout(f"{bestand} is geen gewoon bestand en wordt niet gelezen.")
            with os.fdopen(fd, "rb", closefd=False) as f:
                data = f.read(MAX_BYTES + 1)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise BankFout(f"Het bestand {bestand} bestaat niet.") from None
    except OSError as e:
        reden = _OS_NL.get(e.errno, f"het besturingssysteem weigert het (foutcode {e.errno})")
        raise BankFout(f"{bestand} kan niet worden gelezen: {reden}.") from None
    if len(data) > MAX_BYTES:
        raise BankFout(f"{bestand} is te groot (een vragenbank mag hoogstens {MAX_BYTES / 1e6:.0f} MB zijn).")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise BankFout(f"{bestand} is geen UTF-8-tekst. Sla het bestand op als UTF-8.") from None


def _lees_yaml(bestand: Path) -> object:
    tekst = _lees_tekst(Path(bestand))
    lader = None
    try:
        _voorcontrole(tekst)
        lader = _BegrensdeLader(tekst)
        knoop = lader.get_single_node()
        if knoop is None:
            return None
        if _omvang(knoop) > MAX_KNOPEN:  # aliases: small on disk, huge when expanded
            raise _Te(_TE_GROOT)
        return lader.construct_document(knoop)
    except _Te as e:
        raise BankFout(f"{bestand} wordt niet gelezen: {e}.") from None
    except yaml.YAMLError as e:
        raise BankFout(f"{bestand} is geen geldige YAML {_yaml_nl(e)}.") from None
    except (ValueError, OverflowError, TypeError, RecursionError):  # e.g. a date 2026-13-45
        raise BankFout(f"{bestand} is geen geldige YAML: een waarde kan niet worden gelezen (vaak een datum of "
                       "getal dat niet bestaat). Zet zo'n waarde tussen aanhalingstekens.") from None
    finally:
        if lader is not None:
            lader.dispose()


def laad_bank(bestand: str | Path) -> Bank:
    """Read and validate one bank (always from disk; see :func:`bank_voor` for the cached lookup)."""
    bestand = Path(bestand)
    data = _lees_yaml(bestand)
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
    data = _lees_yaml(bestand) or {}
    if not isinstance(data, dict):
        raise BankFout(f"{bestand} moet een lijst van sleutels met bronnen zijn.")
    return {str(sleutel): bron_uit(velden, bestand, str(sleutel)) for sleutel, velden in data.items()}


def bibliografie() -> dict[str, Bronvermelding]:
    return _gecached(bibliografie_bestand(), _lees_bibliografie)


bibliografie.cache_clear = _wis_cache  # type: ignore[attr-defined]


# --- check: values that validate but cannot be meant ------------------------------------------------


def onmogelijke_waarden(bank: Bank) -> list[str]:
    """Dutch problems with values pydantic accepts but no student could answer well."""
    problemen = []
    for v in bank.vragen:
        def fout(tekst: str) -> None:
            problemen.append(f"vraag {v.id}: {tekst}")

        if isinstance(v, Voorspel):
            if (v.minimum is None) != (v.maximum is None):
                fout("geef zowel 'minimum' als 'maximum', of geen van beide (nu staat er maar één)")
            if v.minimum is not None and v.maximum is not None and v.minimum > v.maximum:
                fout(f"'minimum' ({v.minimum:g}) is groter dan 'maximum' ({v.maximum:g})")
            if v.maximum is not None and v.maximum < v.antwoord:
                fout(f"'maximum' ({v.maximum:g}) is kleiner dan het antwoord ({v.antwoord:g}); niemand kan dat antwoord invullen")
            if v.minimum is not None and v.minimum > v.antwoord:
                fout(f"'minimum' ({v.minimum:g}) is groter dan het antwoord ({v.antwoord:g}); niemand kan dat antwoord invullen")
        teksten: list[str] = []
        if isinstance(v, (Enkelvoudig, Meervoudig)):
            teksten, veld = [o.tekst for o in v.opties], "opties"
        elif isinstance(v, Volgorde):
            teksten, veld = [it.tekst for it in v.items], "items"
        elif isinstance(v, Koppelen):
            teksten, veld = [p.links for p in v.paren], "paren (links)"
        dubbel = sorted({t for t in teksten if teksten.count(t) > 1})
        if dubbel:
            fout(f"in '{veld}' staat dezelfde tekst twee keer ('{dubbel[0]}'); een antwoord wordt bewaard als die tekst, "
                 "dus elke tekst moet anders zijn")
    return problemen


#: a single-choice key longer than this many times its longest distractor gives itself away (check warns)
LENGTE_VERHOUDING = 1.8


def weggevers(bank: Bank) -> list[str]:
    """Dutch warnings (never failures) for keys of single and multiple choice that students recognise by
    their length."""
    uit = []
    for v in bank.vragen:
        if not isinstance(v, (Enkelvoudig, Meervoudig)):
            continue
        sleutel = max(len(o.tekst.strip()) for o in v.opties if o.juist)
        anders = max((len(o.tekst.strip()) for o in v.opties if not o.juist), default=0)
        if anders and sleutel > LENGTE_VERHOUDING * anders:
            uit.append(f"vraag {v.id}: het goede antwoord ({sleutel} tekens) is meer dan "
                       f"{str(LENGTE_VERHOUDING).replace('.', ',')} keer zo lang als het langste andere antwoord "
                       f"({anders} tekens); wie twijfelt, kiest het langste. Maak de opties ongeveer even lang "
                       "(zie docs/vragen_schrijven.md)")
    return uit


def waarschuwingen_alles() -> list[str]:
    """Warnings for every readable bank (check prints them and still passes)."""
    _, _, leesbaar = _lees_alle()
    return [f"Let op in {bestand.name}: {w}." for bestand, bank in sorted(leesbaar.items()) for w in weggevers(bank)]


def controleer_alles() -> list[str]:
    """Validate every bank and the bibliography; return a list of Dutch problems (empty = good)."""
    from wijklab.inhoud.patronen import meld_patronen

    problemen: list[str] = []
    _wis_cache()
    try:
        bib = bibliografie()
    except BankFout as e:
        problemen.append(str(e))
        bib = {}
    _, fouten, leesbaar = _lees_alle()
    problemen += [str(e) for e in fouten]
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
    meld_patronen(vragen_map())  # warnings only (stderr): the right option habitually first or longest
    return problemen
