"""initial tables

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 00:40:02.870134
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('occupations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('name_ja', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('supervising_organizations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('licence', sa.String(length=16), nullable=False),
    sa.CheckConstraint("licence in ('general', 'specific')", name='ck_so_licence'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('verification_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('conversation', sa.String(length=200), nullable=False),
    sa.Column('trainee_number', sa.String(length=32), nullable=True),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('verification_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verification_attempts_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_verification_attempts_conversation'), ['conversation'], unique=False)
        batch_op.create_index(batch_op.f('ix_verification_attempts_trainee_number'), ['trainee_number'], unique=False)

    op.create_table('implementing_organizations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('excellent', sa.Boolean(), nullable=True),
    sa.Column('supervising_organization_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['supervising_organization_id'], ['supervising_organizations.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('operations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occupation_id', sa.Integer(), nullable=False),
    sa.Column('name_ja', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('allows_ii', sa.Boolean(), nullable=False),
    sa.Column('allows_iii', sa.Boolean(), nullable=False),
    sa.Column('aliases', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['occupation_id'], ['occupations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('staff_users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('supervising_organization_id', sa.Integer(), nullable=True),
    sa.Column('implementing_organization_id', sa.Integer(), nullable=True),
    sa.Column('access_code_hash', sa.String(length=128), nullable=True),
    sa.CheckConstraint('(supervising_organization_id is null) <> (implementing_organization_id is null)', name='ck_staff_org'),
    sa.ForeignKeyConstraint(['implementing_organization_id'], ['implementing_organizations.id'], ),
    sa.ForeignKeyConstraint(['supervising_organization_id'], ['supervising_organizations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('trainees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trainee_number', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('nationality', sa.String(length=2), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('preferred_language', sa.String(length=8), nullable=False),
    sa.Column('acceptance_type', sa.String(length=16), nullable=False),
    sa.Column('supervising_organization_id', sa.Integer(), nullable=True),
    sa.Column('implementing_organization_id', sa.Integer(), nullable=False),
    sa.Column('operation_id', sa.Integer(), nullable=True),
    sa.Column('entry_date', sa.Date(), nullable=True),
    sa.Column('pre_entry_training', sa.Boolean(), nullable=True),
    sa.Column('used_iii_before', sa.Boolean(), nullable=False),
    sa.CheckConstraint("acceptance_type in ('individual', 'supervising')", name='ck_acceptance'),
    sa.ForeignKeyConstraint(['implementing_organization_id'], ['implementing_organizations.id'], ),
    sa.ForeignKeyConstraint(['operation_id'], ['operations.id'], ),
    sa.ForeignKeyConstraint(['supervising_organization_id'], ['supervising_organizations.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('trainee_number')
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('chat_bindings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('chat_id', sa.String(length=200), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('bound_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('channel', 'chat_id', name='uq_binding_chat')
    )
    op.create_table('exam_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('exam', sa.String(length=8), nullable=False),
    sa.Column('part', sa.String(length=10), nullable=False),
    sa.Column('sat_on', sa.Date(), nullable=False),
    sa.Column('result', sa.String(length=8), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.CheckConstraint("exam in ('basic', 'grade3', 'grade2')", name='ck_exam'),
    sa.CheckConstraint("part in ('written', 'practical')", name='ck_part'),
    sa.CheckConstraint("result in ('pass', 'fail', 'pending')", name='ck_result'),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('exam_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exam_records_trainee_id'), ['trainee_id'], unique=False)

    op.create_table('link_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=128), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('stage_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=3), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('expiry', sa.Date(), nullable=False),
    sa.CheckConstraint("stage in ('i', 'ii', 'iii')", name='ck_stage'),
    sa.CheckConstraint('expiry >= start', name='ck_stage_dates'),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('stage_periods', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stage_periods_trainee_id'), ['trainee_id'], unique=False)

    op.create_table('temporary_returns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=False),
    sa.Column('returned_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('temporary_returns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_temporary_returns_trainee_id'), ['trainee_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('temporary_returns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_temporary_returns_trainee_id'))

    op.drop_table('temporary_returns')
    with op.batch_alter_table('stage_periods', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stage_periods_trainee_id'))

    op.drop_table('stage_periods')
    op.drop_table('link_codes')
    with op.batch_alter_table('exam_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exam_records_trainee_id'))

    op.drop_table('exam_records')
    op.drop_table('chat_bindings')
    op.drop_table('audit_log')
    op.drop_table('trainees')
    op.drop_table('staff_users')
    op.drop_table('operations')
    op.drop_table('implementing_organizations')
    with op.batch_alter_table('verification_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verification_attempts_trainee_number'))
        batch_op.drop_index(batch_op.f('ix_verification_attempts_conversation'))
        batch_op.drop_index(batch_op.f('ix_verification_attempts_at'))

    op.drop_table('verification_attempts')
    op.drop_table('supervising_organizations')
    op.drop_table('occupations')
