"""The student's portfolio: one printable, self-contained HTML file plus a JSON file for the teacher.

In a notebook::

    wl.exporteer()            # writes mijn_werk/export/portfolio_<naam>_<id>_<datum>.html and .json

On the command line (the CLI calls :func:`main_export`)::

    python -m wijklab export [--naar MAP]

The JSON file follows the schema ``wijklab-portfolio``, version 2: the pydantic model
:class:`Portfolio` below is the definition; ``templates/portfolio.schema.json`` is the same schema
as JSON Schema (generated from the model; a test keeps them equal). ``python -m wijklab klas``
(module :mod:`wijklab.docent.klas`) reads these files (version 1 and 2).

Version 2 adds, per question, the attempts as the student gave them (``antwoorden``: the option(s)
chosen in words, the number or estimate) so the class overview can show which wrong options were
chosen most and how far estimates were from the real value; and a ``controle`` field: the SHA-256 of
the rest of the file. It detects an export that was edited by hand; it does not stop someone who
recomputes it on purpose (the teacher guide says so).

Safety: every string a student made (texts, the name) reaches the HTML only through Jinja2 with
autoescape on, and only as element text or inside a quoted attribute value that we build ourselves
(the file name in a link is reduced to ``[a-z0-9-]``). No scripts, no external resources.
Characters a web page cannot hold (NUL and other control characters except tab and line breaks,
lone surrogates) are shown as U+FFFD in the HTML, with a note; the JSON keeps the text exactly.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import sys
import tempfile
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, FailFast
from wijklab.basis.grenzen import MAX_ANTWOORDEN, MAX_REFLECTIE_TEKENS, controleer
from wijklab.werk.store import eerdere_versie, tel_woorden
from wijklab.basis.taal import aantal, datum_nl, nl_getal

SCHEMA = "wijklab-portfolio"
VERSIE = 2
#: the versions :mod:`wijklab.docent.klas` can read
LEESBARE_VERSIES = (1, 2)
#: upper bound for counts in an export (a bigger number is not a real export)
MAX_AANTAL = 1_000_000
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
SCHEMA_BESTAND = TEMPLATES / "portfolio.schema.json"
VERVANGER = "\ufffd"

# control characters (except tab, LF, CR) and lone surrogates cannot be shown in a web page
_ONTOONBAAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")



# --- the JSON schema, version 1 ----------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Telling(_Model):
    """Totals for one notebook or for the whole course."""

    vragen: int = Field(ge=0, le=MAX_AANTAL, description="number of quiz questions (in the bank, plus answered ones no longer in it)")
    gemaakt: int = Field(ge=0, le=MAX_AANTAL, description="questions with at least one attempt")
    eerste_keer_goed: int = Field(ge=0, le=MAX_AANTAL, description="questions answered correctly at the first attempt")
    ooit_goed: int = Field(ge=0, le=MAX_AANTAL, description="questions answered correctly at some attempt")
    reflecties: int = Field(ge=0, le=MAX_AANTAL, description="number of reflection prompts")
    geschreven: int = Field(ge=0, le=MAX_AANTAL, description="reflections whose latest draft is not empty")
    woorden: int = Field(ge=0, le=100 * MAX_AANTAL, description="words in all latest drafts together")


class Antwoord(_Model):
    """One attempt at a quiz question, as the student gave it (schema version 2)."""

    tijd: datetime
    juist: bool
    score: float = Field(ge=0, le=1)
    gegeven: str = Field(max_length=5_000, description="the answer in words: the option(s) chosen, the order, the number")
    fout_gekozen: Annotated[list[str], FailFast()] = Field(default_factory=list, max_length=100, description="wrong options chosen in this attempt (choice questions)")
    getal: float | None = Field(default=None, allow_inf_nan=False, description="the number or estimate given (getal, voorspel)")
    veranderd: bool = Field(default=False, description="the question changed since this attempt: it no longer counts as right")
    zeker: Literal["zeker", "twijfel", "gok"] | None = Field(default=None, description="how sure she said she was (choice questions; optional)")


class VraagResultaat(_Model):
    """A summary of the attempts at one quiz question, with the attempts themselves (version 2)."""

    id: str = Field(description="question id, e.g. '01-krachtwijken'")
    vraag: str = Field(description="the question text, shortened, plain text ('' if unknown)")
    type: str | None = Field(description="question type from the bank; null if the question is no longer in the bank")
    in_bank: bool = Field(description="false if the student answered a question that is no longer in the bank")
    pogingen: int = Field(ge=0, le=MAX_AANTAL, description="number of attempts")
    eerste_juist: bool | None = Field(description="first attempt correct; null without attempts")
    eerste_score: float | None = Field(ge=0, le=1, description="score 0..1 of the first attempt")
    beste_score: float | None = Field(ge=0, le=1, description="highest score 0..1 over all attempts")
    ooit_juist: bool = Field(description="correct at some attempt")
    eerste_poging: datetime | None = None
    laatste_poging: datetime | None = None
    echte_waarde: float | None = Field(default=None, allow_inf_nan=False, description="the right number (getal, voorspel); null for other types")
    eenheid: str = Field(default="", max_length=200)
    antwoorden: Annotated[list[Antwoord], FailFast()] = Field(default_factory=list, max_length=MAX_AANTAL, description="the attempts, oldest first, at most the first 1000 (version 2; empty in version 1)")
    veranderd: bool = Field(default=False, description="the question changed in the bank since at least one attempt")


class EerdereVersie(_Model):
    """An older draft with much more text than the latest (which is empty or much shorter): the text
    may have been wiped by accident. The reflection box in the notebook offers it back."""

    woorden: int = Field(ge=0, le=100 * MAX_AANTAL)
    tijd: datetime


class ReflectieAntwoord(_Model):
    """The current (latest) draft of one reflection; older drafts are not exported, but when the latest
    is empty or much shorter than an earlier one, ``eerdere_versie`` says so (its length and time)."""

    id: str
    vraag: str = Field(description="the prompt, plain text ('' if unknown)")
    in_bank: bool
    min_woorden: int = Field(ge=0, le=MAX_AANTAL, description="suggested length from the bank (0 = none)")
    tekst: str = Field(description="the student's latest text, exactly as saved ('' if nothing written)")
    woorden: int = Field(ge=0, le=100 * MAX_AANTAL)
    versies: int = Field(ge=0, le=100 * MAX_AANTAL, description="number of saved drafts")
    eerste_versie: datetime | None = None
    laatste_versie: datetime | None = None
    eerdere_versie: EerdereVersie | None = Field(
        default=None, description="an older draft with much more text, when the latest is empty or much shorter"
    )


class NotebookDeel(_Model):
    notebook: str = Field(pattern=r"^[0-9]{2}$", description="notebook number, '00', '01', ...")
    naam: str = Field(description="notebook file name without .ipynb, '' if unknown")
    titel: str
    vragen: Annotated[list[VraagResultaat], FailFast()]
    reflecties: Annotated[list[ReflectieAntwoord], FailFast()]
    totaal: Telling


class Student(_Model):
    id: str = Field(min_length=1, max_length=100, description="random id made at the first export; the same student keeps it")
    naam: str = Field(max_length=10_000, description="the name the student gave ('' = anonymous)")


class DiagnoseItem(_Model):
    """One question of the diagnostic: right at the first attempt before and after the course."""

    id: str = Field(max_length=200)
    vraag: str = Field(max_length=5_000, description="the question text, shortened, plain text")
    voor: bool | None = Field(description="right before the course (notebook 00); null: not answered")
    na: bool | None = Field(description="right after the course (notebook 07); null: not answered")


class Diagnose(_Model):
    """The diagnostic before and after the course (wl.diagnose), for the class overview's learning gain;
    its attempts are no ordinary questions and are not in ``notebooks``."""

    vragen: int = Field(ge=0, le=MAX_AANTAL, description="number of diagnostic questions (the maximum score)")
    voor: int | None = Field(ge=0, le=MAX_AANTAL, description="right before the course; null: not taken")
    na: int | None = Field(ge=0, le=MAX_AANTAL, description="right after the course; null: not taken")
    items: Annotated[list[DiagnoseItem], FailFast()] = Field(default_factory=list, max_length=1_000)


class Portfolio(_Model):
    """A student's portfolio, schema 'wijklab-portfolio', version 1."""

    schema_: Literal["wijklab-portfolio"] = Field(alias="schema")
    versie: Literal[1, 2]
    cursus_versie: str = Field(description="version of the wijklab package that made the export")
    geexporteerd: datetime
    student: Student
    notebooks: Annotated[list[NotebookDeel], FailFast()]
    totaal: Telling
    opmerkingen: Annotated[list[str], FailFast()] = Field(default_factory=list, description="problems met during the export, in Dutch")
    diagnose: Diagnose | None = Field(default=None, description="the diagnostic before and after the course; null when she took neither")
    controle: str | None = Field(default=None, pattern=r"^sha256:[0-9a-f]{64}$", description="sha256 of the rest of the file (version 2), see controlegetal()")


