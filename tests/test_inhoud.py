"""Content checks: question banks, bibliography, glossary, notebook structure, Bloom mix, spelling.

These tests read the course as it is on disk (notebooks/, notebooks/vragen/, docs/, data/), so
they keep the writers honest whatever content exists at run time. Where a list of files could
be empty, an explicit "must exist" test makes sure the check cannot pass vacuously.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from conftest import COURSE_ROOT, EXPECTED_NOTEBOOKS, STORY_NOTEBOOKS, alle_paden

import spelling
from wijklab.inhoud import bank as wbank
from wijklab.inhoud.bank import BankFout, laad_bank
from wijklab.inhoud import schemacheck

NOTEBOOK_DIR = COURSE_ROOT / "notebooks"
BANK_DIR = NOTEBOOK_DIR / "vragen"
DOCS_DIR = COURSE_ROOT / "docs"
BIB_FILE = DOCS_DIR / "bibliografie.yaml"
GLOSSARY = DOCS_DIR / "begrippenlijst.md"
DATAPACKAGE = COURSE_ROOT / "data" / "datapackage.json"

HIGHER_BLOOM = {"toepassen", "analyseren", "evalueren", "creëren"}


# --- reading the course ------------------------------------------------------------------------


def course_notebooks() -> list[Path]:
    """The course notebooks NN_*.ipynb in notebooks/, sorted."""
    return sorted(p for p in NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


def exercise_notebooks() -> list[Path]:
    return sorted(p for p in (COURSE_ROOT / "exercises").glob("**/*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def banks() -> list[Path]:
    return sorted(BANK_DIR.glob("*.yaml"))


def ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


def cells(nb: Path) -> list[dict]:
    return json.loads(nb.read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def markdown_cells(nb: Path) -> list[tuple[int, str]]:
    return [(i, source(c)) for i, c in enumerate(cells(nb), start=1) if c["cell_type"] == "markdown"]


def code_cells(nb: Path) -> list[tuple[int, str]]:
    return [(i, source(c)) for i, c in enumerate(cells(nb), start=1) if c["cell_type"] == "code"]


@dataclass
class EngineCall:
    kind: str  # "quiz" or "reflectie"
    id: str | None
    cell: int
    keywords: set[str] = field(default_factory=set)


_CALL_RE = re.compile(r"""\b(?:wl|wijklab)\.(quiz|reflectie)\(\s*["']([^"']+)["']([^)]*)""")


def engine_calls(nb: Path) -> list[EngineCall]:
    """Every ``wl.quiz("…")`` / ``wl.reflectie("…")`` call in the code cells of a notebook."""
    calls = []
    for i, src in code_cells(nb):
        code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in src.splitlines())
        try:
            tree = ast.parse(code)
        except SyntaxError:  # fall back to a regex on odd cells
            for m in _CALL_RE.finditer(src):
                kw = set(re.findall(r"(\w+)\s*=", m.group(3)))
                calls.append(EngineCall(m.group(1), m.group(2), i, kw))
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = None
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in ("wl", "wijklab"):
                name = f.attr
            elif isinstance(f, ast.Name):
                name = f.id
            if name not in ("quiz", "reflectie"):
                continue
            arg = node.args[0] if node.args else None
            qid = arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
            calls.append(EngineCall(name, qid, i, {k.arg for k in node.keywords if k.arg}))
    return calls


def bank_for(nb: Path) -> Path:
    return BANK_DIR / f"{nb.stem}.yaml"


def all_bank_items(b) -> list:
    return [*b.vragen, *b.reflecties]


# --- the expected files exist ----------------------------------------------------------------


@pytest.mark.parametrize("stem", EXPECTED_NOTEBOOKS)
def test_expected_notebook_exists(stem):
    assert (NOTEBOOK_DIR / f"{stem}.ipynb").is_file(), f"notebooks/{stem}.ipynb ontbreekt"


@pytest.mark.parametrize("stem", STORY_NOTEBOOKS)
def test_expected_bank_exists(stem):
    assert (BANK_DIR / f"{stem}.yaml").is_file(), f"notebooks/vragen/{stem}.yaml ontbreekt"


def test_every_bank_belongs_to_a_notebook():
    orphans = [b.name for b in banks() if not (NOTEBOOK_DIR / f"{b.stem}.ipynb").exists()]
    assert not orphans, f"vragenbanken zonder notebook: {orphans}"


# --- question banks --------------------------------------------------------------------------


@pytest.mark.parametrize("path", banks(), ids=ids(banks()))
def test_bank_validates(path):
    b = laad_bank(path)
    assert all_bank_items(b), f"{path.name} bevat geen vragen of reflecties"


class _DuplicateKeyLoader(yaml.SafeLoader):
    """A SafeLoader that records duplicate mapping keys (PyYAML silently keeps the last one)."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[str, int, int]] = []  # key, first line, second line

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                if key in seen:
                    self.duplicates.append((str(key), seen[key], key_node.start_mark.line + 1))
                else:
                    seen[key] = key_node.start_mark.line + 1
            except TypeError:  # unhashable key: the normal constructor reports it
                pass
        return super().construct_mapping(node, deep=deep)


def duplicate_keys(path: Path) -> list[tuple[str, int, int]]:
    loader = _DuplicateKeyLoader(path.read_text(encoding="utf-8"))
    try:
        loader.get_single_data()
    finally:
        loader.dispose()
    return loader.duplicates


def test_duplicate_key_loader_finds_duplicates(tmp_path):
    p = tmp_path / "dubbel.yaml"
    p.write_text("a:\n  x: 1\nb: 2\na:\n  x: 3\n  x: 4\n", encoding="utf-8")
    assert sorted(duplicate_keys(p)) == [("a", 1, 4), ("x", 5, 6)]


@pytest.mark.parametrize("path", banks(), ids=ids(banks()))
def test_bank_has_no_duplicate_yaml_keys(path):
    dups = duplicate_keys(path)
    assert not dups, "\n".join(f"{path.name}: sleutel '{k}' op regel {a} en {b} (de eerste wordt genegeerd)" for k, a, b in dups)


