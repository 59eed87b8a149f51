"""What happened to a partner's sheets, said where the partner lands (the Overview and the Data
page): a submission returned by a reviewer, with the reviewer's note and what to do next, until the
organisation submits again for that kind and period; and how many are waiting for review."""
from __future__ import annotations

import streamlit as st

from ui.access import allowed, current_person
from ui.state import t
from ui.store import app_store
from ui.text import plain


def open_returns(submissions) -> list:
    """The returned submissions not yet followed by a newer one of the same kind and period."""
    newest = {}
    for s in submissions:   # newest first (Store.list)
        newest.setdefault((s.kind, s.period), s)
    return [s for s in submissions if s.status == "returned" and newest[(s.kind, s.period)] is s]


def partner_notices() -> None:
    """For a signed-in partner (or anyone who submits for an organisation): each open return with
    its note, and the submissions waiting for review."""
    who = current_person()
    if not (allowed("see_own_submissions") and who.organisation):
        return
    submissions = app_store().list(organisation=who.organisation)
    for s in open_returns(submissions):
        when = s.reviewed_at.strftime("%Y-%m-%d") if s.reviewed_at else ""
        st.warning(plain(t("notice.returned", organisation=s.organisation, period=s.period, kind=t(f"kind.{s.kind}"),
                           file=s.file_name, reviewer=s.reviewer or "", date=when, note=s.review_note or "")),
                   icon=":material/undo:")
    waiting = [s for s in submissions if s.status == "pending"]
    if waiting:
        st.info(plain(t("notice.pending", n=len(waiting), organisation=who.organisation)), icon=":material/schedule:")
