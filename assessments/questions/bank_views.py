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
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from courses.access import edition_for_trainer_or_404
from courses.models import Course

from ..models import Question
from ..quizzes import grading
from ..quizzes.forms import AttemptForm, RegradeForm
from ..quizzes.regrade import RegradeError, attempts_regrade
from . import display, selectors
from .bank_forms import BankBulkForm, BankFilterForm, GiftExportForm, QuestionForm
from .services import (
    question_bank_export_gift,
    question_retire,
    question_write,
    questions_move,
    questions_remove,
)

PER_PAGE = 25
TEXT_SHOWN = 120


def _author_bank_or_404(user, course_id: int) -> Course:
    """The course when the user may change its bank (an author or administrator); else 404."""
    course, may_author = selectors.bank_course_or_404(user, course_id)
    if not may_author:
        raise Http404
    return course


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
    course, may_author = selectors.bank_course_or_404(request.user, course_id)
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
            "query": query,
            "targets": [node for node in folders if node.category_id is not None],
        },
    )


def _preview_url(course: Course, question_id: int, query: str) -> str:
    url = reverse("assessments_trainer:question_preview", args=[course.pk, question_id])
    return f"{url}?{query}" if query else url


@login_required
@require_safe
def question_preview(request: HttpRequest, course_id: int, question_id: int) -> HttpResponse:
    """One question as a learner sees it in an attempt, then its key and feedback."""
    course, may_author = selectors.bank_course_or_404(request.user, course_id)
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
        "edit_url": reverse("assessments_trainer:question_edit", args=[course.pk, question.pk])
        if may_author
        else "",
        "versions": selectors.question_versions(question_id=question.pk),
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


def _back_query(request: HttpRequest, params: QueryDict | None = None) -> str:
    """The list's filters and page, to return to the same place (the list checks them)."""
    params = request.GET if params is None else params
    return urlencode([(name, params[name][:200]) for name in BANK_PARAMS if params.get(name)])


@login_required
@require_safe
def question_bank_export(request: HttpRequest, course_id: int) -> HttpResponse:
    """A category (with its subcategories, if chosen) as a `.gift` download."""
    course, _may_author = selectors.bank_course_or_404(request.user, course_id)
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


# --- creating and editing a question (authors and administrators) ---------------------------