# A small valid bank; the broken-bank cases below change one thing in it.
def _valid_bank() -> dict:
    return {
        "notebook": "01_toets",
        "titel": "Toetsbank",
        "vragen": [
            {
                "id": "01-keuze", "type": "enkelvoudig", "bloom": "onthouden", "vraag": "Welk jaar?",
                "opties": [
                    {"tekst": "2007", "juist": True, "feedback": "Goed."},
                    {"tekst": "2012", "feedback": "Nee."},
                ],
                "uitleg": "Zo zit het.", "bronnen": [],
            },
            {
                "id": "01-getal", "type": "getal", "bloom": "toepassen", "vraag": "Hoeveel?",
                "antwoord": 40, "marge": 0, "eenheid": "wijken",
                "feedback_te_laag": "Te laag.", "feedback_te_hoog": "Te hoog.", "uitleg": "Veertig.",
            },
        ],
        "reflecties": [{"id": "01-denk", "bloom": "evalueren", "vraag": "Wat vind je?"}],
    }


def _write_bank(tmp_path: Path, data, name: str = "01_toets.yaml") -> Path:
    p = tmp_path / name
    if isinstance(data, bytes):
        p.write_bytes(data)
    elif isinstance(data, str):
        p.write_text(data, encoding="utf-8")
    else:
        p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


def test_valid_test_bank_loads(tmp_path):
    b = laad_bank(_write_bank(tmp_path, _valid_bank()))
    assert [o.id for o in all_bank_items(b)] == ["01-keuze", "01-getal", "01-denk"]


def _broken(change):
    d = _valid_bank()
    change(d)
    return d


_ENGLISH_LEAKS = ("Field required", "Input should", "should be", "Value error", "validation error", "Traceback", "Extra inputs")

BROKEN_BANKS = {
    # case: (file content, fragments the message must contain)
    "missing_field": (_broken(lambda d: d["vragen"][0].pop("uitleg")), ["01-keuze", "uitleg", "ontbreekt"]),
    "wrong_type_number": (
        _broken(lambda d: d["vragen"][1].__setitem__("antwoord", "veertig")), ["01-getal", "antwoord", "getal"]),
    "wrong_type_list": (_broken(lambda d: d["vragen"][0].__setitem__("opties", "2007")), ["01-keuze", "opties", "lijst"]),
    "two_correct_in_enkelvoudig": (
        _broken(lambda d: d["vragen"][0]["opties"][1].__setitem__("juist", True)), ["01-keuze", "opties", "precies één"]),
    "unknown_type": (_broken(lambda d: d["vragen"][0].__setitem__("type", "open")), ["01-keuze", "type", "enkelvoudig"]),
    "unknown_field": (_broken(lambda d: d["vragen"][0].__setitem__("uitlег", "x")), ["01-keuze", "uitlег", "onbekend"]),
    "bad_bloom": (_broken(lambda d: d["reflecties"][0].__setitem__("bloom", "snappen")), ["01-denk", "bloom", "onthouden"]),
    "reflection_missing_prompt": (_broken(lambda d: d["reflecties"][0].pop("vraag")), ["01-denk", "vraag", "ontbreekt"]),
    "wrong_id_prefix": (_broken(lambda d: d["vragen"][1].__setitem__("id", "02-getal")), ["02-getal", "01-"]),
    "duplicate_id": (_broken(lambda d: d["reflecties"][0].__setitem__("id", "01-keuze")), ["01-keuze", "twee keer"]),
    "bad_yaml": ("notebook: 01_toets\nvragen:\n  - id: 01-a\n   type: enkelvoudig\n", ["YAML", "regel"]),
    "empty_file": ("", ["notebook", "vragen"]),
    "not_a_mapping": ("- een\n- lijst\n", ["notebook", "vragen"]),
    "non_utf8": ("notebook: 01_toets\ntitel: Wijkaanpak café\n".encode("latin-1"), ["UTF-8"]),
    "notebook_name_mismatch": (_broken(lambda d: d.__setitem__("notebook", "01_anders")), ["01_anders", "notebook"]),
}


@pytest.mark.parametrize("case", list(BROKEN_BANKS))
def test_broken_bank_gives_dutch_message(tmp_path, case):
    content, fragments = BROKEN_BANKS[case]
    path = _write_bank(tmp_path, content)
    with pytest.raises(BankFout) as exc:
        laad_bank(path)
    msg = str(exc.value)
    assert path.name in msg, f"de melding noemt het bestand niet:\n{msg}"
    for frag in fragments:
        assert frag in msg, f"'{frag}' ontbreekt in de melding:\n{msg}"
    for leak in _ENGLISH_LEAKS:
        assert leak not in msg, f"Engelse/technische tekst in de melding:\n{msg}"


# --- property-based tests of the bank validator ------------------------------------------------

_text = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="\x85\u2028\u2029"),
    min_size=1, max_size=25,
)
_opt_text = st.one_of(st.just(""), _text)
_num = st.floats(allow_nan=False, allow_infinity=False)
_bloom = st.sampled_from(wbank.BLOOM)
_slug = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)


def _optie(juist: bool):
    return st.fixed_dictionaries({"tekst": _text, "juist": st.just(juist), "feedback": _text})


@st.composite
def _question(draw, qid: str):
    kind = draw(st.sampled_from(["enkelvoudig", "meervoudig", "volgorde", "koppelen", "getal", "voorspel"]))
    q = {"id": qid, "type": kind, "bloom": draw(_bloom), "vraag": draw(_text), "uitleg": draw(_text),
         "bronnen": draw(st.lists(_slug, max_size=2))}
    if kind == "enkelvoudig":
        wrong = draw(st.lists(_optie(False), min_size=1, max_size=4))
        pos = draw(st.integers(0, len(wrong)))
        q["opties"] = wrong[:pos] + [draw(_optie(True))] + wrong[pos:]
    elif kind == "meervoudig":
        q["opties"] = draw(st.lists(st.booleans().flatmap(_optie), min_size=2, max_size=5)) + [draw(_optie(True))]
    elif kind == "volgorde":
        q["items"] = draw(st.lists(st.fixed_dictionaries({"tekst": _text}, optional={"toelichting": _text}),
                                   min_size=3, max_size=5))
        q["feedback_fout"] = draw(_text)
    elif kind == "koppelen":
        q["paren"] = draw(st.lists(st.fixed_dictionaries({"links": _text, "rechts": _text}),
                                   min_size=3, max_size=5, unique_by=lambda p: p["rechts"]))
        q["feedback_fout"] = draw(_text)
    else:
        q.update(antwoord=draw(_num), marge=draw(st.floats(min_value=0, allow_infinity=False)), eenheid=draw(_opt_text))
        if kind == "getal":
            q.update(feedback_te_laag=draw(_text), feedback_te_hoog=draw(_text))
        else:
            q.update(draw(st.fixed_dictionaries({}, optional={"minimum": _num, "maximum": _num})))
    return q


