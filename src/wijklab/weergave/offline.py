"""The course without Jupyter: static HTML pages, and notebooks that reopen without widget errors.

    python3 cursus.py html            # -> cursus_html/index.html (git-ignored)
    python -m wijklab.weergave.offline [MAP]

`bouw_cursus` writes every notebook (run in a fresh kernel, with an EMPTY temporary store, so the
pages never show a student's answers and never depend on what is in her store) with
`wijklab.weergave.charts.exporteer_html`: each quiz and reflection as its static text (question and options,
never the answer), each chart drawn from ONE shared ``notebooks/plotly.min.js``. The glossary and the
bibliography become HTML pages with their anchors; links between notebooks and docs point at the
.html pages. Layout of the folder::

    index.html                 the table of contents
    notebooks/NN_*.html        the notebooks (+ plotly.min.js, shared)
    docs/begrippenlijst.html   the glossary (anchor per term)
    docs/bibliografie.html     the bibliography (anchor per key; from bibliografie.md, or from the YAML)

`bewaar_zonder_widgets` is the Jupyter server's pre-save hook (see jupyter/jupyter_server_config.py).
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
from pathlib import Path

#: the note that replaces a question in a saved notebook, until its cell runs again
HERVAT_NOTITIE = "Voer deze cel uit om verder te gaan; je antwoorden zijn bewaard."
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
#: the class in the text/html of the place where a prediction's chart appears (quizwidgets.Onthulling)
ONTHULLING_PLEK = "wl-onthulling-plek"
_OPEN_IN_LAB = re.compile(r"<p><em>Open dit notebook in JupyterLab[^<]*</em></p>")

# --------------------------------------------------------------------------- pre-save hook


def _tekst(waarde) -> str:
    return "".join(waarde) if isinstance(waarde, list) else str(waarde or "")


def hervat_html(fallback_html: str) -> str:
    """The saved form of a course question: the Dutch note, then the question as static text."""
    vraag = _OPEN_IN_LAB.sub("", fallback_html)
    return (
        '<div class="wl-hervat" role="note" style="border-left:4px solid #8a5a00;padding:0.3em 0.8em;'
        'background:#fff4e0;color:#5c3b00;margin:0.3em 0">'
        f"<p><strong>{html.escape(HERVAT_NOTITIE)}</strong></p></div>{vraag}"
    )


def zonder_widgets(notebook: dict) -> int:
    """Replace every widget view whose model a reopened notebook cannot have (no widget state saved in
    the notebook's metadata) by the Dutch note; a course block (its text/html fallback has class
    ``wl-``) keeps its question text under the note. Returns how many outputs were replaced."""
    staat = (((notebook.get("metadata") or {}).get("widgets") or {})
             .get("application/vnd.jupyter.widget-state+json") or {}).get("state") or {}
    vervangen = 0
    for cel in notebook.get("cells", []) or []:
        if cel.get("cell_type") != "code":
            continue
        blijven = []
        for uit in cel.get("outputs", []) or []:
            data = uit.get("data") or {}
            view = data.get(WIDGET_MIME)
            if view is None or (isinstance(view, dict) and view.get("model_id") in staat):
                blijven.append(uit)
                continue
            vervangen += 1
            terugval = _tekst(data.get("text/html"))
            if ONTHULLING_PLEK in terugval:  # the place of a prediction's chart: filled again when the cell runs
                continue
            blijven.append(uit)
            if 'class="wl-' in terugval or "class='wl-" in terugval:
                uit["data"] = {"text/html": hervat_html(terugval), "text/plain": HERVAT_NOTITIE}
            else:
                uit["data"] = {"text/html": hervat_html(""), "text/plain": HERVAT_NOTITIE}
        if "outputs" in cel:
            cel["outputs"] = blijven
    return vervangen


def bewaar_zonder_widgets(model=None, **_kwargs) -> None:
    """Jupyter server pre-save hook (``ContentsManager.pre_save_hook``): a notebook is written to disk
    without the live widget views of the course's questions. JupyterLab keeps showing the live widget
    while the kernel runs; a notebook reopened with a new kernel shows the Dutch note and the question
    text instead of "Error displaying widget: model not found"."""
    if not isinstance(model, dict) or model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    zonder_widgets(model["content"])


# --------------------------------------------------------------------------- Markdown pages

_PAGINA = """<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{titel}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.55;
       color: #1a1a1a; background: #fff; margin: 0; }}
