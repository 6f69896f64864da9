"""The trainer's assessment pages: the attempts of an edition that wait for a trainer, the
page that scores one attempt's open answers, and one learner's extra attempts and extra time
(a section of the trainer's page of that learner, and its own page for a form with errors)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.numbers import plain_decimal
from courses.access import edition_for_trainer_or_404
from courses.models import Enrollment

from ...assignments import selectors as grading
from ...assignments.views.trainer import item_url
from ...models import Attempt, AttemptGrant
from .. import essays as review
from .. import selectors
from .. import services as attempts
from ..forms import AttemptGrantForm

_HALF = Decimal("0.5")


class EssayReviewForm(forms.Form):
    """A score and feedback per open answer; the range is checked again by the service."""

    def __init__(self, *args, items: list[review.EssayItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            maximum = plain_decimal(item.max_points)
            step = "0.5" if maximum % _HALF == 0 else "0.01"
            self.fields[f"score-{item.position}"] = forms.DecimalField(
                label=_("Punten (0 tot en met %(max)s)") % {"max": localize(maximum)},
                min_value=Decimal(0),
                max_value=maximum,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"step": step, "class": "score-input"}),
            )
            self.fields[f"feedback-{item.position}"] = forms.CharField(
                label=_("Feedback voor de cursist"),
                required=False,
                max_length=review.MAX_FEEDBACK_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def rows(self):
        return [
            (item, self[f"score-{item.position}"], self[f"feedback-{item.position}"])
            for item in self.items
        ]

    def scores(self) -> dict[int, Decimal]:
        return {item.position: self.cleaned_data[f"score-{item.position}"] for item in self.items}

    def feedback(self) -> dict[int, str]:
        return {
            item.position: self.cleaned_data[f"feedback-{item.position}"] for item in self.items
        }


def _learner_name(attempt: Attempt) -> str:
    learner = attempt.enrollment.learner
    return learner.get_full_name() or learner.get_username()


def _back(request: HttpRequest, edition) -> HttpResponse:
    """Back to where the trainer came from: the grading queue, or the edition's essay list."""
    if request.GET.get("from") == "queue":
        return redirect("assessments_trainer:grading_queue")
    return redirect("assessments_trainer:review_list", edition_id=edition.pk)


