"""A sandbox for the student's kernel while the teacher autogrades (Linux only).

nbgrader runs a submission in a kernel started by the teacher's process. ``python3 cursus.py nakijken``
gives nbgrader a kernelspec whose ``argv`` is this module: it copies the submission's folder into a
scratch folder, isolates itself and then becomes an ordinary IPython kernel. The kernel talks to nbgrader
over Unix sockets (``KernelManager.transport = "ipc"``), because it has no network at all.

What the isolation does (both modes):

- own network namespace: no network (only a loopback device that is down);
- own mount namespace: ``/tmp``, ``/var/tmp`` and ``/dev/shm`` are fresh and private (gone after the
  kernel); the teacher's course folder ``opdrachten_docent/`` (gradebook, sources, other students' work)
  and ``exercises/`` (the solutions) are covered by an empty read-only folder; the course itself is
  read-only; only the scratch folder is writable;
- limits (``setrlimit``): CPU time, memory (address space), size of a written file, open files, no core
  dumps; ``no_new_privs``, so a setuid program (sudo) cannot give rights back.

Mode ``gebruiker`` (the teacher runs as root, e.g. on a hub): the kernel becomes a throwaway user id that
owns nothing but its scratch folder (also a limit on its number of processes). Mode ``naamruimte``
(an ordinary user): an unprivileged user namespace (like ``unshare --user --net --mount``); the kernel
keeps the teacher's user id but the teacher's home folder is covered, except the course (read-only).

:func:`mogelijk` says which mode works here, or why none does (in Dutch).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWNET = 0x00020000, 0x10000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 32, 4096, 16384, 1 << 18
PR_SET_NO_NEW_PRIVS = 38

#: limits of one student's kernel (one notebook): CPU seconds, bytes of memory, of one file, processes
LIMIETEN = {"cpu": 600, "geheugen": 6 * 1024**3, "bestand": 64 * 1024**2, "processen": 256, "bestanden": 1024}
#: the throwaway user ids tried in mode "gebruiker" (the first one without an entry in /etc/passwd)
UID_BEREIK = range(61500, 61600)


class ZandbakFout(RuntimeError):
    """Isolation is impossible here; the message (Dutch) says why and what to do."""


def _libc():
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
    return libc


def _check(res: int, wat: str) -> None:
    if res != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"{wat}: {os.strerror(e)}")


def _mount(libc, bron, doel, soort, vlaggen, data=None) -> None:
    enc = lambda s: None if s is None else str(s).encode()  # noqa: E731
    _check(libc.mount(enc(bron), enc(doel), enc(soort), vlaggen, enc(data)), f"mount {doel}")


def wegwerp_uid() -> int:
    """A user id (and group id) that belongs to nobody on this machine and runs no process (so that two
    grading rounds at the same time, e.g. of two teachers on one hub, get different users)."""
    import grp
    import pwd

    bezig = set()
    for proc in Path("/proc").iterdir():
        try:
            bezig.add(proc.stat().st_uid if proc.name.isdigit() else -1)
        except OSError:
            continue
    for uid in UID_BEREIK:
        if uid in bezig:
            continue
        try:
            pwd.getpwuid(uid)
            continue
        except KeyError:
            pass
        try:
            grp.getgrgid(uid)
            continue
        except KeyError:
            return uid
    raise ZandbakFout("Ik vind geen vrij gebruikersnummer voor de zandbak (61500-61599 zijn allemaal bezet).")


def mogelijk() -> str:
    """'gebruiker' (root), 'naamruimte' (unprivileged user namespaces work) or ZandbakFout (Dutch)."""
    if not sys.platform.startswith("linux"):
        raise ZandbakFout(
            "Nakijken met een zandbak kan alleen op Linux. Op dit systeem kan ik de code van studenten niet afschermen "
            "van je cijferlijst en je bestanden. Kijk na op een Linux-computer of op de JupyterHub van je opleiding."
        )
    if os.geteuid() == 0:
        return "gebruiker"
    # probe: a child that makes an unprivileged user namespace with its own network and mounts
    probe = subprocess.run(
        [sys.executable, "-c", "import wijklab.docent.zandbak as z; z._naamruimte_proef()"],
        capture_output=True, text=True, timeout=60)
    if probe.returncode == 0:
        return "naamruimte"
    raise ZandbakFout(
        "Ik kan hier geen zandbak maken: je bent geen root en deze Linux staat geen gebruikersnaamruimten "
        f"(user namespaces) toe voor gewone gebruikers ({probe.stderr.strip().splitlines()[-1] if probe.stderr.strip() else 'geweigerd'}). "
        "Kijk na als root (sudo python3 cursus.py nakijken …), of vraag de beheerder om gebruikersnaamruimten toe te "
        "staan (Ubuntu 24.04: sysctl kernel.apparmor_restrict_unprivileged_userns=0; Debian: kernel.unprivileged_userns_clone=1)."
    )


#: environment variable that marks a process as started in the sandbox (see :func:`ruim_op`)
MERK = "WIJKLAB_ZANDBAK"


def ruim_op(uid: int | None) -> int:
    """Kill what earlier kernels left running: every process of the throwaway user `uid`, or (mode
    naamruimte, ``uid`` None) every process of this user that carries the sandbox mark in its environment.
    A process a student forks off must not live on into the next student's kernel. Returns how many."""
    import signal

    gedood = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            status = (proc / "status").read_text()
            echt_uid = int(next(r for r in status.splitlines() if r.startswith("Uid:")).split()[1])
            if uid is not None:
                raak = echt_uid == uid
            else:
                raak = echt_uid == os.getuid() and f"{MERK}=1".encode() in (proc / "environ").read_bytes().split(b"\0")
            if raak:
                os.kill(int(proc.name), signal.SIGKILL)
                gedood += 1
        except (OSError, StopIteration, ValueError):
            continue
    return gedood


