"""A person's conversations (AVG): their part of the export, and their erasure.

In the shape of every app's `privacy` module (see core.privacy), for `lms.privacy` to take
into the export and the erasure. The conversations of a learner's enrolments are theirs:
exported whole, and erased with their attachments. A trainer's messages in someone else's
conversation belong to that conversation: they stay (with the anonymised account) until
the learner is erased. The learner's coaching moments (with their reflection) are theirs
too; their course evaluation is not kept under their name (only a receipt that they answered,
which goes with them).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.privacy import PersonalFile, archive_name, files_delete_after_commit

from .models import CoachingMoment, Conversation, ConversationRead, EvaluationReceipt, Message
from .selectors import person_name

FILES_FOLDER = "gesprekken"
PARTS = {
    "gesprekken": _(
        "De gesprekken met je trainers per cursus: wie wat schreef en wanneer, waarover, en "
        "de namen van de bijlagen (de bijlagen zelf staan in de map gesprekken)."
    ),
    "coachingsgesprekken": _(
        "Je coachingsgesprekken: wanneer, waar, waarover, de notitie van je trainer en je eigen "
        "reflectie."
    ),
}


def _own(user) -> Q:
    return Q(conversation__enrollment__learner=user)


def personal_data(user) -> dict[str, list]:
    """The learner's conversations, and the messages they wrote in others' (as a trainer)."""
    rows = (
        Message.objects.filter(_own(user) | Q(author=user))
        .select_related("author", "conversation__enrollment__edition__course")
        .order_by("conversation_id", "created_at", "pk")
    )
    return {
        "gesprekken": [
            {
                "course": m.conversation.enrollment.edition.course.title,
                "edition": m.conversation.enrollment.edition.name,
                "author": person_name(m.author),
                "by_you": m.author_id == user.pk,
                "sent_at": m.created_at,
                "text": m.body,
                "about": m.about_title,
                "attachment": m.attachment_name,
            }
            for m in rows
        ],
        "coachingsgesprekken": [
            {
                "course": c.enrollment.edition.course.title,
                "edition": c.enrollment.edition.name,
                "trainer": person_name(c.planned_by),
                "starts_at": c.starts_at,
                "ends_at": c.ends_at,
                "location": c.location,
                "video_url": c.video_url,
                "topic": c.topic,
                "cancelled_at": c.cancelled_at,
                "coaching_note": c.coaching_note.body if c.coaching_note else "",
                "reflection": c.reflection,
            }
            for c in CoachingMoment.objects.filter(enrollment__learner=user)
            .select_related("enrollment__edition__course", "planned_by", "coaching_note")
            .order_by("starts_at", "pk")
        ],
    }


def _file_path(message: Message) -> str:
    return f"{FILES_FOLDER}/{message.pk}-{archive_name(message.attachment_name)}"


def files(user) -> Iterable[PersonalFile]:
    """The attachments in the learner's conversations, and those they sent in others'."""
    for message in Message.objects.filter(_own(user) | Q(author=user)).exclude(attachment=""):
        yield PersonalFile(_file_path(message), message.attachment)


def erasure_summary(user) -> list[tuple[str, int]]:
    return [
        (
            _("gesprekken met trainers"),
            Conversation.objects.filter(enrollment__learner=user).count(),
        ),
        (_("berichten in die gesprekken"), Message.objects.filter(_own(user)).count()),
        (
            _("coachingsgesprekken"),
            CoachingMoment.objects.filter(enrollment__learner=user).count(),
        ),
    ]


def erase(user) -> dict[str, int]:
    """Remove the learner's conversations (also of an enrolment that is kept for a
    certificate), their attachments after commit, and the person's read marks."""
    own = Message.objects.filter(_own(user))
    storage = Message._meta.get_field("attachment").storage
    files_delete_after_commit(
        storage, own.exclude(attachment="").values_list("attachment", flat=True)
    )
    Conversation.objects.filter(enrollment__learner=user).update(last_message=None)
    messages = own.delete()[0]
    conversations = Conversation.objects.filter(enrollment__learner=user).delete()[0]
    reads = ConversationRead.objects.filter(user=user).delete()[0]
    moments = CoachingMoment.objects.filter(enrollment__learner=user).delete()[0]
    receipts = EvaluationReceipt.objects.filter(enrollment__learner=user).delete()[0]
    return {
        "conversations": conversations,
        "messages": messages,
        "read_marks": reads,
        "coaching_moments": moments,
        "evaluation_receipts": receipts,
    }
