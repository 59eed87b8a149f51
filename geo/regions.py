"""Mali's first-level regions and the one crosswalk from every spelling to an ISO 3166-2 code.

>>> region_code("Tomboctou")
'ML-6'
>>> region_name("ML-BKO")
'Bamako'
>>> nearest_region("Kidall"), nearest_region("Moptii"), nearest_region("Paris")
('ML-8', 'ML-5', None)
"""
from __future__ import annotations

import re

from geo.text import fold

# ISO 3166-2:ML code -> canonical French name used throughout the app.
REGIONS: dict[str, str] = {
    "ML-1": "Kayes",
    "ML-2": "Koulikoro",
    "ML-3": "Sikasso",
    "ML-4": "Ségou",
    "ML-5": "Mopti",
    "ML-6": "Tombouctou",
    "ML-7": "Gao",
    "ML-8": "Kidal",
    "ML-9": "Ménaka",
    "ML-10": "Taoudénit",
    "ML-BKO": "Bamako",
}

# Every spelling seen in records, boundary files and OCHA COD-AB (ADM1_FR, ADM1_EN, P-codes).
_SPELLINGS: dict[str, list[str]] = {
    "ML-1": ["Kayes", "ML01", "ML-1", "1"],
    "ML-2": ["Koulikoro", "ML02", "ML-2", "2"],
    "ML-3": ["Sikasso", "ML03", "ML-3", "3"],
    "ML-4": ["Ségou", "Segou", "Segu", "ML04", "ML-4", "4"],
    "ML-5": ["Mopti", "ML05", "ML-5", "5"],
    "ML-6": ["Tombouctou", "Timbuktu", "Tomboctou", "Tombuctu", "Timbuctoo", "ML06", "ML-6", "6"],
    "ML-7": ["Gao", "ML07", "ML-7", "7"],
    "ML-8": ["Kidal", "ML08", "ML-8", "8"],
    "ML-9": ["Ménaka", "Menaka", "ML-9", "9"],
    "ML-10": ["Taoudénit", "Taoudeni", "Taoudenni", "Taoudénni", "Taoudéni", "ML-10", "10"],
    "ML-BKO": ["Bamako", "District de Bamako", "Bamako District", "District of Bamako",
               "Bamako (District)", "ML09", "ML-BKO", "BKO"],
}


_ADMIN_PREFIX = re.compile(r"^(region de|region of|region du|cercle de|region) ")


def fold_name(name) -> str:
    """A region or place name folded for look-up (geo.text.fold), without a leading 'Région de' or
    'Cercle de': 'Région de Ségou ' -> 'segou'."""
    return _ADMIN_PREFIX.sub("", fold(name)).strip()


_LOOKUP = {fold_name(s): code for code, spellings in _SPELLINGS.items() for s in spellings}


def region_code(name) -> str | None:
    """ISO 3166-2 code for any known spelling of a region name or P-code, else None."""
    if name is None:
        return None
    key = fold_name(name)
    if not key:
        return None
    if key in _LOOKUP:
        return _LOOKUP[key]
    # "Région de Gao", "Gao region"
    key = re.sub(r"\b(region|district)\b", "", key).strip()
    return _LOOKUP.get(key)


def region_name(code: str | None) -> str | None:
    """Canonical French name for an ISO 3166-2 code."""
    return REGIONS.get(code) if code else None


def canonical_region(name) -> str | None:
    """Canonical French name for any spelling: 'Timbuktu' -> 'Tombouctou'."""
    return region_name(region_code(name))


def nearest_region(name, cutoff: float = 0.75) -> str | None:
    """The ISO code of the known region name closest to a misspelt one ('Kidall' -> ML-8), or None
    when none is close enough; codes (P-codes, ISO numbers) are never guessed."""
    import difflib

    key = fold_name(name)
    if not key or region_code(name) is not None or any(c.isdigit() for c in key):
        return None
    names = [k for k in _LOOKUP if not any(c.isdigit() for c in k)]
    found = difflib.get_close_matches(key, names, n=1, cutoff=cutoff)
    return _LOOKUP[found[0]] if found else None
