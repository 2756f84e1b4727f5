"""Hostile student text, a tiny course to push it through, and a checker for the HTML that comes out.

Used by test_export.py and test_klas.py; other tests may import it too (``from hostile import ...``).
"""

from __future__ import annotations

import html.parser
from dataclasses import dataclass, field
from pathlib import Path

from wijklab.basis.grenzen import MAX_REFLECTIE_TEKENS

#: the longest reflection an export may hold, with markup characters in it, so escaping has real work to do
LANG = ("Wijk & buurt <b>vet</b> \"quote\" 'apostrof' ë ï é ĳ 🏘️\n" * 3_000)[:MAX_REFLECTIE_TEKENS]

#: name -> text; every one must come back escaped and intact (see :func:`verwacht_in_html`)
CORPUS: dict[str, str] = {
    "script": "<script>alert(1)</script>",
    "script_hoofdletters": "<SCRIPT SRC=//x.invalid/a.js></SCRIPT>",
    "attribuut_uitbraak": '"><img src=x onerror=alert(1)>',
    "attribuut_enkel": "'><svg onload=alert(1)>",
    "textarea_sluit": "</textarea><script>alert(2)</script>",
    "style_sluit": "</style><script>alert(3)</script>",
    "title_sluit": "</title><script>alert(4)</script>",
    "javascript_url": '<a href="javascript:alert(1)">klik</a> javascript:alert(1)',
    "jinja": "{{ 7*7 }} {% for x in range(3) %}x{% endfor %} {# c #}",
    "entiteiten": "&lt;script&gt; &amp; &#60;b&#62; &nbsp;",
    "commentaar": "<!-- --> <![CDATA[ x ]]>",
    "nul": "voor\x00na",
    "besturingstekens": "a\x01b\x08c\x0bd\x1fe\x7ff\x85g",
    "rtl_override": "normaal \u202eesrever\u202c weer normaal",
    "emoji": "🏘️ wijk 👩🏽‍🤝‍👨🏿 buren 🇳🇱",
    "diacrieten": "ë ï é ĳ Ĳsselmeer café coördinatie reünie",
    "regels": "eerste regel\n\n  ingesprongen\tmet tab\nlaatste",
    "lang": LANG,
}

#: not storable in SQLite as UTF-8 (see test_export.test_lone_surrogate_*)
LOS_SURROGAAT = "half emoji \ud83c en verder"

#: a name that tries everything at once
VIJANDIGE_NAAM = '"><script>alert("naam")</script>\u202e Ĳsbrand 🏘️ {{ 7*7 }}\x00'


def verwacht_in_html(tekst: str) -> str:
    """What the HTML must show for ``tekst``: the same, with characters a page cannot hold as U+FFFD
    and line ends normalised to LF (as every HTML parser, and Python's text-mode reading, do)."""
    from wijklab.werk.export import toonbaar

    return toonbaar(tekst).replace("\r\n", "\n").replace("\r", "\n")


# --- a tiny course ----------------------------------------------------------------------------

BANK_01 = """\
notebook: 01_gemengde_wijk
titel: De gemengde wijk
vragen:
  - id: 01-jaartal
    type: enkelvoudig
    bloom: onthouden
    vraag: Een **fictieve** vraag voor de test?
    opties:
      - tekst: ja
        juist: true
        feedback: Goed.
      - tekst: nee
        feedback: Niet goed.
    uitleg: Testuitleg.
  - id: 01-schatting
    type: voorspel
    bloom: begrijpen
    vraag: Schat een fictief percentage.
    antwoord: 30
    marge: 3
    uitleg: Testuitleg.
reflecties:
  - id: 01-eigen-buurt
    bloom: evalueren
    vraag: Beschrijf een buurt die je kent.
    min_woorden: 50
"""

BANK_02 = """\
notebook: 02_de_breuk
titel: De breuk
vragen:
  - id: 02-volgorde
    type: volgorde
    bloom: begrijpen
    vraag: Zet deze fictieve gebeurtenissen in volgorde.
    items:
      - tekst: eerste
      - tekst: tweede
      - tekst: derde
    feedback_fout: Nog niet goed.
    uitleg: Testuitleg.
reflecties:
  - id: 02-inclusief
    bloom: analyseren
    vraag: Wat maakt een wijk inclusief?
"""


