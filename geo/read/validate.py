"""Validation of partner records: every row read is accepted or rejected with reasons.

>>> sheet = "Intitulé du projet;Région\\nRoute rurale;Gao\\n;Kidal\\n".encode()
>>> report = validate_file(sheet, name="partenaire.csv")
>>> report.rows_in, report.accepted_count, [r["row"] for r in report.rejected]
(2, 1, [3])
"""
from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo.messages import Message, in_language
from geo.read.headers import guess_kind, propose_mapping, unused_columns
from geo.read.parsing import ParseError, date_precision, parse_coordinate, parse_date, parse_number, shown
from geo.read.tables import MAX_CELL_CHARS, RawTable, read_table, repeats
from geo.regions import region_code
from geo.schema import CODED_FIELDS, DATE_COLUMNS, SCHEMAS, SENSITIVE_KINDS
from geo.settings import public_mode
from geo.text import fold

# Mali's extent in decimal degrees (ISO country bounds, rounded outward); the exact test uses the
# boundary polygons when they are available.
MALI_BOUNDS = (-12.3, 10.1, 4.3, 25.1)  # min lon, min lat, max lon, max lat
EARLIEST_DATE = dt.date(1990, 1, 1)


@dataclass
class ValidationReport:
    file: str
    kind: str
    mapping: dict[str, str]
    rows_in: int
    blank_rows: int
    accepted: pd.DataFrame
    rejected: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unit: str = "row"
    hide_coordinates: bool = False   # sites in public mode: messages and downloads carry no coordinate
    unmapped: list[str] = field(default_factory=list)   # columns the dashboard does not use

    @property
    def accepted_count(self) -> int:
        return len(self.accepted)

    def to_dict(self) -> dict:
        return {
            "file": self.file, "kind": self.kind, "mapping": self.mapping,
            "rows_in": self.rows_in, "blank_rows": self.blank_rows, "accepted": self.accepted_count,
            "rejected": self.rejected, "warnings": self.warnings, "notes": self.notes,
        }

    def rejected_frame(self, table: RawTable, lang: str = "en") -> pd.DataFrame:
        """The rejected rows as read, with their row number and reasons (in `lang`), for download.

        Columns mapped to latitude/longitude are emptied when the report hides coordinates.
        """
        by_row = {r["row"]: "; ".join(in_language(x, lang) for x in r["reasons"]) for r in self.rejected}
        keep = [i for i, n in enumerate(table.row_numbers) if n in by_row]
        out = table.frame.iloc[keep].copy()
        if self.hide_coordinates:
            for column in out.columns:
                if self.mapping.get(column) in {"latitude", "longitude"} or fold(str(column)) in {"latitude", "longitude"}:
                    out[column] = None
        out.insert(0, "reasons", [by_row[table.row_numbers[i]] for i in keep])
        out.insert(0, self.unit, [table.row_numbers[i] for i in keep])
        return out


def validate_file(path, kind: str | None = None, boundaries=None, name: str | None = None,
                  public: bool | None = None) -> ValidationReport:
    """Read and validate a partner file (raises ReadError when it cannot be read at all)."""
    return validate_table(read_table(path, name=name), kind=kind, boundaries=boundaries, public=public)


