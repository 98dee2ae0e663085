"""Every foreign key, and every column a query or a cascade filters on, has an index in the
migrated schema (on SQLite, and on PostgreSQL in the PostgreSQL pass). Without one, each
deleted result made the database scan a whole table."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, inspect

from app.migrate import upgrade

# (table, column): what the app's queries, deletes and purges look rows up by.
FILTERED_ON = [("assessments", "token"), ("assessments", "expires_at"),
               ("assessments", "previous_id"), ("drafts", "id_hash"),
               ("drafts", "expires_at"), ("drafts", "retake_of"), ("drafts", "result_token"),
               ("diary_entries", "assessment_id")]


def _leading_columns(engine: Engine, table: str) -> list[tuple[str, ...]]:
    """The column lists an index (plain, unique or primary key) on `table` starts with."""
    inspector = inspect(engine)
    found = [tuple(i["column_names"]) for i in inspector.get_indexes(table)]
    found += [tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)]
    found.append(tuple(inspector.get_pk_constraint(table)["constrained_columns"]))
    return found


def _is_indexed(engine: Engine, table: str, columns: tuple[str, ...]) -> bool:
    return any(index[:len(columns)] == columns for index in _leading_columns(engine, table))


def unindexed_foreign_keys(engine: Engine) -> list[str]:
    """`table.column` of every foreign key no index starts with."""
    inspector = inspect(engine)
    return [f"{table}.{','.join(fk['constrained_columns'])}"
            for table in inspector.get_table_names()
            for fk in inspector.get_foreign_keys(table)
            if not _is_indexed(engine, table, tuple(fk["constrained_columns"]))]


def _migrated(url: str, revision: str = "head") -> Engine:
    upgrade(url, revision)
    return create_engine(url)


def test_every_foreign_key_has_an_index(empty_database_url):
    engine = _migrated(empty_database_url)
    try:
        assert inspect(engine).get_foreign_keys("assessments"), "the check must see FKs"
        assert unindexed_foreign_keys(engine) == []
    finally:
        engine.dispose()


def test_every_column_queries_filter_on_has_an_index(empty_database_url):
    engine = _migrated(empty_database_url)
    try:
        assert [f"{t}.{c}" for t, c in FILTERED_ON if not _is_indexed(engine, t, (c,))] == []
    finally:
        engine.dispose()


def test_the_check_finds_the_foreign_key_that_had_no_index(empty_database_url):
    """Before 0005 the re-take link was unindexed: the check must say so."""
    engine = _migrated(empty_database_url, "0003")
    try:
        assert unindexed_foreign_keys(engine) == ["assessments.previous_id"]
    finally:
        engine.dispose()
