"""the red-flag and eligibility answers kept with each referral, for triage

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 07:50:00.000000

"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("red_flag_answers", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("eligibility_answers", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_column("eligibility_answers")
        batch_op.drop_column("red_flag_answers")
