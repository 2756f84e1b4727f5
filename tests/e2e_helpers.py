"""Helpers for the browser tests: a throw-away JupyterLab server, headless Chromium, waits, screenshots.

Used by the browser tests (tests/test_e2e*.py, tests/test_toegankelijkheid.py); their shared fixtures
(``lab``, ``browser_context``, ``page``, ``bank``) are in tests/conftest.py. Screenshots for a person to
look at go to the folder ``WIJKLAB_SCHERMAFDRUKKEN`` names, when it is set (:func:`schermafdruk`,
:func:`schermafdruk_blok`); a failure always keeps its screenshot and page in tests/artefacten/. Recipe and traps: see
shared/stack-notes.md sections 5 and 6 (Debian chromium with ``executable_path``, never
``playwright install``; ``--allow-root`` only as root; ``?reset``; scope to the visible panel;
run-all through the Run menu command ``runmenu:run-all``; kernels outlive the browser).
"""

from __future__ import annotations

import base64
import contextlib
import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

COURSE_ROOT = Path(__file__).resolve().parents[1]
if str(COURSE_ROOT) not in sys.path:  # cursus.py: how the course starts JupyterLab
    sys.path.insert(0, str(COURSE_ROOT))
from cursus import lab_argumenten, lab_omgeving  # noqa: E402
ARTEFACTS = Path(__file__).resolve().parent / "artefacten"
VENV_BIN = Path(sys.executable).parent

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: the notebook panel that is visible (JupyterLab keeps hidden tabs in the DOM)
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"


# --- the course copy -------------------------------------------------------------------------


def copy_course(dst: Path, src: Path = COURSE_ROOT) -> Path:
    """Copy notebooks/, data/ and docs/ of the course into ``dst`` (never the student's work)."""
    negeer = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "mijn_werk", "export")
    dst.mkdir(parents=True, exist_ok=True)
    for deel in ("notebooks", "data", "docs"):
        if (src / deel).is_dir():
            shutil.copytree(src / deel, dst / deel, ignore=negeer)
    return dst


def code_cells(notebook: Path) -> list[str]:
    data = json.loads(notebook.read_text(encoding="utf-8"))
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in data["cells"] if c["cell_type"] == "code"]


def called_ids(notebook: Path, functie: str) -> list[str]:
    """Ids used in ``wl.<functie>("...")`` calls of a notebook, in order."""
    patroon = re.compile(rf"""\b{functie}\(\s*["']([0-9]{{2}}-[a-z0-9-]+)["']""")
    return [m for src in code_cells(notebook) for m in patroon.findall(src)]


def vraagblokken(notebook: Path) -> int:
    """How many question blocks a notebook shows after Run All with a fresh store: one per ``wl.quiz`` and
    ``wl.reflectie`` call, plus one per question of the diagnostic for each ``wl.diagnose`` call (a review,
    ``wl.herhaling``, shows none for a student who answered nothing yet)."""
    from wijklab.leerling.diagnostiek import diagnose_bank

    n = len(called_ids(notebook, "quiz")) + len(called_ids(notebook, "reflectie"))
    diagnoses = sum(src.count("wl.diagnose(") for src in code_cells(notebook))
    return n + diagnoses * len(diagnose_bank().vragen) if diagnoses else n


def plain_text(markdown_tekst: str) -> str:
    """What a reader sees of a bank's Markdown: the rendered HTML without tags, whitespace normalised."""
    from wijklab.leerling import ui

    zonder_tags = re.sub(r"<[^>]+>", " ", ui.markdown(markdown_tekst))
    return norm(html.unescape(zonder_tags))


