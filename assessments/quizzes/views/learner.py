"""The learner's way through a quiz: start, answer, hand in, see the result.

Every step is a plain form post, so the whole way works without JavaScript. The attempt form
(`quizzes.forms.AttemptForm`) turns the posted fields into the answer JSON the grading core
expects, each question by its type; these views hand the answers to the attempt services. Who
may do what and when is decided there and in `selectors`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.dates import format_when
from courses import conf as course_conf
from courses import selectors as course_selectors
from courses.access import enrollment_for_learner_or_404
from courses.models import Enrollment
from courses.selectors import EnrollmentStamp
from courses.views.learner import lesson_detail

from ...models import Attempt, Quiz
from ...questions import display
from ...questions.types import AttemptQuestion
from .. import grading, selectors
from .. import services as attempts
from ..forms import AttemptForm, attempt_questions

# --- text -------------------------------------------------------------------------------------


def _datetime(value: datetime) -> str:
    return format_when(value, "day_time")


_number = display.number


# --- the result page's review -----------------------------------------------------------------


@dataclass
class ReviewQuestion:
    """One question on the result page: the learner's answer and the right one in words, as
    the question's type says them (escaped text or sanitised HTML, one item a line)."""

    position: int
    number: int
    text: SafeString
    verdict: str
    verdict_class: str
    points: str
    given: list[str | SafeString]
    correct: list[str | SafeString]
    feedback: list[SafeString]
    correct_label: str = ""
    ordered: bool = False


def _verdict(response) -> tuple[str, str]:
    if response is None or response.fraction is None:
        return _("nog niet beoordeeld"), "state-locked"
    if response.needs_review:
        return _("wacht op je trainer"), "state-locked"
    if response.fraction >= 1:
        return _("goed"), "state-done"
    if response.fraction > 0:
        return _("deels goed"), "state-open"
    return _("niet goed"), "state-overdue"


def _given(question: AttemptQuestion, answer: Any) -> list:
    """The learner's answer in words, as its type says it; nothing for no answer, or for an
    answer that no longer fits the key."""
    if answer is None or answer == "" or answer == []:
        return []
    try:
        return question.type.review_given(question, answer)
    except (AttributeError, IndexError, KeyError, TypeError, ValueError):
        return []


def review_questions(questions: list[AttemptQuestion], responses: dict) -> list[ReviewQuestion]:
    """The answered questions for a result page (an attempt's, or a preview's: `responses`
    by position, each with `answer`, `fraction`, `points`, `feedback`, `needs_review`)."""
    items = []
    for q in questions:
        if q.number is None:
            continue
        response = responses.get(q.position)
        verdict, css = _verdict(response)
        points = response.points if response is not None and response.points is not None else 0
        text_format = q.text_format
        feedback = [
            display.inline(text, text_format)
            for text in (response.feedback if response else [])
            if text
        ]
        if q.frozen.get("general_feedback"):
            feedback.append(display.inline(q.frozen["general_feedback"], text_format))
        correct = q.type.review_correct(q)
        items.append(
            ReviewQuestion(
                position=q.position,
                number=q.number,
                text=display.rich(q.frozen.get("text", ""), text_format),
                verdict=verdict,
                verdict_class=css,
                points=_("%(got)s van %(max)s")
                % {"got": _number(points), "max": display.points(q.points)},
                given=_given(q, response.answer if response else None),
                correct=correct,
                feedback=feedback,
                correct_label=q.type.review_correct_label(q, correct),
                ordered=q.type.review_ordered,
            )
        )
    return items


# --- the quiz's lesson body -------------------------------------------------------------------


@dataclass
class AttemptRow:
    attempt: Attempt
    status: str
    url: str
    result: str


def _status_label(attempt: Attempt) -> str:
    return {
        Attempt.Status.IN_PROGRESS: _("bezig"),
        Attempt.Status.NEEDS_REVIEW: _("ingeleverd, je trainer beoordeelt nog een open vraag"),
        Attempt.Status.GRADED: _("nagekeken"),
    }.get(attempt.status, _("ingeleverd, wordt nagekeken"))


def _result_text(attempt: Attempt) -> str:
    if attempt.status != Attempt.Status.GRADED or attempt.percentage is None:
        return ""
    verdict = _("geslaagd") if attempt.passed else _("niet geslaagd")
    return f"{_number(attempt.percentage)}% · {verdict}"


