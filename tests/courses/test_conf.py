"""courses names no page of the project: its "Mijn leeromgeving" links go where the
project's LMS_LEARNER_HOME_URL says."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse

from courses import checks, conf


def home_link() -> str:
    return Template("{% load courses_tags %}{% learner_home_url %}").render(Context())


def test_the_project_sends_learners_home_to_its_dashboard():
    assert home_link() == reverse("lms:learner_dashboard")
    assert checks.check_learner_home_url(None) == []


@pytest.mark.parametrize(("setting", "url"), [(None, "/"), ("", "/"), ("/mijn/", "/mijn/")])
def test_without_a_url_name_the_home_link_is_a_path(setting, url):
    with override_settings(LMS_LEARNER_HOME_URL=setting):
        assert home_link() == url == conf.learner_home_url()
        assert checks.check_learner_home_url(None) == []


def test_an_unknown_url_name_fails_the_system_check():
    with override_settings(LMS_LEARNER_HOME_URL="nergens:dashboard"):
        errors = checks.check_learner_home_url(None)
    assert [e.id for e in errors] == ["courses.E001"]
