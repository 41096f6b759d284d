"""Scratch databases for benchmarks: never the marketplace's own, never one holding real records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine, make_url


def same_database(a: str, b: str) -> bool:
    """Whether two database URLs name the same database (driver names aside)."""

    def key(url: str):
        parsed = make_url(url.replace("postgresql+psycopg://", "postgresql://", 1))
        return (parsed.get_backend_name(), parsed.host or "localhost", parsed.port, parsed.database)

    return key(a) == key(b)


def foreign_rows(engine: Engine, table: str, prefix: str) -> int:
    """Rows of `table` whose id does not start with `prefix`: a database holding any is not the scratch
    database of the benchmark that writes rows with that prefix."""
    if not inspect(engine).has_table(table):
        return 0
    with engine.connect() as connection:
        return connection.execute(
            text(f"SELECT count(*) FROM {table} WHERE id NOT LIKE :like"), {"like": f"{prefix}%"}
        ).scalar_one()


def stamp_text(moment: datetime | None, dialect: str) -> str | None:
    """A timestamp as the column type stores it (SQLite: naive UTC text), for bulk_insert."""
    if moment is None:
        return None
    return str(moment) if dialect == "postgresql" else str(moment.replace(tzinfo=None))


def bulk_insert(connection: Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Rows written as fast as the database takes them: COPY on PostgreSQL, one executemany on SQLite.
    Values are as the column stores them (JSON as text; on SQLite, timestamps as naive UTC text)."""
    raw = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    cursor = raw.cursor()
    cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    cursor.close()