@login_required
def review_list(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = edition_for_trainer_or_404(request.user, edition_id)
    attempts = list(review.attempts_needing_review(edition=edition))
    return render(
        request,
        "assessments/trainer/review_list.html",
        {"edition": edition, "course": edition.course, "attempts": attempts},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review_attempt(request: HttpRequest, edition_id: int, attempt_id: int) -> HttpResponse:
    edition = edition_for_trainer_or_404(request.user, edition_id)
    attempt = review.attempt_for_review_or_404(edition=edition, attempt_id=attempt_id)
    if attempt.status != Attempt.Status.NEEDS_REVIEW:
        if attempt.status == Attempt.Status.GRADED:
            messages.info(request, _("Deze poging is al beoordeeld."))
        else:
            messages.info(request, _("Deze poging wacht niet op een beoordeling."))
        return _back(request, edition)

    from_queue = request.GET.get("from") == "queue"
    previous = following = None
    if from_queue:  # opened from the grading queue: the learners before and after this one
        queue = grading.grading_queue_list(user=request.user, state=grading.WAITING)
        previous, following = grading.grading_queue_neighbours(items=queue, key=f"a{attempt.pk}")
    items = review.essays_to_review(attempt)
    form = EssayReviewForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            review.essay_review(
                attempt=attempt,
                scores=form.scores(),
                feedback=form.feedback(),
                reviewer=request.user,
            )
        except review.AlreadyReviewed as exc:
            messages.error(request, " ".join(exc.messages))
            return _back(request, edition)
        except review.ReviewError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                _("De poging van %(name)s is beoordeeld: %(percentage)s%%.")
                % {"name": _learner_name(attempt), "percentage": localize(attempt.percentage)},
            )
            if following is not None:
                return redirect(item_url(following))
            return _back(request, edition)
    return render(
        request,
        "assessments/trainer/review_attempt.html",
        {
            "edition": edition,
            "course": edition.course,
            "attempt": attempt,
            "learner_name": _learner_name(attempt),
            "form": form,
            "previous": previous and {"item": previous, "url": item_url(previous)},
            "next": following and {"item": following, "url": item_url(following)},
        },
    )


# --- one learner's extra attempts and extra time ------------------------------------------------


def _enrollment_taught_or_404(user, edition_id: int, enrollment_id: int) -> Enrollment:
    """A learner's enrolment in an edition the user teaches (an administrator: any); anything
    else is a 404."""
    edition = edition_for_trainer_or_404(user, edition_id)
    enrollment = (
        Enrollment.objects.select_related("learner", "organisation")
        .filter(pk=enrollment_id, edition=edition)
        .first()
    )
    if enrollment is None:
        raise Http404
    enrollment.edition = edition
    return enrollment


def _grants_context(enrollment: Enrollment, form: AttemptGrantForm | None = None) -> dict:
    quizzes = selectors.quizzes_for_grants(course_id=enrollment.edition.course_id)
    edition_id = enrollment.edition_id
    return {
        "enrollment": enrollment,
        "grants": selectors.attempt_grants_for_enrollment(enrollment=enrollment),
        "quizzes": quizzes,
        "form": form or AttemptGrantForm(quizzes=quizzes, prefix="grant"),
        "action": reverse("assessments_trainer:attempt_grants", args=[edition_id, enrollment.pk]),
        "revoke_url_name": "assessments_trainer:attempt_grant_revoke",
    }


def attempt_grants_section(*, request, enrollment: Enrollment) -> dict:
    """The section on the trainer's page of one learner (`courses.hooks`)."""
    return _grants_context(enrollment)


def _granted_message(grant: AttemptGrant, learner_name: str) -> str:
    if grant.kind == AttemptGrant.Kind.EXTRA_TIME:
        return _(
            "%(name)s krijgt %(percent)s%% meer tijd bij ‘%(quiz)s’, vanaf de volgende poging. "
            "De cursist ziet het bij de toets."
        ) % {"name": learner_name, "percent": grant.extra_time_percent, "quiz": grant.quiz.title}
    return ngettext(
        "%(name)s heeft %(n)s extra poging gekregen voor ‘%(quiz)s’ en kan meteen beginnen. "
        "De cursist ziet het bij de toets.",
        "%(name)s heeft %(n)s extra pogingen gekregen voor ‘%(quiz)s’ en kan meteen beginnen. "
        "De cursist ziet het bij de toets.",
        grant.extra_attempts,
    ) % {"name": learner_name, "n": grant.extra_attempts, "quiz": grant.quiz.title}


def _back_to_learner(enrollment: Enrollment) -> HttpResponse:
    url = reverse("courses:trainer_learner", args=[enrollment.edition_id, enrollment.pk])
    return redirect(f"{url}#attempt-grants")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attempt_grants(request: HttpRequest, edition_id: int, enrollment_id: int) -> HttpResponse:
    """Give one learner an extra attempt or extra time; the form with its errors shows here."""
    enrollment = _enrollment_taught_or_404(request.user, edition_id, enrollment_id)
    learner = enrollment.learner
    learner_name = learner.get_full_name() or learner.get_username()
    form = None
    status = 200
    if request.method == "POST":
        quizzes = selectors.quizzes_for_grants(course_id=enrollment.edition.course_id)
        form = AttemptGrantForm(request.POST, quizzes=quizzes, prefix="grant")
        if form.is_valid():
            try:
                grant = attempts.attempt_grant_create(
                    enrollment=enrollment,
                    quiz=form.cleaned_data["quiz"],
                    kind=form.cleaned_data["kind"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    **form.grant_arguments(),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _granted_message(grant, learner_name))
                return _back_to_learner(enrollment)
        status = 400
    context = _grants_context(enrollment, form)
    return render(
        request,
        "assessments/trainer/attempt_grants.html",
        {
            "edition": enrollment.edition,
            "course": enrollment.edition.course,
            "learner_name": learner_name,
            "section": context,
        },
        status=status,
    )


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_POST
def attempt_grant_revoke(
    request: HttpRequest, edition_id: int, enrollment_id: int, grant_id: int
) -> HttpResponse:
    """Take back a grant from now on."""
    enrollment = _enrollment_taught_or_404(request.user, edition_id, enrollment_id)
    grant = (
        AttemptGrant.objects.select_related("quiz")
        .filter(pk=grant_id, enrollment=enrollment)
        .first()
    )
    if grant is None:
        raise Http404
    grant.enrollment = enrollment
    if attempts.attempt_grant_revoke(grant=grant, actor=request.user):
        messages.success(
            request,
            _("Ingetrokken: %(what)s bij ‘%(quiz)s’.")
            % {"what": grant.get_kind_display(), "quiz": grant.quiz.title},
        )
    else:
        messages.info(request, _("Dit was al ingetrokken."))
    return _back_to_learner(enrollment)
