"""Shared fixtures for the Wijklab tests.

Every test runs with two environment variables set, so that no test ever writes into the real
``mijn_werk/`` of the course:

- ``WIJKLAB_CURSUS``  = the course root (the folder with notebooks/, data/ and docs/);
- ``WIJKLAB_WERKMAP`` = a fresh temporary folder per test.

A test that needs another course root (e.g. a copy with a broken bank) sets ``WIJKLAB_CURSUS``
itself with ``monkeypatch`` and calls :func:`clear_wijklab_caches`.

Also here, once: the event loop with a jumping clock (``virtuele_tijd``) and the browser tests'
fixtures (``lab``, ``browser_context``, ``page``, ``bank``; their helpers are in e2e_helpers.py).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

COURSE_ROOT = Path(__file__).resolve().parents[1]
TESTS_DIR = Path(__file__).resolve().parent

#: the notebooks that must exist (in this order); the tests fail if one is missing
EXPECTED_NOTEBOOKS = ("00_start", "01_gemengde_wijk", "02_de_breuk", "03_eigen_kracht", "04_inclusieve_wijk",
                      "05_doelgroepen_in_cijfers", "06_wijk_als_systeem", "07_gemengd_en_inclusief")
#: notebooks that have the full story structure (quizzes, reflections, charts, Bloom mix)
STORY_NOTEBOOKS = EXPECTED_NOTEBOOKS[1:]

if str(TESTS_DIR) not in sys.path:  # lets test modules `import spelling`
    sys.path.insert(0, str(TESTS_DIR))


def alle_paden(node, prefix=()):
    """All paths (tuples of keys/indices) into a nested dict/list, the root's () first."""
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from alle_paden(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from alle_paden(v, (*prefix, i))


def clear_wijklab_caches() -> None:
    """Forget cached banks/bibliography, so a changed WIJKLAB_CURSUS takes effect."""
    try:
        from wijklab.inhoud import bank
    except ImportError:  # pragma: no cover - the package is installed editable
        return
    bank.alle_banken.cache_clear()
    bank.bibliografie.cache_clear()


@pytest.fixture(scope="session")
def cursus() -> Path:
    """The course root."""
    return COURSE_ROOT


@pytest.fixture(autouse=True)
def _wijklab_env(monkeypatch, tmp_path_factory):
    """Point the engine at the course and at a temporary work folder for every test."""
    werkmap = tmp_path_factory.mktemp("mijn_werk")
    monkeypatch.setenv("WIJKLAB_CURSUS", str(COURSE_ROOT))
    monkeypatch.setenv("WIJKLAB_WERKMAP", str(werkmap))
    clear_wijklab_caches()
    yield werkmap
    clear_wijklab_caches()


@pytest.fixture
def werkmap(_wijklab_env) -> Path:
    """The temporary folder this test uses as the student's ``mijn_werk/``."""
    return _wijklab_env


# --- an event loop whose clock moves only when it would wait ---------------------------------------


class _VirtueleSelector:
    """The loop's selector, except that a wait for a timer passes at once: the loop's clock jumps."""

    def __init__(self, echt, loop: "_VirtueleTijdLoop"):
        self._echt, self._loop = echt, loop

    def select(self, timeout=None):
        gebeurd = self._echt.select(0)
        if gebeurd or timeout == 0:
            return gebeurd
        if timeout is None:  # nothing planned: wait for real I/O (another thread, a subprocess)
            return self._echt.select(None)
        self._loop.klok += timeout  # a timer is next: it is due now
        return []

    def __getattr__(self, naam):
        return getattr(self._echt, naam)


class _VirtueleTijdLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        super().__init__()
        self.klok = 0.0
        self._selector = _VirtueleSelector(self._selector, self)

    def time(self) -> float:
        return self.klok


@pytest.fixture
def virtuele_tijd():
    """Run a coroutine on an event loop whose clock moves only when the loop would wait for a timer.

    ``loop.call_later`` (the reflection's debounce, the store's retry after a lock) and
    ``asyncio.sleep`` then fire in their real order, without the test waiting for them; what runs
    in between (SQLite waiting for a real lock, a subprocess) takes its real time."""

    def draai(coro):
        with asyncio.Runner(loop_factory=_VirtueleTijdLoop) as runner:
            return runner.run(coro)

    return draai


# --- the browser tests (tests/test_e2e*.py): one JupyterLab and one Chromium per test module -------


@pytest.fixture(scope="module")
def lab(tmp_path_factory, request):
    """JupyterLab on a fresh copy of the course, started as cursus.py starts it, stopped after the module.

    The student's work goes to a folder next to the copy; a module that sets ``LAB_WERK_IN_CURSUS = True``
    gets it inside the copy (``mijn_werk/``, as on her computer)."""
    from e2e_helpers import course_server, vereisten

    vereisten()
    werk_in_cursus = getattr(request.module, "LAB_WERK_IN_CURSUS", False)
    with course_server(tmp_path_factory.mktemp(request.module.__name__), werk_in_cursus=werk_in_cursus) as server:
        yield server
    assert server.proc is None


@pytest.fixture(scope="module")
def browser_context(lab, tmp_path_factory):
    """Headless Debian chromium with a fresh profile (see e2e_helpers.launch_chromium)."""
    from e2e_helpers import chromium

    with chromium(tmp_path_factory.mktemp("chromium-profiel")) as ctx:
        yield ctx


@pytest.fixture
def page(browser_context):
    """A new tab for one test, closed afterwards."""
    page = browser_context.new_page()
    page.set_default_timeout(30_000)
    yield page
    page.close()


@pytest.fixture(scope="module")
def bank():
    """The bank of 00_start, the notebook the browser tests drive."""
    from wijklab.inhoud.bank import laad_bank

    return laad_bank(COURSE_ROOT / "notebooks" / "vragen" / "00_start.yaml")
