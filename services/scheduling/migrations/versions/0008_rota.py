"""the rota: unavailability, co-chairs in training, maximum load, reasons, published rotas

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 12:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('clinicians', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('co_chair_in_training', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column('max_conferences', sa.Integer(), server_default='1', nullable=False)
        )
    with op.batch_alter_table('conference_attendees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reasons', sa.JSON(), nullable=True))
    op.create_table(
        'unavailability',
        sa.Column('id', sa.BigInteger().with_variant(sa.INTEGER(), 'sqlite'), autoincrement=True, nullable=False),
        sa.Column('clinician_id', sa.String(length=36), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('reason', sa.String(length=200), nullable=True),
        sa.Column('recorded_by', sa.String(length=36), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['clinician_id'], ['clinicians.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('clinician_id', 'day', name='uq_unavailability_clinician_day'),
    )
    op.create_index(
        op.f('ix_unavailability_clinician_id'), 'unavailability', ['clinician_id'], unique=False
    )
    op.create_table(
        'rotas',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('series_id', sa.String(length=36), nullable=True),
        sa.Column('published_by', sa.String(length=36), nullable=True),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('figures', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_rotas_published_at'), 'rotas', ['published_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_rotas_published_at'), table_name='rotas')
    op.drop_table('rotas')
    op.drop_index(op.f('ix_unavailability_clinician_id'), table_name='unavailability')
    op.drop_table('unavailability')
    with op.batch_alter_table('conference_attendees', schema=None) as batch_op:
        batch_op.drop_column('reasons')
    with op.batch_alter_table('clinicians', schema=None) as batch_op:
        batch_op.drop_column('max_conferences')
        batch_op.drop_column('co_chair_in_training')
