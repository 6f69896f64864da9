"""Dates of online work, computed from schedule rules and classroom sessions.

Pure: plain values in, plain values out, no database. A rule says "N days
before/after the start/end of module M's classroom days"; an edition's
sessions give each module its window; a learner's extension overrides the due
date. Offsets are counted in local calendar days, so a rule keeps its wall
clock time across a change to or from summer time.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo


class Anchor(enum.StrEnum):
    START = "start"
    END = "end"


@dataclass(frozen=True)
class Rule:
    anchor: Anchor
    module_id: int
    offset_days: int = 0


@dataclass(frozen=True)
class LessonRule:
    lesson_id: int
    opens: Rule | None = None
    due: Rule | None = None


@dataclass(frozen=True)
class SessionSlot:
    module_id: int
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class LessonDates:
    opens_at: datetime | None
    due_at: datetime | None
    extended: bool = False


@dataclass(frozen=True)
class DateChange:
    lesson_id: int
    field: str  # "opens_at" or "due_at"
    old: datetime | None
    new: datetime | None


class LessonState(enum.StrEnum):
    LOCKED = "locked"
    OPEN = "open"
    DONE = "done"
    OVERDUE = "overdue"


def module_windows(sessions: Iterable[SessionSlot]) -> dict[int, tuple[datetime, datetime]]:
    """A module's window runs from its first session's start to its last session's end."""
    windows: dict[int, tuple[datetime, datetime]] = {}
    for slot in sessions:
        if slot.module_id in windows:
            start, end = windows[slot.module_id]
            windows[slot.module_id] = (min(start, slot.starts_at), max(end, slot.ends_at))
        else:
            windows[slot.module_id] = (slot.starts_at, slot.ends_at)
    return windows


def shift_days(moment: datetime, days: int, tz: tzinfo | None = None) -> datetime:
    """Move a moment by whole local calendar days, keeping its wall clock time."""
    zone = tz or moment.tzinfo
    if zone is None:
        return moment + timedelta(days=days)
    local = moment.astimezone(zone)
    return (local.replace(tzinfo=None) + timedelta(days=days)).replace(tzinfo=zone)


def resolve(
    rule: Rule | None, windows: Mapping[int, tuple[datetime, datetime]], tz: tzinfo | None = None
) -> datetime | None:
    """The moment a rule points at, or None when the rule is absent or its module has no session."""
    if rule is None or rule.module_id not in windows:
        return None
    start, end = windows[rule.module_id]
    anchor = start if rule.anchor == Anchor.START else end
    return shift_days(anchor, rule.offset_days, tz)


def compute_dates(
    rules: Iterable[LessonRule],
    sessions: Iterable[SessionSlot],
    extensions: Mapping[int, datetime] | None = None,
    tz: tzinfo | None = None,
) -> dict[int, LessonDates]:
    windows = module_windows(sessions)
    extensions = extensions or {}
    result: dict[int, LessonDates] = {}
    for rule in rules:
        opens_at = resolve(rule.opens, windows, tz)
        if rule.lesson_id in extensions:
            result[rule.lesson_id] = LessonDates(opens_at, extensions[rule.lesson_id], True)
        else:
            result[rule.lesson_id] = LessonDates(opens_at, resolve(rule.due, windows, tz))
    return result


def date_changes(
    rules: Iterable[LessonRule],
    old_sessions: Iterable[SessionSlot],
    new_sessions: Iterable[SessionSlot],
    tz: tzinfo | None = None,
) -> list[DateChange]:
    """Which opening and due dates move when the sessions change from old to new."""
    rules = list(rules)
    before = compute_dates(rules, old_sessions, tz=tz)
    after = compute_dates(rules, new_sessions, tz=tz)
    changes = []
    for rule in rules:
        for field in ("opens_at", "due_at"):
            old, new = getattr(before[rule.lesson_id], field), getattr(after[rule.lesson_id], field)
            if old != new:
                changes.append(DateChange(rule.lesson_id, field, old, new))
    return changes


def lesson_state(dates: LessonDates | None, *, now: datetime, completed: bool) -> LessonState:
    if completed:
        return LessonState.DONE
    if dates is not None and dates.opens_at is not None and now < dates.opens_at:
        return LessonState.LOCKED
    if dates is not None and dates.due_at is not None and now > dates.due_at:
        return LessonState.OVERDUE
    return LessonState.OPEN
