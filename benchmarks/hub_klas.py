"""A whole class at once on a real JupyterHub: prints figures, never passes or fails on time.

    python3 cursus.py bench --hub                        # 20 students (about five minutes on 2 cores)
    python3 cursus.py bench --hub --studenten 3          # a quick look
    .venv/bin/python benchmarks/hub_klas.py --studenten 20 --tijdslimiet 1200

The hub is the one of the hub test (``tests/hub_helpers.py``: jupyterhub + configurable-http-proxy,
DummyAuthenticator, SimpleLocalProcessSpawner with one home per student, the class settings: spawn limit,
idle culler, timeouts), on 127.0.0.1 with free ports; it runs as root on Linux, like the hub test. The
course is served from a local git clone of this repository's committed HEAD, handed out with the link of
``python3 cursus.py link``. N simulated students (threads, no browser) then do what a browser does:

1. wave 1, all at once: the link, the hub's login form (with its ``_xsrf`` cookie), the spawn (following
   the hub's redirects and its progress stream, as the "server is starting" page does; a 429 "too many
   users" is retried after its Retry-After, as a student reloading the page would), nbgitpuller's sync
   stream (the clone), the JupyterLab page of 00 Start, then a session and Run All: every code cell of
   00_start through the server's kernel websocket, in order, each waited for, stopping at an error;
2. every server is stopped (the students close their laptops), the teacher commits a change to 00 Start
   in the served repository, and wave 2 comes back at once through the same link: a new server,
   nbgitpuller merges the change, Run All again; checked: the change arrived.

Printed per wave: p50, p95 and max of the time from the click to a ready server, of the sync, and of Run
All; the memory per student (her server + her kernel, RSS and PSS from /proc, while the whole class has
its kernel open), of the hub and of the proxy; the CPU seconds her server and her kernel used (from
/proc/<pid>/stat: what a class costs in cores, whatever else the machine is doing); 429s, and failures
with their reason. The last line:
``klas op de hub: N studenten, start p95 X s, Run All p95 Y s, geheugen per student Z MiB, mislukt F``
(start and Run All of wave 1; memory: the median of server + kernel RSS in wave 1; mislukt: the students
with a failure in either wave).

Every request goes to 127.0.0.1. Every wait is bounded (per request, per student, and the whole run by
--tijdslimiet). At the end, also on Ctrl+C, SIGTERM or an error, the hub is stopped, then every process
that carries the run's marker (proxy, servers, kernels, culler) is ended by pid, and the temporary folder
(homes, repository, hub database) is removed. Exit code 0, also when students failed.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import os
import re
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from wijklab.basis.opdrachtregel import Parser  # noqa: E402
from wijklab.basis.taal import aantal  # noqa: E402

from hub_helpers import SPAWN_LIMIT, Hub, cmdline, course_repository, find_proxy, git, kernel_pids, memory_kib, server_pids  # noqa: E402

NOTEBOOK = "00_start"
MAP = "wijklab"  # the course folder in each home (targetPath of the link), as in the hub test
MAX_STUDENTEN = 60
WIJZIGING = "Nieuw van je docent (meting): deze zin kwam met de tweede golf binnen."
HTTP_TIMEOUT = 120  # per request (a stream: per read); as c.Spawner.http_timeout


@dataclass
class Golf:
    """One student's figures in one wave."""

    start: float | None = None  # click on the link -> her server answers (hub spawn done)
    ophalen: float | None = None  # nbgitpuller's sync stream, start to 'finished'
    open: float | None = None  # click -> the JupyterLab page of the notebook served
    run_all: float | None = None  # first execute_request -> last execute_reply
    te_druk: int = 0  # 429 "too many users" answers
    fout: str | None = None
    server: dict = field(default_factory=dict)
    kernel: dict = field(default_factory=dict)


@dataclass
class Student:
    naam: str
    sessie: object = None  # requests.Session: her browser's cookies
    golven: list[Golf] = field(default_factory=list)
    kernel_id: str | None = None


class Gestopt(Exception):
    """The run was stopped (time limit, Ctrl+C): a student gives up where she is."""


