"""Benchmark of the class overview (``python -m wijklab klas``): print figures, never pass or fail on time.

    .venv/bin/python benchmarks/klas.py              # 2,000 exports (about a minute on 2 cores)
    .venv/bin/python benchmarks/klas.py --aantal 500

1. Each hostile 5 MB file of issue 21 (``tests/hostile.py``: ``vijandig_5mb``) read by
   ``wijklab.docent.klas.lees``: the time until it is refused, and the reason. Also one real full-course export
   (an attempt at every question, a 300-word reflection for every prompt) and one with a reflection of the
   largest length the export writes.
2. ``python -m wijklab klas`` on a folder of N real exports plus the hostile files, in a subprocess:
   wall time and peak memory (ru_maxrss of the child).

The exports are made in a temporary folder (one by the real export, then copies with another id, name and
check sum); the course and mijn_werk/ are not touched. Exit code 0.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def _lees_tijd(pad: Path) -> tuple[float, str]:
    from wijklab.docent.klas import OngeldigeExport, lees

    start = time.perf_counter()
    try:
        lees(pad)
        uitkomst = "gelezen"
    except OngeldigeExport as e:
        uitkomst = f"geweigerd: {e}"
    return time.perf_counter() - start, uitkomst


def _lange_reflecties(bron: Path, doel: Path) -> None:
    """The real export with every reflection at the largest length the export writes (a worst case that is accepted)."""
    import json

    from wijklab.werk.export import controlegetal
    from wijklab.basis.grenzen import MAX_REFLECTIE_TEKENS

    data = json.loads(bron.read_text(encoding="utf-8"))
    for nb in data["notebooks"]:
        for r in nb["reflecties"]:
            r["tekst"] = ("Mijn buurt is gemengd & levendig. " * 3000)[:MAX_REFLECTIE_TEKENS]
    data.pop("controle")
    data["controle"] = controlegetal(data)
    doel.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aantal", type=int, default=2000, help="number of real exports in the folder (default 2000)")
    args = parser.parse_args()
    os.environ["WIJKLAB_CURSUS"] = str(ROOT)
    from hostile import PIEK_KLAS, klas_van, vijandig_5mb

    print(f"Class overview benchmark — Python {sys.version.split()[0]}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}")
    print("Figures only; nothing here fails on time.\n")
    with tempfile.TemporaryDirectory(prefix="wijklab-klas-") as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        map = klas_van(args.aantal, tmp / "klas", tmp / "werk")
        print(f"{args.aantal} real exports made in {time.perf_counter() - start:.1f} s "
              f"({(map / 'portfolio_0000.json').stat().st_size / 1024:.0f} KB each)\n")

        print("1. One file read by wijklab.docent.klas.lees")
        vijandig = tmp / "vijandig"
        vijandig.mkdir()
        for naam, inhoud in vijandig_5mb().items():
            (vijandig / naam).write_bytes(inhoud)
        lang = tmp / "lange_reflecties.json"
        _lange_reflecties(map / "portfolio_0000.json", lang)
        for pad in [map / "portfolio_0000.json", lang, *sorted(vijandig.iterdir())]:
            duur, uitkomst = _lees_tijd(pad)
            print(f"   {pad.name:32s} {pad.stat().st_size / 1024 / 1024:5.1f} MB {duur * 1000:8.1f} ms  {uitkomst[:110]}")

        print(f"\n2. python -m wijklab klas on {args.aantal} real exports plus the {len(vijandig_5mb())} hostile files")
        for pad in vijandig.iterdir():
            pad.rename(map / pad.name)
        start = time.perf_counter()
        proces = subprocess.run([sys.executable, "-c", PIEK_KLAS, str(map), "--naar", str(tmp / "k.html")], capture_output=True, text=True)
        duur = time.perf_counter() - start
        *regels, piek = proces.stdout.splitlines() or ["", "0"]
        piek = int(piek) / 1024
        proces.stdout = "\n".join(regels)
        print(f"   exit code {proces.returncode}; {proces.stdout.splitlines()[0] if proces.stdout else proces.stderr[-300:]}")
        print(f"   wall time {duur:.1f} s; peak memory of the klas process {piek:.0f} MB (test bound: 300 MB); "
              f"page {(tmp / 'k.html').stat().st_size / 1024 / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
