import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT))
os.environ.pop("PUBLIC_MODE", None)  # tests set public mode explicitly where they need it


@pytest.fixture(scope="session")
def dataset():
    from geo.data import load_dataset

    return load_dataset()
