from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("organisation/", views.organisation_home, name="home"),
    path("organisation/<int:organisation_id>/", views.employees, name="employees"),
    path(
        "organisation/<int:organisation_id>/reports/new/",
        views.report_request,
        name="report_request",
    ),
    path(
        "organisation/<int:organisation_id>/monthly-report/",
        views.monthly_setting,
        name="monthly_setting",
    ),
]