def _resit_rule(quiz: Quiz) -> list[str]:
    """The quiz's resit rule in plain words: how often, and from when."""
    if not quiz.resits_allowed:
        return []
    n = quiz.resits_allowed
    if quiz.is_exam:
        how_often = ngettext(
            "Haal je het niet? Dan mag je het examen nog %(n)s keer maken.",
            "Haal je het niet? Dan mag je het examen nog %(n)s keer maken.",
            n,
        ) % {"n": n}
    else:
        how_often = ngettext(
            "Haal je het niet? Dan mag je de toets nog %(n)s keer maken.",
            "Haal je het niet? Dan mag je de toets nog %(n)s keer maken.",
            n,
        ) % {"n": n}
    opens, closes, days = quiz.resit_opens_at, quiz.resit_closes_at, quiz.resit_wait_days
    if opens and closes:
        when = _("Dat kan van %(start)s tot %(end)s.") % {
            "start": _datetime(opens),
            "end": _datetime(closes),
        }
    elif opens:
        when = _("Dat kan vanaf %(start)s.") % {"start": _datetime(opens)}
    elif days and closes:
        when = ngettext(
            "Dat kan vanaf %(n)s dag na je poging, tot %(end)s.",
            "Dat kan vanaf %(n)s dagen na je poging, tot %(end)s.",
            days,
        ) % {"n": days, "end": _datetime(closes)}
    elif days:
        when = ngettext(
            "Dat kan vanaf %(n)s dag na je poging.",
            "Dat kan vanaf %(n)s dagen na je poging.",
            days,
        ) % {"n": days}
    elif closes:
        when = _("Dat kan meteen, tot %(end)s.") % {"end": _datetime(closes)}
    else:
        when = _("Dat kan meteen.")
    return [f"{how_often} {when}"]


def _facts(
    quiz: Quiz,
    window: selectors.QuizWindow,
    used: int,
    grants: selectors.QuizGrants = selectors.NO_GRANTS,
) -> list[str]:
    """The quiz's settings, and what the learner's trainer granted, in plain words."""
    facts = []
    if window.opens_at and window.closes_at:
        facts.append(
            _("Je kunt de toets maken van %(start)s tot %(end)s.")
            % {"start": _datetime(window.opens_at), "end": _datetime(window.closes_at)}
        )
    elif window.closes_at:
        facts.append(
            _("Je kunt de toets maken tot %(end)s.") % {"end": _datetime(window.closes_at)}
        )
    elif window.opens_at:
        facts.append(
            _("Je kunt de toets maken vanaf %(start)s.") % {"start": _datetime(window.opens_at)}
        )
    limit = selectors.attempt_time_limit(quiz=quiz, grants=grants)
    if limit is not None:
        minutes = math.ceil(limit.total_seconds() / 60)
        facts.append(
            ngettext(
                "Je hebt %(n)s minuut. De tijd loopt vanaf het moment dat je begint.",
                "Je hebt %(n)s minuten. De tijd loopt vanaf het moment dat je begint.",
                minutes,
            )
            % {"n": minutes}
        )
        if grants.extra_time_percent:
            facts.append(
                _("Je trainer heeft je %(percent)s%% meer tijd gegeven.")
                % {"percent": grants.extra_time_percent}
            )
        facts.append(
            _(
                "Je antwoorden worden bewaard terwijl je werkt. Is de tijd om, dan leveren we ze "
                "voor je in."
            )
        )
    else:
        facts.append(_("Er is geen tijdslimiet: neem de tijd die je nodig hebt."))
        facts.append(
            _("Je antwoorden worden bewaard terwijl je werkt. Lever in als je klaar bent.")
        )
    if quiz.attempts_allowed:
        allowed = ngettext(
            "Je mag de toets %(n)s keer maken.",
            "Je mag de toets %(n)s keer maken.",
            quiz.attempts_allowed,
        ) % {"n": quiz.attempts_allowed}
    else:
        allowed = _("Je mag de toets zo vaak maken als je wilt.")
    done = ngettext("Je hebt %(n)s poging gebruikt.", "Je hebt %(n)s pogingen gebruikt.", used) % {
        "n": used
    }
    facts.append(f"{allowed} {done}")
    if grants.extra_attempts and quiz.attempts_allowed:
        facts.append(
            ngettext(
                "Je trainer heeft je %(n)s extra poging gegeven.",
                "Je trainer heeft je %(n)s extra pogingen gegeven.",
                grants.extra_attempts,
            )
            % {"n": grants.extra_attempts}
        )
    facts += _resit_rule(quiz)
    if quiz.attempts_allowed != 1 or quiz.resits_allowed or grants.extra_attempts:
        facts.append(
            {
                Quiz.GradingMethod.HIGHEST: _("Je beste poging telt."),
                Quiz.GradingMethod.LAST: _("Je laatste poging telt."),
                Quiz.GradingMethod.FIRST: _("Je eerste poging telt."),
                Quiz.GradingMethod.AVERAGE: _("Het gemiddelde van je pogingen telt."),
            }.get(quiz.grading_method, "")
        )
    facts.append(_("Je bent geslaagd met %(mark)s%% of meer.") % {"mark": _number(quiz.pass_mark)})
    facts.append(selectors.feedback_release(quiz=quiz, closes_at=window.closes_at).note)
    return [fact for fact in facts if fact]


