"""Helpers for the JupyterHub test: a real hub on loopback, the course as a local git repository, /proc.

Recipe: shared/stack-notes.md section 11 (jupyterhub + nbgitpuller from PyPI, configurable-http-proxy
from npm, DummyAuthenticator, SimpleLocalProcessSpawner with one home per user). Every process the hub
starts (proxy, single-user servers, kernels) carries the environment variable ``WIJKLAB_HUBTEST`` with a
random value, so :meth:`Hub.stop` can find and end every one of them by pid, even when the hub itself
died first. The single-user servers run in their own sessions (JupyterHub starts them with
``start_new_session``), so a process-group kill of the hub alone would leave them running.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from e2e_helpers import _ALL_RUN_JS, COURSE_ROOT, PANEL, VENV_BIN, free_port, wait_idle

MARKER_VAR = "WIJKLAB_HUBTEST"
#: c.JupyterHub.concurrent_spawn_limit of the test hub, about ten per core: a server start costs ~2.5 CPU seconds,
#: so ten starts per core finish in about half a minute (benchmarks/hub_klas.py; docs/jupyterhub.md, section 6)
SPAWN_LIMIT = 20


def find_proxy() -> str | None:
    """configurable-http-proxy: on PATH, or where ``python3 cursus.py test`` puts it (.venv/node_modules)."""
    for kandidaat in (shutil.which("configurable-http-proxy"), COURSE_ROOT / ".venv" / "node_modules" / ".bin" / "configurable-http-proxy"):
        if kandidaat and Path(kandidaat).exists():
            return str(kandidaat)
    return None


# --- the course as a git repository ------------------------------------------------------------


def git(*args: str, cwd: Path) -> str:
    uitkomst = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if uitkomst.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} faalde in {cwd}:\n{uitkomst.stdout}\n{uitkomst.stderr}")
    return uitkomst.stdout


def course_repository(dst: Path, src: Path = COURSE_ROOT) -> Path:
    """A clone of the course's committed HEAD on branch ``main``: the teacher's repository."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    git("clone", "--quiet", "--no-hardlinks", "--single-branch", "--no-tags", str(src), str(dst), cwd=dst.parent)
    git("checkout", "--quiet", "-B", "main", cwd=dst)
    git("config", "user.name", "Docent Wijklab", cwd=dst)
    git("config", "user.email", "docent@example.org", cwd=dst)
    return dst


# --- the hub ---------------------------------------------------------------------------------

CONFIG = '''\
# JupyterHub for the Wijklab hub test (written by tests/hub_helpers.py). Test set-up, not for production:
# one shared password, and SimpleLocalProcessSpawner runs every user as the same Unix user.
c = get_config()  # noqa: F821

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = {proxy_pid!r}
c.JupyterHub.db_url = "sqlite:///{db}"
c.JupyterHub.cookie_secret_file = {cookie_secret!r}
c.JupyterHub.pid_file = {pid_file!r}

c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allowed_users = {users!r}

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {home_template!r}
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"

# --- a class at once: figures from benchmarks/hub_klas.py, see docs/jupyterhub.md section 6 ---
# at most this many servers starting at the same time; the next student gets "try again in 30-60 s" (429)
c.JupyterHub.concurrent_spawn_limit = {spawn_limit}
c.JupyterHub.spawn_throttle_retry_range = (30, 60)  # JupyterHub's default; its lower bound ~ the median start
# a whole class starting on a busy server: the hub waits this long for a server to start and to answer
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120
# memory per student (her server + her kernels). LocalProcessSpawner does NOT enforce this: it only passes
# MEM_LIMIT to the server (shown by jupyter-resource-usage). SystemdSpawner and KubeSpawner enforce it.
c.Spawner.mem_limit = "1G"
# marks every process of this hub, so the test can stop them all (see tests/hub_helpers.py)
c.Spawner.environment = {{{marker_var!r}: {marker!r}}}

# the course's own JupyterLab settings (Dutch interface, no news, the course kernel, nbgrader's teacher
# tools off), from jupyter/ of the course as the admin installed it, as in docs/jupyterhub.md chapter 5
c.Spawner.environment["JUPYTER_CONFIG_PATH"] = {lab_config!r}
c.Spawner.environment["JUPYTER_PATH"] = {lab_config!r}

# a token for the test itself: stop a student's server ("she closes her laptop and comes back later")
c.JupyterHub.services = [{{"name": "wijklab-test", "api_token": {api_token!r}}}]
c.JupyterHub.load_roles = [{{"name": "wijklab-test", "scopes": ["admin:servers", "read:users"], "services": ["wijklab-test"]}}]

# the idle culler: a server nobody used for an hour stops (her work stays in her home; the link starts a new one)
c.JupyterHub.services.append({{
    "name": "idle-culler",
    "command": [{python!r}, "-m", "jupyterhub_idle_culler", "--timeout=3600", "--cull-every=300"],
    "environment": {{{marker_var!r}: {marker!r}}},
}})
c.JupyterHub.load_roles.append({{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}})
'''


