"""The Data page's upload panel: a partner's records and boundary file, checked before they join
the session's dashboard. Reading and validation are geo.read.tables / geo.read.validate, the same as
`python -m geo validate`; this file only arranges widgets.

Session contract (read by ui.state.current_dataset):
- st.session_state["user_uploads"]: list of {"id": str, "report": ValidationReport, "replace": bool};
  the id changes whenever the file, its kind or its column mapping changes;
- st.session_state["user_boundaries"]: a geo.read.boundaries.Boundaries replacing the shipped set.

Nothing is written to disk: files are read from memory (zips unpack in a temporary folder).
Partner text is shown only through st.dataframe / st.code or escaped, never as Markdown.
"""
from __future__ import annotations

import hashlib
import re

import pandas as pd
import streamlit as st

from geo import i18n
from geo.messages import Message, in_language
from geo.read.boundaries import Boundaries
from geo.read.budget import read_boundaries_within, read_table_within
from geo.read.headers import guess_kind, propose_mapping
from geo.read.headers import unused_columns as unused_in
from geo.read.tables import MAX_FILE_BYTES, RawTable, ReadError
from geo.read.validate import ValidationReport, validate_table
from geo.regions import nearest_region, region_name
from geo.render.escape import esc
from geo.schema import RECORD_KINDS, SCHEMAS, SENSITIVE_KINDS
from geo.settings import public_mode
from geo.store import StoreError, sha256_of
from geo.store.periods import Period, parse_period, period_of
from ui.access import allowed, current_person
from ui.state import KEY, organisation_boundaries
from ui.store import app_store
from ui.tables import paged_table
from ui.text import plain

RECORD_TYPES = ["csv", "txt", "tsv", "xlsx", "xlsm", "geojson", "json", "gpkg", "zip"]
BOUNDARY_TYPES = ["geojson", "json", "gpkg", "zip"]
UPLOADS, BOUNDARIES = KEY.uploads, KEY.boundaries


