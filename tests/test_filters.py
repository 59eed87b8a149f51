from geo.model.filters import Filters, apply_filters, available_partners, available_years
from geo.model.summary import region_summary


def test_query_params_round_trip():
    f = Filters(regions=("ML-7", "ML-BKO"), years=(2016, 2017), kinds=("trainings",), partners=("ACAS", "GRAIP"))
    assert Filters.from_params(f.to_params()) == f


def test_bad_params_are_ignored():
    f = Filters.from_params({"region": "Atlantis,Gao", "years": "abc", "kind": "weapons"})
    assert f == Filters(regions=("ML-7",))


def test_region_filter(dataset):
    gao = apply_filters(dataset, Filters(regions=("ML-7",)))
    assert set(gao.cvr_projects["assigned_iso"]) == {"ML-7"} and len(gao.cvr_projects) == 2
    assert region_summary(gao).loc["ML-8", "projects"] == 0


def test_year_filter_keeps_undated_records(dataset):
    y2024 = apply_filters(dataset, Filters(years=(2024, 2024)))
    assert len(y2024.cvr_projects) == 0
    dated = y2024.trainings[y2024.trainings["date_start"].notna()]
    assert list(dated["training_id"]) == ["WANEP-JFA-2024"]
    assert available_years(dataset) == (2016, 2024)


def test_kind_and_partner_filters(dataset):
    only = apply_filters(dataset, Filters(kinds=("sites",)))
    assert len(only.cvr_projects) == 0 and len(only.sites) == 9
    acas = apply_filters(dataset, Filters(partners=("ACAS",)))
    assert list(acas.cvr_projects["partner"]) == ["ACAS"]
    assert "GRAIP" in available_partners(dataset)


def test_partner_filter_matches_whole_names(dataset):
    minusma = apply_filters(dataset, Filters(partners=("MINUSMA Section RSS-DDR",)))
    organisers = set(minusma.trainings["organiser"])
    assert "MINUSMA Section RSS-DDR Tombouctou" not in organisers      # another partner's name
    assert "MINUSMA Section RSS-DDR; EMPABB" in organisers
    tbk = apply_filters(dataset, Filters(partners=("minusma section rss-ddr tombouctou",)))
    assert list(tbk.trainings["training_id"]) == ["TBK-RVC-AGENCES-2017"]


def test_kind_filter_applies_to_events(dataset):
    sites_only = apply_filters(dataset, Filters(kinds=("sites",)))
    assert {"MOC-GAO-ATTACK", "CANTONMENT-SECURITY-START"} <= set(sites_only.events["event_id"])
    assert "OUATAGOUNA-LAUNCH" not in set(sites_only.events["event_id"])
    cvr = apply_filters(dataset, Filters(kinds=("cvr_projects",)))
    assert set(cvr.events["category"]) == {"cvr"}


def test_reporting_periods_round_trip_through_the_url():
    filters = Filters(periods=("2024-Q1", "2024-01-01/2024-03-31"))
    assert filters.to_params() == {"period": "2024-Q1|2024-01-01/2024-03-31"}
    assert Filters.from_params(filters.to_params()) == filters and filters.active
