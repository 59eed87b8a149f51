"""The chart builders (geo.render.charts) with as many projects as a programme publishes: the
shipped records and a SYNTHETIC partner sheet of 15 more (tests/fixtures/many_projects.py), 18
projects in 10 regions from 2017 to 2024. Figures are checked as plotly objects, no browser."""
import html
import re

import pandas as pd
import pytest
from fixtures.many_projects import many_projects

from geo.model.summary import cvr_beneficiaries, headline_figures, numeric, region_summary
from geo.render import charts as figures


@pytest.fixture(scope="module")
def many(dataset):
    return many_projects(dataset)


def bars(fig):
    return [trace for trace in fig.data if trace.type == "bar"]


def labels_of(fig) -> list[str]:
    """Each bar's label as drawn (plotly text with <br>), bottom to top: beside the bars at the
    axis, or above them as annotations."""
    axis = fig.layout.yaxis
    if axis.showticklabels is False:
        return [a.text for a in fig.layout.annotations if a.name != "note"]
    return list(axis.ticktext)


def lines(label: str) -> list[str]:
    return [html.unescape(line) for line in label.split("<br>")]


def test_the_sheet_is_synthetic_and_large(many, dataset):
    cvr = many.cvr_projects
    added = cvr[cvr["origin"].eq("session")]
    assert len(cvr) == len(dataset.cvr_projects) + 15 == 18
    assert added["title"].str.startswith("SYNTHETIC").all()
    assert (region_summary(many)["projects"] > 0).sum() == 10


@pytest.mark.parametrize("lang, others", [("en", "Others (2)"), ("fr", "Autres (2)")])
def test_regions_past_the_largest_are_one_bar_that_sums_them(many, lang, others):
    summary = region_summary(many)
    fig = figures.cvr_by_region(summary, "cost_xof", "x", lang)
    (bar,) = bars(fig)
    assert len(bar.x) == figures.TOP + 1
    named = [html.unescape(x) for x in bar.hovertext]
    assert named[0] == others                                      # at the bottom, below every region
    shown = summary[summary["region"].isin(named[1:])]
    rest = summary[(summary["cost_xof"] > 0) & ~summary["region"].isin(named[1:])]
    assert len(rest) == 2 and bar.x[0] == rest["cost_xof"].sum()
    assert sum(bar.x) == summary["cost_xof"].sum() == headline_figures(many)["cost_xof"]
    assert list(bar.customdata[1:]) == list(shown.sort_values("cost_xof").index)   # a click says its region
    assert bar.customdata[0] == ""                                                  # the others filter nothing
    assert list(bar.x[1:]) == sorted(bar.x[1:])                                      # the largest on top


def test_the_others_keep_the_qualifier_of_their_sum(many):
    """Kayes' 'environ 300' beneficiaries fall in the others: their sum is 'about', never exact."""
    from geo.model.summary import qualifiers_by

    cvr = many.cvr_projects
    words = qualifiers_by(cvr, cvr["assigned_iso"], "beneficiaries", also=("youth",))
    fig = figures.cvr_by_region(region_summary(many), "beneficiaries", "x", "en", qualifiers=words)
    (bar,) = bars(fig)
    assert html.unescape(bar.hovertext[0]) == "Others (2)" and bar.text[0] == "≈ 550"   # Kayes 300 + Bamako 250
    assert bar.text[-1] == "≥ 15,655"                                                   # Gao: 'plus de' figures


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_labels_wrap_between_words_never_inside_one(many, lang):
    cvr, tr = many.cvr_projects, many.trainings
    courses = tr[tr["activity_type"].eq("training")]
    charts = [figures.cvr_by_region(region_summary(many), "beneficiaries", "x", lang),
              figures.cvr_by_category(cvr, "cost_xof", lang), figures.cvr_by_category(cvr, "beneficiaries", lang),
              figures.cvr_women_men(cvr, lang), figures.trainings_by_sex(courses, "audience", "x", lang)]
    wrapped = 0
    for fig in charts:
        drawn, full = labels_of(fig), [html.unescape(x) for x in bars(fig)[0].hovertext]
        assert len(drawn) == len(full)
        width = figures.ABOVE_WRAP if fig.layout.yaxis.showticklabels is False else figures.LABEL_WRAP
        for label, whole in zip(drawn, full):
            parts = lines(label)
            wrapped += len(parts) > 1
            assert len(parts) <= figures.LABEL_LINES
            assert all(len(p) <= width or " " not in p for p in parts), parts
            words = " ".join(parts).removesuffix("…").split()
            assert words == whole.split()[:len(words)], (parts, whole)      # whole words, in order
            if " ".join(parts).endswith("…"):                               # cut only past the last line
                assert len(parts) == figures.LABEL_LINES and len(words) < len(whole.split())
    assert wrapped >= 5


