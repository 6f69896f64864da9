from tests.lms.beat_utils import notification_stack  # noqa: F401  (a fixture)
