"""Question bank pages for course authors and administrators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from courses.access import courses_authored_by

from .forms import GiftImportForm
from .services import GiftImportError, decode_upload, question_import_gift


@login_required
def gift_import(request: HttpRequest) -> HttpResponse:
    """Import into the bank of a course the user may author (`can_author`); teaching one of
    its editions is not enough. Anyone else finds no page here, as with any foreign URL."""
    courses = courses_authored_by(request.user)
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
        form = GiftImportForm(courses=courses, initial={"course": request.GET.get("course")})
    return render(request, "assessments/gift_import.html", {"form": form, "errors": errors})
