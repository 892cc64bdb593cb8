"""cases' copy of the conference seats, and which read models are filled

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-10 09:00:00

Who sits on which conference, kept from scheduling's conference.assignment_changed,
so a case read asks no other service. A migration cannot ask scheduling for the
seats an existing deployment already has: the cases service fills them itself at
start (`catch_up_seats`, services/cases/seats.py) and asks scheduling until then.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'conference_seats',
        sa.Column('conference_id', sa.String(length=36), nullable=False),
        sa.Column('clinician_id', sa.String(length=36), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('seated', sa.Boolean(), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('conference_id', 'clinician_id', 'role'),
    )
    op.create_index('ix_conference_seats_clinician', 'conference_seats', ['clinician_id'])
    op.create_table(
        'read_models',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('filled_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )


def downgrade() -> None:
    op.drop_table('read_models')
    op.drop_index('ix_conference_seats_clinician', table_name='conference_seats')
    op.drop_table('conference_seats')
