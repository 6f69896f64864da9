from .invitations import invitation, invitation_renew
from .learner import course_outline, lesson_captions, lesson_detail, lesson_done, lesson_file
from .organisations import (
    invoicing_csv,
    invoicing_overview,
    invoicing_xlsx,
    organisation_detail,
    organisation_list,
)
from .public import public_course, public_courses, signup, signup_offer, signup_thanks
from .signups import signup_detail, signup_queue
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
    "invoicing_csv",
    "invoicing_overview",
    "invoicing_xlsx",
    "lesson_detail",
    "lesson_done",
    "lesson_captions",
    "lesson_file",
    "organisation_detail",
    "organisation_list",
    "public_course",
    "public_courses",
    "session_edit",
    "signup",
    "signup_detail",
    "signup_offer",
    "signup_queue",
    "signup_thanks",
    "trainer_edition",
    "trainer_editions",
    "trainer_learner",
    "trainer_lesson_file",
]
