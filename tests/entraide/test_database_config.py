"""DATABASE_URL as production gives it: one server, or several for a failover."""

from entraide.settings.base import database_config


def test_one_server():
    config = database_config("postgres://entraide:secret@db.internal:5432/entraide")
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5432, "entraide")
    assert config["USER"] == "entraide" and config["PASSWORD"] == "secret"
    assert config["CONN_HEALTH_CHECKS"] is True


def test_several_servers_the_one_that_accepts_writes():
    """libpq tries each server in turn and keeps the first that is the primary: after a
    failover (the standby promoted) new connections go to it, with no new configuration."""
    config = database_config(
        "postgres://entraide:secret@db1:5432,db2:5433,db3/entraide"
        "?target_session_attrs=read-write&connect_timeout=3"
    )
    assert config["HOST"] == "db1,db2,db3"
    assert config["PORT"] == "5432,5433,5432"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == (
        "entraide",
        "entraide",
        "secret",
    )
    assert config["OPTIONS"]["target_session_attrs"] == "read-write"
    assert config["OPTIONS"]["connect_timeout"] == 3


def test_several_servers_with_an_at_sign_in_the_query():
    config = database_config(
        "postgres://entraide:s%40cret@db1,db2/entraide?application_name=app@worker-1"
    )
    assert (config["HOST"], config["PORT"]) == ("db1,db2", "5432,5432")
    assert config["PASSWORD"] == "s@cret"
    assert config["OPTIONS"]["application_name"] == "app@worker-1"
