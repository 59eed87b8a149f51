"""Review: the submissions waiting for a reviewer (their report, a small map, what they change against
the organisation's previous published sheet), publish or return them; and the history of every
submission, with withdraw and restore. A partner sees here the status of its own organisation's
submissions only."""
import json

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.messages import in_language
from geo.model.dataset import Dataset
from geo.model.locate import with_points
from geo.model.public import apply_public_mode, hide_coordinates
from geo.model.summary import region_summary
from geo.read.boundaries import display_geometry
from geo.render.webmap import build_map
from geo.schema import RECORD_KINDS, SENSITIVE_KINDS
from geo.store import StoreError, message_from_json
from ui.access import allowed, current_person, view_is_public
from ui.layout import guarded
from ui.state import lang, t
from ui.store import app_store
from ui.tables import paged_table
from ui.templates import correction_download
from ui.text import plain
from ui.uploads import reason_table


def submission_line(s) -> str:
    return t("review.line", id=s.id, kind=t(f"kind.{s.kind}"), organisation=s.organisation, period=s.period,
             accepted=s.accepted, rows=s.rows_in, file=s.file_name, who=s.submitted_by,
             when=s.submitted_at.strftime("%Y-%m-%d %H:%M"))


def hides_sites(s) -> bool:
    """A sites submission seen in the public view: its messages and changes name no position and no site
    (the report was written when the partner checked the file, perhaps with the coordinates in it)."""
    return s.kind in SENSITIVE_KINDS and view_is_public()


def report_tables(store, s) -> None:
    shown = hide_coordinates if hides_sites(s) else (lambda message: message)
    rejected = store.rejected(s.id)
    unit = t("uploads.unit.row").capitalize()
    if rejected:   # each reason read whole, wrapped (a grid cut them off)
        st.markdown(f"**{t('review.rejected', n=len(rejected))}**")
        reason_table([(r["row"], "; ".join(in_language(shown(m), lang()) for m in r["reasons"])) for r in rejected],
                     unit, t("uploads.reasons"), lang(), key=f"review_rejected_{s.id}")
    report = json.loads(s.report)
    warnings = report.get("warnings", [])
    if warnings:
        st.markdown(f"**{t('uploads.warnings')}**")
        reason_table([(w["row"], in_language(shown(message_from_json(w["message"])), lang())) for w in warnings],
                     unit, t("uploads.message"), lang(), key=f"review_warnings_{s.id}")
    notes = [message_from_json(n) for n in report.get("notes", [])]
    if notes:   # what the file as a whole said, and the corrections the partner accepted
        st.markdown(f"**{t('review.notes')}**")
        for note in notes:
            st.caption(plain(in_language(note, lang())))


def small_map(store, s) -> None:
    """The submission's records alone, on the regions, as the public would (or may not) see them."""
    boundaries = store.active_boundaries()   # the organisation's set, as every page shows
    records = with_points(store.records(s.id, status=None))
    empty = records.iloc[0:0]
    tables = {kind: (records if kind == s.kind else empty) for kind in RECORD_KINDS}
    dataset = Dataset(**tables, programme_totals=pd.DataFrame(), events=pd.DataFrame(),
                      boundaries=boundaries.frame, boundary_info=boundaries.info, cercles=boundaries.cercles)
    dataset = apply_public_mode(dataset, view_is_public())
    measure = {"cvr_projects": "projects", "trainings": "trainings", "sites": "sites"}[s.kind]
    folium_map = build_map(dataset, region_summary(dataset), display_geometry(dataset.boundaries), measure, lang(),
                           public=view_is_public(), height=380)
    st_folium(folium_map, height=380, use_container_width=True, returned_objects=[], key=f"review_map_{s.id}")


def changes(store, s) -> None:
    found = store.changes(s)
    previous = store.previous(s)
    st.markdown(f"**{t('review.changes')}**")
    if previous is None:
        st.caption(plain(t("review.first", organisation=s.organisation, period=s.period)))
    else:
        st.caption(t("review.against", id=previous.id, status=previous.status))
    label = "title" if s.kind != "sites" else "name"
    counts = st.columns(3)
    for column, key in zip(counts, ("added", "removed", "changed"), strict=True):
        column.metric(t(f"review.{key}"), len(found[key]))
        if len(found[key]) and not hides_sites(s):   # in the public view, a site is a count, never a name
            with column:   # a sheet of 300,000 new records: a page at a time
                paged_table(found[key][[label]].reset_index(drop=True), [(label, f"field.{label}")],
                            f"review_{key}_{s.id}")