def norm(tekst: str) -> str:
    return " ".join((tekst or "").replace("\u00a0", " ").split())


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LabServer:
    """A JupyterLab server on loopback, with its own config/data/runtime dirs and a token.

    The kernels it starts inherit ``WIJKLAB_CURSUS`` (the course copy) and ``WIJKLAB_WERKMAP``.
    """

    root: Path  # the course copy: the server's root_dir
    werkmap: Path
    scratch: Path  # for JUPYTER_* dirs and the log
    port: int = field(default_factory=free_port)
    token: str = field(default_factory=lambda: uuid.uuid4().hex)
    proc: subprocess.Popen | None = None
    docent: bool = False  # the teacher's JupyterLab (``python3 cursus.py docent``)
    config_voor: tuple = ()  # extra settings folders before the course's (e.g. jupyter/inleveren on a hub)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.scratch / "jupyterlab.log"

    def start(self, timeout: float = 90) -> "LabServer":
        env = dict(os.environ)
        for naam in ("config", "data", "runtime"):
            (self.scratch / naam).mkdir(parents=True, exist_ok=True)
        env.update(
            JUPYTER_CONFIG_DIR=str(self.scratch / "config"),
            JUPYTER_DATA_DIR=str(self.scratch / "data"),
            JUPYTER_RUNTIME_DIR=str(self.scratch / "runtime"),
            IPYTHONDIR=str(self.scratch / "ipython"),
            WIJKLAB_CURSUS=str(self.root),
            WIJKLAB_WERKMAP=str(self.werkmap),
            PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
        )
        env.pop("JUPYTER_PATH", None)
        env.pop("JUPYTER_CONFIG_PATH", None)
        # the shipped settings (Dutch, no news, course kernel, pre-save hook), exactly as cursus.py does
        env = lab_omgeving(env, docent=self.docent)
        env["JUPYTER_CONFIG_PATH"] = os.pathsep.join([*map(str, self.config_voor), env["JUPYTER_CONFIG_PATH"]])
        cmd = [
            str(VENV_BIN / "jupyter"), "lab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            # the course folder as root, 00 Start, workspaces in the course folder: as cursus.py does
            *lab_argumenten(self.root, docent=self.docent),
            "--ServerApp.open_browser=False",
            # lets the tests ask the notebook's session whether its kernel is connected and idle
            "--LabApp.expose_app_in_browser=True",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self._logf = open(self.log, "wb")
        self.proc = subprocess.Popen(cmd, env=env, cwd=self.root, stdout=self._logf, stderr=subprocess.STDOUT, start_new_session=True)
        eind = time.monotonic() + timeout
        while time.monotonic() < eind:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab stopped at start (rc {self.proc.returncode}):\n{self.log.read_text(errors='replace')[-3000:]}")
            try:
                self.api("GET", "/api/status")
                return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.3)
        self.stop()
        raise TimeoutError(f"JupyterLab not up after {timeout} s:\n{self.log.read_text(errors='replace')[-3000:]}")

    def api(self, method: str, pad: str, timeout: float = 10):
        req = urllib.request.Request(f"{self.url}{pad}", method=method, headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            body = r.read()
        return json.loads(body) if body else None

    def kernels(self) -> list[dict]:
        return self.api("GET", "/api/kernels")

    def stop(self) -> None:
        """Shut down every kernel through the API, then the server (its pid; SIGKILL if it hangs)."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            with contextlib.suppress(Exception):
                for k in self.kernels():
                    with contextlib.suppress(Exception):
                        self.api("DELETE", f"/api/kernels/{k['id']}", timeout=20)
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._logf.close()
        self.proc = None


@contextlib.contextmanager
def course_server(tmp: Path, *, werk_in_cursus: bool = False):
    """A LabServer on a fresh copy of the course in ``tmp``, stopped afterwards. With ``werk_in_cursus``
    the student's work folder is the course's own mijn_werk/ (as on her computer), else a folder next to it."""
    root = copy_course(tmp / "cursus")
    werkmap = root / "mijn_werk" if werk_in_cursus else tmp / "mijn_werk"
    werkmap.mkdir()
    server = LabServer(root, werkmap, tmp / "jupyter").start()
    try:
        yield server
    finally:
        server.stop()


# --- the browser -----------------------------------------------------------------------------


@contextlib.contextmanager
def chromium(profiel: Path):
    """Playwright with Debian chromium (see launch_chromium), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        ctx = launch_chromium(p, profiel)
        try:
            yield ctx
        finally:
            ctx.close()


def launch_chromium(playwright, profiel: Path):
    """Debian chromium, headless, with a fresh profile (never a downloaded browser)."""
    profiel.mkdir(parents=True, exist_ok=True)
    return playwright.chromium.launch_persistent_context(
        str(profiel),
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": 1400, "height": 1000},
        locale="nl-NL",
    )


def vereisten() -> None:
    """Fail (not skip) when what every JupyterLab test needs is missing: Debian chromium and 00_start."""
    import pytest

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium (/usr/bin/chromium) ontbreekt: apt-get install chromium")
    if not (COURSE_ROOT / "notebooks" / "00_start.ipynb").exists():
        pytest.fail("notebooks/00_start.ipynb bestaat (nog) niet")


# --- screenshots for a person to look at --------------------------------------------------------

#: the environment variable that names a folder for screenshots (never in git); without it none are taken
SCHERMAFDRUKKEN = "WIJKLAB_SCHERMAFDRUKKEN"


def schermafdruk_map() -> Path | None:
    """The folder for screenshots (made if needed), or None when ``WIJKLAB_SCHERMAFDRUKKEN`` is not set."""
    map_ = os.environ.get(SCHERMAFDRUKKEN)
    if not map_:
        return None
    Path(map_).mkdir(parents=True, exist_ok=True)
    return Path(map_)


def schermafdruk(page, naam: str) -> None:
    """The window as ``<naam>.png``, when ``WIJKLAB_SCHERMAFDRUKKEN`` is set."""
    if (map_ := schermafdruk_map()) is not None:
        page.screenshot(path=str(map_ / f"{naam}.png"))


def schermafdruk_blok(page, blok, naam: str) -> None:
    """The block at 1280 px and at 200 % zoom (640 CSS px, device scale 2), when ``WIJKLAB_SCHERMAFDRUKKEN`` is set."""
    map_ = schermafdruk_map()
    if map_ is None:
        return
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")  # the file browser: the notebook gets the width
    cdp = page.context.new_cdp_session(page)
    try:
        for breedte, schaal in ((1280, 1), (640, 2)):
            page.set_viewport_size({"width": breedte, "height": 1200})
            cdp.send("Emulation.setDeviceMetricsOverride", {"width": breedte, "height": 1200, "deviceScaleFactor": schaal, "mobile": False})
            page.evaluate("() => window.dispatchEvent(new Event('resize'))")
            page.wait_for_timeout(800)  # JupyterLab lays the panel out again
            blok.scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            doos = blok.bounding_box()
            # through CDP itself: Playwright's own screenshot puts the device scale back to 1
            beeld = cdp.send("Page.captureScreenshot", {"format": "png", "clip": {**doos, "scale": 1}})
            (map_ / f"{naam}-{breedte}px-x{schaal}.png").write_bytes(base64.b64decode(beeld["data"]))
    finally:
        cdp.send("Emulation.clearDeviceMetricsOverride")
        cdp.detach()
        page.set_viewport_size({"width": 1400, "height": 1000})
        page.evaluate("() => window.dispatchEvent(new Event('resize'))")


@contextlib.contextmanager
def artefacts_on_failure(page, naam: str):
    """On any failure: keep a screenshot and the page HTML in tests/artefacten/, then re-raise."""
    try:
        yield
    except BaseException:
        ARTEFACTS.mkdir(exist_ok=True)
        stempel = time.strftime("%Y%m%d-%H%M%S")
        with contextlib.suppress(Exception):
            page.screenshot(path=str(ARTEFACTS / f"{naam}-{stempel}.png"), full_page=True)
        with contextlib.suppress(Exception):
            (ARTEFACTS / f"{naam}-{stempel}.html").write_text(page.content(), encoding="utf-8")
        raise


# --- JupyterLab actions ------------------------------------------------------------------------

#: true when every code cell of the visible notebook shows an execution count and the kernel is idle
_ALL_RUN_JS = """
(panel) => {
  const p = document.querySelector(panel);
  if (!p) return false;
  const app = window.jupyterapp;
  const k = app && app.shell.currentWidget && app.shell.currentWidget.sessionContext.session?.kernel;
  if (!k || k.status !== 'idle') return false;
  const ind = p.querySelector('.jp-Notebook-ExecutionIndicator');
  if (ind && ind.getAttribute('data-status') !== 'idle') return false;
  const prompts = [...p.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
  if (prompts.length === 0) return false;
  return prompts.every(e => /^\\[\\d+\\]:$/.test(e.textContent.replace(/\\s/g, '')));
}
"""

_IDLE_JS = """
(panel) => {
  // the toolbar indicator says 'idle' before the kernel is even connected: ask the session too
  const app = window.jupyterapp;
  const w = app && app.shell.currentWidget;
  const sc = w && w.sessionContext;
  const k = sc && sc.session && sc.session.kernel;
  if (!sc || !sc.isReady || !k || k.connectionStatus !== 'connected' || k.status !== 'idle') return false;
  const ind = document.querySelector(panel + ' .jp-Notebook-ExecutionIndicator');
  return !!ind && ind.getAttribute('data-status') === 'idle';
}
"""


def open_notebook(page, server: LabServer, relpad: str, timeout: float = 60_000) -> None:
    page.goto(f"{server.url}/lab/tree/{relpad}?reset&token={server.token}", timeout=timeout)
    page.wait_for_selector(f"{PANEL} .jp-Notebook .jp-Cell", timeout=timeout)
    wait_idle(page, timeout)


def wait_idle(page, timeout: float = 60_000) -> None:
    page.wait_for_function(_IDLE_JS, arg=PANEL, timeout=timeout)


#: the menus as the course's Dutch JupyterLab names them (jupyterlab-language-pack-nl-NL)
MENUS = {"File": "Bestand", "Edit": "Bewerk", "View": "Weergave", "Run": "Uitvoeren", "Kernel": "Kernel"}


def menu_command(page, menu: str, command: str) -> None:
    """Open a menu of the menu bar by its (Dutch) name and click the item with this command id."""
    naam = MENUS.get(menu, menu)
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^\s*{re.escape(naam)}\s*$")).first.click()
    page.locator(f'.lm-Menu-item[data-command="{command}"]').click()


def run_all(page, timeout: float = 90_000) -> None:
    """Run all cells through the Run menu and wait until every code cell has run and the kernel is idle.

    Call this only when the prompts are empty (fresh notebook, or after restart-and-clear), so a
    finished earlier run cannot be mistaken for this one.
    """
    menu_command(page, "Uitvoeren", "runmenu:run-all")
    page.wait_for_function(_ALL_RUN_JS, arg=PANEL, timeout=timeout)


def run_cell_with(page, tekst: str, plek: str = "center") -> int:
    """Run the first code cell whose source holds `tekst` (scrolled to `plek`, as a person would click it and
    press Shift+Enter in command mode); returns its index in the notebook."""
    index = page.evaluate("""(t) => window.jupyterapp.shell.currentWidget.content.widgets.findIndex(
        c => c.model.type === 'code' && c.model.sharedModel.getSource().includes(t))""", tekst)
    assert index >= 0, f"geen codecel met {tekst!r} in het notebook"
    page.evaluate("""async ([i, plek]) => {
        const nb = window.jupyterapp.shell.currentWidget.content;
        await nb.scrollToItem(i, plek);
        nb.activeCellIndex = i;
        nb.mode = 'command';
        await window.jupyterapp.commands.execute('notebook:run-cell');
    }""", [index, plek])
    return index


def restart_kernel_and_clear(page, timeout: float = 60_000) -> None:
    """Kernel menu → Restart Kernel and Clear Outputs of All Cells…, confirm the dialog."""
    menu_command(page, "Kernel", "kernelmenu:restart-and-clear")
    page.locator(".jp-Dialog .jp-mod-accept").click()
    page.wait_for_selector(".jp-Dialog", state="detached", timeout=timeout)
    # outputs cleared (no widget of the old kernel left on screen), prompts empty, kernel idle
    page.wait_for_function(
        """(panel) => {
            const p = document.querySelector(panel);
            return !!p && p.querySelectorAll('.jp-OutputArea-output').length === 0
              && [...p.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
                   .every(e => !/\\d/.test(e.textContent));
        }""",
        arg=PANEL,
        timeout=timeout,
    )
    wait_idle(page, timeout)


def visible_output_text(page) -> str:
    return page.locator(f"{PANEL} .jp-OutputArea").evaluate_all("els => els.map(e => e.innerText).join('\\n')")
