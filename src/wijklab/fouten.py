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
