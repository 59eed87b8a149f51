"""Data: first the reporting template to download (ui/templates.py), the upload panel (ui/uploads.py)
that adds a partner's records or boundaries to the session or submits them (for admins: the
organisation's boundary set instead, ui/boundary_sets.py) and the form for one record at a time
(ui/record_form.py); then what is
loaded and from which source documents, the boundary set in use with its licence, the places that
could not be located, and the validation reports."""
import functools

import pandas as pd
import streamlit as st

from geo.messages import in_language
from geo.render.reported import source_title
from geo.schema import RECORD_KINDS
from ui.access import allowed
from ui.boundary_sets import render_boundary_sets
from ui.exports import data_downloads
from ui.layout import filter_summary, guarded
from ui.notices import partner_notices
from ui.record_form import record_form
from ui.state import current_dataset, current_filters, current_view, filtered_dataset, lang, t, whole_view
from ui.tables import activities_table, blank_empty, paged_table, programme_totals_table, shown_targets_table
from ui.templates import template_download
from ui.text import plain
from ui.uploads import render_uploads


def loaded(dataset, shown) -> None:
    """Each kind's records by where they come from: the source documents shipped in data/, the
    partners' submissions published in the store, and this session's own (not yet published)."""
    st.subheader(t("data.loaded"))
    st.dataframe(current_view().get(("loaded_table", lang()), lambda: loaded_table(dataset, shown)), hide_index=True,
                 width="stretch")


def loaded_table(dataset, shown) -> pd.DataFrame:
    """The table of loaded(), made once per view and language."""
    rows = []
    for kind in RECORD_KINDS:
        table = dataset.table(kind)
        origin = origins(table)
        kind_reports = [r for r in dataset.reports.values() if r.kind == kind]
        rows.append({t("field.kind"): t(f"kind.{kind}"), t("data.rows"): len(table),
                     t("data.filtered"): len(shown.table(kind)),
                     t("data.from_sources"): int((origin == "shipped").sum()),
                     t("data.from_store"): int((origin == "published").sum()),
                     t("data.from_pending"): int((origin == "pending").sum()),
                     t("data.from_session"): int((origin == "session").sum()),
                     t("data.file"): ", ".join(r.file for r in kind_reports) or "—",
                     t("data.rejected"): sum(len(r.rejected) for r in kind_reports)})
    return pd.DataFrame(rows)


def sources_table(dataset) -> pd.DataFrame:
    """Each document by its title, with the file it was read from."""
    files = dataset.sources()
    return pd.DataFrame({t("field.source_doc"): [source_title(f, lang()) for f in files], t("data.file"): files})


def origins(table) -> pd.Series:
    """Where each record comes from (geo.model.dataset.ORIGINS); a partner's file read alone has none."""
    return table["origin"] if "origin" in table else pd.Series("session", index=table.index, dtype=object)


def boundaries(dataset) -> None:
    st.subheader(t("data.boundaries"))
    info = dataset.boundary_info
    missing = ", ".join(info.get("missing_regions") or []) or t("data.boundary.none_missing")
    rows = [(t("data.boundary.name"), info.get("name")),
            (t("data.boundary.source"), in_language(info.get("source", ""), lang())),
            (t("data.boundary.licence"), in_language(info.get("licence", ""), lang())), (t("data.boundary.missing"), missing),
            (t("data.boundary.cercles"), str(len(dataset.cercles)) if len(dataset.cercles) else t("data.boundary.no_cercles"))]
    if info.get("set"):   # the organisation's set: who set it, when, and the file's fingerprint
        chosen = info["set"]
        rows.append((t("data.boundary.set"), t("data.boundary.set_by", id=chosen["id"], by=chosen["set_by"],
                                               at=str(chosen["set_at"])[:16].replace("T", " "), sha=chosen["sha256"][:16])))
    if info.get("notes"):
        rows.append((t("data.boundary.notes"), " ".join(in_language(n, lang()) for n in info["notes"])))
    st.dataframe(pd.DataFrame(rows, columns=[t("field.metric"), t("field.value")]), hide_index=True, width="stretch")
    if info.get("missing_regions"):
        st.warning(plain(t("map.missing_regions", regions=missing)))


