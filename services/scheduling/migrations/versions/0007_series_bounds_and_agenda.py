"""series bounds (panel min/max, capacity), agenda order and moves, agenda publishing

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 23:10:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('conference_series', schema=None) as batch_op:
        batch_op.alter_column('panel_size', new_column_name='panel_max')
        batch_op.add_column(sa.Column('panel_min', sa.Integer(), server_default='5', nullable=False))
        batch_op.add_column(sa.Column('capacity_minutes', sa.Integer(), nullable=True))
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('capacity_minutes', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('agenda_published_at', sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column('series_slot', sa.DateTime(timezone=True), nullable=True))
    # Conferences made before now were never moved: their slot is their start.
    op.execute("UPDATE conferences SET series_slot = starts_at")
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.alter_column('series_slot', existing_type=sa.DateTime(timezone=True), nullable=False)
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_region', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('position', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('moved_from', sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_column('moved_from')
        batch_op.drop_column('position')
        batch_op.drop_column('body_region')
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.drop_column('series_slot')
        batch_op.drop_column('agenda_published_at')
        batch_op.drop_column('capacity_minutes')
    with op.batch_alter_table('conference_series', schema=None) as batch_op:
        batch_op.drop_column('capacity_minutes')
        batch_op.drop_column('panel_min')
        batch_op.alter_column('panel_max', new_column_name='panel_size')
