"""The hot path's statements: Core, compiled once per dialect, run on a DBAPI cursor.

Every page view reads a draft or a result. Through a Session that read cost ~85 us here,
of which the query itself was ~4 us: the rest was SQLAlchemy's per-execution work
(compile-cache lookup, parameter and result set-up) and the Session's transaction
bookkeeping. A Prepared statement keeps SQLAlchemy's compiler and its column types (so
binds and results are converted exactly as everywhere else) but does that work once.
Writes go the same way, inside the session's transaction (an ORM insert cost ~12x the
query: the unit of work is built for object graphs, not one row).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter, methodcaller
from typing import Any

from sqlalchemy import Dialect, Executable
from sqlalchemy.orm import Session

FETCH_ONE = methodcaller("fetchone")
FETCH_ALL = methodcaller("fetchall")
ROW_COUNT = attrgetter("rowcount")


@dataclass(frozen=True)
class _Plan:
    sql: str
    order: tuple[str, ...] | None  # bind names in order, for positional paramstyles
    binds: dict[str, Callable[[Any], Any] | None]
    results: tuple[Callable[[Any], Any] | None, ...]
    row: type


class Prepared:
    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._plans: dict[str, _Plan] = {}

    def _plan(self, dialect: Dialect) -> _Plan:
        compiled = self.statement.compile(dialect=dialect)
        # What a SELECT selects, or what an INSERT ... RETURNING returns (none for DML
        # without RETURNING).
        columns = list(self.statement.exported_columns)  # type: ignore[attr-defined]
        plan = _Plan(
            sql=compiled.string,
            order=tuple(compiled.positiontup or ()) if compiled.positional else None,
            # dialect_impl: the type as this dialect stores it (e.g. SQLite's text dates).
            binds={name: bind.type.dialect_impl(dialect).bind_processor(dialect)
                   for name, bind in compiled.binds.items()},
            results=tuple(c.type.dialect_impl(dialect).result_processor(dialect, None)
                          for c in columns),
            row=namedtuple("Row", [c.key for c in columns]),
        )
        self._plans[dialect.name] = plan
        return plan

    def _bound(self, session: Session, params: dict[str, Any]) -> tuple[_Plan, Any]:
        """The plan for the session's dialect, and the parameters as its driver takes them."""
        dialect = session.get_bind().dialect
        plan = self._plans.get(dialect.name) or self._plan(dialect)
        values = {k: (p(v) if (p := plan.binds.get(k)) else v) for k, v in params.items()}
        args = tuple(values[name] for name in plan.order) if plan.order is not None else values
        return plan, args

    @staticmethod
    def _execute(connection: Any, plan: _Plan, args: Any, take: Callable[[Any], Any]) -> Any:
        cursor = connection.cursor()
        try:
            cursor.execute(plan.sql, args)
            return take(cursor)
        finally:
            cursor.close()  # ends the statement, and with it any read transaction

    def _read(self, session: Session, take: Callable[[Any], Any],
              params: dict[str, Any]) -> tuple[_Plan, Any]:
        plan, args = self._bound(session, params)
        if session.in_transaction():
            # See what this session has written but not yet committed.
            return plan, self._execute(session.connection().connection, plan, args, take)
        reader = session.info.get("reader")  # app.db.Reader, on SQLite
        if reader is not None:
            return plan, self._execute(reader.connection(), plan, args, take)
        raw = session.get_bind().raw_connection()
        try:
            return plan, self._execute(raw, plan, args, take)
        finally:
            raw.close()  # back to the pool, rolled back

    def _row(self, plan: _Plan, values: Any) -> Any:
        return plan.row(*(p(v) if p else v for p, v in zip(plan.results, values, strict=True)))

    def first(self, session: Session, **params: Any) -> Any:
        """The first row (a named tuple of the selected columns), or None."""
        plan, found = self._read(session, FETCH_ONE, params)
        return self._row(plan, found) if found is not None else None

    def all(self, session: Session, **params: Any) -> list[Any]:
        plan, found = self._read(session, FETCH_ALL, params)
        return [self._row(plan, values) for values in found]

    def write(self, session: Session, **params: Any) -> Any:
        """Run an INSERT, UPDATE or DELETE in the session's transaction (the caller
        commits). Returns the RETURNING row if the statement has one, else the row count."""
        plan, args = self._bound(session, params)
        connection = session.connection().connection
        if plan.results:
            return self._row(plan, self._execute(connection, plan, args, FETCH_ONE))
        return self._execute(connection, plan, args, ROW_COUNT)
