"""The schedule rules: plain values in and out, tested exhaustively with hypothesis."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from courses.schedule import (
    Anchor,
    DateChange,
    LessonDates,
    LessonRule,
    LessonState,
    Rule,
    SessionSlot,
    compute_dates,
    date_changes,
    lesson_state,
    module_windows,
    shift_days,
)

AMS = ZoneInfo("Europe/Amsterdam")


def at(y, m, d, h=9, mi=0):
    return datetime(y, m, d, h, mi, tzinfo=AMS)


INLEIDING, GESPREKKEN, EMOTIES = 1, 2, 3
SESSIONS = [
    SessionSlot(INLEIDING, at(2026, 10, 1, 8, 30), at(2026, 10, 1, 12, 30)),
    SessionSlot(GESPREKKEN, at(2026, 11, 5, 9), at(2026, 11, 5, 17)),
    SessionSlot(EMOTIES, at(2026, 12, 3, 9), at(2026, 12, 3, 17)),
]


def test_opens_after_the_inleiding_session_and_due_two_days_before_the_next():
    rule = LessonRule(1, Rule(Anchor.END, INLEIDING), Rule(Anchor.START, GESPREKKEN, -2))
    dates = compute_dates([rule], SESSIONS, tz=AMS)[1]
    assert dates.opens_at == at(2026, 10, 1, 12, 30)
    assert dates.due_at == at(2026, 11, 3, 9)
    assert not dates.extended


def test_lesson_without_rules_is_open_and_has_no_deadline():
    dates = compute_dates([LessonRule(7)], SESSIONS, tz=AMS)[7]
    assert dates == LessonDates(None, None)
    assert lesson_state(dates, now=at(2020, 1, 1), completed=False) == LessonState.OPEN


def test_rule_on_a_module_without_session_gives_no_date():
    rule = LessonRule(1, Rule(Anchor.END, 99), Rule(Anchor.START, 99))
    assert compute_dates([rule], SESSIONS, tz=AMS)[1] == LessonDates(None, None)


def test_extension_overrides_the_due_date_but_not_the_opening():
    rule = LessonRule(1, Rule(Anchor.END, INLEIDING), Rule(Anchor.START, GESPREKKEN, -2))
    later = at(2026, 11, 10, 23, 59)
    dates = compute_dates([rule], SESSIONS, {1: later}, tz=AMS)[1]
    assert dates.due_at == later and dates.extended
    assert dates.opens_at == at(2026, 10, 1, 12, 30)


def test_offset_keeps_wall_clock_time_across_the_change_to_winter_time():
    # 2026-10-25 is the last Sunday of October: clocks go back an hour.
    moment = at(2026, 10, 20, 9)
    moved = shift_days(moment, 10, AMS)
    assert moved.astimezone(AMS).hour == 9
    assert moved.astimezone(UTC) - moment.astimezone(UTC) == timedelta(days=10, hours=1)


def test_module_with_two_sessions_spans_from_first_start_to_last_end():
    slots = [
        SessionSlot(GESPREKKEN, at(2026, 11, 12, 9), at(2026, 11, 12, 12)),
        SessionSlot(GESPREKKEN, at(2026, 11, 5, 13), at(2026, 11, 5, 17)),
    ]
    assert module_windows(slots)[GESPREKKEN] == (at(2026, 11, 5, 13), at(2026, 11, 12, 12))


def test_moving_a_session_reports_exactly_the_dates_that_hang_on_it():
    rules = [
        LessonRule(1, Rule(Anchor.END, INLEIDING), Rule(Anchor.START, GESPREKKEN, -2)),
        LessonRule(2, Rule(Anchor.END, GESPREKKEN), Rule(Anchor.START, EMOTIES, -2)),
        LessonRule(3, Rule(Anchor.END, EMOTIES), Rule(Anchor.END, EMOTIES, 14)),
    ]
    moved = [
        SESSIONS[0],
        SessionSlot(GESPREKKEN, at(2026, 11, 12, 9), at(2026, 11, 12, 17)),
        SESSIONS[2],
    ]
    changes = date_changes(rules, SESSIONS, moved, tz=AMS)
    assert changes == [
        DateChange(1, "due_at", at(2026, 11, 3, 9), at(2026, 11, 10, 9)),
        DateChange(2, "opens_at", at(2026, 11, 5, 17), at(2026, 11, 12, 17)),
    ]


def test_states_in_time_order():
    dates = LessonDates(at(2026, 10, 1, 12, 30), at(2026, 11, 3, 9))
    assert lesson_state(dates, now=at(2026, 9, 30), completed=False) == LessonState.LOCKED
    assert lesson_state(dates, now=at(2026, 10, 1, 12, 30), completed=False) == LessonState.OPEN
    assert lesson_state(dates, now=at(2026, 11, 3, 9), completed=False) == LessonState.OPEN
    assert lesson_state(dates, now=at(2026, 11, 3, 9, 1), completed=False) == LessonState.OVERDUE
    assert lesson_state(dates, now=at(2026, 11, 3, 9, 1), completed=True) == LessonState.DONE


# --- properties -------------------------------------------------------------------------

moments = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(AMS)
).map(lambda d: d.replace(second=0, microsecond=0, fold=0))
modules = st.integers(min_value=1, max_value=4)
offsets = st.integers(min_value=-60, max_value=60)
rules_st = st.builds(Rule, st.sampled_from(list(Anchor)), modules, offsets)


@st.composite
def sessions_st(draw):
    slots = []
    for module_id in draw(st.lists(modules, min_size=0, max_size=6)):
        start = draw(moments)
        length = draw(st.integers(min_value=1, max_value=9 * 60))
        slots.append(SessionSlot(module_id, start, start + timedelta(minutes=length)))
    return slots


lesson_rules_st = st.lists(
    st.builds(LessonRule, st.integers(1, 10_000), st.none() | rules_st, st.none() | rules_st),
    max_size=12,
    unique_by=lambda r: r.lesson_id,
)


@settings(max_examples=300, deadline=None)
@given(lesson_rules_st, sessions_st(), st.integers(-400, 400), modules)
def test_moving_a_module_by_n_days_moves_only_the_dates_that_depend_on_it(
    rules, slots, days, moved_module
):
    moved = [
        SessionSlot(
            s.module_id, shift_days(s.starts_at, days, AMS), shift_days(s.ends_at, days, AMS)
        )
        if s.module_id == moved_module
        else s
        for s in slots
    ]
    before = compute_dates(rules, slots, tz=AMS)
    after = compute_dates(rules, moved, tz=AMS)
    for rule in rules:
        for field, part in (("opens_at", rule.opens), ("due_at", rule.due)):
            old, new = getattr(before[rule.lesson_id], field), getattr(after[rule.lesson_id], field)
            if part is not None and part.module_id == moved_module and old is not None:
                assert new == shift_days(old, days, AMS)
                assert new.astimezone(AMS).time() == old.astimezone(AMS).time()
            else:
                assert new == old
    changed = {(c.lesson_id, c.field) for c in date_changes(rules, slots, moved, tz=AMS)}
    expected = {
        (r.lesson_id, f)
        for r in rules
        for f in ("opens_at", "due_at")
        if getattr(before[r.lesson_id], f) != getattr(after[r.lesson_id], f)
    }
    assert changed == expected


@settings(max_examples=300, deadline=None)
@given(lesson_rules_st, sessions_st(), st.dictionaries(st.integers(1, 10_000), moments, max_size=5))
def test_an_extension_always_wins_and_only_for_its_own_lesson(rules, slots, extensions):
    plain = compute_dates(rules, slots, tz=AMS)
    extended = compute_dates(rules, slots, extensions, tz=AMS)
    assert set(extended) == {r.lesson_id for r in rules}
    for rule in rules:
        got = extended[rule.lesson_id]
        assert got.opens_at == plain[rule.lesson_id].opens_at
        if rule.lesson_id in extensions:
            assert got.due_at == extensions[rule.lesson_id] and got.extended
        else:
            assert got == plain[rule.lesson_id]


@settings(max_examples=300, deadline=None)
@given(rules_st, sessions_st())
def test_a_rule_lands_exactly_offset_days_from_its_anchor_in_local_time(rule, slots):
    windows = module_windows(slots)
    dates = compute_dates([LessonRule(1, rule, rule)], slots, tz=AMS)[1]
    if rule.module_id not in windows:
        assert dates.opens_at is None and dates.due_at is None
        return
    anchor = windows[rule.module_id][0 if rule.anchor == Anchor.START else 1].astimezone(AMS)
    got = dates.due_at.astimezone(AMS)
    assert (got.date() - anchor.date()).days == rule.offset_days
    assert got.time() == anchor.time()


@settings(max_examples=300, deadline=None)
@given(st.none() | moments, st.none() | moments, moments, st.booleans())
def test_state_is_consistent_with_the_dates(opens_at, due_at, now, completed):
    state = lesson_state(LessonDates(opens_at, due_at), now=now, completed=completed)
    if completed:
        assert state == LessonState.DONE
    elif opens_at is not None and now < opens_at:
        assert state == LessonState.LOCKED
    elif due_at is not None and now > due_at:
        assert state == LessonState.OVERDUE
    else:
        assert state == LessonState.OPEN
    assert now.astimezone(UTC)  # aware throughout