@st.composite
def valid_banks(draw):
    slugs = draw(st.lists(_slug, min_size=1, max_size=6, unique=True))
    n_questions = draw(st.integers(0, len(slugs)))
    vragen = [draw(_question(f"01-{s}")) for s in slugs[:n_questions]]
    reflecties = [
        {"id": f"01-{s}", "bloom": draw(_bloom), "vraag": draw(_text), "modelantwoord": draw(_opt_text),
         "min_woorden": draw(st.integers(0, 500))}
        for s in slugs[n_questions:]
    ]
    return {"notebook": "01_toets", "titel": draw(_text), "vragen": vragen, "reflecties": reflecties}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_banks())
def test_random_valid_banks_round_trip(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = _write_bank(Path(tmp), data)
        loaded = laad_bank(path)
        assert loaded == wbank.bank_uit(data)
        # a valid bank never needs pydantic, and what the fast check builds is what pydantic builds
        assert schemacheck.snel(wbank.Bank, data) == schemacheck.streng(wbank.Bank, data) == loaded
        assert [o.id for o in all_bank_items(loaded)] == [o["id"] for o in data["vragen"] + data["reflecties"]]
        # writing the loaded bank out and loading it again gives the same bank
        again = laad_bank(_write_bank(Path(tmp), dataclasses.asdict(loaded)))
        assert again == loaded


_junk = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6,
)


@st.composite
def mutated_data(draw):
    """A valid bank's data with one to three random mutations (no text mangling: this is about the schema)."""
    data = draw(valid_banks())
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(alle_paden(data))))
        if not path:
            data = draw(_junk)
            continue
        parent = data
        try:
            for key in path[:-1]:
                parent = parent[key]
        except (KeyError, IndexError, TypeError):
            continue
        key = path[-1]
        action = draw(st.sampled_from(["delete", "replace", "add_key"]))
        if action == "delete":
            del parent[key]
        elif action == "replace":
            parent[key] = draw(_junk)
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(_junk)
    return data


@st.composite
def mutated_banks(draw):
    """A valid bank with one to three random mutations (:func:`mutated_data`); sometimes the raw text is mangled instead."""
    data = draw(mutated_data())
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if draw(st.booleans()):
        return text
    # mangle the text itself: cut it, or insert random characters
    pos = draw(st.integers(0, len(text)))
    return text[:pos] + draw(st.text(max_size=5)) + text[pos + draw(st.integers(0, 5)):]


def _loads_or_fails_in_dutch(content) -> str:
    """Loading a bank either works or raises BankFout naming the file, in Dutch (nothing else escapes);
    returns which of the two, after asserting what each promises."""
    with tempfile.TemporaryDirectory() as tmp:
        path = _write_bank(Path(tmp), content)
        try:
            b = laad_bank(path)
        except BankFout as e:
            msg = str(e)
            assert path.name in msg, msg
            for leak in _ENGLISH_LEAKS:
                assert leak not in msg, msg
            return "BankFout"
        assert isinstance(b, wbank.Bank) and b.notebook == path.stem
        assert all(isinstance(v, tuple(wbank.VRAAGSOORTEN.values())) for v in b.vragen)
        return "geladen"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_banks())
def test_random_mutations_raise_only_bankfout(content):
    event(_loads_or_fails_in_dutch(content))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_data())
def test_random_mutations_get_one_verdict_from_both_checks(data):
    """The fast check (no pydantic) and pydantic over the same dataclasses agree on every mutated bank:
    both build the same bank, or only pydantic takes it and what it built is exactly right, or both refuse
    (and then the teacher reads Dutch). Every example asserts one of the three."""
    import pydantic

    snel = schemacheck.snel(wbank.Bank, data)
    try:
        traag = schemacheck.streng(wbank.Bank, data)
    except pydantic.ValidationError:
        traag = None
    note(f"snel: {snel is not None}, pydantic: {traag is not None}")
    if snel is not None:
        event("beide nemen het")
        assert snel == traag
    elif traag is not None:
        event("alleen pydantic (omgezet)")
        assert schemacheck.snel(wbank.Bank, dataclasses.asdict(traag)) == traag
    else:
        event("beide weigeren")
        with pytest.raises(BankFout) as e:
            wbank.bank_uit(data, "01_toets.yaml")
        assert str(e.value).startswith("Fout in 01_toets.yaml:") and "\n  - vraag " in str(e.value), str(e.value)
        for leak in _ENGLISH_LEAKS:
            assert leak not in str(e.value), str(e.value)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_raise_only_bankfout(content):
    event(_loads_or_fails_in_dutch(content))


# --- bibliography ------------------------------------------------------------------------------

_CITE_GROUP = re.compile(r"\[[^\[\]]*?@[^\[\]]*\]")
_CITE_KEY = re.compile(r"(?<![\w.@])-?@([A-Za-z0-9_][A-Za-z0-9_:.-]*[A-Za-z0-9_]|[A-Za-z0-9_])")
# a readable citation: [Auteur (jaar)](../docs/bibliografie.md#sleutel) or, from docs/, (bibliografie.md#sleutel)
_CITE_LINK = re.compile(r"\]\(\s*(?:\.\./|\./)*(?:docs/)?bibliografie\.md#([^)\s]+)\s*\)")


def _without_code(text: str) -> str:
    text = re.sub(r"^(```|~~~).*?^\1", " ", text, flags=re.S | re.M)
    return re.sub(r"`[^`]*`", " ", text)


def raw_citations(text: str) -> list[str]:
    """Keys still cited in the old, unreadable form ``[@key]`` / ``[@a; @b]`` (code is ignored)."""
    keys = []
    for group in _CITE_GROUP.findall(_without_code(text)):
        keys += _CITE_KEY.findall(group)
    return keys


def citations_in_markdown(text: str) -> list[str]:
    """Keys cited as links to docs/bibliografie.md#key, plus any old-style ``[@key]`` (code is ignored)."""
    return [unquote(k) for k in _CITE_LINK.findall(_without_code(text))] + raw_citations(text)


def test_citation_parser():
    text = ("Zie [Permentier e.a. (2013)](../docs/bibliografie.md#scp2013) en ([A (2018)](bibliografie.md#a); "
            "[B (2020)](../docs/bibliografie.md#b_2)), niet `[x](bibliografie.md#code)` of info@wijk.nl. [@c]")
    assert citations_in_markdown(text) == ["scp2013", "a", "b_2", "c"]
    assert raw_citations(text) == ["c"]


