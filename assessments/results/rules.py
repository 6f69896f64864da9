"""The pass rules of a course and their states: the pure core of course results (plain
values in, plain values out; no queries)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from courses.models import Attendance

from .gradable import Outcome

MET = "met"
TODO = "todo"
WAITING = "waiting"
NOT_MET = "not_met"


@dataclass(frozen=True)
class Rule:
    """One pass rule and its state for one learner, stored as JSON on the CourseResult."""

    kind: str  # "exam", "work" or "attendance"
    state: str  # MET, TODO, WAITING or NOT_MET
    lesson_id: int | None = None
    title: str = ""
    percentage: str | None = None
    pass_mark: str | None = None
    attended: int | None = None
    sessions: int | None = None

    @property
    def met(self) -> bool:
        return self.state == MET

    def as_json(self) -> dict:
        """What `dataclasses.asdict` gives (every field is a plain value), without its deep
        copy: a recompute writes one per rule and learner."""
        return dict(vars(self))


# --- the pure core ---------------------------------------------------------------------------


def lesson_rule(*, lesson_id: int, title: str, is_exam: bool, pass_mark, outcome: Outcome) -> Rule:
    if outcome.status == "graded" and outcome.sufficient is not None:
        state = MET if outcome.sufficient else NOT_MET
    elif outcome.status == "submitted":
        state = WAITING
    else:
        state = TODO
    return Rule(
        kind="exam" if is_exam else "work",
        state=state,
        lesson_id=lesson_id,
        title=title,
        percentage=None if outcome.percentage is None else str(outcome.percentage),
        pass_mark=None if pass_mark is None else str(pass_mark),
    )


def attendance_rule(*, session_ids: Sequence[int], statuses: dict[int, str]) -> Rule:
    """Met when the learner was present at every session; not met as soon as one was missed
    (absent or excused: a missed day has to be made up with the trainer); to do otherwise."""
    attended = sum(1 for pk in session_ids if statuses.get(pk) == Attendance.Status.PRESENT)
    missed = any(
        statuses.get(pk) in (Attendance.Status.ABSENT, Attendance.Status.EXCUSED)
        for pk in session_ids
    )
    if attended == len(session_ids):
        state = MET
    elif missed:
        state = NOT_MET
    else:
        state = TODO
    return Rule(kind="attendance", state=state, attended=attended, sessions=len(session_ids))


def evaluate(rules: Sequence[Rule]) -> bool:
    """Passed when there is at least one rule and every rule is met."""
    return bool(rules) and all(rule.met for rule in rules)


def rules_from_json(data: list[dict]) -> list[Rule]:
    return [Rule(**item) for item in data]
