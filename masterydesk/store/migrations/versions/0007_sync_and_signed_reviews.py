"""sync's change log and bookkeeping; a contact's key; an application's signed review

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 09:00:00

Sync (DESIGN.md, Beyond one machine): the tables of store.sync_log and the triggers that note
each changed record in the change's own transaction (quiet until sync is set up on the device).
Reviews and credentials: contacts.did holds a peer's key as a did:key, and applications.review
the peer's signed review answer (trust.reviews). Columns are added with ALTER TABLE ADD COLUMN,
which keeps the tables and the triggers on them (a batch rebuild would drop the triggers).
"""

import sqlalchemy as sa
from alembic import op

from masterydesk.store import sync_log

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("contacts", sa.Column("did", sa.String(120), nullable=False, server_default=""))
    op.add_column("applications", sa.Column("review", sa.Text(), nullable=False, server_default=""))
    sync_log.create_sync_tables(op.get_bind())
    sync_log.create_sync_triggers(op.get_bind())


def downgrade() -> None:
    sync_log.drop_sync_triggers(op.get_bind())
    for table in reversed(sync_log.SyncBase.metadata.sorted_tables):
        op.drop_table(table.name)
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("review")
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("did")
