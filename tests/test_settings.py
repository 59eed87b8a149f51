"""A settings file that does not say what its writer meant never changes which roles file or which
database is used: not TOML, a misspelt key ('store_ulr'), two keys that differ only in case, a key
under a section. The app and the command line refuse to start with one sentence; meanwhile every
reader gives its safe value (the public view, nobody above viewer, no store)."""
import pytest
from conftest import ROOT, USERS
from streamlit.testing.v1 import AppTest
from test_cli import run_geo

from geo.access import person
from geo.settings import SettingsError, public_mode, settings_problem
from geo.store import store_url

BROKEN = {
    "a misspelt key": ('public_mode = false\nstore_ulr = "sqlite:////tmp/elsewhere.sqlite"\n', "store_ulr"),
    "a misspelt roles key": ('acess_file = "/etc/roles.toml"\n', "access_file"),
    "keys differing only in case": ("INTERNAL_WITHOUT_SIGN_IN = false\ninternal_without_sign_in = true\n",
                                    "internal_without_sign_in"),
    "a key under a section": ('[store]\nstore_url = "sqlite:////tmp/elsewhere.sqlite"\n', "store_url"),
    "not TOML": ('store_url = "sqlite:////tmp/x.sqlite\n', "TOML"),
}


@pytest.fixture(params=list(BROKEN), ids=list(BROKEN))
def broken(request, tmp_path, monkeypatch):
    """A broken dashboard.toml, and no DASHBOARD_DB / DASHBOARD_ACCESS in the environment: the file
    alone decides, as on a server."""
    text, named = BROKEN[request.param]
    config = tmp_path / "dashboard.toml"
    config.write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(config))
    for name in ("DASHBOARD_DB", "DASHBOARD_ACCESS", "PUBLIC_MODE", "INTERNAL_WITHOUT_SIGN_IN"):
        monkeypatch.delenv(name, raising=False)
    return config, named


def test_every_reader_gives_its_safe_value(broken):
    _, named = broken
    problem = settings_problem()
    assert problem is not None and named in str(problem) and "does not start" in str(problem)
    with pytest.raises(SettingsError):          # never the default database in place of the one meant
        store_url()
    assert public_mode() is True
    assert person("admin@test.example").role == "viewer"                        # never the default roles file


def test_the_app_refuses_to_start_with_one_sentence(broken):
    _, named = broken
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.user = dict(USERS["admin"])
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert len(at.error) == 1 and named in at.error[0].value.replace("\\", "")
    assert not at.metric and not at.title and not at.dataframe                 # nothing else runs


def test_the_command_line_refuses_to_start_with_one_line(broken, tmp_path):
    config, named = broken
    result = run_geo("store", "list", env={"DASHBOARD_CONFIG": str(config), "DASHBOARD_DB": ""})
    assert result.returncode == 2 and named in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "elsewhere.sqlite").exists()


def test_a_known_key_in_any_case_is_read():
    from geo.settings import _key_problem

    assert _key_problem({"PUBLIC_MODE": True, "store_url": "sqlite://"}, "dashboard.toml") is None
