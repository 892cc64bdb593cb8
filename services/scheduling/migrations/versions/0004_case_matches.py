"""case matches: colleagues matched to a case, and the expert invited

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 23:40:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'case_matches',
        sa.Column('case_id', sa.String(length=36), nullable=False),
        sa.Column('experts', sa.JSON(), nullable=False),
        sa.Column('matched_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('invited_id', sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint('case_id'),
    )


def downgrade() -> None:
    op.drop_table('case_matches')
