"""case details and drafts

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 10:12:00.000000

Optional clinical details of a case (age band, sex, duration, treatment so far,
STarT MSK risk, baseline MSK-HQ, tags, a preferred conference), drafts (which
may lack a summary, question, urgency or plan, and have no submission time
yet), when a case was first saved and when it was last edited.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# A draft is saved before the presenter has written all of it.
DRAFT_OPTIONAL = (
    ('summary', sa.Text()),
    ('question', sa.Text()),
    ('urgency', sa.String(length=10)),
    ('intended_plan', sa.String(length=30)),
    ('submitted_at', sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('age_band', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('sex', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('duration_weeks', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('treatment_so_far', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('start_msk_risk', sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column('msk_hq_baseline', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('tags', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(
            sa.Column('preferred_conference_id', sa.String(length=36), nullable=True)
        )
        batch_op.add_column(sa.Column('created_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('revised_at', sa.DateTime(timezone=True), nullable=True))
        for name, type_ in DRAFT_OPTIONAL:
            batch_op.alter_column(name, existing_type=type_, nullable=True)

    # Every case so far was saved when it was submitted.
    op.execute("UPDATE cases SET created_at = submitted_at")
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.alter_column(
            'created_at', existing_type=sa.DateTime(timezone=True), nullable=False
        )


def downgrade() -> None:
    """Downgrade schema."""
    # Drafts have no place in the old schema: they go, submitted cases stay.
    op.execute("DELETE FROM cases WHERE status = 'draft'")
    with op.batch_alter_table('cases', schema=None) as batch_op:
        for name, type_ in DRAFT_OPTIONAL:
            batch_op.alter_column(name, existing_type=type_, nullable=False)
        batch_op.drop_column('revised_at')
        batch_op.drop_column('created_at')
        batch_op.drop_column('preferred_conference_id')
        batch_op.drop_column('tags')
        batch_op.drop_column('msk_hq_baseline')
        batch_op.drop_column('start_msk_risk')
        batch_op.drop_column('treatment_so_far')
        batch_op.drop_column('duration_weeks')
        batch_op.drop_column('sex')
        batch_op.drop_column('age_band')
