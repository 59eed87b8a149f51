"""Headline figures equal the geo/ aggregates; charts build in both languages and escape labels."""
import pandas as pd
import pytest

from geo.model.filters import Filters, apply_filters
from geo.model.summary import headline_figures, region_summary
from geo.read.boundaries import display_geometry
from geo.render import charts as figures


def test_headline_figures_equal_region_summary(dataset):
    head = headline_figures(dataset)
    totals = region_summary(dataset).sum(numeric_only=True)
    assert head["projects"] == totals["projects"] == 3
    assert head["cost_xof"] == totals["cost_xof"] == 57257750 + 56564000 + 56059636
    assert head["beneficiaries"] == totals["beneficiaries"]
    assert head["women"] == totals["women"] == 1755
    assert head["cantonment_sites"] == totals["cantonment_sites"]
    assert head["moc_camps"] == totals["moc_camps"] == 3
    # one training has no region: the headline counts every record, the summary every placed one
    assert head["trained_men"] >= totals["participants_men"]
    totals_by_type = pd.to_numeric(dataset.trainings["total"], errors="coerce").groupby(
        dataset.trainings["activity_type"]).sum()
    assert head["trained"] == totals_by_type["training"] and head["reached"] == totals_by_type["awareness"]
    assert head["reached"] == totals["reached"]


def test_people_trained_and_people_reached_are_never_added(dataset):
    """004 counts trainees of courses (head counts by sex) and, apart, the audiences of awareness
    events ("plus de 320", "une soixantaine", "environ 54"): two measures, each with its qualifier."""
    head = headline_figures(dataset)
    assert head["reached"] == 320 + 60 + 54 and head["reached_qualifier"] == "about"
    assert head["trained"] == 207 + 64 + 18 + 15 + 50 and head["trained_qualifier"] == "about"   # ARGA: une cinquantaine
    types = dataset.trainings.set_index("training_id")["activity_type"]
    assert set(types[types.index.str.startswith("CARAVANE-")]) == {"dialogue"}            # caravan stops
    assert head["beneficiaries_qualifier"] == "more_than"                                  # plus de 7.000, plus de 5600


def test_programme_totals_are_never_in_the_headline(dataset):
    assert headline_figures(dataset)["projects"] != 161


def test_headline_follows_the_filters(dataset):
    kidal = apply_filters(dataset, Filters(regions=("ML-8",)))
    assert headline_figures(kidal)["projects"] == 1
    assert headline_figures(kidal)["cost_xof"] == 56059636


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_chart_builds(dataset, lang):
    summary = region_summary(dataset)
    cvr, tr = dataset.cvr_projects, dataset.trainings
    charts = [
        figures.region_choropleth(summary, display_geometry(dataset.boundaries), "projects", lang),
        figures.cvr_by_region(summary, "cost_xof", "x", lang), figures.cvr_by_category(cvr, "cost_xof", lang),
        figures.cvr_by_category(cvr, "beneficiaries", lang),
        figures.cvr_over_time(cvr, lang), figures.cvr_women_men(cvr, lang),
        figures.trainings_by_sex(tr, "audience", "x", lang), figures.trainings_by_sex(tr, "date", "x", lang),
    ]
    for chart in charts:
        assert chart.to_dict()["data"]


def test_women_chart_never_invents_men(dataset):
    chart = figures.cvr_women_men(dataset.cvr_projects, "en")
    women, other = list(chart.data[0].x), list(chart.data[1].x)
    # Intadeyni's association "compte 100 membres": members, not beneficiaries (no figure drawn)
    assert sum(women) == 1755 and sum(women) + sum(other) == 14355


def test_chart_labels_are_escaped():
    cvr = pd.DataFrame({"title": ["<script>alert(1)</script>"], "category": ["<b>x</b>"], "cost_xof": [1],
                        "beneficiaries": [2], "women": [1], "launch_date": ["2017-01-01"]})
    text = str(figures.cvr_women_men(cvr, "en").to_dict()) + str(figures.cvr_by_category(cvr, "cost_xof", "en").to_dict())
    assert "<script>" not in text and "&lt;script&gt;" in text and "<b>x</b>" not in text


