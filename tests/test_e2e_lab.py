"""End-to-end: the student's JupyterLab as a whole, in real JupyterLab driven by headless Chromium.

- the course folder is JupyterLab's root and 00 Start opens (as ``python3 cursus.py`` starts it);
- every relative link in the notebooks, the docs and the export message leads to a file the server has;
- JupyterLab speaks Dutch: menus, the notebook's context menu and toolbar, the file browser's context
  menu, the status bar and the dialogs a student meets, measured label by label with hunspell nl_NL;
- nbgrader's menu, buttons and panels never show for a student, and do for the teacher
  (``python3 cursus.py docent``); JupyterLab's workspace is written into the course folder.

Screenshots for a person to look at go to WIJKLAB_SCHERMAFDRUKKEN when that names a folder
(e2e_helpers.schermafdruk).
"""

from __future__ import annotations

import html
import json
import os
import re
import urllib.error
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from e2e_helpers import (
    COURSE_ROOT,
    PANEL,
    LabServer,
    artefacts_on_failure,
    norm,
    open_notebook,
    run_cell_with,
    schermafdruk,
    schermafdruk_map,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

NB_PAD = "notebooks/00_start.ipynb"

#: words a Dutch JupyterLab keeps, as Dutch practice does (and names)
LEENWOORDEN = {
    "kernel", "kernels", "notebook", "notebooks", "jupyter", "jupyterlab", "python", "ipykernel", "markdown",
    "console", "consoles", "terminal", "terminals", "debugger", "widget", "widgets", "html", "pdf", "json",
    "csv", "tab", "tabs", "ctrl", "shift", "enter", "alt", "esc", "lsp", "ok", "url", "pandas", "plotly",
}


#: the conftest fixture ``lab`` keeps the store inside the course copy, as cursus.py starts JupyterLab
LAB_WERK_IN_CURSUS = True


def _bestandsbrowser(page) -> None:
    page.evaluate("() => window.jupyterapp.commands.execute('filebrowser:activate')")
    page.locator("#filebrowser").wait_for()


def _bestaat(server: LabServer, pad: str) -> bool:
    try:
        server.api("GET", f"/api/contents/{quote(pad)}?content=0")
        return True
    except urllib.error.HTTPError:
        return False


# --------------------------------------------------------------------------- 1. root, 00, links


def test_course_folder_is_the_root_and_00_start_opens(lab, page):
    inhoud = {i["name"] for i in lab.api("GET", "/api/contents/?content=1")["content"]}
    assert {"notebooks", "docs", "data", "mijn_werk"} <= inhoud, inhoud
    # the page JupyterLab would open in the browser (jupyter_server writes it for --no-browser too)
    geopend = [p.read_text(encoding="utf-8") for p in (lab.scratch / "runtime").glob("jpserver-*-open.html")]
    assert geopend and any(f"/lab/tree/{NB_PAD}" in t for t in geopend), geopend
    with artefacts_on_failure(page, "e2e-lab-root"):
        open_notebook(page, lab, NB_PAD)
        _bestandsbrowser(page)
        lijst = page.locator("#filebrowser .jp-DirListing-content")
        page.locator("#filebrowser .jp-BreadCrumbs-home").click()
        for naam in ("notebooks", "docs", "data", "mijn_werk"):
            lijst.locator(".jp-DirListing-itemText", has_text=re.compile(rf"^{naam}$")).wait_for()
        schermafdruk(page, "00-cursusmap-1400")


def _links(markdown_tekst: str) -> list[str]:
    """Markdown link targets and HTML href/src values of a text."""
    doelen = re.findall(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)", markdown_tekst)
    doelen += re.findall(r"""(?:href|src)=["']([^"']+)["']""", markdown_tekst)
    return [html.unescape(d) for d in doelen]


def _relatief(doel: str) -> bool:
    return not re.match(r"^[a-z][a-z0-9+.-]*:|^#|^//", doel)


def test_every_relative_link_in_notebooks_docs_and_export_reaches_a_file_on_the_server(lab):
    from wijklab.werk.export import Export

    bronnen: list[tuple[str, str]] = []  # (path of the file relative to the root, its text)
    for nb in sorted((lab.root / "notebooks").glob("*.ipynb")):
        cellen = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        tekst = "\n".join("".join(c["source"]) for c in cellen if c["cell_type"] == "markdown")
        bronnen.append((nb.relative_to(lab.root).as_posix(), tekst))
    for md in sorted((lab.root / "docs").glob("*.md")):
        bronnen.append((md.relative_to(lab.root).as_posix(), md.read_text(encoding="utf-8")))
    # what wl.exporteer() shows: links relative to the kernel's folder, the notebook's folder
    export = lab.root / "mijn_werk" / "export"
    oud = Path.cwd()
    os.chdir(lab.root / "notebooks")
    try:
        melding = Export(gelukt=True, html=export / "portfolio_x.html", json=export / "portfolio_x.json")._repr_html_()
    finally:
        os.chdir(oud)
    export.mkdir(parents=True)
    (export / "portfolio_x.html").write_text("<p>x</p>", encoding="utf-8")
    (export / "portfolio_x.json").write_text("{}", encoding="utf-8")
    bronnen.append(("notebooks/00_start.ipynb (wl.exporteer)", melding))

    gevolgd, kapot = 0, []
    for bron, tekst in bronnen:
        map_ = Path(bron.split(" ")[0]).parent
        for doel in _links(tekst):
            if not _relatief(doel):
                continue
            pad = os.path.normpath(map_ / unquote(doel.partition("#")[0]))
            gevolgd += 1
            if pad.startswith("..") or not _bestaat(lab, Path(pad).as_posix()):
                kapot.append(f"{bron}: {doel} -> {pad}")
    assert gevolgd >= 30, gevolgd
    assert not kapot, "links die nergens heen gaan:\n" + "\n".join(kapot)


# --------------------------------------------------------------------------- 2. Dutch JupyterLab


@pytest.fixture(scope="module")
def woordenboek():
    from spelling import dictionary

    return dictionary()


def _nederlands(label: str, woordenboek) -> bool:
    """True when every word of the label is Dutch (hunspell nl_NL) or a loanword Dutch practice keeps."""
    # file names and paths (00_start.ipynb, notebooks/00_start.ipynb) and key names in brackets are no words
    label = re.sub(r"\S*[\w-]+\.(?:ipynb|md|py|json|csv)\b\S*|\([^)]*\)", " ", label)
    woorden = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", label)
    for w in woorden:
        if w.lower() in LEENWOORDEN:
            continue
        if not (woordenboek.lookup(w) or woordenboek.lookup(w.lower())):
            return False
    return True


def _telt(label: str) -> bool:
    """A label that holds words (not only a file name or a number)."""
    return bool(re.search(r"[^\W\d_]{2,}", re.sub(r"\S*[\w-]+\.(?:ipynb|md|py|json|csv)\b\S*", " ", label)))


def _zichtbare_menulabels(page) -> list[str]:
    page.locator(".lm-Menu").first.wait_for()
    return page.evaluate("""() => [...document.querySelectorAll('.lm-Menu .lm-Menu-item')]
        .filter(e => e.offsetParent !== null && !e.classList.contains('lm-mod-hidden'))
        .map(e => e.querySelector('.lm-Menu-itemLabel').textContent.trim()).filter(t => t)""")


def _sluit_menu(page) -> None:
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.lm-Menu')")


def _dialoog(page, opdracht: str, naam: str, fotos: bool = False) -> list[str]:
    """Run a command that opens a dialog; return its title, text and button labels; cancel it."""
    page.evaluate("(c) => { window.jupyterapp.commands.execute(c); }", opdracht)
    dlg = page.locator(".jp-Dialog")
    try:
        dlg.wait_for(timeout=10_000)
    except Exception:
        pytest.fail(f"'{opdracht}' opent geen dialoog")
    page.wait_for_timeout(300)
    labels = [norm(dlg.locator(".jp-Dialog-header").inner_text())]
    body = norm(dlg.locator(".jp-Dialog-body").inner_text())
    # a rename dialog shows the file name in a text field: its label counts, the name does not
    labels += [t for t in re.split(r"(?<=[.?!:])\s+", body) if t]
    labels += [norm(t) for t in dlg.locator(".jp-Dialog-button").all_inner_texts()]
    if fotos:
        schermafdruk(page, f"dialoog-{naam}-1280")
    dlg.locator(".jp-Dialog-button.jp-mod-reject").first.click()
    dlg.wait_for(state="detached")
    return [f"{naam}: {t}" for t in labels if t]


def _verzamel_labels(page, lab, fotos: bool = False) -> list[str]:
    """Every label a student meets, as 'where: label'."""
    labels: list[str] = []
    if fotos:
        page.set_viewport_size({"width": 1280, "height": 900})
    open_notebook(page, lab, NB_PAD)
    # the main menus and what is in them
    menus = [norm(t) for t in page.locator("#jp-menu-panel .lm-MenuBar-item").all_inner_texts()]
    for i, menu in enumerate(menus):
        labels.append(f"menubalk: {menu}")
        page.locator("#jp-menu-panel .lm-MenuBar-item").nth(i).click()
        labels += [f"menu {menu}: {t}" for t in _zichtbare_menulabels(page)]
        if fotos and i in (0, 3, 4):
            schermafdruk(page, f"menu-{menu.lower()}-1280")
        _sluit_menu(page)
    # the notebook's context menu
    page.locator(f"{PANEL} .jp-CodeCell .jp-InputArea-editor").first.click(button="right")
    labels += [f"contextmenu notebook: {t}" for t in _zichtbare_menulabels(page)]
    if fotos:
        schermafdruk(page, "contextmenu-notebook-1280")
    _sluit_menu(page)
    # the notebook's toolbar: each button's tooltip, the cell type choices
    labels += [f"knoppenbalk: {norm(t)}" for t in page.evaluate(f"""() => [...document.querySelectorAll(
        '{PANEL} .jp-NotebookPanel-toolbar [title], {PANEL} .jp-NotebookPanel-toolbar option')]
        .filter(e => !e.closest('.jp-KernelName'))
        .map(e => e.tagName === 'OPTION' ? e.textContent : e.getAttribute('title')).filter(t => t && t.trim())""")]
    # the file browser: its toolbar and the context menu of a file
    _bestandsbrowser(page)
    browser = page.locator("#filebrowser")
    browser.locator(".jp-DirListing-item").first.wait_for()
    labels += [f"bestandsbrowser: {norm(t)}" for t in browser.evaluate("""(b) => [...b.querySelectorAll(
        '.jp-FileBrowser-toolbar [title], .jp-DirListing-headerItemText')].map(e => e.getAttribute('title') || e.textContent)
        .filter(t => t && t.trim())""")]
    browser.locator(".jp-DirListing-item").first.click(button="right")
    labels += [f"contextmenu bestand: {t}" for t in _zichtbare_menulabels(page)]
    if fotos:
        schermafdruk(page, "contextmenu-bestand-1280")
    _sluit_menu(page)
    # the status bar: its texts and tooltips (file names and numbers do not count as words)
    labels += [f"statusbalk: {norm(t)}" for t in page.evaluate("""() => {
        const s = document.querySelector('#jp-main-statusbar');
        const zichtbaar = e => e.offsetParent !== null;
        return [...s.querySelectorAll('[title]')].filter(zichtbaar).map(e => e.getAttribute('title'))
            .concat([...s.querySelectorAll('.jp-StatusBar-TextItem')].filter(zichtbaar).map(e => e.textContent));
    }""")]
    # the dialogs a student meets, with the notebook active again
    page.evaluate("""() => { const app = window.jupyterapp;
        const nb = [...app.shell.widgets('main')].find(w => w.context && w.context.path.endsWith('00_start.ipynb'));
        app.shell.activateById(nb.id); }""")
    for opdracht, naam in (
        ("kernelmenu:restart", "herstart"),
        ("kernelmenu:restart-and-clear", "herstart-en-wis"),
        ("runmenu:restart-and-run-all", "herstart-en-alles"),
        ("kernelmenu:shutdownAll", "alle-kernels-afsluiten"),
        ("filemenu:close-and-cleanup", "sluiten-en-afsluiten"),
        ("docmanager:rename", "hernoemen"),
        ("filemenu:shutdown", "jupyter-afsluiten"),
    ):
        labels += _dialoog(page, opdracht, naam, fotos)
    # closing a notebook with unsaved changes
    page.evaluate("() => { window.jupyterapp.shell.currentWidget.context.model.dirty = true; }")
    labels += _dialoog(page, "application:close", "sluiten-niet-opgeslagen", fotos)
    # a busy kernel, then a kernel that dies
    page.evaluate("""() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel
        .requestExecute({code: 'import time; time.sleep(2)'})""")
    page.wait_for_function(f"() => document.querySelector('{PANEL} .jp-Notebook-ExecutionIndicator')"
                           ".getAttribute('data-status') === 'busy'")
    labels += [f"statusbalk bezig: {norm(t)}" for t in page.evaluate("""() =>
        [...document.querySelectorAll('#jp-main-statusbar [title], #jp-main-statusbar .jp-StatusBar-TextItem')]
        .filter(e => e.offsetParent !== null).map(e => e.getAttribute('title') || e.textContent)""")]
    page.evaluate("""() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel
        .requestExecute({code: 'import os; os._exit(1)'})""")
    dlg = page.locator(".jp-Dialog")
    dlg.wait_for(timeout=60_000)
    page.wait_for_timeout(300)
    labels += [f"kernel-gestorven: {norm(t)}" for t in [dlg.locator(".jp-Dialog-header").inner_text(),
               *re.split(r"(?<=[.?!])\s+", norm(dlg.locator(".jp-Dialog-body").inner_text())),
               *dlg.locator(".jp-Dialog-button").all_inner_texts()] if norm(t)]
    if fotos:
        schermafdruk(page, "dialoog-kernel-gestorven-1280")
    dlg.locator(".jp-Dialog-button").last.click()
    return [t for t in labels if _telt(t.split(": ", 1)[1])]


def test_jupyterlab_menus_and_dialogs_are_at_least_95_percent_dutch(lab, page, woordenboek):
    fotos = schermafdruk_map() is not None
    with artefacts_on_failure(page, "e2e-lab-taal"):
        labels = _verzamel_labels(page, lab, fotos)
        if fotos:  # the same at 200 % zoom (640 CSS pixels): the Kernel menu and the restart dialog
            page.set_viewport_size({"width": 640, "height": 900})
            page.wait_for_timeout(500)
            page.locator("#jp-menu-panel .lm-MenuBar-item", has_text="Kernel").click()
            _zichtbare_menulabels(page)
            schermafdruk(page, "menu-kernel-200pct")
            _sluit_menu(page)
            _dialoog(page, "kernelmenu:restart", "herstart-200pct", fotos)
            page.set_viewport_size({"width": 1400, "height": 1000})
    engels = [t for t in labels if not _nederlands(t.split(": ", 1)[1], woordenboek)]
    aandeel = 1 - len(engels) / len(labels)
    print(f"\nNederlands: {len(labels) - len(engels)} van {len(labels)} labels ({aandeel:.1%}); nog Engels:")
    for t in engels:
        print("  ", t)
    assert len(labels) >= 150, labels
    assert aandeel >= 0.95, f"{aandeel:.1%} Nederlands; nog Engels: {engels}"
    # kept as Dutch practice keeps them, never translated away
    alles = " ".join(labels)
    assert "Kernel" in alles and "otebook" in alles
    # every menu path the course names ("**Uitvoeren → Alle cellen uitvoeren**") is one the student sees
    paden = _menupaden()
    assert paden, "geen menupaden gevonden in README.md en de notebooks"
    # (the Nbgrader menu is the teacher's, or on a hub with nbgrader's exchange: see docs/jupyterhub.md)
    fout = [f"{bron}: {menu} → {item}" for bron, menu, item in paden
            if menu != "Nbgrader" and f"menu {menu}: {item}" not in labels]
    assert not fout, "menupaden die niet in JupyterLab staan:\n" + "\n".join(fout)


def _menupaden() -> list[tuple[str, str, str]]:
    """(file, menu, item) for each "**Menu → Item**" or "**Menu →** `Item`" in the README, docs and notebooks."""
    bestanden = [COURSE_ROOT / "README.md", *sorted((COURSE_ROOT / "docs").glob("*.md")),
                 *sorted((COURSE_ROOT / "notebooks").glob("*.ipynb")), *sorted((COURSE_ROOT / "exercises").glob("*/*.ipynb"))]
    paden = []
    for pad in bestanden:
        tekst = pad.read_text(encoding="utf-8")
        if pad.suffix == ".ipynb":
            tekst = "\n".join("".join(c["source"]) for c in json.loads(tekst)["cells"] if c["cell_type"] == "markdown")
        for menu, item in re.findall(r"\*\*([A-Z][a-z]+) →(?:\*\* `| )([^*`\n]+?)(?:`|\*\*)", tekst):
            paden.append((pad.relative_to(COURSE_ROOT).as_posix(), menu, item.strip()))
    return paden


# --------------------------------------------------------------------------- 3. teacher tools


def _nbgrader_zichtbaar(page) -> list[str]:
    """What of nbgrader shows: its menu, its toolbar button, its panels (by their titles)."""
    menus = [norm(t) for t in page.locator("#jp-menu-panel .lm-MenuBar-item").all_inner_texts()]
    gezien = [m for m in menus if "nbgrader" in m.lower()]
    gezien += page.evaluate("""() => [...document.querySelectorAll('[title], .lm-TabBar-tabLabel, button')]
        .map(e => (e.getAttribute('title') || '') + ' ' + e.textContent)
        .filter(t => /validate|create assignment|formgrader|assignment list|course list/i.test(t))
        .map(t => t.trim().slice(0, 60))""")
    return gezien


@pytest.mark.skipif(not (Path(os.sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyter" / "nbgrader").is_dir(),
                    reason="nbgrader is niet geïnstalleerd in deze omgeving")
def test_nbgrader_never_shows_for_a_student_and_does_for_the_teacher(lab, page, tmp_path):
    with artefacts_on_failure(page, "e2e-lab-nbgrader"):
        open_notebook(page, lab, NB_PAD)
        page.wait_for_timeout(1000)
        assert _nbgrader_zichtbaar(page) == []
        # the teacher's JupyterLab (python3 cursus.py docent): nbgrader's menu is there
        (lab.root / "opdrachten_docent").mkdir(exist_ok=True)  # python3 cursus.py opdrachten makes it
        docent = LabServer(lab.root, lab.werkmap, tmp_path / "jupyter-docent", docent=True).start()
        try:
            page.goto(f"{docent.url}/lab?reset&token={docent.token}")
            page.locator("#jp-menu-panel .lm-MenuBar-item", has_text="Nbgrader").wait_for()
            assert _nbgrader_zichtbaar(page)
            assert "Loading the formgrader nbgrader serverextension" in docent.log.read_text(errors="replace")
        finally:
            docent.stop()


@pytest.mark.skipif(not (Path(os.sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyter" / "nbgrader").is_dir(),
                    reason="nbgrader is niet geïnstalleerd in deze omgeving")
def test_on_a_hub_with_nbgraders_exchange_students_get_the_assignment_list_only(lab, page, tmp_path):
    """jupyter/inleveren (docs/jupyterhub.md, chapter 5): Nbgrader → Assignment List, no teacher's tools."""
    server = LabServer(lab.root, lab.werkmap, tmp_path / "jupyter-inleveren",
                       config_voor=(COURSE_ROOT / "jupyter" / "inleveren",)).start()
    try:
        with artefacts_on_failure(page, "e2e-lab-inleveren"):
            page.goto(f"{server.url}/lab?reset&token={server.token}")
            page.locator("#jp-menu-panel .lm-MenuBar-item", has_text="Nbgrader").click()
            items = _zichtbare_menulabels(page)
            _sluit_menu(page)
            assert any("Assignment List" in t for t in items), items
            assert not [t for t in items if re.search(r"Formgrader|Course List|Create Assignment", t)], items
        log = server.log.read_text(errors="replace")
        assert "Loading the assignment_list nbgrader serverextension" in log
        assert "Loading the formgrader nbgrader serverextension" not in log
    finally:
        server.stop()


def test_jupyterlab_keeps_its_workspace_in_the_course_folder_not_in_the_home(lab, page):
    with artefacts_on_failure(page, "e2e-lab-werkruimte"):
        open_notebook(page, lab, NB_PAD)
        _bestandsbrowser(page)
        werkruimtes = lab.root / "jupyter" / "lab" / "workspaces"
        page.wait_for_function("() => true")
        for _ in range(50):
            if list(werkruimtes.glob("*.jupyterlab-workspace")):
                break
            page.wait_for_timeout(200)
        assert list(werkruimtes.glob("*.jupyterlab-workspace")), list(lab.root.rglob("*workspace*"))
        assert not list((lab.scratch / "config").rglob("*.jupyterlab-workspace"))


def test_the_terminal_shows_no_hook_warning_and_no_unencrypted_kernel_warning(lab, page):
    """What the student sees in her terminal: no duplicate pre_save_hook warning, and the kernel talks to
    the server encrypted (no "Kernel is running over TCP without encryption")."""
    with artefacts_on_failure(page, "e2e-lab-terminal"):
        open_notebook(page, lab, NB_PAD)
        page.evaluate("""() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel
            .requestExecute({code: 'print(1 + 1)'}).done""")
    log = lab.log.read_text(errors="replace")
    assert "Kernel started" in log
    assert "Overriding existing pre_save_hook" not in log
    assert "without encryption" not in log
    assert "nbgrader" not in log.lower()  # the teacher's tool does not even load for a student


def test_middelstad_chart_fits_the_notebook_at_1280_px_and_at_200_percent(lab, page):
    """06's model chart takes the notebook's width (a fixed 800 px cut off its third column); a moved
    slider says at once that the chart belongs to the previous rules."""
    with artefacts_on_failure(page, "e2e-lab-middelstad"):
        page.set_viewport_size({"width": 1280, "height": 900})
        open_notebook(page, lab, "notebooks/06_wijk_als_systeem.ipynb")
        run_cell_with(page, "wl.middelstad_model()", "start")
        svg = page.locator(f"{PANEL} .wl-model .main-svg").first
        svg.wait_for(timeout=60_000)
        for breedte, naam in ((1280, "1280"), (640, "200pct")):
            page.set_viewport_size({"width": breedte, "height": 900})
            page.wait_for_timeout(1000)  # plotly redraws after the window changed size
            maten = page.evaluate(f"""() => {{
                const s = document.querySelector('{PANEL} .wl-model .main-svg').getBoundingClientRect();
                const o = document.querySelector('{PANEL} .wl-model').closest('.jp-OutputArea-output').getBoundingClientRect();
                return {{svg: s.right, uitvoer: o.right, venster: window.innerWidth}};
            }}""")
            assert maten["svg"] <= maten["uitvoer"] + 1 and maten["svg"] <= maten["venster"], (naam, maten)
            svg.scroll_into_view_if_needed()
            schermafdruk(page, f"middelstad-{naam}")
        page.locator(f"{PANEL} .wl-model .widget-checkbox input").first.click()
        status = page.locator(f"{PANEL} .wl-model .wl-info").first
        page.wait_for_function(f"() => (document.querySelector('{PANEL} .wl-model .wl-info') || {{}}).innerText?.includes('vorige regels')")
        schermafdruk(page, "middelstad-verouderd-200pct")
        assert "Draai tien jaar" in status.inner_text()
    page.set_viewport_size({"width": 1400, "height": 1000})
