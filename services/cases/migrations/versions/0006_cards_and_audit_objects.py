"""expertise contact cards; the audit log names any object (case, card, minutes)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 23:10:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'cards',
        sa.Column('clinician_id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('role', sa.String(length=30), nullable=False),
        sa.Column('band', sa.Integer(), nullable=False),
        sa.Column('service', sa.String(length=30), nullable=False),
        sa.Column('site', sa.String(length=120), nullable=False),
        sa.Column('expertise', sa.JSON(), nullable=False),
        sa.Column('happy_to_help_with', sa.Text(), server_default='', nullable=False),
        sa.Column('availability', sa.Text(), server_default='', nullable=False),
        sa.Column('preferred_contact', sa.String(length=200), server_default='', nullable=False),
        sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('updated_by', sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint('clinician_id'),
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('object', sa.String(length=80), nullable=True))
    # Entries written before cards and minutes were audited were all about cases.
    op.execute(
        "UPDATE audit_log SET object = CASE WHEN case_id IS NULL THEN 'cases' "
        "ELSE 'case:' || case_id END"
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_case_id')
        batch_op.drop_column('case_id')
        batch_op.create_index('ix_audit_log_object', ['object'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_id', sa.String(length=36), nullable=True))
    op.execute(
        "UPDATE audit_log SET case_id = substr(object, 6) WHERE object LIKE 'case:%'"
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_object')
        batch_op.drop_column('object')
        batch_op.create_index('ix_audit_log_case_id', ['case_id'], unique=False)
    op.drop_table('cards')
