"""journal search index and check-in figures

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 21:45:22.021014
"""

from alembic import op
import sqlalchemy as sa

from masterydesk.store import sqlite

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.add_column(sa.Column('figures', sa.Text(), nullable=False, server_default=''))
    if op.get_bind().dialect.name == "sqlite":
        sqlite.create_fts(op.get_bind(), prefixes="2 3", detail="full")  # as it was built then; 0003 changes it


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        sqlite.drop_fts(op.get_bind())
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_column('figures')
