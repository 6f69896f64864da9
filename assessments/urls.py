from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("teach/questions/import/", views.gift_import, name="gift_import"),
]
