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
    assert head["beneficiaries_qualifier"] == "at_least"                       # a sum of "plus de 7.000" and "plus de 5600"


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


def test_unknown_is_nan_in_the_region_summary_never_zero(dataset):
    """Kidal's project counts members, not beneficiaries; Gao's courses give no head count; Tombouctou's
    15 agencies give no split by sex: unknown, not 0. A count of records stays a count."""
    table = region_summary(dataset)
    assert table.loc["ML-8", ["beneficiaries", "women"]].isna().all() and table.loc["ML-8", "projects"] == 1
    assert pd.isna(table.loc["ML-7", "participants"]) and table.loc["ML-7", "trainings"] == 1
    assert table.loc["ML-6", "participants"] == 15 and table.loc["ML-6", ["participants_men", "participants_women"]].isna().all()
    assert table.loc["ML-1", "projects"] == 0 and pd.isna(table.loc["ML-1", "cost_xof"])


def test_every_qualified_figure_of_a_region_carries_its_qualifier(dataset):
    table = region_summary(dataset)
    words = {(code, m): table.loc[code, f"{m}_qualifier"] for code, m in
             [("ML-7", "beneficiaries"), ("ML-5", "reached"), ("ML-6", "reached"), ("ML-7", "reached"),
              ("ML-BKO", "participants"), ("ML-BKO", "participants_men"), ("ML-7", "women")]}
    assert words == {("ML-7", "beneficiaries"): "at_least", ("ML-5", "reached"): "at_least",     # plus de 320
                     ("ML-6", "reached"): "about", ("ML-7", "reached"): "about",                  # une soixantaine, environ 54
                     ("ML-BKO", "participants"): "about", ("ML-BKO", "participants_men"): "",    # une cinquantaine
                     ("ML-7", "women"): ""}
    assert table.loc["ML-8", "beneficiaries_qualifier"] == ""                                    # unknown: no word


def test_beneficiaries_the_sources_give_in_the_future_are_planned(dataset):
    """'offrira des possibilités d'emploi à plus de 7.000 jeunes … et 1.755 femmes', 'donnera
    l'opportunité à plus de 5600 jeunes': planned at the launch, and said so."""
    table, head = region_summary(dataset), headline_figures(dataset)
    assert table.loc["ML-7", "beneficiaries_status"] == table.loc["ML-7", "women_status"] == "planned"
    assert (head["beneficiaries_status"], head["women_status"]) == ("planned", "planned")
    half = dataset.cvr_projects.assign(planned_figures=["youth", "", ""])       # Ouatagouna's youth only
    assert headline_figures(dataset.with_tables(cvr_projects=half))["beneficiaries_status"] == "partly_planned"


def test_a_headline_figure_no_record_gives_is_nan(dataset):
    trainings_only = apply_filters(dataset, Filters(kinds=("trainings",)))
    head = headline_figures(trainings_only)
    assert head["projects"] == 0 and pd.isna(head["cost_xof"]) and pd.isna(head["beneficiaries"])
    assert pd.isna(head["women_base"]) and head["women_share"] is None
    gao = headline_figures(apply_filters(dataset, Filters(regions=("ML-7",))))
    assert pd.isna(gao["trained"]) and gao["reached"] == 54                          # a course without a count


def test_the_women_s_share_of_a_lower_bound_is_an_upper_bound(dataset):
    """'plus de 7.000 jeunes à risques et 1.755 femmes': 1,755 of more than 8,755, so at most 20 %."""
    from geo.render.words import women_share_words

    head = headline_figures(dataset)
    assert (head["women_base"], head["women_base_qualifier"]) == (8755, "at_least")
    assert women_share_words(head, "en") == "1,755 women among at least 8,755 (at most 20%)"
    assert women_share_words(head, "fr") == "1\u202f755 femmes parmi au moins 8\u202f755 (au plus 20\u202f%)"


def test_charts_draw_no_zero_for_a_figure_no_source_gives(dataset):
    """Intadeyni's association counts members, not beneficiaries; Gao's sanitation project counts
    'jeunes hommes et femmes' without women: no 0 bar, no '0' written."""
    cvr = dataset.cvr_projects
    by_category = figures.cvr_by_category(cvr, "beneficiaries", "en")
    assert "market garden" not in list(by_category.data[0].hovertext)
    women_men = figures.cvr_women_men(cvr, "en")
    labels = list(women_men.data[0].hovertext)
    assert len(labels) == 2 and not any("Intadeyni" in label for label in labels)
    assert "0" not in list(women_men.data[0].text) and "1,755" in list(women_men.data[0].text)