def render_uploads(lang: str, session_boundaries: bool = True) -> None:
    """Draw the whole panel: records first, then (when `session_boundaries`) a boundary file for this
    session alone, each with its report. Admins set the organisation's set instead (ui.boundary_sets)."""
    st.session_state.setdefault(UPLOADS, [])
    st.caption(_t("uploads.intro_submit" if allowed("submit") else "uploads.intro", lang,
                  limit=MAX_FILE_BYTES // 2**20))
    _records_panel(lang)
    if session_boundaries:
        st.divider()
        _boundaries_panel(lang)


# --- records -----------------------------------------------------------------------------------

def _records_panel(lang: str) -> None:
    st.subheader(_t("uploads.records.title", lang))
    _current_uploads(lang)
    upload = st.file_uploader(_t("uploads.records.file", lang), type=RECORD_TYPES,
                              key=f"uploads_records_{st.session_state.get('_uploads_records_key', 0)}",
                              help=_t("uploads.records.help", lang))
    if upload is None:
        return
    data = upload.getvalue()
    digest = hashlib.sha1(data).hexdigest()[:12]
    table = _read_records(data, upload.name, digest, lang)
    if table is None:
        return
    for note in table.notes:
        st.info(plain(in_language(note, lang)))

    headers = list(table.frame.columns)
    said = (table.template or {}).get("kind")   # a reporting template says its kind
    guessed = said if said in RECORD_KINDS else guess_kind(headers)
    kind = st.selectbox(_t("uploads.kind", lang), RECORD_KINDS, index=RECORD_KINDS.index(guessed),
                        format_func=lambda k: _t(f"uploads.kind.{k}", lang), key=f"uploads_kind_{digest}")
    mapping = _mapping_editor(table, kind, digest, lang)
    table, fixes = _region_corrections(table, mapping, digest, lang)
    report = _validate(table, kind, mapping, digest + fixes, lang)
    _report(report, table, lang)
    unused = unused_columns(table, kind, mapping)
    if unused:
        st.warning(plain(_t("uploads.unused", lang, n=len(unused), columns=", ".join(unused))))
    upload_id = f"{upload.name}#{digest}:{kind}:{_mapping_hash(mapping)}{fixes}"
    if allowed("submit"):   # a partner's next step is the review; trying it alone in this session comes second
        _submission_form(upload_id, data, report, table, lang)
        with st.expander(_t("uploads.preview.title", lang), icon=":material/visibility:"):
            _session_preview(upload_id, report, kind, digest, lang, primary=False)
    else:
        _session_preview(upload_id, report, kind, digest, lang, primary=True)


def _session_preview(upload_id: str, report: ValidationReport, kind: str, digest: str, lang: str,
                     primary: bool) -> None:
    """Show the accepted rows in this session's pages only: nothing is stored, nobody else sees them."""
    st.caption(_t("uploads.preview.help", lang))
    replace = st.radio(_t("uploads.join", lang), ["beside", "instead"], horizontal=True,
                       format_func=lambda c: _t(f"uploads.join.{c}", lang, kind=_t(f"uploads.kind.{kind}", lang)),
                       key=f"uploads_join_{digest}") == "instead"
    if st.button(_t("uploads.add", lang, n=i18n.number(report.accepted_count, lang)),
                 type="primary" if primary else "secondary", disabled=report.accepted_count == 0,
                 key=f"uploads_add_{digest}"):
        add_upload(upload_id, report, replace)
        st.success(_t("uploads.added", lang, n=i18n.number(report.accepted_count, lang)))


def _region_corrections(table: RawTable, mapping: dict[str, str], digest: str, lang: str) -> tuple[RawTable, str]:
    """Region names the crosswalk does not know ('Kidall', 'Moptii'): the nearest known name for each
    distinct value, offered in one table; accepted in one click, they are applied to the sheet as read
    and recorded in its report (a note per value: what was written, what it became, on how many
    rows). Returns the table to validate and a key that changes with the corrections applied."""
    column = next((c for c, f in mapping.items() if f == "region"), None)
    if column is None:
        return table, ""
    written = table.frame[column].astype(str).str.strip()
    found = {}
    for value in dict.fromkeys(v for v in written if v):
        code = nearest_region(value)
        if code:
            found[value] = code
    applied_key = f"_uploads_regions_{digest}_{column}"
    applied = st.session_state.get(applied_key)
    if applied:
        corrected = _corrected(table, column, written, applied)
        st.success(plain(" ".join(in_language(n, lang) for n in corrected.notes if getattr(n, "key", "") ==
                                  "region_corrected")), icon=":material/spellcheck:")
        return corrected, ":regions=" + _mapping_hash(applied)
    if not found:
        return table, ""
    st.markdown(f"**{_t('uploads.regions.title', lang)}**")
    rows = "".join(f"<tr><td>{esc(value)}</td><td>{esc(region_name(code))}</td><td>{esc(code)}</td>"
                   f"<td class='n'>{i18n.number(int((written == value).sum()), lang)}</td></tr>"
                   for value, code in found.items())
    st.markdown(f"<table class='reasons'><thead><tr><th>{esc(_t('uploads.regions.written', lang))}</th>"
                f"<th>{esc(_t('uploads.regions.suggested', lang))}</th><th>ISO 3166-2</th>"
                f"<th class='n'>{esc(_t('uploads.regions.rows', lang))}</th></tr></thead><tbody>{rows}</tbody></table>",
                unsafe_allow_html=True)
    if st.button(_t("uploads.regions.apply", lang, n=len(found)), key=f"uploads_regions_apply_{digest}",
                 icon=":material/spellcheck:"):
        st.session_state[applied_key] = {value: region_name(code) for value, code in found.items()}
        st.rerun()
    return table, ""


def _corrected(table: RawTable, column: str, written: pd.Series, applied: dict[str, str]) -> RawTable:
    from dataclasses import replace

    frame = table.frame.copy()
    changed = written.isin(list(applied))
    frame.loc[changed, column] = written[changed].map(applied)
    notes = [Message("region_corrected", column=column, written=value, region=name,
                     rows=int((written == value).sum())) for value, name in applied.items()]
    return replace(table, frame=frame, notes=[*table.notes, *notes])


def _submission_form(upload_id: str, data: bytes, report: ValidationReport, table: RawTable, lang: str) -> None:
    """Send the validated file to the shared store, for a reviewer to publish: for which
    organisation and reporting period. Its rows show at once in this session, marked as not yet
    published."""
    st.markdown(f"**{_t('submit.title', lang)}**")
    st.caption(_t("submit.help", lang))
    who = current_person()
    digest = upload_id.split("#", 1)[1].split(":", 1)[0]
    left, middle, right = st.columns([2, 1, 2])
    if allowed("submit_any_organisation"):
        organisation = left.text_input(_t("submit.organisation", lang), value=who.organisation or "",
                                       key=f"submit_org_{digest}")
    else:
        organisation = who.organisation or ""
        left.text_input(_t("submit.organisation", lang), value=organisation, disabled=True, key=f"submit_org_{digest}")
    corrects = _corrects_input(organisation, report.kind, table, digest, lang)
    # the period proposed: the returned submission's when correcting one, else the one the sheet's
    # dates fall in, else the one its template says
    sheet = (parse_period(corrects.period) if corrects is not None else period_of(sheet_dates(report))
             or _template_period(table))
    kinds = ["month", "quarter", "range"]
    proposed = "range" if sheet is None or "/" in sheet.label or len(sheet.label) == 4 else (
        "quarter" if "Q" in sheet.label else "month")
    how = middle.radio(_t("submit.period_kind", lang), kinds, index=kinds.index(proposed), key=f"submit_how_{digest}",
                       format_func=lambda k: _t(f"submit.period.{k}", lang))
    period = period_input(right, how, digest, lang, sheet)
    if corrects is not None:
        st.caption(_t("submit.period_from_return", lang, period=sheet.label, id=corrects.id))
    elif sheet is not None:
        st.caption(_t("submit.period_from_sheet", lang, period=sheet.label))
    if not organisation:
        st.warning(_t("submit.no_organisation", lang))
        return
    if st.button(_t("submit.button", lang), disabled=report.accepted_count == 0 or period is None, type="primary",
                 key=f"submit_send_{digest}", icon=":material/send:"):
        if not allowed("submit"):   # checked again: a crafted request gets nothing
            return
        try:
            submission = app_store().submit(report, organisation=organisation, period=period, actor=who.label,
                                            sha256=sha256_of(data), file_name=report.file, raw_table=table,
                                            supersedes=corrects.id if corrects is not None else None)
        except StoreError as err:
            st.error(plain(in_language(err.args[0], lang)))
            return
        st.success(_t("submit.done", lang, id=submission.id, period=submission.period))


def open_returns_of(organisation: str, kind: str) -> list:
    """The organisation's returned submissions of `kind` that no submission corrects yet, newest first."""
    submissions = app_store().list(organisation=organisation) if organisation else []
    corrected = {s.supersedes for s in submissions if s.supersedes}
    return [s for s in submissions if s.kind == kind and s.status == "returned" and s.id not in corrected]


def _corrects_input(organisation: str, kind: str, table: RawTable, digest: str, lang: str):
    """Which returned submission this file corrects, if any: offered among the organisation's open
    returns of this kind, the one a correction template names chosen first. None: a new report."""
    returns = open_returns_of(organisation, kind)
    if not returns:
        return None
    named = str((table.template or {}).get("corrects") or "")
    ids = [None, *(s.id for s in returns)]
    index = next((i for i, r in enumerate(ids) if r is not None and str(r) == named), 0)
    by_id = {s.id: s for s in returns}
    chosen = st.selectbox(_t("submit.corrects", lang), ids, index=index, key=f"submit_corrects_{digest}",
                          format_func=lambda i: _t("submit.corrects.none", lang) if i is None else _t(
                              "submit.corrects.one", lang, id=i, period=by_id[i].period, note=by_id[i].review_note or ""),
                          help=_t("submit.corrects.help", lang))
    return by_id.get(chosen)


def _template_period(table: RawTable) -> Period | None:
    """The reporting period a template was made for, if it says one."""
    try:
        return parse_period((table.template or {}).get("period") or "")
    except ValueError:
        return None


def period_input(column, how: str, digest: str, lang: str, sheet: Period | None = None) -> Period | None:
    """The reporting period, starting from the one the sheet's dates fall in (else this month)."""
    import datetime as dt

    today = dt.date.today()
    start = sheet.start if sheet is not None else today.replace(day=1)
    end = sheet.end if sheet is not None else today
    if how == "range":
        chosen = column.date_input(_t("submit.period.range", lang), value=(start, end),
                                   key=f"submit_range_{digest}", format="DD/MM/YYYY")
        if not isinstance(chosen, tuple | list) or len(chosen) != 2:
            return None
        text = f"{chosen[0].isoformat()}/{chosen[1].isoformat()}"
    else:
        years = sorted(set(range(today.year, today.year - 12, -1)) | {start.year}, reverse=True)
        year = column.selectbox(_t("submit.year", lang), years, index=years.index(start.year), key=f"submit_year_{digest}")
        if how == "quarter":
            part = column.selectbox(_t("submit.period.quarter", lang), [1, 2, 3, 4], key=f"submit_q_{digest}",
                                    index=(start.month - 1) // 3,
                                    format_func=lambda q: f"T{q}" if lang == "fr" else f"Q{q}")
            text = f"{year}-Q{part}"
        else:
            part = column.selectbox(_t("submit.period.month", lang), list(range(1, 13)), key=f"submit_m_{digest}",
                                    index=start.month - 1,
                                    format_func=lambda m: i18n.date_label(f"{year}-{m:02d}", "month", lang))
            text = f"{year}-{part:02d}"
    return parse_period(text)


def sheet_dates(report: ValidationReport) -> list:
    """The dates of a sheet's accepted rows (launch or start dates, whatever their precision)."""
    import datetime as dt

    from geo.schema import DATE_COLUMNS

    accepted = report.accepted
    dates = []
    for column in DATE_COLUMNS.get(report.kind, ())[:1]:
        if column in accepted:
            dates += [d for d in accepted[column] if isinstance(d, dt.date)]
    return dates


def _read_records(data: bytes, name: str, digest: str, lang: str) -> RawTable | None:
    """Read once per file (kept in the session); a ReadError becomes one sentence on screen."""
    cached = st.session_state.get("_uploads_table")
    if cached and cached[0] == digest:
        return cached[1]
    with st.status(_t("uploads.reading", lang, name=plain(name), size=_size(len(data), lang)), expanded=False) as status:
        try:
            table = read_table_within(data, name)   # a worker with a deadline: no file holds the server
        except ReadError as err:
            status.update(label=_t("uploads.unreadable", lang), state="error")
            st.error(plain(in_language(err.args[0], lang)))
            return None
        except Exception as err:  # a file no reader expected: a sentence, never a traceback
            status.update(label=_t("uploads.unreadable", lang), state="error")
            st.error(plain(_t("uploads.unexpected", lang, name=name, error=type(err).__name__)))
            return None
        status.update(label=_t("uploads.read", lang, name=plain(name), n=i18n.number(len(table.frame), lang)),
                      state="complete")
    st.session_state["_uploads_table"] = (digest, table)
    return table


def _mapping_editor(table: RawTable, kind: str, digest: str, lang: str) -> dict[str, str]:
    """The proposed {column: field}, shown as a table the user can correct."""
    headers = list(table.frame.columns)
    proposed = propose_mapping(headers, kind, table.hxl_tags)
    fields = [f.name for f in SCHEMAS[kind]]
    hide = kind in SENSITIVE_KINDS and public_mode()   # no site coordinate on screen in public mode
    editor = pd.DataFrame({
        "column": headers,
        "hxl": table.hxl_tags or [""] * len(headers),
        "example": ["…" if hide and proposed.get(c) in {"latitude", "longitude"} else _example(table.frame[c])
                    for c in headers],
        "field": [proposed.get(h, "") for h in headers],
    })
    st.markdown(f"**{_t('uploads.mapping', lang)}**")
    st.caption(_t("uploads.mapping.help", lang,
                  required=", ".join(field_label(f.name, lang) for f in SCHEMAS[kind] if f.required)))
    edited = st.data_editor(
        editor, hide_index=True, width="stretch", key=f"uploads_mapping_{digest}_{kind}",
        disabled=["column", "hxl", "example"],
        column_config={
            "column": st.column_config.TextColumn(_t("uploads.mapping.column", lang)),
            "hxl": st.column_config.TextColumn(_t("uploads.mapping.hxl", lang)),
            "example": st.column_config.TextColumn(_t("uploads.mapping.example", lang)),
            "field": st.column_config.SelectboxColumn(_t("uploads.mapping.field", lang), options=[""] + fields,
                                                      format_func=lambda f: field_label(f, lang)),
        })
    mapping, twice = mapping_from_editor(edited, fields)
    for column, field, first in twice:
        st.warning(plain(_t("uploads.mapping.twice", lang, field=field_label(field, lang), first=first, column=column)))
    return mapping


def field_label(field: str, lang: str) -> str:
    """A record field's name in the interface's language ('cost_xof' → 'Coût (FCFA)'); '' → not used."""
    return _t(f"field.{field}", lang) if field else _t("uploads.mapping.none", lang)


def unused_columns(table: RawTable, kind: str, mapping: dict[str, str]) -> list[str]:
    """The sheet's columns the dashboard does not use (geo.read.headers.unused_columns)."""
    return unused_in(list(table.frame.columns), kind, mapping)


def mapping_from_editor(edited: pd.DataFrame, fields) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """{column: field} from the edited table, each field once (the first column that gives it),
    and the (column, field, first column) left out because another column already gives the field."""
    mapping, used, twice = {}, {}, []
    for column, field in zip(edited["column"], edited["field"]):
        if not field or field not in fields:
            continue
        if field in used:
            twice.append((column, field, used[field]))
            continue
        mapping[column] = field
        used[field] = column
    return mapping, twice


def _validate(table: RawTable, kind: str, mapping: dict[str, str], digest: str, lang: str) -> ValidationReport:
    """validate_table against the session's boundaries, kept until the file, kind or mapping change;
    a bar counts the rows checked while it runs (a 50 MB sheet takes a few seconds)."""
    boundaries = st.session_state.get(BOUNDARIES)
    against = id(boundaries) if boundaries is not None else (organisation_boundaries().info.get("set") or {}).get("id")
    key = (digest, kind, _mapping_hash(mapping), against)
    cached = st.session_state.get("_uploads_report")
    if cached and cached[0] == key:
        return cached[1]
    frame = (boundaries if isinstance(boundaries, Boundaries) else organisation_boundaries()).frame
    bar = st.progress(0.0, text=_t("uploads.checking", lang, done=0, total=i18n.number(len(table.frame), lang)))

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=_t("uploads.checking", lang, done=i18n.number(done, lang),
                                                     total=i18n.number(total, lang)))

    report = validate_table(table, kind=kind, mapping=mapping, boundaries=frame, progress=progress)
    bar.empty()
    st.session_state["_uploads_report"] = (key, report)
    return report


def _report(report: ValidationReport, table: RawTable, lang: str) -> None:
    st.markdown(f"**{_t('uploads.report', lang)}**")
    unit = _t(f"uploads.unit.{report.unit}", lang)
    cols = st.columns(4)
    cols[0].metric(_t("uploads.rows_in", lang, unit=unit), i18n.number(report.rows_in, lang))
    cols[1].metric(_t("uploads.accepted", lang), i18n.number(report.accepted_count, lang))
    cols[2].metric(_t("uploads.rejected", lang), i18n.number(len(report.rejected), lang))
    cols[3].metric(_t("uploads.blank", lang), i18n.number(report.blank_rows, lang))
    for note in report.notes:
        if note not in table.notes:
            st.warning(plain(in_language(note, lang)))
    if report.rejected:
        st.markdown(f"**{_t('uploads.rejected.title', lang, unit=unit)}**")
        reasons = _t("uploads.reasons", lang)
        rows = [(r["row"], "; ".join(in_language(x, lang) for x in r["reasons"])) for r in report.rejected]
        reason_table(rows, unit.capitalize(), reasons, lang, key=f"uploads_rejected_{id(report)}")
        st.download_button(_t("uploads.download", lang), rejected_csv(report, table, lang),
                           file_name=f"{_stem(report.file)}_rejected.csv", mime="text/csv",
                           key=f"uploads_download_{id(report)}")
    if report.warnings:
        st.markdown(f"**{_t('uploads.warnings', lang)}**")
        reason_table([(w["row"], in_language(w["message"], lang)) for w in report.warnings], unit.capitalize(),
                     _t("uploads.message", lang), lang, key=f"uploads_warnings_{id(report)}")
    if not report.rejected and not report.warnings:
        st.success(_t("uploads.all_good", lang))


WRAPPED_ROWS = 200   # up to this many, every reason is read whole; beyond, a table a page at a time (and the CSV)


def reason_table(rows: list[tuple[int, str]], unit: str, what: str, lang: str, key: str) -> None:
    """Row numbers and their reasons, each reason wrapped and read whole (a grid cuts long text);
    a long list a page at a time (ui.tables.paged_table, its widgets named by `key`): 9,000
    rejected rows are not sent to the browser at once. Every text is escaped: reasons quote the
    partner's cells."""
    if len(rows) > WRAPPED_ROWS:   # headers already in the reader's language (a text is its own key)
        paged_table(pd.DataFrame(rows, columns=[unit, what]), [(unit, unit), (what, what)], key)
        return
    body = "".join(f"<tr><td class='n'>{i18n.number(row, lang)}</td><td>{esc(text)}</td></tr>" for row, text in rows)
    st.markdown(f"<table class='reasons'><thead><tr><th class='n'>{esc(unit)}</th><th>{esc(what)}</th></tr></thead>"
                f"<tbody>{body}</tbody></table>", unsafe_allow_html=True)


def rejected_csv(report: ValidationReport, table: RawTable, lang: str = "en") -> bytes:
    """The rejected rows as read, with their row number and reasons: CSV in the interface's
    language (headers, reasons; ';' between cells in French, as French Excel expects), UTF-8 with
    BOM, and cells a spreadsheet would run as formulas neutralised."""
    from geo.render.tables import neutralise

    frame = report.rejected_frame(table, lang).rename(columns={
        report.unit: _t(f"uploads.unit.{report.unit}", lang).capitalize(), "reasons": _t("uploads.reasons", lang)})
    return neutralise(frame).to_csv(index=False, sep=";" if lang == "fr" else ",").encode("utf-8-sig")


def add_upload(upload_id: str, report: ValidationReport, replace: bool) -> None:
    """Put an upload in the session, replacing an earlier version of the same file."""
    file_key = upload_id.split(":", 1)[0]
    uploads = [u for u in st.session_state.get(UPLOADS, []) if u["id"].split(":", 1)[0] != file_key]
    uploads.append({"id": upload_id, "report": report, "replace": bool(replace)})
    st.session_state[UPLOADS] = uploads


def _current_uploads(lang: str) -> None:
    uploads = st.session_state.get(UPLOADS) or []
    for index, upload in enumerate(uploads):
        report = upload["report"]
        cols = st.columns([5, 1])
        cols[0].text(_t("uploads.current", lang, file=report.file, kind=_t(f"uploads.kind.{report.kind}", lang),
                        n=i18n.number(report.accepted_count, lang),
                        how=_t("uploads.join.instead_short" if upload["replace"] else "uploads.join.beside_short", lang)))
        if cols[1].button(_t("uploads.remove", lang), key=f"uploads_remove_{index}_{upload['id']}"):
            st.session_state[UPLOADS] = [u for u in uploads if u["id"] != upload["id"]]
            st.session_state["_uploads_records_key"] = st.session_state.get("_uploads_records_key", 0) + 1
            st.session_state.pop("_uploads_table", None)
            st.rerun()


# --- boundaries --------------------------------------------------------------------------------

def _boundaries_panel(lang: str) -> None:
    st.subheader(_t("uploads.boundaries.title", lang))
    st.caption(_t("uploads.boundaries.help", lang))
    upload = st.file_uploader(_t("uploads.boundaries.file", lang), type=BOUNDARY_TYPES,
                              key=f"uploads_boundaries_{st.session_state.get('_uploads_boundaries_key', 0)}")
    if upload is not None:
        data = upload.getvalue()
        digest = hashlib.sha1(data).hexdigest()[:12]
        if st.session_state.get("_uploads_boundaries_digest") != digest:
            with st.status(_t("uploads.reading", lang, name=plain(upload.name), size=_size(len(data), lang)),
                           expanded=False) as status:
                try:
                    boundaries = read_boundaries_within(data, upload.name)
                except ReadError as err:
                    status.update(label=_t("uploads.unreadable", lang), state="error")
                    st.error(plain(in_language(err.args[0], lang)))
                    return
                except Exception as err:  # never a traceback on screen
                    status.update(label=_t("uploads.unreadable", lang), state="error")
                    st.error(plain(_t("uploads.unexpected", lang, name=upload.name, error=type(err).__name__)))
                    return
                status.update(label=_t("uploads.boundaries.read", lang, name=plain(upload.name),
                                       n=len(boundaries.frame)), state="complete")
            st.session_state[BOUNDARIES] = boundaries
            st.session_state["_uploads_boundaries_digest"] = digest
    boundaries = st.session_state.get(BOUNDARIES)
    if not isinstance(boundaries, Boundaries):
        return
    info = boundaries.info
    st.success(_t("uploads.boundaries.active", lang, file=plain(info.get("file", info.get("name", "")))))
    st.dataframe(boundaries.frame[["region", "iso_code", "source_name"]].rename(columns={
        "region": _t("uploads.boundaries.region", lang), "iso_code": "ISO 3166-2",
        "source_name": _t("uploads.boundaries.source_name", lang)}), hide_index=True, width="stretch")
    if info.get("unmatched"):
        st.warning(_t("uploads.boundaries.unmatched", lang))
        st.code("\n".join(map(str, info["unmatched"])), language=None)
    if info.get("missing_regions"):
        st.info(plain(_t("uploads.boundaries.missing", lang, regions=", ".join(info["missing_regions"]))))
    for note in info.get("notes", []):
        st.caption(plain(in_language(note, lang)))
    if st.button(_t("uploads.boundaries.remove", lang), key="uploads_boundaries_remove"):
        st.session_state.pop(BOUNDARIES, None)
        st.session_state.pop("_uploads_boundaries_digest", None)
        st.session_state.pop("_uploads_report", None)   # region checks ran against these boundaries
        st.session_state["_uploads_boundaries_key"] = st.session_state.get("_uploads_boundaries_key", 0) + 1
        st.rerun()


# --- small helpers -----------------------------------------------------------------------------

def _t(key: str, lang: str, **values) -> str:
    return i18n.t(key, lang, **values)


def _example(column: pd.Series) -> str:
    value = next((v for v in column if v is not None and str(v).strip()), "")
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:39] + "…"


def _mapping_hash(mapping: dict[str, str]) -> str:
    return hashlib.sha1(repr(sorted(mapping.items())).encode("utf-8")).hexdigest()[:8]


def _size(n: int, lang: str) -> str:
    if n >= 2**20:
        return _t("size.mb", lang, n=i18n.number(n / 2**20, lang, 1))
    return _t("size.kb", lang, n=i18n.number(max(n, 1) / 1024, lang))


def _stem(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name.rsplit(".", 1)[0])[:60] or "upload"
