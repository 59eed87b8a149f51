"""The dataset the app and the command line show: shipped seed tables or a partner's records,
validated, located and joined to a boundary set.

>>> ds = load_dataset()
>>> sorted(ds.cvr_projects["region"])
['Gao', 'Gao', 'Kidal']
"""
from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.messages import Message
from geo.model.locate import join_to_regions, locate, with_points
from geo.paths import DATA_DIR, ROOT
from geo.read.boundaries import SHIPPED as SHIPPED_BOUNDARIES
from geo.read.boundaries import Boundaries, load_boundaries, no_cercles
from geo.read.gazetteer import load_gazetteer
from geo.read.tables import ReadError, read_table
from geo.read.validate import ValidationReport, validate_file, validate_table
from geo.schema import RECORD_KINDS

# Where a record comes from (its `origin` column): the source documents shipped in data/, a
# partner's submission published in the store, one waiting for review (shown to its own
# organisation), or this session's own upload.
ORIGINS = ("shipped", "published", "pending", "session")


@dataclass
class Dataset:
    cvr_projects: gpd.GeoDataFrame
    sites: gpd.GeoDataFrame
    trainings: gpd.GeoDataFrame
    programme_totals: pd.DataFrame
    events: pd.DataFrame
    boundaries: gpd.GeoDataFrame
    boundary_info: dict
    reports: dict[str, ValidationReport] = field(default_factory=dict)  # shipped: by kind; uploads: "kind:file"
    public: bool = False   # True once geo.model.public has redacted it (redacting again changes nothing)
    # the boundary set's second level (geo.read.boundaries.Boundaries.cercles): empty when it has none
    cercles: gpd.GeoDataFrame = field(default_factory=no_cercles)

    def table(self, kind: str) -> gpd.GeoDataFrame:
        return getattr(self, kind)

    def records(self):
        """(kind, table) for the three record kinds."""
        return [(k, self.table(k)) for k in RECORD_KINDS]

    def unlocated(self) -> pd.DataFrame:
        """Records with no point: kind, id/name, place, region."""
        rows = []
        for kind, table in self.records():
            if len(table) == 0:
                continue
            lost = table[table["location_source"].eq("unlocated")]
            for _, r in lost.iterrows():
                rows.append({"kind": kind, "record": r.get("title") or r.get("name"),
                             "place": r.get("place"), "region": r.get("region"),
                             "source_doc": r.get("source_doc")})
        return pd.DataFrame(rows, columns=["kind", "record", "place", "region", "source_doc"])

    def sources(self) -> list[str]:
        docs = set()
        for _, table in self.records():
            if "source_doc" in table:
                docs.update(table["source_doc"].dropna())
        for table in (self.programme_totals, self.events):
            if "source_doc" in table:
                docs.update(table["source_doc"].dropna())
        return sorted(docs)

    def with_tables(self, **tables) -> Dataset:
        return replace(self, **tables)


def load_dataset(records: str | os.PathLike | None = None, boundaries: str | os.PathLike | Boundaries | None = None,
                 kind: str | None = None, data_dir: Path = DATA_DIR) -> Dataset:
    """Shipped tables (default) or a partner's records file, against shipped or user boundaries
    (a path, or a Boundaries already read).

    Raises geo.read.tables.ReadError when a file cannot be read.
    """
    with shipped_file(SHIPPED_BOUNDARIES if boundaries is None else None):
        bounds = boundaries if isinstance(boundaries, Boundaries) else load_boundaries(boundaries)
    with shipped_file(data_dir / "gazetteer.csv"):
        gazetteer = load_gazetteer()
    reports: dict[str, ValidationReport] = {}
    tables: dict[str, gpd.GeoDataFrame] = {}
    if records is None:
        for k in RECORD_KINDS:
            with shipped_file(data_dir / f"{k}.csv"):
                report = validate_file(data_dir / f"{k}.csv", kind=k, boundaries=bounds.frame)
            reports[k] = report
            tables[k] = prepare_records(report.accepted, bounds.frame, gazetteer, bounds.cercles).assign(origin="shipped")
        with shipped_file(data_dir / "programme_totals.csv"):
            totals = pd.read_csv(data_dir / "programme_totals.csv", dtype={"as_of": str})
        with shipped_file(data_dir / "events.csv"):
            events = pd.read_csv(data_dir / "events.csv", dtype={"date": str})
    else:
        report = validate_file(records, kind=kind, boundaries=bounds.frame)
        reports[report.kind] = report
        for k in RECORD_KINDS:
            frame = report.accepted if k == report.kind else pd.DataFrame()
            tables[k] = prepare_records(frame, bounds.frame, gazetteer, bounds.cercles)
        with shipped_file(data_dir / "programme_totals.csv"):
            totals = pd.DataFrame(columns=pd.read_csv(data_dir / "programme_totals.csv", nrows=0).columns)
        with shipped_file(data_dir / "events.csv"):
            events = pd.DataFrame(columns=pd.read_csv(data_dir / "events.csv", nrows=0).columns)
    return Dataset(tables["cvr_projects"], tables["sites"], tables["trainings"], totals, events,
                   bounds.frame, bounds.info, reports, cercles=bounds.cercles)


