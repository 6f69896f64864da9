"""Every page carries a strict Content-Security-Policy, a Permissions-Policy and
Cross-Origin-Opener-Policy, and no template needs an inline script or style to work."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.lms.production import collect_static, production_get

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in policy.split(";")
        if part.strip()
    }


def test_a_learners_pages_carry_the_strict_policy(client):
    edition = f.build_edition(f.build_course(), first_day=timezone.localdate())
    enrollment = f.EnrollmentFactory(edition=edition)
    client.force_login(enrollment.learner)
    for url in ("/accounts/login/", reverse("lms:learner_dashboard"), "/bestaat-niet/"):
        response = client.get(url)
        policy = directives(response)
        assert policy["script-src"] == "'self'", url
        assert policy["style-src"] == "'self'", url
        assert policy["frame-ancestors"] == "'none'", url
        assert policy["object-src"] == "'none'", url
        assert "camera=()" in response["Permissions-Policy"]
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_admin_may_style_inline_but_never_script_inline(client):
    client.force_login(f.UserFactory(is_staff=True, is_superuser=True))
    policy = directives(client.get(reverse("admin:index")))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self' 'unsafe-inline'"


def test_no_page_template_holds_an_inline_script_style_or_handler():
    """E-mail templates may style inline (mail clients need it); pages may not."""
    inline = re.compile(r'style="|<style|<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+="', re.I)
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for directory in TEMPLATE_DIRS
        for path in directory.rglob("*.html")
        if "email" not in path.parts
        for match in inline.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_production_settings_send_the_headers(tmp_path):
    collect_static(tmp_path)
    (page,) = production_get(tmp_path, "/bestaat-niet/")
    headers = page["headers"]
    assert headers["Content-Type"].startswith("text/html")
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "microphone=(self)" in headers["Permissions-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
