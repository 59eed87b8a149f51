"""The reporting template's downloads (geo.render.template): the blank template of a kind, in the
interface's language, for everyone (a signed-in partner's carries its organisation and this
quarter); and a returned submission back as its filled template, to correct and submit again. Each
file is built when its button is clicked. This file only arranges widgets."""
from __future__ import annotations

import streamlit as st

from geo import i18n
from geo.render.template import correction_template, current_period, write_template
from geo.schema import RECORD_KINDS, SENSITIVE_KINDS
from geo.text import slug
from ui.access import allowed, current_person, view_is_public
from ui.state import organisation_boundaries, t
from ui.store import app_store

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_download(lang: str) -> None:
    """A kind to choose and the template's download button, with what the template holds."""
    who = current_person()
    organisation = who.organisation if allowed("submit") else None
    period = current_period()
    st.markdown(f"**{t('template.title')}**")
    st.caption(t("template.help_partner", organisation=organisation, period=period) if organisation
               else t("template.help"))
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    kind = left.selectbox(t("template.kind"), RECORD_KINDS, format_func=lambda k: i18n.t(f"kind.{k}", lang), key="template_kind")
    name = "_".join(part for part in (t("template.file"), kind, slug(organisation or ""), period) if part)
    right.download_button(t("template.download"), lambda: write_template(
        kind, lang, organisation_boundaries(), organisation=organisation, period=period),
        file_name=f"{name}.xlsx", mime=XLSX, on_click="ignore", icon=":material/table_view:", width="stretch",
        key="template_download")


def correction_download(submission, lang: str) -> None:
    """A returned submission of the signed-in person's organisation back as its template, filled,
    the rejected rows marked (checked again when clicked: a crafted request gets nothing); a sites
    submission in the public view comes back without its coordinates."""
    who = current_person()
    if submission.status != "returned" or not (allowed("review") or (
            allowed("see_own_submissions") and who.organisation == submission.organisation)):
        return

    def build() -> bytes:
        if not (allowed("review") or who.organisation == submission.organisation):
            return b""
        hide = submission.kind in SENSITIVE_KINDS and view_is_public()   # a site's position never in the public view
        return correction_template(app_store(), submission.id, lang, organisation_boundaries(), hide_coordinates=hide)

    st.download_button(t("template.correct", id=submission.id), build,
                       file_name=f"{t('template.correction_file')}_{submission.id}_{slug(submission.period)}.xlsx",
                       mime=XLSX, on_click="ignore", icon=":material/edit_note:", key=f"correct_{submission.id}")