def test_every_project_is_in_the_women_chart(many):
    """The 12 largest projects and one bar for the other 5: every woman and every beneficiary
    counted. Intadeyni's market garden gives no beneficiary figure (its association 'compte 100
    membres'): no bar, never a zero."""
    cvr = many.cvr_projects
    fig = figures.cvr_women_men(cvr, "en")
    women, other = bars(fig)
    assert len(women.x) == figures.TOP_PROJECTS + 1 and html.unescape(women.hovertext[0]) == "Others (5)"
    assert not any("Intadeyni" in x for x in women.hovertext)
    assert sum(women.x) == numeric(cvr, "women").sum()
    assert sum(women.x) + sum(other.x) == cvr_beneficiaries(cvr).sum()
    given = cvr[~cvr["title"].str.contains("Intadeyni")]
    ranked = cvr_beneficiaries(given).sort_values(ascending=False, kind="stable")
    rest = given.loc[ranked.index[figures.TOP_PROJECTS:]]
    assert women.x[0] == numeric(rest, "women").sum() and other.x[0] == (cvr_beneficiaries(rest) - numeric(
        rest, "women").fillna(0)).sum()
    assert fig.layout.height > 640            # a long list grows; the page scrolls it (ui.parts.SCROLL_PX)


def test_a_chart_with_nothing_to_draw_says_so(dataset):
    """Kidal's one project gives no beneficiary figure: its charts of beneficiaries say so rather
    than draw an empty box or a zero."""
    from geo.model.filters import Filters, apply_filters

    kidal = apply_filters(dataset, Filters(regions=("ML-8",)))
    for fig in (figures.cvr_by_region(region_summary(kidal), "beneficiaries", "x", "en"),
                figures.cvr_by_category(kidal.cvr_projects, "beneficiaries", "en"),
                figures.cvr_women_men(kidal.cvr_projects, "en")):
        assert all(len(bar.x) == 0 for bar in bars(fig))
        assert "No figure to chart in this view" in figures.text_summary(fig, "en")


def test_eight_years_of_projects_are_eight_years_of_axis(many):
    """2017 to 2024: too long for a bar per month or per quarter, a bar per year, each at the middle
    of its year; the undated project is said under the plot, never placed; the one dated '2019'
    alone is in its year."""
    cvr = many.cvr_projects
    fig = figures.cvr_over_time(cvr, "en")
    (bar,) = bars(fig)
    assert fig.layout.xaxis.type == "date"
    years = [pd.Timestamp(x).year for x in bar.x]
    assert years == [2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]
    assert all(pd.Timestamp(x).month == 7 for x in bar.x)                    # the middle of its year
    start, end = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    assert start < pd.Timestamp("2017-01-01") and end > pd.Timestamp("2024-12-31")
    undated = numeric(cvr[cvr["launch_date"].isna()], "cost_xof").sum()
    assert undated == 66_000_000 and sum(bar.y) + undated == numeric(cvr, "cost_xof").sum()
    note = [a.text for a in fig.layout.annotations if a.name == "note"]
    assert "1 project(s) without a date (66,000,000 FCFA)" in html.unescape(" ".join(note).replace("<br>", " "))
    assert "without a date" in figures.text_summary(fig, "en")


def test_a_gap_of_years_is_not_a_neighbouring_month():
    """Two trainings in 2018 and 2024 were two bars side by side on an axis of categories."""
    sessions = pd.DataFrame({"date_start": ["2018-03-05", "2024-02-29"], "date_precision": ["day", "day"],
                             "men": [10, 4], "women": [5, 3], "total": [15, 7], "audience": ["a", "b"]})
    fig = figures.trainings_by_sex(sessions, "date", "x", "fr")
    assert fig.layout.xaxis.type == "date"
    first, last = (pd.Timestamp(x) for x in bars(fig)[0].x)
    assert (last - first).days > 5 * 365
    assert fig.layout.xaxis.ticktext[0] == "2018"


