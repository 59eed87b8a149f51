"""Exports of a dataset that holds a partner's published submission (a real SQLite store): the
commands still run, and the public files say only what the dashboard defines."""
import io
import json
import shutil
import zipfile

import pandas as pd
import pytest
from conftest import ROOT
from test_cli import run_geo

from geo.model.dataset import load_dataset
from geo.model.public import public_columns
from geo.read.tables import read_table
from geo.read.validate import validate_table
from geo.render.tables import column_labels, table_export_bytes
from geo.store import Store, sha256_of, with_published


def test_geojson_export_after_a_publish_from_the_command_line(tmp_path, monkeypatch):
    """Published records carry the store's `kind` column; the GeoJSON export failed with
    'cannot insert kind, already exists' as soon as anything was published."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    env = {"DASHBOARD_DB": f"sqlite:///{tmp_path / 'store.sqlite'}"}
    submitted = run_geo("store", "submit", "examples/partner.csv", "--kind", "cvr_projects", "--org", "ACAS",
                        "--period", "2024-Q1", "--publish", env=env)
    assert submitted.returncode == 1, submitted.stderr        # published; some rows rejected, as the README says
    for args in (["--out", "g.geojson"], ["--out", "c.geojson", "--kind", "cvr_projects"],
                 ["--out", "p.geojson", "--public"]):
        done = run_geo("export", "geojson", *args, env=env)
        assert done.returncode == 0, (args, done.stderr)
        features = json.loads((tmp_path / args[1]).read_text(encoding="utf-8"))["features"]
        published = [f for f in features if "SYNTHETIC" in str(f["properties"].get("title"))]
        assert published and {f["properties"]["kind"] for f in published} == {"cvr_projects"}


# A partner's sheet with a column the dashboard does not use, in a file whose name says more than
# the records: neither may leave in a public file. SYNTHETIC records.
REMARK, COLUMN, FILE = "financement PBF, à confirmer", "Remarques internes", "acas-confidentiel-t1.csv"
SECRETS = ("financement PBF", "Remarques internes", "confidentiel")
SHEET = (f"Intitulé du projet;Localité;Région;Coût (FCFA);Bénéficiaires directs;Date de lancement;{COLUMN}\n"
         f"SYNTHETIC Forage;Gao;Gao;12.500.000;1 200;15/03/2024;{REMARK}\n"
         f"SYNTHETIC Maraîchage;Kidal;Kidal;8.750.000;300;02/04/2024;{REMARK}\n")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The shipped dataset with ACAS's 2024-Q1 submission of SHEET published in a real SQLite store."""
    folder = tmp_path_factory.mktemp("published")
    path = folder / FILE
    path.write_text(SHEET, encoding="utf-8")
    store = Store.open(f"sqlite:///{folder / 'store.sqlite'}")
    shipped = load_dataset()
    table = read_table(path)
    report = validate_table(table, kind="cvr_projects", boundaries=shipped.boundaries)
    assert report.accepted_count == 2 and COLUMN in report.accepted
    store.submit(report, organisation="ACAS", period="2024-Q1", actor="test", sha256=sha256_of(path.read_bytes()),
                 file_name=path.name, raw_table=table, publish=True)
    dataset = with_published(shipped, store)
    store.engine.dispose()
    assert dataset.cvr_projects["extra"].str.contains("PBF", na=False).sum() == 2   # the store kept the column
    return dataset


