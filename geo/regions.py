"""Mali's first-level regions: the one crosswalk between the dashboard's key, ISO 3166-2, OCHA's
COD-AB P-codes, HASC and the names in French and English with their common spellings
(data/admin1_crosswalk.csv), and the regions the 2023 reform made operational with the 2016 region
each was cut from (data/regions_2023.csv). Both files name their source on every row.

The dashboard's key is the ISO 3166-2 code where ISO has one (ML-1..ML-10, ML-BKO); a 2023 region,
which ISO 3166-2 does not list, is keyed "X-" and its name ("X-bougouni").

Codes are never matched across schemes by their digits: ISO's ML-9 is Ménaka and ML-10 Taoudénit,
COD-AB's ML09 is Bamako and ML10 Ménaka. A code is recognised by how it is written (ML-9 is ISO,
ML09 a P-code, ML.KY HASC); a bare number means nothing until its scheme is given.

>>> region_code("Tomboctou")
'ML-6'
>>> region_name("ML-BKO")
'Bamako'
>>> nearest_region("Kidall"), nearest_region("Moptii"), nearest_region("Paris")
('ML-8', 'ML-5', None)
>>> region_code("ML09"), region_code("ML-9"), region_code("9")
('ML-BKO', 'ML-9', None)
>>> region_code("9", scheme="cod_ab"), pcode("ML-9")
('ML-BKO', 'ML10')
>>> region_name(parent_region("Nioro du Sahel"))
'Kayes'
"""
from __future__ import annotations

import re

import pandas as pd

from geo.paths import DATA_DIR
from geo.text import fold

CROSSWALK_FILE = DATA_DIR / "admin1_crosswalk.csv"
REGIONS_2023_FILE = DATA_DIR / "regions_2023.csv"
SCHEMES = ("iso_3166_2", "cod_ab", "hasc")   # the code schemes of the crosswalk, by their column

CROSSWALK = pd.read_csv(CROSSWALK_FILE, dtype=str, keep_default_na=False)
REGIONS_2023_TABLE = pd.read_csv(REGIONS_2023_FILE, dtype=str, keep_default_na=False)

# The dashboard's key -> canonical French name: the 2016 scheme (ISO 3166-2, with Bamako)...
REGIONS: dict[str, str] = dict(zip(CROSSWALK["key"], CROSSWALK["name_fr"]))
# ... and the regions the 2023 reform made operational, with the 2016 region each was cut from.
REGIONS_2023: dict[str, str] = dict(zip(REGIONS_2023_TABLE["key"], REGIONS_2023_TABLE["name_fr"]))
PARENT_2016: dict[str, str] = dict(zip(REGIONS_2023_TABLE["key"], REGIONS_2023_TABLE["parent_2016"]))
ALL_REGIONS: dict[str, str] = REGIONS | REGIONS_2023

_CODES = {"iso_3166_2": dict(zip(CROSSWALK["key"], CROSSWALK["iso_3166_2"])),
          "cod_ab": dict(zip(CROSSWALK["key"], CROSSWALK["cod_ab_pcode"])),
          "hasc": dict(zip(CROSSWALK["key"], CROSSWALK["hasc"]))}
_BY_CODE = {scheme: {code.upper(): key for key, code in codes.items() if code} for scheme, codes in _CODES.items()}
# How each scheme writes its codes: the form alone says which scheme a code is in.
_FORMS = {"iso_3166_2": re.compile(r"ML-(?:[1-9]|10|BKO)"), "cod_ab": re.compile(r"ML\d\d"),
          "hasc": re.compile(r"ML\.[A-Z]{2}")}

_ADMIN_PREFIX = re.compile(r"^(region de|region of|region du|cercle de|region) ")


def fold_name(name) -> str:
    """A region or place name folded for look-up (geo.text.fold), without a leading 'Région de' or
    'Cercle de': 'Région de Ségou ' -> 'segou'."""
    return _ADMIN_PREFIX.sub("", fold(name)).strip()


def _spellings(table: pd.DataFrame) -> dict[str, str]:
    out = {}
    for key, name_fr, name_en, spellings in zip(table["key"], table["name_fr"], table["name_en"], table["spellings"]):
        for spelling in [name_fr, name_en, *spellings.split("|")]:
            if spelling:
                out[fold_name(spelling)] = key
    return out


_LOOKUP = _spellings(CROSSWALK) | _spellings(REGIONS_2023_TABLE)


def code_scheme(text) -> str | None:
    """The scheme a code is written in ('iso_3166_2', 'cod_ab', 'hasc'), or None for a name or a
    bare number: code_scheme('ML09') == 'cod_ab', code_scheme('ML-9') == 'iso_3166_2'."""
    if text is None:
        return None
    written = str(text).strip().upper()
    return next((scheme for scheme, form in _FORMS.items() if form.fullmatch(written)), None)


def region_code(name, scheme: str | None = None) -> str | None:
    """The dashboard's key for a region's name (any known spelling, 2016 or 2023 scheme) or code
    (ISO 3166-2, COD-AB P-code or HASC, each recognised by how it is written), else None.

    With `scheme`, a code is read in that scheme only, and a bare number too ('9' in COD-AB is
    ML09, Bamako; in ISO 3166-2 it is ML-9, Ménaka); without it, a bare number is no region."""
    if name is None:
        return None
    text = str(name).strip()
    if not text or text.lower() == "nan":
        return None
    written = text.upper()
    if scheme is not None:
        if scheme not in SCHEMES:
            raise ValueError(f"unknown code scheme '{scheme}'; one of {', '.join(SCHEMES)}")
        if re.fullmatch(r"\d{1,2}", written):
            written = {"iso_3166_2": f"ML-{int(written)}", "cod_ab": f"ML{int(written):02d}"}.get(scheme, written)
        if code_scheme(written) not in (None, scheme):   # a code of another scheme is no code of this one
            return None
        found = _BY_CODE[scheme].get(written)
        if found or _FORMS[scheme].fullmatch(written):
            return found
    elif text in ALL_REGIONS:
        return text
    else:
        written_in = code_scheme(written)
        if written_in:
            return _BY_CODE[written_in].get(written)
    key = fold_name(text)
    if not key or key.isdigit():
        return None
    if key in _LOOKUP:
        return _LOOKUP[key]
    # "Région de Gao", "Gao region"
    return _LOOKUP.get(re.sub(r"\b(region|district)\b", "", key).strip())


def region_name(code: str | None) -> str | None:
    """Canonical French name for the dashboard's key (2016 or 2023 scheme)."""
    return ALL_REGIONS.get(code) if code else None


def canonical_region(name) -> str | None:
    """Canonical French name for any spelling: 'Timbuktu' -> 'Tombouctou'."""
    return region_name(region_code(name))


def pcode(key: str | None) -> str | None:
    """The COD-AB P-code of a region (by the crosswalk's row, never by its digits): pcode('ML-9')
    == 'ML10'; None where COD-AB has none (Taoudénit, the 2023 regions)."""
    return _CODES["cod_ab"].get(key) or None if key else None


def code_in(key: str | None, scheme: str) -> str | None:
    """The code of a region in one scheme ('iso_3166_2', 'cod_ab', 'hasc'), None where it has none."""
    return _CODES[scheme].get(key) or None if key else None


def parent_region(name_or_key) -> str | None:
    """The 2016 region a 2023 region was cut from (its key), None for any other region."""
    return PARENT_2016.get(region_code(name_or_key) or "")


def is_region_2023(key: str | None) -> bool:
    return key in REGIONS_2023


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
