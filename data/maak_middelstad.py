"""Generate Middelstad: a FICTIONAL city of 8 wijken for what real data cannot show at wijk level.

    .venv/bin/python data/maak_middelstad.py [UITVOERMAP]

Writes four CSV files whose names end in ``_fictief`` (default: next to this script). Same seed,
same bytes: only ``random.Random.random()`` is used (its stream is stable across Python versions),
every number is rounded before it is written, and rows are written in a fixed order.

Calibration on real national figures (all in data/, see data/README.md):
- tenure shares of the whole city = Nederland 1 januari 2023 (CBS 82900NED, woningvoorraad_eigendom):
  koop 57,0 %, corporatie 28,5 %, overige verhuurders 14,4 % of the stock;
- persons per dwelling 2,19 and 20,5 % aged 65+ = Nederland 2024 (CBS 85984NED, wijken_2024:
  17.942.942 inhabitants, 8.204.049 dwellings, sum over gemeenten);
- yearly vacancies in corporatiewoningen ~7,0 % of the corporatie stock (CBS: 161 duizend vacated
  in 2023, statushouders_corporatiewoningen, against 2.312.981 corporatiewoningen, 82900NED);
- share of vacated corporatiewoningen to households with a statushouder: 6 % (2021), 7 % (2022),
  8 % (2023) as reported by CBS (statushouders_corporatiewoningen); 2019-2020 set at 5 % (CBS: "in
  de vier jaren daarvoor tussen 4 en 6 procent"), 2024 assumed equal to 2023.
- corporatiebuurt: more than two thirds corporatie-owned (RIGO/Aedes definition, cijfers_doelgroepen
  nr. 77); Lindenhof is made one on purpose, Havenkwartier is just below the threshold.
NOT calibrated (invented, no national source found, see kennisbank/cijfers "niet gevonden"): the shares
of urgentie, uitstroom maatschappelijke opvang, uitstroom beschermd wonen/ggz and uitstroom detentie,
the liveability scores, the nuisance reports and the "voelt zich thuis" survey.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

ZAAD = 20240101
JAREN = list(range(2019, 2025))

# national calibration figures (see module docstring for the sources)
NL_KOOP = 0.570
NL_CORPORATIE = 0.285
NL_OVERIG = 0.144  # the remainder (eigendom onbekend, 0,1 %) is left out in Middelstad
PERSONEN_PER_WONING = 2.19
NL_PCT_65_PLUS = 20.5
MUTATIEGRAAD_CORPORATIE = 0.070
STATUSHOUDERS_AANDEEL = {2019: 0.05, 2020: 0.05, 2021: 0.06, 2022: 0.07, 2023: 0.08, 2024: 0.08}

# invented shares of vacated corporatiewoningen per aandachtsgroep (NOT calibrated)
ANDERE_GROEPEN = {
    "sociale of medische urgentie": 0.05,
    "uitstroom maatschappelijke opvang": 0.02,
    "uitstroom beschermd wonen of ggz": 0.02,
    "uitstroom detentie": 0.005,
}
AANDACHTSGROEPEN = ["statushouders", *ANDERE_GROEPEN, "regulier woningzoekend"]

# wijk: (name, type, dwellings, relative corporatie share, relative 65+ share, income pressure,
#        baseline liveability); the corporatie weights are rescaled so the city matches NL_CORPORATIE
WIJKEN = [
    ("Binnenstad", "historische binnenstad", 3600, 0.55, 0.80, 0.45, 0.10),
    ("Havenkwartier", "vooroorlogse arbeiderswijk", 4200, 3.30, 0.70, 0.85, -0.12),
    ("Bloemenbuurt", "vooroorlogse arbeiderswijk", 3100, 1.10, 0.90, 0.65, -0.02),
    ("Lindenhof", "naoorlogse wijk (jaren vijftig en zestig)", 5200, 3.60, 1.25, 0.90, -0.18),
    ("De Akkers", "bloemkoolwijk (jaren zeventig en tachtig)", 4800, 0.80, 1.30, 0.45, 0.05),
    ("Parkzoom", "vinexwijk", 6100, 0.45, 0.55, 0.25, 0.12),
    ("Villapark", "villawijk", 1700, 0.12, 1.45, 0.05, 0.22),
    ("Oude Dorp", "dorpskern", 2300, 0.75, 1.35, 0.35, 0.15),
]


def _afronden(x: float) -> int:
    # round half up, so the result never depends on float banker's rounding
    return int(x + 0.5) if x >= 0 else -int(-x + 0.5)


def _verdeel(totaal: int, gewichten: dict[str, float]) -> dict[str, int]:
    """Split an integer total over keys in proportion to weights (largest remainder, ties by order)."""
    som = sum(gewichten.values()) or 1.0
    exact = {k: totaal * g / som for k, g in gewichten.items()}
    uit = {k: int(v) for k, v in exact.items()}
    rest = totaal - sum(uit.values())
    for k in sorted(exact, key=lambda k: (-(exact[k] - uit[k]), list(exact).index(k)))[:rest]:
        uit[k] += 1
    return uit


def _schrijf(pad: Path, kolommen: list[str], rijen: list[list]) -> None:
    with pad.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(kolommen)
        w.writerows(rijen)


def maak(uitvoer: Path, zaad: int = ZAAD) -> list[Path]:
    """Write the fictional Middelstad tables into `uitvoer`; return the paths written."""
    rnd = random.Random(zaad)

    def ruis(breedte: float) -> float:
        return (rnd.random() * 2 - 1) * breedte

    uitvoer.mkdir(parents=True, exist_ok=True)
    totaal = sum(w[2] for w in WIJKEN)
    gewogen = sum(w[2] * w[3] for w in WIJKEN)
    schaal = NL_CORPORATIE * totaal / gewogen

    wijkrijen, basis = [], {}
    for i, (naam, soort, woningen, corp_rel, oud_rel, druk, leefb) in enumerate(WIJKEN, start=1):
        corp = _afronden(woningen * min(corp_rel * schaal, 0.92))
        # the rest of the stock: koop and private rent in the national ratio, moved by income pressure
        rest = woningen - corp
        koop_deel = NL_KOOP / (NL_KOOP + NL_OVERIG) * (1.15 - 0.35 * druk)
        koop = _afronden(rest * min(max(koop_deel, 0.30), 0.97))
        overig = rest - koop
        inwoners = _afronden(woningen * PERSONEN_PER_WONING * (1 + ruis(0.08)) / 5) * 5
        pct_65 = round(NL_PCT_65_PLUS * oud_rel * (1 + ruis(0.05)), 1)
        pct_laag = round(min(max(40 * (0.55 + 0.9 * druk) + ruis(3), 5), 90), 1)
        wijkcode = f"MS{i:02d}"
        basis[naam] = (corp, leefb, druk)
        wijkrijen.append(
            [wijkcode, naam, soort, woningen, koop, corp, overig, round(corp / woningen * 100, 1),
             inwoners, pct_65, pct_laag]
        )
    pad_wijken = uitvoer / "middelstad_wijken_fictief.csv"
    _schrijf(
        pad_wijken,
        ["wijkcode", "wijk", "type_wijk", "woningen_totaal", "woningen_koop", "woningen_corporatie",
         "woningen_overige_verhuur", "pct_corporatie", "inwoners", "pct_65_plus",
         "pct_huishoudens_laagste_40pct"],
        wijkrijen,
    )

    vrij_rijen, nieuw_rijen, leef_rijen = [], [], []
    for jaar in JAREN:
        vrij = {}
        for wijkrij in wijkrijen:
            corp = basis[wijkrij[1]][0]
            vrij[wijkrij[1]] = _afronden(corp * MUTATIEGRAAD_CORPORATIE * (1 + ruis(0.15)))
        # the city total of statushouders follows the CBS share; it is then spread over the wijken
        stad = _afronden(sum(vrij.values()) * STATUSHOUDERS_AANDEEL[jaar])
        gewichten = {n: v * (1 + ruis(0.3)) for n, v in vrij.items()}
        statushouders = _verdeel(stad, gewichten)
        for (wijkcode, naam, *_rest) in wijkrijen:
            corp, leefb, druk = basis[naam]
            aantallen = {"statushouders": min(statushouders[naam], vrij[naam])}
            for groep, deel in ANDERE_GROEPEN.items():
                # vulnerable groups land more often where more dwellings come free and rents are lowest
                aantallen[groep] = _afronden(vrij[naam] * deel * (0.6 + 0.8 * druk) * (1 + ruis(0.4)))
            bijzonder = sum(aantallen.values())
            aantallen["regulier woningzoekend"] = vrij[naam] - bijzonder
            assert aantallen["regulier woningzoekend"] >= 0
            vrij_rijen.append([jaar, wijkcode, naam, vrij[naam], bijzonder, aantallen["statushouders"]])
            for groep in AANDACHTSGROEPEN:
                nieuw_rijen.append([jaar, wijkcode, naam, groep, aantallen[groep]])
            # liveability: a slow trend, worse where many vulnerable newcomers meet little support
            trend = (jaar - 2019) * (0.012 - 0.03 * druk * bijzonder / max(vrij[naam], 1))
            afwijking = round(leefb + trend + ruis(0.02), 3)
            overlast = round(max(8.0 + 40 * druk - 60 * afwijking + ruis(3), 1.0), 1)
            thuis = round(min(max(78.0 + 60 * afwijking + ruis(2.5), 30.0), 98.0), 1)
            leef_rijen.append([jaar, wijkcode, naam, afwijking, overlast, thuis])

    pad_vrij = uitvoer / "middelstad_vrijkomende_woningen_fictief.csv"
    _schrijf(
        pad_vrij,
        ["jaar", "wijkcode", "wijk", "vrijgekomen_corporatiewoningen", "naar_aandachtsgroepen",
         "naar_statushouders"],
        vrij_rijen,
    )
    pad_nieuw = uitvoer / "middelstad_nieuwkomers_fictief.csv"
    _schrijf(pad_nieuw, ["jaar", "wijkcode", "wijk", "aandachtsgroep", "nieuwe_huishoudens"], nieuw_rijen)
    pad_leef = uitvoer / "middelstad_leefbaarheid_fictief.csv"
    _schrijf(
        pad_leef,
        ["jaar", "wijkcode", "wijk", "leefbaarheid_afwijking", "overlastmeldingen_per_1000_inwoners",
         "pct_voelt_zich_thuis"],
        leef_rijen,
    )
    return [pad_wijken, pad_vrij, pad_nieuw, pad_leef]


if __name__ == "__main__":
    doel = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for p in maak(doel):
        print(p)
