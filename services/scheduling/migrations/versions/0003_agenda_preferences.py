"""agenda preferences and revisions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 10:40:00.000000

The conference a presenter prefers for their case, and when the case was last
revised (so a revision delivered late cannot undo a newer one).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('preferred_conference_id', sa.String(length=36), nullable=True)
        )
        batch_op.add_column(sa.Column('revised_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_column('revised_at')
        batch_op.drop_column('preferred_conference_id')
