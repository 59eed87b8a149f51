"""Mali peace-process dashboard: the domain, with no Streamlit in it.

The small API a notebook or a script calls (each name loads its module when first used):

>>> import geo
>>> ds = geo.load_dataset()
>>> gao = geo.apply_filters(ds, geo.Filters(regions=("ML-7",)))
>>> int(geo.region_summary(gao).loc["ML-7", "projects"])
2
>>> geo.export(gao, "csv")[:3] == b"\\xef\\xbb\\xbf"
True

Layers: geo.read (files in, validation, boundaries, gazetteer) -> geo.model (dataset, locating and
joining, figures, filters, public view) -> geo.render (maps, charts, slides, data files); geo.cli
is the command line. See docs/ARCHITECTURE.md.
"""
from __future__ import annotations

import importlib

_API = {
    "load_dataset": "geo.model.dataset",
    "Dataset": "geo.model.dataset",
    "Filters": "geo.model.filters",
    "apply_filters": "geo.model.filters",
    "region_summary": "geo.model.summary",
    "headline_figures": "geo.model.summary",
    "validate_file": "geo.read.validate",
    "export": "geo.render.exports",
}
__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'geo' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
