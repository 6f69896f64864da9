"""The question bank for trainers: browse a course's questions by category, type and words,
preview one exactly as a learner sees it (the attempt form's own widgets) with its key in
words, and download a category as GIFT.

The course's trainers (of any of its editions) browse, preview and download; its authors and
administrators also get the way to the import page and to the admin to edit. Anyone else
finds no page here (404), as with any foreign URL.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from courses.access import edition_for_trainer_or_404
from courses.models import Course

from ..quizzes.forms import AttemptForm
from . import display, selectors
from .bank_forms import BankFilterForm, GiftExportForm
from .services import question_bank_export_gift

PER_PAGE = 25
TEXT_SHOWN = 120


def _bank_or_404(user, course_id: int) -> tuple[Course, bool]:
    """The course and whether the user authors it; 404 for anyone who may not browse it."""
    course = Course.objects.filter(pk=course_id).first()
    role = selectors.question_bank_role(user=user, course=course) if course else None
    if role is None:
        raise Http404
    return course, role == selectors.BankRole.AUTHOR


def _bank_url(course: Course, query: str = "") -> str:
    url = reverse("assessments_trainer:question_bank", args=[course.pk])
    return f"{url}?{query}" if query else url


@login_required
@require_safe
def question_bank_index(request: HttpRequest) -> HttpResponse:
    """The banks the user may browse; straight to it when there is one."""
    courses = list(selectors.courses_with_bank_for(request.user))
    if not courses:
        raise Http404
    if len(courses) == 1:
        return redirect(_bank_url(courses[0]))
    return render(request, "assessments/bank/index.html", {"courses": courses})


@login_required
@require_safe
def question_bank_for_edition(request: HttpRequest, edition_id: int) -> HttpResponse:
    """The bank of the edition's course, from the trainer's page of the edition."""
    edition = edition_for_trainer_or_404(request.user, edition_id)
    return redirect(_bank_url(edition.course))


@login_required
@require_safe
def question_bank(request: HttpRequest, course_id: int) -> HttpResponse:
    course, may_author = _bank_or_404(request.user, course_id)
    tree = selectors.question_category_tree(course_id=course.pk)
    folders = selectors.category_tree_flat(tree)
    kinds = selectors.question_kinds()
    form = BankFilterForm(request.GET or None, folders=folders, kinds=kinds)
    filters = form.filters()
    questions = selectors.question_bank_list(
        course_id=course.pk,
        category=filters["category"],
        subcategories=not filters["only"],
        ctype_id=form.ctype_id(),
        search=filters["q"],
    )
    page = Paginator(questions, PER_PAGE).get_page(request.GET.get("page"))
    labels = {kind.ctype_id: kind.label for kind in kinds}
    query = form.query(page=page.number if page.number > 1 else None)
    rows = [
        {
            "question": question,
            "kind": labels.get(question.polymorphic_ctype_id, ""),
            "text": Truncator(display.plain(question.text, question.text_format)).chars(TEXT_SHOWN),
            "points": display.points(question.default_points),
            "url": _preview_url(course, question.pk, query),
        }
        for question in page.object_list
    ]
    export_form = GiftExportForm(folders=folders, initial={"category": filters["category"] or None})
    return render(
        request,
        "assessments/bank/browse.html",
        {
            "course": course,
            "may_author": may_author,
            "tree": tree,
            "form": form,
            "filters": filters,
            "filtered": any(filters.values()),
            "page": page,
            "rows": rows,
            "previous_url": _bank_url(course, form.query(page=page.number - 1))
            if page.has_previous()
            else "",
            "next_url": _bank_url(course, form.query(page=page.number + 1))
            if page.has_next()
            else "",
            "bank_url": _bank_url(course),
            "bank_total": sum(node.total for node in tree),
            "import_url": f"{reverse('assessments:gift_import')}?course={course.pk}"
            if may_author
            else "",
            "export_form": export_form,
        },
    )


def _preview_url(course: Course, question_id: int, query: str) -> str:
    url = reverse("assessments_trainer:question_preview", args=[course.pk, question_id])
    return f"{url}?{query}" if query else url


@login_required
@require_safe
def question_preview(request: HttpRequest, course_id: int, question_id: int) -> HttpResponse:
    """One question as a learner sees it in an attempt, then its key and feedback."""
    course, may_author = _bank_or_404(request.user, course_id)
    question = selectors.question_in_bank(course_id=course.pk, question_id=question_id)
    if question is None:
        raise Http404
    kinds = {kind.ctype_id: kind.label for kind in selectors.question_kinds()}
    context = {
        "course": course,
        "may_author": may_author,
        "question": question,
        "kind": kinds.get(question.polymorphic_ctype_id, ""),
        "points": display.points(question.default_points),
        "back_url": _bank_url(course, _back_query(request)),
        "edit_url": reverse("admin:assessments_question_change", args=[question.pk])
        if may_author
        else "",
        "shown": None,
        "key": None,
        "broken": "",
    }
    try:
        shown = selectors.question_as_learner_sees_it(question)
    except (ValidationError, LookupError, TypeError, ValueError) as exc:
        context["broken"] = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    else:
        context["shown"] = AttemptForm([shown]).shown()[0].html
        context["key"] = selectors.question_key_in_words(shown)
    return render(request, "assessments/bank/preview.html", context)


BANK_PARAMS = ("q", "category", "only", "type", "page")


def _back_query(request: HttpRequest) -> str:
    """The list's filters and page, to return to the same place (the list checks them)."""
    return urlencode(
        [(name, request.GET[name][:200]) for name in BANK_PARAMS if request.GET.get(name)]
    )


@login_required
@require_safe
def question_bank_export(request: HttpRequest, course_id: int) -> HttpResponse:
    """A category (with its subcategories, if chosen) as a `.gift` download."""
    course, _may_author = _bank_or_404(request.user, course_id)
    folders = selectors.category_tree_flat(selectors.question_category_tree(course_id=course.pk))
    form = GiftExportForm(request.GET, folders=folders)
    if not form.is_valid():
        messages.error(request, _("Kies een categorie om te downloaden."))
        return redirect(_bank_url(course))
    category = form.cleaned_data["category"]
    export = question_bank_export_gift(
        course=course,
        category=category,
        subcategories=form.cleaned_data["subcategories"],
    )
    if not export.exported:
        messages.error(
            request,
            _("In ‘%(category)s’ staan geen vragen die als GIFT kunnen worden gedownload.")
            % {"category": category},
        )
        return redirect(_bank_url(course, urlencode({"category": category})))
    name = slugify(f"{course.slug}-{category.replace('/', '-')}") or "vragen"
    response = HttpResponse(export.text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.gift"'
    return response