@dataclass
class Hub:
    """A real JupyterHub on 127.0.0.1 with free ports; homes under ``root/home/<username>``."""

    root: Path
    users: tuple[str, ...]
    password: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    api_token: str = field(default_factory=lambda: uuid.uuid4().hex)
    marker: str = field(default_factory=lambda: uuid.uuid4().hex)
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None
    spawn_limit: int = SPAWN_LIMIT  # benchmarks/hub_klas.py --spawnlimiet tries others

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.root / "hub" / "jupyterhub.log"

    def home(self, user: str) -> Path:
        return self.root / "home" / user

    def write_config(self) -> Path:
        hubmap = self.root / "hub"
        hubmap.mkdir(parents=True, exist_ok=True)
        (self.root / "home").mkdir(exist_ok=True)
        args = [
            # the tests ask the notebook's session whether its kernel is idle (window.jupyterapp)
            "--LabApp.expose_app_in_browser=True",
            # nothing reaches the network: no news toast, no update check
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(0, "--allow-root")
        proxy = find_proxy()
        if proxy is None:
            raise RuntimeError("configurable-http-proxy ontbreekt: draai 'python3 cursus.py test' (die installeert hem met npm)")
        ports = {"hub_port": free_port(), "proxy_api_port": free_port()}
        pad = hubmap / "jupyterhub_config.py"
        pad.write_text(
            CONFIG.format(
                port=self.port,
                **ports,
                proxy=proxy,
                proxy_pid=str(hubmap / "proxy.pid"),
                db=hubmap / "jupyterhub.sqlite",
                cookie_secret=str(hubmap / "cookie_secret"),
                pid_file=str(hubmap / "jupyterhub.pid"),
                password=self.password,
                users=set(self.users),
                home_template=str(self.root / "home" / "{username}"),
                singleuser=str(VENV_BIN / "jupyterhub-singleuser"),
                args=args,
                marker_var=MARKER_VAR,
                marker=self.marker,
                api_token=self.api_token,
                lab_config=str(COURSE_ROOT / "jupyter"),
                spawn_limit=self.spawn_limit,
                python=str(VENV_BIN / "python"),
            ),
            encoding="utf-8",
        )
        return pad

    def start(self, timeout: float = 120) -> "Hub":
        config = self.write_config()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("WIJKLAB_", "JUPYTER"))}
        env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
        env[MARKER_VAR] = self.marker
        env.setdefault("LANG", "C.UTF-8")
        self._logf = open(self.log, "wb")
        self.proc = subprocess.Popen(
            [str(VENV_BIN / "jupyterhub"), "-f", str(config)],
            cwd=config.parent, env=env, stdout=self._logf, stderr=subprocess.STDOUT, start_new_session=True,
        )
        eind = time.monotonic() + timeout
        while time.monotonic() < eind:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub stopte bij het starten (rc {self.proc.returncode}):\n{self.log_tail()}")
            try:
                self.api("GET", "/hub/api/")
                return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.3)
        raise TimeoutError(f"JupyterHub niet bereikbaar na {timeout} s:\n{self.log_tail()}")

    def log_tail(self, n: int = 4000) -> str:
        with contextlib.suppress(OSError):
            return self.log.read_text(errors="replace")[-n:]
        return ""

    def api(self, method: str, pad: str, timeout: float = 15):
        req = urllib.request.Request(f"{self.url}{pad}", method=method, headers={"Authorization": f"token {self.api_token}"})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            body = r.read()
        return json.loads(body) if body else None

    def stop_server(self, user: str, timeout: float = 60) -> None:
        """Stop a student's single-user server (and so her kernels) through the hub's REST API."""
        with contextlib.suppress(urllib.error.HTTPError):
            self.api("DELETE", f"/hub/api/users/{user}/server")
        eind = time.monotonic() + timeout
        while time.monotonic() < eind:
            info = self.api("GET", f"/hub/api/users/{user}")
            if not info.get("servers") and not info.get("pending"):
                return
            time.sleep(0.5)
        raise TimeoutError(f"de server van {user} stopte niet binnen {timeout} s:\n{self.log_tail()}")

    def processes(self) -> list[int]:
        """Pids of every live process of this hub (hub, proxy, servers, kernels): they carry the marker."""
        return marked_processes(MARKER_VAR, self.marker)

    def stop(self) -> list[int]:
        """Stop the hub (it stops the servers and the proxy it started), then end any survivor by pid.

        Returns the pids that had to be killed after the hub's own shutdown (for the test's report).
        """
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        overlevers = self.processes()
        for pid in overlevers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        eind = time.monotonic() + 10
        while self.processes() and time.monotonic() < eind:
            time.sleep(0.2)
        for pid in self.processes():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if getattr(self, "_logf", None):
            self._logf.close()
        self.proc = None
        return overlevers


