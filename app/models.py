"""SQLAlchemy 2.0 tables. Nothing identifying is stored: no IP, user agent or name."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite has no time zones of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC).replace(tzinfo=None) if dialect.name == "sqlite" \
            else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class Assessment(Base):
    """A scored, stored result. Reasons and advice are kept as scored, with their texts,
    so an old share link still shows what the person was told then."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    delete_key_hash: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    level: Mapped[str] = mapped_column(String(16))
    rule_ids: Mapped[list[str]] = mapped_column(JSON)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    advice: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    questionnaire_version: Mapped[str] = mapped_column(String(16))
    rules_version: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # A re-take (offered when the diary shows a change) points back to the result before.
    previous_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="SET NULL"), default=None)
    # The person's typed notes are on the share page only when they said so: a link may be
    # passed on further than they meant, and the notes are in their own words.
    notes_shared: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The language the result was made in (shown in it by default), and its reasons' and
    # advice's words in every other language offered when it was made:
    # {"es": {"reasons": [text, ...], "advice": [{"title": ..., "text": ...}, ...]}}, in the
    # order of `reasons` and `advice` (which keep the English). None: English only (a
    # result stored before there was another language).
    language: Mapped[str] = mapped_column(String(16), default="en", server_default="en")
    translations: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)

    # Every foreign key is indexed: deleting a result looks up the re-takes pointing to it.
    __table_args__ = (Index("ix_assessments_expires_at", "expires_at"),
                      Index("ix_assessments_previous_id", "previous_id"))


class Draft(Base):
    """Answers in progress, keyed by a hash of the anonymous cookie id. Times are kept to
    the hour: no more is needed, and less says less about the person."""

    __tablename__ = "drafts"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    # A re-take: the token of the result whose answers it began with.
    retake_of: Mapped[str | None] = mapped_column(String(64), default=None)
    # Submitted: the token of its result (a second submit lands there, not on a new one).
    result_token: Mapped[str | None] = mapped_column(String(64), default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())

    # Deleting a result deletes the drafts that point to it: look them up by index.
    __table_args__ = (Index("ix_drafts_expires_at", "expires_at"),
                      Index("ix_drafts_retake_of", "retake_of"),
                      Index("ix_drafts_result_token", "result_token"))


class DiaryEntry(Base):
    """One twitch noted by the person; deleted with its result (and so expires with it).
    `at` is the instant (UTC, to the minute); `tz` the zone it was noted in, in which it
    is shown, edited, charted and exported."""

    __tablename__ = "diary_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    tz: Mapped[str] = mapped_column(String(64), server_default="UTC")
    location: Mapped[str] = mapped_column(String(32))
    duration: Mapped[str] = mapped_column(String(16))
    intensity: Mapped[int] = mapped_column(Integer)
    tags: Mapped[list[str]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text)
