"""wrong passwords in a row, and the rest after too many

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 03:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('clinicians', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('wrong_passwords', sa.Integer(), server_default='0', nullable=False)
        )
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('clinicians', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('wrong_passwords')