def _next_step_none() -> dict:
    return {"next_step": "", "trainers": [], "conversation_url": None}


def _next_step(access: selectors.QuizAccess, enrollment: Enrollment) -> dict:
    """After a fail: what happens now, and how to reach the trainers (read only then)."""
    if not access.next_step:
        return _next_step_none()
    return {
        "next_step": access.next_step,
        "trainers": course_selectors.edition_trainer_contacts(enrollment.edition_id),
        "conversation_url": course_conf.learner_conversation_url(enrollment.pk),
    }


def quiz_body_context(
    quiz: Quiz, *, request=None, enrollment: Enrollment, now: datetime | None = None
) -> dict:
    """What the quiz's lesson body shows: settings, the learner's attempts, start or not."""
    now = now or timezone.now()
    access = selectors.quiz_access(enrollment=enrollment, quiz=quiz, now=now)
    tries = list(
        Attempt.objects.filter(enrollment=enrollment, quiz=quiz)
        .defer("questions", "last_error")
        .order_by("number")
    )
    edition_id = enrollment.edition_id
    rows = [
        AttemptRow(
            attempt=a,
            status=_status_label(a),
            url=reverse(
                "assessments:attempt"
                if a.status == Attempt.Status.IN_PROGRESS
                else "assessments:attempt_result",
                args=[edition_id, a.pk],
            ),
            result=_result_text(a),
        )
        for a in tries
    ]
    in_progress = next((a for a in tries if a.pk == access.attempt_id), None)
    final = None
    if any(a.status == Attempt.Status.GRADED for a in tries):
        final = selectors.final_result(enrollment=enrollment, quiz=quiz)
    return {
        "quiz": quiz,
        "window": access.window,
        "facts": _facts(quiz, access.window, access.attempts_used, access.grants),
        "attempts": rows,
        "in_progress": in_progress,
        "deadline": _deadline_text(in_progress, now) if in_progress else "",
        "state": access.status,
        "blocked": access.reason,
        "kind": access.kind,
        **_next_step(access, enrollment),
        "next_number": access.next_number,
        "left": access.attempts_left,
        "final": _number(final) if final is not None else "",
        "final_passed": grading.passed(final, quiz.pass_mark) if final is not None else None,
        "start_url": reverse("assessments:quiz_start", args=[edition_id, quiz.pk]),
    }


# --- the views --------------------------------------------------------------------------------


def _quiz_or_404(enrollment: Enrollment, quiz_id: int) -> Quiz:
    quiz = selectors.quiz_in_course(quiz_id=quiz_id, course_id=enrollment.edition.course_id)
    if quiz is None:
        raise Http404
    return quiz


def _attempt_or_404(user, edition_id: int, attempt_id: int) -> Attempt:
    """The learner's own attempt, through their active or completed enrolment in this edition
    (as `enrollment_for_learner_or_404`); anyone else's is a 404, never a 403."""
    attempt = selectors.attempt_of_learner(user=user, edition_id=edition_id, attempt_id=attempt_id)
    if attempt is None:
        raise Http404
    return attempt


def _deadline_text(attempt: Attempt, now: datetime) -> str:
    if attempt.deadline_at is None:
        return _("Er is geen tijdslimiet. Lever in als je klaar bent.")
    seconds = (attempt.deadline_at - now).total_seconds()
    when = format_when(attempt.deadline_at, "weekday_time")
    if seconds <= 0:
        return _("Je tijd was om op %(when)s.") % {"when": when}
    minutes = math.ceil(seconds / 60)
    if minutes < 120:
        left = ngettext("nog %(n)s minuut", "nog %(n)s minuten", minutes) % {"n": minutes}
    elif minutes < 48 * 60:
        hours = minutes // 60
        left = ngettext("nog ongeveer %(n)s uur", "nog ongeveer %(n)s uur", hours) % {"n": hours}
    else:
        return _("Lever je poging in vóór %(when)s.") % {"when": when}
    return _(
        "Je hebt tot %(when)s (%(left)s). Daarna leveren we je poging in met de antwoorden die je hebt bewaard."
    ) % {
        "when": when,
        "left": left,
    }