def decide(store, s) -> None:
    note = st.text_input(t("review.note"), key=f"review_note_{s.id}", placeholder=t("review.note_help"))
    publish, give_back = st.columns(2)
    if publish.button(t("review.publish"), type="primary", key=f"review_publish_{s.id}", icon=":material/publish:"):
        act(store.publish, s.id, note, "review.published")
    if give_back.button(t("review.return"), key=f"review_return_{s.id}", icon=":material/undo:"):
        act(store.return_, s.id, note, "review.returned")


def act(method, submission_id: int, note: str, done_key: str) -> None:
    """Publish, return, withdraw or restore, as the signed-in reviewer (checked again here)."""
    if not allowed("review"):
        st.error(t("review.not_allowed"))
        return
    try:
        method(submission_id, current_person().label, note)
    except StoreError as err:
        st.error(plain(in_language(err.args[0], lang())))
        return
    st.toast(t(done_key, id=submission_id))
    st.rerun()


def pending(store) -> None:
    st.header(t("review.pending"))
    waiting = store.list(status="pending")
    if not waiting:
        st.info(t("review.none_pending"))
    for s in waiting:
        with st.expander(plain(submission_line(s)), expanded=len(waiting) == 1):
            guarded(report_tables, store, s)
            guarded(changes, store, s)
            guarded(small_map, store, s)
            decide(store, s)


def history(store, organisation: str | None) -> None:
    st.header(t("review.history"))
    submissions = store.list(organisation=organisation)
    if not submissions:
        st.info(t("review.none"))
        return
    table = pd.DataFrame([{
        "#": s.id, t("review.col.status"): t(f"status.{s.status}"), t("field.kind"): t(f"kind.{s.kind}"),
        t("submit.organisation"): s.organisation, t("review.col.period"): s.period,
        t("review.col.rows"): f"{s.accepted}/{s.rows_in}", t("review.col.by"): s.submitted_by,
        t("review.col.when"): s.submitted_at.strftime("%Y-%m-%d %H:%M"), t("review.col.reviewer"): s.reviewer or "",
        t("review.note"): s.review_note or "",
        t("review.col.supersedes"): f"#{s.supersedes}" if s.supersedes else ""} for s in submissions])
    paged_table(table, [(c, c) for c in table.columns], "review_history")   # headers already in the reader's language
    for s in submissions:   # a returned sheet back as its template, to correct (its own organisation)
        correction_download(s, lang())
    if not allowed("review"):
        return
    changeable = [s for s in submissions if s.status in ("published", "withdrawn", "superseded")]
    if not changeable:
        return
    left, middle, right = st.columns([1, 2, 1], vertical_alignment="bottom")
    chosen = left.selectbox(t("review.which"), [s.id for s in changeable], key="history_id",
                            format_func=lambda i: f"#{i} · {t('status.' + next(s.status for s in changeable if s.id == i))}")
    reason = middle.text_input(t("review.reason"), key="history_reason")
    status = next(s.status for s in changeable if s.id == chosen)
    if status == "published":
        if right.button(t("review.withdraw"), key="history_withdraw", icon=":material/block:"):
            act(store.withdraw, chosen, reason, "review.withdrawn")
    elif right.button(t("review.restore"), key="history_restore", icon=":material/restore:"):
        act(store.restore, chosen, reason, "review.restored")


def review_page() -> None:
    st.title(t("review.title"))
    store = app_store()
    if allowed("review"):
        pending(store)
        history(store, None)
    elif allowed("see_own_submissions") and current_person().organisation:
        st.caption(plain(t("review.own", organisation=current_person().organisation)))
        history(store, current_person().organisation)
    else:
        st.info(t("review.not_allowed"))


guarded(review_page)
