from django.urls import include, path

from . import security, views
from .conversations import views as conversation_views
from .notifications import views as notification_views
from .privacy import views as privacy_views

app_name = "lms"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.learner_dashboard, name="learner_dashboard"),
    path("", include("lms.organisations.urls")),
    path("", include("lms.reports.urls")),
    path("health/", views.health, name="health"),
    path(".well-known/security.txt", security.security_txt, name="security_txt"),
    path("language/", views.set_language, name="set_language"),
    path("account/second-factor/", views.second_factor, name="second_factor"),
    path("settings/second-factor/", views.second_factor_setup, name="second_factor_setup"),
    path("notices/", notification_views.notices, name="notices"),
    path("notices/<int:notification_id>/read/", notification_views.notice_read, name="notice_read"),
    path("notices/read/", notification_views.notices_read_all, name="notices_read_all"),
    path(
        "settings/notifications/",
        notification_views.notification_preferences,
        name="notification_preferences",
    ),
    path("settings/calendar/", notification_views.calendar_page, name="calendar"),
    path(
        "settings/my-data/",
        privacy_views.personal_data_download,
        name="personal_data_download",
    ),
    path("privacy/", privacy_views.privacy_statement, name="privacy"),
    path("calendar/<str:token>.ics", notification_views.calendar_feed, name="calendar_feed"),
    path("conversations/", conversation_views.conversations, name="conversations"),
    path(
        "conversations/<int:enrollment_id>/",
        conversation_views.conversation,
        name="conversation",
    ),
    path(
        "conversations/<int:enrollment_id>/messages/<int:message_id>/file/",
        conversation_views.attachment,
        name="conversation_attachment",
    ),
    path("teach/inbox/", conversation_views.inbox, name="inbox"),
    path("coaching/", conversation_views.coaching_history, name="coaching"),
    path("coaching/<int:moment_id>/", conversation_views.coaching_moment, name="coaching_moment"),
    path(
        "coaching/<int:moment_id>/edit/",
        conversation_views.coaching_moment_edit,
        name="coaching_moment_edit",
    ),
    path(
        "coaching/<int:moment_id>/cancel/",
        conversation_views.coaching_moment_cancel,
        name="coaching_moment_cancel",
    ),
    path("teach/coaching/", conversation_views.coaching_week, name="coaching_week"),
    path("teach/coaching/new/", conversation_views.coaching_plan, name="coaching_plan"),
    path("teach/announcements/", conversation_views.announcements, name="announcements"),
    path(
        "teach/announcements/<int:announcement_id>/edit/",
        conversation_views.announcement_edit,
        name="announcement_edit",
    ),
    path("evaluation/<int:enrollment_id>/", conversation_views.evaluation, name="evaluation"),
    path("teach/evaluations/", conversation_views.evaluation_overview, name="evaluation_overview"),
    path(
        "teach/evaluations/<int:edition_id>/",
        conversation_views.evaluation_results,
        name="evaluation_results",
    ),
    path("", include("lms.trajectories.urls")),
]
