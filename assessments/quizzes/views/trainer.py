"""The trainer's assessment pages: the attempts of an edition that wait for a trainer, and the
page that scores one attempt's open answers."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.numbers import plain_decimal
from courses.access import edition_for_trainer_or_404

from ...assignments import selectors as grading
from ...assignments.views.trainer import item_url
from ...models import Attempt
from .. import essays as review

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
