"""Question bank pages for trainers and administrators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from courses.access import is_administrator
from courses.models import Course

from .forms import GiftImportForm
from .services import GiftImportError, decode_upload, question_import_gift


def courses_for_question_authors(user):
    """Administrators edit every course's questions; trainers those of the courses they teach."""
    if is_administrator(user):
        return Course.objects.all()
    return Course.objects.filter(editions__trainers=user).distinct()


@login_required
def gift_import(request: HttpRequest) -> HttpResponse:
    courses = courses_for_question_authors(request.user)
    if not courses.exists():
        raise Http404
    errors: list[str] = []
    if request.method == "POST":
        form = GiftImportForm(request.POST, request.FILES, courses=courses)
        if form.is_valid():
            try:
                report = question_import_gift(
                    course=form.cleaned_data["course"],
                    category=form.cleaned_data["category"],
                    text=decode_upload(form.cleaned_data["file"].read()),
                    actor=request.user,
                )
            except GiftImportError as exc:
                errors = exc.errors
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d vraag geïmporteerd in %(categories)s.",
                        "%(count)d vragen geïmporteerd in %(categories)s.",
                        report.created,
                    )
                    % {"count": report.created, "categories": ", ".join(report.categories)},
                )
                return redirect("assessments:gift_import")
    else:
        form = GiftImportForm(courses=courses)
    return render(request, "assessments/gift_import.html", {"form": form, "errors": errors})