def maak_cursus(root: Path, monkeypatch, werk: str = "werk") -> Path:
    """A course folder with two banks; point WIJKLAB_CURSUS and WIJKLAB_WERKMAP at it; clear caches."""
    from wijklab.inhoud import bank

    (root / "notebooks" / "vragen").mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    (root / "notebooks" / "vragen" / "01_gemengde_wijk.yaml").write_text(BANK_01, encoding="utf-8")
    (root / "notebooks" / "vragen" / "02_de_breuk.yaml").write_text(BANK_02, encoding="utf-8")
    (root / "docs" / "bibliografie.yaml").write_text("{}\n", encoding="utf-8")
    monkeypatch.setenv("WIJKLAB_CURSUS", str(root))
    wissel_student(root / werk, monkeypatch)
    bank.alle_banken.cache_clear()
    bank.bibliografie.cache_clear()
    return root


def wissel_student(werkmap: Path, monkeypatch):
    """Switch to another student's work folder; return that student's store."""
    from wijklab.werk.store import huidige_store

    monkeypatch.setenv("WIJKLAB_WERKMAP", str(werkmap))
    return huidige_store()


def exporteer_student(tmp_path: Path, monkeypatch, klasmap: Path, bestand: str, naam: str = "", pogingen=(), reflecties=()) -> Path:
    """One student works in her own folder, exports, and the JSON is copied into the class folder.

    ``pogingen``: (question id, stored answer, right?); ``reflecties``: (id, text).
    """
    import shutil

    from wijklab.werk.export import exporteer

    werk = tmp_path / "studenten" / bestand
    store = wissel_student(werk, monkeypatch)
    if naam:
        store.bewaar_instelling("naam", naam)
    for id, antwoord, juist in pogingen:
        store.bewaar_poging(id, antwoord, juist, 1.0 if juist else 0.0)
    for id, tekst in reflecties:
        store.bewaar_concept(id, tekst)
    uitkomst = exporteer(werk / "export")
    assert uitkomst.gelukt, uitkomst.melding
    klasmap.mkdir(exist_ok=True)
    return Path(shutil.copy(uitkomst.json, klasmap / f"{bestand}.json"))


def klas_van(aantal: int, map: Path, werk: Path) -> Path:
    """``aantal`` exports of the real course: one made by the real export (an attempt at every question,
    a 300-word reflection for every prompt), then copies with another id and name and their own check sum."""
    import hashlib
    import json

    from wijklab.inhoud.bank import alle_banken
    from wijklab.werk.export import exporteer
    from wijklab.werk.store import BESTANDSNAAM, Store

    alle_banken.cache_clear()
    store = Store(werk / BESTANDSNAAM)
    store.bewaar_instelling("naam", "Naam Van Voorbeeld")
    for bank in alle_banken().values():
        for v in bank.vragen:
            store.bewaar_poging(v.id, {"keuze": 0}, False, 0.0)
            store.bewaar_poging(v.id, {"keuze": 1}, True, 1.0)
        for r in bank.reflecties:
            store.bewaar_concept(r.id, " ".join(f"woord{i}" for i in range(300)))
    from wijklab.leerling.diagnostiek import NA, VOOR, diagnose_bank

    for v in diagnose_bank().vragen:  # the diagnostic before (wrong) and after (right): the learning gain
        store.bewaar_poging(VOOR + v.id, {"optie": v.opties[-1].tekst}, False, 0.0)
        store.bewaar_poging(NA + v.id, {"optie": next(o.tekst for o in v.opties if o.juist)}, True, 1.0)
    uitkomst = exporteer(werk / "export", store=store)
    assert uitkomst.gelukt, uitkomst.melding
    tekst = uitkomst.json.read_text(encoding="utf-8")
    data = json.loads(tekst)
    id, controle = data["student"]["id"], data.pop("controle")
    # the check sum's canonical text (see controlegetal), with the id and the name to fill in
    canoniek = json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    assert "sha256:" + hashlib.sha256(canoniek.encode()).hexdigest() == controle
    for stuk in (tekst, canoniek):
        assert stuk.count(id) == 1 and stuk.count("Naam Van Voorbeeld") == 1
    map.mkdir()
    for i in range(aantal):
        nieuw_id, naam = f"{i:032x}", f"Student {i:04d}"
        getal = "sha256:" + hashlib.sha256(canoniek.replace(id, nieuw_id).replace("Naam Van Voorbeeld", naam).encode()).hexdigest()
        (map / f"portfolio_{i:04d}.json").write_text(
            tekst.replace(id, nieuw_id).replace("Naam Van Voorbeeld", naam).replace(controle, getal), encoding="utf-8")
    return map


