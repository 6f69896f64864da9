"""Conversations between a learner and their edition's trainers: sending, read marks, unread
counts, the notice and the e-mail of a new message (as each user chose), replies to feedback
and coaching notes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import TestCase
from django.utils import timezone

from assessments.models import Review
from courses.models import CoachingNote, Enrollment
from lms.conversations import privacy, selectors, services
from lms.models import Conversation, ConversationRead, Kind, Message, MutedKind, Notification
from lms.notifications import messages as notice_texts
from lms.selectors import menu_state
from tests import factories as f
from tests.assessments.assignment_factories import EXE, PDF, build_assignment, grade, hand_in

pytestmark = pytest.mark.django_db


@dataclass
class Talk:
    """An edition with a trainer and two learners, and another edition with its own trainer
    and learner (of the same course)."""

    edition: object
    trainer: object
    enrollment: Enrollment
    neighbour: Enrollment
    other_edition: object
    other_trainer: object
    stranger: Enrollment

    @property
    def learner(self):
        return self.enrollment.learner


def build_talk(*, trainers: int = 1) -> Talk:
    course = f.build_course(lessons_per_module=1, modules=2)
    first_day = timezone.localdate() - dt.timedelta(days=10)
    people = [
        f.UserFactory(first_name=name, last_name="Trainer") for name in ("Tineke", "Tom")[:trainers]
    ]
    edition = f.build_edition(course, first_day=first_day, trainers=people)
    enrollment = f.EnrollmentFactory(
        edition=edition, learner=f.UserFactory(first_name="Fleur", last_name="Jansen")
    )
    neighbour = f.EnrollmentFactory(
        edition=edition, learner=f.UserFactory(first_name="Noor", last_name="Buur")
    )
    other_trainer = f.UserFactory(first_name="Olaf", last_name="Ander")
    other_edition = f.build_edition(course, first_day=first_day, trainers=[other_trainer])
    stranger = f.EnrollmentFactory(edition=other_edition)
    return Talk(edition, people[0], enrollment, neighbour, other_edition, other_trainer, stranger)


def send(user, enrollment, body: str = "Hoi, een vraag.", **kwargs) -> Message:
    """Send as `user`, and run what happens after the commit (notices, e-mail, caches)."""
    access = selectors.conversation_access_or_404(user, enrollment.pk)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.message_send(access=access, body=body, **kwargs)


def read(user, enrollment) -> selectors.ConversationPage:
    """Open the conversation as `user` (as the page does: read, then mark read)."""
    access = selectors.conversation_access_or_404(user, enrollment.pk)
    page = selectors.conversation_page(access=access)
    if page.conversation is not None and page.has_unread:
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.conversation_mark_read(
                access=access, conversation_id=page.conversation.pk, up_to=page.last_id
            )
    return page


def unread(user) -> selectors.Unread:
    return menu_state(user).talk


@pytest.fixture
def talk() -> Talk:
    return build_talk()


# --- sending ----------------------------------------------------------------------------------


def test_a_learners_first_message_starts_the_conversation_waiting_for_an_answer(talk):
    message = send(talk.learner, talk.enrollment, "Hoe lang moet de analyse zijn?")
    conversation = Conversation.objects.get(enrollment=talk.enrollment)
    assert message.by_learner and message.author == talk.learner
    assert conversation.last_message == message and conversation.unanswered
    reply = send(talk.trainer, talk.enrollment, "Een A4 is genoeg.")
    conversation.refresh_from_db()
    assert not reply.by_learner
    assert conversation.last_message == reply and not conversation.unanswered
    assert Conversation.objects.count() == 1  # one per enrolment


def test_a_learners_message_gives_every_trainer_a_notice_and_an_email(talk):
    second = f.UserFactory(first_name="Tom", last_name="Tweede")
    talk.edition.trainers.add(second)
    send(talk.learner, talk.enrollment, "Geheime **vraag** over mijn werk")
    notices = Notification.objects.filter(kind=Kind.NEW_MESSAGE)
    assert {n.user for n in notices} == {talk.trainer, second}
    assert all(n.url.startswith(f"/conversations/{talk.enrollment.pk}/#message-") for n in notices)
    assert notice_texts.title(notices[0]) == "Nieuw bericht van Fleur Jansen"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([talk.trainer.email, second.email])
    email = mail.outbox[0]
    assert email.subject == "Nieuw bericht van Fleur Jansen"
    assert "http://127.0.0.1:8000/conversations/" in email.body
    # The message itself stays in the learning environment.
    assert "Geheime" not in email.body and "Geheime" not in email.alternatives[0][0]
    assert not Notification.objects.filter(user=talk.learner).exists()


def test_a_trainers_reply_gives_the_learner_a_notice_and_an_email(talk):
    send(talk.learner, talk.enrollment)
    mail.outbox.clear()
    send(talk.trainer, talk.enrollment, "Goede vraag!")
    notice = Notification.objects.get(user=talk.learner, kind=Kind.NEW_MESSAGE)
    assert notice_texts.title(notice) == "Nieuw bericht van Tineke Trainer"
    assert [m.to[0] for m in mail.outbox] == [talk.learner.email]


def test_who_switched_new_messages_off_gets_no_notice_and_no_email_but_still_the_count(talk):
    MutedKind.objects.create(user=talk.trainer, kind=Kind.NEW_MESSAGE)
    send(talk.learner, talk.enrollment)
    assert not Notification.objects.filter(user=talk.trainer).exists()
    assert mail.outbox == []
    assert unread(talk.trainer).as_trainer == 1


def test_a_user_without_an_address_gets_the_notice_without_an_email(talk):
    talk.trainer.email = ""
    talk.trainer.save()
    send(talk.learner, talk.enrollment)
    notice = Notification.objects.get(user=talk.trainer)
    assert notice.email_state == Notification.EmailState.NONE
    assert mail.outbox == []


def test_an_empty_or_too_long_message_is_refused(talk):
    with pytest.raises(services.MessageRefused):
        send(talk.learner, talk.enrollment, "   ")
    with pytest.raises(services.MessageRefused) as refused:
        send(talk.learner, talk.enrollment, "x" * (services.MAX_BODY + 1))
    assert "te lang" in str(refused.value)
    assert not Message.objects.exists() and not Conversation.objects.exists()


def test_a_disguised_exe_is_refused_with_the_checks_of_a_hand_in(talk):
    upload = SimpleUploadedFile("verslag.pdf", EXE, content_type="application/pdf")
    with pytest.raises(services.MessageRefused) as refused:
        send(talk.learner, talk.enrollment, "Zie bijlage", attachment=upload)
    assert "kunnen we niet aannemen" in str(refused.value)
    assert not Message.objects.exists()


def test_a_checked_attachment_is_kept_outside_the_public_files(talk, settings):
    upload = SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf")
    message = send(talk.learner, talk.enrollment, "", attachment=upload)
    assert message.attachment_name == "verslag.pdf"
    assert message.attachment.name.startswith("conversations/")
    assert message.attachment.read() == PDF
    assert not settings.MEDIA_URL.startswith("/media")


def test_a_trainer_cannot_write_to_a_learner_who_left(talk):
    Enrollment.objects.filter(pk=talk.enrollment.pk).update(status=Enrollment.Status.WITHDRAWN)
    with pytest.raises(services.MessageRefused):
        send(talk.trainer, talk.enrollment, "Hoe gaat het?")
    with pytest.raises(Http404):
        selectors.conversation_access_or_404(talk.learner, talk.enrollment.pk)


# --- who may take part --------------------------------------------------------------------------


def test_only_the_learner_and_the_editions_trainers_may_open_a_conversation(talk):
    assert selectors.conversation_access_or_404(talk.learner, talk.enrollment.pk).as_learner
    assert not selectors.conversation_access_or_404(talk.trainer, talk.enrollment.pk).as_learner
    for outsider in (talk.neighbour.learner, talk.other_trainer, f.AdminFactory()):
        with pytest.raises(Http404):
            selectors.conversation_access_or_404(outsider, talk.enrollment.pk)


# --- read marks and unread counts ----------------------------------------------------------------


def test_unread_counts_follow_sending_and_reading(talk):
    send(talk.learner, talk.enrollment, "Eén")
    send(talk.learner, talk.enrollment, "Twee")
    assert unread(talk.trainer) == (0, 2)
    assert unread(talk.learner) == (0, 0)  # your own messages are read
    page = read(talk.trainer, talk.enrollment)
    assert [m.new for m in page.messages] == [True, True]
    assert unread(talk.trainer) == (0, 0)
    assert not Notification.objects.filter(user=talk.trainer, read_at__isnull=True).exists()
    assert [m.new for m in read(talk.trainer, talk.enrollment).messages] == [False, False]
    send(talk.trainer, talk.enrollment, "Antwoord")
    assert unread(talk.learner) == (1, 0)
    read(talk.learner, talk.enrollment)
    assert unread(talk.learner) == (0, 0)
    mark = ConversationRead.objects.get(user=talk.learner)
    assert mark.read_up_to == Message.objects.latest("pk").pk


def test_a_second_trainers_reply_is_not_unread_for_the_first(talk):
    second = f.UserFactory()
    talk.edition.trainers.add(second)
    send(talk.learner, talk.enrollment)
    send(second, talk.enrollment, "Ik neem hem")
    # The learner's message is still new to the first trainer; the colleague's reply is not.
    assert unread(talk.trainer) == (0, 1)
    assert unread(second) == (0, 0)


def test_a_trainer_counts_only_the_conversations_of_their_editions(talk):
    send(talk.learner, talk.enrollment)
    send(talk.neighbour.learner, talk.neighbour)
    send(talk.stranger.learner, talk.stranger)
    assert unread(talk.trainer).as_trainer == 2
    assert unread(talk.other_trainer).as_trainer == 1


def test_the_unread_count_is_cached_and_dropped_when_it_changes(talk, django_assert_num_queries):
    send(talk.learner, talk.enrollment)
    assert unread(talk.trainer).as_trainer == 1
    with django_assert_num_queries(0):
        assert unread(talk.trainer).as_trainer == 1
    send(talk.learner, talk.enrollment)
    with django_assert_num_queries(1):  # only the messages are counted again
        assert unread(talk.trainer).as_trainer == 2


def test_a_learner_who_left_has_no_unread_messages_in_the_menu(talk):
    send(talk.learner, talk.enrollment)
    send(talk.trainer, talk.enrollment)
    Enrollment.objects.filter(pk=talk.enrollment.pk).update(status=Enrollment.Status.WITHDRAWN)
    assert selectors.unread_counted(talk.learner.pk).as_learner == 0


# --- replies to feedback and coaching notes --------------------------------------------------------


def test_a_reply_to_released_feedback_is_linked_to_that_work():
    assignment, enrollment, trainer = build_assignment()
    review = grade(hand_in(assignment, enrollment), trainer)
    message = send(
        enrollment.learner,
        enrollment,
        "Waarom een 2 bij Technieken?",
        about_kind="feedback",
        about_id=review.pk,
    )
    assert (message.about_kind, message.about_id) == ("feedback", review.pk)
    assert message.about_title == "Analyseer een gesprek"
    learner_page = read(enrollment.learner, enrollment)
    shown = learner_page.messages[0]
    assert shown.about_label == "Over de feedback op"
    assert (
        shown.about_url
        == f"/learn/{enrollment.edition_id}/lessons/{assignment.pk}/#feedback-heading"
    )
    trainer_page = read(trainer, enrollment)
    assert trainer_page.messages[0].about_url == f"/teach/grading/{review.submission_id}/"
    notice = Notification.objects.get(user=trainer, kind=Kind.NEW_MESSAGE)
    assert notice.data["about"] == "Analyseer een gesprek"


def test_feedback_that_is_not_released_or_not_yours_cannot_be_answered():
    assignment, enrollment, trainer = build_assignment()
    draft = grade(hand_in(assignment, enrollment), trainer, state=Review.State.DRAFT)
    with pytest.raises(services.MessageRefused):
        send(enrollment.learner, enrollment, "Hè?", about_kind="feedback", about_id=draft.pk)
    other = f.EnrollmentFactory(edition=enrollment.edition)
    theirs = grade(hand_in(assignment, other), trainer)
    with pytest.raises(services.MessageRefused):
        send(enrollment.learner, enrollment, "Hè?", about_kind="feedback", about_id=theirs.pk)
    with pytest.raises(services.MessageRefused):
        send(enrollment.learner, enrollment, "Hè?", about_kind="gossip", about_id=1)
    assert not Message.objects.exists()


def test_a_reply_to_a_coaching_note_is_linked_to_the_note(talk):
    note = CoachingNote.objects.create(
        enrollment=talk.enrollment, author=talk.trainer, body="Mooi **samengevat**."
    )
    message = send(
        talk.learner, talk.enrollment, "Dank je!", about_kind="coaching_note", about_id=note.pk
    )
    assert message.about_kind == "coaching_note" and message.about_title
    page = read(talk.trainer, talk.enrollment)
    assert page.messages[0].about_url == (
        f"/teach/editions/{talk.edition.pk}/learners/{talk.enrollment.pk}/"
    )
    note.delete()
    # The work is gone: the message keeps its title, without a link.
    assert read(talk.learner, talk.enrollment).messages[0].about_url == ""


# --- privacy (the module lms.privacy takes in) -------------------------------------------------------


def test_a_learners_conversation_is_in_their_export_and_goes_with_their_erasure(talk):
    upload = SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf")
    mine = send(talk.learner, talk.enrollment, "Mijn vraag", attachment=upload)
    send(talk.trainer, talk.enrollment, "Het antwoord")
    send(talk.neighbour.learner, talk.neighbour, "Van een ander")
    data = privacy.personal_data(talk.learner)["gesprekken"]
    assert [(row["text"], row["by_you"]) for row in data] == [
        ("Mijn vraag", True),
        ("Het antwoord", False),
    ]
    assert [f.path for f in privacy.files(talk.learner)] == [f"gesprekken/{mine.pk}-verslag.pdf"]
    assert len(privacy.personal_data(talk.trainer)["gesprekken"]) == 1  # what they wrote
    storage, name = mine.attachment.storage, mine.attachment.name
    with TestCase.captureOnCommitCallbacks(execute=True):
        removed = privacy.erase(talk.learner)
    assert removed["messages"] == 2
    assert not storage.exists(name)
    assert list(Message.objects.values_list("body", flat=True)) == ["Van een ander"]