main {{ max-width: 48em; margin: 0 auto; padding: 1em 1.2em 3em; }}
nav {{ max-width: 48em; margin: 0 auto; padding: 0.8em 1.2em 0; }}
a {{ color: #0b4f9c; text-decoration: underline; }}
code {{ background: #f3f3f3; padding: 0 0.2em; }}
h1, h2, h3 {{ line-height: 1.25; }}
</style>
</head>
<body>
<nav aria-label="Cursus"><a href="{thuis}">Inhoud van de cursus</a></nav>
<main>
{inhoud}
</main>
</body>
</html>
"""


def anker(kop: str) -> str:
    """The anchor of a heading, as the course links to it: lower case, spaces as hyphens."""
    tekst = html.unescape(re.sub(r"<[^>]+>", "", kop)).strip().lower()
    return re.sub(r"\s+", "-", tekst)


def _markdown_html(tekst: str) -> str:
    import mistune

    class Koppen(mistune.HTMLRenderer):
        def heading(self, text, level, **attrs):
            return f'<h{level} id="{html.escape(anker(text), quote=True)}">{text}</h{level}>\n'

    # the course's own documents: their raw HTML (e.g. an anchor per bibliography key) is kept
    md = mistune.create_markdown(renderer=Koppen(escape=False), plugins=["strikethrough", "table"])
    return md(tekst)


def _herschrijf_links(body: str, bestaand: set[str]) -> str:
    """Links to notebooks and Markdown files of the course point at their .html pages."""

    def vervang(m: re.Match) -> str:
        attr, doel = m.group(1), html.unescape(m.group(2))
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^//", doel):
            return m.group(0)
        pad, _, frag = doel.partition("#")
        naam = Path(pad).name
        stam, ext = os.path.splitext(naam)
        if ext in (".ipynb", ".md") and stam in bestaand:
            pad = pad[: len(pad) - len(ext)] + ".html"
        elif naam == "bibliografie.yaml" and "bibliografie" in bestaand:
            pad = pad[: -len(".yaml")] + ".html"
        else:
            return m.group(0)
        nieuw = pad + (f"#{frag}" if frag else "")
        return f'{attr}="{html.escape(nieuw, quote=True)}"'

    return re.sub(r'(href)="([^"]*)"', vervang, body)


def _bibliografie_markdown(cursus: Path) -> str:
    """docs/bibliografie.md when it exists; else a simple list made from docs/bibliografie.yaml."""
    md = cursus / "docs" / "bibliografie.md"
    if md.is_file():
        return md.read_text(encoding="utf-8")
    from wijklab.inhoud.bank import BankFout, bibliografie

    regels = ["# Bibliografie", ""]
    try:
        bib = bibliografie()
    except BankFout:
        bib = {}
    for sleutel, b in sorted(bib.items(), key=lambda kv: kv[1].kort.lower()):
        titel = html.escape(b.titel)
        link = f' <a href="{html.escape(b.url, quote=True)}">{html.escape(b.url)}</a>' if b.url else ""
        regels.append(f'<p id="{html.escape(sleutel, quote=True)}">{html.escape(b.kort)}, <i>{titel}</i>.{link}</p>')
    return "\n".join(regels) + "\n"


def _titel(md_of_html: str, standaard: str) -> str:
    m = re.search(r"^#\s+(.+)$", md_of_html, re.M)
    return m.group(1).strip() if m else standaard


# --------------------------------------------------------------------------- the whole course


def bouw_cursus(doel: Path | str, cursus: Path | str | None = None, *, timeout: int = 300, melden=print) -> Path:
    """Write the whole course as static HTML into `doel` (see the module doc). Returns index.html.

    The notebooks run with an empty temporary WIJKLAB_WERKMAP: whatever is in the student's store
    (a committed prediction, a half-written reflection) neither shows up nor can break the export.
    """
    from wijklab.weergave.charts import exporteer_html
    from wijklab.basis.paden import CURSUS_VAR, WERK_VAR, cursus_map

    cursus = Path(cursus).resolve() if cursus else cursus_map()
    doel = Path(doel).resolve()
    (doel / "notebooks").mkdir(parents=True, exist_ok=True)
    (doel / "docs").mkdir(parents=True, exist_ok=True)
    notebooks = sorted((cursus / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    docs = {"begrippenlijst": (cursus / "docs" / "begrippenlijst.md").read_text(encoding="utf-8")
            if (cursus / "docs" / "begrippenlijst.md").is_file() else "# Begrippenlijst\n",
            "bibliografie": _bibliografie_markdown(cursus)}
    bestaand = {p.stem for p in notebooks} | set(docs)

    oud = {k: os.environ.get(k) for k in (CURSUS_VAR, WERK_VAR)}
    inhoud = []
    with tempfile.TemporaryDirectory(prefix="wijklab-html-") as leeg:
        os.environ[CURSUS_VAR] = str(cursus)
        os.environ[WERK_VAR] = leeg
        try:
            for nb in notebooks:
                melden(f"[cursus] {nb.name} …")
                pad = exporteer_html(nb, doel / "notebooks", timeout=timeout)
                body = pad.read_text(encoding="utf-8")
                body = re.sub(r'<html lang="[^"]*"', '<html lang="nl"', body, count=1)
                pad.write_text(_herschrijf_links(body, bestaand), encoding="utf-8")
                bron = json.loads(nb.read_text(encoding="utf-8"))
                eerste = next(("".join(c["source"]) for c in bron["cells"] if c["cell_type"] == "markdown"), "")
                inhoud.append((f"notebooks/{pad.name}", _titel(eerste, nb.stem)))
        finally:
            for k, v in oud.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    for naam, tekst in docs.items():
        body = _herschrijf_links(_markdown_html(tekst), bestaand)
        titel = html.escape(_titel(tekst, naam.capitalize()))
        (doel / "docs" / f"{naam}.html").write_text(
            _PAGINA.format(titel=titel, thuis="../index.html", inhoud=body), encoding="utf-8")
        inhoud.append((f"docs/{naam}.html", _titel(tekst, naam.capitalize())))
    lijst = "\n".join(f'<li><a href="{html.escape(h, quote=True)}">{html.escape(t)}</a></li>' for h, t in inhoud)
    index = doel / "index.html"
    index.write_text(_PAGINA.format(
        titel="Wijklab: de cursus offline", thuis="index.html",
        inhoud=("<h1>Wijklab: van gemengde wijk naar inclusieve wijk</h1>\n"
                "<p>De hele cursus om te lezen, ook zonder internet. De vragen staan er als tekst; "
                "antwoorden en opslaan kan alleen in JupyterLab (<code>python3 cursus.py</code>).</p>\n"
                f"<ul>\n{lijst}\n</ul>")), encoding="utf-8")
    return index


def main(argv: list[str] | None = None) -> int:
    """``python -m wijklab.weergave.offline [MAP]``: the course as HTML in MAP (default: cursus_html/)."""
    import sys

    from wijklab.basis.fouten import CursusFout
    from wijklab.basis.paden import cursus_map

    from wijklab.basis.opdrachtregel import lees

    def opties(parser) -> None:
        parser.add_argument("map", metavar="MAP", nargs="?", type=Path,
                            help="de map voor de HTML-pagina's (standaard: cursus_html/ in de cursusmap)")

    gekozen = lees("python3 cursus.py html", opties, argv,
                   beschrijving="Schrijf de hele cursus als HTML-pagina's, om te lezen zonder JupyterLab en zonder internet.")
    doel = gekozen.map or cursus_map() / "cursus_html"
    try:
        index = bouw_cursus(doel)
    except (CursusFout, OSError) as e:
        print(f"[cursus] De HTML-versie kon niet worden gemaakt: {e}", file=sys.stderr)
        return 1
    print(f"[cursus] Klaar. Open {index} in je browser (werkt ook zonder internet).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
