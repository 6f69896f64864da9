"""The trainer's assessment pages, under the trainer's edition URLs."""

from django.urls import path

from .assignments.views import trainer as views_grading
from .quizzes.views import trainer as views_trainer
from .results import views as views_results

app_name = "assessments_trainer"

urlpatterns = [
    path(
        "teach/editions/<int:edition_id>/gradebook/",
        views_results.gradebook_page,
        name="gradebook",
    ),
    path(
        "teach/editions/<int:edition_id>/gradebook.csv",
        views_results.gradebook_csv,
        name="gradebook_csv",
    ),
    path(
        "teach/editions/<int:edition_id>/gradebook.xlsx",
        views_results.gradebook_xlsx,
        name="gradebook_xlsx",
    ),
    path("teach/editions/<int:edition_id>/review/", views_trainer.review_list, name="review_list"),
    path(
        "teach/editions/<int:edition_id>/review/<int:attempt_id>/",
        views_trainer.review_attempt,
        name="review_attempt",
    ),
    path(
        "teach/editions/<int:edition_id>/learners/<int:enrollment_id>/attempt-grants/",
        views_trainer.attempt_grants,
        name="attempt_grants",
    ),
    path(
        "teach/editions/<int:edition_id>/learners/<int:enrollment_id>/attempt-grants/"
        "<int:grant_id>/revoke/",
        views_trainer.attempt_grant_revoke,
        name="attempt_grant_revoke",
    ),
    path("teach/grading/", views_grading.grading_queue, name="grading_queue"),
    path(
        "teach/editions/<int:edition_id>/grading/",
        views_grading.grading_for_edition,
        name="grading_for_edition",
    ),
    path("teach/grading/release/", views_grading.release_all, name="release_all"),
    path("teach/grading/<int:submission_id>/", views_grading.grade, name="grade"),
    path("teach/grading/<int:submission_id>/reopen/", views_grading.reopen, name="reopen"),
    path(
        "teach/grading/<int:submission_id>/file/<int:file_id>/",
        views_grading.grade_file,
        name="grade_file",
    ),
]
