"""A demo class: about 30 fictional students, so a teacher can see the class overview before her class starts.

On the command line (the CLI calls :func:`wijklab.docent.klas.main_klas`)::

    python -m wijklab klas --voorbeeld [--naar MAP]

Nothing here fakes the overview's input: every fictional student gets a real :class:`wijklab.werk.store.Store`
(an SQLite file in a temporary folder), answers chosen from the real options of each question in
today's banks, graded by :func:`wijklab.inhoud.beoordeling.grade` and saved with ``bewaar_poging`` /
``bewaar_concept``; then the real export (:func:`wijklab.werk.export.exporteer`) writes her JSON file and
:func:`wijklab.docent.overzicht.klasoverzicht` reads the folder. A fixed seed makes every run the same.

The answer model is deliberately simple. Each student has an ability; each question a difficulty
(both seeded). The chance that her first attempt is right is a logistic function of the two. A wrong
first attempt picks, more often than not, the question's *common misconception* (one wrong option,
seeded per question), otherwise another wrong option. After a wrong attempt she tries again, with a
better chance each time, at most three attempts. Estimates (voorspel) scatter around the real value,
less for stronger students. A few students skip a notebook or a question. Reflections are a few
short sentences, marked as fictional.

Names, file names and the page say *fictief*.
"""

from __future__ import annotations

import math
import random
import tempfile
from pathlib import Path

from wijklab.inhoud.beoordeling import grade

ZAAD = 2026
AANTAL = 30
#: how the folder of a demo class is recognised (it only ever holds files with this in the name)
KENMERK = "fictief"

VOORNAMEN = (
    "Amira", "Bas", "Chaima", "Daan", "Eva", "Fleur", "Gijs", "Hamza", "Iris", "Jesse", "Kim", "Lars", "Mila",
    "Noah", "Olga", "Priya", "Quinten", "Rosa", "Sem", "Tess", "Umar", "Vera", "Wout", "Xin", "Yara", "Zeynep",
    "Anouk", "Bilal", "Demi", "Emre",
)

ZINNEN = (
    "Ik merk dat ik eerst vooral naar de cijfers keek en minder naar wat bewoners zelf zeggen.",
    "De wijk waar ik stage loop, zie ik nu anders dan aan het begin.",
    "Ik vind het lastig om te kiezen tussen spreiden en ondersteunen; allebei hebben ze een prijs.",
    "Wat ik wil onthouden: een gemiddelde voor de hele stad zegt weinig over één straat.",
    "Ik twijfel nog over wie er eigenlijk beslist in een wijk.",
    "In het gesprek met mijn groepje kwamen we op andere voorbeelden uit dan ik had verwacht.",
    "Volgende keer wil ik eerst nagaan welke bron een bewering doet.",
    "Ik zou een bewoner willen vragen wat zij zelf het belangrijkste vindt.",
)


def _kans(vermogen: float, moeilijkheid: float) -> float:
    return 1.0 / (1.0 + math.exp(-(vermogen - moeilijkheid)))


def _rond(x: float, echt: float) -> float:
    """An estimate as a person writes it: whole numbers for large values, one decimal for small ones."""
    return float(round(x)) if abs(echt) >= 20 else round(x, 1)


