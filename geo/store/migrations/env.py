"""Alembic's environment for the store: the connection is handed over by geo.store (never read from
an alembic.ini), so the same migrations run on SQLite and PostgreSQL."""
from alembic import context

from geo.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
