"""Reading partner files into a table of raw cells, with the spreadsheet row number of each row.

Accepts CSV (UTF-8, UTF-8 with BOM, Windows-1252, UTF-16; comma, semicolon, tab or pipe), XLSX,
GeoJSON, GeoPackage and zipped shapefiles. Anything else, or anything hostile, raises ReadError
with one sentence for the user. Nothing here writes outside a temporary folder.

>>> table = read_table("data/cvr_projects.csv")   # doctest: +SKIP
>>> table.frame.columns[0], table.row_numbers[0]   # doctest: +SKIP
('project_id', 2)
"""
from __future__ import annotations

import codecs
import csv
import io
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo.columns import is_hxl_row

MAX_FILE_BYTES = 50 * 1024 * 1024          # largest upload or file we read: 50 MB
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024   # declared size of all zip members together
MAX_ZIP_RATIO = 100                        # uncompressed / compressed, per member
MAX_ZIP_MEMBERS = 200
MAX_CELL_CHARS = 10_000                    # a longer cell rejects its row (checked in validate)
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


def read_table(source, name: str | None = None) -> RawTable:
    """Read a path or (name, bytes) pair into a RawTable. Raises ReadError."""
    data, name = _load_bytes(source, name)
    suffix = Path(name).suffix.lower()
    if not data.strip(b"\x00\r\n\t \xef\xbb\xbf\xff\xfe"):
        raise ReadError(f"{name}: the file is empty.")
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(data, name)
    if suffix == ".xls":
        raise ReadError(f"{name}: old Excel .xls files are not supported; save it as .xlsx or CSV.")
    if suffix in SPATIAL_SUFFIXES - {".json"} or (suffix == ".json" and data.lstrip()[:1] == b"{"):
        return read_spatial_table(data, name)
    return _read_csv(data, name)


def _load_bytes(source, name):
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
            raise ReadError(f"{name}: file not found.") from None
        if size > MAX_FILE_BYTES:
            raise ReadError(f"{name}: the file is {size / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB.")
        data = path.read_bytes()
    name = name or "upload"
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(f"{name}: the file is {len(data) / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB.")
    return data, name


def decode_text(data: bytes, name: str) -> str:
    """Decode by BOM, then UTF-8, then UTF-16 without BOM, then Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    sample = data[:4000]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        even_nuls = sample[0::2].count(b"\x00")
        try:
            return data.decode("utf-16-be" if even_nuls > len(sample) // 4 else "utf-16-le")
        except UnicodeDecodeError:
            raise ReadError(f"{name}: this is not a text table (binary content).") from None
    if b"\x00" in sample:
        raise ReadError(f"{name}: this is not a text table (binary content); save it as CSV or XLSX.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    controls = sum(1 for c in text[:4000] if ord(c) < 32 and c not in "\r\n\t")
    if controls > 20:
        raise ReadError(f"{name}: this is not a text table (binary content); save it as CSV or XLSX.")
    return text


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header line into the most columns."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(data: bytes, name: str) -> RawTable:
    text = decode_text(data, name)
    delimiter = sniff_delimiter(text)
    csv.field_size_limit(MAX_FILE_BYTES)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as err:
        raise ReadError(f"{name}: the CSV cannot be parsed ({err}).") from None
    return _from_rows(rows, name)


def _read_xlsx(data: bytes, name: str) -> RawTable:
    import openpyxl

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReadError(f"{name}: this is not an Excel .xlsx file; save it again as .xlsx or CSV.")
    check_zip(data, name)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    except Exception as err:  # openpyxl raises many types for a damaged workbook
        raise ReadError(f"{name}: the workbook cannot be opened ({type(err).__name__}).") from None
    return _from_rows(rows, name)


def _is_blank(values) -> bool:
    return all(v is None or str(v).strip() == "" for v in values)


def _from_rows(rows: list[list], name: str) -> RawTable:
    """Header = first non-blank row; an HXL hashtag row right below it is read as tags."""
    numbered = list(enumerate(rows, start=1))
    while numbered and _is_blank(numbered[0][1]):
        numbered.pop(0)
    if not numbered:
        raise ReadError(f"{name}: the file is empty.")
    header_no, header = numbered.pop(0)
    headers = _unique_headers(header)
    tags = None
    if numbered and is_hxl_row(numbered[0][1]):
        tags = [str(v or "").strip() for v in numbered.pop(0)[1]]
        tags += [""] * (len(headers) - len(tags))
    body, numbers, blank = [], [], 0
    for number, values in numbered:
        if _is_blank(values):
            blank += 1
            continue
        values = list(values)[: len(headers)] + [None] * max(0, len(headers) - len(values))
        body.append(values)
        numbers.append(number)
    frame = pd.DataFrame(body, columns=headers, dtype=object)
    table = RawTable(name, frame, numbers, blank, tags[: len(headers)] if tags else None)
    if not headers or all(h.startswith("column_") for h in headers):
        raise ReadError(f"{name}: no header row found; the first row must name the columns.")
    if len({len(r) for r in rows if not _is_blank(r)}) > 1 and len(headers) == 1:
        table.notes.append("Only one column was found: is the delimiter a comma or a semicolon?")
    return table


def _unique_headers(header) -> list[str]:
    names, seen = [], {}
    for i, h in enumerate(header, start=1):
        text = str(h).strip() if h is not None and str(h).strip() else f"column_{i}"
        if text in seen:
            seen[text] += 1
            text = f"{text} ({seen[text]})"
        else:
            seen[text] = 1
        names.append(text)
    return names


def check_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """Refuse a zip bomb or a path-traversal zip before anything is extracted."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except zipfile.BadZipFile:
        raise ReadError(f"{name}: the zip archive is damaged.") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ReadError(f"{name}: the archive holds {len(infos)} files; the limit is {MAX_ZIP_MEMBERS}.")
    total = sum(i.file_size for i in infos)
    if total > MAX_ZIP_UNCOMPRESSED:
        raise ReadError(f"{name}: the archive would unpack to {total / 1e6:.0f} MB; the limit is "
                        f"{MAX_ZIP_UNCOMPRESSED // 2**20} MB (refused before extracting).")
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            raise ReadError(f"{name}: '{info.filename}' is compressed {info.file_size // max(info.compress_size, 1)} "
                            f"to 1, which looks like a zip bomb (refused before extracting).")
    return archive


