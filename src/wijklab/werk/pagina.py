"""The pages the export and the class overview write: Jinja2 (autoescape, strict), Markdown in a cell,
text a web page can hold, and writing a file whole or not at all.

Safety: every string a student made (texts, the name) reaches the HTML only through Jinja2 with
autoescape on, and only as element text or inside a quoted attribute value that we build ourselves.
No scripts, no external resources. Characters a web page cannot hold (NUL and other control characters
except tab and line breaks, lone surrogates) are shown as U+FFFD (:func:`toonbaar`).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from wijklab.basis.taal import aantal, datum_nl, nl_getal_of_streep, nl_vast, procent, woord

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
VERVANGER = "\ufffd"

# control characters (except tab, LF, CR) and lone surrogates cannot be shown in a web page
_ONTOONBAAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def toonbaar(tekst: str) -> str:
    """Text a web page can hold: control characters and lone surrogates become U+FFFD."""
    return _ONTOONBAAR.sub(VERVANGER, tekst)


def ontoonbaar_aantal(tekst: str) -> int:
    return len(_ONTOONBAAR.findall(tekst))



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
    omgeving.filters["procent"] = procent
    omgeving.filters["getal"] = nl_vast
    omgeving.filters["nlgetal"] = nl_getal_of_streep
    omgeving.filters["md"] = markdown_inline
    omgeving.filters["aantal"] = aantal  # {{ n | aantal("woord", "woorden") }}
    omgeving.globals["woord"] = woord  # {{ woord(n, "staat", "staan") }}
    return omgeving


def markdown_inline(tekst: str | None):
    """A question's or an option's Markdown (*cursief*, **vet**, `code`) as inline HTML for a table cell or a
    heading, instead of the raw ``**…**``. Raw HTML in the text is escaped (:func:`wijklab.basis.markdown.markdown`); links and
    images are dropped to their text, so a page never loads or points anywhere a text put in it."""
    from markupsafe import Markup

    from wijklab.basis.markdown import markdown

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
