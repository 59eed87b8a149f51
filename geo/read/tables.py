"""Reading partner files into a table of raw cells, with the spreadsheet row number of each row.

Accepts CSV (UTF-8, UTF-8 with BOM, Windows-1252, UTF-16; comma, semicolon, tab or pipe), XLSX,
GeoJSON, GeoPackage and zipped shapefiles. Anything else, or anything hostile, raises ReadError
with one sentence for the user. Nothing here writes outside a temporary folder.

>>> from geo.paths import DATA_DIR
>>> table = read_table(DATA_DIR / "cvr_projects.csv")
>>> table.frame.columns[0], table.row_numbers[0]
('project_id', 2)
"""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import math
import os
import re
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from geo.messages import Message
from geo.read.headers import is_example_cell, is_hxl_row

MAX_FILE_BYTES = 50 * 1024 * 1024          # largest upload or file we read: 50 MB
# The operator's own file (`store submit`): a million rows of a 15-column Excel export are 156 MB
# (bench/partner_sheet.py; 95 MB for bench/bench_validate.py's 10 columns), MAX_CELLS still applies
COMMAND_LINE_MAX_BYTES = 320 * 1024 * 1024
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024   # declared size of all zip members together
MAX_ZIP_RATIO = 100                        # uncompressed / compressed, per member
MAX_ZIP_MEMBERS = 200
MAX_CELL_CHARS = 10_000                    # a longer cell rejects its row (checked in validate)
MAX_COLUMNS = 500                          # columns of a table (header), distinct properties of a GeoJSON
MAX_PROPERTIES = 500                       # properties of one GeoJSON feature
MAX_CELLS = 25_000_000                     # rows x columns of one table
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024  # an XLSX's members together, unpacked (sheets are XML)
TABLE_SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx", ".xlsm"}
SPATIAL_SUFFIXES = {".geojson", ".json", ".gpkg", ".zip", ".shp"}


class ReadError(Exception):
    """A file that cannot be read; str(err) is one sentence naming the file."""


@dataclass
class RawTable:
    """Cells as text (or native XLSX values), one row per non-blank data row."""
    name: str
    frame: pd.DataFrame
    row_numbers: list[int]
    blank_rows: int = 0
    hxl_tags: list[str] | None = None
    unit: str = "row"            # "row" for spreadsheets, "feature" for GeoJSON/GeoPackage/shapefile
    notes: list[str] = field(default_factory=list)
    # row number -> why the row cannot be trusted as read (e.g. more cells than the header has)
    row_problems: dict[int, str] = field(default_factory=dict)
    # what the dashboard's reporting template says of itself (geo.render.template: kind, lang,
    # organisation, period, corrects), read from the workbook's properties; None for any other file
    template: dict | None = None


def read_table(source, name: str | None = None, max_bytes: int | None = None) -> RawTable:
    """Read a path or (name, bytes) pair into a RawTable. Raises ReadError, among others for a file
    over `max_bytes` (MAX_FILE_BYTES unless given)."""
    data, name = _load_bytes(source, name, max_bytes)
    suffix = Path(name).suffix.lower()
    if not data.strip(b"\x00\r\n\t \xef\xbb\xbf\xff\xfe"):
        raise ReadError(Message("read_empty", name=name))
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(data, name)
    if suffix == ".xls":
        raise ReadError(Message("read_xls", name=name))
    if suffix in SPATIAL_SUFFIXES - {".json"} or (suffix == ".json" and data.lstrip()[:1] == b"{"):
        return read_spatial_table(data, name)
    text, other_encoding_from = _decode(data, name)
    del data   # the text from here on: a million rows' bytes are 156 MB
    return _read_csv(text, name, other_encoding_from)


