"""A small, pure model of the fictional city Middelstad: who gets the social homes that fall vacant?

    from wijklab.inhoud import model
    uitkomst = model.draai(model.Regels(spreiding=0.5))   # ten years, one row per wijk per year
    beide = model.vergelijk(model.Regels(spreiding=0.5))  # the same, next to the default rules
    model.aannames_tabel()                                # every assumption in plain Dutch, with its source

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
import numbers
import random
from dataclasses import dataclass, field
from functools import lru_cache

from wijklab.basis.fouten import CursusFout

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


class ModelFout(CursusFout, ValueError):
    """A model parameter is out of range or of the wrong kind (message in Dutch)."""


# --------------------------------------------------------------------------- parameters

@dataclass(frozen=True)
class Regels:
    """The allocation rules a student sets (the sliders and switches of the widget).

    Defaults are "the rules as they are" in Middelstad (see ``BRONNEN`` for each default's source).
    """

    #: share of all vacated corporatiewoningen that goes to urgent and vulnerable households
    aandeel_aandachtsgroepen: float = 0.20
    #: 0 = they land where homes fall vacant; 1 = spread over all wijken in proportion to all dwellings
    spreiding: float = 0.0
    #: low incomes to cheap homes (at least 95 % of them), as the Woningwet requires
    passend_toewijzen: bool = True
    #: share of the urgent households that a regional urgentieregeling houses in other gemeenten
    regionaal_deel: float = 0.0


@dataclass(frozen=True)
class Aannames:
    """Everything else the model assumes. Change these only to test the model's sensitivity."""

    startjaar: int = 2025
    jaren: int = 10
    #: vacated corporatiewoningen per year as a share of the corporatie stock
    mutatiegraad: float = 0.070
    #: yearly variation in vacancies per wijk: a factor drawn uniformly from 1 ± ruis
    ruis: float = 0.10
    zaad: int = 2026
    #: how often aandachtsgroep households move out, relative to other tenants (1 = equally often)
    verhuisfactor_aandachtsgroepen: float = 1.0
    #: at most this share of a wijk's vacancies goes to aandachtsgroepen
    max_aandeel_per_wijk: float = 0.5
    #: passend toewijzen: share of the (low-income) aandachtsgroep households that needs a cheap home
    passend_norm: float = 0.95
    #: threshold of the burden indicator: aandachtsgroep households per 100 dragende households
    drempel: float = 30.0
    #: share of cheap homes (rent below the aftoppingsgrens) in the corporatie stock, by type of wijk
    aandeel_goedkoop: dict = field(default_factory=lambda: dict(GOEDKOOP_PER_TYPE))


#: share of cheap social homes per type of wijk -- aanname (fictief), see BRONNEN["aandeel_goedkoop"]
GOEDKOOP_PER_TYPE = {
    "historische binnenstad": 0.60,
    "vooroorlogse arbeiderswijk": 0.85,
    "naoorlogse wijk (jaren vijftig en zestig)": 0.85,
    "bloemkoolwijk (jaren zeventig en tachtig)": 0.60,
    "vinexwijk": 0.35,
    "villawijk": 0.30,
    "dorpskern": 0.60,
}

STANDAARD = Regels()

#: the source of every default, in plain Dutch (shown in the notebook as the table of assumptions)
BRONNEN: dict[str, tuple[str, str, str]] = {
    # name: (what it means, the value, where it comes from)
    "aandeel_aandachtsgroepen": (
        "Deel van de vrijgekomen corporatiewoningen dat naar urgente en kwetsbare huishoudens gaat",
        "20 %",
        "Middelstad 2024: 19,9 % (fictief). Het deel voor statushouders daarin (8 %) volgt het CBS: 6 %, 7 % en "
        "bijna 8 % van de vrijgekomen corporatiewoningen in 2021–2023. Een landelijk totaal voor alle "
        "aandachtsgroepen samen is niet gevonden.",
    ),
    "spreiding": (
        "Spreiding over de wijken (0 % = waar woningen vrijkomen, 100 % = naar rato van alle woningen in de wijk)",
        "0 %",
        "Aanname (fictief): Middelstad spreidt nu niet actief. Spreiden 'naar rato van de woningvoorraad' is een "
        "modelkeuze; Platform31 schreef voor Rotterdam over 'evenwichtig spreiden van kwetsbare zorgcategorieën' (2022).",
    ),
    "passend_toewijzen": (
        "Passend toewijzen: lage inkomens krijgen een woning met een huur onder de aftoppingsgrens",
        "aan (95 %)",
        "Woningwet: minstens 95 % van de huishoudens met recht op huurtoeslag krijgt een passende woning "
        "(ILT, Passend toewijzen; Aedes, De toewijzingsregels voor 2024).",
    ),
    "regionaal_deel": (
        "Deel van de urgente huishoudens dat een regionale urgentieregeling in andere gemeenten huisvest",
        "0 %",
        "Aanname (fictief): Middelstad heeft nog geen regionale verdeling. Het wetsvoorstel versterking regie "
        "volkshuisvesting wil urgenten regionaal verdelen; stand februari 2026 is de wet niet in werking.",
    ),
    "mutatiegraad": (
        "Deel van de corporatiewoningen dat per jaar vrijkomt (mutatiegraad)",
        "7,0 % per jaar",
        "CBS: 161 duizend vrijgekomen corporatiewoningen in 2023, tegen 2.312.981 corporatiewoningen op "
        "1 januari 2023 (StatLine 82900NED).",
    ),
    "ruis": (
        "Toevallige schommeling van het aantal vrijgekomen woningen per wijk en jaar",
        "± 10 %",
        "Aanname (fictief), met een vast startgetal: elke keer dezelfde uitkomst.",
    ),
    "verhuisfactor_aandachtsgroepen": (
        "Hoe vaak huishoudens uit aandachtsgroepen verhuizen, vergeleken met andere huurders",
        "even vaak",
        "Aanname (fictief): geen bron gevonden.",
    ),
    "max_aandeel_per_wijk": (
        "Hoogstens dit deel van de vrijkomende woningen in één wijk gaat naar aandachtsgroepen",
        "50 %",
        "Aanname (fictief).",
    ),
    "aandeel_goedkoop": (
        "Deel goedkope corporatiewoningen (huur onder de aftoppingsgrens) per soort wijk",
        "85 % in oude wijken, 60 % in binnenstad, bloemkoolwijk en dorp, 30–35 % in vinex- en villawijk",
        "Aanname (fictief): Middelstad heeft geen huurgegevens per wijk.",
    ),
    "doelgroep": (
        "Alle huishoudens in de corporatiewoningen horen bij de doelgroep van de sociale huur",
        "100 %",
        "Vereenvoudiging. De echte regel: minstens 92,5 % van de vrijkomende sociale huurwoningen naar de "
        "doelgroep (inkomen 2024 tot € 47.699 voor één persoon, € 52.671 voor meer personen), 7,5 % vrij "
        "(Aedes, De toewijzingsregels voor 2024).",
    ),
    "startverdeling": (
        "Aandeel aandachtsgroepen in de corporatievoorraad bij de start (2025)",
        "per wijk het aandeel van 2019–2024",
        "Aanname (fictief): het aandeel in de voorraad is gelijk aan het aandeel onder de nieuwkomers van "
        "2019–2024 in Middelstad (tabel middelstad_vrijkomende_woningen_fictief).",
    ),
    "draagkracht": (
        "Draagkracht: 'dragende' huishoudens in de wijk (niet bij de laagste 40 % inkomens)",
        "blijft tien jaar gelijk",
        "Eigen modelbegrip van de cursus. Middelstad: aandeel huishoudens in de laagste 40 % inkomens per wijk "
        "(fictief). Verwant aan 'absorptievermogen' (Rotterdam, 2004) en 'veerkracht' (Aedes, 2018).",
    ),
    "drempel": (
        "Grens van de draaglast: aandachtshuishoudens per 100 dragende huishoudens",
        "30",
        "Aanname (fictief): er is geen bron gevonden voor een kantelpunt. De grens is gekozen om het model te "
        "laten werken, niet gemeten.",
    ),
}


#: what the model accepts besides shares (0..1): (lowest, highest, what it is), checked by `controleer`
STARTJAAR = (2000, 2100)
ZAAD = (0, 1_000_000_000)
DREMPEL_MAX = 1000


def _toon(waarde) -> str:
    """A value in a message: Dutch for the odd floats, and never a page of repr."""
    if isinstance(waarde, float) and math.isnan(waarde):
        return "nan (geen getal)"
    if isinstance(waarde, float) and math.isinf(waarde):
        return "oneindig" if waarde > 0 else "min oneindig"
    tekst = repr(waarde)
    return tekst if len(tekst) <= 60 else tekst[:57] + "…"


def _binnen(waarde, laag, hoog, *, geheel: bool = False) -> bool:
    """True for a (whole) number from `laag` to `hoog` inclusive. bool, nan, inf and non-numbers are out;
    Python compares an int with a float exactly, so an int too large for a float is simply too large."""
    soort = numbers.Integral if geheel else numbers.Real
    if isinstance(waarde, bool) or not isinstance(waarde, soort):
        return False
    try:
        return bool(laag <= waarde <= hoog)
    except (TypeError, ValueError, OverflowError):
        return False


def _controleer_aandeel(naam: str, waarde, uitleg: str) -> None:
    if isinstance(waarde, bool) or not isinstance(waarde, numbers.Real) or not _binnen(waarde, -math.inf, math.inf):
        raise ModelFout(f"'{naam}' moet een getal tussen 0 en 1 zijn ({uitleg}), niet {_toon(waarde)}.")
    if not _binnen(waarde, 0, 1):
        raise ModelFout(
            f"'{naam}' moet tussen 0 en 1 liggen ({uitleg}); je gaf {_toon(waarde)}. "
            "Geef een aandeel, bijvoorbeeld 0.2 voor 20 procent."
        )


def controleer(regels: Regels, aannames: Aannames | None = None) -> None:
    """Raise ModelFout (Dutch, saying what is allowed) when a parameter is of the wrong kind, not finite or out of range."""
    if not isinstance(regels, Regels):
        raise ModelFout("Geef de toewijzingsregels mee als model.Regels(...), bijvoorbeeld model.Regels(spreiding=0.5).")
    _controleer_aandeel("aandeel_aandachtsgroepen", regels.aandeel_aandachtsgroepen, "het deel van de vrijgekomen woningen")
    _controleer_aandeel("spreiding", regels.spreiding, "0 is niet spreiden, 1 is helemaal spreiden")
    _controleer_aandeel("regionaal_deel", regels.regionaal_deel, "het deel dat in andere gemeenten terechtkomt")
    if not isinstance(regels.passend_toewijzen, bool):
        raise ModelFout(f"'passend_toewijzen' moet True (aan) of False (uit) zijn, niet {_toon(regels.passend_toewijzen)}.")
    a = Aannames() if aannames is None else aannames
    if not isinstance(a, Aannames):
        raise ModelFout("Geef de aannames mee als model.Aannames(...), bijvoorbeeld model.Aannames(jaren=20).")
    if not _binnen(a.jaren, 1, 50, geheel=True):
        raise ModelFout(f"'jaren' moet een geheel getal van 1 tot en met 50 zijn, niet {_toon(a.jaren)}.")
    if not _binnen(a.startjaar, *STARTJAAR, geheel=True):
        raise ModelFout(f"'startjaar' moet een jaartal van {STARTJAAR[0]} tot en met {STARTJAAR[1]} zijn, "
                        f"bijvoorbeeld 2025; niet {_toon(a.startjaar)}.")
    if not _binnen(a.zaad, *ZAAD, geheel=True):
        raise ModelFout(f"'zaad' (het startgetal van de toevallige schommeling) moet een geheel getal van 0 tot en met "
                        f"1.000.000.000 zijn, bijvoorbeeld 2026; niet {_toon(a.zaad)}.")
    for naam, uitleg in [
        ("mutatiegraad", "het deel van de corporatiewoningen dat per jaar vrijkomt"),
        ("ruis", "de toevallige schommeling"),
        ("max_aandeel_per_wijk", "het hoogste deel per wijk"),
        ("passend_norm", "het deel dat een goedkope woning moet krijgen"),
    ]:
        _controleer_aandeel(naam, getattr(a, naam), uitleg)
    if a.max_aandeel_per_wijk == 0:
        raise ModelFout("'max_aandeel_per_wijk' moet groter dan 0 zijn, anders kan niemand uit een aandachtsgroep een woning krijgen.")
    f = a.verhuisfactor_aandachtsgroepen
    if not _binnen(f, 0, 5):
        raise ModelFout(f"'verhuisfactor_aandachtsgroepen' moet een getal van 0 tot en met 5 zijn (1 = even vaak), niet {_toon(f)}.")
    if not _binnen(a.drempel, 0, DREMPEL_MAX) or a.drempel == 0:
        raise ModelFout(f"'drempel' moet een getal groter dan 0 en hoogstens {DREMPEL_MAX} zijn (aandachtshuishoudens per "
                        f"100 dragende huishoudens; standaard 30), niet {_toon(a.drempel)}.")
    soorten = ", ".join(f"'{s}'" for s in GOEDKOOP_PER_TYPE)
    if not isinstance(a.aandeel_goedkoop, dict) or not a.aandeel_goedkoop:
        raise ModelFout(f"'aandeel_goedkoop' moet een woordenboek zijn met per soort wijk het deel goedkope woningen "
                        f"(0 tot en met 1), bijvoorbeeld {{'vinexwijk': 0.35}}; niet {_toon(a.aandeel_goedkoop)}. "
                        f"De soorten zijn {soorten}; een soort die je weglaat houdt zijn standaardwaarde.")
    for soort, deel in a.aandeel_goedkoop.items():
        if not isinstance(soort, str) or soort not in GOEDKOOP_PER_TYPE:
            raise ModelFout(f"'aandeel_goedkoop' kent de soort wijk {_toon(soort)} niet. De soorten zijn {soorten}.")
        _controleer_aandeel(f"aandeel_goedkoop['{soort}']", deel, "het deel goedkope woningen")


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


def aannames_tabel():
    """The assumptions and their sources as a DataFrame with Dutch headings (for the notebook)."""
    import pandas as pd

    class Aannametabel(pd.DataFrame):
        """A DataFrame that shows its full texts in a notebook (pandas would cut them off at 50 characters)."""

        @property
        def _constructor(self):
            return pd.DataFrame

        def _repr_html_(self):
            import html

            kop = "".join(f"<th scope='col' style='text-align:left'>{html.escape(str(k))}</th>" for k in self.columns)
            rijen = "".join("<tr>" + "".join(f"<td style='text-align:left;white-space:normal;vertical-align:top'>"
                                             f"{html.escape(str(v))}</td>" for v in rij) + "</tr>"
                            for rij in self.itertuples(index=False))
            return (f"<table class='wl-aannames'><caption style='text-align:left'><b>Aannames van het model "
                    f"(Middelstad, fictief) en waar ze vandaan komen</b></caption><thead><tr>{kop}</tr></thead>"
                    f"<tbody>{rijen}</tbody></table>")

    return Aannametabel(
        [{"onderdeel": wat, "waarde in het model": waarde, "waar komt het vandaan?": bron}
         for wat, waarde, bron in BRONNEN.values()]
    )

