"""The row-by-row validator as it was before it was vectorised (commit 1f26bcf), kept ONLY as the
reference the equivalence test compares geo.read.validate with. Not used by the app."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from geo.messages import Message
from geo.read.headers import guess_kind, propose_mapping
from geo.read.parsing import ParseError, parse_coordinate, parse_date, parse_number, shown
from geo.read.tables import MAX_CELL_CHARS, RawTable

# What did not change is shared with the new validator: the report, Mali's extent, the earliest date.
from geo.read.validate import EARLIEST_DATE, MALI_BOUNDS, ValidationReport
from geo.regions import region_code
from geo.schema import SCHEMAS, SENSITIVE_KINDS
from geo.settings import public_mode


def validate_table(table: RawTable, kind: str | None = None, mapping: dict[str, str] | None = None,
                   boundaries=None, public: bool | None = None) -> ValidationReport:
    """Parse and check each row of `table` as records of `kind`.

    `mapping` is {source column: field}; proposed from headers and HXL tags when not given.
    `boundaries` (a GeoDataFrame from geo.read.boundaries) enables the inside-Mali and region checks.
    `public` (default: geo.settings.public_mode()) keeps site coordinates out of every message.
    """
    headers = list(table.frame.columns)
    kind = kind or guess_kind(headers)
    if kind not in SCHEMAS:
        raise ValueError(f"unknown kind '{kind}'; choose one of {', '.join(SCHEMAS)}")
    mapping = dict(mapping) if mapping is not None else propose_mapping(headers, kind, table.hxl_tags)
    fields = {f.name: f for f in SCHEMAS[kind]}
    report = ValidationReport(table.name, kind, mapping, len(table.frame), table.blank_rows,
                              pd.DataFrame(), notes=list(table.notes), unit=table.unit)
    report.hide_coordinates = kind in SENSITIVE_KINDS and (public_mode() if public is None else public)
    missing = [f.name for f in fields.values() if f.required and f.name not in mapping.values()]
    if missing:
        report.notes.append(Message("required_missing", fields=", ".join(missing)))

    records, reasons_by_index, seen = [], {}, {}
    extra_columns = [c for c in headers if c not in mapping]
    for index, (row_no, raw) in enumerate(zip(table.row_numbers, table.frame.itertuples(index=False, name=None))):
        cells = dict(zip(headers, raw))
        reasons: list[str] = [table.row_problems[row_no]] if row_no in table.row_problems else []
        warnings: list[str] = []
        record: dict = {"row": row_no}
        unreadable: set[str] = set()
        for column in headers:
            value = cells[column]
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                reasons.append(Message("cell_too_long", column=column, chars=len(value), limit=MAX_CELL_CHARS))
        for column, name in mapping.items():
            if name not in fields:
                continue
            value = cells.get(column)
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                continue
            try:
                record[name] = _parse_cell(value, fields[name].type)
            except ParseError as err:
                hidden = report.hide_coordinates and fields[name].type in {"lat", "lon"}
                problem = Message("where_hidden") if hidden else err.args[0]
                reasons.append(Message("in_column", column=column, problem=problem))
                record[name] = None
                unreadable.add(name)
        for column in extra_columns:
            value = cells[column]
            if not (isinstance(value, str) and len(value) > MAX_CELL_CHARS):
                record.setdefault(column, value)
        if not record.get("source_doc"):
            record["source_doc"] = table.name
        for name, f in fields.items():
            record.setdefault(name, None)
            if f.required and (record[name] is None or str(record[name]).strip() == ""):
                col = _column_for(mapping, name)
                reasons.append(Message("field_empty", column=col, field=name) if col else Message("no_column", field=name))
        _check_record(record, kind, mapping, reasons, warnings, report.hide_coordinates, unreadable)
        key = tuple(str(cells[c]).strip().lower() for c in headers)
        if key in seen and not reasons:
            reasons.append(Message("duplicate", unit=Message(f"unit_{table.unit}"), row=seen[key]))
        seen.setdefault(key, row_no)
        for message in warnings:
            report.warnings.append({"row": row_no, "message": message})
        if reasons:
            reasons_by_index[index] = reasons
            report.rejected.append({"row": row_no, "reasons": reasons})
        else:
            records.append(record)

    accepted = pd.DataFrame(records)
    if not accepted.empty:
        accepted = _check_locations(accepted, report, boundaries)
    report.accepted = accepted.reset_index(drop=True)
    report.rejected.sort(key=lambda r: r["row"])
    report.warnings.sort(key=lambda w: w["row"])
    return report


def _column_for(mapping, name):
    return next((c for c, f in mapping.items() if f == name), None)


def _parse_cell(value, kind: str):
    if kind == "text":
        if value is None:
            return None
        text = str(value).strip()
        return None if text.lower() in {"", "nan", "none"} else text
    if kind in {"count", "money"}:
        number = parse_number(value)
        if number is not None and kind == "count" and number != int(number):
            raise ParseError(Message("not_whole", value=shown(value)))
        return number
    if kind == "date":
        return parse_date(value)
    if kind in {"lat", "lon"}:
        return parse_coordinate(value)
    if kind == "region":
        if value is None or str(value).strip() == "" or str(value).lower() == "nan":
            return None
        return str(value).strip()
    raise ValueError(kind)


def _where(lat, lon, hide: bool) -> str:
    """Coordinates as quoted in a message; hidden for sensitive sites in public mode."""
    if hide:
        return Message("where_hidden")
    return Message("where_coordinates", lat=_deg(lat), lon=_deg(lon))


def _deg(value) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _check_record(record: dict, kind: str, mapping, reasons: list[str], warnings: list[str],
                  hide: bool = False, unreadable: set[str] = frozenset()) -> None:
    """Range and consistency checks; `unreadable` fields already have their reason."""
    fields = {f.name: f for f in SCHEMAS[kind]}
    for name, f in fields.items():
        value = record.get(name)
        col = _column_for(mapping, name) or name
        if f.type in {"count", "money"} and value is not None and value < 0:
            reasons.append(Message("negative", column=col, field=name, value=value))
        if f.type == "date" and value is not None:
            if value > dt.date.today():
                warnings.append(Message("future_date", column=col, date=value.isoformat()))
            elif value < EARLIEST_DATE:
                reasons.append(Message("early_date", column=col, date=value.isoformat(), year=EARLIEST_DATE.year))
    region = record.get("region")
    if region and region_code(region) is None:
        warnings.append(Message("unknown_region", column=_column_for(mapping, "region"), region=shown(region)))
    lat, lon = record.get("latitude"), record.get("longitude")
    if (lat is None) != (lon is None):
        if not unreadable & {"latitude", "longitude"}:
            reasons.append(Message("one_coordinate"))
    elif lat is not None:
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            reasons.append(Message("invalid_coordinates", where=_where(lat, lon, hide)))
        elif _in_bounds(lon=lat, lat=lon) and not _in_bounds(lon=lon, lat=lat):
            reasons.append(Message("swapped", where=_where(lat, lon, hide)))
        elif not _in_bounds(lon=lon, lat=lat):
            reasons.append(Message("outside_mali", where=_where(lat, lon, hide)))
    if kind == "cvr_projects":
        women, benef = record.get("women"), record.get("beneficiaries")
        if women is not None and benef is not None and 0 <= benef < women:
            warnings.append(Message("women_exceed", women=women, beneficiaries=benef))
    if kind == "trainings":
        men, women, total = record.get("men"), record.get("women"), record.get("total")
        if None not in (men, women, total) and min(men, women, total) >= 0 and men + women != total:
            warnings.append(Message("sex_total", men=men, women=women, total=total))
        start, end = record.get("date_start"), record.get("date_end")
        if start and end and end < start:
            reasons.append(Message("end_before_start", end=end.isoformat(), start=start.isoformat()))


def _in_bounds(lon, lat) -> bool:
    x0, y0, x1, y1 = MALI_BOUNDS
    return x0 <= lon <= x1 and y0 <= lat <= y1


def _check_locations(accepted: pd.DataFrame, report: ValidationReport, boundaries) -> pd.DataFrame:
    """Vectorised: points outside the Mali polygons are rejected; a point in another region warns."""
    if boundaries is None or "latitude" not in accepted:
        return accepted
    from geo.read.boundaries import points_in_regions

    has_xy = accepted["latitude"].notna() & accepted["longitude"].notna()
    if not has_xy.any():
        return accepted
    joined = points_in_regions(accepted.loc[has_xy, "longitude"].astype(float),
                               accepted.loc[has_xy, "latitude"].astype(float), boundaries)
    drop, hide = [], report.hide_coordinates
    for index, code in joined.items():
        row = accepted.at[index, "row"]
        lat, lon = accepted.at[index, "latitude"], accepted.at[index, "longitude"]
        if code is None:
            report.rejected.append({"row": int(row), "reasons": [Message("outside_mali", where=_where(lat, lon, hide))]})
            drop.append(index)
            continue
        named = region_code(accepted.at[index, "region"]) if "region" in accepted else None
        if named and not _same_region(named, code, boundaries):
            from geo.regions import region_name
            report.warnings.append({"row": int(row), "message": Message(
                "other_region", where=_where(lat, lon, hide), found=region_name(code) or code,
                named=accepted.at[index, "region"])})
    return accepted.drop(index=drop)


def _same_region(named: str, found: str, boundaries) -> bool:
    """Ménaka and Taoudénit lie inside Gao and Tombouctou on boundary sets that predate them."""
    if named == found:
        return True
    codes = set(boundaries["iso_code"].dropna())
    parent = {"ML-9": "ML-7", "ML-10": "ML-6"}.get(named)
    return named not in codes and parent == found


__all__ = ["validate_table"]