# --- /proc -------------------------------------------------------------------------------------


def marked_processes(naam: str, waarde: str) -> list[int]:
    kenmerk = f"{naam}={waarde}".encode()
    pids = []
    for p in Path("/proc").iterdir():
        if not p.name.isdigit() or int(p.name) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            if kenmerk in (p / "environ").read_bytes().split(b"\0"):
                # a zombie keeps its environ unreadable; a live process with the marker is ours
                pids.append(int(p.name))
    return pids


def cmdline(pid: int) -> str:
    with contextlib.suppress(OSError):
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    return ""


def kernel_pids(pids: list[int], home: Path) -> list[int]:
    """The ipykernel processes among ``pids`` whose working folder lies in ``home``."""
    uit = []
    for pid in pids:
        if "ipykernel_launcher" not in cmdline(pid):
            continue
        with contextlib.suppress(OSError):
            if Path(os.readlink(f"/proc/{pid}/cwd")).is_relative_to(home):
                uit.append(pid)
    return uit


def server_pids(pids: list[int], user: str) -> list[int]:
    """The single-user server processes among ``pids`` that belong to ``user`` (JUPYTERHUB_USER)."""
    uit = []
    for pid in pids:
        if "jupyterhub-singleuser" not in cmdline(pid):
            continue
        with contextlib.suppress(OSError):
            if f"JUPYTERHUB_USER={user}".encode() in (Path("/proc") / str(pid) / "environ").read_bytes().split(b"\0"):
                uit.append(pid)
    return uit


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) from /proc/<pid>/status, and Pss from smaps_rollup, in KiB."""
    uit = {}
    with contextlib.suppress(OSError):
        for regel in (Path("/proc") / str(pid) / "status").read_text().splitlines():
            sleutel, _, waarde = regel.partition(":")
            if sleutel in ("VmRSS", "VmHWM"):
                uit[sleutel] = int(waarde.split()[0])
    with contextlib.suppress(OSError):
        for regel in (Path("/proc") / str(pid) / "smaps_rollup").read_text().splitlines():
            if regel.startswith("Pss:"):
                uit["Pss"] = int(regel.split()[1])
    return uit


# --- JupyterLab, whatever the interface language ---------------------------------------------


def menu_command(page, command: str) -> None:
    """Open the main-menu item that holds ``command`` and click it: found by data-command, not by label."""
    doel = page.locator(f'.lm-Menu-item[data-command="{command}"]')
    items = page.locator(".lm-MenuBar-item")
    for i in range(items.count()):
        items.nth(i).click()
        if doel.first.is_visible():
            doel.first.click()
            return
        page.keyboard.press("Escape")
    raise AssertionError(f"geen menu-onderdeel met data-command={command!r} in de menubalk")


def run_all(page, timeout: float = 120_000) -> None:
    """Run → Run All Cells (runmenu:run-all), then wait until every code cell has run and the kernel is idle."""
    menu_command(page, "runmenu:run-all")
    page.wait_for_function(_ALL_RUN_JS, arg=PANEL, timeout=timeout)


def clear_outputs(page, timeout: float = 60_000) -> None:
    """Edit → Clear Outputs of All Cells (editmenu:clear-all); wait for empty prompts and an idle kernel.

    For a notebook that was saved with outputs and opens with a fresh kernel: afterwards
    :func:`run_all` can tell this run from the saved one.
    """
    menu_command(page, "editmenu:clear-all")
    page.wait_for_function(
        """(panel) => {
            const p = document.querySelector(panel);
            return !!p && p.querySelectorAll('.jp-OutputArea-output').length === 0
              && [...p.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].every(e => !/\\d/.test(e.textContent));
        }""",
        arg=PANEL,
        timeout=timeout,
    )
    wait_idle(page, timeout)


def save_notebook(page, timeout: float = 30_000) -> None:
    """Ctrl+S, then wait until the document is no longer dirty (saved to the student's home)."""
    page.keyboard.press("Control+s")
    page.wait_for_function(
        "() => { const w = window.jupyterapp.shell.currentWidget; return !!w && w.context && !w.context.model.dirty; }",
        timeout=timeout,
    )

