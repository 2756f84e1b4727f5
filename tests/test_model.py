"""The Middelstad model (wijklab.inhoud.model): conservation, determinism, direction of effects, validation.

The model is pure Python on the fictional tables in data/; these tests run it directly (no widgets).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijklab.inhoud import model
from wijklab.inhoud.model import Aannames, ModelFout, Regels

aandeel = st.floats(min_value=0, max_value=1, allow_nan=False)
regels_st = st.builds(Regels, aandeel_aandachtsgroepen=aandeel, spreiding=aandeel,
                      passend_toewijzen=st.booleans(), regionaal_deel=aandeel)
traag = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _piek(df) -> float:
    """The highest burden of any wijk in any year."""
    return float(df["draaglast_per_100_dragend"].max())


# --- conservation ------------------------------------------------------------------------------

def _check_conservation(regels: Regels, aannames: Aannames | None = None):
    df = model.draai(regels, aannames)
    stad = {w.naam: w for w in model.laad_stad()}
    # homes: every corporatiewoning is occupied by exactly one household, every year
    assert (df["aandachtshuishoudens"] + df["overige_huurders"] == df["corporatiewoningen"]).all()
    assert all(df.loc[df["wijk"] == naam, "corporatiewoningen"].eq(w.corporatie).all() for naam, w in stad.items())
    # no negative counts anywhere
    tellingen = ["vrijgekomen", "naar_aandachtsgroepen", "vertrokken_aandachtsgroepen", "vertrokken_overig",
                 "aandachtshuishoudens", "overige_huurders", "dragende_huishoudens"]
    assert (df[tellingen] >= 0).all().all()
    # every vacated home was left by exactly one household and let to exactly one household
    assert (df["vertrokken_aandachtsgroepen"] + df["vertrokken_overig"] == df["vrijgekomen"]).all()
    assert (df["naar_aandachtsgroepen"] <= df["vrijgekomen"]).all()
    # year to year: stock of aandachtsgroepen = last year + placed - left
    for naam in stad:
        w = df[df["wijk"] == naam].sort_values("jaar")
        verschil = w["aandachtshuishoudens"].diff().iloc[1:]
        stroom = (w["naar_aandachtsgroepen"] - w["vertrokken_aandachtsgroepen"]).iloc[1:]
        assert (verschil == stroom).all(), naam
    # city: demand (new + still waiting) = placed + to the region + still waiting
    wachtend = 0
    for jaar in df.attrs["stad"]:
        assert jaar["vraag_met_wachtenden"] == jaar["vraag_nieuw"] + wachtend
        assert jaar["vraag_met_wachtenden"] == jaar["geplaatst"] + jaar["naar_regio"] + jaar["wachtend"]
        assert min(jaar.values()) >= 0
        geplaatst = df.loc[df["jaar"] == jaar["jaar"], "naar_aandachtsgroepen"].sum()
        assert geplaatst == jaar["geplaatst"]
        wachtend = jaar["wachtend"]
    return df


def test_default_rules_conserve_households_and_homes():
    df = _check_conservation(model.STANDAARD)
    assert df["jaar"].nunique() == 11  # the start year and ten years
    assert df["wijk"].nunique() == 8


@traag
@given(regels_st)
def test_any_rules_conserve_households_and_homes(regels):
    _check_conservation(regels)


@traag
@given(regels_st, st.floats(0, 0.3), st.floats(0, 3), st.floats(0.01, 1))
def test_conservation_holds_under_other_assumptions(regels, mutatie, verhuis, plafond):
    _check_conservation(regels, Aannames(mutatiegraad=mutatie, verhuisfactor_aandachtsgroepen=verhuis,
                                         max_aandeel_per_wijk=plafond))


# --- determinism -------------------------------------------------------------------------------

def test_same_parameters_give_identical_output():
    a = model.draai(Regels(spreiding=0.4, regionaal_deel=0.2))
    b = model.draai(Regels(spreiding=0.4, regionaal_deel=0.2))
    assert a.equals(b)
    assert a.attrs["stad"] == b.attrs["stad"]


def test_another_seed_gives_other_vacancies_but_the_same_city():
    a = model.draai(model.STANDAARD)
    b = model.draai(model.STANDAARD, Aannames(zaad=1))
    assert not a["vrijgekomen"].equals(b["vrijgekomen"])
    assert a[a["jaar"] == 2024].reset_index(drop=True).equals(b[b["jaar"] == 2024].reset_index(drop=True))


def test_rules_meet_the_same_vacancies():
    """Vacancies are drawn before any rule applies: different rules, the same homes falling free."""
    a = model.draai(Regels(spreiding=0, passend_toewijzen=True))
    b = model.draai(Regels(spreiding=1, passend_toewijzen=False, aandeel_aandachtsgroepen=0.4))
    assert a["vrijgekomen"].equals(b["vrijgekomen"])


# --- direction of effects ----------------------------------------------------------------------

SPREIDING = [i / 20 for i in range(21)]


def test_more_spreading_never_raises_the_peak_in_the_default_city():
    runs = [model.draai(Regels(spreiding=s)) for s in SPREIDING]
    pieken = [_piek(df) for df in runs]
    assert all(b <= a + 1e-9 for a, b in zip(pieken, pieken[1:])), pieken
    eind = [float(df.loc[df["jaar"] == df["jaar"].max(), "draaglast_per_100_dragend"].max()) for df in runs]
    assert all(b <= a + 1e-9 for a, b in zip(eind, eind[1:])), eind
    assert eind[-1] < eind[0] - 5  # and it really helps, not just "not worse"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.floats(0, 0.2), st.booleans(), st.floats(0, 0.5), st.floats(0, 1), st.floats(0, 1))
def test_more_spreading_never_raises_the_peak_at_todays_demand_or_less(vraag, passend, regio, s1, s2):
    """Property: at a demand up to today's (20 % of vacancies), more spreading never raises the peak.

    Above that, the per-wijk cap (at most half of a wijk's vacancies) starts to bind in the wijken
    with few social homes, and what they cannot take flows back to the big corporatiewijken: then
    spreading can raise the peak slightly. The teacher guide uses that as a discussion point.
    """
    laag, hoog = sorted((s1, s2))
    basis = dict(aandeel_aandachtsgroepen=vraag, passend_toewijzen=passend, regionaal_deel=regio)
    assert _piek(model.draai(Regels(spreiding=hoog, **basis))) <= _piek(model.draai(Regels(spreiding=laag, **basis))) + 1e-9


def test_regional_scheme_lowers_placements_in_the_city():
    zonder = model.draai(model.STANDAARD)
    met = model.draai(Regels(regionaal_deel=0.3))
    assert met["naar_aandachtsgroepen"].sum() < zonder["naar_aandachtsgroepen"].sum()
    assert sum(j["naar_regio"] for j in met.attrs["stad"]) > 0
    assert _piek(met) < _piek(zonder)


def test_higher_share_raises_every_wijks_end_burden():
    laag = model.draai(Regels(aandeel_aandachtsgroepen=0.1))
    hoog = model.draai(Regels(aandeel_aandachtsgroepen=0.3))
    eind = laag["jaar"].max()
    a = laag[laag["jaar"] == eind].set_index("wijk")["aandachtshuishoudens"]
    b = hoog[hoog["jaar"] == eind].set_index("wijk")["aandachtshuishoudens"]
    assert (b >= a).all() and (b > a).any()


def test_passend_toewijzen_concentrates_in_wijken_with_cheap_homes():
    aan = model.draai(Regels(passend_toewijzen=True))
    uit = model.draai(Regels(passend_toewijzen=False))
    eind = aan["jaar"].max()
    per_wijk = lambda df: df[df["jaar"] == eind].set_index("wijk")["aandachtshuishoudens"]  # noqa: E731
    assert per_wijk(aan)["Lindenhof"] > per_wijk(uit)["Lindenhof"]
    assert per_wijk(aan)["Parkzoom"] < per_wijk(uit)["Parkzoom"]


def test_default_city_crosses_the_threshold_somewhere_and_spreading_brings_it_back():
    """The default scenario is the one the notebook and its static fallback show: it must tell a story."""
    standaard = model.draai(model.STANDAARD)
    gespreid = model.draai(Regels(spreiding=1))
    eind = standaard["jaar"].max()
    assert standaard.loc[standaard["jaar"] == eind, "boven_drempel"].any()
    assert not gespreid.loc[gespreid["jaar"] == eind, "boven_drempel"].any()


def test_vergelijk_has_both_scenarios_and_the_default_is_draai():
    df = model.vergelijk(Regels(spreiding=0.5))
    assert set(df["scenario"]) == {"jouw regels", "standaardregels"}
    standaard = df[df["scenario"] == "standaardregels"].drop(columns="scenario").reset_index(drop=True)
    assert standaard.equals(model.draai(model.STANDAARD).drop(columns="scenario"))
    assert df.attrs["fictief"] is True
    tabel = model.samenvatting(df)
    assert len(tabel) == 8 and any("standaardregels" in k for k in tabel.columns)


# --- the table of assumptions ----------------------------------------------------------------

def test_every_default_has_a_source_or_says_it_is_an_assumption():
    tabel = model.aannames_tabel()
    assert list(tabel.columns) == ["onderdeel", "waarde in het model", "waar komt het vandaan?"]
    for rij in tabel.itertuples(index=False):
        bron = rij[2]
        assert "Aanname (fictief)" in bron or any(w in bron for w in ("CBS", "Aedes", "ILT", "Woningwet", "Eigen modelbegrip", "Vereenvoudiging")), bron
    # every rule the student sets and every numeric assumption is explained
    for naam in ["aandeel_aandachtsgroepen", "spreiding", "passend_toewijzen", "regionaal_deel", "mutatiegraad",
                 "ruis", "verhuisfactor_aandachtsgroepen", "max_aandeel_per_wijk", "aandeel_goedkoop", "drempel"]:
        assert naam in model.BRONNEN, naam


def test_documented_defaults_match_the_code():
    assert model.STANDAARD.aandeel_aandachtsgroepen == 0.20
    assert Aannames().mutatiegraad == pytest.approx(161_000 / 2_312_981, abs=0.001)
    assert Aannames().passend_norm == 0.95
    assert model.BRONNEN["drempel"][1] == f"{Aannames().drempel:g}"


# --- validation: Dutch messages --------------------------------------------------------------

@pytest.mark.parametrize("kwargs, fragmenten", [
    ({"aandeel_aandachtsgroepen": 1.5}, ["aandeel_aandachtsgroepen", "tussen 0 en 1", "0.2"]),
    ({"aandeel_aandachtsgroepen": -0.1}, ["aandeel_aandachtsgroepen", "tussen 0 en 1"]),
    ({"spreiding": 2}, ["spreiding", "tussen 0 en 1"]),
    ({"regionaal_deel": float("nan")}, ["regionaal_deel", "getal"]),
    ({"spreiding": "veel"}, ["spreiding", "getal"]),
    ({"passend_toewijzen": "ja"}, ["passend_toewijzen", "True", "False"]),
])
def test_bad_rules_give_a_dutch_message(kwargs, fragmenten):
    with pytest.raises(ModelFout) as exc:
        model.draai(Regels(**kwargs))
    msg = str(exc.value)
    for f in fragmenten:
        assert f in msg, msg
    for engels in ("must", "should", "Traceback", "invalid"):
        assert engels not in msg


@pytest.mark.parametrize("kwargs, fragment", [
    ({"jaren": 0}, "jaren"),
    ({"jaren": 2.5}, "jaren"),
    ({"mutatiegraad": 1.2}, "mutatiegraad"),
    ({"max_aandeel_per_wijk": 0}, "max_aandeel_per_wijk"),
    ({"verhuisfactor_aandachtsgroepen": -1}, "verhuisfactor"),
    ({"drempel": 0}, "drempel"),
    ({"aandeel_goedkoop": {"vinexwijk": 3}}, "aandeel_goedkoop"),
])
def test_bad_assumptions_give_a_dutch_message(kwargs, fragment):
    with pytest.raises(ModelFout, match=fragment):
        model.draai(model.STANDAARD, Aannames(**kwargs))


ENGELS = ("must", "should", "Traceback", "invalid", "object", "float", "NoneType", "inf,", "not ")


@pytest.mark.parametrize("kwargs, fragmenten", [
    ({"drempel": float("inf")}, ["drempel", "groter dan 0", "1000", "oneindig"]),
    ({"drempel": 1e308}, ["drempel", "1000"]),
    ({"drempel": float("nan")}, ["drempel", "nan"]),
    ({"drempel": 10**400}, ["drempel", "1000"]),
    ({"startjaar": -5}, ["startjaar", "2000", "2100"]),
    ({"startjaar": 10**12}, ["startjaar", "jaartal"]),
    ({"startjaar": 2025.0}, ["startjaar", "jaartal"]),
    ({"aandeel_goedkoop": {}}, ["aandeel_goedkoop", "vinexwijk"]),
    ({"aandeel_goedkoop": [0.5, 0.6]}, ["aandeel_goedkoop", "woordenboek"]),
    ({"aandeel_goedkoop": {"vinex": 0.5}}, ["aandeel_goedkoop", "'vinex'", "vinexwijk"]),
    ({"aandeel_goedkoop": {"vinexwijk": float("inf")}}, ["aandeel_goedkoop", "0 en 1"]),
    ({"zaad": [1]}, ["zaad", "geheel getal"]),
    ({"zaad": 1.5}, ["zaad", "geheel getal"]),
    ({"zaad": -1}, ["zaad", "geheel getal"]),
    ({"jaren": 10**400}, ["jaren", "1 tot en met 50"]),
    ({"mutatiegraad": float("inf")}, ["mutatiegraad", "oneindig"]),
    ({"ruis": 10**400}, ["ruis", "tussen 0 en 1"]),
    ({"verhuisfactor_aandachtsgroepen": float("nan")}, ["verhuisfactor"]),
])
def test_non_finite_absurd_and_wrongly_typed_assumptions_give_a_dutch_model_error(kwargs, fragmenten):
    """Issue 21 item 8: drempel=inf put inf in the results, an absurd startjaar and an empty aandeel_goedkoop were
    accepted, a list for aandeel_goedkoop or zaad=[1] gave an English traceback (AttributeError, TypeError)."""
    with pytest.raises(ModelFout) as exc:
        model.draai(model.STANDAARD, Aannames(**kwargs))
    msg = str(exc.value)
    for f in fragmenten:
        assert f in msg, msg
    for engels in ENGELS:
        assert engels not in msg, msg


@pytest.mark.parametrize("kwargs", [{"aannames": 0}, {"aannames": [1]}, {"scenario": [1]}, {"scenario": None}])
def test_other_wrong_arguments_give_a_dutch_model_error(kwargs):
    with pytest.raises(ModelFout):
        model.draai(model.STANDAARD, **kwargs)


@pytest.mark.parametrize("df, maat", [(None, "draaglast"), ([1, 2], "draaglast"), ("x", "aandeel"), ("ok", ["draaglast"])])
def test_the_chart_refuses_what_is_not_a_model_result_in_dutch(df, maat):
    from wijklab.leerling import modelwidget

    with pytest.raises(ModelFout):
        modelwidget.grafiek(model.vergelijk(model.STANDAARD) if df == "ok" else df, maat)


def test_a_partial_cheap_share_keeps_the_other_defaults():
    eigen = model.draai(model.STANDAARD, Aannames(aandeel_goedkoop={"vinexwijk": 0.35}))
    assert eigen.equals(model.draai(model.STANDAARD))


VIJANDIG = st.one_of(
    st.none(), st.booleans(), st.text(max_size=5), st.lists(st.integers(), max_size=2),
    st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=-10**30, max_value=10**30),
    st.sampled_from([float("inf"), -float("inf"), float("nan"), 1e308, -0.0, 5e-324, 10**400, {}, {"x": 1}, [1], 1900, 2101]),
    st.dictionaries(st.sampled_from([*model.GOEDKOOP_PER_TYPE, "vinex", ""]),
                    st.one_of(aandeel, st.floats(allow_nan=True, allow_infinity=True)), max_size=3),
)
GOED = {
    "startjaar": st.integers(1990, 2110), "jaren": st.integers(0, 60), "mutatiegraad": aandeel, "ruis": aandeel,
    "zaad": st.integers(-5, 2**40), "verhuisfactor_aandachtsgroepen": st.floats(0, 6), "max_aandeel_per_wijk": aandeel,
    "passend_norm": aandeel, "drempel": st.floats(0, 2000),
    "aandeel_goedkoop": st.dictionaries(st.sampled_from(list(model.GOEDKOOP_PER_TYPE)), aandeel, max_size=3),
    "aandeel_aandachtsgroepen": aandeel, "spreiding": aandeel, "passend_toewijzen": st.booleans(), "regionaal_deel": aandeel,
}
REGELVELDEN = ("aandeel_aandachtsgroepen", "spreiding", "passend_toewijzen", "regionaal_deel")


@st.composite
def vijandige_invoer(draw):
    """Plausible values in every field, and one or two fields replaced by something hostile."""
    waarden = {naam: draw(strat) for naam, strat in GOED.items()}
    for naam in draw(st.lists(st.sampled_from(sorted(GOED)), min_size=0, max_size=2)):
        waarden[naam] = draw(VIJANDIG)
    regels = Regels(**{n: waarden.pop(n) for n in REGELVELDEN})
    return regels, Aannames(**waarden)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vijandige_invoer())
def test_hostile_inputs_give_finite_results_or_a_dutch_model_error(invoer):
    """Either a result in which every number is finite, or ModelFout; never another exception or an inf."""
    regels, aannames = invoer
    try:
        df = model.draai(regels, aannames)
    except ModelFout as e:
        assert "Traceback" not in str(e) and len(str(e)) < 600
        return
    getallen = df.select_dtypes("number")
    assert all(math.isfinite(float(x)) for x in getallen.to_numpy().ravel()), getallen.describe()
    for rij in df.attrs["stad"]:
        assert all(math.isfinite(float(v)) for v in rij.values()), rij


def test_not_a_rules_object_gives_a_dutch_message():
    with pytest.raises(ModelFout, match="model.Regels"):
        model.draai({"spreiding": 0.5})


def test_model_error_shows_no_traceback_in_a_notebook():
    fout = ModelFout("x")
    assert fout._render_traceback_() and "Traceback" not in "".join(fout._render_traceback_())


# --- the allocation helper ---------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.integers(0, 500), st.lists(st.tuples(st.floats(0, 10), st.integers(0, 100)), min_size=1, max_size=8))
def test_verdeel_respects_caps_and_places_what_fits(totaal, paren):
    gewichten = [g for g, _ in paren]
    plafonds = [p for _, p in paren]
    uit = model._verdeel(totaal, gewichten, plafonds)
    assert all(0 <= u <= p for u, p in zip(uit, plafonds))
    assert sum(uit) == min(totaal, sum(plafonds))


def test_verdeel_follows_weights_when_nothing_is_capped():
    assert model._verdeel(10, [1, 1, 3], [100, 100, 100]) == [2, 2, 6]
    assert model._verdeel(10, [1, 0], [3, 100]) == [3, 7]  # capped: the rest goes where there is room
    assert math.isclose(sum(model._verdeel(7, [0.5, 0.5], [10, 10])), 7)


# --- the static HTML export of notebook 06 ---------------------------------------------------

@pytest.mark.notebook
@pytest.mark.e2e
@pytest.mark.timeout(400)
def test_static_export_of_06_shows_the_model_fallback_never_an_empty_widget(tmp_path):
    """nbconvert HTML of 06 (the way the course exports it): the model block shows the default
    scenario's chart, drawn, and the table of assumptions; no widget view is left to render empty."""
    from playwright.sync_api import sync_playwright

    from e2e_helpers import COURSE_ROOT, launch_chromium, norm
    from wijklab.weergave.charts import exporteer_html

    pad = exporteer_html(COURSE_ROOT / "notebooks" / "06_wijk_als_systeem.ipynb", tmp_path / "uit")
    html_tekst = pad.read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-view+json" not in html_tekst, "een widget-view blijft offline leeg"
    with sync_playwright() as p:
        ctx = launch_chromium(p, tmp_path / "profiel")
        try:
            page = ctx.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
            page.goto(pad.as_uri(), wait_until="load")
            blok = page.locator(".wl-statisch", has_text="Model van Middelstad (fictief)")
            assert blok.count() == 1, "de statische versie van het model ontbreekt"
            # the chart of the default scenario is really drawn (plotly made its SVG) and says fictief
            blok.locator(".wl-plot .main-svg").first.wait_for(timeout=30_000)
            tekst = norm(blok.inner_text())
            assert "fictief" in tekst.lower() and "Acht kleine lijngrafieken" in tekst
            assert "Lindenhof" in tekst and "standaardregels" in tekst
            # the table of assumptions, every row of it
            for wat, _, _ in model.BRONNEN.values():
                assert norm(wat) in tekst, f"aanname ontbreekt in de export: {wat}"
            # no output area of a code cell is empty (an empty widget would leave an empty box)
            leeg = page.evaluate("""() => [...document.querySelectorAll('.jp-OutputArea-output')]
                .filter(el => !el.innerText.trim() && !el.querySelector('svg, img, canvas')).length""")
            assert leeg == 0, f"{leeg} lege uitvoervakken in de export"
        finally:
            ctx.close()


# --- the widget drives the model -----------------------------------------------------------------

def test_widget_runs_the_model_with_the_chosen_rules_and_resets():
    from wijklab.leerling import modelwidget

    v = modelwidget.Verkenner()
    blok = v.bouw()
    assert "Model van Middelstad (fictief)" in blok._repr_mimebundle_()["text/html"]
    assert len(v.uitkomst.outputs) == 2  # the chart and the table, shown before any click
    v.spreiding.value = 100
    v.draai_knop.click()
    eigen = v.df[v.df["scenario"] == "jouw regels"]
    assert eigen.equals(model.vergelijk(Regels(spreiding=1.0)).pipe(lambda d: d[d["scenario"] == "jouw regels"]))
    assert "0 wijken" in v.status.value and "standaardregels 1" in v.status.value
    grafiek = v.uitkomst.outputs[0]["data"]
    assert "fictief" in grafiek["text/plain"].lower() and "application/vnd.plotly.v1+json" in grafiek
    v.maat.value = "aandeel"  # switching the measure redraws without running again
    assert "aandeel aandachtsgroepen" in v.uitkomst.outputs[0]["data"]["text/plain"]
    v.terug_knop.click()
    assert v.regels() == model.STANDAARD
    assert v.df[v.df["scenario"] == "jouw regels"].drop(columns="scenario").reset_index(drop=True).equals(
        v.df[v.df["scenario"] == "standaardregels"].drop(columns="scenario").reset_index(drop=True))


def test_moving_a_rule_says_at_once_that_the_chart_is_out_of_date_until_the_next_run():
    from wijklab.leerling import modelwidget

    v = modelwidget.Verkenner()
    v.bouw()
    samenvatting = v.status.value
    v.aandeel.value = 35
    assert "Draai tien jaar" in v.status.value and "vorige regels" in v.status.value
    assert "wl-verouderd" in v.uitkomst._dom_classes
    v.aandeel.value = 20  # back to the rules of the chart on screen: no note
    assert v.status.value == samenvatting and "wl-verouderd" not in v.uitkomst._dom_classes
    v.passend.value = False
    assert "vorige regels" in v.status.value
    v.draai_knop.click()
    assert "vorige regels" not in v.status.value and "wl-verouderd" not in v.uitkomst._dom_classes


def test_the_middelstad_chart_takes_the_notebooks_width():
    from wijklab.leerling import modelwidget

    layout = modelwidget.grafiek(model.vergelijk(model.STANDAARD)).to_dict()["layout"]
    assert "width" not in layout and layout.get("autosize", True) is True


def test_the_small_multiples_grid_is_the_one_make_subplots_makes():
    """modelwidget.raster writes the grid out (make_subplots builds a validated Figure: 0,3 s); plotly's
    own make_subplots is the reference, for the grid of the model and for other shapes."""
    from plotly.subplots import make_subplots

    from wijklab.leerling.modelwidget import raster

    for rijen, kolommen, n_titels in [(2, 4, 8), (1, 3, 3), (3, 2, 5)]:
        titels = [f"wijk {i}" for i in range(n_titels)]
        verwacht = make_subplots(rows=rijen, cols=kolommen, subplot_titles=titels, shared_xaxes=True, shared_yaxes=True,
                                 horizontal_spacing=0.035, vertical_spacing=0.14).layout.to_plotly_json()
        verwacht.pop("template", None)
        eigen = raster(titels, rijen, kolommen, tussen_x=0.035, tussen_y=0.14)
        assert eigen.keys() == verwacht.keys()
        for sleutel, waarde in verwacht.items():
            if sleutel == "annotations":
                assert len(eigen[sleutel]) == len(waarde)
                for a, b in zip(eigen[sleutel], waarde):
                    assert a.keys() == b.keys() and a["text"] == b["text"]
                    assert a["x"] == pytest.approx(b["x"]) and a["y"] == pytest.approx(b["y"])
            else:
                assert {k: v for k, v in eigen[sleutel].items() if k != "domain"} == \
                    {k: v for k, v in waarde.items() if k != "domain"}, sleutel
                assert eigen[sleutel]["domain"] == pytest.approx(waarde["domain"]), sleutel


def test_the_model_shares_one_layout_and_style_per_kind_and_a_second_run_adds_no_layouts():
    """Every ipywidgets control would bring its own Layout and Style model (35 models for the model
    block); ui.gedeeld gives one per kind and settings. A second block adds only its controls."""
    from ipywidgets import Layout
    from ipywidgets.widgets.widget import _instances

    from wijklab.leerling import modelwidget

    def nieuw_na(maak):
        voor = set(_instances)
        maak()
        return [_instances[k] for k in set(_instances) - voor]

    eerste = nieuw_na(lambda: modelwidget.Verkenner().bouw())
    assert len(eerste) <= 21, f"{len(eerste)} widgetmodellen voor één model"
    tweede = nieuw_na(lambda: modelwidget.Verkenner().bouw())
    assert not [m for m in tweede if isinstance(m, Layout) or type(m).__name__.endswith("Style")], tweede
    v = modelwidget.Verkenner()
    assert v.aandeel.style is v.spreiding.style is v.regio.style
    assert v.aandeel.layout is v.passend.layout is v.maat.layout
    assert v.aandeel.style.description_width == modelwidget.LABELBREEDTE and v.aandeel.layout.width == "52em"
