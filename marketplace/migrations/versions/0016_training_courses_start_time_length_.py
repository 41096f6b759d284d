"""training courses: start time, length, description, seats taken; attendance

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 00:39:20.312213
"""
from datetime import UTC, datetime, time

from alembic import op
import sqlalchemy as sa
import core.db


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


ENROLMENTS = sa.table('course_enrolments', sa.column('id'), sa.column('course_id'), sa.column('sme_id'),
                      sa.column('support_id'), sa.column('attended', sa.Boolean()),
                      sa.column('created_at', core.db.UTCDateTime()))


def _set_enrolments_aside() -> list[dict]:
    """SQLite alters `courses` by copying it and dropping the original, which its enrolments' foreign keys
    forbid: they wait outside the table meanwhile (PostgreSQL alters the table in place)."""
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return []
    rows = [dict(r._mapping) for r in connection.execute(sa.select(ENROLMENTS))]
    connection.execute(ENROLMENTS.delete())
    return rows


def _put_enrolments_back(rows: list[dict]) -> None:
    if rows:
        op.bulk_insert(ENROLMENTS, rows)


def upgrade() -> None:
    op.add_column('course_enrolments', sa.Column('attended', sa.Boolean(), nullable=True))
    enrolments = _set_enrolments_aside()
    # Courses published before this revision (none had a page) start at 08:00 in Vietnam (01:00 UTC) of
    # their day, with their enrolments as seats taken; the columns are then required.
    with op.batch_alter_table('courses') as batch_op:
        batch_op.add_column(sa.Column('starts_at', core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('hours', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('description', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('taken', sa.Integer(), nullable=True))
    courses = sa.table('courses', sa.column('id'), sa.column('held_on', sa.Date()), sa.column('seats'),
                       sa.column('taken'), sa.column('starts_at', core.db.UTCDateTime()))
    connection = op.get_bind()
    counts = {}
    for row in enrolments or connection.execute(sa.select(ENROLMENTS.c.course_id)).mappings():
        counts[row['course_id']] = counts.get(row['course_id'], 0) + 1
    for course_id, held_on, seats in connection.execute(sa.select(courses.c.id, courses.c.held_on,
                                                                  courses.c.seats)).all():
        taken = counts.get(course_id, 0)
        connection.execute(courses.update().where(courses.c.id == course_id).values(
            starts_at=datetime.combine(held_on, time(1, 0), tzinfo=UTC), taken=taken,
            seats=max(seats, taken, 1)))
    with op.batch_alter_table('courses') as batch_op:
        batch_op.alter_column('starts_at', existing_type=core.db.UTCDateTime(timezone=True), nullable=False)
        batch_op.alter_column('taken', existing_type=sa.Integer(), nullable=False)
        # Written by hand: autogenerate does not compare CHECK constraints.
        batch_op.create_check_constraint(op.f('ck_courses_seats_positive'), 'seats >= 1')
        batch_op.create_check_constraint(op.f('ck_courses_not_overbooked'), 'taken >= 0 AND taken <= seats')
        batch_op.create_check_constraint(op.f('ck_courses_hours_positive'), 'hours IS NULL OR hours > 0')
    _put_enrolments_back(enrolments)
    op.create_index(op.f('ix_courses_consultant_id'), 'courses', ['consultant_id'], unique=False)
    op.create_index('ix_courses_upcoming', 'courses', ['held_on', 'starts_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_courses_upcoming', table_name='courses')
    op.drop_index(op.f('ix_courses_consultant_id'), table_name='courses')
    enrolments = _set_enrolments_aside()
    with op.batch_alter_table('courses') as batch_op:
        for name in ('hours_positive', 'not_overbooked', 'seats_positive'):
            batch_op.drop_constraint(op.f(f'ck_courses_{name}'), type_='check')
        for name in ('taken', 'description', 'hours', 'starts_at'):
            batch_op.drop_column(name)
    _put_enrolments_back(enrolments)
    op.drop_column('course_enrolments', 'attended')
