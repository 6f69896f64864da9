"""The shapes of the demo's data: one frozen dataclass per kind of thing `data` declares."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal


@dataclass(frozen=True)
class RuleSpec:
    """ "N days before/after the start/end of module M's classroom day(s)"."""

    anchor: str  # "start" or "end"
    module: int  # the module's order
    offset_days: int = 0


@dataclass(frozen=True)
class ModuleSpec:
    order: int
    title: str
    description: str


@dataclass(frozen=True)
class LessonSpec:
    module: int
    order: int
    kind: str  # "text", "audio", "video" or "file"
    title: str
    summary: str
    minutes: int
    opens: RuleSpec | None
    due: RuleSpec | None
    required: bool = True
    body: str = ""  # text
    introduction: str = ""  # audio, video
    transcript: str = ""  # audio, video
    media_url: str = ""  # video
    file_name: str = ""  # audio (generated in code), video (in content/media/), file
    description: str = ""  # file
    file_text: str = ""  # file


@dataclass(frozen=True)
class SessionSpec:
    module: int
    day_offset: int  # days from today, before moving off a weekend
    start: str  # "HH:MM"
    end: str
    first_dagdeel: int
    last_dagdeel: int


@dataclass(frozen=True)
class EditionSpec:
    name: str
    region: str
    status: str
    location: str
    sessions: tuple[SessionSpec, ...]
    organisations: tuple[str, ...]
    trainers: tuple[str, ...]


@dataclass(frozen=True)
class PersonSpec:
    username: str
    first_name: str
    last_name: str
    email: str
    is_staff: bool = False
    is_superuser: bool = False


@dataclass(frozen=True)
class LearnerSpec:
    person: PersonSpec
    edition: str  # the edition's name
    organisation: str
    done: int | None  # how many of the lessons open today are done, in order; None: all
    opened: int = 0  # lessons after those that were opened but not finished
    attendance: dict[int, tuple[str, str]] = field(default_factory=dict)  # module: status, note


@dataclass(frozen=True)
class NoteSpec:
    learner: str
    author: str
    lesson: tuple[int, int] | None  # (module order, lesson order)
    body: str


@dataclass(frozen=True)
class CategorySpec:
    """A category of the question bank; its questions are the `$CATEGORY:` section of the
    same name in `data.QUESTION_BANK`."""

    name: str
    description: str


@dataclass(frozen=True)
class SlotSpec:
    """A place in a quiz: `count` questions drawn from a category, or one fixed question
    (by its GIFT name)."""

    category: str
    count: int = 1
    question: str = ""  # a question's name: this one question, not a draw
    points: Decimal = Decimal("1")


@dataclass(frozen=True)
class QuizSpec:
    module: int
    order: int
    title: str
    summary: str
    minutes: int
    opens: RuleSpec | None
    due: RuleSpec | None
    intro: str
    slots: tuple[SlotSpec, ...]
    required: bool = True
    is_exam: bool = False
    time_limit_minutes: int | None = None
    attempts_allowed: int = 1  # 0: as often as you like
    grading_method: str = "highest"
    pass_mark: Decimal = Decimal("55")
    shuffle_questions: bool = False
    shuffle_options: bool = False
    feedback_policy: str = "immediate"  # "immediate", "after_close" or "never"


@dataclass(frozen=True)
class AttemptSpec:
    """A learner who took a quiz: so long after it opened, taking so long, with the first
    `wrong` questions that can be answered wrongly answered wrongly, the rest right."""

    learner: str
    quiz: tuple[int, int]  # (module order, lesson order)
    after_opening: timedelta
    minutes: int
    wrong: int = 0


@dataclass(frozen=True)
class RubricSpec:
    """A rubric in the plain-text form a trainer writes it in (parsed by
    `assessments.assignments.rubrics`)."""

    title: str
    text: str


@dataclass(frozen=True)
class AssignmentSpec:
    module: int
    order: int
    kind: str  # "assignment", "conversation" or "reflection"
    title: str
    summary: str
    minutes: int
    opens: RuleSpec | None
    due: RuleSpec | None
    instructions: str
    rubric: str = ""  # a RubricSpec's title; empty for complete/incomplete
    required: bool = True
    accepts_text: bool = True
    accepts_files: bool = False
    accepts_audio: bool = False
    allowed_file_types: str = "pdf,docx,odt,txt"
    reflection_questions: str = ""
    pass_mark: Decimal = Decimal("55")
    # a conversation analysis's minimum to hand in: annotations in all, on a technique, on an
    # emotion, and whether every reflection question needs an answer
    min_annotations: tuple[int, int, int] = (0, 0, 0)
    all_questions_required: bool = False


@dataclass(frozen=True)
class MomentSpec:
    seconds: int | None
    category: str  # a `data.ANNOTATION_CATEGORIES` name, or "" for a trainer's comment
    note: str
    quote: str = ""


@dataclass(frozen=True)
class ReviewSpec:
    author: str
    after_submission: timedelta
    feedback: str
    levels: tuple[int, ...] = ()  # the chosen level per rubric criterion
    complete: bool | None = None
    comments: tuple[MomentSpec, ...] = ()


@dataclass(frozen=True)
class SubmissionSpec:
    learner: str
    assignment: tuple[int, int]  # (module order, lesson order)
    after_opening: timedelta
    text: str = ""
    transcript: str = ""
    audio: bool = False
    answers: tuple[str, ...] = ()
    annotations: tuple[MomentSpec, ...] = ()
    file_name: str = ""
    file_text: str = ""
    review: ReviewSpec | None = None
