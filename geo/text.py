"""Folding text for matching: one rule for headers, place and region names, month names and file
names, so that 'Ségou', 'SEGOU' and 'segou ' are the same word everywhere.

>>> fold("Coût (FCFA)")
'cout fcfa'
>>> slug("Région de Ségou")
'region-de-segou'
"""
from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def fold(text) -> str:
    """Lower case, no accents, anything but letters and digits as single spaces, trimmed."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", plain.lower()).strip()


def slug(text) -> str:
    """ASCII letters and digits joined by hyphens, for file names."""
    return "-".join(fold(text).split())
