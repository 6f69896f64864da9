from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path(
        "accounts/invitation/<int:invitation_id>/<str:token>/",
        views.invitation,
        name="invitation",
    ),
    path(
        "accounts/invitation/<int:invitation_id>/<str:token>/new/",
        views.invitation_renew,
        name="invitation_renew",
    ),
    path("cursussen/", views.public_courses, name="public_courses"),
    path("cursussen/aanbod/<int:signup_id>/<str:token>/", views.signup_offer, name="signup_offer"),
    path("cursussen/<slug:slug>/", views.public_course, name="public_course"),
    path("cursussen/<slug:slug>/aanmelden/", views.signup, name="signup"),
    path("cursussen/<slug:slug>/aanmelden/bedankt/", views.signup_thanks, name="signup_thanks"),
    path("teach/signups/", views.signup_queue, name="signup_queue"),
    path("teach/organisations/", views.organisation_list, name="organisation_list"),
    path(
        "teach/organisations/<int:organisation_id>/",
        views.organisation_detail,
        name="organisation_detail",
    ),
    path("teach/invoicing/", views.invoicing_overview, name="invoicing"),
    path("teach/invoicing/export.csv", views.invoicing_csv, name="invoicing_csv"),
    path("teach/invoicing/export.xlsx", views.invoicing_xlsx, name="invoicing_xlsx"),
    path("teach/signups/<int:signup_id>/", views.signup_detail, name="signup_detail"),
    path("learn/<int:edition_id>/", views.course_outline, name="outline"),
    path("learn/<int:edition_id>/lessons/<int:lesson_id>/", views.lesson_detail, name="lesson"),
    path(
        "learn/<int:edition_id>/lessons/<int:lesson_id>/done/",
        views.lesson_done,
        name="lesson_done",
    ),
    path(
        "learn/<int:edition_id>/lessons/<int:lesson_id>/file/",
        views.lesson_file,
        name="lesson_file",
    ),
    path(
        "learn/<int:edition_id>/lessons/<int:lesson_id>/captions.vtt",
        views.lesson_captions,
        name="lesson_captions",
    ),
    path("teach/", views.trainer_editions, name="trainer_editions"),
    path("teach/editions/<int:edition_id>/", views.trainer_edition, name="trainer_edition"),
    path(
        "teach/editions/<int:edition_id>/sessions/<int:session_id>/edit/",
        views.session_edit,
        name="session_edit",
    ),
    path(
        "teach/editions/<int:edition_id>/sessions/<int:session_id>/attendance/",
        views.attendance,
        name="attendance",
    ),
    path(
        "teach/editions/<int:edition_id>/learners/<int:enrollment_id>/",
        views.trainer_learner,
        name="trainer_learner",
    ),
    path(
        "teach/editions/<int:edition_id>/lessons/<int:lesson_id>/file/",
        views.trainer_lesson_file,
        name="trainer_lesson_file",
    ),
]