class Klas:
    def __init__(self, hub: Hub, link: str, eind: float, stop: threading.Event):
        self.hub, self.link, self.eind, self.stop = hub, link, eind, stop

    # --- helpers ---------------------------------------------------------------------------

    def _controleer(self) -> None:
        if self.stop.is_set() or time.monotonic() > self.eind:
            raise Gestopt("tijdslimiet of onderbroken")

    def _xsrf(self, s: Student, pad: str) -> str:
        for c in s.sessie.cookies:
            if c.name == "_xsrf" and pad.startswith(c.path or "/"):
                return c.value
        raise RuntimeError(f"geen _xsrf-cookie voor {pad}")

    def _get(self, s: Student, url: str, **kw):
        self._controleer()
        kw.setdefault("timeout", HTTP_TIMEOUT)
        kw.setdefault("allow_redirects", False)
        return s.sessie.get(url, **kw)

    def _stream(self, s: Student, url: str, tot: float):
        """Server-sent events (``data: {...}``) from ``url``, bounded in time."""
        with s.sessie.get(url, stream=True, timeout=HTTP_TIMEOUT) as r:
            r.raise_for_status()
            for regel in r.iter_lines(decode_unicode=True):
                self._controleer()
                if time.monotonic() > tot:
                    raise TimeoutError(f"{url.split('?')[0]}: geen einde binnen de tijd")
                if regel and regel.startswith("data:"):
                    yield json.loads(regel[5:])

    # --- one student's visit -----------------------------------------------------------------

    def bezoek(self, s: Student, inloggen: bool) -> Golf:
        g = Golf()
        s.golven.append(g)
        try:
            self._bezoek(s, g, inloggen)
        except Gestopt as e:
            g.fout = str(e)
        except Exception as e:  # noqa: BLE001 - a failed student is a figure, not the end of the run
            g.fout = f"{type(e).__name__}: {e}"[:300]
        return g

    def _bezoek(self, s: Student, g: Golf, inloggen: bool) -> None:
        import requests

        hub = self.hub.url
        if s.sessie is None:
            s.sessie = requests.Session()
        t0 = time.monotonic()
        url = self.link
        if inloggen:
            # the link sends her to the login page; the form carries the hub's _xsrf cookie
            r = self._get(s, url, allow_redirects=True)
            if "/hub/login" not in r.url:
                raise RuntimeError(f"de link gaf geen inlogpagina maar {r.status_code} {r.url}")
            r = s.sessie.post(r.url, data={"username": s.naam, "password": self.hub.password, "_xsrf": self._xsrf(s, "/hub/")},
                              allow_redirects=False, timeout=HTTP_TIMEOUT)
            if r.status_code not in (302, 303):
                raise RuntimeError(f"inloggen gaf {r.status_code}")
            url = _absoluut(hub, r.headers["Location"])
        pull_url = None
        for _ in range(40):  # redirects, the spawn, 429s: bounded
            r = self._get(s, url)
            pad = urlsplit(r.url).path
            if r.status_code in (301, 302, 303, 307):
                url = _absoluut(hub, r.headers["Location"])
                continue
            if r.status_code == 429:  # concurrent_spawn_limit: "too many users", she reloads after Retry-After
                g.te_druk += 1
                wacht = min(float(r.headers.get("Retry-After", 10)), 60)
                _slaap(self, wacht)
                continue
            if r.status_code == 424:  # "server not running" page: its link starts the server
                m = re.search(r'href="([^"]*/hub/spawn/[^"]*)"', r.text)
                if not m:
                    raise RuntimeError("de pagina 'server niet actief' heeft geen startlink")
                url = _absoluut(hub, m.group(1).replace("&amp;", "&"))
                continue
            if r.status_code == 200 and "/hub/spawn-pending/" in pad:
                self._wacht_op_spawn(s, r.url)
                url = _absoluut(hub, parse_qs(urlsplit(r.url).query)["next"][0])
                continue
            if r.status_code == 200 and pad.startswith(f"/user/{s.naam}/git-pull"):
                pull_url = r.url
                break
            raise RuntimeError(f"onverwacht antwoord {r.status_code} op {pad}: {r.text[:200]!r}")
        if pull_url is None:
            raise RuntimeError("te veel omleidingen")
        g.start = time.monotonic() - t0

        # nbgitpuller's page opens an EventSource on git-pull/api; its last event is 'finished'
        t1 = time.monotonic()
        q = parse_qs(urlsplit(pull_url).query)
        api = f"{hub}/user/{s.naam}/git-pull/api?" + "&".join(
            f"{k}={quote(v)}" for k, v in (("_xsrf", self._xsrf(s, f"/user/{s.naam}/")), ("repo", q["repo"][0]),
                                           ("targetpath", q["targetPath"][0]), ("branch", q["branch"][0]))
        )
        fase = None
        for bericht in self._stream(s, api, time.monotonic() + 300):
            fase = bericht.get("phase")
            if fase == "error":
                raise RuntimeError(f"nbgitpuller: {bericht.get('message')}")
            if fase == "finished":
                break
        if fase != "finished":
            raise RuntimeError("nbgitpuller stopte zonder 'finished'")
        g.ophalen = time.monotonic() - t1
        r = self._get(s, f"{hub}/user/{s.naam}/{q['urlpath'][0]}")
        r.raise_for_status()
        g.open = time.monotonic() - t0

        # JupyterLab: the notebook from the contents API, a session (starts the kernel), Run All over the websocket
        nb_pad = f"{MAP}/notebooks/{NOTEBOOK}.ipynb"
        api = f"{hub}/user/{s.naam}/api"
        kop = {"X-XSRFToken": self._xsrf(s, f"/user/{s.naam}/")}
        r = self._get(s, f"{api}/contents/{quote(nb_pad)}?content=1&type=notebook", headers=kop)
        r.raise_for_status()
        nb = r.json()["content"]
        cellen = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                  for c in nb["cells"] if c["cell_type"] == "code"]
        kernelnaam = nb.get("metadata", {}).get("kernelspec", {}).get("name", "python3")
        r = s.sessie.post(f"{api}/sessions", json={"path": nb_pad, "name": f"{NOTEBOOK}.ipynb", "type": "notebook",
                                                     "kernel": {"name": kernelnaam}}, headers=kop, timeout=HTTP_TIMEOUT)
        r.raise_for_status()
        s.kernel_id = r.json()["kernel"]["id"]
        g.run_all = self._run_all(s, cellen)

    def _wacht_op_spawn(self, s: Student, pending_url: str) -> None:
        """The 'server is starting' page listens to the hub's progress stream until 'ready' (or 'failed')."""
        xsrf = self._xsrf(s, "/hub/")
        url = f"{self.hub.url}/hub/api/users/{s.naam}/server/progress?_xsrf={quote(xsrf)}"
        for bericht in self._stream(s, url, self.eind):
            if bericht.get("failed"):
                raise RuntimeError(f"de hub kon de server niet starten: {bericht.get('message')}")
            if bericht.get("ready"):
                return
        raise RuntimeError("de voortgang van de hub stopte zonder 'ready'")

    def _run_all(self, s: Student, cellen: list[str]) -> float:
        import websocket

        cookies = "; ".join(f"{c.name}={c.value}" for c in s.sessie.cookies)
        ws_url = f"ws://127.0.0.1:{self.hub.port}/user/{s.naam}/api/kernels/{s.kernel_id}/channels?session_id={uuid.uuid4().hex}"
        ws = websocket.create_connection(ws_url, header=[f"Cookie: {cookies}"], timeout=HTTP_TIMEOUT)
        sessie = uuid.uuid4().hex
        try:
            def stuur(msg_type: str, content: dict) -> str:
                msg_id = uuid.uuid4().hex
                ws.send(json.dumps({
                    "header": {"msg_id": msg_id, "msg_type": msg_type, "session": sessie, "username": s.naam,
                               "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "version": "5.3"},
                    "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": [],
                }))
                return msg_id

            def antwoord(msg_id: str, soort: str) -> dict:
                while True:
                    self._controleer()
                    ruw = ws.recv()
                    if isinstance(ruw, bytes):  # a message with binary buffers (widgets): not a reply
                        continue
                    msg = json.loads(ruw)
                    if msg.get("parent_header", {}).get("msg_id") == msg_id and msg["header"]["msg_type"] == soort:
                        return msg

            # as JupyterLab does: kernel_info first (the kernel is ready when it answers)
            antwoord(stuur("kernel_info_request", {}), "kernel_info_reply")
            t = time.monotonic()
            for i, code in enumerate(cellen, 1):
                reply = antwoord(stuur("execute_request", {"code": code, "silent": False, "store_history": True,
                                                          "user_expressions": {}, "allow_stdin": False,
                                                          "stop_on_error": True}), "execute_reply")
                if reply["content"].get("status") != "ok":
                    c = reply["content"]
                    raise RuntimeError(f"codecel {i} gaf een fout: {c.get('ename')}: {c.get('evalue')}")
            return time.monotonic() - t
        finally:
            ws.close()

    # --- memory, after a wave ----------------------------------------------------------------

    def meet_geheugen(self, studenten: list[Student]) -> dict:
        pids = self.hub.processes()
        for s in studenten:
            g = s.golven[-1]
            if g.fout:
                continue
            servers = server_pids(pids, s.naam)
            kernels = kernel_pids(pids, self.hub.home(s.naam))
            g.server = {**memory_kib(servers[0]), "cpu": _cpu_s(servers[0])} if len(servers) == 1 else {}
            g.kernel = {**memory_kib(kernels[0]), "cpu": _cpu_s(kernels[0])} if len(kernels) == 1 else {}
        centraal = {"hub": {**memory_kib(self.hub.proc.pid), "cpu": _cpu_s(self.hub.proc.pid)}}
        for pid in pids:
            regel = cmdline(pid)
            for naam, kenmerk in (("proxy", "configurable-http-proxy"), ("idle-culler", "jupyterhub_idle_culler")):
                if kenmerk in regel:
                    centraal[naam] = {**memory_kib(pid), "cpu": _cpu_s(pid)}
        return centraal


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) the process used so far: what a start costs, whatever the machine's load."""
    with contextlib.suppress(OSError, IndexError, ValueError):
        velden = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
        return (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")
    return float("nan")


def _absoluut(hub: str, locatie: str) -> str:
    return locatie if locatie.startswith("http") else hub + locatie


def _slaap(klas: Klas, seconden: float) -> None:
    if klas.stop.wait(min(seconden, max(0.0, klas.eind - time.monotonic()))):
        raise Gestopt("onderbroken")


def _golf(klas: Klas, studenten: list[Student], inloggen: bool, pool) -> None:
    """Every student at once; the main thread waits in short steps, so Ctrl+C is handled at once."""
    taken = [pool.submit(klas.bezoek, s, inloggen) for s in studenten]
    while not all(t.done() for t in taken):
        concurrent.futures.wait(taken, timeout=0.5)
        if time.monotonic() > klas.eind + 2 * HTTP_TIMEOUT:  # a request hangs past its own timeout: give up
            klas.stop.set()
            break


def _docent_wijzigt(repo: Path) -> None:
    """A small change to 00 Start's text, committed: what nbgitpuller has to merge in wave 2."""
    nb = repo / "notebooks" / f"{NOTEBOOK}.ipynb"
    data = json.loads(nb.read_text(encoding="utf-8"))
    cel = next(c for c in data["cells"] if c["cell_type"] == "markdown")
    cel["source"] = ["".join(cel["source"]) if isinstance(cel["source"], list) else cel["source"]]
    cel["source"] = cel["source"][0].rstrip("\n").splitlines(keepends=True) + ["\n", "\n", WIJZIGING]
    nb.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    git("commit", "--quiet", "-am", "Docent: een zin erbij in 00 Start", cwd=repo)


def _stop_servers(hub: Hub, studenten: list[Student], tot: float) -> None:
    import urllib.error

    for s in studenten:
        with contextlib.suppress(urllib.error.URLError, OSError):
            hub.api("DELETE", f"/hub/api/users/{s.naam}/server")
    open_ = {s.naam for s in studenten}
    while open_ and time.monotonic() < tot:
        for naam in list(open_):
            with contextlib.suppress(urllib.error.URLError, OSError):
                info = hub.api("GET", f"/hub/api/users/{naam}")
                if not info.get("servers") and not info.get("pending"):
                    open_.discard(naam)
        time.sleep(0.5)


# --- printing ------------------------------------------------------------------------------


def _p(waarden: list[float], q: float) -> float:
    """Percentile by the nearest-rank method (p95 of 20 values is the 19th smallest)."""
    w = sorted(waarden)
    return w[max(0, min(len(w) - 1, -(-len(w) * q // 100) - 1))] if w else float("nan")


def _reeks(naam: str, waarden: list[float], eenheid: str = "s") -> str:
    if not waarden:
        return f"  {naam:<34} geen metingen"
    return (f"  {naam:<34} p50 {_p(waarden, 50):6.1f} {eenheid}   p95 {_p(waarden, 95):6.1f} {eenheid}   "
            f"max {max(waarden):6.1f} {eenheid}   (n={len(waarden)})")


def _mib(d: dict, sleutel: str = "VmRSS") -> float:
    return d.get(sleutel, 0) / 1024


def _druk_golf(titel: str, studenten: list[Student], i: int, centraal: dict) -> None:
    golven = [s.golven[i] for s in studenten if len(s.golven) > i]
    goed = [g for g in golven if not g.fout]
    print(f"\n{titel}: {len(goed)} van {len(golven)} studenten klaar")
    print(_reeks("klik tot eigen server klaar", [g.start for g in golven if g.start is not None]))
    print(_reeks("cursus ophalen (nbgitpuller)", [g.ophalen for g in golven if g.ophalen is not None]))
    print(_reeks("klik tot notebook open", [g.open for g in golven if g.open is not None]))
    print(_reeks(f"Run All van {NOTEBOOK}", [g.run_all for g in golven if g.run_all is not None]))
    gemeten = [g for g in goed if g.server and g.kernel]
    print(_reeks("geheugen server (RSS)", [_mib(g.server) for g in gemeten], "MiB"))
    print(_reeks("geheugen kernel (RSS)", [_mib(g.kernel) for g in gemeten], "MiB"))
    print(_reeks("geheugen kernel (piek-RSS)", [_mib(g.kernel, "VmHWM") for g in gemeten], "MiB"))
    print(_reeks("server + kernel (RSS)", [_mib(g.server) + _mib(g.kernel) for g in gemeten], "MiB"))
    print(_reeks("server + kernel (PSS)", [_mib(g.server, "Pss") + _mib(g.kernel, "Pss") for g in gemeten], "MiB"))
    print(_reeks("CPU-tijd server (start, openen)", [g.server["cpu"] for g in gemeten]))
    print(_reeks("CPU-tijd kernel (start, Run All)", [g.kernel["cpu"] for g in gemeten]))
    print("  gedeeld: " + ", ".join(f"{k} RSS {_mib(v):.0f} MiB (CPU-tijd tot nu {v['cpu']:.0f} s)" for k, v in centraal.items()))
    te_druk = sum(g.te_druk for g in golven)
    print(f"  'te veel gebruikers' (429, opnieuw geprobeerd): {te_druk}; mislukt: {len(golven) - len(goed)}")
    for s in studenten:
        if len(s.golven) > i and s.golven[i].fout:
            print(f"    {s.naam}: {s.golven[i].fout}")


def _geheugen_machine() -> str:
    info = dict(r.split(":", 1) for r in Path("/proc/meminfo").read_text().splitlines() if ":" in r)
    return f"{int(info['MemTotal'].split()[0]) / 2**20:.0f} GiB geheugen ({int(info['MemAvailable'].split()[0]) / 2**20:.1f} GiB vrij)"


def _log_bij_fouten(hub: Hub, studenten: list[Student], per_student: int = 8) -> list[str]:
    """The hub log's errors about the students who failed (the log goes with the temporary folder)."""
    namen = [s.naam for s in studenten if any(g.fout for g in s.golven)]
    if not namen:
        return []
    with contextlib.suppress(OSError):
        regels = hub.log.read_text(errors="replace").splitlines()
        uit = []
        for naam in namen:
            raak = [r for r in regels if (naam in r or "in use" in r) and re.search(r"\[[EWC] |rror|in use|fail", r)]
            uit += [r[:300] for r in raak[:per_student]]
        return list(dict.fromkeys(uit))
    return []


def _belasting() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = Parser(prog="python3 cursus.py bench --hub", description="Een hele klas tegelijk op een echte JupyterHub: drukt cijfers af.")
    parser.add_argument("--studenten", type=int, default=20, help=f"hoeveel studenten tegelijk (1 tot {MAX_STUDENTEN}; standaard 20)")
    parser.add_argument("--tijdslimiet", type=float, default=1200, help="seconden voor de hele meting (standaard 1200)")
    parser.add_argument("--spawnlimiet", type=int, default=SPAWN_LIMIT,
                        help=f"c.JupyterHub.concurrent_spawn_limit (standaard {SPAWN_LIMIT}, die van de hubtest; 0 = geen grens)")
    opties = parser.parse_args()
    if not 1 <= opties.studenten <= MAX_STUDENTEN:
        parser.error(f"--studenten moet tussen 1 en {MAX_STUDENTEN} liggen")
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        print("De hubmeting draait alleen als root op Linux (zoals de hubtest): JupyterHub start hier de servers.")
        return 0
    if find_proxy() is None or shutil.which("git") is None:
        print("configurable-http-proxy of git ontbreekt: draai eerst 'python3 cursus.py test --collect-only -q'.")
        return 0

    n = opties.studenten
    begin = time.monotonic()
    eind = begin + opties.tijdslimiet
    stop = threading.Event()
    tmp = Path(tempfile.mkdtemp(prefix="wijklab-hubklas-"))
    studenten = [Student(f"student{i:02d}") for i in range(1, n + 1)]
    hub = Hub(tmp, tuple(s.naam for s in studenten), spawn_limit=opties.spawnlimiet)

    def bij_sigterm(signum, frame):
        raise KeyboardInterrupt

    vorige = signal.signal(signal.SIGTERM, bij_sigterm)
    centraal: list[dict] = []
    onderbroken = False
    pool = None
    logregels: list[str] = []
    print(f"hubmeting: {aantal(n, 'student', 'studenten')}; {os.cpu_count()} kernen, {_geheugen_machine()}; "
          f"concurrent_spawn_limit {opties.spawnlimiet or 'geen'}; {_belasting()} bij de start", flush=True)
    try:
        repo = course_repository(tmp / "docent" / MAP)
        hub.start()
        print(f"  hub gestart in {time.monotonic() - begin:.1f} s", flush=True)
        sys.path.insert(0, str(ROOT))
        from cursus import nbgitpuller_link

        link = nbgitpuller_link(hub.url, repo.as_uri(), "main", NOTEBOOK, MAP)
        klas = Klas(hub, link, eind, stop)
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=n)
        t = time.monotonic()
        _golf(klas, studenten, True, pool)
        print(f"  golf 1 klaar na {time.monotonic() - t:.0f} s; {_belasting()}", flush=True)
        centraal.append(klas.meet_geheugen(studenten))
        _stop_servers(hub, studenten, min(eind, time.monotonic() + 120))
        _docent_wijzigt(repo)
        t = time.monotonic()
        _golf(klas, studenten, False, pool)
        print(f"  golf 2 klaar na {time.monotonic() - t:.0f} s; {_belasting()}", flush=True)
        centraal.append(klas.meet_geheugen(studenten))
        for s in studenten:  # wave 2 must have merged the teacher's change into her copy
            g = s.golven[-1] if len(s.golven) == 2 else None
            nb = hub.home(s.naam) / MAP / "notebooks" / f"{NOTEBOOK}.ipynb"
            if g and not g.fout and WIJZIGING not in nb.read_text(encoding="utf-8"):
                g.fout = "de wijziging van de docent is niet binnengekomen"
    except KeyboardInterrupt:
        onderbroken = True
        stop.set()
        print("\nonderbroken: ik ruim op …", flush=True)
    finally:
        stop.set()  # students give up at their next step; the hub's end breaks off their open requests
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # cleaning up is not interrupted by a second SIGTERM
        try:
            overlevers = hub.stop()
        finally:
            logregels = _log_bij_fouten(hub, studenten)
            shutil.rmtree(tmp, ignore_errors=True)
            signal.signal(signal.SIGTERM, vorige)
        over = hub.processes()
        print(f"  opgeruimd: hub gestopt, {len(overlevers)} processen na de hub met de hand beëindigd, "
              f"{len(over)} over; tijdelijke map verwijderd", flush=True)

    for i, titel in enumerate(("golf 1: de klas logt tegelijk in", "golf 2: terug na een wijziging van de docent")):
        if any(len(s.golven) > i for s in studenten):
            _druk_golf(titel, studenten, i, centraal[i] if i < len(centraal) else {})
    if logregels:
        print("\nuit het log van de hub, bij de mislukte studenten:")
        print("\n".join(f"  {r}" for r in logregels))
    print(f"\nduur {time.monotonic() - begin:.0f} s; {_belasting()} aan het eind" + ("; ONDERBROKEN" if onderbroken else ""))
    eerste = [s.golven[0] for s in studenten if s.golven]
    goed = [g for g in eerste if not g.fout and g.server and g.kernel]
    mislukt = n - sum(1 for s in studenten if s.golven and all(not g.fout for g in s.golven) and len(s.golven) == 2)
    geheugen = statistics.median(_mib(g.server) + _mib(g.kernel) for g in goed) if goed else float("nan")
    print(f"klas op de hub: {aantal(n, 'student', 'studenten')}, start p95 {_p([g.start for g in eerste if g.start is not None], 95):.0f} s, "
          f"Run All p95 {_p([g.run_all for g in eerste if g.run_all is not None], 95):.0f} s, "
          f"geheugen per student {geheugen:.0f} MiB, mislukt {mislukt}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
