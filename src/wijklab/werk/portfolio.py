"""The portfolio's JSON schema ``wijklab-portfolio``: the pydantic models, the JSON Schema and the check sum.

The pydantic model :class:`Portfolio` is the definition; ``templates/portfolio.schema.json`` is the same
schema as JSON Schema (generated from the model by :func:`json_schema`; a test keeps them equal).
``python -m wijklab klas`` (:mod:`wijklab.docent.klas`) reads these files (version 1 and 2).

Version 2 adds, per question, the attempts as the student gave them (``antwoorden``: the option(s)
chosen in words, the number or estimate) so the class overview can show which wrong options were
chosen most and how far estimates were from the real value; and a ``controle`` field: the SHA-256 of
the rest of the file (:func:`controlegetal`). It detects an export that was edited by hand; it does not
stop someone who recomputes it on purpose (the teacher guide says so).

Importing this module imports pydantic (~0,2 s, ~9 MiB): only the export and the class overview do,
never a notebook that only shows questions and progress.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, FailFast

SCHEMA = "wijklab-portfolio"
VERSIE = 2
#: the versions :mod:`wijklab.docent.klas` can read
LEESBARE_VERSIES = (1, 2)
#: upper bound for counts in an export (a bigger number is not a real export)
MAX_AANTAL = 1_000_000
SCHEMA_BESTAND = Path(__file__).resolve().parents[1] / "templates" / "portfolio.schema.json"


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
