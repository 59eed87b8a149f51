"""Public mode: cantonment sites and MOC camps only as counts per region; no coordinate leaves."""
import json

import pytest
from test_cli import run_geo

from geo.model.dataset import load_dataset
from geo.model.public import apply_public_mode, redact_sites
from geo.model.summary import region_summary
from geo.settings import Setting, public_mode, public_setting


def coordinate_spellings(value: float) -> set[str]:
    """How a coordinate may be written in an output: 16.27167, 16.2717, 16.272, 16,27167..."""
    out = set()
    for decimals in (3, 4, 5):
        text = f"{value:.{decimals}f}"
        out |= {text, text.replace(".", ",")}
    return out


@pytest.fixture(scope="module")
def site_coordinates(dataset):
    """Every located site's latitude and longitude in the unredacted shipped dataset."""
    located = dataset.sites.dropna(subset=["latitude", "longitude"])
    assert len(located) >= 4   # Tessalit, MOC Gao, Kidal, Tombouctou from the gazetteer, and centroids
    spellings = set()
    for lat, lon in zip(located["latitude"], located["longitude"]):
        spellings |= coordinate_spellings(lat) | coordinate_spellings(lon)
    return spellings


def test_switch_by_environment_and_config(monkeypatch, tmp_path):
    config = tmp_path / "dashboard.toml"
    monkeypatch.setenv("DASHBOARD_CONFIG", str(config))
    monkeypatch.delenv("PUBLIC_MODE", raising=False)
    assert public_mode() is False
    config.write_text("public_mode = true\n", encoding="utf-8")
    assert public_mode() is True
    monkeypatch.setenv("PUBLIC_MODE", "0")       # the environment wins over the file
    assert public_mode() is False
    monkeypatch.setenv("PUBLIC_MODE", "1")
    config.write_text("public_mode = false\n", encoding="utf-8")
    assert public_mode() is True
    monkeypatch.delenv("PUBLIC_MODE")
    assert public_mode() is False and public_setting().problem is None


@pytest.mark.parametrize("text", [
    "not = [valid toml",                                   # a syntax error
    "title = 'x'\nbroken = \npublic_mode = false\n",      # a syntax error elsewhere
    "public_mode = false\npublic_mode = false\n",          # a duplicate key
    "[server]\npublic_mode = true\n",                     # the key under a section
    "public_mode = \"oui\"\n",                            # a value it does not understand
    "public_mode = 2\n",
])
def test_an_unreadable_config_gives_the_public_view_and_says_why(monkeypatch, tmp_path, text):
    config = tmp_path / "dashboard.toml"
    config.write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(config))
    monkeypatch.delenv("PUBLIC_MODE", raising=False)
    setting = public_setting()
    assert setting.value is True and setting.problem is not None
    # a value it does not understand: the public view; a file it cannot read as meant: no start at all
    assert "public view" in str(setting.problem) or "does not start" in str(setting.problem)


def test_a_bom_is_read_and_the_value_obeyed(monkeypatch, tmp_path):
    config = tmp_path / "dashboard.toml"
    monkeypatch.setenv("DASHBOARD_CONFIG", str(config))
    monkeypatch.delenv("PUBLIC_MODE", raising=False)
    config.write_bytes("\ufeffpublic_mode = true\n".encode("utf-8"))
    assert public_mode() is True and public_setting().problem is None
    config.write_bytes("\ufeffPUBLIC_MODE = false\n".encode("utf-8"))
    assert public_mode() is False