def _antwoord(v, goed: bool, rng: random.Random, misvatting: dict, vermogen: float) -> dict:
    """A stored-form answer to ``v`` (see :mod:`wijklab.inhoud.beoordeling`): right when ``goed``, else a plausible mistake."""
    if v.type == "enkelvoudig":
        juist = [o.tekst for o in v.opties if o.juist]
        fout = [o.tekst for o in v.opties if not o.juist]
        if goed or not fout:
            return {"optie": juist[0]}
        vaak = misvatting.setdefault(v.id, rng.choice(fout))
        return {"optie": vaak if rng.random() < 0.6 else rng.choice(fout)}
    if v.type == "meervoudig":
        juist = {o.tekst for o in v.opties if o.juist}
        fout = [o.tekst for o in v.opties if not o.juist]
        gekozen = set(juist)
        if not goed:
            if fout and (len(juist) == 1 or rng.random() < 0.6):
                gekozen.add(misvatting.setdefault(v.id, rng.choice(fout)))
            else:
                gekozen.discard(rng.choice(sorted(juist)))
        return {"opties": [o.tekst for o in v.opties if o.tekst in gekozen]}  # bank order
    if v.type == "volgorde":
        volgorde = [it.tekst for it in v.items]
        if not goed and len(volgorde) > 1:
            i = rng.randrange(len(volgorde) - 1)
            volgorde[i], volgorde[i + 1] = volgorde[i + 1], volgorde[i]
        return {"volgorde": volgorde}
    if v.type == "koppelen":
        paren = {p.links: p.rechts for p in v.paren}
        if not goed and len(v.paren) > 1:
            a, b = rng.sample(range(len(v.paren)), 2)
            la, lb = v.paren[a].links, v.paren[b].links
            paren[la], paren[lb] = paren[lb], paren[la]
        return {"paren": paren}
    if v.type == "getal":
        if goed:
            return {"getal": v.antwoord}
        fout = v.antwoord * rng.choice((10, 0.1, 1.5, 0.5)) if v.antwoord else v.marge + 1
        if abs(fout - v.antwoord) <= v.marge:
            fout = v.antwoord + 2 * v.marge + 1
        return {"getal": _rond(fout, v.antwoord)}
    if v.type == "voorspel":
        spreiding = max(0.08, 0.45 - 0.1 * vermogen)
        schatting = v.antwoord * math.exp(rng.gauss(0.0, spreiding)) if v.antwoord else rng.gauss(0.0, 1.0)
        if v.minimum is not None and v.maximum is not None:
            schatting = min(max(schatting, v.minimum), v.maximum)
        return {"schatting": _rond(schatting, v.antwoord)}
    raise ValueError(f"onbekend vraagtype {v.type}")


def _met_zekerheid(v, antwoord: dict, juist: bool, rng: random.Random) -> dict:
    """Most students say how sure they are under a choice question (optional, as in the widget); a wrong answer
    given with certainty is the misconception the overview looks for."""
    if v.type not in ("enkelvoudig", "meervoudig") or rng.random() < 0.3:
        return antwoord
    kansen = (0.6, 0.3) if juist else (0.3, 0.35)  # zeker, twijfel; the rest gok
    x = rng.random()
    return {**antwoord, "zeker": "zeker" if x < kansen[0] else "twijfel" if x < sum(kansen) else "gok"}


def _reflectie(rng: random.Random, vermogen: float, min_woorden: int) -> str:
    aantal = max(1, min(len(ZINNEN), round(2 + vermogen + rng.random() * 3)))
    tekst = "[Fictief voorbeeld] " + " ".join(rng.sample(ZINNEN, aantal))
    return tekst


