"""The operator's settings: environment variables first, then `dashboard.toml` at the repository
root (a path of its own with DASHBOARD_CONFIG). Read once per version of the file.

A setting that is present but cannot be read never silently falls back to a permissive value: each
reader returns a Setting carrying the problem, in words the badge and the log can show. A settings
file that cannot be read as a whole (not TOML, a key the dashboard does not know, two keys that
differ only in case, a key under a section) must never change which roles file or database is
used: `settings_problem()` says so in one sentence, the app and the command line refuse to start
with it, and meanwhile every reader gives its safe value (the public view, no text setting).

>>> parse_switch("oui")
>>> parse_switch(" On ")
True
"""
from __future__ import annotations

import functools
import logging
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from geo.messages import Message
from geo.paths import ROOT

DEFAULT_CONFIG = ROOT / "dashboard.toml"
# Every key dashboard.toml may hold (at its top level).
KNOWN_KEYS = ("public_mode", "store_url", "access_file", "internal_without_sign_in")
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")

log = logging.getLogger("dashboard.settings")


@dataclass(frozen=True)
class Setting:
    """A value, where it came from ('environment', 'dashboard.toml' or 'default'), and the problem
    that made the reader fall back to the safe value (None when the setting was read as written)."""
    value: object
    source: str
    problem: Message | None = None


def config_path() -> Path:
    return Path(os.environ.get("DASHBOARD_CONFIG") or DEFAULT_CONFIG)


@dataclass(frozen=True)
class Config:
    values: dict
    problem: Message | None = None   # the file exists but could not be read as TOML


def read_config(path: Path | None = None) -> Config:
    """The settings file as a dict ({} when absent), read once per modification of the file."""
    path = path or config_path()
    try:
        modified = path.stat().st_mtime_ns
    except OSError:
        return Config({})
    return _read_config(path, modified)


@functools.lru_cache(maxsize=8)
def _read_config(path: Path, modified: int) -> Config:
    try:
        text = path.read_bytes().decode("utf-8-sig")   # a BOM (Windows Notepad) is not an error
        values = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as err:
        return Config({}, Message("config_unreadable", file=path.name, detail=type(err).__name__))
    except tomllib.TOMLDecodeError as err:
        return Config({}, Message("config_invalid", file=path.name, detail=str(err)))
    problem = _key_problem(values, path.name)
    return Config({}, problem) if problem else Config(values)


def _key_problem(values: dict, name: str) -> Message | None:
    """A key the dashboard does not know (a typo: 'store_ulr'), two keys that differ only in case,
    or a known key under a section: the file does not say what its writer meant."""
    import difflib

    seen: dict[str, str] = {}
    for key in values:
        if key.lower() in seen:
            return Message("config_ambiguous", file=name, first=seen[key.lower()], second=key)
        seen[key.lower()] = key
    for key, value in values.items():
        if isinstance(value, dict):
            inside = [k for k in value if k.lower() in KNOWN_KEYS] or list(value) or [key]
            return Message("setting_misplaced", name=inside[0], file=name, section=f"[{key}]")
        if key.lower() not in KNOWN_KEYS:
            near = difflib.get_close_matches(key.lower(), KNOWN_KEYS, n=1)
            return Message("config_unknown_key", file=name, setting=key, known=", ".join(KNOWN_KEYS),
                           hint=near[0] if near else "—")
    return None


def settings_problem() -> Message | None:
    """Why the settings file cannot be used at all, or None: the app and the command line refuse to
    start with this sentence (never with the defaults in its place)."""
    problem = read_config().problem
    if problem is not None:
        _warn_once(str(problem))
    return problem


def parse_switch(value) -> bool | None:
    """True / False for the accepted spellings of a switch (TOML booleans, 1/0, true/false, yes/no,
    on/off, any case); None for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower() if isinstance(value, str) else None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None


def switch_setting(key: str, env: str, default: bool, safe: bool) -> Setting:
    """A yes/no setting from the environment variable `env`, else the top-level `key` of the file,
    else `default`. Anything present but unreadable gives `safe`, with the problem."""
    raw = os.environ.get(env)
    if raw is not None and raw.strip() != "":
        value = parse_switch(raw)
        if value is None:
            return _fallback(Setting(safe, "environment", Message("setting_value", name=env, value=raw[:40],
                                                                      accepted=", ".join(TRUE_WORDS + FALSE_WORDS))))
        return Setting(value, "environment")
    config = read_config()
    name = config_path().name
    if config.problem is not None:
        return _fallback(Setting(safe, name, config.problem))
    written = next((k for k in config.values if k.lower() == key), None)   # PUBLIC_MODE = true counts too
    if written is not None:
        value = parse_switch(config.values[written])
        if value is None:
            return _fallback(Setting(safe, name, Message("setting_value", name=written,
                                                         value=str(config.values[written])[:40],
                                                         accepted="true, false")))
        return Setting(value, name)
    return Setting(default, "default")


def text_setting(key: str, env: str, default: str | None = None) -> str | None:
    """A text setting: the environment variable `env`, else the top-level `key` of the file. While
    the file cannot be read (settings_problem), SettingsError: never the default in its place."""
    raw = os.environ.get(env)
    if raw is not None and raw.strip():
        return raw.strip()
    config = read_config()
    if config.problem is not None:
        raise SettingsError(config.problem)
    value = next((v for k, v in config.values.items() if k.lower() == key), None)
    return str(value) if value is not None and str(value).strip() else default


class SettingsError(Exception):
    """The settings file cannot be read: str(err) is one sentence, err.args[0] a Message."""


def public_setting() -> Setting:
    """The public-mode switch (PUBLIC_MODE / public_mode) with its source and, when it fell back
    to the public view, the problem."""
    return switch_setting("public_mode", "PUBLIC_MODE", default=False, safe=True)


def public_mode() -> bool:
    """True when the server shows the public view (see public_setting)."""
    return bool(public_setting().value)


@functools.lru_cache(maxsize=32)
def _warn_once(problem: str) -> None:
    log.warning("%s", problem)


def _fallback(setting: Setting) -> Setting:
    _warn_once(str(setting.problem))
    return setting
