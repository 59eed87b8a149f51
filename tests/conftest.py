import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "sources"   # the source documents, shipped with the repository
os.environ.pop("PUBLIC_MODE", None)  # tests set public mode explicitly where they need it


@pytest.fixture(scope="session")
def dataset():
    from geo.model.dataset import load_dataset

    return load_dataset()
