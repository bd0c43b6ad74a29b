"""search index without word positions

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 02:05:00

Searches are words that must all appear, highlighted in Python: the positions FTS5 kept for
phrase queries and snippet() were never read. Without them (detail=none) the index is a fifth of
its size and rebuilding it after a ten-year import takes half the time.
"""

from alembic import op

from masterydesk.store import sqlite

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        sqlite.drop_fts(op.get_bind())
        sqlite.create_fts(op.get_bind(), prefixes="2", detail="none")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        sqlite.drop_fts(op.get_bind())
        sqlite.create_fts(op.get_bind(), prefixes="2", detail="full")
