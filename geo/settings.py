"""The operator's settings: environment variables first, then `dashboard.toml` at the repository
root (a path of its own with DASHBOARD_CONFIG). Read once per version of the file.

A setting that is present but cannot be read never silently falls back to a permissive value: each
reader returns a Setting carrying the problem, in words the badge and the log can show.

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
        return Config(tomllib.loads(text))
    except (OSError, UnicodeDecodeError) as err:
        return Config({}, Message("config_unreadable", file=path.name, detail=type(err).__name__))
    except tomllib.TOMLDecodeError as err:
        return Config({}, Message("config_invalid", file=path.name, detail=str(err)))


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


def _nested_keys(values: dict, key: str, prefix: str = "") -> list[str]:
    """Where `key` appears inside tables of the file (a key under a section is a misplaced key)."""
    found = []
    for name, value in values.items():
        if isinstance(value, dict):
            here = f"{prefix}{name}"
            found += [f"[{here}]"] if any(k.lower() == key for k in value) else []
            found += _nested_keys(value, key, here + ".")
    return found


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
    misplaced = _nested_keys(config.values, key)
    if misplaced:
        return _fallback(Setting(safe, name, Message("setting_misplaced", name=key, file=name,
                                                     section=", ".join(misplaced))))
    return Setting(default, "default")


def text_setting(key: str, env: str, default: str | None = None) -> str | None:
    """A text setting: the environment variable `env`, else the top-level `key` of the file."""
    raw = os.environ.get(env)
    if raw is not None and raw.strip():
        return raw.strip()
    value = read_config().values.get(key)
    return str(value) if value is not None and str(value).strip() else default


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
