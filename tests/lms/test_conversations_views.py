"""The pages of conversations: who gets 200 and who 404 for every URL, Markdown made safe,
attachments checked and served only to the participants, the trainers' inbox (filters,
order) and the menu's unread counts, and a number of queries that does not grow with the
number of messages or conversations."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import CoachingNote, Enrollment
from lms.models import Conversation, Message
from tests import factories as f
from tests.a11y import problems
from tests.assessments.assignment_factories import EXE, PDF, build_assignment, grade, hand_in
from tests.lms.test_conversations import build_talk, send

User = get_user_model()

pytestmark = pytest.mark.django_db


def conversation_url(enrollment) -> str:
    return reverse("lms:conversation", args=[enrollment.pk])


def attachment_url(message) -> str:
    return reverse(
        "lms:conversation_attachment", args=[message.conversation.enrollment_id, message.pk]
    )


def inbox_badge(html: str) -> str | None:
    found = re.search(r'href="/teach/inbox/"[^>]*>Inbox <span class="badge"[^>]*>(\d+)<', html)
    return found.group(1) if found else None


def talk_badge(html: str) -> str | None:
    found = re.search(
        r'href="/conversations/"[^>]*>Gesprekken <span class="badge"[^>]*>(\d+)<', html
    )
    return found.group(1) if found else None


@pytest.fixture
def talk():
    return build_talk()


@pytest.fixture
def with_attachment(talk):
    upload = SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf")
    return send(talk.learner, talk.enrollment, "Mijn verslag", attachment=upload)


# --- access: every URL ------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, talk, with_attachment):
    for url in (
        reverse("lms:conversations"),
        conversation_url(talk.enrollment),
        attachment_url(with_attachment),
        reverse("lms:inbox"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    response = client.post(conversation_url(talk.enrollment), {"body": "Hallo"})
    assert response.status_code == 302 and Message.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("learner", 200),
        ("trainer", 200),
        ("neighbour", 404),
        ("other_trainer", 404),
        ("administrator", 404),
    ],
)
def test_a_conversation_and_its_attachment_only_for_its_learner_and_trainers(
    client, talk, with_attachment, who, status
):
    people = {
        "learner": talk.learner,
        "trainer": talk.trainer,
        "neighbour": talk.neighbour.learner,
        "other_trainer": talk.other_trainer,
        "administrator": f.AdminFactory(),
    }
    client.force_login(people[who])
    assert client.get(conversation_url(talk.enrollment)).status_code == status
    download = client.get(attachment_url(with_attachment))
    assert download.status_code == status
    if status == 200:
        assert b"".join(download.streaming_content) == PDF
        assert download["Content-Disposition"].startswith('attachment; filename="verslag.pdf"')
        assert download["Cache-Control"] == "private, no-store"
    posted = client.post(conversation_url(talk.enrollment), {"body": f"Van {who}"})
    assert posted.status_code == (302 if status == 200 else 404)
    assert Message.objects.filter(body=f"Van {who}").exists() == (status == 200)


def test_an_attachment_is_found_only_through_its_own_conversation(client, talk, with_attachment):
    client.force_login(talk.neighbour.learner)
    send(talk.neighbour.learner, talk.neighbour, "Ik ook")
    # The neighbour's own conversation does not open another conversation's attachment.
    url = reverse("lms:conversation_attachment", args=[talk.neighbour.pk, with_attachment.pk])
    assert client.get(url).status_code == 404


def test_a_learner_who_left_can_no_longer_open_their_conversation(client, talk):
    send(talk.learner, talk.enrollment)
    Enrollment.objects.filter(pk=talk.enrollment.pk).update(status=Enrollment.Status.WITHDRAWN)
    client.force_login(talk.learner)
    assert client.get(conversation_url(talk.enrollment)).status_code == 404
    client.force_login(talk.trainer)
    page = client.get(conversation_url(talk.enrollment))
    assert page.status_code == 200  # the trainer keeps the history
    assert client.post(conversation_url(talk.enrollment), {"body": "Hoi"}).status_code == 400


def test_the_inbox_is_for_trainers(client, talk):
    client.force_login(talk.learner)
    assert client.get(reverse("lms:inbox")).status_code == 404
    client.force_login(talk.trainer)
    assert client.get(reverse("lms:inbox")).status_code == 200
    client.force_login(f.AdminFactory())  # the menu shows administrators the trainer pages
    page = client.get(reverse("lms:inbox"))
    assert page.status_code == 200 and "Fleur" not in page.content.decode()


def test_a_learner_with_one_course_goes_straight_to_the_conversation(client, talk):
    client.force_login(talk.learner)
    response = client.get(reverse("lms:conversations"))
    assert response.status_code == 302
    assert response["Location"] == conversation_url(talk.enrollment)


def test_a_learner_in_two_courses_sees_one_conversation_per_course_and_only_theirs(client, talk):
    second = f.EnrollmentFactory(learner=talk.learner)
    send(talk.trainer, talk.enrollment, "Welkom!")
    send(talk.neighbour.learner, talk.neighbour, "Vraag van de buurvrouw")
    client.force_login(talk.learner)
    html = client.get(reverse("lms:conversations")).content.decode()
    assert problems(html) == []
    assert f'href="{conversation_url(talk.enrollment)}"' in html
    assert f'href="{conversation_url(second)}"' in html
    assert f'href="{conversation_url(talk.neighbour)}"' not in html
    assert "Welkom!" in html and "buurvrouw" not in html
    assert "1 nieuw bericht" in html


# --- the conversation page ----------------------------------------------------------------------


def test_a_script_in_a_message_never_reaches_the_page(client, talk):
    send(
        talk.learner,
        talk.enrollment,
        "<script>alert('x')</script> **vet** [klik](javascript:alert(1)) <img src=x onerror=alert(2)>",
    )
    for user, url in (
        (talk.learner, conversation_url(talk.enrollment)),
        (talk.trainer, conversation_url(talk.enrollment)),
        (talk.trainer, reverse("lms:inbox")),
    ):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "javascript:" not in html and "onerror" not in html, url
    client.force_login(talk.learner)
    assert "<strong>vet</strong>" in client.get(conversation_url(talk.enrollment)).content.decode()


def test_writing_a_message_on_the_page(client, talk):
    client.force_login(talk.learner)
    page = client.get(conversation_url(talk.enrollment)).content.decode()
    assert problems(page) == []
    assert "Gesprek met je trainers" in page and "Tineke Trainer" in page
    response = client.post(conversation_url(talk.enrollment), {"body": "Mag ik later inleveren?"})
    message = Message.objects.get()
    assert response["Location"] == f"{conversation_url(talk.enrollment)}#message-{message.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "Je bericht is verstuurd." in page and "Mag ik later inleveren?" in page


def test_an_empty_message_is_refused_with_a_plain_message(client, talk):
    client.force_login(talk.learner)
    response = client.post(conversation_url(talk.enrollment), {"body": "  "})
    assert response.status_code == 400
    assert "Schrijf eerst je bericht" in response.content.decode()
    assert not Message.objects.exists()


def test_an_attachment_upload_is_checked_like_a_hand_in(client, talk):
    client.force_login(talk.learner)
    exe = SimpleUploadedFile("verslag.pdf", EXE, content_type="application/pdf")
    response = client.post(
        conversation_url(talk.enrollment), {"body": "Mijn verslag", "attachment": exe}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "kunnen we niet aannemen" in html and "Mijn verslag" in html  # the text stays
    assert not Message.objects.exists()
    pdf = SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf")
    response = client.post(conversation_url(talk.enrollment), {"body": "", "attachment": pdf})
    assert response.status_code == 302
    message = Message.objects.get()
    html = client.get(conversation_url(talk.enrollment)).content.decode()
    assert f'href="{attachment_url(message)}"' in html


def test_an_attachment_above_the_size_limit_is_refused_as_it_arrives(client, talk, settings):
    settings.LMS_UPLOAD_MAX_FILE_MB = 1
    client.force_login(talk.learner)
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * (1024 * 1024 + 10))
    response = client.post(conversation_url(talk.enrollment), {"body": "Hier", "attachment": big})
    assert response.status_code == 400
    assert "te groot" in response.content.decode()
    assert not Message.objects.exists()


def test_reageer_on_released_feedback_opens_the_conversation_about_that_work(client):
    assignment, enrollment, trainer = build_assignment()
    review = grade(hand_in(assignment, enrollment), trainer)
    client.force_login(enrollment.learner)
    dashboard = client.get(reverse("lms:learner_dashboard")).content.decode()
    link = f"{conversation_url(enrollment)}?about=feedback&amp;item={review.pk}"
    assert f'href="{link}"' in dashboard
    page = client.get(link.replace("&amp;", "&")).content.decode()
    assert "Over de feedback op: „Analyseer een gesprek”" in page
    assert f'name="item" value="{review.pk}"' in page
    client.post(
        conversation_url(enrollment),
        {"body": "Wat bedoel je precies?", "about": "feedback", "item": review.pk},
    )
    message = Message.objects.get()
    assert (message.about_kind, message.about_id) == ("feedback", review.pk)
    client.force_login(trainer)
    page = client.get(conversation_url(enrollment)).content.decode()
    assert f'href="/teach/grading/{review.submission_id}/">Analyseer een gesprek</a>' in page


def test_reageer_on_a_coaching_note_from_the_dashboard(client, talk):
    note = CoachingNote.objects.create(
        enrollment=talk.enrollment, author=talk.trainer, body="Goed geluisterd."
    )
    client.force_login(talk.learner)
    dashboard = client.get(reverse("lms:learner_dashboard")).content.decode()
    link = f"{conversation_url(talk.enrollment)}?about=coaching_note&amp;item={note.pk}"
    assert f'href="{link}"' in dashboard
    assert "Over de coachingsnotitie" in client.get(link.replace("&amp;", "&")).content.decode()


def test_a_refused_reply_still_says_what_it_replies_to(client, talk):
    note = CoachingNote.objects.create(enrollment=talk.enrollment, author=talk.trainer, body="x")
    client.force_login(talk.learner)
    response = client.post(
        conversation_url(talk.enrollment), {"body": "", "about": "coaching_note", "item": note.pk}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Over de coachingsnotitie" in html and f'name="item" value="{note.pk}"' in html


def test_a_link_about_another_learners_work_is_ignored(client, talk):
    note = CoachingNote.objects.create(
        enrollment=talk.neighbour, author=talk.trainer, body="Voor Noor."
    )
    client.force_login(talk.learner)
    page = client.get(
        f"{conversation_url(talk.enrollment)}?about=coaching_note&item={note.pk}"
    ).content.decode()
    assert "Over de coachingsnotitie" not in page
    assert 'name="item" value=' not in page.replace('name="item" value=""', "")
    response = client.post(
        conversation_url(talk.enrollment),
        {"body": "Hè?", "about": "coaching_note", "item": note.pk},
    )
    assert response.status_code == 400 and not Message.objects.exists()


def test_older_messages_are_a_link_away(client, talk):
    first = send(talk.learner, talk.enrollment, "begin")
    Message.objects.bulk_create(
        Message(
            conversation=first.conversation,
            author=talk.learner,
            by_learner=True,
            body=f"bericht {n}",
            created_at=first.created_at + timedelta(seconds=n + 1),
        )
        for n in range(55)
    )
    client.force_login(talk.trainer)
    html = client.get(conversation_url(talk.enrollment)).content.decode()
    older = re.search(r'href="\?voor=(\d+)"', html)
    assert older and "bericht 54" in html and "<p>begin</p>" not in html
    html = client.get(f"{conversation_url(talk.enrollment)}?voor={older.group(1)}").content.decode()
    assert "<p>begin</p>" in html and "bericht 54" not in html


# --- the inbox ----------------------------------------------------------------------------------


def inbox_names(html: str) -> list[str]:
    return re.findall(r'<h2 class="notice-title"><a href="/conversations/\d+/">([^<]+)</a>', html)


def test_the_inbox_lists_the_trainers_editions_newest_first_with_filters(client, talk):
    second_edition = f.build_edition(
        talk.edition.course, first_day=talk.edition.sessions.first().date, trainers=[talk.trainer]
    )
    third = f.EnrollmentFactory(
        edition=second_edition, learner=f.UserFactory(first_name="Sem", last_name="Derde")
    )
    send(talk.learner, talk.enrollment, "Eerste vraag")
    send(talk.neighbour.learner, talk.neighbour, "Tweede vraag")
    send(third.learner, third, "Derde vraag")
    send(talk.stranger.learner, talk.stranger, "Niet voor jou")
    send(talk.trainer, talk.neighbour, "Antwoord aan Noor")
    client.force_login(talk.trainer)
    html = client.get(reverse("lms:inbox")).content.decode()
    assert problems(html) == []
    assert inbox_names(html) == ["Noor Buur", "Sem Derde", "Fleur Jansen"]
    assert "Niet voor jou" not in html
    unanswered = client.get(reverse("lms:inbox"), {"unanswered": "on"}).content.decode()
    assert inbox_names(unanswered) == ["Sem Derde", "Fleur Jansen"]
    one = client.get(reverse("lms:inbox"), {"edition": talk.edition.pk}).content.decode()
    assert inbox_names(one) == ["Noor Buur", "Fleur Jansen"]
    both = client.get(
        reverse("lms:inbox"), {"edition": talk.edition.pk, "unanswered": "on"}
    ).content.decode()
    assert inbox_names(both) == ["Fleur Jansen"]
    # Another trainer's edition is not a choice: the filter is left out.
    theirs = client.get(reverse("lms:inbox"), {"edition": talk.other_edition.pk}).content.decode()
    assert inbox_names(theirs) == ["Noor Buur", "Sem Derde", "Fleur Jansen"]


def test_the_inbox_offers_to_start_a_conversation_with_a_learner_of_the_edition(client, talk):
    send(talk.learner, talk.enrollment)
    client.force_login(talk.trainer)
    html = client.get(reverse("lms:inbox"), {"edition": talk.edition.pk}).content.decode()
    start = html.split('id="start-heading"')[1]
    assert f'href="{conversation_url(talk.neighbour)}"' in start
    assert f'href="{conversation_url(talk.enrollment)}"' not in start


def test_the_menu_shows_unread_messages_to_learner_and_trainer(
    client, talk, django_capture_on_commit_callbacks
):
    send(talk.learner, talk.enrollment, "Eén")
    send(talk.learner, talk.enrollment, "Twee")
    client.force_login(talk.trainer)
    html = client.get(reverse("lms:notices")).content.decode()
    assert inbox_badge(html) == "2"
    inbox = client.get(reverse("lms:inbox")).content.decode()
    assert "2 nieuw" in inbox
    with django_capture_on_commit_callbacks(execute=True):
        client.get(conversation_url(talk.enrollment))  # read
    assert inbox_badge(client.get(reverse("lms:notices")).content.decode()) is None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(conversation_url(talk.enrollment), {"body": "Antwoord"})
    client.force_login(talk.learner)
    html = client.get(reverse("lms:notices")).content.decode()
    assert talk_badge(html) == "1" and inbox_badge(html) is None
    client.force_login(talk.neighbour.learner)  # the same cached header, another person
    assert talk_badge(client.get(reverse("lms:notices")).content.decode()) is None


# --- queries ------------------------------------------------------------------------------------


def queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_conversation_page_takes_as_many_queries_for_30_messages_as_for_3(client, talk):
    for n in range(3):
        send(talk.learner, talk.enrollment, f"Vraag {n} over **het werk**")
    for n in range(30):
        send(talk.neighbour.learner, talk.neighbour, f"Vraag {n} over [les](https://example.nl)")
    note = CoachingNote.objects.create(enrollment=talk.neighbour, author=talk.trainer, body="x")
    send(
        talk.neighbour.learner,
        talk.neighbour,
        "Over je notitie",
        about_kind="coaching_note",
        about_id=note.pk,
    )
    note = CoachingNote.objects.create(enrollment=talk.enrollment, author=talk.trainer, body="x")
    send(
        talk.learner,
        talk.enrollment,
        "Over je notitie",
        about_kind="coaching_note",
        about_id=note.pk,
    )
    client.force_login(talk.trainer)
    few = queries(client, conversation_url(talk.enrollment))
    many = queries(client, conversation_url(talk.neighbour))
    assert few == many and many <= 16
    # Read (nothing left to mark): fewer still, and the same.
    assert queries(client, conversation_url(talk.enrollment)) == queries(
        client, conversation_url(talk.neighbour)
    )


def bulk_conversations(edition, count: int) -> None:
    """`count` learners of `edition`, each with a question waiting: rows as the services write
    them (a conversation keeps its last message), made in bulk so 500 take a second."""
    now = timezone.now()
    organisation = f.OrganisationFactory()
    learners = User.objects.bulk_create(
        User(username=f"bulk-{edition.pk}-{n}", email=f"bulk-{edition.pk}-{n}@example.org")
        for n in range(count)
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(edition=edition, learner=learner, organisation=organisation)
        for learner in learners
    )
    conversations = Conversation.objects.bulk_create(
        Conversation(enrollment=e, created_at=now, last_message_at=now, unanswered=True)
        for e in enrollments
    )
    messages = Message.objects.bulk_create(
        Message(conversation=c, author=e.learner, by_learner=True, body="Een vraag", created_at=now)
        for c, e in zip(conversations, enrollments, strict=True)
    )
    for conversation, message in zip(conversations, messages, strict=True):
        conversation.last_message = message
    Conversation.objects.bulk_update(conversations, ["last_message"])


def test_the_inbox_takes_as_many_queries_for_500_conversations_as_for_5(client, talk):
    small = f.build_edition(talk.edition.course, first_day=talk.edition.sessions.first().date)
    large = f.build_edition(talk.edition.course, first_day=talk.edition.sessions.first().date)
    few_trainer, many_trainer = f.UserFactory(), f.UserFactory()
    small.trainers.add(few_trainer)
    large.trainers.add(many_trainer)
    for _n in range(5):
        enrollment = f.EnrollmentFactory(edition=small)
        send(enrollment.learner, enrollment, "Een vraag")
    bulk_conversations(large, 500)
    client.force_login(few_trainer)
    few = queries(client, reverse("lms:inbox"))
    client.force_login(many_trainer)
    many = queries(client, reverse("lms:inbox"))
    assert few == many and many <= 10
    client.force_login(many_trainer)
    assert queries(client, reverse("lms:inbox") + "?unanswered=on&pagina=2") == many


def test_the_learners_conversation_list_takes_as_many_queries_for_4_courses_as_for_2(client, talk):
    learner = f.UserFactory()
    for _n in range(2):
        enrollment = f.EnrollmentFactory(learner=learner)
        send(learner, enrollment)
    client.force_login(learner)
    few = queries(client, reverse("lms:conversations"))
    for _n in range(2):
        enrollment = f.EnrollmentFactory(learner=learner)
        enrollment.edition.trainers.add(f.UserFactory())
        send(learner, enrollment)
    assert queries(client, reverse("lms:conversations")) == few
