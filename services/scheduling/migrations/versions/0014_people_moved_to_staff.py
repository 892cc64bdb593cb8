"""passwords and services now belong to the staff service

Revision ID: 0014_people_moved_to_staff
Revises: 0013_staff_handover
Create Date: 2026-12-02 03:00:00

Runs only after `mskpeer migrate` has copied every person, password, role, site
and service to the staff service and recorded it in staff_handover: dropping the
passwords first would lock everyone out for good.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0014_people_moved_to_staff'
down_revision: Union[str, Sequence[str], None] = '0013_staff_handover'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    bind = op.get_bind()
    people = bind.execute(sa.text('SELECT count(*) FROM clinicians')).scalar_one()
    handed_over = bind.execute(sa.text('SELECT count(*) FROM staff_handover')).scalar_one()
    if people and not handed_over:
        raise RuntimeError(
            'scheduling still holds people who have not been handed over to the staff '
            'service: run `mskpeer migrate` (which copies them first), not scheduling alone'
        )
    with op.batch_alter_table('clinicians', schema=None) as batch_op:
        batch_op.drop_column('password_hash')
        batch_op.drop_column('wrong_passwords')
        batch_op.drop_column('locked_until')
    op.drop_table('services')


def downgrade() -> None:
    services = op.create_table(
        'services',
        sa.Column('code', sa.String(length=30), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint('code'),
        sa.UniqueConstraint('name'),
    )
    op.bulk_insert(
        services,
        [
            {'code': 'core_physio', 'name': 'Core physiotherapy'},
            {'code': 'msk_esp', 'name': 'MSK extended-scope practitioners'},
            {'code': 'orthopaedics', 'name': 'Orthopaedics'},
        ],
    )
    with op.batch_alter_table('clinicians', schema=None) as batch_op:
        batch_op.add_column(sa.Column('password_hash', sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column('wrong_passwords', sa.Integer(), server_default='0', nullable=False)
        )
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))
