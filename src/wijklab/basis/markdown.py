"""Teacher-written Markdown (banks) to HTML or plain text; raw HTML is escaped, never executed.

The lowest layer, so the content layer (beoordeling, the diagnostic), the student's work (export) and the
widgets (:mod:`wijklab.leerling.ui` re-exports these) share one converter. mistune is imported on first use.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _markdown():
    import mistune

    return mistune.create_markdown(escape=True, plugins=["strikethrough"])


def markdown(tekst: str) -> str:
    """Teacher-written Markdown to HTML; raw HTML in a bank is escaped, never executed."""
    return _markdown()(tekst or "").strip()


def inline(tekst: str) -> str:
    """Markdown for one line (option texts): without the surrounding <p>."""
    uit = markdown(tekst)
    if uit.startswith("<p>") and uit.endswith("</p>") and uit.count("<p>") == 1:
        uit = uit[3:-4]
    return uit


def platte_tekst(tekst: str) -> str:
    """Markdown as plain text, for labels of radio buttons, checkboxes and lists (they show no HTML)."""
    return html.unescape(re.sub(r"<[^>]+>", "", inline(tekst))).strip()