def _unzipped(data: bytes) -> bytes:
    """Every member of a zip (XLSX, PPTX), decompressed, one after the other."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"\n".join(archive.read(name) for name in archive.namelist())


def _figure_text(figure) -> str:
    return "\n".join(a.get_text() for a in figure.findobj(lambda a: hasattr(a, "get_text")))


def public_outputs(dataset) -> dict[str, bytes]:
    """Every file the dashboard writes of `dataset` in the public view (zips opened; the slide map's
    words as drawn, since PNG, SVG and PDF draw text as shapes)."""
    from geo.render.exports import EXPORTS, export
    from geo.render.slide_map import map_figure
    from geo.schema import TABLE_KINDS

    outputs = {}
    for (target, fmt) in EXPORTS:
        kinds = TABLE_KINDS if target == "csv" else ("cvr_projects", None) if target == "geojson" else (None,)
        for kind in kinds:
            data = export(dataset, target, fmt, kind=kind, lang="fr", public=True)
            outputs[f"{target}.{fmt} {kind or ''}"] = _unzipped(data) if fmt in ("xlsx", "pptx") else data
    for lang in ("fr", "en"):
        outputs[f"slide map words {lang}"] = _figure_text(map_figure(dataset, lang=lang, public=True)).encode()
    return outputs


def test_no_partner_column_nor_file_name_in_any_public_output(published):
    outputs = public_outputs(published)
    leaks = {name: [s for s in SECRETS if s.encode() in data] for name, data in outputs.items()}
    assert not any(leaks.values()), {name: found for name, found in leaks.items() if found}
    internal = table_export_bytes(published, "cvr_projects", "csv", public=False).decode("utf-8-sig")
    assert all(s in internal for s in SECRETS)        # the check can see them: the internal file keeps them


def test_a_public_file_names_the_submission_by_organisation_and_period(published):
    data = table_export_bytes(published, "cvr_projects", "csv", lang="en", public=True)
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    back = back.rename(columns={label: key for key, label in column_labels(ALL_COLUMNS, "cvr_projects", "en").items()})
    partner = back[back["title"].str.startswith("SYNTHETIC")]
    assert len(partner) == 2 and set(partner["source_doc"]) == {"ACAS, 2024-Q1"}
    assert set(back.columns) <= set(public_columns("cvr_projects"))
    for column in ("extra", "file_name", "submitted_at", "submission_id", "organisation", "period", "origin",
                   "submission_status", "period_start", "period_end", "joined_iso", "kind", "row", COLUMN):
        assert column not in back.columns, column
    assert "ACAS, 2024-Q1" in published_pack_text(published)


# Every column a cvr_projects file may have, public or not: the public file's headers read back to them.
ALL_COLUMNS = (*public_columns("cvr_projects"), "extra", "file_name", "submitted_at", "submission_id", "organisation",
               "period", "origin", "submission_status", "period_start", "period_end")


def test_an_internal_file_labels_the_store_s_columns_too(published):
    """An analyst's file of published records: the submission's columns have their labels as well."""
    header = table_export_bytes(published, "cvr_projects", "csv", lang="fr", public=False).decode("utf-8-sig")
    header = header.splitlines()[0].split(";")
    for label in ("Numéro du dépôt", "Organisation", "Période", "Nom du fichier", "Déposé le", "État du dépôt"):
        assert f'"{label}"' in header, label
    assert not [h for h in header if "_" in h]


def published_pack_text(dataset) -> str:
    from pptx import Presentation

    from geo.render.briefing import briefing_pptx_bytes

    deck = Presentation(io.BytesIO(briefing_pptx_bytes(dataset, lang="en", public=True)))
    return "\n".join(s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame)


def test_the_shipped_tables_are_public_whole():
    """Every column of data/<kind>.csv is a public column: the public view of the shipped data
    loses nothing but what public mode hides (site positions)."""
    from geo.schema import RECORD_KINDS

    for kind in RECORD_KINDS:
        header = pd.read_csv(ROOT / "data" / f"{kind}.csv", nrows=0).columns
        assert set(header) <= set(public_columns(kind)), (kind, set(header) - set(public_columns(kind)))


def test_a_partner_column_of_a_session_upload_stays_out_of_public_files(tmp_path):
    """A file read alone (--records, or an upload in the session) keeps its unused columns under their
    own names: the public view drops them too; the file name of one's own upload may stay."""
    path = tmp_path / FILE
    path.write_text(SHEET, encoding="utf-8")
    dataset = load_dataset(records=path, kind="cvr_projects")
    public = table_export_bytes(dataset, "cvr_projects", "csv", public=True).decode("utf-8-sig")
    assert "SYNTHETIC Forage" in public and "financement PBF" not in public and COLUMN not in public
    assert COLUMN in table_export_bytes(dataset, "cvr_projects", "csv", public=False).decode("utf-8-sig")
