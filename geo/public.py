"""Public mode: cantonment sites and MOC camps appear only as counts per region.

Turned on by the environment variable PUBLIC_MODE=1, or `public_mode = true` in the app's config
file (dashboard.toml at the repository root). Exact site coordinates then leave no output.
"""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

import numpy as np

CONFIG = Path(__file__).resolve().parent.parent / "dashboard.toml"
TRUE = {"1", "true", "yes", "on"}


def public_mode() -> bool:
    value = os.environ.get("PUBLIC_MODE")
    if value is not None and value.strip() != "":
        return value.strip().lower() in TRUE
    try:
        config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return False
    return str(config.get("public_mode", config.get("PUBLIC_MODE", ""))).strip().lower() in TRUE


def redact_sites(dataset):
    """The dataset with every site's coordinates, geometry and place removed (region kept)."""
    sites = dataset.sites.copy()
    if len(sites):
        sites["latitude"] = np.nan
        sites["longitude"] = np.nan
        sites["geometry"] = None
        sites["location_source"] = "hidden"
        for column in ("place", "source_quote", "name"):
            if column in sites:
                sites[column] = None
    return dataset.with_tables(sites=sites)


def apply_public_mode(dataset, enabled: bool | None = None):
    """Redact when public mode is on (read from the environment/config unless `enabled` is given)."""
    return redact_sites(dataset) if (public_mode() if enabled is None else enabled) else dataset
