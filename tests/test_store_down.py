"""A shared database that does not answer (stopped, restarting, out of reach), run headless: every
page says so in one sentence, never a traceback, and asks again by itself. tests/test_team.py
restarts a real PostgreSQL under two app servers."""
import socket
import time

import pytest
import sqlalchemy as sa
from servers import free_port
from test_app import run

from geo import i18n

PAGES = [(None, None), ("views/map.py", None), ("views/data.py", "partner"), ("views/review.py", "reviewer")]


@pytest.fixture
def nobody_answers(monkeypatch):
    """DASHBOARD_DB names a PostgreSQL server on a port where nothing listens."""
    monkeypatch.setenv("DASHBOARD_DB", f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/dashboard")


@pytest.mark.parametrize(("page", "user"), PAGES)
def test_each_page_says_in_one_sentence_that_the_database_does_not_answer(nobody_answers, page, user):
    at = run(page, {"lang": "fr"}, user=user)
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [i18n.t("error.store_unreachable", "fr")]


def test_a_database_server_that_never_answers_is_said_so_within_seconds(monkeypatch):
    """A port that takes the connection and never answers (a host out of reach is the same wait):
    without a connect_timeout, psycopg would wait for the system's TCP retries."""
    import geo.store.database as database

    monkeypatch.setattr(database, "CONNECT_TIMEOUT", 1)
    with socket.create_server(("127.0.0.1", 0)) as silent:
        url = f"postgresql+psycopg://postgres@127.0.0.1:{silent.getsockname()[1]}/dashboard"
        started = time.perf_counter()
        with pytest.raises(sa.exc.OperationalError, match="timeout"):
            database.engine_for(url).connect()
    assert time.perf_counter() - started < 5
