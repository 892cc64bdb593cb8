"""the red-flag escalation record, and the local urgent pathways

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 03:30:00

Which urgent pathway a red flag went through, to whom, who said so and when;
and the local urgent pathways with their contacts, data the service sets
(seeded with where to look, for each service to put its own numbers in).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

PATHWAYS = [
    ("emergency_department", "Emergency department (A&E)", "Send the patient to A&E now; call ahead to the emergency department."),
    ("same_day_spinal", "Same-day spinal or orthopaedic on-call", "Switchboard: ask for the on-call spinal or orthopaedic registrar."),
    ("urgent_orthopaedics", "Urgent orthopaedic referral", "Urgent referral to the fracture or orthopaedic clinic, by phone and in writing."),
    ("gp_same_day", "GP, same day", "The patient's GP practice: ask for a same-day call back from the duty doctor."),
    ("suspected_cancer", "Suspected cancer pathway (two weeks)", "Through the GP, on the suspected cancer referral form."),
    ("another_route", "Another route", "Say below whom you contacted."),
]


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('escalation_pathway', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('escalated_to', sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column('red_flags_escalated_at', sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column('red_flags_escalated_by', sa.String(length=36), nullable=True))
    pathways = op.create_table(
        'urgent_pathways',
        sa.Column('code', sa.String(length=30), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('contact', sa.String(length=500), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('code'),
    )
    op.bulk_insert(
        pathways,
        [
            {"code": code, "name": name, "contact": contact, "position": i}
            for i, (code, name, contact) in enumerate(PATHWAYS)
        ],
    )


def downgrade() -> None:
    op.drop_table('urgent_pathways')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('red_flags_escalated_by')
        batch_op.drop_column('red_flags_escalated_at')
        batch_op.drop_column('escalated_to')
        batch_op.drop_column('escalation_pathway')