def unlocated(dataset) -> None:
    st.subheader(t("data.unlocated"))
    lost = whole_view().get("unlocated", dataset.unlocated)
    if lost.empty:
        st.success(t("data.unlocated_none"))
        return
    paged_table(lost.reset_index(drop=True), UNLOCATED_COLUMNS, "data_unlocated", shown=unlocated_rows)


UNLOCATED_COLUMNS = [("kind", "field.kind"), ("record", "field.record"), ("place", "field.place"),
                     ("region", "field.region"), ("source_doc", "field.source_doc")]


def unlocated_rows(lost):
    """Rows of the places that could not be located, with their headers in the reader's language."""
    lost = blank_empty(lost.assign(kind=lost["kind"].map(lambda k: t(f"kind.{k}")),
                                   source_doc=lost["source_doc"].map(
                                       lambda d: source_title(d, lang()) if isinstance(d, str) else d)))
    return lost.rename(columns={column: t(header) for column, header in UNLOCATED_COLUMNS})


def reports(dataset) -> None:
    st.subheader(t("data.reports"))
    for report in dataset.reports.values():
        st.text("• " + t("data.report_line", file=report.file, kind=t(f"kind.{report.kind}"),
                         accepted=report.accepted_count, rows=report.rows_in, rejected=len(report.rejected),
                         warnings=len(report.warnings)))
        if report.rejected:
            with st.expander(t("data.rejected_rows")):
                rows = pd.DataFrame({"row": [r.get("row") for r in report.rejected], "at": range(len(report.rejected))})
                paged_table(rows, [("row", "row")], f"data_rejected_{report.file}", shown=functools.partial(
                    rejected_rows, report.rejected))
        if report.warnings:
            with st.expander(t("data.warnings")):
                rows = pd.DataFrame({"row": [w.get("row") for w in report.warnings], "at": range(len(report.warnings))})
                paged_table(rows, [("row", "row")], f"data_warnings_{report.file}", shown=functools.partial(
                    warning_rows, report.warnings))


def rejected_rows(rejected: list[dict], part: pd.DataFrame) -> pd.DataFrame:
    """The rejected rows of `part` (positions in `rejected`) with their reasons in the reader's language."""
    return pd.DataFrame([{"row": rejected[i].get("row"),
                          "reasons": "; ".join(in_language(x, lang()) for x in rejected[i].get("reasons", []))}
                         for i in part["at"]])


def warning_rows(warnings: list[dict], part: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame([warnings[i] for i in part["at"]]).astype(str)


def data_page() -> None:
    st.title(t("data.title"))
    st.caption(filter_summary(current_filters()))   # the downloads below are of this view
    partner_notices()   # what happened to the partner's sheets, before anything else
    dataset = current_dataset()
    # bringing a sheet comes first: one click from the sidebar, not two screens down
    st.header(t("data.uploads"))
    template_download(lang())   # the template a partner fills in, for everyone
    if allowed("upload"):
        render_uploads(lang(), session_boundaries=not allowed("manage_boundaries"))
        st.divider()
        record_form(lang())     # or one record at a time
        if allowed("manage_boundaries"):   # the organisation's set, for everyone, instead of this session's
            st.divider()
            render_boundary_sets(lang())
    else:   # anonymous visitors and viewers cannot upload: say how to
        st.info(t("data.uploads_sign_in"))
    st.divider()
    loaded(dataset, filtered_dataset())
    st.subheader(t("download.data_title"))
    st.caption(t("download.data_note"))
    data_downloads()
    st.subheader(t("data.sources"))
    st.dataframe(whole_view().get(("sources_table", lang()), lambda: sources_table(dataset)), hide_index=True,
                 width="stretch")
    st.subheader(t("data.programme_totals"))
    st.caption(t("data.programme_totals_note"))
    st.dataframe(programme_totals_table(), hide_index=True, width="stretch")
    st.subheader(t("targets.title"))
    st.caption(t("targets.note"))
    st.dataframe(shown_targets_table(), hide_index=True, width="stretch")
    st.subheader(t("activities.title"))
    st.caption(t("activities.note"))
    st.dataframe(whole_view().get(("activities_table", lang()), activities_table), hide_index=True, width="stretch")
    boundaries(dataset)
    unlocated(dataset)
    reports(dataset)


guarded(data_page)
