"""A small, pure model of the fictional city Middelstad: who gets the social homes that fall vacant?

    from wijklab.inhoud import model
    uitkomst = model.draai(model.Regels(spreiding=0.5))   # ten years, one row per wijk per year
    beide = model.vergelijk(model.Regels(spreiding=0.5))  # the same, next to the default rules
    model.aannames_tabel()                                # every assumption in plain Dutch, with its source

The parameters, their sources and their check are in :mod:`wijklab.inhoud.modelaannames` (offered here too).
No widget code here (see :mod:`wijklab.leerling.modelwidget`); the model is deterministic: the small yearly
variation in vacancies comes from ``random.Random(zaad)`` and is drawn before any rule is applied,
so two runs with the same parameters give identical output and two sets of rules meet the same
vacancies.

One year, per wijk ``w`` (all counts are whole households; one household per dwelling):

1. ``V_w`` corporatiewoningen fall vacant: the stock times the *mutatiegraad* (CBS: 161 duizend
   vacated in 2023 against 2.312.981 corporatiewoningen, 7,0 %), times a small random factor.
2. The leaving households are split over aandachtsgroep and other households in proportion to
   their share in the stock (times ``verhuisfactor_aandachtsgroepen`` for the first).
3. The city-wide demand from aandachtsgroepen is ``aandeel_aandachtsgroepen`` of all vacancies,
   plus who was left waiting last year. With a regional urgentieregeling a part
   (``regionaal_deel``) is housed in other gemeenten of the region instead.
4. The rest is placed over the wijken by weight: with ``spreiding`` 0 where the homes fall vacant
   (weight ``V_w``), with ``spreiding`` 1 in proportion to the whole housing stock of the wijk
   (so wijken with few social homes take their share too); values in between mix the two.
   No wijk gives more than ``max_aandeel_per_wijk`` of its vacancies to aandachtsgroepen.
   With *passend toewijzen* at least 95 % of these (low-income) households must get a cheap
   home, so that part can only land on the cheap vacancies of a wijk.
5. Vacancies not given to aandachtsgroepen go to other woningzoekenden.

Outputs per wijk per year: the share of aandachtsgroepen in the corporatievoorraad, and a burden
indicator: *draaglast* (aandachtsgroep households in the wijk) per 100 *dragende* households
(households above the lowest 40 % incomes, the wijk's *draagkracht*), against a threshold.
The pair draagkracht/draaglast is the course's own model term (no source uses it for a wijk).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import lru_cache

from wijklab.inhoud.modelaannames import (  # noqa: F401 (wl.model offers the parameters and their check too)
    BRONNEN, DREMPEL_MAX, GOEDKOOP_PER_TYPE, STANDAARD, STARTJAAR, ZAAD, Aannames, ModelFout, Regels, _binnen,
    _controleer_aandeel, _toon, aannames_tabel, controleer,
)

__all__ = [
    "Regels",
    "Aannames",
    "Wijk",
    "ModelFout",
    "STANDAARD",
    "laad_stad",
    "draai",
    "vergelijk",
    "aannames_tabel",
    "samenvatting",
]


# --------------------------------------------------------------------------- the city

@dataclass(frozen=True)
class Wijk:
    """One wijk of Middelstad at the start, from the fictional tables in data/."""

    naam: str
    soort: str
    woningen: int  # all dwellings = all households (one household per dwelling)
    corporatie: int  # corporatiewoningen
    aandacht_start: int  # aandachtsgroep households in corporatiewoningen at the start
    pct_laagste_40: float  # households in the lowest 40 % incomes


@lru_cache(maxsize=4)
def _laad_stad(_sleutel: str) -> tuple[Wijk, ...]:
    from wijklab.inhoud import data

    wijken = data.laad("middelstad_wijken_fictief")
    vrij = data.laad("middelstad_vrijkomende_woningen_fictief")
    som = vrij.groupby("wijk")[["vrijgekomen_corporatiewoningen", "naar_aandachtsgroepen"]].sum()
    uit = []
    for rij in wijken.itertuples(index=False):
        v = int(som.loc[rij.wijk, "vrijgekomen_corporatiewoningen"])
        a = int(som.loc[rij.wijk, "naar_aandachtsgroepen"])
        aandeel = a / v if v else 0.0
        uit.append(Wijk(
            naam=str(rij.wijk), soort=str(rij.type_wijk), woningen=int(rij.woningen_totaal),
            corporatie=int(rij.woningen_corporatie), aandacht_start=_rond(int(rij.woningen_corporatie) * aandeel),
            pct_laagste_40=float(rij.pct_huishoudens_laagste_40pct),
        ))
    return tuple(uit)


def laad_stad() -> tuple[Wijk, ...]:
    """The eight wijken of Middelstad (fictief), read once from data/."""
    from wijklab.inhoud import data

    pad = data.data_map() / "datapackage.json"
    return _laad_stad(f"{pad}:{pad.stat().st_mtime if pad.exists() else 0}")


# --------------------------------------------------------------------------- arithmetic helpers

def _rond(x: float) -> int:
    """Round half up (never banker's rounding), for non-negative numbers."""
    return int(math.floor(x + 0.5))


def _verdeel(totaal: int, gewichten: list[float], plafonds: list[int]) -> list[int]:
    """Split `totaal` whole units over places by weight, never above a place's cap.

    Water-filling: share by weight, cap, and share what is left over among the places that still
    have room, again by weight (largest remainder, ties to the first place). If all caps are
    reached, the rest is not placed (the sum is then less than `totaal`).
    """
    n = len(gewichten)
    uit = [0] * n
    over = min(totaal, sum(plafonds))
    while over > 0:
        open_ = [i for i in range(n) if uit[i] < plafonds[i] and gewichten[i] > 0]
        if not open_:
            open_ = [i for i in range(n) if uit[i] < plafonds[i]]
            if not open_:
                break
            gew = {i: 1.0 for i in open_}
        else:
            gew = {i: gewichten[i] for i in open_}
        som = sum(gew.values())
        exact = {i: over * g / som for i, g in gew.items()}
        deel = {i: min(int(exact[i]), plafonds[i] - uit[i]) for i in open_}
        rest = over - sum(deel.values())
        if all(deel[i] == int(exact[i]) for i in open_):
            # nobody was capped: hand out the remainder by largest remainder
            for i in sorted(open_, key=lambda i: (-(exact[i] - int(exact[i])), i)):
                if rest == 0:
                    break
                if uit[i] + deel[i] < plafonds[i]:
                    deel[i] += 1
                    rest -= 1
        for i in open_:
            uit[i] += deel[i]
        nieuw_over = over - sum(deel.values())
        if nieuw_over == over:  # no progress possible (should not happen): stop rather than loop
            break
        over = nieuw_over
    return uit


# --------------------------------------------------------------------------- the model

def _ruisfactoren(aannames: Aannames, n_wijken: int) -> list[list[float]]:
    """One factor per year per wijk, drawn before any rule applies (same for every scenario)."""
    rnd = random.Random(aannames.zaad)
    return [[1 + (rnd.random() * 2 - 1) * aannames.ruis for _ in range(n_wijken)] for _ in range(aannames.jaren)]


def _simuleer(regels: Regels, aannames: Aannames, stad: tuple[Wijk, ...]) -> tuple[list[dict], list[dict]]:
    n = len(stad)
    goedkoop = [aannames.aandeel_goedkoop.get(w.soort, GOEDKOOP_PER_TYPE.get(w.soort, 0.6)) for w in stad]
    aandacht = [w.aandacht_start for w in stad]
    overig = [w.corporatie - w.aandacht_start for w in stad]
    dragend = [_rond(w.woningen * (1 - w.pct_laagste_40 / 100)) for w in stad]
    factoren = _ruisfactoren(aannames, n)
    rijen: list[dict] = []
    stadsrijen: list[dict] = []
    wachtend = 0

    def rij(jaar, i, vrij, geplaatst, vertrek_a, vertrek_o):
        w = stad[i]
        per_100 = 100 * aandacht[i] / dragend[i] if dragend[i] else math.inf
        # the same threshold, as a share of the corporatievoorraad (shown as a line per wijk)
        grens = 100 * aannames.drempel / 100 * dragend[i] / w.corporatie if w.corporatie else math.inf
        return {
            "jaar": jaar, "wijk": w.naam, "woningen": w.woningen, "corporatiewoningen": w.corporatie,
            "vrijgekomen": vrij, "naar_aandachtsgroepen": geplaatst, "vertrokken_aandachtsgroepen": vertrek_a,
            "vertrokken_overig": vertrek_o, "aandachtshuishoudens": aandacht[i], "overige_huurders": overig[i],
            "aandeel_aandachtsgroepen_pct": round(100 * aandacht[i] / w.corporatie, 2) if w.corporatie else 0.0,
            "aandeel_in_wijk_pct": round(100 * aandacht[i] / w.woningen, 2) if w.woningen else 0.0,
            "dragende_huishoudens": dragend[i], "draaglast_per_100_dragend": round(per_100, 2),
            "drempel": aannames.drempel, "grens_aandeel_pct": round(grens, 2),
            "boven_drempel": per_100 > aannames.drempel,
        }

    for i in range(n):
        rijen.append(rij(aannames.startjaar - 1, i, 0, 0, 0, 0))

    for t in range(aannames.jaren):
        jaar = aannames.startjaar + t
        vrij = [min(stad[i].corporatie, _rond(stad[i].corporatie * aannames.mutatiegraad * factoren[t][i])) for i in range(n)]
        # who moves out: in proportion to the stock, aandachtsgroepen times the verhuisfactor
        vertrek_a, vertrek_o = [], []
        for i in range(n):
            h = stad[i].corporatie
            kans_a = aandacht[i] * aannames.verhuisfactor_aandachtsgroepen
            noemer = kans_a + overig[i]
            va = _rond(vrij[i] * kans_a / noemer) if noemer else 0
            va = max(vrij[i] - overig[i], min(va, aandacht[i], vrij[i]))
            vertrek_a.append(va)
            vertrek_o.append(vrij[i] - va)
            assert 0 <= vrij[i] <= h
        vraag_nieuw = _rond(regels.aandeel_aandachtsgroepen * sum(vrij))
        vraag = vraag_nieuw + wachtend
        naar_regio = _rond(vraag * regels.regionaal_deel)
        te_plaatsen = vraag - naar_regio
        # weights: where homes fall vacant, or in proportion to all dwellings of the wijk
        som_vrij = sum(vrij) or 1
        som_won = sum(w.woningen for w in stad) or 1
        gewicht = [(1 - regels.spreiding) * vrij[i] / som_vrij + regels.spreiding * stad[i].woningen / som_won for i in range(n)]
        plafond = [int(math.floor(vrij[i] * aannames.max_aandeel_per_wijk + 1e-9)) for i in range(n)]
        if regels.passend_toewijzen:
            # the households that need a cheap home land where CHEAP homes fall vacant
            goedkoop_vrij = [_rond(vrij[i] * goedkoop[i]) for i in range(n)]
            som_goedkoop = sum(goedkoop_vrij) or 1
            gewicht_goedkoop = [(1 - regels.spreiding) * goedkoop_vrij[i] / som_goedkoop
                                + regels.spreiding * stad[i].woningen / som_won for i in range(n)]
            n_goedkoop = _rond(te_plaatsen * aannames.passend_norm)
            eerst = _verdeel(n_goedkoop, gewicht_goedkoop, [min(plafond[i], goedkoop_vrij[i]) for i in range(n)])
            rest = _verdeel(te_plaatsen - n_goedkoop, gewicht, [plafond[i] - eerst[i] for i in range(n)])
            geplaatst = [eerst[i] + rest[i] for i in range(n)]
        else:
            geplaatst = _verdeel(te_plaatsen, gewicht, plafond)
        wachtend = te_plaatsen - sum(geplaatst)
        for i in range(n):
            aandacht[i] += geplaatst[i] - vertrek_a[i]
            overig[i] += (vrij[i] - geplaatst[i]) - vertrek_o[i]
            rijen.append(rij(jaar, i, vrij[i], geplaatst[i], vertrek_a[i], vertrek_o[i]))
        stadsrijen.append({
            "jaar": jaar, "vrijgekomen": sum(vrij), "vraag_nieuw": vraag_nieuw, "vraag_met_wachtenden": vraag,
            "naar_regio": naar_regio, "geplaatst": sum(geplaatst), "wachtend": wachtend,
        })
    return rijen, stadsrijen


def draai(regels: Regels = STANDAARD, aannames: Aannames | None = None, *, scenario: str = "jouw regels"):
    """Run the model: a tidy DataFrame with one row per wijk per year (the year before the start included).

    ``df.attrs["stad"]`` holds the city totals per year (demand, placed, to the region, waiting).
    """
    import pandas as pd

    aannames = Aannames() if aannames is None else aannames
    controleer(regels, aannames)
    if not isinstance(scenario, str):
        raise ModelFout(f"'scenario' moet een naam (tekst) zijn, niet {_toon(scenario)}.")
    rijen, stadsrijen = _simuleer(regels, aannames, laad_stad())
    df = pd.DataFrame(rijen)
    df.insert(0, "scenario", scenario)
    df.attrs.update(fictief=True, naam="middelstad_model_fictief", stad=stadsrijen,
                    regels=regels, aannames=aannames)
    return df


def vergelijk(regels: Regels, aannames: Aannames | None = None):
    """The student's rules and the default rules in one tidy DataFrame (column ``scenario``)."""
    import pandas as pd

    eigen = draai(regels, aannames, scenario="jouw regels")
    standaard = draai(STANDAARD, aannames, scenario="standaardregels")
    df = pd.concat([eigen, standaard], ignore_index=True)
    df.attrs.update(fictief=True, naam="middelstad_model_fictief", stad=eigen.attrs["stad"],
                    stad_standaard=standaard.attrs["stad"], regels=regels, aannames=eigen.attrs["aannames"])
    return df


def samenvatting(df):
    """Per wijk in the last year: share and burden under each scenario (a small wide table, Dutch headings)."""
    laatste = df[df["jaar"] == df["jaar"].max()]
    tabel = laatste.pivot_table(index="wijk", columns="scenario",
                                values=["aandeel_aandachtsgroepen_pct", "draaglast_per_100_dragend"], sort=False)
    namen = {"aandeel_aandachtsgroepen_pct": "aandeel aandachtsgroepen (%)",
             "draaglast_per_100_dragend": "per 100 dragende huishoudens"}
    tabel.columns = [f"{namen[m]}, {s}" for m, s in tabel.columns]
    return tabel.reset_index()