@contextlib.contextmanager
def shipped_file(path: Path | None):
    """Reading a file shipped with the app: any failure becomes one ReadError naming the file
    (relative to the repository) and what to do, instead of a parser's message about 'input'."""
    if path is None:
        yield
        return
    try:
        yield
    except Exception as err:  # noqa: BLE001 - csv, pandas and GDAL raise many types for a damaged file
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        detail = str(err.args[0]) if isinstance(err, ReadError) else f"{type(err).__name__}: {' '.join(str(err).split())[:160]}"
        raise ReadError(Message("shipped_unreadable", file=str(shown), detail=detail)) from None


def prepare_records(accepted: pd.DataFrame, boundaries: gpd.GeoDataFrame, gazetteer: pd.DataFrame,
                    cercles: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """Locate accepted records and join them to the boundary polygons (and to the cercles, when
    the set has them)."""
    if accepted is None or accepted.empty:
        empty = pd.DataFrame(columns=["row", "region", "region_iso", "location_source", "approximate",
                                      "joined_iso", "assigned_iso", "cercle_code", "cercle_name", "location_note",
                                      "source_doc", "latitude", "longitude"])
        return gpd.GeoDataFrame(empty, geometry=gpd.GeoSeries([], crs=4326), crs=4326)
    return with_points(join_to_regions(locate(accepted, gazetteer, boundaries), boundaries, cercles))


def add_records(dataset: Dataset, report: ValidationReport, replace_shipped: bool = False) -> Dataset:
    """The dataset with a validated upload's accepted rows beside (or instead of) its kind's table."""
    new = prepare_records(report.accepted, dataset.boundaries, load_gazetteer(), dataset.cercles).assign(origin="session")
    current = dataset.table(report.kind)
    table = new if replace_shipped else concat_records(current, new)
    reports = {k: r for k, r in dataset.reports.items() if not (replace_shipped and r.kind == report.kind)}
    reports[f"{report.kind}:{report.file}"] = report
    return dataset.with_tables(reports=reports, **{report.kind: table})


def concat_records(current: gpd.GeoDataFrame, new: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Two tables of one record kind as one (the columns one side lacks are empty on that side)."""
    if len(current) == 0:
        return new
    if len(new) == 0:
        return current
    # A column all empty on one side (a field it lacks) would make pandas guess the column's dtype:
    # drop it there. Only columns whose dtypes differ need the look (a million rows are not scanned).
    empty = {id(t): [c for c in t.columns if c != "geometry" and c in other.columns
                     and t[c].dtype != other[c].dtype and t[c].isna().all()]
             for t, other in ((current, new), (new, current))}
    first, second = (t.drop(columns=empty[id(t)]) if empty[id(t)] else t for t in (current, new))
    # Column by column: pandas' frame-wide concat looks at every cell of a column all empty on one
    # side, in Python (seconds at 300,000 records); a column one side lacks is empty there, in the
    # type the frame-wide concat would give it (NaN, NaT, None for geometry).
    columns = {}
    for name in dict.fromkeys([*first.columns, *second.columns]):
        pair = [t[name] if name in t else other[name].iloc[:0].reindex(range(len(t)))
                for t, other in ((first, second), (second, first))]
        columns[name] = pd.concat(pair, ignore_index=True, copy=False)
    return gpd.GeoDataFrame(columns, geometry="geometry", crs=4326, copy=False)   # one block per column: no merge


__all__ = ["Dataset", "load_dataset", "prepare_records", "add_records", "concat_records", "read_table", "validate_table"]