def extract_zip_safely(data: bytes, name: str, folder: str) -> list[Path]:
    """Extract members into `folder` under their base names only; '../' paths never escape it."""
    archive = check_zip(data, name)
    out = []
    for info in archive.infolist():
        if info.is_dir():
            continue
        base = os.path.basename(info.filename.replace("\\", "/"))
        if not base or base.startswith("."):
            continue
        target = Path(folder) / base
        with archive.open(info) as src, open(target, "wb") as dst:
            remaining = MAX_ZIP_UNCOMPRESSED
            while chunk := src.read(1 << 20):
                remaining -= len(chunk)
                if remaining < 0:
                    raise ReadError(f"{name}: '{info.filename}' unpacks larger than it declares; refused.")
                dst.write(chunk)
        out.append(target)
    return out


def read_geodataframe(data: bytes, name: str):
    """A GeoDataFrame from GeoJSON, GeoPackage or a zipped shapefile bytes. Raises ReadError."""
    import geopandas as gpd

    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="geo-upload-") as folder:
        if suffix == ".zip":
            members = extract_zip_safely(data, name, folder)
            shapes = [p for p in members if p.suffix.lower() in {".shp", ".geojson", ".gpkg", ".json"}]
            if not shapes:
                raise ReadError(f"{name}: the zip holds no .shp, .geojson or .gpkg file.")
            path = shapes[0]
            if path.suffix.lower() == ".shp":
                missing = [ext for ext in (".shx", ".dbf") if not path.with_suffix(ext).exists()]
                if missing:
                    raise ReadError(f"{name}: the shapefile is incomplete (missing {', '.join(missing)}).")
        else:
            path = Path(folder) / f"upload{suffix or '.geojson'}"
            path.write_bytes(data)
        try:
            frame = gpd.read_file(path)
        except Exception as err:  # GDAL raises many types for unreadable files
            raise ReadError(f"{name}: the geographic file cannot be read ({str(err).splitlines()[0][:120]}).") from None
        frame.attrs["had_crs"] = frame.crs is not None
        return frame


def read_spatial_table(data: bytes, name: str) -> RawTable:
    """Point features become rows with latitude/longitude taken from their geometry (WGS84)."""
    frame = read_geodataframe(data, name)
    notes = []
    if not frame.attrs.get("had_crs"):
        notes.append("The file has no coordinate system (.prj); coordinates are read as WGS84 longitude/latitude.")
        frame = frame.set_crs(4326, allow_override=True)
    frame = frame.to_crs(4326)
    table = pd.DataFrame(frame.drop(columns=frame.geometry.name), dtype=object)
    geom = frame.geometry
    is_point = geom.geom_type == "Point"
    if is_point.any():
        table["latitude"] = geom.y.where(is_point)
        table["longitude"] = geom.x.where(is_point)
    other = geom.notna() & ~geom.is_empty & ~is_point
    if other.any():
        notes.append(f"{int(other.sum())} features are not points; their location comes from place or region.")
    table = table.astype(object).where(table.notna(), None)
    return RawTable(name, table.reset_index(drop=True), list(range(1, len(table) + 1)), 0, None, "feature", notes)
