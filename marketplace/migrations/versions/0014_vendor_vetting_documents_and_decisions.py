"""vendor vetting documents and decisions

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 00:27:45.116273
"""
from alembic import op
import sqlalchemy as sa
import core.db


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A vendor registering here hands in documents an officer vets before its first listing can be
    # submitted (vendors.vetting).
    op.create_table('vendor_vettings',
    sa.Column('vendor_id', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('business_registration_no', sa.String(length=40), nullable=True),
    sa.Column('contact_name', sa.String(length=200), nullable=True),
    sa.Column('contact_position', sa.String(length=200), nullable=True),
    sa.Column('contact_phone', sa.String(length=40), nullable=True),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('customer_references', sa.JSON(), nullable=False),
    sa.Column('submitted_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.CheckConstraint("source IN ('registration','existing','import')", name=op.f('ck_vendor_vettings_source_known')),
    sa.CheckConstraint("status IN ('submitted','approved','changes_requested','rejected')", name=op.f('ck_vendor_vettings_status_known')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_vendor_vettings_decided_by_id_users')),
    sa.ForeignKeyConstraint(['vendor_id'], ['vendors.id'], name=op.f('fk_vendor_vettings_vendor_id_vendors')),
    sa.PrimaryKeyConstraint('vendor_id', name=op.f('pk_vendor_vettings'))
    )
    op.create_index(op.f('ix_vendor_vettings_status'), 'vendor_vettings', ['status'], unique=False)
    # The vendors already on the marketplace count as vetted (approved since they came, no documents).
    op.execute("INSERT INTO vendor_vettings (vendor_id, status, source, customer_references, decided_at) "
               "SELECT id, 'approved', 'existing', '[]', created_at FROM vendors")


def downgrade() -> None:
    op.drop_index(op.f('ix_vendor_vettings_status'), table_name='vendor_vettings')
    op.drop_table('vendor_vettings')