def maak_exports(map: Path, banken: dict, aantal: int = AANTAL, zaad: int = ZAAD) -> list[Path]:
    """Make ``aantal`` fictional students through the real store, grading and export; their JSON files go to ``map``."""
    from wijklab.werk.export import exporteer
    from wijklab.werk.store import BESTANDSNAAM, Store

    from wijklab.inhoud.bank import BankFout
    from wijklab.inhoud.diagnose import NA, VOOR, diagnose_bank

    rng = random.Random(zaad)
    moeilijkheid = {v.id: rng.gauss(-0.3, 1.0) for nr in sorted(banken) for v in banken[nr].vragen}
    try:
        diagnose = diagnose_bank().vragen
    except (BankFout, OSError):
        diagnose = ()  # no diagnostic bank: the overview then has no learning gain to show
    for v in diagnose:
        moeilijkheid[v.id] = rng.gauss(0.0, 0.8)
    misvatting: dict[str, str] = {}
    bestanden = []
    with tempfile.TemporaryDirectory(prefix="wijklab-voorbeeldklas-") as tmp:
        for nr in range(aantal):
            vermogen = rng.gauss(0.3, 1.0)
            naam = f"{VOORNAMEN[nr % len(VOORNAMEN)]} ({KENMERK})"
            store = Store(Path(tmp) / f"student{nr:02d}" / BESTANDSNAAM)
            store.bewaar_instelling("naam", naam)
            store.bewaar_instelling("student_id", f"{KENMERK}-{rng.getrandbits(48):012x}")
            # weaker students stop earlier: the last notebook(s) stay open
            laatste = len(banken) if vermogen > -0.8 or rng.random() < 0.5 else len(banken) - rng.randint(1, 2)
            # the diagnostic in 00 (before the course, when she knows less) and, if she reached 07, again at the end
            for fase, verschil, gedaan in ((VOOR, -1.0, rng.random() < 0.95), (NA, 0.8, laatste == len(banken))):
                for v in diagnose if gedaan else ():
                    r = grade(v, _antwoord(v, rng.random() < _kans(vermogen + verschil, moeilijkheid[v.id]), rng, misvatting, vermogen))
                    store.bewaar_poging(fase + v.id, r.antwoord, r.juist, r.score)
            for i, nb in enumerate(sorted(banken)):
                if i >= laatste or rng.random() < 0.04:  # skipped notebook
                    continue
                bank = banken[nb]
                for v in bank.vragen:
                    if rng.random() < 0.04:  # skipped question
                        continue
                    if v.type == "voorspel":
                        r = grade(v, _antwoord(v, True, rng, misvatting, vermogen))
                        store.bewaar_poging(v.id, r.antwoord, r.juist, r.score)
                        continue
                    kans = _kans(vermogen, moeilijkheid[v.id])
                    for poging in range(3):
                        goed = rng.random() < kans
                        r = grade(v, _antwoord(v, goed, rng, misvatting, vermogen))
                        antwoord = _met_zekerheid(v, r.antwoord, r.juist, rng) if poging == 0 else r.antwoord
                        store.bewaar_poging(v.id, antwoord, r.juist, r.score)
                        if r.juist:
                            break
                        kans = min(0.95, kans + 0.3)
                for refl in bank.reflecties:
                    if rng.random() < 0.85:
                        store.bewaar_concept(refl.id, _reflectie(rng, vermogen, refl.min_woorden))
            uitkomst = exporteer(map, store=store)
            if not uitkomst.gelukt:
                raise RuntimeError(uitkomst.melding)
            bestanden.append(uitkomst.json)
            if uitkomst.html is not None:  # the students' own HTML portfolios are not needed here
                uitkomst.html.unlink(missing_ok=True)
    return bestanden


def voorbeeldklas(map: str | Path | None = None, aantal: int = AANTAL, zaad: int = ZAAD):
    """Make the demo class in ``map`` (default ``./voorbeeldklas_fictief``) and its overview; return the
    :class:`wijklab.docent.overzicht.Klasoverzicht`. Refuses a folder with JSON files that are not fictional exports."""
    from wijklab.inhoud.bank import BankFout, banken_en_fouten
    from wijklab.docent.overzicht import Klasoverzicht, klasoverzicht

    map = Path(map).expanduser() if map else Path.cwd() / f"voorbeeldklas_{KENMERK}"
    if map.exists() and not map.is_dir():
        return Klasoverzicht(False, None, 0, melding=f"{map} is een bestand, geen map. Kies met --naar een (nieuwe) map.")
    vreemd = sorted(p.name for p in map.glob("*.json")) if map.is_dir() else []
    vreemd = [n for n in vreemd if KENMERK not in n]
    if vreemd:
        return Klasoverzicht(False, None, 0, melding=(
            f"In {map} staan al JSON-bestanden die geen fictief voorbeeld zijn (bijvoorbeeld {vreemd[0]}). De voorbeeldklas "
            "mengt zich niet met echte exports: kies met --naar een lege map."
        ))
    try:
        banken, fouten = banken_en_fouten()
    except (BankFout, OSError) as e:
        banken, fouten = {}, [e]
    if fouten or not banken:
        reden = f" ({fouten[0]})" if fouten else ""
        return Klasoverzicht(False, None, 0, melding=(
            f"De vragenbanken van de cursus konden niet worden gelezen{reden}. Voer deze opdracht uit in de cursusmap "
            "(de map met notebooks/vragen) of zet WIJKLAB_CURSUS op die map."
        ))
    map.mkdir(parents=True, exist_ok=True)
    for oud in map.glob(f"portfolio_*{KENMERK}*.json"):  # an earlier run (another day): same ids, so replaced
        oud.unlink()
    maak_exports(map, banken, aantal, zaad)
    return klasoverzicht(map, fictief=True)
