"""Alembic environment: runs on the connection the app hands over (one transaction)."""

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import URL

from masterydesk.store.models import Base

config = context.config
connection = config.attributes.get("connection")


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:  # developer use: `alembic -x db=FILE revision --autogenerate`
    url = URL.create("sqlite", database=context.get_x_argument(as_dictionary=True)["db"])
    with create_engine(url).connect() as fresh:
        _run(fresh)
        fresh.commit()
