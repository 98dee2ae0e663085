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
from typing import Any

from sqlalchemy import Dialect, Executable
from sqlalchemy.orm import Session


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

    def _run(self, session: Session, method: str, params: dict[str, Any]) -> Any:
        bind = session.get_bind()
        plan = self._plans.get(bind.dialect.name) or self._plan(bind.dialect)
        values = {k: (p(v) if (p := plan.binds.get(k)) else v) for k, v in params.items()}
        args = tuple(values[name] for name in plan.order) if plan.order is not None else values
        if session.in_transaction():
            # See what this session has written but not yet committed.
            cursor = session.connection().connection.cursor()
            try:
                cursor.execute(plan.sql, args)
                return getattr(cursor, method)()
            finally:
                cursor.close()
        reader = session.info.get("reader")  # app.db.Reader, on SQLite
        if reader is not None:
            cursor = reader.cursor()
            try:
                cursor.execute(plan.sql, args)
                return getattr(cursor, method)()
            finally:
                cursor.close()  # ends the statement, and with it the read transaction
        raw = bind.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(plan.sql, args)
            found = getattr(cursor, method)()
            cursor.close()
            return found
        finally:
            raw.close()  # back to the pool, rolled back

    def _row(self, plan: _Plan, values: Any) -> Any:
        return plan.row(*(p(v) if p else v for p, v in zip(plan.results, values, strict=True)))

    def first(self, session: Session, **params: Any) -> Any:
        """The first row (a named tuple of the selected columns), or None."""
        found = self._run(session, "fetchone", params)
        plan = self._plans[session.get_bind().dialect.name]
        return self._row(plan, found) if found is not None else None

    def write(self, session: Session, **params: Any) -> Any:
        """Run an INSERT, UPDATE or DELETE in the session's transaction (the caller
        commits). Returns the RETURNING row if the statement has one, else the row count."""
        bind = session.get_bind()
        plan = self._plans.get(bind.dialect.name) or self._plan(bind.dialect)
        values = {k: (p(v) if (p := plan.binds.get(k)) else v) for k, v in params.items()}
        args = tuple(values[name] for name in plan.order) if plan.order is not None else values
        cursor = session.connection().connection.cursor()
        try:
            cursor.execute(plan.sql, args)
            if plan.results:
                return self._row(plan, cursor.fetchone())
            return cursor.rowcount
        finally:
            cursor.close()

    def all(self, session: Session, **params: Any) -> list[Any]:
        found = self._run(session, "fetchall", params)
        plan = self._plans[session.get_bind().dialect.name]
        return [self._row(plan, values) for values in found]