def validate_table(table: RawTable, kind: str | None = None, mapping: dict[str, str] | None = None,
                   boundaries=None, public: bool | None = None, progress=None) -> ValidationReport:
    """Parse and check each row of `table` as records of `kind`, column by column.

    `mapping` is {source column: field}; proposed from headers and HXL tags when not given.
    `boundaries` (a GeoDataFrame from geo.read.boundaries) enables the inside-Mali and region checks.
    `public` (default: geo.settings.public_mode()) keeps site coordinates out of every message.
    `progress`, if given, is called as progress(rows_done, rows_total) a few times (per column).

    Every row's reasons and warnings come in the order the checks are listed here; parsing is done
    once per distinct value where values repeat (regions, places, dates) and by whole columns where
    they do not (amounts, coordinates).
    """
    headers = list(table.frame.columns)
    kind = kind or guess_kind(headers)
    if kind not in SCHEMAS:
        raise ValueError(f"unknown kind '{kind}'; choose one of {', '.join(SCHEMAS)}")
    mapping = dict(mapping) if mapping is not None else propose_mapping(headers, kind, table.hxl_tags)
    fields = {f.name: f for f in SCHEMAS[kind]}
    report = ValidationReport(table.name, kind, mapping, len(table.frame), table.blank_rows,
                              pd.DataFrame(), notes=list(table.notes), unit=table.unit,
                              unmapped=unused_columns(headers, kind, mapping))
    hide = report.hide_coordinates = kind in SENSITIVE_KINDS and (public_mode() if public is None else public)
    missing = [f.name for f in fields.values() if f.required and f.name not in mapping.values()]
    if missing:
        report.notes.append(Message("required_missing", fields=", ".join(missing)))

    frame, n = table.frame, len(table.frame)
    rows = np.asarray(table.row_numbers, dtype=np.int64)
    reasons, warnings = _Notes(), _Notes()
    steps = len(headers) + len(mapping) + 2

    def step(done: int) -> None:
        if progress is not None:
            progress(min(n, n * done // steps), n)

    # 1. a row the reader could not trust as read (wider than its header, swallowed by a quote...)
    position = {int(r): i for i, r in enumerate(rows)} if table.row_problems else {}
    for row_no, problem in sorted(table.row_problems.items()):
        if row_no in position:
            reasons.add(position[row_no], problem)
    # Each column as Arrow text once (None for a workbook's numbers and dates): lengths, parsing and
    # the repeated-row keys all read it.
    arrow = {column: _arrow_strings(frame[column].to_numpy(dtype=object)) for column in headers}
    # 2. cells too long to be data, in header order
    too_long = {}
    for done, column in enumerate(headers, start=1):
        lengths = _text_lengths(frame[column], arrow[column])
        too_long[column] = lengths > MAX_CELL_CHARS
        for pos in np.flatnonzero(too_long[column]):
            reasons.add(pos, Message("cell_too_long", column=column, chars=int(lengths[pos]), limit=MAX_CELL_CHARS))
        step(done)
    # the repeated-row keys while every column is at hand in Arrow (their reasons come last, in 6.);
    # then each column's Arrow text is let go once read (a million rows' text is some 200 MB)
    hashes = _row_keys(frame, arrow)
    for column in headers:
        if mapping.get(column) not in fields:
            del arrow[column]
    # 3. the mapped columns, parsed to their field's type
    values: dict[str, np.ndarray] = {}
    unreadable: dict[str, np.ndarray] = {}
    for done, (column, name) in enumerate(mapping.items(), start=len(headers) + 1):
        if name not in fields:
            continue
        parsed, errors = parse_column(frame[column], fields[name].type, skip=too_long[column], strings=arrow.pop(column))
        values[name] = parsed
        unreadable[name] = np.zeros(n, dtype=bool)
        hidden = hide and fields[name].type in {"lat", "lon"}
        said: dict[int, Message] = {}     # one message per problem (one per distinct value of the column)
        for pos, problem in errors.items():
            if id(problem) not in said:
                said[id(problem)] = Message("in_column", column=column,
                                            problem=Message("where_hidden") if hidden else problem)
            reasons.add(pos, said[id(problem)])
            unreadable[name][pos] = True
        step(done)
    pa.default_memory_pool().release_unused()   # the columns' Arrow text, let go above
    extra_columns = [c for c in headers if c not in mapping]
    for column in extra_columns:   # an unmapped column named like a field stands for it, as read
        if column in fields and column not in values:
            values[column] = np.where(too_long[column], None, frame[column].to_numpy(dtype=object))
    for name in fields:
        values.setdefault(name, np.full(n, None, dtype=object))
    for name in fields.keys() & CODED_FIELDS.keys():   # 'Formation', 'Camp du MOC': their codes
        values[name] = _per_distinct(values[name], _coded(name))
    # 4. required fields
    for name, f in fields.items():
        if f.required:
            empty = _is_empty(values[name])
            col = _column_for(mapping, name)
            message = Message("field_empty", column=col, field=name) if col else Message("no_column", field=name)
            for pos in np.flatnonzero(empty):
                reasons.add(pos, message)
    # 5. ranges and consistency
    _check_columns(values, kind, mapping, reasons, warnings, hide, unreadable)
    # 6. a row repeated from an earlier one (the first is kept; the repeat is rejected if nothing else is)
    repeated = np.zeros(n, dtype=bool) if hashes is None else pd.Series(hashes).duplicated(keep="first").to_numpy()
    if repeated.any():
        first_row = pd.Series(rows).groupby(hashes).transform("first").to_numpy()
        unit = Message(f"unit_{table.unit}")
        for pos in np.flatnonzero(repeated):
            if not reasons.has(pos):
                reasons.add(pos, Message("duplicate", unit=unit, row=int(first_row[pos])))
    step(steps - 1)

    keep = np.ones(n, dtype=bool)
    keep[reasons.positions()] = False
    accepted_pos = np.flatnonzero(keep)
    accepted = _accepted_frame(table, mapping, fields, values, extra_columns, accepted_pos)
    # a month or a year given for the record's date keeps that precision ("août 2017" is not 1 August)
    first_date = next(iter(DATE_COLUMNS.get(kind, ())), None)
    date_column = _column_for(mapping, first_date) if first_date else None
    if date_column is not None and not accepted.empty:
        precision = _per_distinct(frame[date_column].to_numpy(dtype=object)[accepted_pos], date_precision)
        if np.isin(precision, ["month", "year"]).any():
            accepted["date_precision"] = precision
    row_of = rows.tolist()
    report.rejected = [{"row": row_of[pos], "reasons": said} for pos, said in reasons.items()]
    report.warnings = [{"row": row_of[pos], "message": m} for pos, said in warnings.items() for m in said]
    if not accepted.empty:
        accepted = _check_locations(accepted, report, boundaries)
    accepted.index = pd.RangeIndex(len(accepted))   # our own frame: renumbered in place, not copied
    report.accepted = accepted
    report.rejected.sort(key=lambda r: r["row"])
    report.warnings.sort(key=lambda w: w["row"])
    step(steps)
    pa.default_memory_pool().release_unused()   # Arrow's allocator keeps what it freed: 200 MB at 300k rows
    return report


def _coded(name: str):
    """For a field of geo.schema.CODED_FIELDS: a function giving the code for a cell that writes the
    code or its label in either language ('Formation', 'awareness', 'Camp du MOC'), and any other
    cell as it is."""
    from geo.i18n import LANGUAGES, t

    prefix, codes = CODED_FIELDS[name]
    known = {fold(code): code for code in codes} | {fold(t(f"{prefix}.{code}", lang)): code
                                                     for code in codes for lang in LANGUAGES}
    return lambda value: known.get(fold(value), value) if isinstance(value, str) else value


def _row_keys(frame: pd.DataFrame, arrow: dict | None = None) -> np.ndarray | None:
    """A hash of each row's cells as a reader compares them (str, trimmed, any case), computed once
    per distinct cell of each column; None when no row can repeat another: a column whose cells all
    differ so compared (a sheet's code or title per row, the usual case) ends the work there.
    `arrow`: the columns already as Arrow text, if at hand."""
    codes = {}
    for i, column in enumerate(frame.columns):
        strings = arrow[column] if arrow is not None else _arrow_strings(frame[column].to_numpy(dtype=object))
        if strings is not None:   # trimmed, encoded and lower-cased in Arrow, on distinct values
            encoded = pc.dictionary_encode(pc.fill_null(pc.utf8_trim(strings, characters=_WHITESPACE), "None"))
            raw = encoded.indices.to_numpy(zero_copy_only=False)
            normal = pc.dictionary_encode(_lower(encoded.dictionary)).indices.to_numpy(zero_copy_only=False)
        else:
            raw, uniques = pd.factorize(frame[column], use_na_sentinel=False)
            normal, _ = pd.factorize(pd.Series([str(u).strip().lower() for u in uniques], dtype=object))
        if len(normal) and normal.max() + 1 == len(frame):   # every row differs in this column
            return None
        codes[i] = normal[raw] if len(raw) else raw
    return pd.util.hash_pandas_object(pd.DataFrame(codes, index=frame.index), index=False).to_numpy()


def _lower(strings):
    """Python's str.lower() of Arrow text: Arrow's for Latin-1 (French and the other languages of
    Mali's partners: the two agree on each of its letters), Python's itself for the rest (they
    differ on a few letters, like the dotted capital I)."""
    lowered = pc.utf8_lower(strings)
    other = pc.fill_null(pc.match_substring_regex(strings, r"[^\x{00}-\x{FF}]"), False).to_numpy(zero_copy_only=False)
    if not other.any():
        return lowered
    texts = [text.lower() for text in strings.take(pa.array(np.flatnonzero(other))).to_pylist()]
    return pc.replace_with_mask(lowered, pa.array(other), pa.array(texts, type=pa.string()))


class _Notes:
    """Messages per row position, in the order they were added."""

    def __init__(self):
        self._by_position: dict[int, list] = {}

    def add(self, pos, message) -> None:
        self._by_position.setdefault(int(pos), []).append(message)

    def has(self, pos) -> bool:
        return int(pos) in self._by_position

    def of(self, pos) -> list:
        return self._by_position[int(pos)]

    def positions(self) -> list[int]:
        return sorted(self._by_position)

    def items(self) -> list[tuple[int, list]]:
        """(position, its messages) in the order of the positions."""
        return sorted(self._by_position.items())


def _text_lengths(column: pd.Series, strings=None) -> np.ndarray:
    """Characters of each text cell (0 for anything that is not text); `strings`: the column as
    Arrow text, if at hand."""
    if column.dtype != object:
        return np.zeros(len(column), dtype=np.int64)
    if strings is None:
        strings = _arrow_strings(column.to_numpy(dtype=object))
    if strings is not None:
        return pc.fill_null(pc.utf8_length(strings), 0).to_numpy(zero_copy_only=False).astype(np.int64)
    try:
        return column.str.len().fillna(0).to_numpy(dtype=np.int64)
    except AttributeError:   # no text at all in the column (numbers read from a workbook)
        return np.zeros(len(column), dtype=np.int64)


# Python's whitespace (what str.strip() removes), for Arrow's trim.
_WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())


def _arrow_strings(values: np.ndarray):
    """The cells as an Arrow string array (None as null) when every cell is text or empty, the usual
    CSV case; None otherwise (a workbook's numbers and dates go the careful way)."""
    try:
        return pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None


def _is_empty(values: np.ndarray) -> np.ndarray:
    """None, or text of nothing but spaces (whole column in Arrow when it is all text)."""
    empty = _is_none(values)
    rest = np.flatnonzero(~empty)
    strings = _arrow_strings(values[rest]) if len(rest) else None
    if strings is not None:
        empty[rest] = pc.equal(pc.utf8_trim(strings, characters=_WHITESPACE), "").to_numpy(zero_copy_only=False)
    else:
        empty[rest] = [str(v).strip() == "" for v in values[rest]]
    return empty


# A number partners write plainly, which pandas reads as Python would: digits with at most one dot,
# except three digits after a dot with one to three before it ("1.755"), which are thousands here.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+|\d+\.\d+)")
_THOUSANDS_DOT = re.compile(r"[+-]?(?!0\.)\d{1,3}\.\d{3}")
_PLAIN_COORDINATE = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_DOT_GROUPED = re.compile(r"[+-]?(?!0\.)\d{1,3}(?:\.\d{3})+")
_CURRENCY_AT_END = r"(?i)\s*(?:f\s?cfa|cfa|xof)$"
_GROUPING_SPACES = r"[\s\u00a0\u202f']"


def parse_column(column: pd.Series, kind: str, skip: np.ndarray | None = None, strings=None) -> tuple[np.ndarray, dict]:
    """A column's values parsed as `kind` (text, region, count, money, date, lat, lon): an object
    array (None where empty or unreadable) and {position: Message} of the cells that cannot be read.
    Cells marked in `skip` are not read (None, no message). `strings`: the column as Arrow text, if
    at hand. The same answers as _parse_cell, cell by cell: the plain cases by whole column, every
    other one once per distinct value."""
    raw = column.to_numpy(dtype=object)
    n = len(raw)
    out = np.full(n, None, dtype=object)
    places = np.flatnonzero(np.ones(n, dtype=bool) if skip is None else ~np.asarray(skip, dtype=bool))
    if not len(places):
        return out, {}
    if strings is None:
        strings = _arrow_strings(raw[places])
    elif len(places) < n:
        strings = strings.take(pa.array(places))
    if strings is not None and kind in {"text", "count", "money", "lat", "lon"}:
        done, errors = _parse_strings(strings, kind, places, out, raw[places])
        if done.all():
            return out, errors
        places = places[~done]
    else:
        errors = {}
    codes, uniques = pd.factorize(pd.Series(raw[places], dtype=object), use_na_sentinel=True)
    distinct = pd.Series(uniques, dtype=object)
    answers = np.full(len(distinct) + 1, None, dtype=object)     # the last one: an empty cell
    problems = np.full(len(distinct) + 1, None, dtype=object)
    slow = np.ones(len(distinct), dtype=bool)
    if kind in {"count", "money", "lat", "lon"} and len(distinct):
        fast, text = _plain_numbers(distinct, kind)
        numbers = pd.to_numeric(text[fast], errors="coerce").to_numpy(dtype=float)
        good = np.isfinite(numbers)
        if kind == "count":
            good &= numbers == np.floor(numbers)
        which = np.flatnonzero(fast)[good]
        answers[which] = numbers[good].astype(object)
        slow[which] = False
    for i in np.flatnonzero(slow):
        try:
            answers[i] = _parse_cell(distinct.iat[i], kind)
        except ParseError as err:
            problems[i] = err.args[0]
    pick = np.where(codes < 0, len(distinct), codes)
    out[places] = answers[pick]
    failed = problems[pick]
    return out, errors | {int(places[i]): failed[i] for i in np.flatnonzero(failed != None)}  # noqa: E711


# Patterns in Arrow's regular expressions (RE2), anchored: a plain number; whole numbers grouped by
# dots ("57.257.750", not "0.123"); a coordinate with a point or a comma.
_RE2_PLAIN = r"^[+-]?\d+(?:\.\d+)?$"
_RE2_GROUPED = r"^[+-]?(?:[1-9]\d{0,2}|0\d{1,2})(?:\.\d{3})+$"
_RE2_COORDINATE = r"^[+-]?\d+(?:[.,]\d+)?$"
_RE2_CURRENCY = r"(?i)\s*(?:f\s?cfa|cfa|xof)$"
# "", "nan" and "none" in any case of their ASCII letters (what ascii_lower would make of them)
_EMPTY_TEXTS = pa.array(sorted({"".join(letters) for word in ("", "nan", "none")
                                for letters in itertools.product(*[(c, c.upper()) for c in word])}))


def _parse_strings(strings, kind: str, places: np.ndarray, out: np.ndarray,
                   cells: np.ndarray) -> tuple[np.ndarray, dict]:
    """The whole-column path for text cells (Arrow): text trimmed (a cell keeps its own string when
    trimming leaves it as it was), the emptiness words decided at once; numbers and coordinates
    written plainly parsed at once, once per distinct text where texts repeat. Fills `out` at
    `places` (their cells: `cells`) and returns which cells it settled (the others go the careful
    way) and no errors (a cell that would fail is left to the careful parser, which says why)."""
    trimmed = pc.utf8_trim(strings, characters=_WHITESPACE)
    if kind == "text":   # each cell's own string where trimming left it as it was
        values = cells.copy()
        changed = np.flatnonzero(~pc.fill_null(pc.equal(trimmed, strings), True).to_numpy(zero_copy_only=False))
        values[changed] = trimmed.take(pa.array(changed)).to_numpy(zero_copy_only=False)
        values[strings.is_null().to_numpy(zero_copy_only=False)] = None
        values[pc.is_in(trimmed, value_set=_EMPTY_TEXTS).to_numpy(zero_copy_only=False)] = None   # "nan", " NONE "
        out[places] = values
        return np.ones(len(places), dtype=bool), {}
    # amounts and counts once per distinct text when texts repeat (counts of people do: a sample of
    # a thousand shows a few repeats where a column holds under about 50,000 distinct values);
    # coordinates rarely repeat but where they are blank, and a blank cell costs little
    encoded = pc.dictionary_encode(trimmed) if kind in {"count", "money"} and repeats(trimmed, 0.99) else None
    if encoded is not None and len(encoded.dictionary) <= len(trimmed) // 4:
        settled, numbers, empty = _plain_numbers_arrow(encoded.dictionary, kind)
        codes = pc.fill_null(encoded.indices, len(encoded.dictionary)).to_numpy(zero_copy_only=False)
        settled, empty = np.append(settled, False)[codes], np.append(empty, True)[codes]   # null: empty
        numbers = np.append(numbers, np.nan)[codes]
    else:
        settled, numbers, empty = _plain_numbers_arrow(trimmed, kind)
    which = np.flatnonzero(settled)
    out[places[which]] = numbers[which].astype(object)
    return settled | empty, {}


def _plain_numbers_arrow(trimmed, kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For trimmed Arrow text: which cells are numbers written plainly (read), those numbers (NaN
    elsewhere), and which cells are empty or null with no number (None)."""
    if kind in {"lat", "lon"}:
        plain = pc.fill_null(pc.match_substring_regex(trimmed, _RE2_COORDINATE), False)
        text = pc.replace_substring(trimmed, ",", ".")
    else:   # currency and grouping spaces taken away where there is more than digits and a point
        simple = pc.fill_null(pc.match_substring_regex(trimmed, _RE2_PLAIN), True)
        bare = pc.replace_substring_regex(pc.replace_substring_regex(pc.if_else(simple, None, trimmed), _RE2_CURRENCY, ""),
                                          "[ \t\u00a0\u202f']", "")
        bare = pc.if_else(simple, trimmed, bare)
        grouped = pc.fill_null(pc.match_substring_regex(bare, _RE2_GROUPED), False)
        plain = pc.or_(grouped, pc.fill_null(pc.match_substring_regex(bare, _RE2_PLAIN), False))
        text = pc.if_else(grouped, pc.replace_substring(bare, ".", ""), bare)
    fast = plain.to_numpy(zero_copy_only=False)
    numbers = np.full(len(trimmed), np.nan)
    if fast.any():
        numbers[fast] = pc.cast(pc.filter(text, plain), pa.float64()).to_numpy(zero_copy_only=False)
    settled = fast & np.isfinite(numbers)
    if kind == "count":
        settled &= numbers == np.floor(numbers)
    empty = pc.fill_null(pc.equal(trimmed, ""), True).to_numpy(zero_copy_only=False) & ~fast   # no number: None
    return settled, numbers, empty


def _plain_numbers(column: pd.Series, kind: str) -> tuple[np.ndarray, pd.Series]:
    """Cells whose number pandas reads exactly as parse_number / parse_coordinate would, and their
    text made plain for it: digits with at most one decimal point, or (amounts and counts) whole
    numbers grouped by spaces or by dots ("56 564 000", "57.257.750 FCFA"), with the currency at the
    end. Anything else (words, "1,747", "3 millions") is left to the careful parser."""
    n = len(column)
    if column.dtype != object:
        numeric = pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype)
        return (column.notna().to_numpy() & numeric), column.astype(str)
    is_text = column.map(type).eq(str).to_numpy()
    text = pd.Series("", index=column.index, dtype=object)
    if not is_text.any():
        return np.zeros(n, dtype=bool), text
    cells = column[is_text].str.strip()
    if kind in {"lat", "lon"}:
        plain = cells.str.fullmatch(_PLAIN_COORDINATE.pattern)
        cleaned = cells.str.replace(",", ".", regex=False)
    else:
        bare = cells.str.replace(_CURRENCY_AT_END, "", regex=True).str.replace(_GROUPING_SPACES, "", regex=True)
        grouped = bare.str.fullmatch(_DOT_GROUPED.pattern)
        plain = (bare.str.fullmatch(_PLAIN_NUMBER.pattern) & ~bare.str.fullmatch(_THOUSANDS_DOT.pattern)) | grouped
        cleaned = bare.where(~grouped, bare.str.replace(".", "", regex=False))
    out = np.zeros(n, dtype=bool)
    out[is_text] = plain.fillna(False).to_numpy(dtype=bool)
    text[is_text] = cleaned
    return out, text


def _accepted_frame(table: RawTable, mapping, fields, values, extra_columns, positions) -> pd.DataFrame:
    """The accepted rows as records: row, the mapped fields, the other columns as read, the source
    document (the file's name unless a column gives it), then every field not mapped (empty)."""
    if not len(positions):
        return pd.DataFrame()
    columns = {"row": np.asarray(table.row_numbers, dtype=np.int64)[positions]}
    for name in mapping.values():
        if name in fields:
            columns[name] = values[name][positions]
    for column in extra_columns:
        if column not in columns:
            columns[column] = table.frame[column].to_numpy(dtype=object)[positions]
    source = columns.get("source_doc")
    columns["source_doc"] = (np.full(len(positions), table.name, dtype=object) if source is None else
                             np.where([bool(v) and v == v for v in source], source, table.name))
    for name in fields:
        if name not in columns:
            columns[name] = values[name][positions]
    return pd.DataFrame(columns).infer_objects()


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


def _floats(values: np.ndarray) -> np.ndarray:
    return pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").to_numpy(dtype=float)


def _parsed_floats(values: np.ndarray) -> np.ndarray:
    """_floats of a column parse_column read as numbers (Python floats and None): at C speed."""
    out = np.full(len(values), np.nan)
    some = ~_is_none(values)
    out[some] = values[some].astype(float)
    return out


def _per_distinct(values: np.ndarray, function) -> np.ndarray:
    """function(value) for each cell, computed once per distinct value (None stays None)."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    answers = np.array([function(u) for u in uniques] + [None], dtype=object)
    return answers[np.where(codes < 0, len(uniques), codes)]


def _check_columns(values: dict[str, np.ndarray], kind: str, mapping, reasons: _Notes, warnings: _Notes,
                   hide: bool, unreadable: dict[str, np.ndarray]) -> None:
    """Range and consistency checks on whole columns, in the order a reader expects them per row:
    negative counts and dates out of range (field by field), unknown region, coordinates (one
    missing, impossible, swapped, outside Mali), then the kind's own checks. Unreadable fields
    already have their reason."""
    fields = {f.name: f for f in SCHEMAS[kind]}
    today = dt.date.today()
    floats: dict[str, np.ndarray] = {}

    def number(name: str) -> np.ndarray:   # a field's values as floats (NaN where none), once
        if name not in floats:
            parsed = name in unreadable and fields[name].type in {"count", "money", "lat", "lon"}
            floats[name] = _parsed_floats(values[name]) if parsed else _floats(values[name])
        return floats[name]

    for name, f in fields.items():
        column, col = values[name], _column_for(mapping, name) or name
        if f.type in {"count", "money"}:
            for pos in np.flatnonzero(number(name) < 0):
                reasons.add(pos, Message("negative", column=col, field=name, value=column[pos]))
        if f.type == "date":
            state = _per_distinct(column, lambda d: "future" if d > today else "early" if d < EARLIEST_DATE else "")
            for pos in np.flatnonzero(state == "future"):
                warnings.add(pos, Message("future_date", column=col, date=column[pos].isoformat()))
            for pos in np.flatnonzero(state == "early"):
                reasons.add(pos, Message("early_date", column=col, date=column[pos].isoformat(),
                                         year=EARLIEST_DATE.year))
    region = values["region"]
    unknown = _per_distinct(region, lambda r: bool(r) and region_code(r) is None)
    for pos in np.flatnonzero(unknown == True):  # noqa: E712 - an object array of True, False and None
        warnings.add(pos, Message("unknown_region", column=_column_for(mapping, "region"), region=shown(region[pos])))
    lat_values, lon_values = values["latitude"], values["longitude"]
    lat, lon = number("latitude"), number("longitude")
    lat_none, lon_none = _is_none(lat_values), _is_none(lon_values)
    unreadable_xy = unreadable.get("latitude", False) | unreadable.get("longitude", False)
    for pos in np.flatnonzero((lat_none != lon_none) & ~unreadable_xy):
        reasons.add(pos, Message("one_coordinate"))
    both = ~lat_none & ~lon_none
    with np.errstate(invalid="ignore"):
        invalid = both & ~((lat >= -90) & (lat <= 90) & (lon >= -180) & (lon <= 180))
        swapped = both & ~invalid & _bounds(lon=lat, lat=lon) & ~_bounds(lon=lon, lat=lat)
        outside = both & ~invalid & ~swapped & ~_bounds(lon=lon, lat=lat)
    for mask, key in ((invalid, "invalid_coordinates"), (swapped, "swapped"), (outside, "outside_mali")):
        for pos in np.flatnonzero(mask):
            reasons.add(pos, Message(key, where=_where(lat_values[pos], lon_values[pos], hide)))
    if kind == "cvr_projects":
        women, benef = number("women"), number("beneficiaries")
        with np.errstate(invalid="ignore"):
            for pos in np.flatnonzero((benef >= 0) & (benef < women)):
                warnings.add(pos, Message("women_exceed", women=values["women"][pos], beneficiaries=values["beneficiaries"][pos]))
    if kind == "trainings":
        men, women, total = number("men"), number("women"), number("total")
        with np.errstate(invalid="ignore"):
            differs = (np.fmin(np.fmin(men, women), total) >= 0) & (men + women != total)
        for pos in np.flatnonzero(differs & ~np.isnan(men + women + total)):
            warnings.add(pos, Message("sex_total", men=values["men"][pos], women=values["women"][pos],
                                      total=values["total"][pos]))
        start, end = values["date_start"], values["date_end"]
        for pos in np.flatnonzero(np.array([bool(a) and bool(b) and b < a for a, b in zip(start, end, strict=True)],
                                           dtype=bool)):
            reasons.add(pos, Message("end_before_start", end=end[pos].isoformat(), start=start[pos].isoformat()))


def _is_none(values: np.ndarray) -> np.ndarray:
    return np.equal(values, None).astype(bool)


def _bounds(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    x0, y0, x1, y1 = MALI_BOUNDS
    with np.errstate(invalid="ignore"):
        return (x0 <= lon) & (lon <= x1) & (y0 <= lat) & (lat <= y1)


def _check_locations(accepted: pd.DataFrame, report: ValidationReport, boundaries) -> pd.DataFrame:
    """Points outside the Mali polygons are rejected; a point in another region than the one named
    warns (Ménaka and Taoudénit lie inside Gao and Tombouctou on boundary sets that predate them)."""
    if boundaries is None or "latitude" not in accepted:
        return accepted
    from geo.read.boundaries import points_in_regions
    from geo.regions import region_name

    has_xy = (accepted["latitude"].notna() & accepted["longitude"].notna()).to_numpy()
    if not has_xy.any():
        return accepted
    part = accepted[has_xy]
    found = points_in_regions(part["longitude"].astype(float), part["latitude"].astype(float), boundaries).to_numpy()
    named = (_per_distinct(part["region"].to_numpy(dtype=object), region_code) if "region" in part
             else np.full(len(part), None, dtype=object))
    codes = set(boundaries["iso_code"].dropna())
    hide, rows = report.hide_coordinates, part["row"].to_numpy()
    lat, lon = part["latitude"].to_numpy(dtype=object), part["longitude"].to_numpy(dtype=object)
    outside = np.array([code is None for code in found], dtype=bool)
    for i in np.flatnonzero(outside):
        report.rejected.append({"row": int(rows[i]), "reasons": [Message("outside_mali", where=_where(lat[i], lon[i], hide))]})
    for i in np.flatnonzero(~outside):
        if named[i] and not _same_region(named[i], found[i], codes):
            report.warnings.append({"row": int(rows[i]), "message": Message(
                "other_region", where=_where(lat[i], lon[i], hide), found=region_name(found[i]) or found[i],
                named=part["region"].iloc[i])})
    return accepted.drop(index=part.index[outside]) if outside.any() else accepted


def _same_region(named: str, found: str, codes: set) -> bool:
    """Ménaka and Taoudénit lie inside Gao and Tombouctou on boundary sets (`codes`) that predate them."""
    if named == found:
        return True
    parent = {"ML-9": "ML-7", "ML-10": "ML-6"}.get(named)
    return named not in codes and parent == found


__all__ = ["ValidationReport", "validate_file", "validate_table"]
