"""harden: billing claims on payment attempts

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 18:21:23.022147
"""
from alembic import op
import sqlalchemy as sa
import core.db


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Which billing run holds an unfinished attempt, until when (payments.billing: claims).
    op.add_column('payment_attempts', sa.Column('claimed_by', sa.String(length=64), nullable=True))
    op.add_column('payment_attempts', sa.Column('claimed_until', core.db.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # Which billing run holds an unfinished attempt, until when (payments.billing: claims).
    op.drop_column('payment_attempts', 'claimed_until')
    op.drop_column('payment_attempts', 'claimed_by')
