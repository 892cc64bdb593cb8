"""the quorum check before each conference, and its warnings

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 02:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quorum_checked_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        'quorum_warnings',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('conference_id', sa.String(length=36), nullable=False),
        sa.Column('cause', sa.String(length=20), nullable=False),
        sa.Column('problems', sa.JSON(), nullable=False),
        sa.Column('absent', sa.JSON(), nullable=False),
        sa.Column('called_up', sa.String(length=36), nullable=True),
        sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['conference_id'], ['conferences.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(
        op.f('ix_quorum_warnings_conference_id'), 'quorum_warnings', ['conference_id'], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f('ix_quorum_warnings_conference_id'), table_name='quorum_warnings')
    op.drop_table('quorum_warnings')
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.drop_column('quorum_checked_at')