@pytest.mark.parametrize("value", ["2", "y", "public", "oui", "1.0", "vrai"])
def test_an_unknown_environment_value_gives_the_public_view(monkeypatch, tmp_path, value):
    monkeypatch.setenv("DASHBOARD_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("PUBLIC_MODE", value)
    setting = public_setting()
    assert setting.value is True and setting.source == "environment"
    assert value in str(setting.problem)


@pytest.mark.parametrize("value,public", [("1", True), ("TRUE", True), ("yes", True), (" on ", True),
                                          ("0", False), ("False", False), ("no", False), ("off", False)])
def test_accepted_environment_values(monkeypatch, value, public):
    monkeypatch.setenv("PUBLIC_MODE", value)
    assert public_setting() == Setting(public, "environment")


def test_redacted_sites_keep_region_counts_and_nothing_finer(dataset, site_coordinates):
    redacted = redact_sites(dataset)
    sites = redacted.sites
    assert sites["latitude"].isna().all() and sites["geometry"].isna().all()
    assert set(sites["location_source"]) == {"hidden"}
    for column in ("name", "place", "source_quote", "gazetteer_source"):
        assert sites[column].isna().all(), column
    assert not any(str(v).upper().startswith(("MOC-", "CANT-")) for v in sites["site_id"])
    before, after = region_summary(dataset), region_summary(redacted)
    assert after[["sites", "cantonment_sites", "moc_camps"]].equals(before[["sites", "cantonment_sites", "moc_camps"]])
    assert int(after["sites"].sum()) == len(dataset.sites)
    text = sites.drop(columns="geometry").to_csv()
    assert not [s for s in site_coordinates if s in text]
    assert len(redacted.cvr_projects) == len(dataset.cvr_projects)   # other records untouched


def test_partner_columns_on_sites_are_emptied(tmp_path):
    path = tmp_path / "sites.csv"
    path.write_text("Nom du site;Type;Région;GPS;Latitude;Longitude\n"
                    "MOC Gao;moc_camp;Gao;16.27167 -0.04472;16,27167;-0,04472\n", encoding="utf-8")
    dataset = apply_public_mode(load_dataset(records=path, kind="sites"), enabled=True)
    row = dataset.sites.drop(columns="geometry").iloc[0]
    assert "16.27" not in row.to_json() and row["region"] == "Gao"
    report = dataset.reports["sites"]
    assert report.accepted["latitude"].isna().all() and report.hide_coordinates


def test_summarize_json_in_public_mode_has_no_site_coordinate(site_coordinates):
    shown = run_geo("summarize", "--json")
    hidden = run_geo("summarize", "--json", env={"PUBLIC_MODE": "1"})
    assert hidden.returncode == 0, hidden.stderr
    assert not [s for s in site_coordinates if s in hidden.stdout]
    counts = lambda out: {r["iso_code"]: (r["sites"], r["cantonment_sites"], r["moc_camps"])
                          for r in json.loads(out)["regions"]}
    assert counts(hidden.stdout) == counts(shown.stdout)


def test_summarize_text_in_public_mode_has_no_site_coordinate(site_coordinates):
    hidden = run_geo("summarize", env={"PUBLIC_MODE": "1"})
    assert hidden.returncode == 0 and not [s for s in site_coordinates if s in hidden.stdout]


def test_validate_sites_file_in_public_mode_has_no_site_coordinate(tmp_path, dataset, site_coordinates):
    """A sites file made from the shipped sites' own located coordinates, with the mistakes that
    make the validator quote coordinates: a wrong region, swapped columns, a duplicate."""
    located = dataset.sites.dropna(subset=["latitude", "longitude"])
    lines = ["Nom du site;Type;Région;Latitude;Longitude"]
    for i, (_, site) in enumerate(located.iterrows()):
        lat, lon = f"{site.latitude:.5f}", f"{site.longitude:.5f}"
        wrong_region = "Kayes" if site.region != "Kayes" else "Gao"
        lines.append(f"Site {i};{site.site_type};{wrong_region};{lat};{lon}")
        lines.append(f"Site {i} bis;{site.site_type};{site.region};{lon};{lat}")
    path = tmp_path / "sites_partenaire.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for args in (["--json"], []):
        shown = run_geo("validate", path, "--kind", "sites", *args)
        assert [s for s in site_coordinates if s in shown.stdout]   # the check can see a leak
        hidden = run_geo("validate", path, "--kind", "sites", *args, env={"PUBLIC_MODE": "1"})
        assert hidden.returncode == 1
        assert not [s for s in site_coordinates if s in hidden.stdout + hidden.stderr]
        if args:
            out = json.loads(hidden.stdout)
            assert len(out["rejected"]) == len(located) and len(out["warnings"]) == len(located)


def test_public_mode_does_not_echo_a_malformed_site_coordinate():
    import pandas as pd

    from geo.read.tables import RawTable
    from geo.read.validate import validate_table

    table = RawTable("sites.csv", pd.DataFrame({"name": ["Camp"], "latitude": ["16.27x"], "longitude": ["-0.04472"]},
                                               dtype=object), [2])
    public = validate_table(table, kind="sites", public=True).rejected[0]["reasons"]
    internal = validate_table(table, kind="sites", public=False).rejected[0]["reasons"]
    assert "16.27x" in " ".join(internal) and "16.27x" not in " ".join(public)
    assert len(public) == 1 and "hidden in public mode" in public[0]   # no second, wrong reason


def test_the_redacted_sites_report_keeps_only_region_level_columns(tmp_path):
    from geo.model.dataset import load_dataset
    from geo.model.public import apply_public_mode

    path = tmp_path / "sites.csv"
    path.write_text("name,region,GPS\nCamp A,Gao,16.27167 -0.04472\n", encoding="utf-8")
    dataset = apply_public_mode(load_dataset(records=path, kind="sites"), enabled=True)
    accepted = dataset.reports["sites"].accepted
    assert accepted["GPS"].isna().all() and accepted["name"].isna().all()
    assert list(accepted["region"]) == ["Gao"]
