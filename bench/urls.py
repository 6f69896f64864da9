from django.urls import path

from lms.urls import urlpatterns as project_urlpatterns

from . import views

urlpatterns = [
    path("bench/bare/", views.bare),
    path("bench/floor/", views.floor),
    *project_urlpatterns,
]
