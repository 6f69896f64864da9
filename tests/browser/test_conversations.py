"""A question and its answer, in Chromium on a 390 px phone: the learner writes to their
trainers with the keyboard only, the trainer sees it in the inbox with an unread count and
answers, the learner reads the answer. Every page fits the screen and axe-core finds nothing
serious (the page fixture also fails on any Content-Security-Policy refusal)."""

import re

import pytest
from django.test import Client

from courses.models import CoachingNote
from lms.models import Message
from tests import factories as f
from tests.browser import test_small_screens as small
from tests.lms.test_conversations import build_talk, send

axe_script = small.axe_script  # the session fixture that installs axe-core

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_as(page, live_server, user) -> Client:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return client


def menu_link(page, name: str):
    """A link of the header's menu, unfolded first where a phone folds it away."""
    toggle = page.locator(".menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    return page.get_by_role("link", name=re.compile(rf"^{name}"))


def write_with_the_keyboard(page, text: str) -> None:
    """Into the message field, then Tab past the attachment to "Verstuur" and press Enter."""
    page.get_by_label("Je bericht").focus()
    page.keyboard.type(text)
    page.keyboard.press("Tab")  # the attachment
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Verstuur"
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_learner_asks_the_trainer_answers_from_the_inbox_and_the_learner_reads_it(
    page, live_server, axe_script
):
    talk = build_talk()
    page.set_viewport_size({"width": small.WIDTH, "height": 800})

    # The learner: from the menu to the conversation, and a question typed with the keyboard.
    learner = log_in_as(page, live_server, talk.learner)
    page.goto(live_server.url + "/dashboard/")
    menu_link(page, "Gesprekken").click()
    page.wait_for_url(re.compile(rf"/conversations/{talk.enrollment.pk}/$"))
    write_with_the_keyboard(page, "Mag ik mijn analyse **een dag later** inleveren?")
    assert page.get_by_text("Je bericht is verstuurd.").is_visible()
    assert page.locator("strong", has_text="een dag later").is_visible()
    assert Message.objects.filter(by_learner=True).count() == 1
    url = f"/conversations/{talk.enrollment.pk}/"
    assert small.problems_at_390(page, live_server, learner, [url], axe_script) == {}

    # The trainer: the inbox in the menu counts it; the answer goes from the conversation.
    trainer = log_in_as(page, live_server, talk.trainer)
    page.goto(live_server.url + "/teach/")
    inbox_link = menu_link(page, "Inbox")
    assert inbox_link.locator(".badge").inner_text() == "1"
    inbox_link.click()
    page.wait_for_url(re.compile(r"/teach/inbox/$"))
    assert page.get_by_text("Wacht op antwoord").is_visible()
    assert small.problems_at_390(page, live_server, trainer, ["/teach/inbox/"], axe_script) == {}
    page.get_by_role("link", name="Fleur Jansen").click()
    page.wait_for_url(re.compile(rf"{url}$"))
    assert page.get_by_text("een dag later").is_visible()
    assert menu_link(page, "Inbox").locator(".badge").count() == 0
    write_with_the_keyboard(page, "Dat is goed. Lever het donderdag in.")
    assert small.problems_at_390(page, live_server, trainer, [url], axe_script) == {}

    # The learner again: the menu says there is an answer, and there it is.
    learner = log_in_as(page, live_server, talk.learner)
    page.goto(live_server.url + "/dashboard/")
    talk_link = menu_link(page, "Gesprekken")
    assert talk_link.locator(".badge").inner_text() == "1"
    talk_link.click()
    page.wait_for_url(re.compile(rf"{url}$"))
    answer = page.locator("article", has_text="Lever het donderdag in.")
    assert answer.get_by_text("Nieuw").is_visible()
    assert answer.get_by_text("Tineke Trainer").is_visible()
    assert small.problems_at_390(page, live_server, learner, [url], axe_script) == {}


def test_the_conversation_list_the_filtered_inbox_and_a_reply_to_feedback_fit_a_phone(
    page, live_server, axe_script
):
    talk = build_talk()
    second = f.EnrollmentFactory(learner=talk.learner)
    note = CoachingNote.objects.create(
        enrollment=talk.enrollment, author=talk.trainer, body="Mooi **samengevat**."
    )
    send(talk.learner, talk.enrollment, "Een vraag met een [link](https://example.nl)")
    send(talk.neighbour.learner, talk.neighbour, "Nog een vraag")
    learner = log_in_as(page, live_server, talk.learner)
    urls = [
        "/conversations/",
        f"/conversations/{second.pk}/",
        f"/conversations/{talk.enrollment.pk}/?about=coaching_note&item={note.pk}",
    ]
    assert small.problems_at_390(page, live_server, learner, urls, axe_script) == {}
    trainer = log_in_as(page, live_server, talk.trainer)
    urls = [f"/teach/inbox/?edition={talk.edition.pk}&unanswered=on", "/teach/inbox/?edition=0"]
    assert small.problems_at_390(page, live_server, trainer, urls, axe_script) == {}
