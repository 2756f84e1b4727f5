"""Every notebook runs top to bottom in a fresh, real kernel without errors or tracebacks.

Each notebook is executed once (nbclient, kernel python3, working directory notebooks/, 120 s per
cell) with ``WIJKLAB_WERKMAP`` pointing at a temporary folder, and the executed copy is written to
tests/artefacten/notebooks/ (git-ignored) for inspection. 00_start is also executed twice against
the same store: the visible text must be the same both times (times and ids aside).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import COURSE_ROOT, EXPECTED_NOTEBOOKS

pytestmark = pytest.mark.notebook

NOTEBOOK_DIR = COURSE_ROOT / "notebooks"
ARTIFACTS = COURSE_ROOT / "tests" / "artefacten" / "notebooks"
CELL_TIMEOUT = 120


def notebook_names() -> list[str]:
    """The expected notebooks plus every other notebook in notebooks/ (missing expected ones fail)."""
    present = {p.stem for p in NOTEBOOK_DIR.glob("*.ipynb")}
    return sorted(set(EXPECTED_NOTEBOOKS) | present)


@contextlib.contextmanager
def wijklab_env(werkmap: Path):
    """Set WIJKLAB_CURSUS/WIJKLAB_WERKMAP for the kernel (it inherits os.environ), then restore."""
    keys = ("WIJKLAB_CURSUS", "WIJKLAB_WERKMAP")
    old = {k: os.environ.get(k) for k in keys}
    os.environ["WIJKLAB_CURSUS"] = str(COURSE_ROOT)
    os.environ["WIJKLAB_WERKMAP"] = str(werkmap)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run_notebook(name: str, werkmap: Path, save_as: str | None = None, path: Path | None = None):
    path = path or NOTEBOOK_DIR / f"{name}.ipynb"
    if not path.exists():
        pytest.fail(f"notebooks/{name}.ipynb ontbreekt")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        allow_errors=True,  # collect all errors ourselves, with the cell they come from
        store_widget_state=True,
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    with wijklab_env(werkmap):
        client.execute()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, ARTIFACTS / f"{save_as or name}.ipynb")
    return nb


def _short(src: str, n: int = 80) -> str:
    first = src.strip().splitlines()[0] if src.strip() else ""
    return first[:n]


def error_outputs(nb) -> list[str]:
    out = []
    for i, cell in enumerate(nb.cells, start=1):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                out.append(f"cel {i} ({_short(cell.source)}): {o.get('ename')}: {o.get('evalue')}")
    return out


def stderr_outputs(nb) -> list[str]:
    out = []
    for i, cell in enumerate(nb.cells, start=1):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream" and o.get("name") == "stderr":
                out.append(f"cel {i} ({_short(cell.source)}): {o.get('text', '')[:300]}")
    return out


_TRACEBACK = re.compile(
    r"Traceback \(most recent call last\)|^\s*File \"[^\"]+\", line \d+|\w+(Error|Exception)\s+Traceback", re.M
)


def output_texts(cell) -> list[str]:
    """The text a student sees in a cell's outputs (streams, text/plain, HTML, Markdown, errors)."""
    texts = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream":
            texts.append(o.get("text", ""))
        elif o.get("output_type") == "error":
            texts.append("\n".join(o.get("traceback", [])))
        else:
            for mime, value in o.get("data", {}).items():
                if mime.startswith("text/") or mime == "application/vnd.plotly.v1+json":
                    texts.append(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    return texts


def tracebacks(nb) -> list[str]:
    found = []
    for i, cell in enumerate(nb.cells, start=1):
        for text in output_texts(cell):
            m = _TRACEBACK.search(text)
            if m:
                found.append(f"cel {i} ({_short(cell.source)}): …{text[max(0, m.start() - 100): m.end() + 200]}…")
    # output captured inside widgets (ipywidgets Output) lives in the saved widget state
    state = json.dumps(nb.metadata.get("widgets", {}), ensure_ascii=False)
    m = _TRACEBACK.search(state.replace("\\n", "\n").replace('\\"', '"'))
    if m:
        found.append(f"widgetstatus: …{state[max(0, m.start() - 100): m.end() + 200]}…")
    return found


@pytest.fixture(scope="module", params=notebook_names())
def executed(request, tmp_path_factory):
    return request.param, run_notebook(request.param, tmp_path_factory.mktemp(f"werk_{request.param}"))


def test_notebook_runs_without_errors(executed):
    name, nb = executed
    errors = error_outputs(nb)
    assert not errors, f"{name}: foutmeldingen bij uitvoeren:\n  " + "\n  ".join(errors)


def test_notebook_output_has_no_traceback(executed):
    name, nb = executed
    found = tracebacks(nb)
    assert not found, f"{name}: een student zou een traceback zien:\n  " + "\n  ".join(found)


def test_notebook_writes_nothing_to_stderr(executed):
    """Warnings and other stderr output show up as red boxes for the student."""
    name, nb = executed
    found = stderr_outputs(nb)
    assert not found, f"{name}: uitvoer op stderr:\n  " + "\n  ".join(found)


def test_notebook_shows_no_table_with_english_numbers_or_snake_case_headings(executed):
    """A bare DataFrame shows English decimals (8.2) and snake_case headings (pct_laag_inkomen): tables
    go through wl.tabel (or are formatted Dutch), never as pandas prints them."""
    import re

    name, nb = executed
    kaal = []
    for i, c in enumerate(nb.cells, start=1):
        for o in c.get("outputs", []) if c.cell_type == "code" else []:
            tabel = "".join(o.get("data", {}).get("text/html", ""))
            if 'class="dataframe"' not in tabel:
                continue
            koppen = re.findall(r"<th[^>]*>([^<]*)</th>", tabel)
            cellen = re.findall(r"<td[^>]*>([^<]*)</td>", tabel)
            if any(re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", k.strip()) for k in koppen) \
                    or any(re.fullmatch(r"-?\d+\.\d{1,2}", w.strip()) for w in cellen):
                kaal.append(f"cel {i} ({_short(c.source)})")
    assert not kaal, f"{name}: een tabel zoals pandas hem toont (gebruik wl.tabel):\n  " + "\n  ".join(kaal)


def test_notebook_every_code_cell_ran(executed):
    name, nb = executed
    not_run = [i for i, c in enumerate(nb.cells, start=1) if c.cell_type == "code" and c.source.strip() and c.execution_count is None]
    assert not not_run, f"{name}: cellen niet uitgevoerd: {not_run}"


def test_harness_sees_errors_stderr_and_tracebacks(tmp_path):
    """The checks above can fail: a small notebook with a bad cell, run in a real kernel."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import os, sys; print(os.environ['WIJKLAB_WERKMAP'])"),
        nbformat.v4.new_code_cell("print('let op', file=sys.stderr)"),
        nbformat.v4.new_code_cell("import traceback\ntry:\n    1/0\nexcept ZeroDivisionError:\n    traceback.print_exc(file=sys.stdout)"),
        nbformat.v4.new_code_cell("{}['x']"),
    ])
    path = tmp_path / "kapot.ipynb"
    nbformat.write(nb, path)
    done = run_notebook("kapot", tmp_path / "werk", save_as="_harnas", path=path)
    assert done.cells[0].outputs[0]["text"].strip() == str(tmp_path / "werk")
    assert [e.split(":")[1].strip() for e in error_outputs(done)] == ["KeyError"]
    assert len(stderr_outputs(done)) == 1
    assert len(tracebacks(done)) == 2  # the printed one and the error


# --- idempotence ---------------------------------------------------------------------------------

_VOLATILE = [
    (re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?)?"), "<datum>"),
    (re.compile(r"\b\d{1,2}[-/ ](?:\d{1,2}|jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)\w*[-/ ]\d{4}\b", re.I), "<datum>"),
    (re.compile(r"\b\d{1,2}:\d{2}(:\d{2})?\b"), "<tijd>"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I), "<uuid>"),
    (re.compile(r"\b[0-9a-f]{32}\b", re.I), "<id>"),
    (re.compile(r"0x[0-9a-f]+", re.I), "<adres>"),
    (re.compile(r"\b\d+([.,]\d+)?\s*(ms|s|sec|seconden)\b"), "<duur>"),
]


def normalized_outputs(nb) -> list[list[str]]:
    """Per code cell, the visible text with volatile parts (dates, times, ids) replaced."""
    result = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        texts = []
        for text in output_texts(cell):
            for pattern, repl in _VOLATILE:
                text = pattern.sub(repl, text)
            texts.append(text)
        result.append(texts)
    return result


def test_normalized_outputs_ignore_volatile_parts():
    def nb(text):
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output(
            "display_data", data={"text/plain": text})])])
    a = nb("Opgeslagen om 12:01:07 op 2026-11-28 (id 1b4e28ba-2fa1-11d2-883f-0016d3cca427)")
    b = nb("Opgeslagen om 09:15:00 op 2026-11-29 (id 6fa459ea-ee8a-3ca4-894e-db77e160355e)")
    assert normalized_outputs(a) == normalized_outputs(b)
    assert normalized_outputs(nb("3 vragen beantwoord")) != normalized_outputs(nb("4 vragen beantwoord"))


def _course_state() -> dict[str, float]:
    """Files a notebook run must not write: the real mijn_werk/, and anything but notebooks and banks
    in notebooks/ (the working directory of the kernel). Notebooks and banks themselves are left out
    because writers may save them while the tests run."""
    state = {}
    for folder in (COURSE_ROOT / "mijn_werk", NOTEBOOK_DIR):
        for p in folder.rglob("*") if folder.exists() else []:
            if folder == NOTEBOOK_DIR and p.suffix in (".ipynb", ".yaml"):
                continue
            if p.is_file() and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts:
                state[str(p.relative_to(COURSE_ROOT))] = p.stat().st_mtime
    return state


def test_start_notebook_is_idempotent(tmp_path):
    """00_start twice against the same store gives the same visible output, and leaves the course alone."""
    before = _course_state()
    werkmap = tmp_path / "mijn_werk"
    first = run_notebook("00_start", werkmap, save_as="00_start_run1")
    second = run_notebook("00_start", werkmap, save_as="00_start_run2")
    assert not error_outputs(first) and not error_outputs(second), error_outputs(first) + error_outputs(second)
    a, b = normalized_outputs(first), normalized_outputs(second)
    code = [c for c in first.cells if c.cell_type == "code"]
    diffs = [f"cel met '{_short(c.source)}':\n    1e keer: {x!r:.300}\n    2e keer: {y!r:.300}" for c, x, y in zip(code, a, b) if x != y]
    assert not diffs, "00_start geeft de tweede keer iets anders:\n  " + "\n  ".join(diffs)
    assert werkmap.exists(), "het notebook schreef niets in WIJKLAB_WERKMAP (wordt de variabele gelezen?)"
    assert _course_state() == before, "het notebook veranderde bestanden in de cursusmap (mijn_werk/ of notebooks/)"


# --- predictions nobody can spoil ------------------------------------------------------------------

def _waarde_patroon(waarde: float, eenheid: str = "") -> re.Pattern:
    """The value as the course writes it (wijklab.basis.taal.nl_getal: '30,7', '2.313'), as a number on its own;
    a small whole number ('12') only with its unit ('12 gemeenten'): on its own it is everywhere."""
    from wijklab.basis.taal import nl_getal

    # also as pandas prints it ('16.9', '14271') when a table is shown without wl.tabel
    tekst = "(?:" + "|".join(re.escape(t) for t in {nl_getal(waarde), f"{waarde:g}"}) + ")"
    if float(waarde).is_integer() and abs(waarde) < 1000 and eenheid:
        tekst += r"\s+\w*" + re.escape(eenheid.split()[0])  # '40 wijken', '40 krachtwijken'
    if eenheid.startswith("duizend"):  # 2313 duizend woningen: also '2,3 miljoen'
        tekst = f"(?:{tekst}|{re.escape(nl_getal(round(waarde / 1000, 1)))}\\s+miljoen)"
    return re.compile(r"(?<![\d.,])" + tekst + r"(?![\d]|[.,]\d)")


def _in_duizenden(tekst: str, waarde: float):
    """For a value in thousands (2313 duizend): a whole number that rounds to it ('2.312.981', '2312981')."""
    for m in re.finditer(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d]|,\d)|(?<![\d.,])\d{4,}(?![\d]|[.,]\d)", tekst):
        if round(int(m.group().replace(".", "")) / 1000) == waarde:
            return m
    return None


def _getallen(obj):
    """Every number in a JSON value (a plotly figure's data: the chart draws these)."""
    if isinstance(obj, bool):
        return
    if isinstance(obj, (int, float)):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _getallen(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _getallen(v)


_STIJL = re.compile(r"<style.*?</style>|style=\\?[\"'][^\"']*\\?[\"']", re.S)


def verklappers(nb, vraag_id: str, waarde: float, eenheid: str = "") -> list[str]:
    """Where a student who has not committed her estimate for ``vraag_id`` could read ``waarde``: the code of
    any cell (a literal in an alt text), any text
    (text/plain, text/html, Markdown, streams, plotly JSON with its alt text) in the output of the
    prediction's cell or a later one, a number in a later chart's data, or the saved widget state
    (what Output widgets show)."""
    from wijklab.basis.taal import nl_getal

    patroon = _waarde_patroon(waarde, eenheid)
    duizend = eenheid.startswith("duizend")
    decimalen = len(nl_getal(waarde).partition(",")[2])
    cellen = [c for c in nb.cells if c.cell_type == "code"]
    begin = next(i for i, c in enumerate(cellen) if f'wl.quiz("{vraag_id}"' in c.source)
    gevonden = []
    for cel in cellen:  # the code itself is on screen too, before and after the question
        if m := patroon.search(cel.source):
            gevonden.append(f"code van cel '{_short(cel.source)}': …{cel.source[max(0, m.start() - 80): m.end() + 40]}…")
    for cel in cellen[begin:]:
        for tekst in output_texts(cel):
            tekst = _STIJL.sub("", tekst)  # a style sheet's '12em' is no value
            if m := patroon.search(tekst) or (duizend and _in_duizenden(tekst, waarde)):
                gevonden.append(f"cel '{_short(cel.source)}': …{tekst[max(0, m.start() - 80): m.end() + 40]}…")
        for o in cel.get("outputs", []):
            figuur = o.get("data", {}).get("application/vnd.plotly.v1+json")
            if figuur and any(round(x, decimalen) == waarde or duizend and round(x / 1000) == waarde
                              for x in _getallen(figuur.get("data", []))):
                gevonden.append(f"cel '{_short(cel.source)}': de grafiek tekent {nl_getal(waarde)}")
    staat = _STIJL.sub("", json.dumps(nb.metadata.get("widgets", {}), ensure_ascii=False))
    if m := patroon.search(staat):
        gevonden.append(f"widgetstatus: …{staat[max(0, m.start() - 120): m.end() + 40]}…")
    return gevonden


def test_no_prediction_value_before_the_estimate(executed):
    """Run All without estimates (a fresh, empty store): no prediction's real value shows up in its own
    cell or any later output until the student commits her estimate (wl.na_schatting keeps it back)."""
    from wijklab.inhoud.bank import Voorspel, bank_voor

    name, nb = executed
    voorspellingen = [v for v in bank_voor(name[:2]).vragen if isinstance(v, Voorspel)]
    fout = {v.id: verklappers(nb, v.id, v.antwoord, v.eenheid) for v in voorspellingen}
    fout = {k: v for k, v in fout.items() if v}
    assert not fout, f"{name}: de echte waarde staat er al vóór de schatting:\n" + "\n".join(
        f"  {k}:\n    " + "\n    ".join(v) for k, v in fout.items())


def test_spoiler_check_finds_a_value():
    """The check above can fail: a value in a later cell's text, in a chart's data and in widget state."""
    def nb(data, widgets=None):
        n = nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_code_cell('wl.quiz("x-voorspel")'),
            nbformat.v4.new_code_cell("iets", outputs=[nbformat.v4.new_output("display_data", data=data)]),
        ])
        n.metadata["widgets"] = widgets or {}
        return n
    assert verklappers(nb({"text/plain": "Nederland: 30,7 procent"}), "x-voorspel", 30.7)
    assert verklappers(nb({"application/vnd.plotly.v1+json": {"data": [{"y": [31.2, 30.7]}]}}), "x-voorspel", 30.7)
    assert verklappers(nb({"text/plain": "1 vraag"}, {"s": "2.313 duizend"}), "x-voorspel", 2313)
    assert verklappers(nb({"text/html": "<td>16.9</td>"}), "x-voorspel", 16.9)
    for tekst in ("rond 2,3 miljoen woningen", "<td>2.312.981</td>", "2312981"):
        assert verklappers(nb({"text/html": tekst}), "x-voorspel", 2313, "duizend woningen"), tekst
    assert verklappers(nb({"application/vnd.plotly.v1+json": {"data": [{"y": [2312981]}]}}), "x-voorspel", 2313, "duizend woningen")
    assert not verklappers(nb({"text/plain": "2.269.883 en 2,2 miljoen"}), "x-voorspel", 2313, "duizend woningen")
    code = nb({"text/plain": "niets"})
    code.cells[1].source = 'alt="Nederland daalt van 30,7 procent"'
    assert verklappers(code, "x-voorspel", 30.7)
    assert not verklappers(nb({"text/plain": "130,75 en 30,71 en 2.313,5 en bijvoorbeeld 12,5"}), "x-voorspel", 30.7)
    assert not verklappers(nb({"text/plain": "bijvoorbeeld 12,5; 12 vragen"}), "x-voorspel", 12, "gemeenten")
    assert verklappers(nb({"text/plain": "in 12 gemeenten"}), "x-voorspel", 12, "gemeenten")
    assert not verklappers(nb({"text/html": "<style>.x { width: 12em }</style><p style='width: 12em'>niets</p>"}), "x-voorspel", 12)


def _teksten(vraag) -> str:
    """Everything a student can read of a question once she has answered it (texts, feedback, explanation)."""
    delen = [vraag.vraag, getattr(vraag, "uitleg", ""), getattr(vraag, "feedback_fout", "")]
    delen += [getattr(vraag, veld, "") for veld in ("feedback_te_laag", "feedback_te_hoog")]
    delen += [f"{o.tekst} {o.feedback}" for o in getattr(vraag, "opties", None) or []]
    delen += [f"{it.tekst} {it.toelichting}" for it in getattr(vraag, "items", None) or []]
    delen += [f"{p.links} {p.rechts}" for p in getattr(vraag, "paren", None) or []]
    return "\n".join(d or "" for d in delen)


@pytest.mark.parametrize("name", notebook_names())
def test_no_earlier_question_gives_a_number_away(name):
    """A prediction or number question is not answered by the text or feedback of a question the notebook
    shows before it (02-woningwet-wijk gave 02-voorspel-corporatie away; 00-begrippen and 00-tijdlijn gave
    00-aantal-wijken away)."""
    from e2e_helpers import called_ids
    from wijklab.inhoud.bank import Getal, Voorspel, bank_voor

    vragen = {v.id: v for v in bank_voor(name[:2]).vragen}
    volgorde = [i for i in called_ids(NOTEBOOK_DIR / f"{name}.ipynb", "quiz") if i in vragen]
    fout = []
    for plek, id_ in enumerate(volgorde):
        v = vragen[id_]
        if not isinstance(v, (Getal, Voorspel)):
            continue
        patroon = _waarde_patroon(v.antwoord, v.eenheid)
        for eerder in volgorde[:plek]:
            tekst = _teksten(vragen[eerder])
            if m := patroon.search(tekst) or (v.eenheid.startswith("duizend") and _in_duizenden(tekst, v.antwoord)):
                fout.append(f"{eerder} verraadt {id_}: …{tekst[max(0, m.start() - 60): m.end() + 30]}…")
    assert not fout, "\n".join(fout)
