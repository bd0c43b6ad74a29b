"""roles record the day they were added; entry links carry their entry's date and minutes

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 04:50:00

Readiness is drawn from the day a role was added (DESIGN.md, second edition). A role written
before this revision gets the date of the first evidence of its required skills (a learning
date, a journal entry, an application or a teaching event), or today when there is none.

Practice minutes (second edition) are added up per skill: entry_skills gets a copy of each
entry's date and minutes and an index over (skill, date, minutes), so `masterydesk metrics`
reads one index in order instead of every entry's page; a trigger keeps the copy.
"""

import sqlalchemy as sa
from alembic import op

from masterydesk.store import sqlite
from masterydesk.store.bundles import ROLES_DATED_BY_FIRST_EVIDENCE

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("roles") as batch:
        batch.add_column(sa.Column("created_on", sa.Date(), nullable=True))
    op.execute(ROLES_DATED_BY_FIRST_EVIDENCE)
    with op.batch_alter_table("journal_entries") as batch:
        batch.create_index("ix_journal_entries_practice", ["date", "minutes"], unique=False)
    with op.batch_alter_table("entry_skills") as batch:
        batch.add_column(sa.Column("date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("minutes", sa.Integer(), nullable=True))
        batch.create_index("ix_entry_skills_practice", ["skill_id", "date", "minutes"], unique=False)
    op.execute(
        "UPDATE entry_skills SET (date, minutes) = "
        "(SELECT date, minutes FROM journal_entries WHERE pk = entry_skills.entry_pk)"
    )
    sqlite.create_practice_trigger(op.get_bind())


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS entry_skills_follow_their_entry")
    with op.batch_alter_table("entry_skills") as batch:
        batch.drop_index("ix_entry_skills_practice")
        batch.drop_column("minutes")
        batch.drop_column("date")
    with op.batch_alter_table("journal_entries") as batch:
        batch.drop_index("ix_journal_entries_practice")
    with op.batch_alter_table("roles") as batch:
        batch.drop_column("created_on")
