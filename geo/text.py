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


# Letters Unicode does not decompose into a base letter and an accent: written out as French and
# English readers spell them without the ligature ("mise en œuvre" is "mise en oeuvre").
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def fold(text) -> str:
    """Lower case, no accents, the ligatures œ and æ written out, anything but letters and digits as
    single spaces, trimmed.

    >>> fold("Partenaire de mise en Œuvre")
    'partenaire de mise en oeuvre'
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", plain.lower().translate(_LIGATURES)).strip()


def slug(text) -> str:
    """ASCII letters and digits joined by hyphens, for file names."""
    return "-".join(fold(text).split())