#: ``python -c PIEK_KLAS MAP [opties]`` runs ``python -m wijklab klas`` and prints its output, then its peak
#: memory in KB. Started from a small interpreter on purpose: a child forked from a big process (a test
#: run, a benchmark that made 2,000 exports) counts that process's memory as its own until it execs.
PIEK_KLAS = """
import resource, subprocess, sys
proces = subprocess.run([sys.executable, "-m", "wijklab", "klas", *sys.argv[1:]], capture_output=True, text=True)
sys.stdout.write(proces.stdout)
sys.stderr.write(proces.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(proces.returncode)
"""

VIJF_MB = 5 * 1024 * 1024 - 1024  # just under 5 MB: the old size limit did not stop these


def vijandig_5mb() -> dict[str, bytes]:
    """Hostile files of 5 MB that cost gigabytes or crashed the whole class overview before it was bounded."""
    kop = b'{"schema": "wijklab-portfolio", "versie": 2, '
    return {
        "lege_notebooks.json": kop + b'"notebooks": [' + b",".join([b"{}"] * ((VIJF_MB - 100) // 3)) + b"]}",
        "getallen.json": kop + b'"opmerkingen": [' + b",".join([b"7"] * ((VIJF_MB - 100) // 2)) + b"]}",
        "diep.json": b"[" * VIJF_MB,
        "lege_lijsten_zonder_komma.json": b"[" + b"[]" * ((VIJF_MB - 100) // 2) + b"]",
        "lange_tekst.json": kop + b'"opmerkingen": ["' + b"a" * (VIJF_MB - 100) + b'"]}',
        "veel_lijsten.json": kop + b'"notebooks": [' + b",".join([b"[" + b",".join([b"{}"] * 4000) + b"]"] * 200) + b"]}",
    }


def sectie(html: str, id: str) -> str:
    """One top-level section of a class overview page (only those have an id)."""
    begin = html.index(f'<section id="{id}"')
    volgende = html.find('<section id="', begin + 1)
    return html[begin: volgende if volgende > 0 else html.index("</main>")]


# --- checking the HTML ------------------------------------------------------------------------

#: every element our pages may contain; anything else means student markup got through
TOEGESTANE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "footer", "nav", "section",
    "article", "h1", "h2", "h3", "h4", "p", "ul", "li", "a", "em", "strong", "span", "div", "br",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}


@dataclass
class Pagina:
    tags: list[tuple[str, list[tuple[str, str | None]]]] = field(default_factory=list)
    tekst: str = ""
    style: str = ""
    title: str = ""
    h1: str = ""
    html_lang: str | None = None


class _Lezer(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pagina = Pagina()
        self._open: list[str] = []
        self._delen: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.pagina.tags.append((tag, attrs))
        if tag == "html":
            self.pagina.html_lang = dict(attrs).get("lang")
        if tag not in ("meta", "br"):
            self._open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.pagina.tags.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data):
        if "style" in self._open:
            self.pagina.style += data
            return
        if "title" in self._open:
            self.pagina.title += data
        if "h1" in self._open:
            self.pagina.h1 += data
        self._delen.append(data)

    def klaar(self) -> Pagina:
        self.pagina.tekst = "".join(self._delen)
        return self.pagina


def lees_html(tekst: str) -> Pagina:
    lezer = _Lezer()
    lezer.feed(tekst)
    lezer.close()
    return lezer.klaar()


def controleer_veilig(tekst: str) -> Pagina:
    """Parse a page and assert it holds nothing executable or external; return it for more checks."""
    assert "\x00" not in tekst, "NUL in HTML"
    pagina = lees_html(tekst)
    for tag, attrs in pagina.tags:
        assert tag in TOEGESTANE_TAGS, f"onverwacht element <{tag}> {attrs}"
        for naam, waarde in attrs:
            assert not naam.startswith("on"), f"event-attribuut {naam} op <{tag}>"
            assert naam not in ("src", "srcset", "style", "action", "formaction", "background"), f"attribuut {naam} op <{tag}>"
            if naam == "href":
                assert waarde and waarde.startswith("#"), f"link naar buiten de pagina: {waarde!r}"
        if tag == "meta":
            assert {n for n, _ in attrs} <= {"charset", "name", "content"}, attrs
            assert dict(attrs).get("http-equiv") is None
    assert "url(" not in pagina.style and "@import" not in pagina.style, "CSS laadt iets van buiten"
    assert "<" not in pagina.style.replace("<!--", ""), "markup in <style>"
    return pagina

