"""The reporting template: an XLSX a partner fills in, which says its own rules. For one record kind
in French or English: the dashboard's column headers (a star after the required ones) with an HXL
tag row under them, one example row the reader never imports (its first cell says "EXEMPLE — ne pas
importer"), Excel data validation on every closed list and on numbers, dates and coordinates, an
input message on each header (what goes there, in which unit), and an instructions sheet. Built
with openpyxl: no macro.

The closed lists come from the active boundary set (its regions, then the regions it lacks; its
cercles when it has them) and from geo.schema (categories, activity and site types), on a hidden
sheet the validations point at. The workbook says what it is in its custom properties (kind,
language, organisation, period, and the returned submission it corrects), which
geo.read.tables.template_properties reads back.

>>> import io, openpyxl
>>> book = openpyxl.load_workbook(io.BytesIO(write_template("cvr_projects", "en")))
>>> [c.value for c in book.worksheets[0][1]][:3], book.worksheets[0]["A2"].value
(['Title *', 'Place', 'Region'], '#activity+name')
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from geo.i18n import catalogue, t
from geo.messages import in_language
from geo.read.tables import TEMPLATE_PROPERTY
from geo.read.validate import EARLIEST_DATE, MALI_BOUNDS
from geo.regions import ALL_REGIONS, CROSSWALK, REGIONS_2023_TABLE
from geo.schema import CODED_FIELDS, CVR_CATEGORIES, EXAMPLE_MARKS, HXL_TAGS, PARTNER_COLUMNS, SCHEMAS

HEADER_ROW, HXL_ROW, EXAMPLE_ROW, FIRST_ROW = 1, 2, 3, 4
BLANK_ROWS = 1000          # rows under the example that carry the validations, beyond those filled
DATE_FORMAT = "DD/MM/YYYY"
LISTS_SHEET = "lists"      # the hidden sheet of the closed lists (its name in both languages)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_FILL = {"header": "DDE6F0", "required": "B7CCE4", "hxl": "EEEEEE", "example": "FFF2CC", "rejected": "F4CCCC",
         "check": "FCE4D6"}


@dataclass(frozen=True)
class Column:
    """One column of the template: the field it gives, its header in the template's language (a
    star after a required field), its HXL tag, its type (geo.schema.Field.type) and its input
    message (what goes there, in which unit)."""
    field: str
    header: str
    hxl: str
    required: bool
    type: str
    help: str


def template_columns(kind: str, lang: str) -> list[Column]:
    """The template's columns for `kind`, in the order of geo.schema.SCHEMAS.

    >>> [c.header for c in template_columns("sites", "fr")][:3]
    ['Nom *', 'Type', 'Lieu']
    """
    columns = []
    for f in SCHEMAS[kind]:
        label = t(f"template.header.{f.name}", lang) if f"template.header.{f.name}" in catalogue(lang) \
            else t(f"field.{f.name}", lang)
        columns.append(Column(f.name, label + (" *" if f.required else ""), HXL_TAGS[f.name], f.required, f.type,
                              t(f"template.help.{f.name}", lang)))
    return columns


def region_names(lang: str) -> dict[str, str]:
    """{the dashboard's region key: its name} in `lang` ('Timbuktu' in English), 2023 regions too."""
    column = "name_en" if lang == "en" else "name_fr"
    return dict(zip(CROSSWALK["key"], CROSSWALK[column])) | dict(zip(REGIONS_2023_TABLE["key"], REGIONS_2023_TABLE[column]))


def region_choices(boundaries=None, lang: str = "fr") -> tuple[list[str], list[str]]:
    """(the regions of the boundary set, the regions it lacks), as names a partner picks: the set's
    first (in its order), then the other regions of the crosswalk and the 2023 regions, which a
    partner may still name (such a record is counted as the README says). `boundaries`: a
    geo.read.boundaries.Boundaries (default: the shipped set).

    >>> present, missing = region_choices(lang="en")
    >>> present[:2], missing[:2]
    (['Kayes', 'Koulikoro'], ['Ménaka', 'Taoudenni'])
    """
    if boundaries is None:
        from geo.read.boundaries import load_boundaries

        boundaries = load_boundaries()
    names = region_names(lang)
    present = [c for c in dict.fromkeys(boundaries.frame["iso_code"].dropna()) if c in names]
    return [names[c] for c in present], [names[c] for c in ALL_REGIONS if c not in present]


def cercle_choices(boundaries) -> list[str]:
    """The cercles of the boundary set by name, sorted (none for a set without a second level)."""
    if boundaries is None or not len(boundaries.cercles):
        return []
    return sorted(dict.fromkeys(str(c) for c in boundaries.cercles["cercle"].dropna() if str(c).strip()))


def coded_labels(field: str, lang: str) -> dict[str, str]:
    """{code: label} of a field with a closed list of codes (activity and site types), or of the CVR
    categories ('category'), in `lang`."""
    if field == "category":
        return {c: t(f"category.{c}", lang) for c in CVR_CATEGORIES}
    prefix, codes = CODED_FIELDS[field]
    return {c: t(f"{prefix}.{c}", lang) for c in codes}


def current_period(today: dt.date | None = None) -> str:
    """The quarter of `today` (default: today), as a reporting period: '2026-Q4'."""
    today = today or dt.date.today()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def write_template(kind: str, lang: str = "fr", boundaries=None, *, organisation: str | None = None,
                   period: str | None = None, rows: list[dict] | None = None, corrects: dict | None = None) -> bytes:
    """The template of `kind` in `lang` as XLSX bytes, its lists from `boundaries` (a
    geo.read.boundaries.Boundaries; default the shipped set). `organisation` and `period` are
    written on the instructions sheet and in the workbook's properties (and the organisation is
    offered in the partner column). `rows`: records to fill in, each {"row", "values": {field:
    value}, "reasons": [(field or None, text)]}: a row with reasons is marked and each reason put in
    a comment on its cell. `corrects`: {"id", "reviewer", "note", "date"} of the returned
    submission this one corrects."""
    import openpyxl

    if kind not in SCHEMAS:
        raise ValueError(f"unknown kind '{kind}'; choose one of {', '.join(SCHEMAS)}")
    lang = "en" if lang == "en" else "fr"
    columns = template_columns(kind, lang)
    present, missing = region_choices(boundaries, lang)
    lists = {"region": present + missing, "cercle": cercle_choices(boundaries)}
    for field in ("category", *CODED_FIELDS):
        if any(c.field == field for c in columns):
            lists[field] = list(coded_labels(field, lang).values())
    partner_field = PARTNER_COLUMNS.get(kind)
    if organisation and partner_field:
        lists[partner_field] = [organisation]

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = t(f"kind.{kind}", lang)[:31]
    last = FIRST_ROW + max(BLANK_ROWS, len(rows or ()) + 200) - 1
    ranges = _lists_sheet(book, lists)
    _header(sheet, columns)
    _example(sheet, columns, kind, lang, organisation)
    filled = _rows(sheet, columns, rows or [], lang)
    _validations(sheet, columns, ranges, lang, last)
    _checks(sheet, columns, kind, last)
    _instructions(book, kind, lang, columns, organisation, period, present, missing, boundaries, corrects, filled)
    _properties(book, kind, lang, organisation, period, corrects)
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the data sheet ----------------------------------------------------------------------------

def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _fill(colour: str):
    from openpyxl.styles import PatternFill

    return PatternFill("solid", start_color=colour, end_color=colour)


def _header(sheet, columns: list[Column]) -> None:
    from openpyxl.styles import Alignment, Font

    for i, column in enumerate(columns, start=1):
        head = sheet.cell(HEADER_ROW, i, column.header)
        head.font = Font(bold=True)
        head.fill = _fill(_FILL["required" if column.required else "header"])
        head.alignment = Alignment(wrap_text=True, vertical="top")
        tag = sheet.cell(HXL_ROW, i, column.hxl)
        tag.font = Font(italic=True, color="555555")
        tag.fill = _fill(_FILL["hxl"])
        width = {"text": 24, "region": 16, "date": 13, "lat": 11, "lon": 11}.get(column.type, 14)
        sheet.column_dimensions[_letter(i)].width = max(width, min(len(column.header) + 3, 30))
    sheet.column_dimensions["A"].width = 44
    sheet.freeze_panes = sheet.cell(EXAMPLE_ROW + 1, 2)


def _example_values(kind: str, lang: str, organisation: str | None) -> dict:
    """The example row: towns of the shipped gazetteer (GeoNames) with their coordinates, figures
    that pass every check."""
    from geo.read.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    town = "mopti" if kind == "trainings" else "ansongo"
    place = gazetteer[(gazetteer["key"] == town) & (gazetteer["rank"] == 0)].iloc[0]
    where = {"place": place["name"], "region": region_names(lang)[place["region_iso"]], "cercle": place["name"],
             "latitude": round(float(place["latitude"]), 5), "longitude": round(float(place["longitude"]), 5)}
    who = organisation or t("template.example.organisation", lang)
    mark = f"{EXAMPLE_MARKS[lang]} : " if lang == "fr" else f"{EXAMPLE_MARKS[lang]}: "
    if kind == "cvr_projects":
        return where | {"title": mark + t("template.example.cvr_title", lang), "partner": who, "cost_xof": 25_000_000,
                        "beneficiaries": 300, "youth": 200, "women": 120, "launch_date": dt.date(2024, 3, 15),
                        "duration_months": 6, "category": t("category.himo", lang)}
    if kind == "sites":
        return where | {"name": mark + t("template.example.site_name", lang), "site_type": t("site_type.cantonment", lang),
                        "status": t("template.example.site_status", lang), "works": t("template.example.site_works", lang),
                        "date_start": dt.date(2024, 2, 1)}
    return where | {"title": mark + t("template.example.training_title", lang), "activity_type": t("activity.training", lang),
                    "date_start": dt.date(2024, 5, 6), "date_end": dt.date(2024, 5, 8), "organiser": who,
                    "audience": t("template.example.audience", lang), "men": 18, "women": 12, "total": 30}


def _put(cell, value, column: Column) -> None:
    cell.value = value
    if column.type == "date" and isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT


def _example(sheet, columns: list[Column], kind: str, lang: str, organisation: str | None) -> None:
    from openpyxl.styles import Font

    values = _example_values(kind, lang, organisation)
    for i, column in enumerate(columns, start=1):
        cell = sheet.cell(EXAMPLE_ROW, i)
        _put(cell, values.get(column.field), column)
        cell.font = Font(italic=True, color="7F6000")
        cell.fill = _fill(_FILL["example"])


def _rows(sheet, columns: list[Column], rows: list[dict], lang: str) -> int:
    """Write the rows to fill in from FIRST_ROW; a row with reasons is coloured and each reason
    goes in a comment on the cell of its field (the first cell when it names none). Returns how
    many rows are marked."""
    from openpyxl.comments import Comment

    position = {c.field: i for i, c in enumerate(columns, start=1)}
    marked = 0
    for offset, row in enumerate(sorted(rows, key=lambda r: r.get("row") or 0)):
        at = FIRST_ROW + offset
        for column in columns:
            _put(sheet.cell(at, position[column.field]), row["values"].get(column.field), column)
        reasons = row.get("reasons") or []
        if not reasons:
            continue
        marked += 1
        for column in columns:
            sheet.cell(at, position[column.field]).fill = _fill(_FILL["rejected"])
        by_cell: dict[int, list[str]] = {}
        for field, text in reasons:
            by_cell.setdefault(position.get(field, 1), []).append(text)
        for index, texts in by_cell.items():
            said = t("template.comment", lang, row=row.get("row") or "", reasons="\n".join(texts))
            comment = Comment(said, t("template.comment_author", lang))
            comment.width, comment.height = 320, 40 + 30 * len(texts)
            sheet.cell(at, index).comment = comment
    return marked


def _lists_sheet(book, lists: dict[str, list[str]]) -> dict[str, str]:
    """The closed lists, one per column of a hidden sheet; {field: the range a validation names}."""
    from openpyxl.utils import quote_sheetname

    hidden = book.create_sheet(LISTS_SHEET)
    hidden.sheet_state = "hidden"
    ranges = {}
    for i, (field, values) in enumerate((f, v) for f, v in lists.items() if v):
        letter = _letter(i + 1)
        hidden.cell(1, i + 1, field)
        for j, value in enumerate(values, start=2):
            hidden.cell(j, i + 1, value)
        ranges[field] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def _validations(sheet, columns: list[Column], ranges: dict[str, str], lang: str, last: int) -> None:
    """Each column's rule on its cells (example and rows to fill), with its input message; each
    header the same message."""
    from openpyxl.worksheet.datavalidation import DataValidation

    x0, y0, x1, y1 = MALI_BOUNDS
    earliest = (EARLIEST_DATE - _EXCEL_EPOCH).days
    for i, column in enumerate(columns, start=1):
        letter = _letter(i)
        title = column.header[:32]
        prompt = column.help[:255]
        head = DataValidation(showInputMessage=True, promptTitle=title, prompt=prompt)
        head.add(f"{letter}{HEADER_ROW}")
        sheet.add_data_validation(head)
        rule = _rule(column, ranges, lang, x0, y0, x1, y1, earliest)
        rule.showInputMessage, rule.promptTitle, rule.prompt = True, title, prompt
        rule.add(f"{letter}{EXAMPLE_ROW}:{letter}{last}")
        sheet.add_data_validation(rule)


def _rule(column: Column, ranges: dict[str, str], lang: str, x0, y0, x1, y1, earliest):
    from openpyxl.worksheet.datavalidation import DataValidation

    def error(key: str, style: str = "stop", **values) -> dict:
        return {"showErrorMessage": True, "errorStyle": style, "errorTitle": column.header[:32],
                "error": t(f"template.error.{key}", lang, **values)[:255]}

    if column.field in ranges:
        open_list = column.field in ("category",) or column.field in PARTNER_COLUMNS.values()
        style = "information" if column.field in PARTNER_COLUMNS.values() else "warning" if open_list else "stop"
        return DataValidation(type="list", formula1=ranges[column.field], allow_blank=True,
                              **error("list_open" if open_list else "list", style))
    if column.type == "count":
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                              **error("whole"))
    if column.type == "money":
        return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                              **error("money"))
    if column.type == "date":
        return DataValidation(type="date", operator="greaterThanOrEqual", formula1=str(earliest), allow_blank=True,
                              **error("date", year=EARLIEST_DATE.year))
    if column.type in ("lat", "lon"):
        low, high = (y0, y1) if column.type == "lat" else (x0, x1)
        return DataValidation(type="decimal", operator="between", formula1=str(low), formula2=str(high),
                              allow_blank=True, **error("coordinate", low=low, high=high))
    return DataValidation(allow_blank=True)   # free text: the input message alone


