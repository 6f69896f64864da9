from django.contrib import admin
from django.urls import include, path

from .auth import PasswordResetView

urlpatterns = [
    path("", include("lms.urls_site")),
    path(
        "accounts/password_reset/",
        PasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("courses.urls")),
    path("", include("assessments.urls")),
    path("", include("assessments.urls_trainer")),
    path("", include("certificates.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Leeromgeving"
admin.site.site_title = "Leeromgeving"
