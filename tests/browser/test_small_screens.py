"""The pages of quizzes, open work, results and grading, as a learner and a trainer see them
on a 390 px phone in Chromium: no sideways scrolling, and axe-core finds nothing serious or
critical. axe-core comes from the npm registry into var/node (never committed)."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assessments.quizzes import services as quiz_services
from tests import factories as f
from tests import services
from tests.assessments.quiz_factories import build_quiz
from tests.browser.helpers import inject_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390
NODE_DIR = Path(settings.BASE_DIR) / "var" / "node"
AXE = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"
HREF = re.compile(r'href="(/(?:learn|teach)/[^"#?]+)"')
CHANGED = re.compile(r"/(lessons|attempts|result|grading|gradebook|review)\b")
# The outermost elements that stick out on the right, to say what makes a page too wide.
WIDEST = """() => [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .filter(e => !(e.parentElement && e.parentElement.getBoundingClientRect().right
                   > window.innerWidth + 1))
    .slice(0, 3)
    .map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""))
    .join(", ")"""
SERIOUS = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + " " + v.nodes.map(n => n.target.join(" ")).join(", "))"""


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.exists():
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--silent", "axe-core@4"],
            cwd=NODE_DIR,
            capture_output=True,
            check=False,
            timeout=300,
        )
    if not AXE.exists():
        message = f"axe-core could not be installed from npm into {NODE_DIR}"
        if services.required():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return AXE


def pages_of(client: Client, start: str, limit: int = 40) -> list[str]:
    """The changed areas' pages a user reaches from `start` by following links."""
    seen: list[str] = []
    queue, visited = [start], set()
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        response = client.get(url, follow=True)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        if CHANGED.search(url):
            seen.append(url)
        queue += [h for h in HREF.findall(response.content.decode()) if "/file/" not in h]
    return seen


HEADER_MAX = 90  # px: a phone's screen is for the page, the menu folds behind a button


def problems_at_390(page, live_server, client, urls: list[str], axe: Path) -> dict[str, list]:
    page.set_viewport_size({"width": WIDTH, "height": 800})
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    found = {}
    for url in urls:
        page.goto(live_server.url + url)
        inject_axe(page, axe)
        problems = list(page.evaluate(SERIOUS))
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > WIDTH:
            widest = page.evaluate(WIDEST)
            problems.append(f"scrolls sideways: {scroll} px wide ({widest})")
        header = page.evaluate("document.querySelector('.site-header').offsetHeight")
        if header > HEADER_MAX:
            problems.append(f"the header takes {header} px")
        if problems:
            found[url] = problems
    return found


def login(client: Client, username: str):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    return user


def test_a_learners_quiz_attempt_work_and_result_pages_fit_a_phone(page, live_server, axe_script):
    call_command("seed_demo", stdout=io.StringIO())
    client = Client()
    login(client, "cursist")
    urls = pages_of(client, "/")
    assert any("/lessons/" in u for u in urls) and any("/result" in u for u in urls), urls
    found = problems_at_390(page, live_server, client, urls, axe_script)
    # An attempt in progress, with a question of every shipped type that build_quiz makes.
    quiz, enrollment = build_quiz(questions=5, time_limit_minutes=30)
    attempt = quiz_services.attempt_start(enrollment=enrollment, quiz=quiz)
    other = Client()
    other.force_login(enrollment.learner)
    attempt_page = f"/learn/{enrollment.edition_id}/attempts/{attempt.pk}/"
    found |= problems_at_390(page, live_server, other, [attempt_page], axe_script)
    assert found == {}


def test_a_trainers_grading_gradebook_and_review_pages_fit_a_phone(page, live_server, axe_script):
    call_command("seed_demo", stdout=io.StringIO())
    client = Client()
    login(client, "trainer")
    urls = pages_of(client, "/")
    assert any("/grading" in u for u in urls) and any("/gradebook" in u for u in urls), urls
    assert problems_at_390(page, live_server, client, urls, axe_script) == {}


def test_the_trainers_tables_scroll_in_their_own_box_on_a_phone(page, live_server, axe_script):
    """/teach/, an edition, the grading queue and the gradebook: the page never scrolls
    sideways; a table wider than the phone scrolls inside its own container."""
    call_command("seed_demo", stdout=io.StringIO())
    client = Client()
    trainer = login(client, "trainer")
    edition = trainer.teaching_editions.order_by("pk").first()
    gradebook = reverse("assessments_trainer:gradebook", args=[edition.pk])
    urls = [
        reverse("courses:trainer_editions"),
        reverse("courses:trainer_edition", args=[edition.pk]),
        reverse("assessments_trainer:grading_queue") + "?state=all",
        gradebook,
    ]
    assert problems_at_390(page, live_server, client, urls, axe_script) == {}
    for url in urls:
        page.goto(live_server.url + url)
        for box in page.locator(".matrix-wrap").all():
            assert box.evaluate("b => getComputedStyle(b).overflowX") == "auto", url
    page.goto(live_server.url + gradebook)
    box = page.locator(".matrix-wrap").first
    wider, fits = box.evaluate("b => [b.scrollWidth > b.clientWidth, b.clientWidth <= 390]")
    assert wider and fits  # the gradebook's columns scroll inside their own box


def test_the_phone_menu_opens_and_closes_with_the_keyboard(page, live_server):
    edition = f.build_edition(f.build_course(), first_day=timezone.localdate())
    client = Client()
    client.force_login(f.EnrollmentFactory(edition=edition).learner)
    page.set_viewport_size({"width": WIDTH, "height": 800})
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(live_server.url + "/dashboard/")
    menu = page.locator("#site-menu")
    toggle = page.get_by_role("button", name="Menu")
    expect(menu).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(menu).to_be_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    expect(page.get_by_role("link", name="Instellingen")).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    page.set_viewport_size({"width": 1200, "height": 800})
    expect(menu).to_be_visible()
    expect(toggle).to_be_hidden()
