"""Builds the catalogues JupyterLab reads from the .po sources (see README.md), when the wheel is built.

For each domain: the official catalogue (catalogus/officieel/<domain>.po), with the course's
translations (catalogus/wijklab/<domain>.po) on top, written as
jupyterlab_language_pack_nl_NL/locale/nl_NL/LC_MESSAGES/<domain>.json (read by JupyterLab in the
browser) and <domain>.mo (read by the server). Nothing is written into an installed JupyterLab.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HIER = Path(__file__).resolve().parent
PAKKET = "jupyterlab_language_pack_nl_NL"
VERSIE = "4.5.post3+wijklab.1"


def _lees(pad: Path):
    from babel.messages.pofile import read_po

    with open(pad, "rb") as f:
        return read_po(f, locale="nl_NL", domain=pad.stem)


def catalogus(domein: str):
    """The official catalogue of one domain with the course's translations on top (they win)."""
    officieel, eigen = HIER / "catalogus" / "officieel" / f"{domein}.po", HIER / "catalogus" / "wijklab" / f"{domein}.po"
    cat = _lees(officieel) if officieel.is_file() else _lees(eigen)
    if officieel.is_file() and eigen.is_file():
        for bericht in _lees(eigen):
            if bericht.id and bericht.string and not bericht.fuzzy:
                # babel's Catalog keeps an existing string on assignment: remove it first
                cat.delete(bericht.id, context=bericht.context)
                cat[bericht.id] = bericht
    return cat


def jed(cat, domein: str) -> dict:
    """The JSON layout of the official pack: {"": metadata, "[context\\x04]msgid": [msgstr, ...]}."""
    data = {"": {"domain": domein, "language": "nl-NL", "plural_forms": "nplurals=2; plural=(n != 1);", "version": VERSIE}}
    for bericht in cat:
        if not bericht.id or not bericht.string or bericht.fuzzy:
            continue
        msgid = bericht.id[0] if isinstance(bericht.id, tuple) else bericht.id
        sleutel = f"{bericht.context}\x04{msgid}" if bericht.context else msgid
        data[sleutel] = list(bericht.string) if isinstance(bericht.string, tuple) else [bericht.string]
    return data


def bouw(doel: Path) -> list[Path]:
    import json

    from babel.messages.mofile import write_mo

    doel.mkdir(parents=True, exist_ok=True)
    domeinen = sorted({p.stem for p in (HIER / "catalogus").glob("*/*.po")})
    gemaakt = []
    for domein in domeinen:
        cat = catalogus(domein)
        (doel / f"{domein}.json").write_text(json.dumps(jed(cat, domein), ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        with open(doel / f"{domein}.mo", "wb") as f:
            write_mo(f, cat)
        gemaakt += [doel / f"{domein}.json", doel / f"{domein}.mo"]
    return gemaakt


class BouwCatalogi(build_py):
    def run(self):
        super().run()
        bouw(Path(self.build_lib) / PAKKET / "locale" / "nl_NL" / "LC_MESSAGES")


setup(cmdclass={"build_py": BouwCatalogi})
