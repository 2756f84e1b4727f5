"""One base for errors whose Dutch message is meant for a student or teacher."""

from __future__ import annotations


class CursusFout(Exception):
    """An error with a Dutch message that says what to do.

    In a notebook IPython shows just the message (via ``_render_traceback_``), never a traceback.
    """

    def __init__(self, bericht: str):
        super().__init__(bericht)
        self.bericht = bericht

    def __str__(self) -> str:  # KeyError subclasses would otherwise show the message in quotes
        return self.bericht

    def _render_traceback_(self) -> list[str]:
        return [f"\x1b[1;31mLet op:\x1b[0m {self.bericht}"]


#: Dutch for pydantic's error kinds, completing "veld 'x' ..." (shared by banks and class overview)
PYDANTIC_NL = {
    "missing": "ontbreekt",
    "extra_forbidden": "is onbekend",
    "literal_error": "heeft een waarde die niet is toegestaan",
    "string_type": "moet tekst zijn",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "float_type": "moet een getal zijn",
    "float_parsing": "moet een getal zijn",
    "list_type": "moet een lijst zijn",
    "model_type": "moet een object zijn",
    "dict_type": "moet een object zijn",
    "datetime_type": "moet een datum en tijd zijn",
    "datetime_from_date_parsing": "moet een datum en tijd zijn",
    "datetime_parsing": "moet een datum en tijd zijn",
    "greater_than_equal": "is te klein",
    "less_than_equal": "is te groot",
    "string_pattern_mismatch": "heeft een ongeldige vorm",
    "string_too_short": "is leeg",
    "string_too_long": "is te lang",
}


def veld_pad(loc) -> str:
    """pydantic's location of an error as a teacher reads it: 'vragen.2.opties' (lists counted from 1)."""
    return ".".join(str(x + 1) if isinstance(x, int) else str(x) for x in loc) or "(geheel)"


def pydantic_nl(fout: dict, eigen: dict | None = None, anders: str = "heeft een ongeldige waarde") -> str:
    """Dutch for one pydantic error, completing "veld 'x' ..." (``eigen`` adds or overrides wordings);
    never pydantic's English text. The one translation for banks and the class overview."""
    soort = fout["type"]
    return (eigen or {}).get(soort) or PYDANTIC_NL.get(soort) or anders
