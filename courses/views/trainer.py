"""The trainer's pages (placeholder until the trainer views land)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def trainer_editions(request):
    raise Http404


trainer_edition = session_edit = attendance = trainer_lesson_file = trainer_editions