def _checks(sheet, columns: list[Column], kind: str, last: int) -> None:
    """What one cell's validation cannot say, coloured as the partner types: a training's men and
    women that do not add up to its total (the sex split), a project's women beyond its
    beneficiaries. The validator warns of both; neither is refused."""
    from openpyxl.formatting.rule import FormulaRule

    at = {c.field: _letter(i) for i, c in enumerate(columns, start=1)}
    row = EXAMPLE_ROW
    if kind == "trainings":
        men, women, total = (f"{at[f]}{row}" for f in ("men", "women", "total"))
        formula = f"AND(ISNUMBER({men}),ISNUMBER({women}),ISNUMBER({total}),{men}+{women}<>{total})"
        cells = f"{at['total']}{row}:{at['total']}{last}"
    elif kind == "cvr_projects":
        women, benef = f"{at['women']}{row}", f"{at['beneficiaries']}{row}"
        formula = f"AND(ISNUMBER({women}),ISNUMBER({benef}),{women}>{benef})"
        cells = f"{at['women']}{row}:{at['women']}{last}"
    else:
        return
    sheet.conditional_formatting.add(cells, FormulaRule(formula=[formula], fill=_fill(_FILL["check"])))


# --- the instructions sheet and the properties ---------------------------------------------------

def _instructions(book, kind: str, lang: str, columns: list[Column], organisation, period, present, missing,
                  boundaries, corrects, marked: int) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(t("template.instructions.sheet", lang), 1)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 18
    sheet.column_dimensions["C"].width = 12
    sheet.column_dimensions["D"].width = 90
    wrap = Alignment(wrap_text=True, vertical="top")
    lines: list[tuple] = [(t("template.instructions.title", lang, kind=t(f"kind.{kind}", lang)),)]
    if organisation:
        lines.append((t("template.instructions.organisation", lang), organisation))
    if period:
        lines.append((t("template.instructions.period", lang), period))
    set_name = (boundaries.info.get("name") if boundaries is not None else None) or "Natural Earth admin-1 (1:10m)"
    lines.append((t("template.instructions.boundaries", lang), set_name))
    if corrects:
        lines.append((t("template.instructions.corrects", lang, id=corrects["id"]),
                      t("template.instructions.returned", lang, reviewer=corrects.get("reviewer") or "",
                        date=corrects.get("date") or "", note=corrects.get("note") or "", n=marked)))
        if corrects.get("hidden"):
            lines.append((t("template.instructions.coordinates_hidden", lang),))
    lines.append(())
    for key in ("rows", "example", "required", "lists", "placement", "dates", "numbers", "csv", "submit"):
        lines.append((t(f"template.instructions.{key}", lang, example=EXAMPLE_MARKS[lang], row=EXAMPLE_ROW,
                        first=FIRST_ROW),))
    if missing:
        lines.append((t("template.instructions.missing_regions", lang, set=set_name, regions=", ".join(missing)),))
    lines.append(())
    lines.append((t("template.instructions.column", lang), t("template.instructions.hxl", lang),
                  t("template.instructions.required_col", lang), t("template.instructions.meaning", lang)))
    header_at = len(lines)
    yes, no = t("template.instructions.yes", lang), t("template.instructions.no", lang)
    for column in columns:
        choices = ""
        if column.field in ("category", *CODED_FIELDS):
            choices = " " + t("template.instructions.choices", lang,
                              values=", ".join(coded_labels(column.field, lang).values()))
        lines.append((column.header, column.hxl, yes if column.required else no, column.help + choices))
    for r, line in enumerate(lines, start=1):
        for c, value in enumerate(line, start=1):
            cell = sheet.cell(r, c, value)
            cell.alignment = wrap
        if len(line) == 1:
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
            sheet.row_dimensions[r].height = 15 * max(1, len(str(line[0])) // 120 + 1)
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    for c in range(1, 5):
        sheet.cell(header_at, c).font = Font(bold=True)
        sheet.cell(header_at, c).fill = _fill(_FILL["header"])


def _properties(book, kind: str, lang: str, organisation, period, corrects) -> None:
    from openpyxl.packaging.custom import StringProperty

    book.properties.title = t("template.instructions.title", lang, kind=t(f"kind.{kind}", lang))
    book.properties.creator = "Mali peace-process dashboard"
    said = {"kind": kind, "lang": lang, "organisation": organisation, "period": period,
            "corrects": str(corrects["id"]) if corrects else None}
    for name, value in said.items():
        if value:
            book.custom_doc_props.append(StringProperty(name=TEMPLATE_PROPERTY + name, value=str(value)))


# --- a returned submission, back as a template --------------------------------------------------

# Where a reason that names no column belongs: the coordinates, the end date.
_REASON_FIELDS = {"one_coordinate": "latitude", "invalid_coordinates": "latitude", "swapped": "latitude",
                  "outside_mali": "latitude", "end_before_start": "date_end"}


def correction_template(store, submission_id: int, lang: str = "fr", boundaries=None,
                        hide_coordinates: bool = False) -> bytes:
    """A returned submission of `store` as its template, filled: every row it had, in its order (the
    accepted records with their fields, the rejected rows as read), the rejected ones marked with
    each reason in a comment on its cell, the reviewer's note on the instructions sheet. Submitted
    again, it corrects that submission (geo.store.Store.submit(supersedes=...)). `hide_coordinates`
    (sites in the public view) leaves every coordinate out, and the instructions say so."""
    import json

    submission = store.get(submission_id)
    mapping = json.loads(submission.report).get("mapping", {})
    fields = {f.name for f in SCHEMAS[submission.kind]}
    rows = []
    records = store.records(submission_id, status=None)
    for record in records.to_dict("records"):
        rows.append({"row": record.get("row"), "values": _record_values(record, submission.kind, lang), "reasons": []})
    for rejected in store.rejected(submission_id):
        cells = rejected["cells"]
        values = {field: cells[column] for column, field in mapping.items() if field in fields and column in cells}
        values |= {column: value for column, value in cells.items() if column in fields and column not in values}
        values |= {f: coded_labels(f, lang).get(v, v) for f, v in values.items() if f in CODED_FIELDS}
        reasons = []
        for message in rejected["reasons"]:
            column = getattr(message, "values", {}).get("column")
            field = mapping.get(column) or (column if column in fields else None) or _REASON_FIELDS.get(
                getattr(message, "key", ""))
            reasons.append((field, in_language(message, lang)))
        rows.append({"row": rejected["row"], "values": values, "reasons": reasons})
    if hide_coordinates:
        for row in rows:
            row["values"] = {k: v for k, v in row["values"].items() if k not in ("latitude", "longitude")}
    corrects = {"id": submission.id, "reviewer": submission.reviewer, "note": submission.review_note,
                "date": submission.reviewed_at.strftime("%Y-%m-%d") if submission.reviewed_at else "",
                "hidden": hide_coordinates}
    return write_template(submission.kind, lang, boundaries if boundaries is not None else store.active_boundaries(),
                          organisation=submission.organisation, period=submission.period, rows=rows, corrects=corrects)


def _record_values(record: dict, kind: str, lang: str) -> dict:
    """A stored record's fields as a partner writes them: whole numbers as integers, codes as their
    labels, and its coordinates only when they were its own (a place or a cercle placed it otherwise)."""
    out = {}
    for f in SCHEMAS[kind]:
        value = record.get(f.name)
        if value is None or value != value:
            continue
        if f.type in ("lat", "lon") and record.get("location_source") != "record":
            continue
        if isinstance(value, float) and f.type in ("count", "money") and value == int(value):
            value = int(value)
        if f.name in CODED_FIELDS:
            value = coded_labels(f.name, lang).get(value, value)
        out[f.name] = value
    return out


__all__ = ["Column", "template_columns", "write_template", "correction_template", "region_choices", "cercle_choices",
           "coded_labels", "current_period"]
