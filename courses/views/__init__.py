from .invitations import invitation, invitation_renew
from .learner import course_outline, lesson_detail, lesson_done, lesson_file
from .trainer import (
    attendance,
    session_edit,
    trainer_edition,
    trainer_editions,
    trainer_learner,
    trainer_lesson_file,
)

__all__ = [
    "attendance",
    "course_outline",
    "invitation",
    "invitation_renew",
    "lesson_detail",
    "lesson_done",
    "lesson_file",
    "session_edit",
    "trainer_edition",
    "trainer_editions",
    "trainer_learner",
    "trainer_lesson_file",
]
