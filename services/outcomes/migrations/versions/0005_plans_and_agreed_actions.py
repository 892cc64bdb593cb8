"""plan only for patient cases, and the agreed actions: a patient group or a professional
topic has no patient plan; "all actions carried out" needs to know which are still open

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 08:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TABLES = ('follow_ups', 'discussions')


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('agreed_actions',
    sa.Column('action_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('action_id')
    )
    with op.batch_alter_table('agreed_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreed_actions_case_id'), ['case_id'], unique=False)
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('intended_plan', existing_type=sa.String(length=30), nullable=True)


def downgrade() -> None:
    """Downgrade schema: a group or a topic discussed meanwhile reads as 'unsure'."""
    with op.batch_alter_table('agreed_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreed_actions_case_id'))
    op.drop_table('agreed_actions')
    for table in TABLES:
        op.execute(sa.text(f"UPDATE {table} SET intended_plan = 'unsure' WHERE intended_plan IS NULL"))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('intended_plan', existing_type=sa.String(length=30), nullable=False)
