"""services are data: the three MSK services to start with, more added by admins

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 23:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    services = op.create_table(
        'services',
        sa.Column('code', sa.String(length=30), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint('code'),
        sa.UniqueConstraint('name'),
    )
    # Every clinician already belongs to one of these three.
    op.bulk_insert(
        services,
        [
            {'code': 'core_physio', 'name': 'Core physiotherapy'},
            {'code': 'msk_esp', 'name': 'MSK extended-scope practitioners'},
            {'code': 'orthopaedics', 'name': 'Orthopaedics'},
        ],
    )


def downgrade() -> None:
    op.drop_table('services')
