"""The embedded PostgreSQL's settings: sized to the machine, in a file of ours that the
server's own postgresql.conf includes, written again only when they change."""

import pytest
from django.db import connection

from entraide import embedded_db


def _megabytes(value):
    return int(value.strip("'").removesuffix("MB"))


def test_the_settings_are_sized_to_the_machine():
    settings = embedded_db.server_settings()
    assert 128 <= _megabytes(settings["shared_buffers"]) <= 2048
    assert _megabytes(settings["effective_cache_size"]) >= _megabytes(settings["shared_buffers"])
    assert _megabytes(settings["work_mem"]) == 16
    assert float(settings["seq_page_cost"]) <= float(settings["random_page_cost"]) < 1


@pytest.mark.django_db
def test_the_portals_connections_cost_pages_as_held_in_memory():
    """Set on every connection (entraide.settings.base.database_config), whatever server it
    goes to: a delegation's name search is planned from the rows its name indexes point at,
    not by reading the delegation's whole index as well."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('seq_page_cost'), current_setting('random_page_cost')"
        )
        assert cursor.fetchone() == ("0.1", "0.11")


def test_the_settings_go_to_an_included_file_written_when_they_change(tmp_path):
    (tmp_path / "postgresql.conf").write_text("max_connections = 100\n")
    assert embedded_db.write_settings(tmp_path)
    conf = (tmp_path / "postgresql.conf").read_text()
    assert conf.startswith("max_connections = 100\n")
    assert conf.count("include_if_exists = 'entraide.conf'") == 1
    written = (tmp_path / "entraide.conf").read_text()
    assert f"shared_buffers = {embedded_db.server_settings()['shared_buffers']}\n" in written
    # The same settings: nothing to write, nothing to restart; the include stays single.
    assert not embedded_db.write_settings(tmp_path)
    assert (tmp_path / "postgresql.conf").read_text() == conf
    # Other settings (the rehearsal's servers add theirs): written, after ours.
    assert embedded_db.write_settings(tmp_path, {"port": "5544"})
    assert (tmp_path / "entraide.conf").read_text() == written + "port = 5544\n"


@pytest.mark.django_db
def test_postgresql_takes_each_setting_as_written():
    """PostgreSQL reads every value as written (a unit it does not know, a quote too many,
    would stop the embedded server from starting). The shared buffers are set at start
    only: the same unit as effective_cache_size's."""
    with connection.cursor() as cursor:
        for name, value in embedded_db.server_settings().items():
            if name == "shared_buffers":
                continue
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value.strip("'")])
            cursor.execute("SELECT current_setting(%s)", [name])
            assert cursor.fetchone()[0] == value.strip("'")


def test_a_random_read_given_alone_keeps_a_sequential_one_in_proportion(monkeypatch):
    from entraide.settings.base import database_config

    monkeypatch.setenv("DB_RANDOM_PAGE_COST", "1.1")
    monkeypatch.delenv("DB_SEQ_PAGE_COST", raising=False)
    options = database_config("postgres://u@h:5432/d")["OPTIONS"]["options"]
    assert "-c seq_page_cost=1.0 -c random_page_cost=1.1" in options
    monkeypatch.setenv("DB_SEQ_PAGE_COST", "0.5")
    options = database_config("postgres://u@h:5432/d")["OPTIONS"]["options"]
    assert "-c seq_page_cost=0.5 -c random_page_cost=1.1" in options
