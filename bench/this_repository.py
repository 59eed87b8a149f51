"""Imported first by every benchmark: the `geo` and `ui` of this repository, not a copy installed
from another checkout (an editable install made elsewhere would otherwise be the one timed)."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if sys.path[:1] != [str(ROOT)]:
    sys.path.insert(0, str(ROOT))
