from django.urls import path

from . import views

app_name = "trajectories"

urlpatterns = [
    path("settings/job-coach/", views.consent, name="consent"),
    path("jobcoach/", views.coach_home, name="coach_home"),
    path("jobcoach/<int:trajectory_id>/", views.coach_learner, name="coach_learner"),
    path("teach/trajectories/", views.trajectory_list, name="list"),
    path("teach/trajectories/report/", views.funder_report, name="report"),
    path(
        "teach/enrollments/<int:enrollment_id>/trajectory/",
        views.trajectory_edit,
        name="edit",
    ),
]
