"""Every page a demo user can reach answers 200 and passes the static accessibility checks."""

import io
import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.a11y import problems

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#]+)"')
SKIP = ("/admin/", "/static/", "/i18n/", "/accounts/logout", "/files-are-not-served-publicly/")


def crawl(client, start: str, limit: int = 150) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}
    queue = [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url, follow=True)
        assert response.status_code == 200, (url, response.status_code)
        if "text/html" not in response["Content-Type"]:
            seen[url] = []
            continue
        html = response.content.decode()
        seen[url] = problems(html)
        for href in HREF.findall(html):
            target = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP):
                continue
            if "/file/" in parts.path:  # downloads: fetched, not parsed
                assert client.get(parts.path).status_code == 200, parts.path
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


@pytest.mark.parametrize("username", ["cursist", "henriette", "trainer", "beheerder"])
def test_every_page_of_a_demo_user_loads_and_is_accessible(client, username):
    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(get_user_model().objects.get(username=username))
    pages = crawl(client, "/")
    assert len(pages) >= 10
    bad = {url: found for url, found in pages.items() if found}
    assert bad == {}


def test_login_and_password_pages_are_accessible(client):
    for url in ("/accounts/login/", "/accounts/password_reset/"):
        response = client.get(url)
        assert response.status_code == 200
        assert problems(response.content.decode()) == []
