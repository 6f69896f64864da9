from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("reports/<int:report_id>/", views.report_detail, name="detail"),
    path("reports/<int:report_id>/status/", views.report_status, name="status"),
    path("reports/<int:report_id>/<str:kind>/", views.report_download, name="download"),
]