def markdown_sources() -> list[tuple[str, str]]:
    """(place, Markdown text) of everything that may cite: notebooks, exercises, docs/*.md, data/README.md."""
    out = []
    for nb in course_notebooks() + exercise_notebooks():
        for i, text in markdown_cells(nb):
            out.append((f"{nb.relative_to(COURSE_ROOT)} cel {i}", text))
    for md in sorted(DOCS_DIR.glob("*.md")) + [p for p in [COURSE_ROOT / "data" / "README.md", COURSE_ROOT / "README.md"] if p.exists()]:
        out.append((str(md.relative_to(COURSE_ROOT)), md.read_text(encoding="utf-8")))
    return out


def bank_citations() -> list[tuple[str, str]]:
    """(place, key) for every ``bronnen:`` key in every bank (read raw, so an invalid bank still counts)."""
    out = []
    for path in banks():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in (data.get("vragen") or []) + (data.get("reflecties") or []):
            if isinstance(item, dict):
                for key in item.get("bronnen") or []:
                    out.append((f"{path.name} {item.get('id')}", str(key)))
    return out


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


def _url_key(url: str) -> str:
    """A URL without scheme, 'www.', query, fragment and trailing slash, lowercased."""
    url = re.sub(r"^https?://(www\.)?", "", url.strip().lower())
    return re.split(r"[?#]", url)[0].rstrip("/")


def datapackage_keys(bibliography: dict) -> set[str]:
    """Bibliography keys that data/datapackage.json refers to (see test_every_bibliography_entry_is_used)."""
    if not DATAPACKAGE.exists():
        return set()
    by_url = {}
    for key, entry in bibliography.items():
        if entry.url:
            by_url.setdefault(_url_key(entry.url), set()).add(key)
    found = set()
    for s in _strings(json.loads(DATAPACKAGE.read_text(encoding="utf-8"))):
        if s in bibliography:
            found.add(s)
        found.update(k for k in citations_in_markdown(s) if k in bibliography)
        found.update(k for k in re.findall(r"(?<![\w.])@([\w:.-]*\w)", s) if k in bibliography)
        if re.match(r"https?://", s):
            found |= by_url.get(_url_key(s), set())
    return found


@pytest.fixture(scope="module")
def bibliography():
    wbank.bibliografie.cache_clear()
    return wbank.bibliografie()


def test_bibliography_loads(bibliography):
    assert bibliography, "docs/bibliografie.yaml bevat nog geen bronnen"


def test_bibliography_has_no_duplicate_keys():
    dups = duplicate_keys(BIB_FILE)
    assert not dups, "\n".join(
        f"docs/bibliografie.yaml: '{k}' staat op regel {a} en op regel {b}; PyYAML houdt alleen de laatste" for k, a, b in dups
    )


def test_every_citation_resolves(bibliography):
    """Every citation link in notebooks/exercises/docs/data README and every bank `bronnen:` key exists."""
    missing = [(place, key) for place, text in markdown_sources() for key in citations_in_markdown(text) if key not in bibliography]
    missing += [(place, key) for place, key in bank_citations() if key not in bibliography]
    assert not missing, "Verwijzingen naar bronnen die niet in docs/bibliografie.yaml staan:\n" + "\n".join(
        f"  {place}: {key}" for place, key in missing
    )


def test_every_bibliography_entry_is_used(bibliography):
    """Every entry of docs/bibliografie.yaml is cited somewhere.

    Rule: an entry counts as used when its key is cited as a link ``[Auteur (jaar)](…bibliografie.md#key)``
    in the Markdown of a course
    notebook or exercise, in docs/*.md (e.g. the glossary or the teacher guide), in data/README.md
    or README.md; or listed under ``bronnen:`` in a question bank; or, for data sources, appears in
    data/datapackage.json as a complete string value (e.g. ``"bibliografie": "cbs_kwb2024"``), as
    ``@key`` inside a string, or through its ``url``: an entry whose url is the ``path`` of a source
    in the datapackage (compared without scheme, 'www.', query string and trailing slash, ignoring
    case) is used by that data. A source nobody cites does not belong in the course bibliography.
    """
    keys = set(bibliography)
    used = {k for _, text in markdown_sources() for k in citations_in_markdown(text)}
    used |= {k for _, k in bank_citations()}
    used |= datapackage_keys(bibliography)
    unused = sorted(keys - used)
    assert not unused, f"Bronnen in docs/bibliografie.yaml die nergens gebruikt worden: {', '.join(unused)}"


def _bank_visible_strings(path: Path) -> list[tuple[str, str]]:
    """(place, text) for every text a student can see in a bank (everything but ids, types and keys)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for item in (data.get("vragen") or []) + (data.get("reflecties") or []):
        if isinstance(item, dict):
            for k, v in item.items():
                if k not in ("id", "type", "bloom", "bronnen"):
                    out += [(f"{path.name} {item.get('id')} {k}", t) for t in _strings(v)]
    return out


def test_no_raw_citation_key_is_visible():
    """No ``[@key]`` is left anywhere a student or teacher reads: notebooks, banks, docs, READMEs."""
    found = [(place, k) for place, text in markdown_sources() for k in raw_citations(text)]
    found += [(place, k) for path in banks() for place, text in _bank_visible_strings(path) for k in raw_citations(text)]
    assert not found, "Onleesbare bronverwijzingen [@sleutel]; maak er [Auteur (jaar)](../docs/bibliografie.md#sleutel) van " \
        "(python -m wijklab bibliografie --omzetten BESTAND):\n" + "\n".join(f"  {p}: @{k}" for p, k in found)


def test_raw_citation_check_can_fail():
    assert raw_citations("Zo staat het er [@scp2013; @cpb2011].") == ["scp2013", "cpb2011"]


def test_bibliography_markdown_is_current():
    """docs/bibliografie.md is generated from the YAML; after editing the YAML it must be regenerated."""
    from wijklab.inhoud import bibliografie as wbib

    wbank.bibliografie.cache_clear()
    md = DOCS_DIR / "bibliografie.md"
    assert md.exists(), "docs/bibliografie.md ontbreekt. Voer uit: python -m wijklab bibliografie"
    assert md.read_text(encoding="utf-8") == wbib.maak_markdown(), (
        "docs/bibliografie.md is niet bijgewerkt na een wijziging in docs/bibliografie.yaml. "
        "Voer uit: python -m wijklab bibliografie")


def test_bibliography_markdown_has_an_anchor_per_key(bibliography):
    text = (DOCS_DIR / "bibliografie.md").read_text(encoding="utf-8")
    anchors = re.findall(r'<a id="([^"]+)"></a>', text)
    assert sorted(anchors) == sorted(bibliography), "elke bron in bibliografie.md heeft precies één anker"
    assert "[@" not in text


def test_citation_links_land_on_an_anchor():
    """Every link to bibliografie.md#key has a matching <a id="key"> in the generated file."""
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', (DOCS_DIR / "bibliografie.md").read_text(encoding="utf-8")))
    broken = [(place, k) for place, text in markdown_sources() for k in _CITE_LINK.findall(_without_code(text))
              if unquote(k) not in anchors]
    assert not broken, "Links naar bibliografie.md zonder anker:\n" + "\n".join(f"  {p}: #{k}" for p, k in broken)


