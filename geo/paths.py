"""Where the project's files are: the repository root, its data/ folder (tables, boundaries,
gazetteer, source documents) and the interface catalogues. The one place that knows the layout."""
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
DATA_DIR = ROOT / "data"
SOURCES_DIR = DATA_DIR / "sources"
LOCALES_DIR = PACKAGE / "locales"
