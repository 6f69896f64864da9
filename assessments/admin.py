"""Django admin for `assessments`: each area registers its own model admins."""

from .assignments import admin as assignments_admin  # noqa: F401
from .quizzes import admin as quizzes_admin  # noqa: F401