def test_citation_link_texts_match_the_bibliography():
    """The visible text of a citation link is 'Auteur (jaar)' as derived from the YAML (with a/b for
    look-alikes), so a changed author or year cannot leave a stale citation behind."""
    from wijklab.inhoud import bibliografie as wbib

    stale = [place for place, text in markdown_sources() if wbib.werk_bij(text) != text]
    assert not stale, ("Bronvermeldingen met verouderde tekst (voer uit: python -m wijklab bibliografie --omzetten "
                       "BESTAND):\n  " + "\n  ".join(stale))


def test_look_alike_citations_get_letters(bibliography):
    from wijklab.inhoud import bibliografie as wbib

    teksten = {wbib.kort(b, bibliography) for b in bibliography.values()}
    assert len(teksten) == len(bibliography), "twee bronnen hebben dezelfde korte vermelding"


def test_converter_turns_keys_into_readable_links(bibliography):
    from wijklab.inhoud import bibliografie as wbib

    uit = wbib.zet_om("Zo ging het [@scp2013]. Meer: [@cpb2011; @kleinhans2000]. Code: `[@scp2013]`.")
    assert uit == ("Zo ging het [Permentier e.a. (2013)](../docs/bibliografie.md#scp2013). Meer: "
                   "([Gerritsen & Reininga (2011)](../docs/bibliografie.md#cpb2011); "
                   "[Kleinhans e.a. (2000)](../docs/bibliografie.md#kleinhans2000)). Code: `[@scp2013]`.")
    assert wbib.zet_om("[@scp2013]", prefix="") == "[Permentier e.a. (2013)](bibliografie.md#scp2013)"
    with pytest.raises(BankFout, match="bestaat_niet"):
        wbib.zet_om("[@bestaat_niet]")


def test_converter_rewrites_a_notebook(tmp_path):
    from wijklab.inhoud import bibliografie as wbib

    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["Zie [@scp2013].\n", "Klaar."]},
                    {"cell_type": "code", "metadata": {}, "source": ["# [@scp2013]"], "outputs": [], "execution_count": None}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    p = tmp_path / "99_proef.ipynb"
    p.write_text(json.dumps(nb), encoding="utf-8")
    assert wbib.zet_bestand_om(p) is True
    cellen = json.loads(p.read_text(encoding="utf-8"))["cells"]
    assert "".join(cellen[0]["source"]) == "Zie [Permentier e.a. (2013)](../docs/bibliografie.md#scp2013).\nKlaar."
    assert cellen[1]["source"] == ["# [@scp2013]"]  # code is left alone
    assert wbib.zet_bestand_om(p) is False


def test_short_author_names():
    from wijklab.inhoud.bibliografie import korte_auteur

    assert korte_auteur("Lub, V.") == "Lub"
    assert korte_auteur("Van Gent, W., Hochstenbach, C. & Uitermark, J.") == "Van Gent e.a."
    assert korte_auteur("Dorigo, M. & Leidelmeijer, K. (RIGO)") == "Dorigo & Leidelmeijer"
    assert korte_auteur("Loket Gezond Leven (RIVM)") == "Loket Gezond Leven"
    assert korte_auteur("Platform31 / Kennis van Stad en Regio") == "Platform31 / Kennis van Stad en Regio"


def test_reading_lists_show_full_references(bibliography):
    """In 'Verder lezen' every source is a full reference (author, year, title), not just a short citation."""
    problems = []
    for nb in course_notebooks():
        for i, text in markdown_cells(nb):
            if not re.search(r"^#+\s+Verder lezen", text, re.M):
                continue
            deel = text.split("Verder lezen", 1)[1]
            for m in re.finditer(r"\[([^\]]*)\]\((?:\.\./docs/)?bibliografie\.md#([^)\s]+)\)", deel):
                key = m.group(2)
                if key in bibliography and bibliography[key].titel.rstrip(".") not in m.group(1):
                    problems.append(f"{nb.name} cel {i}: '{m.group(1)}' (#{key}) noemt de titel niet")
    assert not problems, "Leeslijsten met alleen korte verwijzingen:\n" + "\n".join(problems)


# --- glossary ----------------------------------------------------------------------------------


def github_anchor(heading: str) -> str:
    """The anchor GitHub makes for a heading: lowercase, punctuation dropped, spaces → '-'."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # link text only
    text = re.sub(r"<[^>]+>", "", text)
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)  # \w is Unicode-aware: diacritics stay
    return text.replace(" ", "-")


def test_github_anchor():
    assert github_anchor("Woningwet 2015") == "woningwet-2015"
    assert github_anchor("Wmo 2015 (Wet maatschappelijke ondersteuning)") == "wmo-2015-wet-maatschappelijke-ondersteuning"
    assert github_anchor("Eigen kracht & zelforganisatie") == "eigen-kracht--zelforganisatie"
    assert github_anchor("Coöperatie, één `code`") == "coöperatie-één-code"


def glossary_anchors() -> dict[str, str]:
    """anchor → heading for every '## ' heading of docs/begrippenlijst.md (duplicates get -1, -2, ...)."""
    anchors: dict[str, str] = {}
    counts: Counter = Counter()
    text = re.sub(r"^(```|~~~).*?^\1", "", GLOSSARY.read_text(encoding="utf-8"), flags=re.S | re.M)
    for line in text.splitlines():
        m = re.match(r"^##\s+(.+?)\s*#*\s*$", line)
        if m:
            base = github_anchor(m.group(1))
            a = base if counts[base] == 0 else f"{base}-{counts[base]}"
            counts[base] += 1
            anchors[a] = m.group(1)
    return anchors


_GLOSSARY_LINK = re.compile(r"\]\(\s*((?:\.\./|\./)*(?:docs/)?begrippenlijst\.md)(#[^)\s]*)?\s*\)")


def glossary_links() -> list[tuple[str, str]]:
    """(place, anchor) for every Markdown link to begrippenlijst.md#anchor in notebooks, exercises and docs."""
    out = []
    for place, text in markdown_sources():
        for m in _GLOSSARY_LINK.finditer(text):
            if m.group(2):
                out.append((place, unquote(m.group(2)[1:])))
    # links inside the glossary itself: [x](#anchor)
    for m in re.finditer(r"\]\(#([^)\s]+)\)", GLOSSARY.read_text(encoding="utf-8")):
        out.append(("docs/begrippenlijst.md", unquote(m.group(1))))
    return out