def _naamruimte_proef() -> None:
    libc = _libc()
    uid, gid = os.getuid(), os.getgid()
    _check(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET), "unshare")
    _schrijf_mappings(uid, gid)
    _mount(libc, "none", "/", None, MS_REC | MS_PRIVATE)
    _mount(libc, "tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m")


def _schrijf_mappings(uid: int, gid: int) -> None:
    Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1\n")
    Path("/proc/self/setgroups").write_text("deny\n")
    Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1\n")


def _onder(pad: Path, map: Path) -> bool:
    try:
        pad.relative_to(map)
        return True
    except ValueError:
        return False


def _bind_fd(libc, fd: int, doel: Path, alleen_lezen: bool) -> None:
    doel.mkdir(parents=True, exist_ok=True)
    _mount(libc, f"/proc/self/fd/{fd}", doel, None, MS_BIND | MS_REC)
    if alleen_lezen:
        _mount(libc, None, doel, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _verberg(libc, map: Path, behoud: dict[Path, int]) -> None:
    """Cover `map` with an empty read-only tmpfs; paths in `behoud` (path → open fd) come back read-only."""
    if not map.is_dir():
        return
    _mount(libc, "tmpfs", map, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=755")
    for pad, fd in behoud.items():
        if _onder(pad, map) and pad != map:
            _bind_fd(libc, fd, pad, alleen_lezen=True)
    _mount(libc, None, map, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def start(instellingen: dict, verbindingsbestand: str) -> None:
    """Isolate this process as `instellingen` says, then run ipykernel (does not return)."""
    libc = _libc()
    import tempfile

    runtime = Path(instellingen["runtime"])
    modus = instellingen["modus"]
    uid = instellingen.get("uid")

    # the submission's folder (nbgrader's autograded/<student>/<opdracht>/) into a new scratch folder
    werk = Path(tempfile.mkdtemp(prefix="werk-", dir=instellingen["werkbasis"]))
    if verbindingsbestand:
        shutil.copytree(os.getcwd(), werk, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.ipynb"))
        kernel_json = werk / ".kernel.json"
        shutil.copyfile(verbindingsbestand, kernel_json)
    ruim_op(uid if modus == "gebruiker" else None)  # nothing of the previous student's kernel may still run
    if modus == "gebruiker":
        for p in [werk, *werk.rglob("*")]:
            os.lchown(p, uid, uid)
        os.chown(runtime, uid, uid)

    if verbindingsbestand and instellingen.get("gestart"):
        # for the teacher's process: a kernel really started in the sandbox (a folder the kernel cannot reach)
        Path(instellingen["gestart"], f"{os.getpid()}").touch()

    # read-only paths that stay visible inside covered folders (the course, the venv, Python itself)
    zichtbaar = [Path(p) for p in instellingen.get("zichtbaar", [])]

    if modus == "naamruimte":
        ik, groep = os.getuid(), os.getgid()
        _check(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET), "unshare")
        _schrijf_mappings(ik, groep)
    else:
        _check(libc.unshare(CLONE_NEWNS | CLONE_NEWNET), "unshare")
    _mount(libc, "none", "/", None, MS_REC | MS_PRIVATE)
    # folders opened inside the new mount namespace, so that they can be bound back after covering
    fds = {p: os.open(p, os.O_RDONLY | os.O_DIRECTORY) for p in zichtbaar if p.is_dir()}
    werk_fd = os.open(werk, os.O_RDONLY | os.O_DIRECTORY)
    run_fd = os.open(runtime, os.O_RDONLY | os.O_DIRECTORY)

    # 1. the teacher's home (mode naamruimte): covered, except the course and Python
    for map in instellingen.get("verberg_thuis", []):
        _verberg(libc, Path(map), fds)
    # 2. the course read-only (mode naamruimte: the kernel keeps the teacher's uid)
    for p in zichtbaar:
        if p in fds and not any(_onder(p, Path(m)) for m in instellingen.get("verberg_thuis", [])):
            _mount(libc, p, p, None, MS_BIND | MS_REC)
            _mount(libc, None, p, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
    # 3. the gradebook, the sources and the solutions: covered
    for map in instellingen.get("verberg", []):
        _verberg(libc, Path(map), {})
    # 4. fresh private temporary folders; the scratch folder and the sockets' folder at their own paths
    for tmp in ("/tmp", "/var/tmp", "/dev/shm"):
        if Path(tmp).is_dir():
            _mount(libc, "tmpfs", tmp, "tmpfs", MS_NOSUID | MS_NODEV, "size=256m,mode=1777")
            # a course or Python that lives in a temporary folder (a clone in /tmp) comes back read-only, and
            # what must stay hidden inside it (the gradebook, the sources) is covered again
            for p in zichtbaar:
                if p in fds and _onder(p, Path(tmp)):
                    _bind_fd(libc, fds[p], p, alleen_lezen=True)
                    for map in instellingen.get("verberg", []):
                        if _onder(Path(map), p):
                            _verberg(libc, Path(map), {})
    _bind_fd(libc, werk_fd, werk, alleen_lezen=False)
    _bind_fd(libc, run_fd, runtime, alleen_lezen=False)
    for fd in [werk_fd, run_fd, *fds.values()]:
        os.close(fd)

    import resource

    grenzen = {**LIMIETEN, **instellingen.get("limieten", {})}
    resource.setrlimit(resource.RLIMIT_CPU, (grenzen["cpu"], grenzen["cpu"]))
    resource.setrlimit(resource.RLIMIT_AS, (grenzen["geheugen"], grenzen["geheugen"]))
    resource.setrlimit(resource.RLIMIT_FSIZE, (grenzen["bestand"], grenzen["bestand"]))
    resource.setrlimit(resource.RLIMIT_NOFILE, (grenzen["bestanden"], grenzen["bestanden"]))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if modus == "gebruiker":
        resource.setrlimit(resource.RLIMIT_NPROC, (grenzen["processen"], grenzen["processen"]))
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl")

    omg = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER_", "JPY_", "NBGRADER_"))}
    omg.update({MERK: "1", "HOME": str(werk), "TMPDIR": "/tmp", "WIJKLAB_WERKMAP": str(werk / "mijn_werk"),
                "NBGRADER_EXECUTION": "autograde", "MPLCONFIGDIR": str(werk / ".matplotlib")})
    os.chdir(werk)
    if not verbindingsbestand:  # the trial run of proef(): can the kernel start at all?
        os.execve(sys.executable, [sys.executable, "-c", "import ipykernel, wijklab.docent.nakijken"], omg)
    os.execve(sys.executable, [sys.executable, "-m", "ipykernel_launcher", "-f", str(kernel_json)], omg)


def proef(instellingen_pad: Path) -> None:
    """Isolate a process exactly as a kernel would be and import ipykernel and wijklab there; a Dutch
    ZandbakFout if that fails (e.g. the course or Python is not readable for the throwaway user)."""
    res = subprocess.run([sys.executable, "-m", "wijklab.docent.zandbak", str(instellingen_pad), "--proef"],
                         capture_output=True, text=True, timeout=120, cwd=Path(instellingen_pad).parent)
    if res.returncode != 0:
        laatste = (res.stderr.strip().splitlines() or ["geen melding"])[-1]
        raise ZandbakFout(
            "De zandbak werkt hier niet: in de afgeschermde omgeving start Python of de cursus niet "
            f"({laatste}). Staat de cursus of Python in een map die andere gebruikers niet mogen lezen? "
            "Zet de cursus dan in een map die iedereen mag lezen, of kijk na als gewone gebruiker (zonder sudo)."
        )


if __name__ == "__main__":  # python -m wijklab.docent.zandbak INSTELLINGEN.json (VERBINDINGSBESTAND | --proef)
    _args = sys.argv[1:]
    start(json.loads(Path(_args[0]).read_text(encoding="utf-8")), "" if _args[1] == "--proef" else _args[1])
