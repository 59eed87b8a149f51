"""What happened to a partner's sheets, said where the partner lands (the Overview and the Data
page): a submission returned by a reviewer, with the reviewer's note, what to do next and the sheet
back as a template to correct, until the organisation submits again for that kind and period (or a
correction of it); and how many are waiting for review."""
from __future__ import annotations

import streamlit as st

from ui.access import allowed, current_person
from ui.state import lang, t
from ui.store import app_store
from ui.templates import correction_download
from ui.text import plain


def open_returns(submissions) -> list:
    """The returned submissions not yet followed by a newer one of the same kind and period, nor
    corrected by another (a correction names the one it corrects)."""
    newest = {}
    for s in submissions:   # newest first (Store.list)
        newest.setdefault((s.kind, s.period), s)
    corrected = {s.supersedes for s in submissions if s.supersedes}
    return [s for s in submissions
            if s.status == "returned" and newest[(s.kind, s.period)] is s and s.id not in corrected]


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
        correction_download(s, lang())
    waiting = [s for s in submissions if s.status == "pending"]
    if waiting:
        st.info(plain(t("notice.pending", n=len(waiting), organisation=who.organisation)), icon=":material/schedule:")