def test_glossary_has_terms():
    assert glossary_anchors(), "docs/begrippenlijst.md heeft nog geen begrippen (koppen '## Begrip')"


def test_glossary_terms_have_explicit_anchors():
    """Each term heading carries <a id="anchor"></a> with the GitHub anchor, so that a link lands on the
    term in JupyterLab too (JupyterLab's own heading ids keep capitals, GitHub's are lower case)."""
    text = GLOSSARY.read_text(encoding="utf-8")
    missing = []
    for line in text.splitlines():
        m = re.match(r"^##\s+(.+?)\s*$", line)
        if m:
            expected = github_anchor(m.group(1))
            if f'<a id="{expected}"></a>' not in line:
                missing.append(f"{line}  (verwacht <a id=\"{expected}\"></a>)")
    assert not missing, "Begrippen zonder anker in de kop:\n" + "\n".join(missing)


def test_glossary_has_no_duplicate_terms():
    heads = list(glossary_anchors().values())
    dups = sorted({h for h in heads if heads.count(h) > 1})
    assert not dups, f"Begrippen die twee keer in docs/begrippenlijst.md staan: {dups}"


def test_notebooks_link_to_glossary():
    missing = [nb.name for nb in course_notebooks() if nb.stem in STORY_NOTEBOOKS
               and not any(_GLOSSARY_LINK.search(t) for _, t in markdown_cells(nb))]
    assert not missing, f"Deze notebooks linken niet naar de begrippenlijst: {missing}"


def test_glossary_links_resolve():
    anchors = glossary_anchors()
    broken = [(place, a) for place, a in glossary_links() if a not in anchors]
    assert not broken, "Links naar docs/begrippenlijst.md zonder bijbehorende kop '## …':\n" + "\n".join(
        f"  {place}: #{a}" for place, a in broken
    ) + f"\nBestaande ankers: {', '.join(sorted(anchors))}"


# --- notebook structure ----------------------------------------------------------------------

REQUIRED_SECTIONS = ("Leerdoelen", "Studietijd", "Kernpunten", "Verder lezen")


def has_section(markdown: str, name: str) -> bool:
    """A heading (any level) or a bold label (**Naam** / **Naam:** / __Naam__) containing the name."""
    word = re.escape(name.lower()).replace(r"\ ", r"\s+")
    low = markdown.lower()
    return bool(
        re.search(rf"^\s{{0,3}}#{{1,6}}\s+.*\b{word}\b", low, re.M)
        or re.search(rf"(\*\*|__)\s*[^*_\n]*\b{word}\b[^*_\n]*(\*\*|__)", low)
    )


def test_has_section():
    assert has_section("## Leerdoelen\n- x", "Leerdoelen")
    assert has_section("**Studietijd:** 50 minuten", "Studietijd")
    assert has_section("### Verder  lezen", "Verder lezen")
    assert not has_section("In deze les lees je verder lezen", "Verder lezen")


@pytest.mark.parametrize("nb", course_notebooks(), ids=ids(course_notebooks()))
def test_notebook_has_title_and_sections(nb):
    md = markdown_cells(nb)
    assert md, f"{nb.name} heeft geen Markdown"
    assert re.search(r"^#\s+\S", md[0][1], re.M), f"{nb.name}: de eerste Markdown-cel heeft geen titel ('# …')"
    text = "\n\n".join(t for _, t in md)
    missing = [s for s in REQUIRED_SECTIONS if not has_section(text, s)]
    assert not missing, f"{nb.name} mist: {', '.join(missing)} (als kop of vetgedrukt label)"


def _story_notebooks() -> list[Path]:
    return [nb for nb in course_notebooks() if nb.stem in STORY_NOTEBOOKS]


@pytest.mark.parametrize("nb", _story_notebooks(), ids=ids(_story_notebooks()))
def test_story_notebook_has_enough_activities(nb):
    b = laad_bank(bank_for(nb))
    by_id = {o.id: o for o in all_bank_items(b)}
    calls = engine_calls(nb)
    quizzes = [c for c in calls if c.kind == "quiz" and c.id in by_id and hasattr(by_id[c.id], "type")]
    reflections = [c for c in calls if c.kind == "reflectie"]
    types = Counter(by_id[c.id].type for c in quizzes)
    problems = []
    if len(quizzes) < 6:
        problems.append(f"{len(quizzes)} quizvragen (minstens 6)")
    if len(types) < 3:
        problems.append(f"{len(types)} vraagtypen: {sorted(types)} (minstens 3)")
    if not (types["volgorde"] or types["koppelen"]):
        problems.append("geen volgorde- of koppelvraag")
    if not any(by_id[c.id].type == "voorspel" and "grafiek" in c.keywords for c in quizzes):
        problems.append("geen voorspelvraag met grafiek=")
    if len(reflections) < 2:
        problems.append(f"{len(reflections)} reflecties (minstens 2)")
    code = "\n".join(src for _, src in code_cells(nb))
    if not re.search(r"\bwl\.charts\.\w+\(", code):
        problems.append("geen grafiek (wl.charts.…)")
    assert not problems, f"{nb.name}: " + "; ".join(problems)


