"""Own words: no notebook copies 12 or more consecutive words of the seed text outside quotation marks.

The seed text (Platform31 / Kennis van Stad en Regio, *Organische wijkaanpak*) is not ours to
redistribute, so the repository keeps only fingerprints of it: the SHA-1 (first 16 hex digits) of every
run of 12 consecutive words, normalised (lower case, links reduced to their text, punctuation dropped).
`tests/brontekst_12woorden.txt` holds them; rebuild it with

    python tests/test_eigen_woorden.py ../shared/bronnen/seed/organische_wijkaanpak.txt

A quotation in double quotes ("…", “…”, „…”), a blockquote line (> …) or an italic title (*…*) is
allowed: the check removes those before it compares.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

import pytest

from conftest import COURSE_ROOT

LENGTE = 12
VINGERAFDRUKKEN = Path(__file__).with_name("brontekst_12woorden.txt")
SEED = COURSE_ROOT.parent / "shared" / "bronnen" / "seed" / "organische_wijkaanpak.txt"
SCHEIDING = "§"  # stands where a quote was removed, so a run cannot jump over it

_CITAAT = re.compile(r'"[^"\n]*"|“[^”]*”|„[^”“]*[”“]|^\s*>.*$', re.M)
_CURSIEF = re.compile(r"(?<![*\w])\*(?!\*)[^*\n]+(?<!\*)\*(?![*\w])")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def woorden(tekst: str) -> list[str]:
    """The words of a text, lower case; SCHEIDING stays as a word of its own."""
    tekst = _LINK.sub(r"\1", tekst)
    return re.findall(rf"[\w’']+|{SCHEIDING}", tekst.lower().replace("’", "'"))


def zonder_citaten(tekst: str) -> str:
    """Markdown with quotations, blockquotes and italic titles replaced by a separator."""
    tekst = _LINK.sub(r"\1", tekst)
    tekst = _CITAAT.sub(f" {SCHEIDING} ", tekst)
    return _CURSIEF.sub(f" {SCHEIDING} ", tekst)


def vingerafdruk(reeks: list[str]) -> str:
    return hashlib.sha1(" ".join(reeks).encode("utf-8")).hexdigest()[:16]


def reeksen(ws: list[str]) -> list[tuple[int, str]]:
    """(position, fingerprint) of every run of LENGTE words without a separator in it."""
    uit = []
    for i in range(len(ws) - LENGTE + 1):
        reeks = ws[i:i + LENGTE]
        if SCHEIDING not in reeks:
            uit.append((i, vingerafdruk(reeks)))
    return uit


def gedeelde_reeksen(tekst: str, afdrukken: set[str]) -> list[str]:
    """The stretches of `tekst` (outside quotations) that share LENGTE or more consecutive words with the seed."""
    ws = woorden(zonder_citaten(tekst))
    treffers = [i for i, v in reeksen(ws) if v in afdrukken]
    stukken, begin, eind = [], None, None
    for i in treffers:
        if begin is not None and i <= eind:
            eind = i + LENGTE
            continue
        if begin is not None:
            stukken.append(" ".join(ws[begin:eind]))
        begin, eind = i, i + LENGTE
    if begin is not None:
        stukken.append(" ".join(ws[begin:eind]))
    return stukken


def lees_afdrukken() -> set[str]:
    return {r.strip() for r in VINGERAFDRUKKEN.read_text(encoding="utf-8").splitlines()
            if r.strip() and not r.startswith("#")}


def maak_afdrukken(seed: str) -> list[str]:
    return sorted({v for _, v in reeksen(woorden(seed))})


def markdown_van(nb: Path) -> list[tuple[str, str]]:
    data = json.loads(nb.read_text(encoding="utf-8"))
    uit = []
    for i, c in enumerate(data["cells"], start=1):
        if c["cell_type"] == "markdown":
            src = c["source"] if isinstance(c["source"], str) else "".join(c["source"])
            uit.append((f"cel {i}", src))
    return uit


NOTEBOOKS = sorted((COURSE_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

# A paragraph of notebook 04 as it was before issue 26: it followed the seed for 20 words.
OUDE_TEKST_04 = (
    "Toch ging de verschuiving naar het individu ('achter de voordeur') volgens Platform31 ten koste van "
    "de aandacht van gemeenten, corporaties en instellingen voor de leefbaarheid en het leefklimaat in het "
    "**publieke domein**: de straat, het plein, het portiek, de buurt als geheel."
)


def test_fingerprints_exist():
    afdrukken = lees_afdrukken()
    assert len(afdrukken) > 500, "tests/brontekst_12woorden.txt is (bijna) leeg"
    assert NOTEBOOKS, "geen notebooks gevonden"


def test_fingerprints_match_the_seed():
    """Where the shared research folder is present, the fingerprints are those of the seed text."""
    if not SEED.is_file():
        pytest.skip(f"{SEED} niet aanwezig")
    assert set(maak_afdrukken(SEED.read_text(encoding="utf-8"))) == lees_afdrukken(), (
        "De vingerafdrukken horen niet bij de brontekst. Voer uit: python tests/test_eigen_woorden.py " + str(SEED))


def test_check_finds_a_copied_run():
    """The check fails on the paragraph of notebook 04 as it was, and accepts it as a quotation."""
    afdrukken = lees_afdrukken()
    gevonden = gedeelde_reeksen(OUDE_TEKST_04, afdrukken)
    assert gevonden and len(gevonden[0].split()) >= 20, gevonden
    geciteerd = OUDE_TEKST_04.replace("ten koste van de aandacht", '"ten koste van de aandacht').replace(
        "in het **publieke", 'in het" **publieke')
    assert gedeelde_reeksen(geciteerd, afdrukken) == []


def test_check_ignores_italic_titles_and_blockquotes():
    """Two titles in a row share 12 words with the seed; in italics (as titles) they are allowed."""
    afdrukken = lees_afdrukken()
    kaal = "De essays Stedelijke vernieuwing op uitnodiging (2014) en Steden van waarde (2015) van Platform31."
    assert gedeelde_reeksen(kaal, afdrukken)
    cursief = "De essays *Stedelijke vernieuwing op uitnodiging* (2014) en *Steden van waarde* (2015) van Platform31."
    assert gedeelde_reeksen(cursief, afdrukken) == []
    assert gedeelde_reeksen("> " + kaal, afdrukken) == []


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_uses_own_words(nb):
    afdrukken = lees_afdrukken()
    problemen = [f"{waar}: …{stuk}…" for waar, tekst in markdown_van(nb) for stuk in gedeelde_reeksen(tekst, afdrukken)]
    assert not problemen, (
        f"{nb.name} neemt {LENGTE} of meer woorden achter elkaar over uit de brontekst, zonder aanhalingstekens:\n"
        + "\n".join(problemen)
        + "\nSchrijf het in eigen woorden, of citeer kort tussen aanhalingstekens met de bron erbij.")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("Gebruik: python tests/test_eigen_woorden.py PAD/NAAR/organische_wijkaanpak.txt")
    regels = maak_afdrukken(Path(sys.argv[1]).read_text(encoding="utf-8"))
    VINGERAFDRUKKEN.write_text(
        "# SHA-1 (16 tekens) van elke reeks van 12 woorden uit de brontekst; zie tests/test_eigen_woorden.py\n"
        + "\n".join(regels) + "\n", encoding="utf-8")
    print(f"{VINGERAFDRUKKEN}: {len(regels)} vingerafdrukken")
