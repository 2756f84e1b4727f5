"""Reading a YAML file of the course (a question bank, the bibliography), bounded and in Dutch.

A bank is a small text file written by a teacher. It is read only if it is a regular file of at most
``MAX_BYTES``, UTF-8, one YAML document of at most ``MAX_KNOPEN`` nodes and ``MAX_DIEPTE`` levels, without
anchors, aliases or merge keys (no course file needs them, and refusing them means nothing is ever expanded)
and without a key twice in one block. Every refusal is a :class:`BankFout` in Dutch that names the file and,
where it can, the line: PyYAML's and the operating system's English never reach a teacher.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import yaml

from wijklab.inhoud.vraagschema import BankFout

#: a bank is a small text file; anything bigger is refused before it is read
MAX_BYTES = 1_000_000
#: nodes in the document (the real banks have a few thousand)
MAX_KNOPEN = 20_000
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
        if isinstance(sleutel, yaml.ScalarNode) and sleutel.tag == "tag:yaml.org,2002:merge":
            raise _Te(_ANKER.format(regel=sleutel.start_mark.line + 1, wat="een samenvoeg-sleutel (<<:)"))
        if isinstance(sleutel, yaml.ScalarNode):
            k = (sleutel.tag, sleutel.value)
            if k in gezien:
                raise _Te(
                    f"het veld '{sleutel.value}' staat twee keer in hetzelfde blok (regel {gezien[k]} en regel "
                    f"{sleutel.start_mark.line + 1}); anders zou stilletjes alleen het laatste tellen. Haal er één weg"
                )
            gezien[k] = sleutel.start_mark.line + 1
    return yaml.constructor.SafeConstructor.construct_mapping(self, node, deep=deep)


_BegrensdeLader = _maak_lader(_BASIS)


_TE_GROOT = (f"het bestand heeft meer dan {MAX_KNOPEN:,} onderdelen (velden, waarden en lijstelementen); zo'n "
             "bank wordt niet gelezen. Verdeel de vragen over minder lange lijsten").replace(",", ".", 1)
_ANKER = ("er staat {wat} op regel {regel}. Een vragenbank gebruikt geen ankers (&naam), verwijzingen (*naam) of "
          "samenvoeg-sleutels (<<:): schrijf elke vraag voluit, dan leest iedereen de bank zoals Wijklab hem leest")


def _voorcontrole(tekst: str) -> None:
    """Walk the parser's events (a loop, no recursion) and stop at once when a bound is passed or an
    anchor or alias appears (so nothing is ever expanded: the size on disk is the size read).

    Only after this the document is composed (which recurses per level) and constructed.
    """
    diepte = knopen = 0
    lader = _BegrensdeLader(tekst)
    try:
        while lader.check_event():
            ev = lader.get_event()
            if isinstance(ev, yaml.AliasEvent):
                raise _Te(_ANKER.format(regel=ev.start_mark.line + 1, wat=f"een verwijzing (*{ev.anchor})"))
            if getattr(ev, "anchor", None) is not None:
                raise _Te(_ANKER.format(regel=ev.start_mark.line + 1, wat=f"een anker (&{ev.anchor})"))
            if isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                diepte += 1
                knopen += 1
                if diepte > MAX_DIEPTE:
                    raise _Te(f"de lijsten en blokken zijn meer dan {MAX_DIEPTE} lagen diep genest (regel {ev.start_mark.line + 1})")
            elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                diepte -= 1
            elif isinstance(ev, yaml.ScalarEvent):
                knopen += 1
            if knopen > MAX_KNOPEN:
                raise _Te(_TE_GROOT)
    finally:
        lader.dispose()


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


def lees_yaml(bestand: Path) -> object:
    """The data of one bounded YAML file; a Dutch BankFout when it cannot be read."""
    tekst = _lees_tekst(Path(bestand))
    lader = None
    try:
        _voorcontrole(tekst)
        lader = _BegrensdeLader(tekst)
        knoop = lader.get_single_node()
        if knoop is None:
            return None
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
