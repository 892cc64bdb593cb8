"""outcome evidence: review rounds, outcome records per round, discussions, attendance, audit

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

DESTINATION = {"refer_msk": "msk", "refer_orthopaedics": "orthopaedics", "refer_other": "other"}


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('reviews', sa.JSON(), server_default='[]', nullable=False))
        batch_op.create_index('ix_follow_ups_status_due_at', ['status', 'due_at', 'id'], unique=False)

    records = op.create_table('outcome_records',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('onward_referral', sa.String(length=20), nullable=False),
    sa.Column('management_changed', sa.Boolean(), nullable=False),
    sa.Column('patient_status', sa.String(length=20), nullable=False),
    sa.Column('msk_hq', sa.Integer(), nullable=True),
    sa.Column('msk_hq_baseline', sa.Integer(), nullable=True),
    sa.Column('actions_completed', sa.String(length=10), nullable=True),
    sa.Column('reflection', sa.Text(), nullable=False),
    sa.Column('referral_avoided', sa.Boolean(), nullable=False),
    sa.Column('referral_made_as_intended', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('recorded_by', sa.String(length=36), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revised_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id', 'round', name='uq_outcome_records_case_round')
    )
    with op.batch_alter_table('outcome_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_records_recorded_at'), ['recorded_at'], unique=False)

    # Outcomes recorded before rounds existed are each their case's first round.
    # Copied in SQL, so each database keeps its own types for times and booleans.
    names = ('id', 'case_id', 'onward_referral', 'management_changed', 'patient_status',
             'msk_hq', 'reflection', 'referral_avoided', 'recorded_by', 'recorded_at')
    old = sa.table('outcomes', *(sa.column(name) for name in names))
    chains = sa.table('follow_ups', sa.column('case_id'), sa.column('intended_plan'))
    as_intended = sa.case(
        *((sa.and_(chains.c.intended_plan == plan, old.c.onward_referral == onward), sa.true())
          for plan, onward in DESTINATION.items()),
        else_=sa.false(),
    )
    op.execute(
        records.insert().from_select(
            [*names, 'round', 'referral_made_as_intended'],
            sa.select(*(old.c[n] for n in names), sa.literal(1), as_intended).select_from(
                old.outerjoin(chains, chains.c.case_id == old.c.case_id)
            ),
        )
    )
    op.drop_table('outcomes')

    op.create_table('discussions',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('conference_id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('intended_plan', sa.String(length=30), nullable=False),
    sa.Column('body_region', sa.String(length=30), nullable=True),
    sa.Column('msk_hq_baseline', sa.Integer(), nullable=True),
    sa.Column('presenter_id', sa.String(length=36), nullable=False),
    sa.Column('presenter', sa.JSON(), nullable=False),
    sa.Column('presenter_service', sa.String(length=30), nullable=True),
    sa.Column('presenter_site', sa.String(length=120), nullable=True),
    sa.Column('chair', sa.JSON(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('discussed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('case_id')
    )
    with op.batch_alter_table('discussions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_discussions_conference_id'), ['conference_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_discussions_discussed_at'), ['discussed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_discussions_presenter_id'), ['presenter_id'], unique=False)

    op.create_table('conferences_held',
    sa.Column('conference_id', sa.String(length=36), nullable=False),
    sa.Column('chair', sa.JSON(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cases_discussed', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('conference_id')
    )
    with op.batch_alter_table('conferences_held', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conferences_held_recorded_at'), ['recorded_at'], unique=False)

    op.create_table('conference_attendance',
    sa.Column('conference_id', sa.String(length=36), nullable=False),
    sa.Column('clinician_id', sa.String(length=36), nullable=False),
    sa.Column('band', sa.Integer(), nullable=False),
    sa.Column('service', sa.String(length=30), nullable=False),
    sa.Column('site', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('conference_id', 'clinician_id')
    )
    with op.batch_alter_table('conference_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conference_attendance_clinician_id'), ['clinician_id'], unique=False)

    op.create_table('outcome_audit',
    sa.Column('id', sa.BigInteger().with_variant(sa.INTEGER(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('actor_id', sa.String(length=36), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('object', sa.String(length=80), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('request_id', sa.String(length=36), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('outcome_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_audit_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_audit_object'), ['object'], unique=False)


def downgrade() -> None:
    """Downgrade schema: reviews and the evidence tables go; first-round outcomes stay."""
    op.drop_table('outcome_audit')
    op.drop_table('conference_attendance')
    op.drop_table('conferences_held')
    op.drop_table('discussions')
    outcomes = op.create_table('outcomes',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('onward_referral', sa.String(length=20), nullable=False),
    sa.Column('management_changed', sa.Boolean(), nullable=False),
    sa.Column('patient_status', sa.String(length=20), nullable=False),
    sa.Column('msk_hq', sa.Integer(), nullable=True),
    sa.Column('reflection', sa.Text(), nullable=False),
    sa.Column('referral_avoided', sa.Boolean(), nullable=False),
    sa.Column('recorded_by', sa.String(length=36), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id')
    )
    names = ('id', 'case_id', 'onward_referral', 'management_changed', 'patient_status',
             'msk_hq', 'reflection', 'referral_avoided', 'recorded_by', 'recorded_at')
    records = sa.table('outcome_records', sa.column('round'), *(sa.column(n) for n in names))
    op.execute(
        outcomes.insert().from_select(
            list(names), sa.select(*(records.c[n] for n in names)).where(records.c.round == 1)
        )
    )
    op.drop_table('outcome_records')
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_index('ix_follow_ups_status_due_at')
        batch_op.drop_column('reviews')
        batch_op.drop_column('round')
