"""The assessments settings have their defaults in assessments.conf and are checked."""

import pytest
from django.test import override_settings

from assessments import checks, conf


def test_the_grading_batch_has_a_default_without_the_projects_setting():
    with override_settings():
        from django.conf import settings

        del settings.LMS_GRADING_BATCH
        assert conf.get("LMS_GRADING_BATCH") == 50
        assert checks.check_grading_batch(None) == []


@pytest.mark.parametrize("value", [0, -3, "10", 2.5, True])
def test_a_grading_batch_that_is_no_whole_number_of_at_least_one_fails_the_check(value):
    with override_settings(LMS_GRADING_BATCH=value):
        assert [e.id for e in checks.check_grading_batch(None)] == ["assessments.E001"]


def test_a_grading_batch_of_one_grades_only_its_own_attempt_and_passes():
    with override_settings(LMS_GRADING_BATCH=1):
        assert checks.check_grading_batch(None) == []
