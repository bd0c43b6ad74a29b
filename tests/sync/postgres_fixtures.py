"""A PostgreSQL cluster started once for the run, and a fresh database (and clean roles) per test.

A plugin of the whole suite (tests/conftest.py): the window's tests of sharing and reviews use it too.
"""

from __future__ import annotations

import secrets

import psycopg
import pytest
from psycopg import sql

from tests.sync.postgres_cluster import PostgresCluster


@pytest.fixture(scope="session")
def postgres_cluster():
    """One throwaway PostgreSQL server for the whole run, deleted at the end."""
    cluster = PostgresCluster.start()
    yield cluster
    cluster.stop()


def admin_connection(cluster: PostgresCluster, database: str = "postgres") -> psycopg.Connection:
    """The superuser, in autocommit (CREATE DATABASE runs outside a transaction)."""
    return psycopg.connect(cluster.url(database), autocommit=True, connect_timeout=5)


def _roles(connection: psycopg.Connection) -> set[str]:
    return {name for (name,) in connection.execute("SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_'")}


@pytest.fixture
def postgres_hub_db(postgres_cluster):
    """The admin URL of a new, empty database; dropped afterwards with the roles the test made."""
    database = f"hub_{secrets.token_hex(6)}"
    with admin_connection(postgres_cluster) as admin:
        roles_before = _roles(admin)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    yield postgres_cluster.url(database)
    # A test may have stopped the server (and failed before starting it again).
    if not (postgres_cluster.data / "postmaster.pid").exists():
        postgres_cluster.start_server()
    with admin_connection(postgres_cluster) as admin:
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(database)))
        # Roles belong to the whole cluster: the next test's ann must be new too.
        for role in sorted(_roles(admin) - roles_before):
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


@pytest.fixture
def hub_admin(postgres_hub_db) -> str:
    """The admin URL of a database that init_hub has set up."""
    from masterydesk.sync.postgres_hub import init_hub

    init_hub(postgres_hub_db)
    return postgres_hub_db