def _load_bytes(source, name, max_bytes: int | None = None):
    max_bytes = MAX_FILE_BYTES if max_bytes is None else max_bytes
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    elif hasattr(source, "read"):
        data = source.read()
        name = name or getattr(source, "name", "upload")
    else:
        path = Path(source)
        name = name or path.name
        try:
            size = path.stat().st_size
        except OSError:
            raise ReadError(Message("read_not_found", name=name)) from None
        if size > max_bytes:
            raise ReadError(Message("read_too_big", name=name, size=f"{size / 1e6:.0f}", limit=max_bytes // 2**20))
        data = path.read_bytes()
    name = name or "upload"
    if len(data) > max_bytes:
        raise ReadError(Message("read_too_big", name=name, size=f"{len(data) / 1e6:.0f}", limit=max_bytes // 2**20))
    return data, name


def decode_text(data: bytes, name: str) -> str:
    """Decode by BOM, then UTF-8, then UTF-16 without BOM, then Windows-1252."""
    return _decode(data, name)[0]


def _decode(data: bytes, name: str) -> tuple[str, int | None]:
    """The text, and the line from which it had to be read in another encoding (a UTF-16 file
    with a UTF-8 tail, as when two exports are concatenated), or None."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        return _utf16_with_tail(data[2:], encoding)
    sample = data[:4000]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        even_nuls = sample[0::2].count(b"\x00")
        try:
            return _utf16_with_tail(data, "utf-16-be" if even_nuls > len(sample) // 4 else "utf-16-le", strict=True)
        except UnicodeDecodeError:
            raise ReadError(Message("read_binary", name=name)) from None
    if b"\x00" in sample:
        raise ReadError(Message("read_binary", name=name))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    controls = sum(1 for c in text[:4000] if ord(c) < 32 and c not in "\r\n\t")
    if controls > 20:
        raise ReadError(Message("read_binary", name=name))
    return text, None


_ASCII_BYTE = frozenset([9, 10, 13, *range(32, 127)])
_TAIL_RUN = 8   # characters in a row made of two ASCII bytes: single-byte text read as UTF-16


def _utf16_with_tail(data: bytes, encoding: str, strict: bool = False) -> tuple[str, int | None]:
    """UTF-16 text; where the bytes turn into single-byte text (each UTF-16 'character' made of two
    ASCII bytes, like 'ⱡ' for 'a,'), the rest is read as UTF-8 and its first line returned."""
    text = data[: len(data) - len(data) % 2].decode(encoding, errors="strict" if strict else "replace")
    run = 0
    for index, char in enumerate(text):
        code = ord(char)
        run = run + 1 if (code >> 8) in _ASCII_BYTE and (code & 0xFF) in _ASCII_BYTE and code > 0xFF else 0
        if run == _TAIL_RUN:
            start = index - _TAIL_RUN + 1
            head = text[:start]
            tail = data[2 * start:].decode("utf-8", errors="replace")
            lines = len(io.StringIO(head, newline="").readlines())
            return head + tail, max(1, lines + (1 if head.endswith(("\n", "\r")) else 0))
    if len(data) % 2:
        text += data[-1:].decode("latin-1")
    return text, None


def first_line(text: str) -> str:
    """The first line that is not blank (the header), found without splitting the whole text."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            return text[start:end]
        start = end + 1
    return ""


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header line into the most columns."""
    header = first_line(text)
    counts = {d: header.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(text: str, name: str, other_encoding_from: int | None = None) -> RawTable:
    """Rows as the csv module reads them, except that nothing is merged away silently: a quote
    that is never closed (which would read the following rows into one cell) gives back those
    rows, each rejected with the reason, and rows read in a second encoding (from the line
    `other_encoding_from`, as _decode tells) are rejected too."""
    delimiter = sniff_delimiter(text)
    # the limits, from the header line and the number of lines, before any row is parsed
    _check_extent(name, first_line(text).count(delimiter) + 1, text.count("\n") + 1)
    if other_encoding_from is None:
        plain = _read_plain_csv(text, delimiter, name)
        if plain is not None:
            return plain
    return _read_csv_rows(text, delimiter, name, other_encoding_from)


def _read_csv_rows(text: str, delimiter: str, name: str, other_encoding_from: int | None = None) -> RawTable:
    """The csv module's rows, one by one, through _from_rows (any text: quotes, cells over several
    lines, a second encoding from line `other_encoding_from`)."""
    csv.field_size_limit(MAX_FILE_BYTES)
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(iter(lines), delimiter=delimiter)
    rows: list[list] = []
    problems: dict[int, Message] = {}
    width, start = None, 0
    try:
        for record in reader:
            end = reader.line_num
            if width is not None and end - start > 1 and _swallows_rows(record, delimiter, width):
                opener = len(rows) + 1
                for line in lines[start:end]:
                    rows.append(next(csv.reader([line], delimiter=delimiter), []))
                    problems[len(rows)] = (Message("quote_never_closed", rows=end - start - 1) if len(rows) == opener
                                           else Message("quote_swallowed", row=opener))
            else:
                rows.append(record)
                if other_encoding_from is not None and end >= other_encoding_from:
                    problems[len(rows)] = Message("mixed_encoding", line=other_encoding_from)
            if width is None and any(cell.strip() for cell in record):
                width = len(record)
            start = end
    except csv.Error as err:
        raise ReadError(Message("read_csv", name=name, detail=str(err))) from None
    return _from_rows(rows, name, problems)


# Bytes a row may hold and still be blank: ASCII whitespace (what str.strip() removes); the delimiter
# is added per file.
_BLANK_BYTES = np.zeros(256, dtype=bool)
_BLANK_BYTES[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True


def _read_plain_csv(text: str, delimiter: str, name: str) -> RawTable | None:
    """The table that the csv module's rows give through _from_rows, read by Arrow's CSV parser: for
    text without NUL or lone carriage returns, where one line is one row (the usual export, and an
    Excel export whose quoted cells each end on their line). None for any other text (a quoted cell
    over several lines, a quote never closed: the csv module reads it row by row).

    What the csv module tells row by row is counted here on the bytes, line by line: how many cells
    a line has (cells it lacks are None, as _from_rows pads them) and whether it is blank. A line
    with a quotation mark in it is read by the csv module itself, that line alone.
    """
    if not text or "\x00" in text or text.count("\r") != text.count("\r\n"):   # a lone carriage return
        return None
    encoded = text.encode("utf-8")
    raw = np.frombuffer(encoded, dtype=np.uint8)
    ends = np.flatnonzero(raw == 10)
    starts = np.concatenate(([0], ends + 1))
    starts = starts[starts < len(raw)]
    bounds = np.append(starts, len(raw))
    lengths = np.diff(bounds)
    cells = _per_line(raw == ord(delimiter), bounds) + 1
    blankish = _BLANK_BYTES.copy()
    blankish[ord(delimiter)] = True
    quiet = _per_line(blankish[raw], bounds)
    wide = _per_line(raw >= 0x80, bounds)   # maybe Unicode spaces: those rows are asked cell by cell
    quotes = _per_line(raw == ord('"'), bounds)
    quoted = np.flatnonzero(quotes)
    del raw
    csv.field_size_limit(MAX_FILE_BYTES)
    # the lines with quotes, decoded at once; split again where they end (every carriage return here
    # comes before a line feed, so these are the lines themselves, their ends kept)
    lines = io.StringIO(b"".join([encoded[bounds[i]:bounds[i + 1]] for i in quoted]).decode("utf-8"), newline="")
    try:   # the csv module's cells of the lines with quotes, all in one reader: one record a line
        parsed = list(csv.reader(lines, delimiter=delimiter))
    except csv.Error:
        return None
    # a quoted cell running past its line joins lines into one record, or keeps a line end at the end
    joined = "\x00".join(itertools.chain.from_iterable(parsed))
    if len(parsed) != len(quoted) or "\r" in joined or "\n" in joined:
        return None
    del joined
    split = _split_lines(encoded, bounds, cells, quoted, delimiter)
    del encoded
    if split is None:
        return None
    cells_of, others, shared = split
    # a quoted delimiter splits no cell: the line has fewer; written by the lines of each width at once
    widths = np.fromiter(map(len, parsed), dtype=np.int64, count=len(parsed))
    cells[quoted] = widths
    for count in np.unique(widths[widths > 0]):
        which = np.flatnonzero(widths == count)
        block = np.empty((len(which), int(count)), dtype=object)
        block[:] = [parsed[k] for k in which]
        cells_of[quoted[which], : int(count)] = block
    records = dict(zip(quoted.tolist(), parsed))
    for j, known in shared.items():   # the other lines' texts as the one string Arrow's lines hold
        cells_of[others, j] = [known.get(v, v) for v in cells_of[others, j]]

    def row(i: int) -> list:
        return list(cells_of[i, : cells[i]])

    blank = quiet == lengths
    for i in np.flatnonzero(~blank & (quiet + wide == lengths)):
        blank[i] = _is_blank_row(row(i))
    for i in quoted[quiet[quoted] + wide[quoted] + quotes[quoted] == lengths[quoted]]:   # nothing but quotes, spaces
        blank[i] = _is_blank_row(records[i])
    filled = np.flatnonzero(~blank)
    if not len(filled):
        raise ReadError(Message("read_empty", name=name))
    first = int(filled[0])
    header = row(first)
    while header and str(header[-1]).strip() == "":
        header.pop()
    if not header:
        raise ReadError(Message("read_no_header", name=name))
    width, after = len(header), first + 1
    tags = None
    if after < len(cells_of) and is_hxl_row(row(after) if not blank[after] else []):
        tags = [str(v or "").strip() for v in row(after)][:width]
        tags += [""] * (width - len(tags))
        after += 1
    body = np.arange(after, len(cells_of))
    blank_rows = int(blank[body].sum())
    body = body[~blank[body]]
    if not len(body):
        raise ReadError(Message("read_no_rows", name=name))
    problems = {}
    for i in body[cells[body] > width]:
        extra = [v for v in row(i)[width:] if not _is_blank([v])]
        if extra:
            problems[int(i) + 1] = Message("row_too_wide", cells=width + len(extra), columns=width)
    values = cells_of[body, :width]
    cells_of = None   # the lines' cells are in `values` now: let them go
    present = cells[body]
    for j in range(values.shape[1]):
        values[present <= j, j] = None
        if j not in shared:
            values[:, j] = _shared(values[:, j])
    return _table(pd.DataFrame(values, columns=range(width), dtype=object), header, tags, (body + 1).tolist(),
                  blank_rows, problems, name)


def _split_lines(encoded: bytes, bounds: np.ndarray, cells: np.ndarray, quoted: np.ndarray,
                 delimiter: str) -> tuple[np.ndarray, np.ndarray, dict[int, dict]] | None:
    """The cells of each line of `encoded` (UTF-8) split at every delimiter, quotes not read, as a
    lines x cells object array (None past a line's last cell; the `quoted` lines left empty: the
    csv module reads them). The lines of the usual width go through Arrow's CSV parser in one pass
    (no Python object but the cells themselves), the few others are split one by one. Returns the
    array, the lines Arrow did not read, and {column: {text: its one string}} for the columns whose
    texts repeat (as _shared makes them). None when Arrow reads otherwise than the bytes were
    counted (`bounds`: each line's first byte, then the end)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    lines = len(bounds) - 1
    out = np.empty((lines, int(cells.max())), dtype=object)
    plain = np.ones(lines, dtype=bool)
    plain[quoted] = False
    width = int(np.bincount(cells[plain]).argmax()) if plain.any() else 0
    # every line of that width, quoted or not (a quoted line's cells are the csv module's in the end);
    # Arrow is told to skip the lines of other widths, and skips empty lines itself
    raw = np.frombuffer(encoded, dtype=np.uint8)
    lengths, first = np.diff(bounds), raw[bounds[:-1]]
    empty = (lengths == 1) & (first == 10) | (lengths == 2) & (first == 13)   # every CR here comes before an LF
    del raw
    is_usual = (cells == width) & ~empty if width else np.zeros(lines, dtype=bool)
    usual = np.flatnonzero(is_usual)
    shared: dict[int, dict] = {}
    if len(usual):
        names = [str(j) for j in range(width)]
        try:
            table = pacsv.read_csv(
                pa.BufferReader(pa.py_buffer(encoded)),
                read_options=pacsv.ReadOptions(column_names=names, use_threads=False,
                                               block_size=max(1 << 22, 2 * int(np.diff(bounds).max()))),
                parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char=False, escape_char=False,
                                                 newlines_in_values=False, ignore_empty_lines=True,
                                                 invalid_row_handler=lambda row: "skip"),
                convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                     strings_can_be_null=False, quoted_strings_can_be_null=False))
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return None
        if table.num_rows != len(usual):
            return None
        for j in range(width):   # a column at a time, each let go once read (a third less memory at 1M rows)
            column = table.column(0).combine_chunks()
            table = table.remove_column(0)
            out[usual, j], distinct = _arrow_texts(column)
            del column
            if distinct is not None:
                shared[j] = dict(zip(distinct, distinct))
        del table
    for i in np.flatnonzero(plain & ~is_usual):   # empty lines, short or long rows
        line = encoded[bounds[i]:bounds[i + 1]].decode("utf-8").removesuffix("\n").removesuffix("\r")
        parts = line.split(delimiter)
        out[i, : len(parts)] = parts
    others = ~is_usual
    others[quoted] = True
    return out, np.flatnonzero(others), shared


def repeats(strings, share: float = 0.5) -> bool:
    """Whether an Arrow text column's values repeat, told from a sample of a thousand: no more
    than `share` of it distinct (a region, a date or a partner written on every row); then work
    once per distinct value pays."""
    import pyarrow as pa
    import pyarrow.compute as pc

    sample = strings.take(pa.array(np.arange(0, len(strings), max(1, len(strings) // 1000))))
    return pc.count_distinct(sample).as_py() <= len(sample) * share


def _arrow_texts(strings) -> tuple[np.ndarray, np.ndarray | None]:
    """An Arrow text column as an object array, and its distinct texts when they repeat: then each
    distinct text is made a Python string once, not once per cell (None otherwise)."""
    import pyarrow.compute as pc

    if not repeats(strings):
        return strings.to_numpy(zero_copy_only=False), None
    encoded = pc.dictionary_encode(strings)
    distinct = encoded.dictionary.to_numpy(zero_copy_only=False)
    return distinct[encoded.indices.to_numpy(zero_copy_only=False)], distinct


def _shared(cells: np.ndarray) -> np.ndarray:
    """A column's cells with each repeated text held once (a region, a date or a partner written on
    every row is one string, not 300,000): the same values, a fraction of the memory."""
    sample = cells[:: max(1, len(cells) // 1000)]
    if len(set(sample.tolist())) > len(sample) // 2:   # mostly distinct (titles, codes, amounts): nothing to share
        return cells
    codes, texts = pd.factorize(cells)
    return np.append(texts.astype(object), None)[codes]


def _per_line(mask: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """How many bytes of each line `mask` marks; `bounds`: the lines' first bytes, then the end."""
    return np.diff(np.searchsorted(np.flatnonzero(mask), bounds))


def _swallows_rows(record: list[str], delimiter: str, width: int) -> bool:
    """True when a cell holds lines that look like rows of their own (as many delimiters as the
    header has, less one): the mark of a quote that was opened and never closed."""
    needed = max(1, width - 1)
    for cell in record:
        if "\n" not in cell and "\r" not in cell:
            continue
        looks_like_rows = sum(line.count(delimiter) >= needed for line in cell.splitlines()[1:])
        if looks_like_rows >= (1 if width >= 3 else 2):
            return True
    return False


def _read_xlsx(data: bytes, name: str) -> RawTable:
    import openpyxl

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReadError(Message("read_not_xlsx", name=name))
    archive = check_zip(data, name, MAX_XLSX_UNCOMPRESSED)
    sheets = [i for i in archive.infolist() if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
    for sheet in sheets:
        _check_dimension(archive, sheet, name)
    has_formulas = any(_contains(archive, sheet, (b"<f>", b"<f ")) for sheet in sheets)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        index, rows = _first_sheet_with_data(book, name)
        if has_formulas:
            # A formula without a cached value (a file never opened in Excel) is kept as its text,
            # so nothing disappears; exports neutralise formulas.
            formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            texts = _sheet_rows(formulas.worksheets[index], name)
            rows = [[t if v is None and isinstance(t, str) and t.startswith("=") else v
                     for v, t in zip(row, text_row)] for row, text_row in zip(rows, texts)]
    except ReadError:
        raise
    except Exception as err:  # openpyxl raises many types for a damaged workbook
        raise ReadError(Message("read_workbook", name=name, detail=type(err).__name__)) from None
    table = _from_rows(rows, name)
    table.template = template_properties(book)
    if len(book.worksheets) > 1 and table.template is None:   # a template's other sheets are its instructions
        table.notes.append(Message("note_sheets", count=len(book.worksheets), sheet=book.worksheets[index].title))
    return table


TEMPLATE_PROPERTY = "mali_dashboard_template_"   # the prefix of the template's custom properties


def template_properties(book) -> dict | None:
    """{kind, lang, organisation, period, corrects} a reporting template wrote in its custom document
    properties (geo.render.template), or None for a workbook that is not one."""
    try:
        found = {p.name[len(TEMPLATE_PROPERTY):]: str(p.value) for p in book.custom_doc_props
                 if str(p.name).startswith(TEMPLATE_PROPERTY)}
    except Exception:  # noqa: BLE001 - properties a workbook cannot give: it is simply not a template
        return None
    return found or None


_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+:([A-Z]+)(\d+)"')


def _check_dimension(archive: zipfile.ZipFile, sheet: zipfile.ZipInfo, name: str) -> None:
    """A sheet's declared extent (its <dimension> element, in the first bytes of its XML) within the
    column and cell limits, read before the sheet is parsed. A sheet that lies is stopped while read."""
    with archive.open(sheet) as stream:
        head = stream.read(4096)
    m = _DIMENSION.search(head)
    if m:
        columns = 0
        for letter in m[1].decode():
            columns = columns * 26 + ord(letter) - 64
        _check_extent(name, columns, int(m[2]))


def _check_extent(name: str, columns: int, rows: int) -> None:
    if columns > MAX_COLUMNS:
        raise ReadError(Message("too_many_columns", name=name, count=columns, limit=MAX_COLUMNS))
    if columns * rows > MAX_CELLS:
        raise ReadError(Message("too_many_cells", name=name, count=f"{columns * rows:,}", limit=f"{MAX_CELLS:,}"))


def _contains(archive: zipfile.ZipFile, member: zipfile.ZipInfo, needles: tuple[bytes, ...]) -> bool:
    """Whether a member's bytes hold any of `needles`, read in chunks (never the whole member at once)."""
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            window = tail + chunk
            if any(n in window for n in needles):
                return True
            tail = window[-8:]
    return False


def _first_sheet_with_data(book, name: str) -> tuple[int, list[list]]:
    for index, sheet in enumerate(book.worksheets):
        rows = _sheet_rows(sheet, name)
        if any(not _is_blank(r) for r in rows):
            return index, rows
    return 0, []


def _sheet_rows(sheet, name: str) -> list[list]:
    """A sheet's rows, stopped as soon as a row or the whole passes the column or cell limits (a
    sheet whose <dimension> is missing or lies)."""
    rows, cells = [], 0
    if hasattr(sheet, "reset_dimensions"):   # read-only sheets trust <dimension>, which can cut rows short
        sheet.reset_dimensions()
    for values in sheet.iter_rows(values_only=True):
        cells += len(values)
        _check_extent(name, len(values), 1)
        if cells > MAX_CELLS:
            raise ReadError(Message("too_many_cells", name=name, count=f"> {MAX_CELLS:,}", limit=f"{MAX_CELLS:,}"))
        rows.append(list(values))
    return rows


def _is_blank_row(values) -> bool:
    """A row with nothing in it; one C call for the usual row of text cells (CSV)."""
    try:
        return not "".join(values).strip()
    except TypeError:   # cells of other types (XLSX numbers, dates, None)
        return _is_blank(values)


def _is_blank(values) -> bool:
    return all(v is None or str(v).strip() == "" for v in values)


def _from_rows(rows: list[list], name: str, problems: dict[int, Message] | None = None) -> RawTable:
    """Header = first non-blank row; an HXL hashtag row right below it is read as tags.

    Row numbers are those of the spreadsheet (1-based, blank rows counted). Columns with neither
    a header nor any value are dropped; a row with more filled cells than the header has columns
    is kept and flagged in row_problems, never silently cut.
    """
    numbered = list(enumerate(rows, start=1))
    while numbered and _is_blank(numbered[0][1]):
        numbered.pop(0)
    if not numbered:
        raise ReadError(Message("read_empty", name=name))
    header_no, header = numbered.pop(0)
    header = list(header)
    while header and (header[-1] is None or str(header[-1]).strip() == ""):
        header.pop()
    if not header:
        raise ReadError(Message("read_no_header", name=name))
    tags = None
    if numbered and is_hxl_row(numbered[0][1]):
        tags = [str(v or "").strip() for v in numbered.pop(0)[1]][: len(header)]
        tags += [""] * (len(header) - len(tags))
    width = len(header)
    body, numbers, blank, problems = [], [], 0, dict(problems or {})
    for number, values in numbered:
        if _is_blank_row(values):
            blank += 1
            continue
        if len(values) > width:
            extra = [v for v in values[width:] if not _is_blank([v])]
            if extra and number not in problems:
                problems[number] = Message("row_too_wide", cells=width + len(extra), columns=width)
            values = values[:width]
        elif len(values) < width:
            values = list(values) + [None] * (width - len(values))
        body.append(values)
        numbers.append(number)
    if not body:
        raise ReadError(Message("read_no_rows", name=name))
    return _table(pd.DataFrame(body, columns=range(width), dtype=object), header, tags, numbers, blank, problems, name)


def _table(frame: pd.DataFrame, header: list, tags: list | None, numbers: list[int], blank: int,
           problems: dict, name: str) -> RawTable:
    """The body's cells under their header: columns with neither a header, a tag nor a value dropped,
    headers made unique."""
    width = len(header)
    frame, numbers, examples = _without_example(frame, numbers, problems, name)
    keep = [i for i in range(width)
            if not (_is_blank([header[i]]) and frame[i].map(lambda v: _is_blank([v])).all()
                    and not (tags and tags[i]))]
    if keep != list(frame.columns):
        frame = frame[keep]
    frame.columns = _unique_headers([header[i] for i in keep], [i + 1 for i in keep])
    frame.index = pd.RangeIndex(len(frame))   # our own frame: renumbered in place, not copied
    table = RawTable(name, frame, numbers, blank,
                     [tags[i] for i in keep] if tags else None, row_problems=problems)
    table.notes += [Message("note_example_row", row=row) for row in examples]
    if all(str(h).startswith("column_") for h in frame.columns):
        raise ReadError(Message("read_no_header", name=name))
    if len(frame.columns) == 1:
        table.notes.append(Message("note_one_column", column=_short(frame.columns[0])))
    return table


EXAMPLE_SEARCHED = 5   # body rows in which the template's example row is looked for (it comes first)


def _without_example(frame: pd.DataFrame, numbers: list[int], problems: dict, name: str):
    """The body without the reporting template's example row: a row among the first few whose first
    filled cell is marked 'EXEMPLE — ne pas importer' (geo.read.headers.is_example_cell); returns
    the body, its row numbers and those of the rows left out (for a note). A sheet holding nothing
    else has no rows."""
    examples = []
    for position in range(min(EXAMPLE_SEARCHED, len(frame))):
        first = next((v for v in frame.iloc[position] if not _is_blank([v])), None)
        if is_example_cell(first):
            examples.append(position)
    if not examples:
        return frame, numbers, []
    if len(examples) == len(frame):
        raise ReadError(Message("read_only_example", name=name))
    rows = [numbers[p] for p in examples]
    for row in rows:
        problems.pop(row, None)
    return frame.drop(index=frame.index[examples]), [n for p, n in enumerate(numbers) if p not in set(examples)], rows


def _short(text, limit: int = 60) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unique_headers(header, positions=None) -> list[str]:
    names, seen = [], {}
    for i, h in zip(positions or range(1, len(header) + 1), header):
        text = str(h).strip() if h is not None and str(h).strip() else f"column_{i}"
        if text in seen:
            seen[text] += 1
            text = f"{text} ({seen[text]})"
        else:
            seen[text] = 1
        names.append(text)
    return names


def check_zip(data: bytes, name: str, max_total: int = MAX_ZIP_UNCOMPRESSED) -> zipfile.ZipFile:
    """Refuse a zip bomb or a path-traversal zip before anything is extracted: too many members, a
    declared unpacked size over `max_total`, or a member compressed more than MAX_ZIP_RATIO to 1.
    XLSX and the other zip-based formats go through it too."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except zipfile.BadZipFile:
        raise ReadError(Message("zip_damaged", name=name)) from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ReadError(Message("zip_members", name=name, count=len(infos), limit=MAX_ZIP_MEMBERS))
    total = sum(i.file_size for i in infos)
    if total > max_total:
        raise ReadError(Message("zip_too_big", name=name, size=f"{total / 1e6:.0f}", limit=max_total // 2**20))
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ReadError(Message("zip_bomb", name=name, member=info.filename, ratio=ratio))
    return archive


SHAPEFILE_PARTS = {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx"}
LAYER_SUFFIXES = {".geojson", ".json", ".gpkg"}


def extract_zip_safely(data: bytes, name: str, folder: str) -> list[Path]:
    """Extract members into `folder` under their base names only; '../' paths never escape it.

    The parts of one shapefile must sit in one folder of the archive (else a layer's attributes
    could be joined to another layer's points); their extensions are written in lower case, so
    SITES.SHP finds SITES.SHX and SITES.DBF."""
    archive = check_zip(data, name)
    wanted, folders = [], {}
    for info in archive.infolist():
        path = info.filename.replace("\\", "/")
        base = os.path.basename(path)
        if info.is_dir() or not base or base.startswith("."):
            continue
        stem, ext = os.path.splitext(base)
        if ext.lower() not in SHAPEFILE_PARTS | LAYER_SUFFIXES:
            continue   # notes, PDFs, pictures: never read, so never written
        if ext.lower() in SHAPEFILE_PARTS:
            base = stem + ext.lower()
        folders.setdefault(stem.lower() if ext.lower() in SHAPEFILE_PARTS else base.lower(), set()).add(
            os.path.dirname(path))
        wanted.append((info, base))
    for layer, where in folders.items():
        if len(where) > 1:
            raise ReadError(Message("zip_split_layer", name=name, layer=layer,
                                    folders=", ".join(sorted(f"{w or '.'}/" for w in where))))
    out = []
    for info, base in wanted:
        target = Path(folder) / base
        with archive.open(info) as src, open(target, "wb") as dst:
            remaining = MAX_ZIP_UNCOMPRESSED
            while chunk := src.read(1 << 20):
                remaining -= len(chunk)
                if remaining < 0:
                    raise ReadError(Message("zip_lies", name=name, member=info.filename))
                dst.write(chunk)
        out.append(target)
    return out


_UNREADABLE_NUMBER = re.compile(rb"\d{300}|Infinity|NaN")


def checked_geojson(data: bytes, name: str) -> bytes:
    """A GeoJSON file checked before GDAL reads it: no feature with more than MAX_PROPERTIES
    properties, no more than MAX_COLUMNS distinct properties in all (GDAL would make each a column).
    Numbers no float can hold (400 digits, Infinity, NaN) are handed over as text, so that GDAL
    reads the file and validation rejects only the features that carry them."""
    unusual = bool(_UNREADABLE_NUMBER.search(data))

    def keep(text: str):
        value = float(text)
        return value if math.isfinite(value) else text
    try:
        if unusual:
            parsed = json.loads(data, parse_int=lambda s: int(s) if len(s) < 300 else s, parse_float=keep,
                                parse_constant=str)
        else:
            parsed = json.loads(data)
    except (ValueError, RecursionError):
        return data   # not JSON after all: GDAL gives its own sentence
    features = parsed.get("features") if isinstance(parsed, dict) else None
    if isinstance(features, list):
        keys: set = set()
        for number, feature in enumerate(features, start=1):
            properties = feature.get("properties") if isinstance(feature, dict) else None
            if not isinstance(properties, dict):
                continue
            keys.update(properties)
            if len(properties) > MAX_PROPERTIES or len(keys) > MAX_COLUMNS:
                raise ReadError(Message("too_many_properties", name=name, feature=number,
                                        count=max(len(properties), len(keys)), limit=MAX_PROPERTIES))
    return json.dumps(parsed).encode("utf-8") if unusual else data


def check_geopackage(data: bytes, name: str) -> None:
    """A GeoPackage is an SQLite file: its header's page size times page count is its length; a
    header that says more is refused before SQLite opens it."""
    if len(data) < 100 or not data.startswith(b"SQLite format 3\x00"):
        return   # not SQLite: GDAL says what it is not
    page_size = int.from_bytes(data[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(data[28:32], "big")
    if page_size * pages > len(data) or page_size * pages > MAX_FILE_BYTES:
        raise ReadError(Message("gpkg_header", name=name))


def read_geodataframe(data: bytes, name: str):
    """A GeoDataFrame from GeoJSON, GeoPackage or a zipped shapefile bytes (its first layer).
    Raises ReadError."""
    return read_geolayers(data, name, choose=lambda layers: layers[:1])[0][1]


def read_geolayers(data: bytes, name: str, choose=None) -> list:
    """[(layer name, GeoDataFrame)] of a GeoJSON, a GeoPackage (each of its layers) or a zip (each
    shapefile, GeoJSON or GeoPackage layer inside, in name order). `choose`, given the list of
    (layer name, {"fields": [...], "geometry_type": ...}) read from the headers alone, returns the
    ones to read (a boundary set's zip holds every admin level: only the wanted ones are read).
    Raises ReadError."""
    import geopandas as gpd
    import pyogrio

    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="geo-upload-") as folder:
        if suffix == ".zip":
            members = extract_zip_safely(data, name, folder)
            paths = sorted((p for p in members if p.suffix.lower() in {".shp"} | LAYER_SUFFIXES), key=lambda p: p.name)
            if not paths:
                raise ReadError(Message("zip_no_layer", name=name))
            for path in paths:
                if path.suffix.lower() in (".geojson", ".json"):
                    path.write_bytes(checked_geojson(path.read_bytes(), name))
                elif path.suffix.lower() == ".gpkg":
                    check_geopackage(path.read_bytes(), name)
                elif path.suffix.lower() == ".shp":
                    missing = [ext for ext in (".shx", ".dbf") if not path.with_suffix(ext).exists()]
                    if missing:
                        raise ReadError(Message("shp_incomplete", name=name, missing=", ".join(missing)))
        else:
            path = Path(folder) / f"upload{suffix or '.geojson'}"
            if suffix == ".gpkg":
                check_geopackage(data, name)
            path.write_bytes(checked_geojson(data, name) if suffix in (".geojson", ".json", "") else data)
            paths = [path]
        try:
            with warnings.catch_warnings():   # a column of mixed numbers and text stays text: fine here
                warnings.filterwarnings("ignore", "Could not parse column", UserWarning)
                sources = []
                for path in paths:
                    layers = [str(row[0]) for row in pyogrio.list_layers(path)] if path.suffix.lower() == ".gpkg" else [None]
                    for layer in layers:
                        info = pyogrio.read_info(path, layer=layer)
                        sources.append(((layer or path.stem), {"fields": list(info["fields"]),
                                                                "geometry_type": info["geometry_type"]}, path, layer))
                headers = [(label, info) for label, info, _, _ in sources]
                labels = {label for label, _ in (choose(headers) if choose is not None else headers)}
                out = []
                for label, _, path, layer in sources:
                    if label in labels:
                        frame = gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)
                        frame.attrs["had_crs"] = frame.crs is not None
                        out.append((label, frame))
        except ReadError:
            raise
        except Exception as err:  # GDAL raises many types for unreadable files
            raise ReadError(Message("geo_unreadable", name=name, detail=str(err).splitlines()[0][:120])) from None
        if not out:
            raise ReadError(Message("zip_no_layer", name=name))
        return out


def to_wgs84(frame, name: str, notes: list[str]):
    """`frame` in EPSG:4326. A file without a coordinate system (a shapefile without .prj) is read
    as longitude/latitude only when its coordinates fit; projected metres are refused, not guessed."""
    if frame.crs is None:
        bounds = frame.total_bounds if len(frame) and frame.geometry.notna().any() else None
        fits = bounds is None or ((abs(bounds[[0, 2]]) <= 180).all() and (abs(bounds[[1, 3]]) <= 90).all())
        if not fits:
            raise ReadError(Message("no_prj_projected", name=name))
        notes.append(Message("note_no_prj"))
        frame = frame.set_crs(4326, allow_override=True)
    try:
        return frame.to_crs(4326)
    except Exception as err:  # pyproj raises several types for an unusable CRS
        raise ReadError(Message("crs_unusable", name=name, detail=type(err).__name__)) from None


def read_spatial_table(data: bytes, name: str) -> RawTable:
    """Point features become rows with latitude/longitude taken from their geometry (WGS84)."""
    frame = read_geodataframe(data, name)
    notes: list[str] = []
    frame = to_wgs84(frame, name, notes)
    if frame.empty:
        raise ReadError(Message("no_features", name=name))
    table = pd.DataFrame(frame.drop(columns=frame.geometry.name), dtype=object)
    geom = frame.geometry
    is_point = (geom.geom_type == "Point") & ~geom.is_empty
    if is_point.any():
        # a point's own position wins over latitude/longitude properties; other features keep theirs
        points = geom[is_point]
        for column, values in (("latitude", points.y), ("longitude", points.x)):
            current = table[column] if column in table else pd.Series(None, index=table.index, dtype=object)
            table[column] = current.astype(object).where(~is_point, values.reindex(table.index))
    missing = geom.isna() | geom.is_empty
    if missing.any():
        notes.append(Message("note_no_geometry", count=int(missing.sum())))
    other = ~missing & ~is_point
    if other.any():
        kinds = ", ".join(sorted(set(geom[other].geom_type)))
        notes.append(Message("note_not_points", count=int(other.sum()), kinds=kinds))
    table = table.astype(object).where(table.notna(), None)
    return RawTable(name, table.reset_index(drop=True), list(range(1, len(table) + 1)), 0, None, "feature", notes)
