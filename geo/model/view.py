"""A view: the records one reader sees. The filters applied, then the public redaction, once, and
carried with the flags that every output needs (public or internal, which filters).

Every export and every page starts from a View, so the redaction runs once per view, not once per
output, and nothing downstream can forget it.

>>> from geo.model.dataset import load_dataset
>>> v = prepare_view(load_dataset(), Filters(regions=("ML-8",)), public=True)
>>> v.public, len(v.dataset.cvr_projects), bool(v.dataset.sites["latitude"].notna().any())
(True, 1, False)
"""
from __future__ import annotations

from dataclasses import dataclass

from geo.model.dataset import Dataset
from geo.model.filters import Filters, apply_filters
from geo.model.public import apply_public_mode
from geo.settings import public_mode


@dataclass(frozen=True)
class View:
    dataset: Dataset     # filtered and, when public, redacted
    filters: Filters
    public: bool


def prepare_view(dataset: Dataset | View, filters: Filters | None = None, public: bool | None = None) -> View:
    """The view of `dataset` under `filters`, redacted when `public` (None: the server's setting).
    A View passed in is returned as it is when it already answers the same question."""
    if isinstance(dataset, View):
        if (filters is None or filters == dataset.filters) and (public is None or public == dataset.public):
            return dataset
        dataset = dataset.dataset
    public = public_mode() if public is None else bool(public)
    filters = filters or Filters()
    # redacted, then filtered, as the app does: a filter then sees only what the reader may (a
    # cercle filter never learns a site's cercle in the public view)
    shown = apply_public_mode(dataset, public)
    return View(apply_filters(shown, filters) if filters.active else shown, filters, public)
