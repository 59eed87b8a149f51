"""Who sees what: roles, read from the one file the operator edits (access.toml), and what each
role may do. No Streamlit here: the app asks `person(email)` and `can(person, action)`.

A person not signed in is anonymous: the public view and nothing else. A signed-in person not
listed is a viewer (the same as anonymous). The file maps e-mail addresses, or whole e-mail
domains, to a role and an organisation:

    [people]
    "amina.diallo@minusma.org" = { role = "reviewer", organisation = "MINUSMA RSS-DDR" }
    [domains]
    "wanep-mali.org" = { role = "partner", organisation = "WANEP-Mali" }

A file that cannot be read gives nobody more than a viewer, and says why (fail closed). A role
belongs to a proven person: only an address the sign-in provider marks verified (`email_verified`)
is looked up; anyone else signed in is a viewer, told why.

>>> can(Person("x@example.org", "partner", "WANEP-Mali"), "submit")
True
>>> can(Person("x@example.org", "partner", "WANEP-Mali"), "view_internal")
False
>>> cookie_secret_problem("a long random string: python -c 'import secrets; print(secrets.token_hex(32))'")
'access.cookie_secret_weak'
>>> cookie_secret_problem("3f9c2a7be1d04c58a6f3e2b19d7c0a4e5b6f8d2c1a3e9b7f0d4c6a8e2b1f3d5c") is None
True
"""
from __future__ import annotations

import functools
import logging
import math
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from geo.messages import Message
from geo.paths import ROOT
from geo.settings import Setting, SettingsError, switch_setting, text_setting

log = logging.getLogger("dashboard.access")

ROLES = ("anonymous", "viewer", "partner", "analyst", "reviewer", "admin")
# What each role may do. Partners submit for their own organisation and see their own
# submissions; analysts see exact site positions and make internal exports; reviewers are
# analysts who also publish, return, withdraw and restore; admins may do everything, and alone set
# the organisation's boundary set for everyone (manage_boundaries).
ABILITIES = {
    "anonymous": frozenset(),
    "viewer": frozenset(),
    "partner": frozenset({"upload", "submit", "see_own_submissions"}),
    "analyst": frozenset({"upload", "view_internal", "export_internal"}),
    "reviewer": frozenset({"upload", "view_internal", "export_internal", "review", "see_all_submissions"}),
    "admin": frozenset({"upload", "submit", "submit_any_organisation", "view_internal", "export_internal",
                        "review", "see_all_submissions", "see_own_submissions", "manage_boundaries"}),
}
ACTIONS = frozenset().union(*ABILITIES.values())


@dataclass(frozen=True)
class Person:
    email: str | None         # None when not signed in
    role: str
    organisation: str | None = None
    name: str | None = None
    why: str | None = None    # catalogue key: why a signed-in person got no role (unverified address...)

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
    problem: Message | None = None   # the file could not be read: nobody has more than the public view
    clashes: tuple = ()   # Messages: entries that differ only in case (the lesser role is kept)


def access_list() -> AccessList:
    """The roles file, read once per version of the file ({} when there is none)."""
    try:
        path = access_path()
    except SettingsError as err:   # the settings file is unreadable: never the default roles file instead
        return AccessList({}, {}, err.args[0])
    try:
        modified = path.stat().st_mtime_ns
    except OSError:
        return AccessList({}, {})
    return _read(path, modified)


@functools.lru_cache(maxsize=4)
def _read(path: Path, modified: int) -> AccessList:
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
        clashes = []
        people = _entries(data.get("people", {}), lambda k: k.strip().lower(), clashes)
        domains = _entries(data.get("domains", {}), lambda k: k.strip().lower().lstrip("@"), clashes)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError, AttributeError) as err:
        problem = Message("access_unreadable", file=path.name, detail=str(err)[:160])
        log.error("roles: %s", problem)
        return AccessList({}, {}, problem)
    for clash in clashes:
        log.warning("roles: %s", clash)
    return AccessList(people, domains, clashes=tuple(clashes))


