"""The Middelstad model's parameters and what it assumes: the rules a student sets (Regels), the other
assumptions (Aannames) with the source of every default (BRONNEN, shown by ``aannames_tabel``), and the
check of their kinds and ranges (``controleer``, Dutch messages). The model itself is :mod:`wijklab.inhoud.model`,
which offers these names too (``wl.model.Regels``, ``wl.model.aannames_tabel``).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

from wijklab.basis.fouten import CursusFout


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