@login_required
@require_safe
def question_new(request: HttpRequest, course_id: int) -> HttpResponse:
    """Which type of question to add: every registered type, a third party's too."""
    course = _author_bank_or_404(request.user, course_id)
    kinds = selectors.question_kinds()
    return render(
        request,
        "assessments/bank/new.html",
        {
            "course": course,
            "bank_url": _bank_url(course),
            "kinds": [
                (kind, reverse("assessments_trainer:question_add", args=[course.pk, kind.kind]))
                for kind in kinds
            ],
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_add(request: HttpRequest, course_id: int, kind: str) -> HttpResponse:
    course = _author_bank_or_404(request.user, course_id)
    model = selectors.question_model_for_kind(kind)
    question_type = selectors.question_type_of(model) if model is not None else None
    if question_type is None:
        raise Http404
    category = request.GET.get("category", "")
    initial = {"category": next((c.pk for c in _categories(course) if c.name == category), None)}
    return _question_form_page(request, course, model(), question_type, spec=None, initial=initial)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_edit(request: HttpRequest, course_id: int, question_id: int) -> HttpResponse:
    course = _author_bank_or_404(request.user, course_id)
    question = selectors.question_in_bank(course_id=course.pk, question_id=question_id)
    if question is None:
        raise Http404
    question = question.get_real_instance()
    question_type = selectors.question_type_of(type(question))
    if question_type is None:
        raise Http404
    try:
        spec = question.spec()
    except (ValidationError, LookupError, TypeError, ValueError):
        spec = None  # an unreadable key: the author writes a new one
    return _question_form_page(
        request,
        course,
        question,
        question_type,
        spec=spec,
        initial=QuestionForm.initial_for(question),
    )


def _categories(course: Course):
    return list(course.question_categories.order_by("name").only("pk", "name", "course_id"))


def _question_form_page(
    request: HttpRequest, course: Course, question: Question, question_type, *, spec, initial
) -> HttpResponse:
    """The edit page of a new or existing question: its fields, then its type's key form."""
    categories = _categories(course)
    if request.method == "POST":
        form = QuestionForm(request.POST, categories=categories)
        key_form = question_type.key_form(request.POST)
        if form.is_valid() and key_form.is_valid():
            new_spec = key_form.spec()
            problems = grading.is_key_consistent(new_spec)
            if problems:
                key_form.add_error(None, "; ".join(problems))
            else:
                question = question_write(
                    question=question,
                    course=course,
                    fields=form.cleaned_data,
                    spec=new_spec,
                    new_category=form.cleaned_data["new_category"],
                    actor=request.user,
                )
                messages.success(
                    request,
                    _(
                        "‘%(name)s’ is bewaard. Wie de vraag al in een toets kreeg, houdt de "
                        "vraag zoals die toen was."
                    )
                    % {"name": question.name},
                )
                return redirect("assessments_trainer:question_preview", course.pk, question.pk)
    else:
        form = QuestionForm(categories=categories, initial=initial)
        key_form = question_type.key_form(spec=spec)
    adding = question.pk is None
    return render(
        request,
        "assessments/bank/edit.html",
        {
            "course": course,
            "question": question,
            "adding": adding,
            "kind": str(type(question)._meta.verbose_name),
            "form": form,
            "key_form": key_form,
            "bank_url": _bank_url(course),
            "preview_url": ""
            if adding
            else reverse("assessments_trainer:question_preview", args=[course.pk, question.pk]),
            "used": not adding and selectors.question_used(question_id=question.pk),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- moving, removing and retiring questions (authors and administrators) -------------------


@login_required
@require_POST
def question_bank_bulk(request: HttpRequest, course_id: int) -> HttpResponse:
    """The ticked questions of the list moved to a category, or removed: deleted when no quiz
    or attempt uses them, else retired."""
    course = _author_bank_or_404(request.user, course_id)
    form = BankBulkForm(
        request.POST,
        question_ids=selectors.question_bank_list(course_id=course.pk).values_list("pk", flat=True),
        categories=_categories(course),
    )
    back = _bank_url(course, _back_query(request, QueryDict(request.POST.get("back", "")[:2000])))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        if "questions" in form.errors:
            messages.error(request, _("Kies eerst een of meer vragen."))
        return redirect(back)
    ids = form.cleaned_data["questions"]
    if form.cleaned_data["action"] == BankBulkForm.MOVE:
        target = form.cleaned_data["target"]
        moved = questions_move(course=course, question_ids=ids, category=target, actor=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)d vraag verplaatst naar %(category)s.",
                "%(count)d vragen verplaatst naar %(category)s.",
                moved,
            )
            % {"count": moved, "category": target.name},
        )
        return redirect(back)
    report = questions_remove(course=course, question_ids=ids, actor=request.user)
    if report.deleted:
        messages.success(
            request,
            ngettext("%(count)d vraag verwijderd.", "%(count)d vragen verwijderd.", report.deleted)
            % {"count": report.deleted},
        )
    if report.retired:
        messages.success(
            request,
            ngettext(
                "%(count)d vraag buiten gebruik gezet: ze zit in een toets of in gemaakte "
                "pogingen. Ze blijft daar staan, maar komt niet meer in nieuwe toetsen.",
                "%(count)d vragen buiten gebruik gezet: ze zitten in een toets of in gemaakte "
                "pogingen. Ze blijven daar staan, maar komen niet meer in nieuwe toetsen.",
                report.retired,
            )
            % {"count": report.retired},
        )
    return redirect(back)


@login_required
@require_POST
def question_restore(request: HttpRequest, course_id: int, question_id: int) -> HttpResponse:
    """A retired question back in use."""
    course = _author_bank_or_404(request.user, course_id)
    question = selectors.question_in_bank(course_id=course.pk, question_id=question_id)
    if question is None:
        raise Http404
    if question_retire(question=question, actor=request.user, retire=False):
        messages.success(request, _("‘%(name)s’ is weer in gebruik.") % {"name": question.name})
    return redirect("assessments_trainer:question_preview", course.pk, question.pk)


# --- regrading the attempts with a question (authors and administrators) ---------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_regrade(request: HttpRequest, course_id: int, question_id: int) -> HttpResponse:
    """Score every attempt with the question again by its current key, with a reason that is
    kept with each changed attempt and in the bank's audit trail."""
    course = _author_bank_or_404(request.user, course_id)
    question = selectors.question_in_bank(course_id=course.pk, question_id=question_id)
    if question is None:
        raise Http404
    form = RegradeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            report = attempts_regrade(
                question=question, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except RegradeError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, report.message(question.name))
            return redirect("assessments_trainer:question_preview", course.pk, question.pk)
    return render(
        request,
        "assessments/bank/regrade.html",
        {
            "course": course,
            "question": question,
            "form": form,
            "attempts": len(selectors.attempt_ids_with_question(question.pk)),
            "bank_url": _bank_url(course),
            "preview_url": reverse(
                "assessments_trainer:question_preview", args=[course.pk, question.pk]
            ),
            "edit_url": reverse("assessments_trainer:question_edit", args=[course.pk, question.pk]),
        },
        status=400 if form.is_bound else 200,
    )