@pytest.mark.parametrize("nb", course_notebooks(), ids=ids(course_notebooks()))
def test_notebook_question_ids_exist_in_bank(nb):
    calls = engine_calls(nb)
    if not calls:
        pytest.skip(f"{nb.name} roept geen vragen aan")
    assert bank_for(nb).exists(), f"{nb.name} roept vragen aan, maar notebooks/vragen/{nb.stem}.yaml bestaat niet"
    b = laad_bank(bank_for(nb))
    by_id = {o.id: o for o in all_bank_items(b)}
    problems = []
    for c in calls:
        if c.id is None:
            problems.append(f"cel {c.cell}: wl.{c.kind}() zonder vaste id als tekst")
        elif c.id not in by_id:
            problems.append(f"cel {c.cell}: '{c.id}' staat niet in {bank_for(nb).name}")
        elif c.kind == "quiz" and not hasattr(by_id[c.id], "type"):
            problems.append(f"cel {c.cell}: '{c.id}' is een reflectie; gebruik wl.reflectie()")
        elif c.kind == "reflectie" and hasattr(by_id[c.id], "type"):
            problems.append(f"cel {c.cell}: '{c.id}' is een quizvraag; gebruik wl.quiz()")
    dup = sorted(i for i, n in Counter(c.id for c in calls if c.id).items() if n > 1)
    if dup:
        problems.append(f"meer dan één keer aangeroepen: {dup}")
    assert not problems, f"{nb.name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", banks(), ids=ids(banks()))
def test_every_bank_item_is_used_in_its_notebook(path):
    nb = NOTEBOOK_DIR / f"{path.stem}.ipynb"
    assert nb.exists(), f"{path.name} hoort bij {nb.name}, maar dat notebook bestaat niet"
    used = {c.id for c in engine_calls(nb)}
    unused = [o.id for o in all_bank_items(laad_bank(path)) if o.id not in used]
    assert not unused, f"Vragen in {path.name} die {nb.name} niet gebruikt: {unused}"


def test_bloom_mix():
    """Across the banks of 01–03, ≥ 40 % of questions + reflections ask more than remembering/understanding."""
    levels = []
    for stem in STORY_NOTEBOOKS:
        path = BANK_DIR / f"{stem}.yaml"
        assert path.exists(), f"notebooks/vragen/{stem}.yaml ontbreekt"
        levels += [o.bloom for o in all_bank_items(laad_bank(path))]
    counts = Counter(levels)
    share = sum(counts[b] for b in HIGHER_BLOOM) / len(levels)
    assert share >= 0.40, f"Bloom-mix: {share:.0%} op toepassen of hoger (minstens 40 %); telling: {dict(counts)}"


# --- spelling ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def speller():
    import os

    try:
        return spelling.Checker()
    except spelling.DictionaryMissing as e:
        if os.environ.get("CI"):
            pytest.fail(str(e))
        pytest.skip(str(e))


def _spelling_files() -> list[Path]:
    return spelling.files_to_check(COURSE_ROOT)


def test_spelling_checker_flags_typos(speller):
    found = speller.check_text("Dit is een zin met een fuot. Zie [@scp2013] en `kode_fout` of https://x.nl/tpyo.")
    assert [f.word for f in found] == ["fuot"]
    assert not speller.check_text("Eén wijk, o.a. bijv. hbo-studenten, zo'n auto's en náár huis.")


@pytest.mark.parametrize("path", _spelling_files(), ids=[str(p.relative_to(COURSE_ROOT)) for p in _spelling_files()])
def test_spelling(speller, path):
    findings = speller.check_file(path)
    assert not findings, (
        spelling.format_findings(path, findings)
        + "\nVerbeter typfouten; zet goed gespelde woorden in tests/woordenlijst.txt (één per regel)."
    )


def test_wordlist_is_clean():
    """The project word list has one word per line (no spaces, so no phrases)."""
    lines = [l.strip() for l in spelling.WORDLIST.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]
    bad = [l for l in lines if re.search(r"\s", l)]
    assert not bad, f"Regels met spaties in tests/woordenlijst.txt: {bad}"


# --- predictions stay unspoiled ------------------------------------------------------------------
#
# Rule: for every `voorspel` question, the true value is not visible before the student commits her
# estimate. Checked on the executed notebook (Run All): no source and no output of a cell above the
# quiz, no output of the quiz cell itself (before the reveal, which stays empty) and nothing in the
# cells below it may show the value, until a Markdown cell that tells the student to read on only
# after committing (it contains WAARSCHUWING_NA_SCHATTING). The question text itself may not contain
# it either. A number "shows the value" when it equals the answer at the answer's precision (Dutch and
# plain notation), or, for answers with decimals, the answer rounded to a whole number; for an answer
# in thousands ("duizend ...") also the number itself (e.g. 2.312.981 for 2.313 duizend).

