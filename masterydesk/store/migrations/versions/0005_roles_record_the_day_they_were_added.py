"""roles record the day they were added

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 04:50:00

Readiness is drawn from the day a role was added (DESIGN.md, second edition). A role written
before this revision gets the date of the first evidence of its required skills (a learning
date, a journal entry, an application or a teaching event), or today when there is none.
"""

import sqlalchemy as sa
from alembic import op

from masterydesk.store.bundles import ROLES_DATED_BY_FIRST_EVIDENCE

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("roles") as batch:
        batch.add_column(sa.Column("created_on", sa.Date(), nullable=True))
    op.execute(ROLES_DATED_BY_FIRST_EVIDENCE)


def downgrade() -> None:
    with op.batch_alter_table("roles") as batch:
        batch.drop_column("created_on")
