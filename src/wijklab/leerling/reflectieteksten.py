"""What the reflection box says, in Dutch: its status lines, notes, offers and word counter.

HTML fragments only, made from a draft (:class:`wijklab.werk.concepten.Concept`) or a text; no widget
is built here (the box is :mod:`wijklab.leerling.reflectie`), so this imports no ipywidgets.
"""

from __future__ import annotations

import html

from wijklab.basis.grenzen import MAX_REFLECTIE_TEKENS
from wijklab.basis.taal import aantal, datum_nl, nl_getal
from wijklab.werk.concepten import Concept, tel_woorden

#: characters of a text quoted in an offer
CITAAT_TEKENS = 600

BEZET_NOOT = (
    "Je eerder opgeslagen tekst kan nu niet worden gelezen: het opslagbestand is even bezet door een ander "
    "notebook. Je tekst is niet weg. Er wordt zo opnieuw geprobeerd; het tekstvak gaat open zodra je tekst "
    "er weer staat. Gebeurt dat niet, voer deze cel dan over een paar seconden opnieuw uit."
)

STATUS_LEEG = '<span class="wl-status" role="status">nog niets geschreven</span>'
STATUS_LEEST = '<span class="wl-status" role="status">je tekst wordt gelezen …</span>'
STATUS_WACHT = '<span class="wl-status">… wordt zo opgeslagen</span>'


def beschrijf(tekst: str, tijd: str) -> str:
    """'54 woorden, 7 december 2026, 21:39' for a version of her text."""
    return html.escape(f"{aantal(tel_woorden(tekst), 'woord', 'woorden')}, {datum_nl(tijd)}")


def citaat(tekst: str) -> str:
    kort = tekst if len(tekst) <= CITAAT_TEKENS else tekst[:CITAAT_TEKENS].rsplit(" ", 1)[0] + " …"
    return html.escape(kort).replace("\n", "<br>")


def status_opgeslagen(concept: Concept) -> str:
    """The status line of a box that shows the saved draft ``concept``."""
    return (
        f'<span class="wl-status" role="status">✓ opgeslagen om {html.escape(concept.tijd[11:16])} '
        f"op {html.escape(concept.tijd[:10])}</span>"
    )


def aanbod_ander(tekst: str, tijd) -> str:
    """The offer of typing kept from another box when the kernel stopped."""
    return (
        "<p>Toen je notebook de vorige keer stopte, stond in een ander vak van deze reflectie nog tekst die niet "
        f"is opgeslagen, omdat er al nieuwere tekst was: {beschrijf(tekst, tijd)}. "
        "Wil je die tekst terugzetten? Wat nu in het vak staat, blijft als eerdere versie bewaard.</p>"
        f"<blockquote>{citaat(tekst)}</blockquote>"
    )


def aanbod_eerder(eerder: Concept) -> str:
    """The offer of an earlier, longer version of her text."""
    return (
        f"<p>Er is een eerdere versie van je tekst: {beschrijf(eerder.tekst, eerder.tijd)}. Terugzetten?</p>"
        f"<blockquote>{citaat(eerder.tekst)}</blockquote>"
    )


def nieuwer(concept: Concept, eigen: bool) -> tuple[str, str, str, str]:
    """(status line, note, yes button, no button) when newer text was saved elsewhere; ``eigen`` says
    whether this box holds her own typing (then she chooses) or not (then it only shows an older version)."""
    over = f"om {html.escape(concept.tijd[11:16])} op {html.escape(concept.tijd[:10])}"
    if eigen:
        return (
            f'<span class="wl-status" role="status">NIET opgeslagen als je antwoord: er is nieuwere tekst ({over}); kies hierboven</span>',
            "<p>Voor deze reflectie is intussen nieuwere tekst opgeslagen "
            f"({beschrijf(concept.tekst, concept.tijd)}), bijvoorbeeld in een ander tabblad of omdat deze cel "
            "nog een keer is uitgevoerd. Wat je hier typte, is daarom niet over die tekst heen gezet. Kies "
            "<b>Bewaar mijn tekst</b> of <b>Toon de nieuwere tekst</b> (je eigen tekst blijft dan hieronder "
            "staan).</p>",
            "Bewaar mijn tekst",
            "Toon de nieuwere tekst",
        )
    return (
        f'<span class="wl-status" role="status">dit vak toont een oudere versie; de nieuwere tekst is opgeslagen {over}</span>',
        "<p>Voor deze reflectie is nieuwere tekst opgeslagen "
        f"({beschrijf(concept.tekst, concept.tijd)}), bijvoorbeeld in een ander tabblad of omdat deze cel "
        "nog een keer is uitgevoerd. Dit vak toont een oudere versie en slaat die niet op, zodat de nieuwere "
        "tekst blijft staan.</p>",
        "Toon de nieuwere tekst",
        "",
    )


def reserve(tekst: str) -> str:
    """The note under a box that now shows newer text: what she had typed herself."""
    return (
        "<p>Het vak toont nu de nieuwere tekst. Dit had jij hier getypt (niet opgeslagen):</p>"
        f"<blockquote>{citaat(tekst)}</blockquote>"
    )


def teller(tekst: str, min_woorden: int | None) -> str:
    """The word counter under the box, with a warning when the text is too long to export."""
    doel = f" (richtlengte: {min_woorden})" if min_woorden else ""
    uit = f"<small>{aantal(tel_woorden(tekst), 'woord', 'woorden')}{doel}</small>"
    if len(tekst) > MAX_REFLECTIE_TEKENS:  # saved all the same; only the export refuses it
        uit += (
            f'<div class="wl-waarschuwing" role="alert">Je tekst is langer dan {nl_getal(MAX_REFLECTIE_TEKENS)} tekens '
            f"({nl_getal(len(tekst))}). Hij wordt wel bewaard, maar je kunt je portfolio pas exporteren als je "
            "hem korter maakt.</div>"
        )
    return uit


def modelknop(genoeg: bool, nodig: int) -> dict:
    """The model answer button's state: open once she wrote ``nodig`` words herself."""
    return {
        "uit": not genoeg,
        "tip": "Toon het modelantwoord" if genoeg else f"Schrijf eerst zelf minstens {nodig} woorden",
        "tekst": "Toon modelantwoord" if genoeg else f"Modelantwoord (na {nodig} woorden)",
    }