WAARSCHUWING_NA_SCHATTING = "als je je schatting hebt vastgelegd"
_GETAL = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\w])|(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")


def _lezingen(token: str) -> set[float]:
    """All values a number in a text can mean (Dutch '2.313' = 2313, English '2.313' = 2.313)."""
    uit = set()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", token):
        uit.add(float(token.replace(".", "").replace(",", ".")))
    if re.fullmatch(r"\d+(?:[.,]\d+)?", token):
        uit.add(float(token.replace(",", ".")))
    return uit


def _verraders(vraag) -> list:
    """Tests that tell whether a number in a text gives the answer of a voorspel question away."""
    v = float(vraag.antwoord)
    dec = len(repr(v).split(".")[1].rstrip("0")) if not v.is_integer() else 0
    tests = [lambda x, v=v, d=dec: (round(x, d) == round(v, d)) if d else x == v]
    if dec:
        tests.append(lambda x, v=v: x.is_integer() and x == round(v))
    if vraag.eenheid.startswith("duizend"):
        tests.append(lambda x, v=v: round(x / 1000) == round(v) and x >= 1000 * (v - 1))
    return tests


def verraadt(tekst: str, vraag) -> list[str]:
    tests = _verraders(vraag)
    v = float(vraag.antwoord)
    # a small whole number (12) occurs everywhere; it only gives the answer away next to its unit
    klein = v.is_integer() and abs(v) < 100
    eenheid = re.escape((vraag.eenheid or "").split()[0]) if vraag.eenheid else r"(?!)"
    gevonden = []
    tekst = tekst or ""
    for m in _GETAL.finditer(tekst):
        if klein and not re.match(rf"\s*(?:{eenheid}|van de\b)", tekst[m.end():], re.I):
            continue
        if any(t(x) for x in _lezingen(m.group(0)) for t in tests):
            gevonden.append(tekst[max(0, m.start() - 40): m.end() + 20].replace("\n", " "))
    return gevonden


def test_leak_detector_finds_the_value():
    class V:
        antwoord, eenheid = 30.7, "procent"
    assert verraadt("Het daalt van 30,7 procent in 2012", V)
    assert verraadt("ongeveer 31 procent", V)
    assert not verraadt("In 2012 en 2023, 28,5 procent en G31", V)

    class D:
        antwoord, eenheid = 2313, "duizend woningen"
    assert verraadt("2.313 duizend", D) and verraadt("| 2023 | 2312981 |", D) and verraadt("2.312.981", D)
    assert not verraadt("2.270 duizend in 2012; 2.3 miljoen", D)

    class K:
        antwoord, eenheid = 12, "gemeenten"
    assert verraadt("dat geldt voor 12 van de 18", K) and verraadt("in 12 gemeenten", K)
    assert not verraadt("0 van 12 vragen, 12,5 en 2026-12-02", K)


def _output_text(cell: dict) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if "text" in out:
            parts.append("".join(out["text"]) if isinstance(out["text"], list) else out["text"])
        for mime, val in (out.get("data") or {}).items():
            if mime.startswith("text/") or mime.endswith("json"):
                parts.append(val if isinstance(val, str) else json.dumps(val, ensure_ascii=False))
    return "\n".join(parts)


def _voorspel_notebooks() -> list[Path]:
    out = []
    for nb in course_notebooks():
        if nb.stem[:2] in ("00", "01", "02", "03") and bank_for(nb).exists():
            b = laad_bank(bank_for(nb))
            if any(getattr(v, "type", "") == "voorspel" for v in b.vragen):
                out.append(nb)
    return out


@pytest.mark.notebook
@pytest.mark.parametrize("nb", _voorspel_notebooks(), ids=ids(_voorspel_notebooks()))
def test_predictions_are_not_spoiled(nb, tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("WIJKLAB_CURSUS", str(COURSE_ROOT))
    monkeypatch.setenv("WIJKLAB_WERKMAP", str(tmp_path))
    notebook = nbformat.read(nb, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3", store_widget_state=False,
                   resources={"metadata": {"path": str(nb.parent)}}).execute()
    cellen = notebook.cells
    by_id = {o.id: o for o in laad_bank(bank_for(nb)).vragen}
    problemen = []
    for call in engine_calls(nb):
        vraag = by_id.get(call.id)
        if call.kind != "quiz" or getattr(vraag, "type", "") != "voorspel":
            continue
        q = call.cell - 1  # engine_calls counts from 1
        for plek in verraadt(vraag.vraag, vraag):
            problemen.append(f"{call.id}: de vraag zelf noemt het antwoord: …{plek}…")
        for i in range(q):
            for soort, tekst in (("tekst/code", cellen[i].source), ("uitvoer", _output_text(cellen[i]))):
                problemen += [f"{call.id}: cel {i + 1} ({soort}) boven de vraag: …{p}…" for p in verraadt(tekst, vraag)]
        problemen += [f"{call.id}: uitvoer van de vraagcel vóór de schatting: …{p}…"
                      for p in verraadt(_output_text(cellen[q]), vraag)]
        for i in range(q + 1, len(cellen)):
            if cellen[i].cell_type == "markdown" and WAARSCHUWING_NA_SCHATTING in cellen[i].source.lower():
                break
            for soort, tekst in (("tekst/code", cellen[i].source), ("uitvoer", _output_text(cellen[i]))):
                problemen += [f"{call.id}: cel {i + 1} ({soort}) onder de vraag, zonder waarschuwing ervoor: …{p}…"
                              for p in verraadt(tekst, vraag)]
    assert not problemen, (f"{nb.name}: het antwoord van een voorspelvraag is te zien vóór de schatting. Zet het in de "
                           f"onthulling (grafiek=) of zet er een Markdown-cel met '{WAARSCHUWING_NA_SCHATTING}' vóór:\n  "
                           + "\n  ".join(problemen))


# --- answer patterns -------------------------------------------------------------------------------


def _patroonbank(juist_op: list[int], lang: bool) -> dict:
    """A bank with single-choice questions whose right option sits at the given positions."""
    vragen = []
    for n, plek in enumerate(juist_op):
        opties = [{"tekst": f"fout {i}", "feedback": "Nee."} for i in range(3)]
        opties.insert(plek, {"tekst": "het goede antwoord, flink wat langer" if lang else "goed",
                             "juist": True, "feedback": "Ja."})
        vragen.append({"id": f"01-v{n}", "type": "enkelvoudig", "bloom": "onthouden", "vraag": "Welke?",
                       "opties": opties, "uitleg": "Zo."})
    return {"notebook": "01_toets", "titel": "Toets", "vragen": vragen}


def test_pattern_rule():
    from wijklab.inhoud.bank import patronen

    eerst = wbank.bank_uit(_patroonbank([0, 0, 0, 1], lang=False))
    assert len(patronen(eerst)) == 1 and "eerste plek" in patronen(eerst)[0] and "3 van de 4" in patronen(eerst)[0]
    langst = wbank.bank_uit(_patroonbank([1, 2, 3, 1], lang=True))
    assert len(patronen(langst)) == 1 and "langste" in patronen(langst)[0]
    goed = wbank.bank_uit(_patroonbank([0, 0, 2, 3], lang=False))  # exactly half first: no habit
    assert patronen(goed) == []
    klein = wbank.bank_uit(_patroonbank([0, 0, 0], lang=True))  # fewer than 4 questions: no verdict
    assert patronen(klein) == []


def test_course_banks_have_no_answer_pattern():
    from wijklab.inhoud.bank import patronen

    found = [m for b in banks() for m in patronen(laad_bank(b), b.name)]
    assert not found, "\n".join(found)


def test_check_warns_about_patterns_but_does_not_fail(tmp_path):
    import shutil
    import subprocess
    import sys

    (tmp_path / "notebooks" / "vragen").mkdir(parents=True)
    (tmp_path / "data").mkdir()
    shutil.copytree(DOCS_DIR, tmp_path / "docs")
    _write_bank(tmp_path / "notebooks" / "vragen", _patroonbank([0, 0, 0, 0], lang=True))
    uit = subprocess.run([sys.executable, "-m", "wijklab", "check"], capture_output=True, text=True,
                         env={**__import__("os").environ, "WIJKLAB_CURSUS": str(tmp_path)})
    assert uit.returncode == 0, uit.stderr
    assert "Alles in orde" in uit.stdout
    assert "Waarschuwing" in uit.stderr and "eerste plek" in uit.stderr and "langste" in uit.stderr
