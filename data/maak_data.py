"""Build the real-data CSV files in data/ from the research files in ../shared/bronnen/data/.

Run once when a source file changes::

    .venv/bin/python data/maak_data.py [BRONMAP]

BRONMAP defaults to ../shared/bronnen/data (relative to the course root) or $WIJKLAB_BRONNEN.
Only tidying happens here (renaming, merging, dropping columns we do not use); no number is
estimated or filled in. Every step is described per table in data/README.md and in the
"bewerking" of each resource in data/datapackage.json. The fictional city is made by
data/maak_middelstad.py, not here.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pandas as pd

HIER = Path(__file__).resolve().parent


def _bronmap() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    if os.environ.get("WIJKLAB_BRONNEN"):
        return Path(os.environ["WIJKLAB_BRONNEN"])
    return HIER.parent.parent / "shared" / "bronnen" / "data"


def _lees(bron: Path, naam: str, **kw) -> pd.DataFrame:
    # everything as text: numbers are written back exactly as they were read
    return pd.read_csv(bron / naam, dtype=str, keep_default_na=False, encoding="utf-8", **kw)


def _schrijf(df: pd.DataFrame, naam: str) -> None:
    df.to_csv(HIER / f"{naam}.csv", index=False, encoding="utf-8", lineterminator="\n")
    print(f"{naam}.csv: {len(df)} rijen")


def maak(bron: Path) -> None:
    # 1. the 40 Vogelaarwijken (BCFV annex) + link to CBS wijken 2024 where the name matches
    bcfv = _lees(bron, "vogelaarwijken_40_bcfv_bijlage.csv")
    kop = _lees(bron, "vogelaarwijken_40_koppeling_cbs_wijken_2024.csv")
    assert list(bcfv["wijk"]) == list(kop["wijk_bcfv"]), "volgorde koppelbestand wijkt af"
    nplv = _lees(bron, "nplv_20_focusgebieden_2022.csv")
    nplv_gemeenten = set(nplv["gemeente"])
    vogelaar_gemeenten = set(bcfv["gemeente"])
    vw = pd.DataFrame(
        {
            "gemeente": bcfv["gemeente"],
            "wijk": bcfv["wijk"],
            "additionele_inzet_corporaties_mln_euro": bcfv["additionele_inzet_corporaties_mln_euro"],
            "max_subsidie_per_wijk_per_jaar_euro": bcfv["max_subsidie_per_wijk_per_jaar_euro"],
            "gemeentecode_2024": kop["gemeentecode_2024"],
            "wijkcode_2024": kop["wijkcode_2024"],
            "cbs_wijknaam_2024": kop["cbs_wijknaam_2024"],
            "koppeling": kop["wijk_koppeling"].str.split(":").str[0].str.strip(),
            "gemeente_ook_in_nplv": bcfv["gemeente"].isin(nplv_gemeenten).map({True: "ja", False: "nee"}),
        }
    )
    assert set(vw["koppeling"]) <= {"exact", "genormaliseerd", "niet gekoppeld"}
    _schrijf(vw, "vogelaarwijken")

    # 2. the 20 NPLV focusgebieden
    nf = pd.DataFrame(
        {
            "focusgebied": nplv["focusgebied_zoals_genoemd"],
            "gemeente": nplv["gemeente"],
            "gemeente_ook_vogelaarwijk": nplv["gemeente"].isin(vogelaar_gemeenten).map({True: "ja", False: "nee"}),
        }
    )
    _schrijf(nf, "nplv_focusgebieden")

    # 2b. gemeenten in one or both lists
    alle = sorted(vogelaar_gemeenten | nplv_gemeenten)
    gb = pd.DataFrame(
        {
            "gemeente": alle,
            "aantal_vogelaarwijken": [str((bcfv["gemeente"] == g).sum()) for g in alle],
            "aantal_nplv_focusgebieden": [str((nplv["gemeente"] == g).sum()) for g in alle],
        }
    )
    gb["in_beide_lijsten"] = [
        "ja" if (int(a) > 0 and int(b) > 0) else "nee"
        for a, b in zip(gb["aantal_vogelaarwijken"], gb["aantal_nplv_focusgebieden"])
    ]
    _schrijf(gb, "gemeenten_vogelaar_nplv")

    # 3. housing stock by owner (82900NED)
    wv = _lees(bron, "cbs_82900NED_woningvoorraad_eigendom_corporatie.csv")
    wv = wv.rename(columns={"jaar_peildatum_1jan": "jaar", "pct_corporatie_van_voorraad": "afgeleid_pct_corporatie"})
    _schrijf(wv, "woningvoorraad_eigendom")

    # 4. homelessness 18-65, series with the method break
    dk = _lees(bron, "cbs_dakloze_mensen_18_65_2009_2024.csv")
    dk = dk.rename(
        columns={
            "jaar_peildatum_1jan": "jaar",
            "dakloos_totaal_x1000": "daklozen_x1000",
        }
    )
    dk.insert(4, "methode", ["tot en met 2018" if int(j) <= 2018 else "vanaf 2020" for j in dk["jaar"]])
    _schrijf(dk, "daklozen_reeks")

    # 5. homelessness by characteristics, 1 January 2021
    kk = _lees(bron, "cbs_84990NED_daklozen_18_65_kenmerken_2021.csv")
    delen = kk["persoonskenmerk"].str.split(": ", n=1, expand=True)
    kk2 = pd.DataFrame(
        {
            "kenmerk": delen[0].where(delen[1].notna(), "Totaal"),
            "categorie": delen[1].fillna("Totaal personen"),
            "peildatum": kk["peildatum"],
            "daklozen_x1000": kk["daklozen_x1000"],
            "daklozen_pct": kk["daklozen_pct"],
            "status": kk["status"],
        }
    )
    _schrijf(kk2, "daklozen_kenmerken_2021")

    # 6. statushouders in vacated corporatiewoningen
    sc = _lees(bron, "cbs_vrijgekomen_corporatiewoningen_statushouders_2021_2023.csv")
    _schrijf(sc, "statushouders_corporatiewoningen")

    # 7. statushouders waiting in COA reception (press reports)
    coa = _lees(bron, "coa_statushouders_in_opvang_2020_2024_uit_pers.csv")
    _schrijf(coa, "statushouders_coa_opvang")

    # 7b. taakstelling / realisatie (loose figures)
    tk = _lees(bron, "statushouders_taakstelling_realisatie_uit_bronnen.csv")
    _schrijf(tk, "statushouders_taakstelling")

    # 8. income by wijk 2020 (indeling 2023)
    ink = _lees(bron, "cbs_inkomen_gemeente_wijk_2020_indeling2023.csv")
    ink = ink.rename(
        columns={
            "gem_persoonlijk_inkomen_per_inwoner_x1000_euro": "gem_inkomen_per_inwoner_x1000_euro",
            "pct_huishoudens_in_laagste_40pct_besteedbaar_inkomen": "pct_huishoudens_laagste_40pct",
            "pct_huishoudens_in_hoogste_20pct_besteedbaar_inkomen": "pct_huishoudens_hoogste_20pct",
        }
    )
    _schrijf(ink, "inkomen_wijken_2020")

    # 9. Amsterdam wijken 2017 and 2019
    ams = _lees(bron, "cbs_kwb_2017_2019_amsterdam_wijken.csv")
    _schrijf(ams, "amsterdam_wijken_2017_2019")

    # 10. wijken 2024: names and ages + housing stock and density from the basic file
    nl = _lees(bron, "cbs_85984NED_kwb2024_gemeenten_wijken_namen_leeftijd.csv")
    basis = _lees(bron, "cbs_85984NED_kwb2024_gemeenten_wijken_basis.csv")
    assert set(nl["regiocode"]) == set(basis["regiocode"])
    w = nl.drop(columns=["indelingswijziging_code"]).merge(
        basis[["regiocode", "woningvoorraad", "bevolkingsdichtheid_per_km2_land", "oppervlakte_land_ha"]],
        on="regiocode",
        how="left",
        validate="one_to_one",
    )
    _schrijf(w, "wijken_2024")

    # 11. Leefbaarometer, Amstelveen (illustration)
    lb = _lees(bron, "leefbaarometer3_amstelveen_wijken_2014_2022.csv")
    _schrijf(lb, "leefbaarometer_amstelveen")

    # 12. published figures per target group (cijfers.md, main table)
    _schrijf(_cijfers(bron.parent / "cijfers.md"), "cijfers_doelgroepen")

    # 13. the official half-year series of the statushouders taakstelling (no research file: the
    #     numbers are typed in below from the table in the source, see _STATUSHOUDERS_OFFICIEEL)
    _schrijf(statushouders_officieel(), "statushouders_taakstelling_officieel")


#: Aanhangsel Handelingen II 2023-24, nr. 2564: answer of minister Keijzer (VRO, also for the minister
#: of Asiel en Migratie) to questions of Bontenbal (CDA), received 16 September 2024 (Tweede Kamer
#: did=2024D33148, zaak 2024Z12156; table read via openkamer.org/kamervraag/2024Z12156), answer 2.
#: Columns: periode, taakstelling, taakstelling incl. achterstand/voorsprong, realisatie,
#: achterstand (-)/voorsprong (+) at the end of the period. None = not readable in the copy we read,
#: or only given rounded in the text of the answer (then say so in the toelichting).
_STATUSHOUDERS_OFFICIEEL = [
    ("2019-I", 6000, 8934, 6372, -2540, "ja", ""),
    ("2019-II", 6000, 8537, 6962, -1575, "ja", ""),
    ("2020-I", 5500, 7192, 4987, -2205, "ja", ""),
    ("2020-II", 6500, 8706, 7025, -1681, "ja", ""),
    ("2021-I", 13500, 15144, 9596, -5548, "ja", ""),
    ("2021-II", 11000, 16586, 12787, -3728, "ja", ""),
    ("2022-I", 10000, 13748, 11934, -1810, "ja", ""),
    ("2022-II", 13500, 15333, 17126, 1793, "ja", "voorsprong: meer gehuisvest dan de taak incl. achterstand"),
    ("2023-I", 21200, 19418, 14296, -5122, "ja", "de voorsprong van 2022-II is van de taakstelling afgetrokken"),
    ("2023-II", 17600, None, None, None, "nee",
     "rest van de rij niet leesbaar in de gelezen kopie; volgens de tekst van het antwoord sloot 2023-II af "
     "met een achterstand van 'bijna 6.400'"),
    ("2024-I", 18750, None, 14271, None, "nee",
     "niet in de tabel maar in de tekst van het antwoord: totale opgave 'ruim 25.000', achterstand aan het "
     "einde 'circa 10.900' (alleen afgerond gegeven)"),
]


def statushouders_officieel() -> pd.DataFrame:
    rijen = []
    for periode, taak, taak_incl, gehuisvest, saldo, volledig, toel in _STATUSHOUDERS_OFFICIEEL:
        jaar, half = periode.split("-")
        rijen.append(
            {
                "periode": periode,
                "jaar": jaar,
                "halfjaar": "1" if half == "I" else "2",
                "taakstelling": str(taak),
                "taakstelling_incl_achterstand": "" if taak_incl is None else str(taak_incl),
                "gehuisvest": "" if gehuisvest is None else str(gehuisvest),
                "saldo_einde_periode": "" if saldo is None else str(saldo),
                "rij_volledig": volledig,
                "toelichting": toel,
            }
        )
    return pd.DataFrame(rijen)


def _cijfers(pad: Path) -> pd.DataFrame:
    rijen = []
    for regel in pad.read_text(encoding="utf-8").splitlines():
        if not re.match(r"^\| \d+ \|", regel):
            continue
        # a cell may contain an escaped pipe "\|": protect it before splitting
        cellen = [c.strip().replace("\u0000", "|") for c in regel.replace("\\|", "\u0000").strip("|").split(" | ")]
        assert len(cellen) == 8, regel
        nr, thema, cijfer, eenheid, peildatum, uitgever, url, citaat = cellen
        rijen.append(
            {
                "nr": nr,
                "thema": thema,
                "cijfer": cijfer,
                "eenheid": "" if eenheid in {"-", "—"} else eenheid,
                "peildatum": "" if peildatum in {"-", "—"} else peildatum,
                "uitgever": uitgever,
                "url": url if url.startswith("http") else "",
                "vindplaats": "" if url.startswith("http") else url,
                "citaat": citaat,
            }
        )
    df = pd.DataFrame(rijen)
    assert list(df["nr"]) == [str(i) for i in range(1, len(df) + 1)], "nummering cijfers.md"
    return df


if __name__ == "__main__":
    maak(_bronmap())
