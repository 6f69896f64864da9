"""The certificate e-mail links to the learner's home page the project configures."""

from django.test import override_settings
from django.urls import reverse

from certificates import conf


def test_the_email_link_is_the_projects_dashboard_on_the_base_url():
    with override_settings(LMS_BASE_URL="https://leren.example.nl/"):
        assert conf.learner_home_url() == "https://leren.example.nl" + reverse(
            "lms:learner_dashboard"
        )


def test_an_absolute_home_url_is_used_as_it_is():
    with override_settings(LMS_LEARNER_HOME_URL="https://portaal.example.nl/leren/"):
        assert conf.learner_home_url() == "https://portaal.example.nl/leren/"