def test_a_chart_label_says_what_its_source_says(dataset):
    """'plus de 5600 jeunes' (Gao) and 'plus de 7.000 jeunes' (Ouatagouna): Gao's beneficiaries are
    'at least' in the region chart, and the project chart writes '> 7,000'."""
    cvr = dataset.cvr_projects
    from geo.model.summary import qualifiers_by

    words = qualifiers_by(cvr, cvr["assigned_iso"], "beneficiaries", also=("youth",))
    chart = figures.cvr_by_region(region_summary(dataset), "beneficiaries", "x", "en", qualifiers=words)
    assert list(chart.data[0].text) == ["≥ 14,355"]                      # Gao: 7,000 + 1,755 + 5,600
    women_men = figures.cvr_women_men(cvr, "en")
    assert "> 7,000" in list(women_men.data[1].text) and "1,755" in list(women_men.data[0].text)


@pytest.mark.parametrize("region", [None, "ML-BKO", "ML-6"])
def test_training_charts_account_for_every_person_trained(dataset, region):
    """The Overview's 'people trained' and the Trainings page's two charts give the same total: a
    session with a total but no split by sex is a 'sex not recorded' bar, never left out (the 65 such
    participants were missing from both charts)."""
    view = apply_filters(dataset, Filters(regions=(region,))) if region else dataset
    courses = view.trainings[view.trainings["activity_type"].eq("training")]
    trained = headline_figures(view)["trained"]
    assert trained > 0
    for group in ("audience", "date"):
        chart = figures.trainings_by_sex(courses, group, "x", "en")
        drawn = sum(sum(v for v in (bar.x if group == "audience" else bar.y) if v == v) for bar in chart.data)
        assert drawn == trained, group
        names = [bar.name for bar in chart.data]
        assert ("Sex not recorded" in names) == (headline_figures(view)["trained_unknown_sex"] > 0)


def test_unknown_is_said_unknown_never_zero():
    from geo.render.words import trained_sex_words, women_share_words
    none_split = {"trained": 15, "trained_men": 0, "trained_women": 0, "trained_unknown_sex": 15}
    assert trained_sex_words(none_split, "fr") == "sexe non renseigné"
    assert trained_sex_words(none_split | {"trained": 0}, "en") is None
    assert trained_sex_words({"trained": 354, "trained_men": 230, "trained_women": 59, "trained_unknown_sex": 65},
                             "en") == "230 men · 59 women · 65 sex not recorded"
    assert women_share_words({"beneficiaries": 7000, "women": 0, "women_base": 0}, "fr") == \
        "femmes non comptées dans ces projets"
    assert women_share_words({"beneficiaries": 14455, "women": 1755, "women_base": 8755}, "en") == \
        "1,755 women (20% of 8,755)"


def test_a_region_without_a_polygon_is_said_on_the_map_itself(dataset):
    """Ménaka alone: the Overview's map was blank with a grey note below it; now the map says why."""
    menaka = apply_filters(dataset, Filters(regions=("ML-9",)))
    chart = figures.region_choropleth(region_summary(menaka), display_geometry(menaka.boundaries), "projects", "en",
                                      selected=("ML-9",))
    notes = [a.text for a in chart.layout.annotations]
    assert any(n.startswith("Ménaka: no polygon in this boundary set") for n in notes)
    whole = figures.region_choropleth(region_summary(dataset), display_geometry(dataset.boundaries), "projects", "en")
    assert not any("no polygon" in a.text for a in whole.layout.annotations)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_axis_numbers_are_written_in_full_in_the_readers_style(dataset, lang):
    chart = figures.cvr_by_region(region_summary(dataset), "cost_xof", "x", lang)
    layout = chart.to_dict()["layout"]
    assert layout["xaxis"]["exponentformat"] == "none" and layout["xaxis"]["separatethousands"]
    assert layout["separators"] == (", " if lang == "fr" else ".,")


def test_every_chart_has_a_text_for_a_screen_reader(dataset):
    """Charts had no text alternative: each gets its title and values as one plain sentence."""
    summary = region_summary(dataset)
    courses = dataset.trainings[dataset.trainings["activity_type"].eq("training")]
    words = figures.text_summary(figures.trainings_by_sex(courses, "audience", "By audience", "en"), "en")
    assert words.startswith("By audience. ") and "Men 111, Women 67" in words and "Sex not recorded 50" in words
    assert "<" not in words
    region_map = figures.region_choropleth(summary, display_geometry(dataset.boundaries), "projects", "fr",
                                           selected=("ML-7",))
    words = figures.text_summary(region_map, "fr")
    assert words.startswith("Projets RVC. ") and "Gao: 2" in words and "Kidal: Hors filtre" in words
