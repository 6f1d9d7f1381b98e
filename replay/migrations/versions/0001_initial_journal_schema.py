"""initial journal schema

Revision ID: 0001
Revises: (none)
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('audit',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('batches',
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('destination', sa.String(length=32), nullable=False),
    sa.Column('msg_type', sa.String(length=32), nullable=False),
    sa.Column('source', sa.String(length=24), nullable=False),
    sa.Column('batch_no', sa.String(length=13), nullable=False),
    sa.Column('record_count', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('posted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('receipt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.Column('receipt', sa.LargeBinary(), nullable=True),
    sa.PrimaryKeyConstraint('batch_id')
    )
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_batches_destination'), ['destination'], unique=False)
        batch_op.create_index(batch_op.f('ix_batches_status'), ['status'], unique=False)

    op.create_table('counters',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('cursors',
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('cursor', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('source')
    )
    op.create_table('destination_state',
    sa.Column('destination', sa.String(length=32), nullable=False),
    sa.Column('msg_type', sa.String(length=32), nullable=False),
    sa.Column('cd_id', sa.String(length=200), nullable=False),
    sa.Column('live', sa.Integer(), nullable=False),
    sa.Column('cd_time', sa.String(length=25), nullable=True),
    sa.Column('content_digest', sa.String(length=64), nullable=True),
    sa.Column('in_flight_batch', sa.String(length=36), nullable=True),
    sa.PrimaryKeyConstraint('destination', 'msg_type', 'cd_id')
    )
    op.create_table('hops',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('msg_id', sa.String(length=64), nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('event', sa.String(length=32), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('hops', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hops_msg_id'), ['msg_id'], unique=False)

    op.create_table('idempotency_keys',
    sa.Column('scope', sa.String(length=32), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('scope', 'key')
    )
    op.create_table('quarantine',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('msg_id', sa.String(length=64), nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.String(length=64), nullable=False),
    sa.Column('errors', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('quarantine', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quarantine_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_quarantine_msg_id'), ['msg_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quarantine_reason'), ['reason'], unique=False)
        batch_op.create_index(batch_op.f('ix_quarantine_status'), ['status'], unique=False)

    op.create_table('raw_messages',
    sa.Column('msg_id', sa.String(length=36), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('source_id', sa.String(length=128), nullable=False),
    sa.Column('source_version', sa.String(length=64), nullable=False),
    sa.Column('trace_id', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('msg_id'),
    sa.UniqueConstraint('source', 'kind', 'source_id', 'source_version', name='uq_raw_identity')
    )
    with op.batch_alter_table('raw_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_raw_messages_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_raw_messages_status'), ['status'], unique=False)
        batch_op.create_index('ix_raw_source_kind', ['source', 'kind'], unique=False)

    op.create_table('source_versions',
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('source_id', sa.String(length=128), nullable=False),
    sa.Column('version_num', sa.BigInteger(), nullable=False),
    sa.Column('msg_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('source', 'kind', 'source_id')
    )
    op.create_table('standard_records',
    sa.Column('std_msg_id', sa.String(length=36), nullable=False),
    sa.Column('raw_msg_id', sa.String(length=36), nullable=False),
    sa.Column('msg_type', sa.String(length=32), nullable=False),
    sa.Column('cd_id', sa.String(length=200), nullable=False),
    sa.Column('operation', sa.String(length=8), nullable=False),
    sa.Column('cd_source', sa.String(length=24), nullable=False),
    sa.Column('cd_time', sa.String(length=25), nullable=False),
    sa.Column('area', sa.String(length=6), nullable=False),
    sa.Column('content_digest', sa.String(length=64), nullable=False),
    sa.Column('spec', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['raw_msg_id'], ['raw_messages.msg_id'], ),
    sa.PrimaryKeyConstraint('std_msg_id'),
    sa.UniqueConstraint('raw_msg_id', 'msg_type', 'content_digest', name='uq_std_raw_type_digest')
    )
    with op.batch_alter_table('standard_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_standard_records_cd_id'), ['cd_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_standard_records_msg_type'), ['msg_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_standard_records_raw_msg_id'), ['raw_msg_id'], unique=False)

    op.create_table('deliveries',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('std_msg_id', sa.String(length=36), nullable=False),
    sa.Column('destination', sa.String(length=32), nullable=False),
    sa.Column('msg_type', sa.String(length=32), nullable=False),
    sa.Column('cd_id', sa.String(length=200), nullable=False),
    sa.Column('cd_time', sa.String(length=25), nullable=False),
    sa.Column('content_digest', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.String(length=36), nullable=True),
    sa.Column('digest', sa.String(length=64), nullable=True),
    sa.Column('sealed', sa.LargeBinary(), nullable=True),
    sa.Column('errors', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['std_msg_id'], ['standard_records.std_msg_id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('std_msg_id', 'destination', name='uq_delivery')
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deliveries_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deliveries_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_deliveries_updated_at'), ['updated_at'], unique=False)
        batch_op.create_index('ix_delivery_dest_cd', ['destination', 'msg_type', 'cd_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_delivery_dest_cd')
        batch_op.drop_index(batch_op.f('ix_deliveries_updated_at'))
        batch_op.drop_index(batch_op.f('ix_deliveries_status'))
        batch_op.drop_index(batch_op.f('ix_deliveries_batch_id'))

    op.drop_table('deliveries')
    with op.batch_alter_table('standard_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_standard_records_raw_msg_id'))
        batch_op.drop_index(batch_op.f('ix_standard_records_msg_type'))
        batch_op.drop_index(batch_op.f('ix_standard_records_cd_id'))

    op.drop_table('standard_records')
    op.drop_table('source_versions')
    with op.batch_alter_table('raw_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_raw_source_kind')
        batch_op.drop_index(batch_op.f('ix_raw_messages_status'))
        batch_op.drop_index(batch_op.f('ix_raw_messages_received_at'))

    op.drop_table('raw_messages')
    with op.batch_alter_table('quarantine', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quarantine_status'))
        batch_op.drop_index(batch_op.f('ix_quarantine_reason'))
        batch_op.drop_index(batch_op.f('ix_quarantine_msg_id'))
        batch_op.drop_index(batch_op.f('ix_quarantine_created_at'))

    op.drop_table('quarantine')
    op.drop_table('idempotency_keys')
    with op.batch_alter_table('hops', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hops_msg_id'))

    op.drop_table('hops')
    op.drop_table('destination_state')
    op.drop_table('cursors')
    op.drop_table('counters')
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_batches_status'))
        batch_op.drop_index(batch_op.f('ix_batches_destination'))

    op.drop_table('batches')
    op.drop_table('audit')

