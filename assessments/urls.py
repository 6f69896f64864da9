from django.urls import path

from .assignments.views import learner as views_assignments
from .questions import views
from .quizzes.views import learner as views_attempts
from .results import views as views_results

app_name = "assessments"

urlpatterns = [
    path("learn/<int:edition_id>/result/", views_results.course_result, name="course_result"),
    path("teach/questions/import/", views.gift_import, name="gift_import"),
    path(
        "learn/<int:edition_id>/quizzes/<int:quiz_id>/start/",
        views_attempts.quiz_start,
        name="quiz_start",
    ),
    path(
        "learn/<int:edition_id>/attempts/<int:attempt_id>/",
        views_attempts.attempt_detail,
        name="attempt",
    ),
    path(
        "learn/<int:edition_id>/attempts/<int:attempt_id>/submit/",
        views_attempts.attempt_hand_in,
        name="attempt_submit",
    ),
    path(
        "learn/<int:edition_id>/attempts/<int:attempt_id>/result/",
        views_attempts.attempt_result,
        name="attempt_result",
    ),
    path(
        "learn/<int:edition_id>/assignments/<int:lesson_id>/save/",
        views_assignments.assignment_save,
        name="assignment_save",
    ),
    path(
        "learn/<int:edition_id>/assignments/<int:lesson_id>/submit/",
        views_assignments.assignment_submit,
        name="assignment_submit",
    ),
    path(
        "learn/<int:edition_id>/assignments/<int:lesson_id>/file/<int:file_id>/",
        views_assignments.assignment_file,
        name="assignment_file",
    ),
]
