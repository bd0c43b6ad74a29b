"""timeline search index: applications, teaching events, interactions and check-ins

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 08:00:00

The Journal tab lists every dated record (the one timeline) and searches all of their words as
you type: notes, ideas, check-ins, and the names of the skills, projects, contacts and
communities they name. Entries keep their own index (journal_fts); this adds timeline_fts for
the other kinds, filled from the records, and the triggers that keep it (store.sqlite).
"""

from alembic import op

from masterydesk.store import sqlite

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        sqlite.create_timeline_index(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        sqlite.drop_timeline_index(op.get_bind())