# An attempt without a time limit (its deadline is the quiz's closing) shows its clock only in
# the last two hours; a timed attempt shows it from the start.
_CLOCK_FROM_SECONDS = 2 * 60 * 60


def _attempt_form(
    attempt: Attempt, data=None, *, questions: list[AttemptQuestion] | None = None
) -> AttemptForm:
    """The attempt's form with its saved answers; read-only once the time is up."""
    return AttemptForm(
        attempt_questions(attempt) if questions is None else questions,
        data,
        answers=_saved_answers(attempt),
        read_only=attempt.is_time_up(timezone.now()),
    )


def _render_attempt(
    request: HttpRequest,
    stamp: EnrollmentStamp,
    attempt: Attempt,
    form: AttemptForm,
    *,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    shown = form.shown()
    now = timezone.now()
    general = [str(error) for error in form.non_field_errors()]
    if refusal:
        general.append(refusal)
    context = {
        "edition_id": stamp.edition_id,
        "course_title": stamp.course_title,
        "quiz_title": attempt.quiz.title,
        "attempt": attempt,
        "questions": shown,
        "general_errors": general,
        "has_errors": bool(general or any(q.error for q in shown)),
        "answered": form.answered(),
        "total": sum(1 for q in form.questions if q.number),
        "time_up": form.read_only,
        "deadline": _deadline_text(attempt, now),
        "seconds_left": selectors.attempt_seconds_left(attempt=attempt, now=now),
        "clock_from": "" if attempt.quiz.time_limit_minutes else _CLOCK_FROM_SECONDS,
        "lesson_url": attempt.quiz.get_absolute_url_for(stamp.edition_id),
    }
    return render(request, "assessments/attempt.html", context, status=status)


def _saved_answers(attempt: Attempt) -> dict[int, Any]:
    """position: answer, as read with the attempt (`_attempt_or_404`)."""
    return {position: answer for position, answer in attempt.saved_pairs or ()}


@login_required
@require_POST
def quiz_start(request: HttpRequest, edition_id: int, quiz_id: int) -> HttpResponse:
    """Start an attempt, or go back to the one in progress."""
    enrollment = enrollment_for_learner_or_404(request.user, edition_id)
    quiz = _quiz_or_404(enrollment, quiz_id)
    try:
        attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    except attempts.AttemptError as exc:
        if getattr(exc, "code", None) != attempts.NO_ACCESS:  # the page states that reason
            messages.error(request, " ".join(exc.messages))
        response = lesson_detail(request, edition_id=edition_id, lesson_id=quiz.pk)
        response.status_code = 400
        return response
    return redirect("assessments:attempt", edition_id=edition_id, attempt_id=attempt.pk)


@login_required
@require_http_methods(["GET", "POST"])
def attempt_detail(request: HttpRequest, edition_id: int, attempt_id: int) -> HttpResponse:
    """The questions of an attempt in one form; a POST saves the answers that changed."""
    attempt = _attempt_or_404(request.user, edition_id, attempt_id)
    stamp = EnrollmentStamp.of(attempt.enrollment)
    if attempt.status != Attempt.Status.IN_PROGRESS:
        if request.method == "POST":
            messages.error(
                request, _("Deze poging is al ingeleverd. Je antwoorden zijn niet meer veranderd.")
            )
        return redirect("assessments:attempt_result", edition_id=edition_id, attempt_id=attempt.pk)
    if request.method == "GET":
        return _render_attempt(request, stamp, attempt, _attempt_form(attempt))
    posted = _save_posted(request, attempt)
    if posted.invalid:
        return _render_attempt(request, stamp, attempt, posted.form, status=400)
    if posted.refusal:
        if posted.handed_in:
            messages.error(request, posted.refusal)
            return redirect(
                "assessments:attempt_result", edition_id=edition_id, attempt_id=attempt.pk
            )
        return posted.render_refusal(request, stamp, attempt)
    if request.headers.get("X-Requested-With") == "fetch":
        # autosave: the page stays as it is; its clock takes the server's seconds left
        return JsonResponse(
            {"seconds_left": selectors.attempt_seconds_left(attempt=attempt, now=timezone.now())}
        )
    messages.success(
        request,
        _("Je antwoorden zijn bewaard om %(time)s. Je kunt verder gaan of inleveren.")
        % {"time": formats.time_format(timezone.localtime(), "H:i")},
    )
    return redirect("assessments:attempt", edition_id=edition_id, attempt_id=attempt.pk)


@dataclass
class _Posted:
    """What became of the answers posted with a save or a hand-in."""

    form: AttemptForm
    refusal: str = ""  # the service's reason for saving nothing
    handed_in: bool = False  # ... because another tab handed the attempt in

    @property
    def invalid(self) -> bool:
        """Answers that could not be read: the page again, with what was posted and why."""
        return not self.form.is_valid()

    def render_refusal(self, request, stamp, attempt) -> HttpResponse:
        """The page with the saved answers (a refusal saves nothing) and the reason."""
        form = _attempt_form(attempt, questions=self.form.questions)
        return _render_attempt(request, stamp, attempt, form, refusal=self.refusal, status=400)


def _save_posted(request: HttpRequest, attempt: Attempt) -> _Posted:
    """Read the posted answers with the attempt's form and save those that changed, all or
    none: shared by "Bewaar" (and its autosave) and "Lever in"."""
    posted = _Posted(form=_attempt_form(attempt, request.POST))
    if posted.invalid:
        return posted
    changed = posted.form.changed_answers()
    if not changed:
        return posted
    try:
        attempts.responses_save(attempt=attempt, answers=changed, user=request.user)
    except attempts.AttemptError as exc:
        posted.refusal = " ".join(exc.messages)
        attempt.refresh_from_db(fields=["status"])
        posted.handed_in = attempt.status != Attempt.Status.IN_PROGRESS
    return posted


@login_required
@require_POST
def attempt_hand_in(request: HttpRequest, edition_id: int, attempt_id: int) -> HttpResponse:
    """Save what was posted, then hand the attempt in. A second time only shows the result."""
    attempt = _attempt_or_404(request.user, edition_id, attempt_id)
    if attempt.status == Attempt.Status.IN_PROGRESS:
        stamp = EnrollmentStamp.of(attempt.enrollment)
        posted = _save_posted(request, attempt)
        if posted.invalid:
            return _render_attempt(request, stamp, attempt, posted.form, status=400)
        if posted.refusal:
            if posted.handed_in:  # from another tab
                return redirect(
                    "assessments:attempt_result", edition_id=edition_id, attempt_id=attempt.pk
                )
            if not attempt.is_time_up(timezone.now()):
                return posted.render_refusal(request, stamp, attempt)
            messages.warning(
                request,
                _(
                    "Je laatste wijzigingen kwamen na de tijd binnen en zijn niet bewaard. We hebben "
                    "de antwoorden ingeleverd die je eerder had bewaard."
                ),
            )
        attempts.attempt_submit(attempt=attempt, user=request.user)
    return redirect("assessments:attempt_result", edition_id=edition_id, attempt_id=attempt.pk)


@login_required
def attempt_result(request: HttpRequest, edition_id: int, attempt_id: int) -> HttpResponse:
    """The result of a handed-in attempt, with as much feedback as the quiz's policy allows."""
    attempt = _attempt_or_404(request.user, edition_id, attempt_id)
    enrollment = attempt.enrollment
    if attempt.status == Attempt.Status.IN_PROGRESS:
        return redirect("assessments:attempt", edition_id=edition_id, attempt_id=attempt.pk)
    quiz = attempt.quiz
    now = timezone.now()
    access = selectors.quiz_access(enrollment=enrollment, quiz=quiz, now=now)
    release = selectors.feedback_release(quiz=quiz, closes_at=access.window.closes_at)
    graded = attempt.status == Attempt.Status.GRADED
    show_feedback = graded and release.visible(now)
    review = []
    if show_feedback:
        responses = {r.position: r for r in attempt.responses.all()}
        review = review_questions(attempt_questions(attempt), responses)
    # What happens next is said about the learner's standing now, so only on the result of an
    # attempt that failed.
    failed = graded and attempt.passed is False
    next_step = _next_step(access, enrollment) if failed else _next_step_none()
    can_retry = graded and access.status == selectors.QuizAccessStatus.START
    context = {
        "edition": enrollment.edition,
        "course": enrollment.edition.course,
        "quiz": quiz,
        "attempt": attempt,
        "graded": graded,
        "time_ran_out": selectors.attempt_ran_out_of_time(attempt),
        "percentage": _number(attempt.percentage),
        "points": _number(attempt.points),
        "max_points": _number(attempt.max_points),
        "pass_mark": _number(quiz.pass_mark),
        "show_feedback": show_feedback,
        "feedback_note": "" if show_feedback else release.note,
        "review": review,
        "can_retry": can_retry and not next_step["next_step"],
        **next_step,
        "lesson_url": quiz.get_absolute_url_for(enrollment.edition_id),
    }
    return render(request, "assessments/attempt_result.html", context)
