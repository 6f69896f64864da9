"""The trainer's assessment pages, under the trainer's edition URLs."""

from django.urls import path

from .assignments.views import trainer as views_grading
from .questions import bank_views as views_bank
from .quizzes.views import analysis as views_analysis
from .quizzes.views import builder as views_builder
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
        "teach/editions/<int:edition_id>/gradebook/<int:enrollment_id>/<int:lesson_id>/",
        views_results.gradebook_work,
        name="gradebook_work",
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
    path("teach/bank/", views_bank.question_bank_index, name="question_bank_index"),
    path(
        "teach/editions/<int:edition_id>/bank/",
        views_bank.question_bank_for_edition,
        name="question_bank_for_edition",
    ),
    path("teach/courses/<int:course_id>/bank/", views_bank.question_bank, name="question_bank"),
    path(
        "teach/courses/<int:course_id>/bank/questions/<int:question_id>/",
        views_bank.question_preview,
        name="question_preview",
    ),
    path(
        "teach/courses/<int:course_id>/bank/questions/new/",
        views_bank.question_new,
        name="question_new",
    ),
    path(
        "teach/courses/<int:course_id>/bank/questions/new/<slug:kind>/",
        views_bank.question_add,
        name="question_add",
    ),
    path(
        "teach/courses/<int:course_id>/bank/questions/<int:question_id>/edit/",
        views_bank.question_edit,
        name="question_edit",
    ),
    path(
        "teach/courses/<int:course_id>/bank/questions/<int:question_id>/restore/",
        views_bank.question_restore,
        name="question_restore",
    ),
    path(
        "teach/courses/<int:course_id>/bank/questions/<int:question_id>/regrade/",
        views_bank.question_regrade,
        name="question_regrade",
    ),
    path(
        "teach/courses/<int:course_id>/bank/bulk/",
        views_bank.question_bank_bulk,
        name="question_bank_bulk",
    ),
    path(
        "teach/courses/<int:course_id>/bank/export/",
        views_bank.question_bank_export,
        name="question_bank_export",
    ),
    path("teach/grading/", views_grading.grading_queue, name="grading_queue"),
    path(
        "teach/editions/<int:edition_id>/grading/",
        views_grading.grading_for_edition,
        name="grading_for_edition",
    ),
    path("teach/grading/release/", views_grading.release_all, name="release_all"),
    path(
        "teach/editions/<int:edition_id>/grading/assignments/<int:assignment_id>/handins.zip",
        views_grading.handins_download,
        name="handins_download",
    ),
    path("teach/grading/<int:submission_id>/", views_grading.grade, name="grade"),
    path("teach/grading/<int:submission_id>/reopen/", views_grading.reopen, name="reopen"),
    path(
        "teach/grading/<int:submission_id>/file/<int:file_id>/",
        views_grading.grade_file,
        name="grade_file",
    ),
]

# Item analysis of the course's quizzes (assessments.quizzes.analysis).
urlpatterns += [
    path(
        "teach/editions/<int:edition_id>/item-analysis/",
        views_analysis.item_analysis_index,
        name="item_analysis_index",
    ),
    path(
        "teach/editions/<int:edition_id>/item-analysis/<int:quiz_id>/",
        views_analysis.item_analysis,
        name="item_analysis",
    ),
    path(
        "teach/editions/<int:edition_id>/item-analysis/<int:quiz_id>.csv",
        views_analysis.item_analysis_csv,
        name="item_analysis_csv",
    ),
    path(
        "teach/editions/<int:edition_id>/item-analysis/<int:quiz_id>.xlsx",
        views_analysis.item_analysis_xlsx,
        name="item_analysis_xlsx",
    ),
]

# The quiz builder and preview attempts (assessments.quizzes.views.builder).
urlpatterns += [
    path("teach/courses/<int:course_id>/quizzes/", views_builder.quiz_list, name="quiz_list"),
    path(
        "teach/courses/<int:course_id>/quizzes/<int:quiz_id>/build/",
        views_builder.quiz_builder,
        name="quiz_builder",
    ),
    path(
        "teach/courses/<int:course_id>/quizzes/<int:quiz_id>/preview/",
        views_builder.quiz_preview,
        name="quiz_preview",
    ),
]
