"""Data exports of exactly what is filtered: CSV (UTF-8 with BOM), XLSX, GeoJSON, and the
standalone interactive HTML map (geo.render.webmap's folium map, Leaflet inlined: one file to email).

CSV and XLSX are for reading in a spreadsheet, in the reader's language: headers are the
catalogue's labels (field.<column>, the per-region figures measure.<column>), sheets are named for
their table, yes and no are words; a French CSV has ';' between cells and decimal commas (a French
Excel splits it into columns), an English one ',' and decimal points. The keys stay in the GeoJSON
and in the workbook's Columns sheet (label beside key, table by table).

Text cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage
return) get a leading apostrophe in CSV and XLSX; in CSV so does every part of a text cell that
starts after a ';', a ',', a tab or a line break (a French Excel splits a comma file on ';', an
English one a semicolon file on ','), and every text cell is quoted. In public mode sites are
exported only as counts per region and the other records' coordinates are rounded to 0.1 degree
(about 11 km), so that no site coordinate, nor a town point shared with a site, leaves in a file.

>>> from geo.model.dataset import load_dataset
>>> csv = table_export_bytes(load_dataset(), "cvr_projects", "csv", lang="fr")
>>> csv[:3] == b"\\xef\\xbb\\xbf"   # a byte-order mark, so that Excel shows the accents
True
>>> csv.decode("utf-8-sig").split("\\n")[0][:50]
'"Identifiant du projet";"Intitulé";"Partenaire";"C'
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import i18n
from geo.i18n import t
from geo.model.filters import Filters
from geo.model.locate import placed_only_by_region
from geo.model.public import public_columns
from geo.model.summary import COUNTS, FIGURES, region_summary
from geo.model.view import prepare_view
from geo.render.words import date_line, describe_filters, missing_regions_line, source_line
from geo.schema import QUALIFIERS, RECORD_KINDS, TABLE_KINDS

TABLE_FORMATS = ("csv", "xlsx", "geojson")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A formula can also start any part of a cell that a spreadsheet splitting on another delimiter (';'
# in a French Excel, ',', a tab) or on a line break makes a cell of its own; spaces and quotes before
# it do not stop it.
_FORMULA_IN_CELL = re.compile(r"(^|[;,\t\r\n])([\s\"]*)(?=[=+\-@])")
# Characters XML 1.0 (so XLSX) cannot hold.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Columns used only inside the app (the spatial join; the store's record kind, which the table or the
# GeoJSON's own `kind` property says), not for partners.
_INTERNAL = ("geometry", "joined_iso", "kind")
_FIRST = {"cvr_projects": ["project_id", "title"], "sites": ["site_id", "name", "site_type"],
          "trainings": ["training_id", "session_id", "title"]}
_LAST = ["region", "region_iso", "assigned_iso", "place", "latitude", "longitude", "location_source",
         "approximate", "gazetteer_source", "source_doc", "source_quote"]


def table_export_bytes(dataset, kind: str | None, fmt: str, filters: Filters | None = None, lang: str = "fr",
                       public: bool | None = None) -> bytes:
    """The filtered table(s) as bytes in `fmt` ('csv', 'xlsx' or 'geojson').

    `kind` is one of TABLE_KINDS; None means: csv -> cvr_projects, xlsx -> one sheet per table plus
    an About sheet (filters, data date, sources), geojson -> every located record with a `kind`
    property. 'regions' gives the per-region figures (GeoJSON: region polygons).
    The public view as in geo.model.view.
    """
    fmt = fmt.lower().lstrip(".")
    if fmt not in TABLE_FORMATS:
        raise ValueError(f"data format '{fmt}' is not available; use csv, xlsx or geojson.")
    if kind is not None and kind not in TABLE_KINDS:
        raise ValueError(f"table '{kind}' is not available; use one of {', '.join(TABLE_KINDS)}.")
    prepared = prepare_view(dataset, filters, public)
    view, public = prepared.dataset, prepared.public
    if fmt == "csv":
        kind = kind or "cvr_projects"
        return csv_bytes(labelled(export_table(view, kind, public), kind, lang), lang)
    if fmt == "xlsx":
        kinds = [kind] if kind else list(TABLE_KINDS)
        sheets, columns = {}, []
        for k in kinds:
            table = export_table(view, k, public)
            name = sheet_name(k, lang)
            labels = column_labels(table.columns, k, lang)
            sheets[name] = labelled(table, k, lang)
            columns += [(name, labels[c], c) for c in table.columns]
        sheets[t("export.sheet_about", lang)] = about_table(view, prepared.filters, lang, public)
        sheets[t("export.sheet_columns", lang)] = pd.DataFrame(
            columns, columns=[t(f"export.columns_{c}", lang) for c in ("sheet", "label", "key")])
        return xlsx_bytes(sheets)
    return geojson_bytes(view, kind, public)


# Columns whose header is not field.<column>: the store's indicator key (field.metric is the app's
# column of indicator words), and where a record was placed (the app's Location column).
_LABEL_KEYS = {"metric": "field.metric_code", "location_source": "field.location"}


def column_labels(columns, kind: str, lang: str) -> dict[str, str]:
    """{column: its header in `lang`}: the catalogue's field label (field.<column>); for the
    per-region figures (and the public site counts) the measure's (measure.<column>); a column
    no catalogue names (a partner's own, in an internal file) keeps its name. A column whose French
    twin (<column>_fr) sits beside it holds the English words, and says so. Labels are unique.

    >>> column_labels(["project_id", "cost_xof"], "cvr_projects", "fr")
    {'project_id': 'Identifiant du projet', 'cost_xof': 'Coût (FCFA)'}
    >>> column_labels(["women"], "regions", "en"), column_labels(["women"], "cvr_projects", "en")
    ({'women': 'Women beneficiaries'}, {'women': 'Women'})
    """
    catalogue = i18n.catalogue(lang)
    rooms = ("measure", "field") if kind == "regions" else ("field", "measure")

    def own(column):
        keys = [_LABEL_KEYS[column]] if column in _LABEL_KEYS else [f"{room}.{column}" for room in rooms]
        return next((catalogue[k] for k in keys if k in catalogue), None)

    labels, seen = {}, set()
    for column in dict.fromkeys(columns):
        label = own(column)
        figure, _, what = str(column).rpartition("_")
        if label is None and what in ("qualifier", "status") and own(figure):   # a figure's word or status
            label = t(f"export.column_{what}", lang, label=own(figure))
        label = label or str(column)
        if f"{column}_fr" in columns and column not in _LABEL_KEYS:   # metric is a code; metric_en its English
            label = t("export.english_twin", lang, label=label)
        if label in seen:   # two columns one label: the key tells them apart
            label = f"{label} ({column})"
        labels[column] = label
        seen.add(label)
    return labels


# Columns whose cells are codes of a known list, and the catalogue room of their words; the
# qualifiers of figures (<figure>_qualifier) read from qualifier.<code>.
_CODE_WORDS = {"location_source": "location.", "activity_type": "activity.", "site_type": "site_type.",
               "topic": "reported.group_", "unit": "unit.", "origin": "origin.", "submission_status": "status.",
               "date_precision": "date_precision."}


def _code_words(column: str, kind: str, lang: str):
    """The function that writes a cell of `column` in words (a code no list knows stays as written),
    or None for a column of free text or numbers."""
    catalogue = i18n.catalogue(lang)
    if column.endswith("_qualifier"):
        return lambda code: t(f"qualifier.{code}", lang, n="").strip() if code in QUALIFIERS else code
    if column == "planned_figures":   # 'youth; women': the columns' labels
        separator = " ; " if i18n.language(lang) == "fr" else "; "
        return lambda cell: separator.join(column_labels([n.strip() for n in str(cell).split(";") if n.strip()],
                                                         kind, lang).values())
    # whether a figure is achieved, under way or planned (a site's status is its own words)
    if (column == "status" and kind in ("programme_totals", "events")) or \
            (column.endswith("_status") and column != "submission_status"):
        return lambda code: catalogue.get(f"figure_status.{code}", code) if isinstance(code, str) else code
    room = "event_category." if (kind, column) == ("events", "category") else _CODE_WORDS.get(column)
    if room is None:
        return None
    return lambda code: catalogue.get(f"{room}{code}", code) if isinstance(code, str) else code


def labelled(table: pd.DataFrame, kind: str, lang: str) -> pd.DataFrame:
    """`table` as a spreadsheet reader gets it: headers in `lang` (column_labels), coded cells in
    words ('more_than' → 'plus de', 'near_place' → 'approximatif (distance à un lieu)', 'people' →
    'personnes'), yes or no for true or false. The GeoJSON keeps the keys and codes."""
    out = table.copy()
    for column in out.columns:
        words = _code_words(column, kind, lang)
        if pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map({True: t("export.yes", lang), False: t("export.no", lang)}).astype(object)
        elif words is not None:
            distinct = {v: words(v) for v in out[column].dropna().unique()}
            out[column] = out[column].map(distinct)   # a blank stays blank
    return out.rename(columns=column_labels(table.columns, kind, lang))


def sheet_name(kind: str, lang: str) -> str:
    """A workbook sheet named for its table in `lang` ('Projets RVC'), within Excel's 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", " ", t(f"download.table.{kind}", lang))[:31]


def export_table(view, kind: str, public: bool) -> pd.DataFrame:
    """One table as partners receive it: no geometry, identifying columns first, provenance last.

    Public: a record's columns are only those geo.model.public.public_columns names (the fields the
    dashboard defines; a partner's submission is named by organisation and period, as the public
    view holds it). Internal (analysts, reviewers): every column, including a partner's own columns
    (`extra`, the JSON the store keeps them in) and the submission's (`submission_id`, `organisation`,
    `period`, `file_name`, `submitted_at`): an analyst traces a figure back to its file with them.
    """
    if kind == "regions":
        return whole_numbers(region_summary(view).reset_index())
    if kind in ("programme_totals", "events"):
        return whole_numbers(view.table(kind).reset_index(drop=True))
    if kind == "sites" and public:
        return site_counts(view)
    allowed = set(public_columns(kind)) if public else None
    table = pd.DataFrame(view.table(kind))
    table = table.drop(columns=[c for c in table.columns if c in _INTERNAL or (allowed is not None and c not in allowed)])
    first = [c for c in _FIRST.get(kind, []) if c in table]
    last = [c for c in _LAST if c in table and c not in first]
    middle = [c for c in table.columns if c not in first and c not in last and c != "row"]
    table = table[first + middle + last].reset_index(drop=True)
    if "location_source" in table:
        table["location_source"] = table["location_source"].astype(str)
    return whole_numbers(table)


def whole_numbers(table: pd.DataFrame) -> pd.DataFrame:
    """Counts and FCFA amounts read as floats (because of blanks) written as whole numbers."""
    out = table.copy()
    for column in out.columns:
        if column in ("latitude", "longitude") or not pd.api.types.is_float_dtype(out[column]):
            continue
        values = out[column].dropna()
        if len(values) and (values == values.round()).all():
            out[column] = out[column].astype("Int64")
    return out


def site_counts(view) -> pd.DataFrame:
    """Public view of the sites: how many per region, nothing else."""
    summary = region_summary(view)
    counts = summary[summary["sites"] > 0][["region", "sites", "cantonment_sites", "moc_camps"]]
    return counts.reset_index()


def csv_bytes(frame: pd.DataFrame, lang: str) -> bytes:
    """`frame` as CSV in UTF-8 with a byte-order mark (Excel then shows the accents), neutralised,
    every text cell quoted (a ';' or a line break inside one never splits it), numbers bare. In
    French ';' between cells and decimal commas, as a French Excel reads them; in English ',' and points.

    >>> frame = pd.DataFrame({"title": ["Projet;=cmd|' /C calc'!A0;"], "lon": [-0.04], "n": [3]})
    >>> print(csv_bytes(frame, "en").decode("utf-8-sig"))
    "title","lon","n"
    "Projet;'=cmd|' /C calc'!A0;",-0.04,3
    <BLANKLINE>
    >>> print(csv_bytes(frame, "fr").decode("utf-8-sig"))
    "title";"lon";"n"
    "Projet;'=cmd|' /C calc'!A0;";-0,04;3
    <BLANKLINE>
    """
    french = i18n.language(lang) == "fr"
    sep = ";" if french else ","
    clean = neutralise(frame)
    lines = [sep.join(_csv_cell(c, french) for c in clean.columns)]
    lines += [sep.join(_csv_cell(v, french) for v in row) for row in clean.itertuples(index=False, name=None)]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def _csv_cell(value, french: bool) -> str:
    """One CSV cell: text quoted (its quotes doubled), a number bare (a decimal comma in French, never
    an exponent), a blank empty."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        return '"' + str(value).replace('"', '""') + '"'
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    text = np.format_float_positional(float(value), trim="-")
    return text.replace(".", ",") if french else text


def neutralise(frame: pd.DataFrame, within_cells: bool = True) -> pd.DataFrame:
    """Text cells (and headers) a spreadsheet would run as a formula get an apostrophe, so it shows
    them as text: before a leading = + - @ tab or CR, and (`within_cells`, for CSV) before a = + - @
    that starts a part of the cell after a ';', a ',', a tab or a line break. Numbers are left alone.

    >>> neutralise(pd.DataFrame({"a": ["=1+1", "Gao; -2", "Gao"], "b": [-3, 4, 5]})).to_dict("list")
    {'a': ["'=1+1", "Gao; '-2", 'Gao'], 'b': [-3, 4, 5]}
    """
    out = frame.copy()
    out.columns = [neutral(c, within_cells) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: neutral(v, within_cells))
    return out


def neutral(value, within_cells: bool = True):
    """One cell as neutralise writes it (anything but text as it is).

    >>> neutral("Projet;=cmd"), neutral("Projet;=cmd", within_cells=False), neutral("\\tx"), neutral(-2)
    ("Projet;'=cmd", 'Projet;=cmd', "'\\tx", -2)
    """
    if not isinstance(value, str):
        return value
    if within_cells:
        value = _FORMULA_IN_CELL.sub(r"\1\2'", value)
    return "'" + value if value.startswith(FORMULA_START) else value


def about_table(view, filters, lang: str, public: bool) -> pd.DataFrame:
    lines = [t("export.app", lang), describe_filters(filters, lang, view.cercles), date_line(view, lang),
             source_line(view, lang),
             missing_regions_line(view, lang) or "", t("export.totals_note", lang),
             t("export.public_note", lang) if public else ""]
    return pd.DataFrame({t("export.sheet_about", lang): [line for line in lines if line]})


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """A workbook with one sheet per table: neutralised text, bold frozen header, readable widths."""
    from openpyxl.styles import Font

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            clean = neutralise(frame, within_cells=False)   # a cell of a workbook is one cell
            for column in clean.columns:
                if clean[column].dtype == object:
                    clean[column] = clean[column].map(
                        lambda v: _ILLEGAL_XML.sub("", v) if isinstance(v, str) else v)
            sheet_name = name[:31]
            clean.to_excel(writer, sheet_name=sheet_name, index=False)
            sheet = writer.sheets[sheet_name]
            sheet.freeze_panes = "A2"
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for i, column in enumerate(clean.columns, start=1):
                longest = max([len(str(column))] + [len(str(v)) for v in clean[column].head(200)])
                sheet.column_dimensions[sheet.cell(1, i).column_letter].width = min(60, max(8, longest + 2))
    return buffer.getvalue()


def _json_cell(value):
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def geojson_bytes(view, kind: str | None, public: bool) -> bytes:
    """Records as Point features (RFC 7946, longitude/latitude), or region polygons. A record that
    is not located, or placed only by its region (`region_only` true: its latitude and longitude
    are left empty too), has a null geometry."""
    if kind == "regions":
        summary = region_summary(view)
        polygons = view.boundaries[["iso_code", "geometry"]].merge(
            summary.reset_index(), on="iso_code", how="left")
        # a region without records counts none of them; a figure no record gives stays null (0 is a claim)
        polygons[list(COUNTS)] = polygons[list(COUNTS)].fillna(0).astype(int)
        whole = [c for c in FIGURES if c in polygons and (polygons[c].dropna() % 1 == 0).all()]
        polygons[whole] = polygons[whole].astype("Int64")
        return polygons.to_json(drop_id=True, ensure_ascii=False).encode("utf-8")
    if kind in ("programme_totals", "events"):
        raise ValueError(f"{kind} have no coordinates; export them as csv or xlsx.")
    kinds = [kind] if kind else list(RECORD_KINDS)
    frames = []
    for k in kinds:
        if k == "sites" and public:
            continue
        table = export_table(view, k, public)
        table.insert(0, "kind", k)   # export_table never has one (the store's column is internal)
        frames.append(table)
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["kind"])
    # A record placed only by its region is kept with its region and no point: the region's
    # representative point is not its place (the maps count it in the shading, never draw it).
    region_only = placed_only_by_region(table).to_numpy(bool)
    table["region_only"] = region_only
    table.loc[region_only, [c for c in ("latitude", "longitude") if c in table]] = np.nan
    lon = pd.to_numeric(table.get("longitude"), errors="coerce").to_numpy(float) if len(table) else np.array([])
    lat = pd.to_numeric(table.get("latitude"), errors="coerce").to_numpy(float) if len(table) else np.array([])
    geometry = np.full(len(table), None, dtype=object)
    located = ~(np.isnan(lon) | np.isnan(lat))
    geometry[located] = shapely.points(lon[located], lat[located])
    cells = table.astype(object).where(table.notna(), None)
    cells = cells.map(_json_cell)
    frame = gpd.GeoDataFrame(cells,
                             geometry=gpd.GeoSeries(geometry, crs=4326), crs=4326)
    return json.dumps(json.loads(frame.to_json(drop_id=True, na="null")), ensure_ascii=False).encode("utf-8")
