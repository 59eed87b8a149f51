"""What the sources give as planned ("Il touchera à terme 9 quartiers", "qui seront désenclavés",
"Projet de construction") is shown as planned and never as a result: not in the band of the
programme's results, not as a target's result, not as the date the data reach."""
import pandas as pd

from geo.model.filters import Filters
from geo.model.reported import reported_band, statuses
from geo.model.targets import load_targets, targets_with_results


def totals(**changes):
    from geo.model.targets import load_totals

    table = load_totals()
    for column, values in changes.items():
        table[column] = values(table)
    return table


def test_the_shipped_planned_figures_are_planned(dataset):
    status = dict(zip(dataset.programme_totals["total_id"], statuses(dataset.programme_totals)))
    assert status["GAO-ASSAINISSEMENT-RELAYS"] == status["OUATAGOUNA-INHABITANTS"] == "planned"
    assert status["CVR-2020-2021-BENEF"] == "under_way" and status["DDR-BIOMETRIE-1747"] == "achieved"


def test_a_planned_total_never_enters_the_band_of_results():
    table = totals(band=lambda t: t["band"].where(~t["total_id"].eq("GAO-ASSAINISSEMENT-RELAYS"), 10))
    assert "GAO-ASSAINISSEMENT-RELAYS" not in set(reported_band(table, Filters())["total_id"])
    table["status"] = table["status"].where(~table["total_id"].eq("GAO-ASSAINISSEMENT-RELAYS"), "achieved")
    assert "GAO-ASSAINISSEMENT-RELAYS" in set(reported_band(table, Filters())["total_id"])   # the band's own test


def test_a_planned_figure_is_never_a_target_s_result():
    table = totals(status=lambda t: t["status"].where(~t["total_id"].eq("RSS-INTEGRATION-1330"), "planned"))
    row = targets_with_results(load_targets(), table).set_index("target_id").loc["FDSM-INTEGRATION-3000"]
    assert pd.isna(row["result_value"]) and row["result_source"] == ""


def test_a_figure_not_achieved_says_so_in_words():
    from geo.render.reported import period_text, status_text

    row = {"period": "2020-2021", "status": "under_way"}
    assert period_text(row, "en") == "2020-2021 (under way)" and period_text(row, "fr") == "2020-2021 (en cours)"
    assert period_text({"period": "2019-2020", "status": "achieved"}, "en") == "2019-2020"
    assert status_text({"status": "planned"}, "fr") == "prévu"


def test_the_pack_writes_planned_beside_a_planned_figure(dataset):
    """The totals slides list a programme's figures by period and status: a planned or under-way
    figure sits in a row whose period says so, never beside an achieved one."""
    from geo.render.briefing import programme_rows

    rows = programme_rows(dataset.programme_totals, "en")

    def period_of(figure: str) -> str:
        return next(period for _, figures, period, _ in rows if figure in figures.split("\n"))

    assert period_of("relays to be trained (future sanitation trainers): 100\u00a0people") == "date not given (planned)"
    assert period_of("CVR projects: 32") == "2020-2021 (under way)"
    assert period_of("ex-combatants registered (accelerated process): 1,747") == "2019-2020"


def test_a_planned_event_is_not_the_date_the_data_reach(dataset):
    import datetime as dt

    from geo.render.words import data_date

    late = pd.DataFrame([{"event_id": "X", "date": "2030-01-01", "date_precision": "day", "status": "planned"}])
    events = pd.concat([dataset.events, late], ignore_index=True)
    assert data_date(dataset.with_tables(events=events)) == data_date(dataset) < dt.date(2030, 1, 1)


def test_the_totals_tables_say_which_figures_are_planned(dataset):
    from ui.tables import totals_table

    table = totals_table(dataset.programme_totals, "trainings")      # French, the default language
    row = table[table["Indicateur"].str.startswith("relais à former")].iloc[0]
    assert (row["Valeur"], row["État"]) == ("100", "prévu")
    assert set(table["État"]) == {"réalisé", "prévu"}


def test_the_sites_reported_built_answer_only_filters_they_lie_inside(dataset):
    from geo.model.reported import reported_total

    built = reported_total(dataset.programme_totals, "cantonment_sites_built", Filters())
    assert (built["value"], built["source_doc"][:3]) == (8, "004")
    assert reported_total(dataset.programme_totals, "cantonment_sites_built", Filters(regions=("ML-7",))) is None
    assert reported_total(dataset.programme_totals, "cantonment_sites_built", Filters(years=(2019, 2020))) is None


def test_the_pack_says_the_sites_built_beside_those_recorded(dataset):
    import io

    from pptx import Presentation

    from geo.render.briefing import briefing_pptx_bytes

    deck = Presentation(io.BytesIO(briefing_pptx_bytes(dataset, lang="en", public=False)))
    text = " ".join(s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame)
    assert "8 built, as the sources report · 6 recorded here" in text
    assert "1,755 women of at least 8,755 beneficiaries counted by sex" in text and "≤ 20%" in text
    assert "Planned beneficiaries" in text
