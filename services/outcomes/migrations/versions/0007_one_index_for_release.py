"""follow_ups: the release timer's composite index alone, without the single-column ones

The planner, its statistics taken before 20,000 chains fell due at once, took
ix_follow_ups_due_at for the claim, then sorted every due row (on disk) to keep
100: 40-80 ms a batch instead of 1-4 ms. The composite index (status, due_at,
id) gives the rows in the claim's order and serves a lookup by status alone.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 15:00:00.000000

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("follow_ups") as batch_op:
        batch_op.drop_index("ix_follow_ups_due_at")
        batch_op.drop_index("ix_follow_ups_status")


def downgrade() -> None:
    with op.batch_alter_table("follow_ups") as batch_op:
        batch_op.create_index("ix_follow_ups_status", ["status"], unique=False)
        batch_op.create_index("ix_follow_ups_due_at", ["due_at"], unique=False)
