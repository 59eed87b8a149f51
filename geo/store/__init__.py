"""The shared store: partners' submissions persist, are reviewed and published, with their history.

One interface, two real backends through SQLAlchemy: an SQLite file (the default, created on
first use in the project's git-ignored var/ folder) and PostgreSQL with PostGIS for an
organisation running several app servers. Chosen by one setting: DASHBOARD_DB (a SQLAlchemy URL)
or `store_url` in dashboard.toml. The schema is kept by Alembic migrations (geo/store/migrations).

The rooms: `store` (the Store: reading, submitting, the review's status changes), `database` (the
engine a URL names, the migrations), `ingest` (a validated report as rows and a snapshot),
`snapshots` (those Parquet snapshots), `boundary_sets` (the organisation's boundary set, chosen
once for everyone, every earlier one kept), `changes` (what a submission changes), `geopackage` (the
export for QGIS), `published` (the dataset with the published records), `messages_json`
(messages kept as JSON), `tables` (the schema), `periods` (reporting periods), `local_server` (a
throwaway PostgreSQL).
"""
from geo.store.boundary_sets import BoundarySet
from geo.store.database import store_url
from geo.store.ingest import sha256_of
from geo.store.messages_json import message_from_json, message_to_json
from geo.store.periods import parse_period
from geo.store.published import with_published
from geo.store.store import Store, StoreError, Submission, open_store

__all__ = ["Store", "StoreError", "BoundarySet", "Submission", "open_store", "store_url", "sha256_of", "parse_period",
           "with_published", "message_to_json", "message_from_json"]
