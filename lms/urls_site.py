from django.urls import path

from . import security, views
from .notifications import views as notification_views

app_name = "lms"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.learner_dashboard, name="learner_dashboard"),
    path("health/", views.health, name="health"),
    path(".well-known/security.txt", security.security_txt, name="security_txt"),
    path("language/", views.set_language, name="set_language"),
    path("notices/", notification_views.notices, name="notices"),
    path("notices/<int:notification_id>/read/", notification_views.notice_read, name="notice_read"),
    path("notices/read/", notification_views.notices_read_all, name="notices_read_all"),
    path(
        "settings/notifications/",
        notification_views.notification_preferences,
        name="notification_preferences",
    ),
    path("settings/calendar/", notification_views.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", notification_views.calendar_feed, name="calendar_feed"),
]
