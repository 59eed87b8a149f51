"""Who is looking, in the app: Streamlit's sign-in (st.login, an [auth] section in
.streamlit/secrets.toml) and the roles of geo.access. The safe view is the default: an anonymous
visitor always gets the public view, whatever the server's settings. A sign-in is trusted only when
the cookie that carries it is signed with a real secret (else nobody is signed in, and every page
says why), and a role only when the provider has verified the person's e-mail address.

Every privileged function calls `allowed(action)` again before it acts, so a hidden button or
page reached by a crafted request or URL does nothing.
"""
from __future__ import annotations

import logging

import streamlit as st

from geo.access import ANONYMOUS, FIELD_LAPTOP, Person, can, cookie_secret_problem, internal_without_sign_in, is_verified, person
from geo.settings import public_mode
from ui.store import app_store, once_per_run

log = logging.getLogger("dashboard.access")


def sign_in_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section (st.login can work)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all: sign-in is simply not configured
        return False


def sign_in_problem() -> str | None:
    """Why the configured sign-in cannot be trusted (a catalogue key), or None. Streamlit signs its
    identity cookie with [auth] cookie_secret: a missing, short, example or guessable secret lets
    anyone forge the cookie, so sign-in is then refused altogether (geo.access.cookie_secret_problem)."""
    if not sign_in_configured():
        return None
    try:
        secret = str(st.secrets["auth"].get("cookie_secret", ""))
    except Exception:  # noqa: BLE001 - an unreadable [auth] section: the same answer
        secret = ""
    return cookie_secret_problem(secret)


def current_person() -> Person:
    """The signed-in person with their role (asked once per run: ui.store.once_per_run)."""
    return once_per_run("person", _current_person)


def _current_person() -> Person:
    """The signed-in person with their role; on a field laptop set up for it, an analyst without
    sign-in; otherwise anonymous. While the cookie secret cannot be trusted, a sign-in cookie proves
    nothing: everyone is anonymous."""
    try:
        signed_in = bool(st.user.is_logged_in) and sign_in_problem() is None
    except Exception:  # noqa: BLE001 - st.user unavailable: nobody is signed in
        signed_in = False
    if signed_in:
        return person(st.user.get("email"), st.user.get("name"), verified=is_verified(st.user.get("email_verified")))
    if internal_without_sign_in().value:
        return FIELD_LAPTOP
    return ANONYMOUS


def allowed(action: str) -> bool:
    return can(current_person(), action)


def view_is_public() -> bool:
    """The public view unless the person may see exact positions and the server does not force
    the public view (PUBLIC_MODE / public_mode)."""
    return public_mode() or not allowed("view_internal")


def record_access(action: str, note: str | None = None) -> None:
    """A privileged action that changes nothing (an internal export, a view of the internal map),
    written to the store's audit log with the person."""
    who = current_person()
    try:
        app_store().record_access(who.label, action, note)
    except Exception:  # noqa: BLE001 - the log must not break the page; the server log keeps the failure
        log.exception("audit log: %s by %s", action, who.label)


def record_once(action: str, note: str | None = None) -> None:
    """record_access, once per session for the same action and note (viewing a page again
    within a session is not a new event)."""
    seen = st.session_state.setdefault("_audited", set())
    if (action, note) not in seen:
        seen.add((action, note))
        record_access(action, note)
