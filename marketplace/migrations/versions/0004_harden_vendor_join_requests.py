"""harden: requests to join a vendor

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 18:28:57.805007
"""
from alembic import op
import sqlalchemy as sa
import core.db


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A registration with an existing vendor's tax code becomes a request to join it (vendors.services).
    op.create_table('vendor_join_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vendor_id', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('name_given', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('pending','approved','refused')", name=op.f('ck_vendor_join_requests_status_known')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_vendor_join_requests_decided_by_id_users')),
    sa.ForeignKeyConstraint(['vendor_id'], ['vendors.id'], name=op.f('fk_vendor_join_requests_vendor_id_vendors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vendor_join_requests'))
    )
    op.create_index(op.f('ix_vendor_join_requests_email'), 'vendor_join_requests', ['email'], unique=False)
    op.create_index(op.f('ix_vendor_join_requests_status'), 'vendor_join_requests', ['status'], unique=False)
    op.create_index(op.f('ix_vendor_join_requests_vendor_id'), 'vendor_join_requests', ['vendor_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_vendor_join_requests_vendor_id'), table_name='vendor_join_requests')
    op.drop_index(op.f('ix_vendor_join_requests_status'), table_name='vendor_join_requests')
    op.drop_index(op.f('ix_vendor_join_requests_email'), table_name='vendor_join_requests')
    op.drop_table('vendor_join_requests')