def json_schema() -> dict:
    """The JSON Schema of :class:`Portfolio` (what ``templates/portfolio.schema.json`` holds)."""
    schema = Portfolio.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://wijklab.invalid/portfolio.schema.json"
    return schema


def controlegetal(data: dict) -> str:
    """'sha256:<hex>' of an export's JSON data without its own ``controle`` field (canonical form)."""
    import hashlib

    rest = {k: v for k, v in data.items() if k != "controle"}
    tekst = json.dumps(rest, sort_keys=True, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return "sha256:" + hashlib.sha256(tekst.encode("ascii")).hexdigest()


# --- helpers -----------------------------------------------------------------------------------


def toonbaar(tekst: str) -> str:
    """Text a web page can hold: control characters and lone surrogates become U+FFFD."""
    return _ONTOONBAAR.sub(VERVANGER, tekst)


def ontoonbaar_aantal(tekst: str) -> int:
    return len(_ONTOONBAAR.findall(tekst))


def korte_tekst(tekst: str, max_tekens: int = 160) -> str:
    """A question in one short line of plain text (Markdown emphasis and code marks removed)."""
    tekst = re.sub(r"(\*\*|__|`)", "", tekst)
    tekst = " ".join(tekst.split())
    if len(tekst) <= max_tekens:
        return tekst
    return tekst[: max_tekens].rsplit(" ", 1)[0] + " …"


def bestandsdeel(naam: str) -> str:
    """A safe piece of a file name from a student's name: lowercase a-z, 0-9 and '-', at most 40 characters."""
    plat = unicodedata.normalize("NFKD", naam.replace("ĳ", "ij").replace("Ĳ", "ij"))
    plat = plat.encode("ascii", "ignore").decode("ascii").lower()
    plat = re.sub(r"[^a-z0-9]+", "-", plat).strip("-")[:40].strip("-")
    return plat or "anoniem"


def _omgeving():
    """Jinja2 with autoescape always on, strict about unknown names."""
    import jinja2
    from markupsafe import Markup

    def _maak_toonbaar(waarde):
        # runs on every {{ expression }} before escaping: student text cannot break the page
        if isinstance(waarde, str) and not isinstance(waarde, Markup):
            return toonbaar(waarde)
        return waarde

    omgeving = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_maak_toonbaar,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    omgeving.filters["datum"] = datum_nl
    omgeving.filters["procent"] = lambda x: "–" if x is None else f"{round(100 * x)}%"
    omgeving.filters["getal"] = lambda x: "–" if x is None else f"{x:.1f}".replace(".", ",")
    omgeving.filters["nlgetal"] = lambda x: "–" if x is None else nl_getal(x)
    omgeving.filters["md"] = markdown_inline
    return omgeving


def markdown_inline(tekst: str | None):
    """A question's or an option's Markdown (*cursief*, **vet**, `code`) as inline HTML for a table cell or a
    heading, instead of the raw ``**…**``. Raw HTML in the text is escaped (``ui.markdown``); links and
    images are dropped to their text, so a page never loads or points anywhere a text put in it."""
    from markupsafe import Markup

    from wijklab.leerling.ui import markdown

    uit = markdown(toonbaar(tekst or ""))
    uit = re.sub(r"<img\b[^>]*>", "", uit)
    uit = re.sub(r"</?a\b[^>]*>", "", uit)
    uit = re.sub(r"</p>\s*<p>", "<br>", uit)
    uit = re.sub(r"^\s*<p>|</p>\s*$", "", uit)
    return Markup(uit)


def render(template: str, **context) -> str:
    return _omgeving().get_template(template).render(**context)


def render_delen(template: str, **context):
    """The page in pieces, to write it without holding all of it in memory (see :func:`schrijf_atomair`)."""
    return _omgeving().get_template(template).generate(**context)


def schrijf_atomair(pad: Path, tekst) -> None:
    """Write a file so that it is either complete or not there (no half-written export).

    ``tekst`` is a string or an iterable of strings (the pieces of :func:`render_delen`)."""
    pad.parent.mkdir(parents=True, exist_ok=True)
    fd, tijdelijk = tempfile.mkstemp(dir=pad.parent, prefix=f".{pad.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            if isinstance(tekst, str):
                f.write(tekst)
            else:
                f.writelines(tekst)
        os.replace(tijdelijk, pad)
    except BaseException:
        try:
            os.unlink(tijdelijk)
        except OSError:
            pass
        raise


# --- collecting the portfolio ------------------------------------------------------------------


def _leeg_telling() -> dict:
    return dict(vragen=0, gemaakt=0, eerste_keer_goed=0, ooit_goed=0, reflecties=0, geschreven=0, woorden=0)


def _tel(vragen: list[VraagResultaat], reflecties: list[ReflectieAntwoord]) -> Telling:
    return Telling(
        vragen=len(vragen),
        gemaakt=sum(v.pogingen > 0 for v in vragen),
        eerste_keer_goed=sum(bool(v.eerste_juist) for v in vragen),
        ooit_goed=sum(v.ooit_juist for v in vragen),
        reflecties=len(reflecties),
        geschreven=sum(r.woorden > 0 for r in reflecties),
        woorden=sum(r.woorden for r in reflecties),
    )


def _eindig(x) -> float | None:
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _kort(waarde, n: int = 300) -> str:
    """An answer (of any stored type) as one short line: :func:`korte_tekst` on its text."""
    return korte_tekst(str(waarde), n)


def beschrijf_antwoord(vraag, antwoord) -> tuple[str, list[str], float | None]:
    """A stored answer in words: (what was given, the wrong options chosen, the number given).

    Understands the stored forms of every question type, by text and (older stores) by position.
    ``vraag`` may be None (the question is no longer in the bank): then only what the answer itself
    says is used. Never raises.
    """
    opties = list(getattr(vraag, "opties", None) or [])

    def optie(waarde):
        if isinstance(waarde, bool):
            return None
        if isinstance(waarde, int) and 0 <= waarde < len(opties):
            return opties[waarde]
        if isinstance(waarde, str):
            return next((o for o in opties if o.tekst == waarde), None)
        return None

    def tekst_van(waarde) -> str:
        o = optie(waarde)
        return o.tekst if o is not None else str(waarde)

    try:
        if not isinstance(antwoord, dict):
            getal = _eindig(antwoord) if isinstance(antwoord, (int, float)) and not isinstance(antwoord, bool) else None
            return _kort(antwoord if getal is None else nl_getal(getal)), [], getal
        for sleutel in ("schatting", "getal"):
            if sleutel in antwoord:
                getal = _eindig(antwoord[sleutel])
                return (nl_getal(getal) if getal is not None else _kort(antwoord[sleutel])), [], getal
        if "keuzes" in antwoord or "opties" in antwoord:
            gekozen = list(antwoord.get("keuzes", antwoord.get("opties")) or [])
            teksten = [tekst_van(k) for k in gekozen]
            fout = [o.tekst for o in map(optie, gekozen) if o is not None and not o.juist]
            return _kort("; ".join(teksten)), [_kort(f, 200) for f in fout], None
        if "keuze" in antwoord or "optie" in antwoord:
            waarde = antwoord.get("keuze", antwoord.get("optie"))
            o = optie(antwoord["tekst"]) if isinstance(antwoord.get("tekst"), str) and optie(antwoord["tekst"]) else optie(waarde)
            tekst = o.tekst if o is not None else str(antwoord.get("tekst", waarde))
            return _kort(tekst), ([_kort(o.tekst, 200)] if o is not None and not o.juist else []), None
        if "volgorde" in antwoord:
            return _kort(" → ".join(map(str, antwoord["volgorde"]))), [], None
        if "paren" in antwoord and isinstance(antwoord["paren"], dict):
            return _kort("; ".join(f"{l} → {r}" for l, r in antwoord["paren"].items())), [], None
        return _kort(json.dumps(antwoord, ensure_ascii=False)), [], None
    except Exception:  # a strange stored answer must never stop the export
        return "(antwoord niet leesbaar)", [], None


def _uitslag(vraag, poging) -> tuple[bool, float, bool]:
    """(right?, score, changed?) of one attempt: graded again against today's bank.

    A question no longer in the bank keeps the grade the attempt got at the time.
    """
    if vraag is None:
        return bool(poging.juist), min(max(float(poging.score), 0.0), 1.0), False
    from wijklab.inhoud.beoordeling import beoordeel_poging

    r = beoordeel_poging(vraag, poging)
    return bool(r.juist), min(max(float(r.score), 0.0), 1.0), bool(r.veranderd)


def _antwoord(vraag, poging, uitslag: tuple[bool, float, bool]) -> Antwoord:
    gegeven, fout, getal = beschrijf_antwoord(vraag, poging.antwoord)
    juist, score, veranderd = uitslag
    zeker = poging.antwoord.get("zeker") if isinstance(poging.antwoord, dict) else None
    return Antwoord(tijd=poging.tijd, juist=juist, score=score, gegeven=gegeven,
                    fout_gekozen=fout[:100], getal=getal, veranderd=veranderd,
                    zeker=zeker if zeker in ("zeker", "twijfel", "gok") else None)


def _student_id(store) -> str:
    bestaand = store.instelling("student_id")
    if bestaand:
        return bestaand[:100]
    nieuw = uuid.uuid4().hex
    store.bewaar_instelling("student_id", nieuw)  # if this fails, the id is still kept in memory
    return nieuw


def _persoonlijke_teksten(store) -> list[tuple[str, str]]:
    """(text, replacement) for what identifies the student or her machine: paths, user and host names."""
    import getpass
    import socket

    from wijklab.basis.paden import cursus_map, werk_map

    paden: list[tuple[str, str]] = []
    kandidaten = []
    pad = getattr(store, "pad", None)
    if pad is not None:
        kandidaten += [(Path(pad).parent, "je werkmap"), (Path(pad), "je opslagbestand")]
    for functie, vervanging in ((werk_map, "je werkmap"), (cursus_map, "de cursusmap"), (Path.home, "~"), (Path.cwd, "de huidige map")):
        try:
            kandidaten.append((functie(), vervanging))
        except (OSError, RuntimeError, KeyError):
            pass
    for map, vervanging in kandidaten:
        for vorm in {str(map), str(Path(map).absolute()), os.path.realpath(map)}:
            if len(vorm) > 1:
                paden.append((vorm, vervanging))
    namen = set()
    for functie in (getpass.getuser, socket.gethostname, socket.getfqdn):
        try:
            namen.add(functie())
        except Exception:  # no user or host name known: nothing to hide
            pass
    namen.update(os.environ.get(v, "") for v in ("USER", "LOGNAME", "USERNAME", "HOSTNAME"))
    # longest first, so that a path is replaced before a folder inside it
    return sorted(paden, key=lambda t: -len(t[0])) + [(n, "…") for n in sorted(namen, key=len, reverse=True) if len(n) >= 3]


# an absolute path that is left (POSIX, Windows drive or ~): from a slash to the next space or quote
_PAD = re.compile(r"(?<![\w.:/])(?:~|[A-Za-z]:)?[/\\][^\s'\"()<>|]*")


def zonder_persoonlijks(tekst: str, store=None) -> str:
    """A note for the export without absolute paths, user names or host names (what she hands in is hers only)."""
    for oud, nieuw in _persoonlijke_teksten(store):
        if oud in ("…",):
            continue
        if nieuw == "…":
            tekst = re.sub(rf"(?<!\w){re.escape(oud)}(?!\w)", nieuw, tekst)
        else:
            tekst = tekst.replace(oud, nieuw)
    return _PAD.sub("…", tekst)


def verzamel(store=None, banken: dict | None = None, *, tijd: datetime | None = None) -> Portfolio:
    """Build the portfolio from the store and the question banks (course order)."""
    from wijklab import __version__
    from wijklab.werk.store import huidige_store

    store = store if store is not None else huidige_store()
    opmerkingen: list[str] = []
    if banken is None:
        from wijklab.inhoud.bank import banken_en_fouten

        # a broken bank leaves out only the question texts of its own notebook
        banken, fouten = banken_en_fouten()
        for e in fouten:
            opmerkingen.append(
                f"Een vragenbank van de cursus kon niet worden gelezen, daarom ontbreken bij notebook "
                f"{getattr(e, 'notebook', '?')} de vraagteksten. Je antwoorden staan er wel in. (Melding: {e})"
            )
    eerder_gezien = list(getattr(store, "leesfouten", []))
    al_gemeld = len(store.meldingen)
    geduld = store.geduldig() if hasattr(store, "geduldig") else contextlib.nullcontext()
    with geduld:  # an export may wait for another notebook's lock; a keystroke may not
        pogingen = store.pogingen()
        concepten = store.concepten()
        naam = (store.instelling("naam") or "").strip()
        student = Student(id=_student_id(store), naam=naam[:10_000])
    leesfouten = set(getattr(store, "leesfouten", store.meldingen))
    nieuw = [m for m in store.meldingen[al_gemeld:]]
    for melding in nieuw:  # a read failure now, or a note such as a damaged file set aside
        opmerkingen.append(f"Je opgeslagen werk kon niet (helemaal) worden gelezen: {melding}" if melding in leesfouten else melding)
    for melding in eerder_gezien:  # a failure a widget met earlier in this session still counts
        if melding not in nieuw:
            opmerkingen.append(
                "Eerder in deze sessie kon je opgeslagen werk niet (helemaal) worden gelezen; wat je toen zag, "
                f"was misschien niet volledig: {melding}"
            )
    opmerkingen = [zonder_persoonlijks(o, store) for o in opmerkingen]

    from wijklab.leerling.diagnostiek import is_apart

    per_vraag: dict[str, list] = {}
    for p in pogingen:
        if not is_apart(p.onderdeel):  # diagnostic and review attempts are no ordinary questions
            per_vraag.setdefault(p.onderdeel, []).append(p)
    per_reflectie: dict[str, list] = {}
    for c in concepten:
        per_reflectie.setdefault(c.onderdeel, []).append(c)

    def vraag_resultaat(id: str, vraag, in_bank: bool) -> VraagResultaat:
        lijst = per_vraag.get(id, [])[:MAX_AANTAL]
        # graded again against today's bank, by the same pure function the widget uses
        uitslagen = [_uitslag(vraag, p) for p in lijst]
        return VraagResultaat(
            id=id,
            vraag=korte_tekst(vraag.vraag) if vraag is not None else "",
            type=getattr(vraag, "type", None),
            in_bank=in_bank,
            pogingen=len(lijst),
            eerste_juist=uitslagen[0][0] if lijst else None,
            eerste_score=uitslagen[0][1] if lijst else None,
            beste_score=max(u[1] for u in uitslagen) if lijst else None,
            ooit_juist=any(u[0] for u in uitslagen),
            eerste_poging=lijst[0].tijd if lijst else None,
            laatste_poging=lijst[-1].tijd if lijst else None,
            echte_waarde=_eindig(getattr(vraag, "antwoord", None)),
            eenheid=str(getattr(vraag, "eenheid", "") or "")[:200],
            antwoorden=[_antwoord(vraag, p, u) for p, u in zip(lijst[:MAX_ANTWOORDEN], uitslagen)],
            veranderd=any(u[2] for u in uitslagen),
        )

    def reflectie_antwoord(id: str, tekst: str, min_woorden: int, in_bank: bool) -> ReflectieAntwoord:
        lijst = per_reflectie.get(id, [])
        laatste = lijst[-1].tekst if lijst else ""
        eerder = eerdere_versie(lijst)
        if eerder is not None:
            opmerkingen.append(
                f"Van reflectie {id} is de laatste versie leeg of veel korter dan een eerdere versie "
                f"({aantal(tel_woorden(eerder.tekst), 'woord', 'woorden')}, {datum_nl(eerder.tijd)}). Open het notebook: "
                "het tekstvak biedt je die eerdere tekst aan om terug te zetten. Exporteer daarna opnieuw."
            )
        return ReflectieAntwoord(
            id=id,
            vraag=tekst,
            in_bank=in_bank,
            min_woorden=min_woorden,
            tekst=laatste,
            woorden=tel_woorden(laatste),
            versies=len(lijst),
            eerste_versie=lijst[0].tijd if lijst else None,
            laatste_versie=lijst[-1].tijd if lijst else None,
            eerdere_versie=EerdereVersie(woorden=tel_woorden(eerder.tekst), tijd=eerder.tijd) if eerder else None,
        )

    bekend: set[str] = set()
    delen: dict[str, dict] = {}
    for nr, bank in sorted(banken.items()):
        vragen = [vraag_resultaat(v.id, v, True) for v in bank.vragen]
        reflecties = [reflectie_antwoord(r.id, " ".join(r.vraag.split()), r.min_woorden, True) for r in bank.reflecties]
        bekend.update(v.id for v in bank.vragen)
        bekend.update(r.id for r in bank.reflecties)
        delen[nr] = dict(notebook=nr, naam=bank.notebook, titel=bank.titel, vragen=vragen, reflecties=reflecties)

    # work on questions that are no longer in a bank is kept, not dropped
    def deel_voor(id: str) -> dict:
        nr = id[:2] if re.match(r"^[0-9]{2}", id) else "99"
        return delen.setdefault(nr, dict(notebook=nr, naam="", titel=f"Notebook {nr}", vragen=[], reflecties=[]))

    for id in per_vraag:
        if id not in bekend:
            deel_voor(id)["vragen"].append(vraag_resultaat(id, None, False))
    for id in per_reflectie:
        if id not in bekend:
            deel_voor(id)["reflecties"].append(reflectie_antwoord(id, "", 0, False))

    notebooks = [
        NotebookDeel(**d, totaal=_tel(d["vragen"], d["reflecties"])) for _, d in sorted(delen.items())
    ]
    alle_vragen = [v for n in notebooks for v in n.vragen]
    alle_reflecties = [r for n in notebooks for r in n.reflecties]
    return Portfolio(
        schema=SCHEMA,
        versie=VERSIE,
        cursus_versie=__version__,
        geexporteerd=tijd or datetime.now().astimezone(),
        student=student,
        notebooks=notebooks,
        totaal=_tel(alle_vragen, alle_reflecties),
        opmerkingen=opmerkingen,
        diagnose=_diagnose(pogingen, opmerkingen),
    )


def _diagnose(pogingen, opmerkingen: list[str]) -> Diagnose | None:
    """Her diagnostic before and after, or None when she took neither."""
    from wijklab.inhoud.bank import BankFout
    from wijklab.leerling.diagnostiek import NA, VOOR, diagnose_bank, score, uitslag

    if not any(p.onderdeel.startswith((VOOR, NA)) for p in pogingen):
        return None
    try:
        bank = diagnose_bank()
    except BankFout as e:
        opmerkingen.append(f"De vragen van de diagnose konden niet worden gelezen; je antwoorden zijn wel bewaard. (Melding: {e})")
        return None
    items = uitslag(pogingen, bank)
    return Diagnose(
        vragen=len(items),
        voor=score(items, "voor"),
        na=score(items, "na"),
        items=[DiagnoseItem(id=i.id, vraag=korte_tekst(i.vraag), voor=i.voor, na=i.na) for i in items],
    )


def naar_json(portfolio: Portfolio) -> str:
    data = portfolio.model_dump(mode="json", by_alias=True)
    data.pop("controle", None)
    data["controle"] = controlegetal(data)
    tekst = json.dumps(data, ensure_ascii=False, indent=1)
    # a lone surrogate cannot be written as UTF-8; keep it as an escape so nothing is lost
    return tekst.encode("utf-8", "backslashreplace").decode("utf-8") if _heeft_surrogaat(tekst) else tekst


def _heeft_surrogaat(tekst: str) -> bool:
    return re.search("[\ud800-\udfff]", tekst) is not None


def _telt_ontoonbaar(portfolio: Portfolio) -> int:
    n = ontoonbaar_aantal(portfolio.student.naam)
    for nb in portfolio.notebooks:
        for r in nb.reflecties:
            n += ontoonbaar_aantal(r.tekst)
    return n


def naar_html(portfolio: Portfolio) -> str:
    return render(
        "portfolio.html.j2",
        p=portfolio,
        naam=portfolio.student.naam or "anoniem",
        vervangen=_telt_ontoonbaar(portfolio),
        vervanger=VERVANGER,
    )


# --- the export --------------------------------------------------------------------------------


_LEEG = (
    "Je portfolio is gemaakt, maar er staat nog geen werk in: geen antwoorden en geen reflecties. Heb je wel "
    "al gewerkt, dan is dit misschien de verkeerde map; open de cursus zoals je dat altijd doet en exporteer opnieuw."
)


@dataclass
class Export:
    """What :func:`exporteer` made. In a notebook it shows itself as a short message with links."""

    gelukt: bool
    html: Path | None = None
    json: Path | None = None
    melding: str = ""
    opmerkingen: list[str] = field(default_factory=list)
    #: True when the portfolio holds no answers and no reflections (then it is not "klaar")
    leeg: bool = False

    def _link(self, pad: Path, tekst: str) -> str:
        from html import escape
        from urllib.parse import quote

        try:
            doel = os.path.relpath(pad, Path.cwd())
        except ValueError:  # another drive on Windows
            doel = str(pad)
        return f'<a href="{escape(quote(Path(doel).as_posix()), quote=True)}" target="_blank" rel="noopener">{escape(tekst)}</a>'

    def _repr_html_(self) -> str:
        from html import escape

        if not self.gelukt:
            return f'<div class="wijklab-export" role="alert"><strong>Export mislukt.</strong> {escape(self.melding)}</div>'
        if self.leeg:
            regels = [
                f'<div class="wijklab-export" role="status"><strong>{escape(_LEEG)}</strong> ',
                f"Bekijk {self._link(self.html, self.html.name)}; lever het nog niet in.",
            ]
        else:
            regels = [
                '<div class="wijklab-export" role="status"><strong>Je portfolio is klaar.</strong> ',
                f"Open {self._link(self.html, self.html.name)} om het te lezen of af te drukken (als pdf); ",
                f"lever {self._link(self.json, self.json.name)} in bij je docent.",
            ]
        regels += [f"<br>Let op: {escape(o)}" for o in self.opmerkingen]
        return "".join(regels) + "</div>"

    def __str__(self) -> str:
        if not self.gelukt:
            return f"Export mislukt. {self.melding}"
        if self.leeg:
            tekst = f"{_LEEG}\n  {self.html}\n  {self.json}  (lever dit nog niet in)"
        else:
            tekst = f"Je portfolio is klaar:\n  {self.html}\n  {self.json}  (lever dit bestand in bij je docent)"
        return tekst + "".join(f"\nLet op: {o}" for o in self.opmerkingen)

    __repr__ = __str__


def export_map() -> Path:
    from wijklab.basis.paden import werk_map

    return werk_map() / "export"


def exporteer(map: str | Path | None = None, *, store=None) -> Export:
    """Write the portfolio as HTML and JSON into ``map`` (default ``mijn_werk/export/``).

    Never raises for things a student can run into: the returned :class:`Export` says what went
    wrong and what to do.
    """
    doelmap = Path(map).expanduser() if map is not None else export_map()
    try:
        portfolio = verzamel(store)
        html_tekst = naar_html(portfolio)
        json_tekst = naar_json(portfolio)
    except Exception as e:  # a bug must not show a traceback to a student
        return Export(False, melding=f"Er ging iets mis bij het maken van je portfolio ({type(e).__name__}: {e}). Laat deze melding aan je docent zien.")
    te_lang = [r.id for nb in portfolio.notebooks for r in nb.reflecties if len(r.tekst) > MAX_REFLECTIE_TEKENS]
    if te_lang:
        return Export(False, melding=(
            f"Je portfolio is niet gemaakt: je reflectie {', '.join(te_lang)} is langer dan {nl_getal(MAX_REFLECTIE_TEKENS)} tekens, "
            "de grens voor een export. Maak de tekst korter in het tekstvak van die reflectie en exporteer opnieuw. "
            "Je volledige tekst is bewaard; er gaat niets verloren."
        ))
    grens = controleer(json_tekst.encode("utf-8"))
    if grens:  # the class overview would refuse this file: never hand her one
        return Export(False, melding=(
            f"Je portfolio is niet gemaakt: het klasoverzicht van je docent zou het niet kunnen lezen ({grens[0]}). "
            "Je werk zelf is niet kwijt. Laat deze melding aan je docent zien."
        ))
    stam = f"portfolio_{bestandsdeel(portfolio.student.naam)}_{bestandsdeel(portfolio.student.id[:6])}_{portfolio.geexporteerd:%Y-%m-%d}"
    html_pad, json_pad = doelmap / f"{stam}.html", doelmap / f"{stam}.json"
    try:
        schrijf_atomair(html_pad, html_tekst)
        schrijf_atomair(json_pad, json_tekst)
    except OSError as e:
        reden = "de schijf is vol" if getattr(e, "errno", None) == 28 else f"de map {doelmap} is niet beschrijfbaar of bestaat niet"
        return Export(
            False,
            melding=(
                f"Je portfolio kon niet worden opgeslagen: {reden}. Je werk zelf is niet kwijt. "
                "Kies een andere map, bijvoorbeeld wl.exporteer('~/Documenten'), of vraag je docent."
            ),
        )
    leeg = portfolio.totaal.gemaakt == 0 and portfolio.totaal.geschreven == 0
    return Export(True, html_pad.absolute(), json_pad.absolute(), opmerkingen=list(portfolio.opmerkingen), leeg=leeg)


def opties_export(parser) -> None:
    """The options of ``python -m wijklab export`` (declared once, for wijklab.basis.opdrachtregel)."""
    parser.add_argument("--naar", metavar="MAP", help="de map voor de bestanden (standaard: mijn_werk/export)")


#: what ``python -m wijklab export --help`` says the command does
EXPORT_BESCHRIJVING = "Schrijf je portfolio als HTML-bestand (om te lezen en af te drukken) en als JSON-bestand (voor je docent)."


def main_export(args=None) -> int:
    """``python -m wijklab export [--naar MAP]``; returns the exit code (0 = gelukt).

    ``args``: the options as parsed by ``python -m wijklab`` (a Namespace), or the command line after ``export``."""
    from argparse import Namespace

    from wijklab.basis.opdrachtregel import lees

    opties = args if isinstance(args, Namespace) else lees("python -m wijklab export", opties_export, args,
                                                            beschrijving=EXPORT_BESCHRIJVING)
    gevonden, melding = _zoek_store()
    if not gevonden:
        print(f"Export niet gemaakt. {melding}", file=sys.stderr)
        return 1
    uitkomst = exporteer(opties.naar)
    print(uitkomst)
    return 0 if uitkomst.gelukt and not uitkomst.leeg else 1


def _zoek_store() -> tuple[bool, str]:
    """Is there a store where the notebooks keep it (same rules as in a notebook)? Else a Dutch reason."""
    from wijklab.basis.paden import WERK_VAR, vind_cursus, werk_map
    from wijklab.werk.store import BESTANDSNAAM

    if not os.environ.get(WERK_VAR) and vind_cursus() is None:
        return False, (
            "Er is geen cursusmap gevonden (een map met notebooks/vragen en data). Voer deze opdracht uit in de "
            "map van de cursus of een map daaronder, of zet WIJKLAB_CURSUS op die map."
        )
    pad = werk_map() / BESTANDSNAAM
    if not os.path.lexists(pad):
        return False, (
            f"Er is nog geen opgeslagen werk gevonden (gezocht in {pad.parent}). Maak eerst een vraag of reflectie "
            "in een notebook, of voer deze opdracht uit in de cursusmap die je notebooks gebruiken (of zet "
            "WIJKLAB_CURSUS of WIJKLAB_WERKMAP zoals in je notebooks)."
        )
    return True, ""
