"""Who sees what: roles, read from the one file the operator edits (access.toml), and what each
role may do. No Streamlit here: the app asks `person(email)` and `can(person, action)`.

A person not signed in is anonymous: the public view and nothing else. A signed-in person not
listed is a viewer (the same as anonymous). The file maps e-mail addresses, or whole e-mail
domains, to a role and an organisation:

    [people]
    "amina.diallo@minusma.org" = { role = "reviewer", organisation = "MINUSMA RSS-DDR" }
    [domains]
    "wanep-mali.org" = { role = "partner", organisation = "WANEP-Mali" }

A file that cannot be read gives nobody more than a viewer, and says why (fail closed).

>>> can(Person("x@example.org", "partner", "WANEP-Mali"), "submit")
True
>>> can(Person("x@example.org", "partner", "WANEP-Mali"), "view_internal")
False
"""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from geo.messages import Message
from geo.paths import ROOT
from geo.settings import Setting, switch_setting, text_setting

ROLES = ("anonymous", "viewer", "partner", "analyst", "reviewer", "admin")
# What each role may do. Partners submit for their own organisation and see their own
# submissions; analysts see exact site positions and make internal exports; reviewers are
# analysts who also publish, return, withdraw and restore; admins may do everything.
ABILITIES = {
    "anonymous": frozenset(),
    "viewer": frozenset(),
    "partner": frozenset({"upload", "submit", "see_own_submissions"}),
    "analyst": frozenset({"upload", "view_internal", "export_internal"}),
    "reviewer": frozenset({"upload", "view_internal", "export_internal", "review", "see_all_submissions"}),
    "admin": frozenset({"upload", "submit", "submit_any_organisation", "view_internal", "export_internal",
                        "review", "see_all_submissions", "see_own_submissions"}),
}
ACTIONS = frozenset().union(*ABILITIES.values())


@dataclass(frozen=True)
class Person:
    email: str | None         # None when not signed in
    role: str
    organisation: str | None = None
    name: str | None = None

    @property
    def signed_in(self) -> bool:
        return self.email is not None

    @property
    def label(self) -> str:
        """Who acted, for the audit log: the e-mail of a signed-in person."""
        return self.email or self.role


ANONYMOUS = Person(None, "anonymous")


def can(person: Person, action: str) -> bool:
    """True when `person`'s role allows `action` (one of ACTIONS)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action '{action}'")
    return action in ABILITIES.get(person.role, frozenset())


def access_path() -> Path:
    return Path(text_setting("access_file", "DASHBOARD_ACCESS") or ROOT / "access.toml")


@dataclass(frozen=True)
class AccessList:
    people: dict          # e-mail (lower case) -> (role, organisation)
    domains: dict         # domain (lower case) -> (role, organisation)
    problem: Message | None = None


def access_list() -> AccessList:
    """The roles file, read once per version of the file ({} when there is none)."""
    path = access_path()
    try:
        modified = path.stat().st_mtime_ns
    except OSError:
        return AccessList({}, {})
    return _read(path, modified)


@functools.lru_cache(maxsize=4)
def _read(path: Path, modified: int) -> AccessList:
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
        people = {str(k).strip().lower(): _entry(v) for k, v in data.get("people", {}).items()}
        domains = {str(k).strip().lower().lstrip("@"): _entry(v) for k, v in data.get("domains", {}).items()}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError, AttributeError) as err:
        return AccessList({}, {}, Message("access_unreadable", file=path.name, detail=str(err)[:160]))
    return AccessList(people, domains)


def _entry(value) -> tuple[str, str | None]:
    role = str(value.get("role", "")).strip().lower()
    if role not in ROLES[1:]:
        raise ValueError(f"role '{role}' is not one of {', '.join(ROLES[1:])}")
    organisation = value.get("organisation")
    return role, (" ".join(str(organisation).split()) if organisation else None)


def person(email: str | None, name: str | None = None) -> Person:
    """The Person an e-mail signs in as: listed by address, else by domain, else a viewer."""
    if not email:
        return ANONYMOUS
    email = email.strip().lower()
    roles = access_list()
    role, organisation = roles.people.get(email) or roles.domains.get(email.rsplit("@", 1)[-1]) or ("viewer", None)
    return Person(email, role, organisation, name)


def internal_without_sign_in() -> Setting:
    """The field laptop's switch: the internal view without sign-in (never the default; the app
    shows a red banner on every page when it is on)."""
    return switch_setting("internal_without_sign_in", "INTERNAL_WITHOUT_SIGN_IN", default=False, safe=False)


FIELD_LAPTOP = Person(None, "analyst", None, "field laptop")   # who an anonymous visitor is on a field laptop
