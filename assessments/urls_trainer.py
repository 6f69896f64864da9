"""The trainer's assessment pages, under the trainer's edition URLs."""

from django.urls import path

from . import views_trainer

app_name = "assessments_trainer"

urlpatterns = [
    path("teach/editions/<int:edition_id>/review/", views_trainer.review_list, name="review_list"),
    path(
        "teach/editions/<int:edition_id>/review/<int:attempt_id>/",
        views_trainer.review_attempt,
        name="review_attempt",
    ),
]