def _entries(table: dict, fold, clashes: list) -> dict:
    """{folded key: (role, organisation)}; two keys that fold alike (an address written twice in
    different case) keep the lesser role, and the clash is reported rather than silently resolved."""
    found: dict = {}
    written: dict = {}
    for key, value in table.items():
        folded, entry = fold(str(key)), _entry(value)
        if folded in found and found[folded] != entry:
            kept = min(found[folded], entry, key=lambda e: ROLES.index(e[0]))
            clashes.append(Message("access_clash", first=written[folded], second=str(key), role=kept[0]))
            entry = kept
        found[folded], written[folded] = entry, str(key)
    return found


def _entry(value) -> tuple[str, str | None]:
    role = str(value.get("role", "")).strip().lower()
    if role not in ROLES[1:]:
        raise ValueError(f"role '{role}' is not one of {', '.join(ROLES[1:])}")
    organisation = value.get("organisation")
    return role, (" ".join(str(organisation).split()) if organisation else None)


def person(email: str | None, name: str | None = None, verified: bool = True) -> Person:
    """The Person an e-mail signs in as: listed by address, else by domain, else a viewer. An address
    the provider has not verified gets no role (`why` says so), nor does anyone while the roles
    file cannot be read."""
    if not email:
        return ANONYMOUS
    email = email.strip().lower()
    if not verified:
        return Person(email, "viewer", None, name, why="access.unverified")
    roles = access_list()
    if roles.problem is not None:
        return Person(email, "viewer", None, name, why="access.roles_unreadable")
    role, organisation = roles.people.get(email) or roles.domains.get(email.rsplit("@", 1)[-1]) or ("viewer", None)
    return Person(email, role, organisation, name)


def is_verified(claim) -> bool:
    """True only when the provider's `email_verified` claim says so (a JSON true, or the text
    'true' some providers send); absent or anything else is not verified."""
    return claim is True or (isinstance(claim, str) and claim.strip().lower() == "true")


# Words of the README's and the providers' example values: a secret containing them was copied.
_EXAMPLE_WORDS = ("random", "secret", "example", "change", "password", "python", "token", "string")
MIN_SECRET_LENGTH = 32
MIN_SECRET_BITS = 100   # Shannon entropy of the text times its length; 64 random hex digits give about 250


def cookie_secret_problem(secret: str | None) -> str | None:
    """Why a cookie secret cannot protect the sign-in cookie, as a catalogue key, or None. Streamlit
    signs the identity cookie with it: whoever knows it can sign in as anyone. Missing or short:
    'access.cookie_secret_missing'; copied from an example, or obviously weak (a sentence, a
    repetition, a run like 'abcdefghij', too few distinct characters): 'access.cookie_secret_weak'."""
    text = str(secret or "").strip()
    if len(text) < MIN_SECRET_LENGTH:
        return "access.cookie_secret_missing"
    lowered = text.lower()
    counts = Counter(text)
    bits = -sum(n * math.log2(n / len(text)) for n in counts.values())
    repeated = text in (text + text)[1:-1]
    if (any(word in lowered for word in _EXAMPLE_WORDS) or any(c.isspace() for c in text) or repeated
            or _longest_run(text) >= 10 or len(counts) < 10 or bits < MIN_SECRET_BITS):
        return "access.cookie_secret_weak"
    return None


def _longest_run(text: str) -> int:
    """The longest run of characters that step by one, up or down ('abcdef', '654321')."""
    longest = run = 1
    step = 0
    for a, b in zip(text, text[1:]):
        here = ord(b) - ord(a)
        run = run + 1 if here in (1, -1) and here == step else (2 if here in (1, -1) else 1)
        step = here
        longest = max(longest, run)
    return longest


def internal_without_sign_in() -> Setting:
    """The field laptop's switch: the internal view without sign-in (never the default; the app
    shows a red banner on every page when it is on)."""
    return switch_setting("internal_without_sign_in", "INTERNAL_WITHOUT_SIGN_IN", default=False, safe=False)


FIELD_LAPTOP = Person(None, "analyst", None, "field laptop")   # who an anonymous visitor is on a field laptop