def test_a_month_stays_a_month_and_a_year_alone_is_said_apart():
    """On an axis of months, 'mars 2021' is the bar of March (never 1 March); a record dated '2021'
    alone cannot be put in a month: it is said under the plot with its cost."""
    cvr = pd.DataFrame({"title": ["a", "b", "c", "d"], "cost_xof": [100, 200, 400, 800],
                        "launch_date": ["2021-03-01", "2021-03-17", "2021-06-02", "2021-01-01"],
                        "date_precision": ["month", "day", "day", "year"]})
    step, periods, apart = figures.time_bins(cvr["launch_date"], cvr["date_precision"])
    assert step == "month" and list(apart) == ["", "", "", "coarse"]
    fig = figures.cvr_over_time(cvr, "fr")
    (bar,) = bars(fig)
    assert list(bar.hovertext) == ["mars 2021", "juin 2021"] and list(bar.y) == [300, 400]
    widths = [w / 86_400_000 for w in bar.width]
    assert widths == [pytest.approx(0.8 * 31, abs=0.01), pytest.approx(0.8 * 30, abs=0.01)]   # a month wide
    note = html.unescape(" ".join(a.text for a in fig.layout.annotations).replace("<br>", " "))
    assert "Une barre par mois." in note and "1 projet(s) datés moins finement que les barres (800 FCFA)" in note
    assert "mars<br>2021" in fig.layout.xaxis.ticktext                  # the reader's month names, on two lines


def test_undated_sessions_are_counted_under_the_plot(dataset):
    courses = dataset.trainings[dataset.trainings["activity_type"].eq("training")].copy()
    courses.loc[courses.index[:2], "date_start"] = None
    people = numeric(courses.iloc[:2], "total").sum()
    fig = figures.trainings_by_sex(courses, "date", "x", "en")
    drawn = sum(sum(bar.y) for bar in bars(fig))
    assert drawn + people == headline_figures(dataset)["trained"]
    note = html.unescape(" ".join(a.text for a in fig.layout.annotations if a.name == "note").replace("<br>", " "))
    assert f"2 session(s) without a date ({people:,.0f} participants)" in note


def test_titles_wrap_and_can_be_written_above_the_chart(many):
    """Plotly does not wrap a title: the builder breaks it between words for a phone's width, and a
    page takes it out of the figure to write it above (ui.parts.chart), the figure shorter by as much."""
    fig = figures.cvr_women_men(many.cvr_projects, "fr")
    assert fig.layout.title.text == "Femmes et autres bénéficiaires<br>par projet"
    assert all(len(line) <= figures.TITLE_WRAP for line in lines(fig.layout.title.text))
    title, bare = figures.without_title(fig)
    assert title == "Femmes et autres bénéficiaires par projet" and not bare.layout.title.text
    assert fig.layout.height - bare.layout.height == fig.layout.margin.t - bare.layout.margin.t > 0
    assert bare.data == fig.data and fig.layout.title.text                      # the shared figure is left as it was


def test_same_category_in_any_case_is_one_bar(many):
    fig = figures.cvr_by_category(many.cvr_projects, "cost_xof", "fr")
    names = [html.unescape(x) for x in bars(fig)[0].hovertext]
    assert len({n.casefold() for n in names}) == len(names)
    assert "Maraîchage" in names and "maraîchage" not in names


def test_values_have_room_inside_the_chart(many):
    """A value is written inside a long bar and past the end of a short one, where the axis leaves
    room (1.12 times the longest bar): nothing written beyond the chart's edge."""
    (bar,) = bars(figures.cvr_by_region(region_summary(many), "cost_xof", "x", "en"))
    longest = max(bar.x)
    assert all(pos == ("inside" if v >= 0.5 * longest else "outside") for v, pos in zip(bar.x, bar.textposition))
    fig = figures.cvr_by_region(region_summary(many), "cost_xof", "x", "en")
    assert fig.layout.xaxis.range[1] == pytest.approx(1.12 * longest) and bar.cliponaxis is False


def test_the_pages_charts_have_no_modebar():
    from ui.parts import PLOT

    assert PLOT["config"]["displayModeBar"] is False


def test_no_text_of_a_label_is_markup(many):
    hostile = many.cvr_projects.copy()
    hostile.loc[hostile.index[0], "title"] = "<img src=x onerror=alert(1)> " + "mot " * 20
    text = str(figures.cvr_women_men(hostile, "en").to_dict())
    assert "<img" not in text and "&lt;img" in text
    assert not re.search(r"<(?!br>|/?b>|extra>|/extra>)", text.replace("<br>", ""))
