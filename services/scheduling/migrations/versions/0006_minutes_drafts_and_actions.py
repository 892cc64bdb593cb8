"""minutes drafts, the agreed plan per item, and the life of an action

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 23:10:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minutes_draft', sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column('minutes_draft_saved_at', sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table('minutes_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agreed_plan', sa.Text(), server_default='', nullable=False))
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('completed_by', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('due_sent_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_column('due_sent_at')
        batch_op.drop_column('completed_by')
        batch_op.drop_column('completed_at')
        batch_op.drop_column('assigned_at')
    with op.batch_alter_table('minutes_items', schema=None) as batch_op:
        batch_op.drop_column('agreed_plan')
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.drop_column('minutes_draft_saved_at')
        batch_op.drop_column('minutes_draft')
