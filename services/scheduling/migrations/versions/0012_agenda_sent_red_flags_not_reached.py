"""the agenda as last sent, escalated red flags on the agenda, items not reached

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 04:05:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0012'
down_revision: Union[str, Sequence[str], None] = '0011'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agenda_sent', sa.JSON(), nullable=True))
    with op.batch_alter_table('minutes_items', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('not_reached', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('red_flags', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('escalation_pathway', sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_column('escalation_pathway')
        batch_op.drop_column('red_flags')
    with op.batch_alter_table('minutes_items', schema=None) as batch_op:
        batch_op.drop_column('not_reached')
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.drop_column('agenda_sent')
