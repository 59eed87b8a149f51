import datetime as dt

import pandas as pd
import pytest
from fixtures.boundary_files import cod_style_gpkg

from geo.model.dataset import load_dataset
from geo.model.filters import Filters, apply_filters, available_partners, available_years
from geo.model.public import apply_public_mode
from geo.model.summary import cercle_summary, region_summary
from geo.model.view import prepare_view
from geo.read.boundaries import read_boundary_file
from geo.render.words import describe_filters, export_file_name


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


# -- cercles ----------------------------------------------------------------------------------
# On a SYNTHETIC TEST admin-2 set (tests/fixtures/boundary_files.py): each shipped region polygon
# stands as one cercle, and in the `joined` set Kidal's polygon is Gao's second cercle.

@pytest.fixture(scope="module")
def with_cercles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cercles")
    path = cod_style_gpkg(folder, joined=("ML-7", "ML-8"))
    return load_dataset(boundaries=read_boundary_file(path.read_bytes(), path.name))


def test_cercles_round_trip_through_the_url():
    filters = Filters(regions=("ML-7",), cercles=("TEST-ML0701", "ML0102"))
    assert filters.to_params() == {"region": "ML-7", "cercle": "TEST-ML0701,ML0102"}
    assert Filters.from_params(filters.to_params()) == filters and filters.active
    assert Filters(cercles=("ML0101",)).active
    odd = Filters.from_params({"cercle": "<script>,ML0101,,a b,ML0101," + "x" * 41})
    assert odd.cercles == ("ML0101",)     # the shape of a code only, once; the app drops unknown ones


def test_without_cercles_nothing_changes(dataset):
    """The shipped Natural Earth set has no cercles: no cercle in the filters, the address, the
    words or the file names, and the same records through every filter."""
    old = {"region": "ML-7,ML-8", "years": "2016-2017", "kind": "cvr_projects", "partner": "ACAS"}
    filters = Filters.from_params(old)
    assert filters.cercles == () and filters.to_params() == old
    assert not Filters().active and Filters().to_params() == {}
    assert describe_filters(Filters(regions=("ML-7",)), "en") == "Region: Gao · all years"
    assert export_file_name("map", "png", Filters(regions=("ML-7",)), "en", dt.date(2026, 1, 2)) == \
        "mali-rss-ddr-map-gao-2026-01-02-en.png"
    gao = apply_filters(dataset, Filters(regions=("ML-7",)))
    assert len(gao.cvr_projects) == 2 and len(gao.sites) == 2 and len(gao.events) == 21
    assert dataset.cercles.empty and dataset.cvr_projects["cercle_code"].isna().all()


def test_a_public_view_is_redacted_then_filtered_with_the_same_records(dataset):
    """prepare_view redacts before it filters (as the app does): the same records as before."""
    for filters in (Filters(regions=("ML-7",)), Filters(kinds=("sites",), years=(2017, 2017))):
        view = prepare_view(dataset, filters, public=True)
        before = apply_public_mode(apply_filters(dataset, filters), True)
        for kind, table in view.dataset.records():
            columns = [c for c in table.columns if c not in ("site_id", "geometry")]
            pd.testing.assert_frame_equal(pd.DataFrame(table[columns]).reset_index(drop=True),
                                          pd.DataFrame(before.table(kind)[columns]).reset_index(drop=True))


def test_the_cercle_filter_keeps_the_records_of_its_cercles(with_cercles):
    kidal = apply_filters(with_cercles, Filters(cercles=("TEST-ML0702",)))
    assert list(kidal.cvr_projects["cercle_code"]) == ["TEST-ML0702"]
    both = apply_filters(with_cercles, Filters(cercles=("TEST-ML0701", "TEST-ML0702")))
    assert len(both.cvr_projects) == 3
    assert set(both.sites["cercle_code"]) == {"TEST-ML0701", "TEST-ML0702"}   # a site placed by its region only: no cercle
    table = cercle_summary(kidal)
    assert table.loc["TEST-ML0702", "projects"] == 1 and table["projects"].sum() == 1
    assert len(apply_filters(with_cercles, Filters(regions=("ML-1",), cercles=("TEST-ML0701",))).cvr_projects) == 0
    # an event names its region only: the cercle's region's events stay, with those naming none
    regions = set(apply_filters(with_cercles, Filters(cercles=("TEST-ML0701",))).events["region"].dropna())
    assert regions == {"Gao"}


def test_the_public_view_never_tells_which_cercle_a_site_is_in(with_cercles):
    filters = Filters(cercles=("TEST-ML0701",))
    internal = prepare_view(with_cercles, filters, public=False).dataset.sites
    public = prepare_view(with_cercles, filters, public=True).dataset.sites
    gao = with_cercles.sites[with_cercles.sites["assigned_iso"].eq("ML-7")]
    assert set(internal["cercle_code"]) == {"TEST-ML0701"} and len(internal) < len(gao)
    assert len(public) == len(gao) and public["cercle_code"].isna().all()   # the region's count, as the public map gives


def test_no_programme_total_answers_a_cercle_filter(dataset):
    """A published total names regions at most: under a cercle filter none is shown (a total is
    never prorated to a part of its region)."""
    from geo.model.reported import reported_band, reported_total

    totals = dataset.programme_totals
    assert reported_total(totals, "cantonment_sites_built", Filters()) is not None
    assert reported_total(totals, "cantonment_sites_built", Filters(cercles=("TEST-ML0701",))) is None
    assert len(reported_band(totals, Filters(cercles=("TEST-ML0701",)))) == 0 < len(reported_band(totals, Filters()))
