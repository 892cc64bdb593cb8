"""page feedback: "Was this page helpful?" on the public self-help pages

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 03:20:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import sqlite


# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('page_feedback',
    sa.Column('id', sa.BigInteger().with_variant(sqlite.INTEGER(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('page', sa.String(length=200), nullable=False),
    sa.Column('helpful', sa.Boolean(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('page_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_page_feedback_page'), ['page'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('page_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_page_feedback_page'))
    op.drop_table('page_feedback')
