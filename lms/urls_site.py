from django.urls import path

from . import views

app_name = "lms"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.learner_dashboard, name="learner_dashboard"),
    path("health/", views.health, name="health"),
]
