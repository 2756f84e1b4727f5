"""The readable bibliography: docs/bibliografie.md generated from docs/bibliografie.yaml, and citations.

docs/bibliografie.yaml stays the one source. This module

* writes docs/bibliografie.md (alphabetical by author, full references, an HTML anchor per key),
  so that a citation link ``[Auteur (jaar)](../docs/bibliografie.md#sleutel)`` lands on its entry
  in JupyterLab, on GitHub and in a browser;
* converts the old citation form ``[@sleutel]`` / ``[@a; @b]`` into such links (``zet_om``), for
  notebooks (Markdown cells) and Markdown files.

Command line::

    python -m wijklab bibliografie                       # rewrite docs/bibliografie.md
    python -m wijklab bibliografie --controleer           # exit 1 when docs/bibliografie.md is out of date
    python -m wijklab bibliografie --omzetten PAD ...     # rewrite [@sleutel] in notebooks / .md files
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

from wijklab.inhoud.bank import BankFout, Bronvermelding, bibliografie, bibliografie_bestand

KOP = """# Bibliografie

<!-- Dit bestand wordt gemaakt uit bibliografie.yaml. Pas het niet met de hand aan, maar wijzig
     bibliografie.yaml en voer daarna uit: python -m wijklab bibliografie -->

Alle bronnen van de cursus, alfabetisch op auteur. In de notebooks verwijst een bronvermelding
zoals *Platform31 (2017)* naar de beschrijving hieronder. Bij elke bron staat waar je hem kunt
vinden; staat er alleen een kopie op een documentensite, dan zeggen we dat erbij.
"""

_NAAM = r"[A-Z][\w'’-]*(?: [A-Za-z][\w'’-]*)*"
_INITIALEN = r"(?:[A-Z]\.)+"
_PERSOON = rf"{_NAAM}, {_INITIALEN}"
_PERSONEN = re.compile(rf"{_PERSOON}(?:, {_PERSOON})*(?: & {_PERSOON})?")


def md_bestand() -> Path:
    return bibliografie_bestand().with_suffix(".md")


def korte_auteur(auteur: str) -> str:
    """How an author is cited in the text: surnames only, 'e.a.' from three persons on.

    >>> korte_auteur("Kleinhans, R., Veldboer, L. & Duyvendak, J.W.")
    'Kleinhans e.a.'
    >>> korte_auteur("Musterd, S. & Andersson, R.")
    'Musterd & Andersson'
    >>> korte_auteur("RIGO / In.Fact Research / Circusvis, in opdracht van Aedes")
    'RIGO / In.Fact Research / Circusvis'
    """
    a = re.sub(r"\s*\([^)]*\)\s*$", "", auteur.strip())  # "Dorigo, M. & Leidelmeijer, K. (RIGO)"
    if _PERSONEN.fullmatch(a):
        namen = re.findall(rf"({_NAAM}), {_INITIALEN}", a)
        if len(namen) == 1:
            return namen[0]
        if len(namen) == 2:
            return f"{namen[0]} & {namen[1]}"
        return f"{namen[0]} e.a."
    return re.split(r",\s*in opdracht van\b", a)[0].strip()


def kort(bron: Bronvermelding, bronnen: dict[str, Bronvermelding] | None = None) -> str:
    """'Auteur (jaar)' as it appears in the text; 'Platform31 (2017a)' when two entries would look alike."""
    basis = f"{korte_auteur(bron.auteur)} ({bron.jaar})"
    bronnen = bibliografie() if bronnen is None else bronnen
    gelijk = sorted((b for b in bronnen.values() if f"{korte_auteur(b.auteur)} ({b.jaar})" == basis),
                    key=lambda b: b.titel.lower())
    if len(gelijk) < 2:
        return basis
    letter = "abcdefghijklmnopqrstuvwxyz"[[id(b) for b in gelijk].index(id(bron))]
    jaar = f"{bron.jaar}{letter}" if bron.jaar != "z.j." else f"z.j.-{letter}"
    return f"{korte_auteur(bron.auteur)} ({jaar})"


def _sorteersleutel(item: tuple[str, Bronvermelding]):
    sleutel, bron = item
    naam = unicodedata.normalize("NFKD", bron.auteur).encode("ascii", "ignore").decode().lower()
    naam = re.sub(r"^(van de |van der |van |de )", "", naam)  # Van Gent under G, as in Dutch lists
    jaar = bron.jaar if isinstance(bron.jaar, int) else 9999
    return (naam, jaar, bron.titel.lower(), sleutel)


def _md_tekst(tekst: str) -> str:
    """YAML text inside Markdown: no accidental emphasis from * or _ at word edges."""
    return tekst.replace("*", r"\*")


def volledig(sleutel: str, bron: Bronvermelding, bronnen: dict[str, Bronvermelding] | None = None) -> str:
    """The full reference of one entry, in Markdown, with its anchor in front."""
    jaar = kort(bron, bronnen).rsplit("(", 1)[1].rstrip(")") if bronnen is not None else bron.jaar
    delen = [f'<a id="{sleutel}"></a>{_md_tekst(bron.auteur)} ({jaar}). *{_md_tekst(bron.titel).rstrip(".")}*.']
    if bron.uitgever:
        delen.append(_md_tekst(bron.uitgever).rstrip(".") + ".")
    if bron.url:
        delen.append(f"<{bron.url}>")
    regel = " ".join(delen)
    if bron.toelichting:
        regel += f"<br>\n  {_md_tekst(bron.toelichting)}"
    return regel


def maak_markdown(bronnen: dict[str, Bronvermelding] | None = None) -> str:
    """The complete text of docs/bibliografie.md."""
    bronnen = bibliografie() if bronnen is None else bronnen
    regels = [KOP]
    for sleutel, bron in sorted(bronnen.items(), key=_sorteersleutel):
        regels.append(f"- {volledig(sleutel, bron, bronnen)}")
    return "\n".join(regels) + "\n"


def schrijf_markdown() -> Path:
    doel = md_bestand()
    doel.write_text(maak_markdown(), encoding="utf-8")
    return doel


# --- citations in the text -------------------------------------------------------------------

_GROEP = re.compile(r"\[((?:[^\[\]`]*?)@[^\[\]`]*?)\]")
_SLEUTEL = re.compile(r"(?<![\w.@])-?@([A-Za-z0-9_][A-Za-z0-9_:.-]*[A-Za-z0-9_]|[A-Za-z0-9_])")
_CODE = re.compile(r"(^(```|~~~).*?^\2[^\n]*$|`[^`\n]*`)", re.S | re.M)


def link(sleutel: str, prefix: str = "../docs/", bronnen: dict | None = None) -> str:
    """``[Auteur (jaar)](prefix + bibliografie.md#sleutel)``; a KeyError for an unknown key."""
    bronnen = bibliografie() if bronnen is None else bronnen
    return f"[{kort(bronnen[sleutel], bronnen)}]({prefix}bibliografie.md#{sleutel})"


def zet_om(tekst: str, prefix: str = "../docs/", bronnen: dict | None = None) -> str:
    """Replace every ``[@sleutel]`` and ``[@a; @b]`` outside code by readable citation links.

    One key gives ``[Auteur (jaar)](…#sleutel)``; several keys in one bracket give one
    parenthesis with semicolons: ``([A (2018)](…#a); [B (2020)](…#b))``.
    """
    bronnen = bibliografie() if bronnen is None else bronnen

    def groep(m: re.Match) -> str:
        sleutels = _SLEUTEL.findall(m.group(1))
        if not sleutels:
            return m.group(0)
        onbekend = [s for s in sleutels if s not in bronnen]
        if onbekend:
            raise BankFout(f"Bron(nen) {', '.join(onbekend)} staan niet in {bibliografie_bestand()}.")
        links = [link(s, prefix, bronnen) for s in sleutels]
        return links[0] if len(links) == 1 else "(" + "; ".join(links) + ")"

    stukken = _CODE.split(tekst)
    uit = []
    # re.split with two groups yields: text, code, inner-fence-marker, text, ...
    i = 0
    while i < len(stukken):
        uit.append(_GROEP.sub(groep, stukken[i]))
        if i + 1 < len(stukken):
            uit.append(stukken[i + 1] or "")
        i += 3
    return "".join(uit)


_CITAATLINK = re.compile(r"\[(?!\*)([^\[\]]*)\]\(((?:\.\./docs/)?)bibliografie\.md#([a-z0-9_]+)\)")


_LEESJAAR = re.compile(r"\((\d{4}[a-z]?|z\.j\.(?:-[a-z])?)\)\. (\[\*[^\[\]]*\]\((?:\.\./docs/)?bibliografie\.md#([a-z0-9_]+)\))")


def werk_bij(tekst: str, bronnen: dict | None = None) -> str:
    """Rewrite the text of every short citation link from the YAML (after an author or year changed),
    and the year (with its a/b letter) in front of every title link of a reading list."""
    bronnen = bibliografie() if bronnen is None else bronnen
    tekst = _CITAATLINK.sub(lambda m: f"[{kort(bronnen[m.group(3)], bronnen)}]({m.group(2)}bibliografie.md#{m.group(3)})"
                            if m.group(3) in bronnen else m.group(0), tekst)
    return _LEESJAAR.sub(lambda m: f"({kort(bronnen[m.group(3)], bronnen).rsplit('(', 1)[1]}. {m.group(2)}"
                         if m.group(3) in bronnen else m.group(0), tekst)


def zet_bestand_om(pad: Path, bronnen: dict | None = None) -> bool:
    """Convert one notebook (Markdown cells) or Markdown file in place; True when it changed."""
    pad = Path(pad)
    docs = bibliografie_bestand().parent.resolve()
    prefix = "" if pad.resolve().parent == docs else "../docs/"
    if pad.suffix == ".ipynb":
        nb = json.loads(pad.read_text(encoding="utf-8"))
        veranderd = False
        for cel in nb["cells"]:
            if cel["cell_type"] != "markdown":
                continue
            oud = "".join(cel["source"]) if isinstance(cel["source"], list) else cel["source"]
            nieuw = werk_bij(zet_om(oud, prefix, bronnen), bronnen)
            if nieuw != oud:
                cel["source"] = nieuw.splitlines(keepends=True)
                veranderd = True
        if veranderd:
            pad.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return veranderd
    oud = pad.read_text(encoding="utf-8")
    nieuw = werk_bij(zet_om(oud, prefix, bronnen), bronnen)
    if nieuw != oud:
        pad.write_text(nieuw, encoding="utf-8")
    return nieuw != oud


def main_bibliografie(args: list[str]) -> int:
    try:
        if args and args[0] == "--controleer":
            if not md_bestand().exists() or md_bestand().read_text(encoding="utf-8") != maak_markdown():
                print(f"{md_bestand()} is niet bijgewerkt. Voer uit: python -m wijklab bibliografie", file=sys.stderr)
                return 1
            print(f"{md_bestand()} is bijgewerkt.")
            return 0
        if args and args[0] == "--omzetten":
            if len(args) < 2:
                print("Noem de bestanden die je wilt omzetten, bijvoorbeeld: "
                      "python -m wijklab bibliografie --omzetten notebooks/04_inclusieve_wijk.ipynb", file=sys.stderr)
                return 2
            for pad in args[1:]:
                if not Path(pad).is_file():
                    print(f"Het bestand {pad} bestaat niet.", file=sys.stderr)
                    return 1
                print(f"{pad}: {'omgezet' if zet_bestand_om(Path(pad)) else 'niets om te zetten'}")
            return 0
        if args:
            print(f"Onbekende optie '{args[0]}'. Gebruik --controleer of --omzetten PAD.", file=sys.stderr)
            return 2
        print(f"Geschreven: {schrijf_markdown()}")
        return 0
    except BankFout as e:
        print(str(e), file=sys.stderr)
        return 1


def leesregel(sleutel: str, prefix: str = "../docs/", bronnen: dict | None = None) -> str:
    """A full reference for a reading list (verder lezen); the title links to the bibliography entry."""
    bronnen = bibliografie() if bronnen is None else bronnen
    bron = bronnen[sleutel]
    jaar = kort(bron, bronnen).rsplit("(", 1)[1].rstrip(")")
    regel = f"{_md_tekst(bron.auteur)} ({jaar}). [*{_md_tekst(bron.titel).rstrip('.')}*]({prefix}bibliografie.md#{sleutel})."
    if bron.uitgever:
        regel += " " + _md_tekst(bron.uitgever).rstrip(".") + "."
    return regel


_LEESREGEL = re.compile(r"\{\{lees:([a-z0-9_]+)\}\}")


def vul_leesregels(tekst: str, prefix: str = "../docs/", bronnen: dict | None = None) -> str:
    """Replace ``{{lees:sleutel}}`` placeholders by full references (used when writing reading lists)."""
    return _LEESREGEL.sub(lambda m: leesregel(m.group(1), prefix, bronnen), tekst)
