"""Pages: the user's notices, what they want to receive, their calendar feed."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from courses.trajectories import selectors as trajectory_selectors

from .. import calendar
from ..models import ALWAYS_ON, Kind
from . import messages, selectors, services

MUTABLE = [(k.value, k.label) for k in Kind if k not in ALWAYS_ON]


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Taal van je berichten"), choices=())
    wanted = forms.MultipleChoiceField(
        label=gettext_lazy("Welke berichten wil je krijgen?"),
        choices=MUTABLE,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(c, n) for c, n in settings.LANGUAGES]


@login_required
@require_GET
def notices(request: HttpRequest) -> HttpResponse:
    rows = selectors.notices_for_user(request.user)
    items = [
        {"notice": n, "title": messages.title(n), "kind": messages.kind_label(n)} for n in rows
    ]
    unread = sum(1 for n in rows if n.read_at is None)
    return render(request, "lms/notices.html", {"items": items, "unread": unread})


@login_required
@require_POST
def notice_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    changed = services.notices_mark_read(user=request.user, notification_id=notification_id)
    if not changed and not request.user.notifications.filter(pk=notification_id).exists():
        raise Http404
    return redirect("lms:notices")


@login_required
@require_POST
def notices_read_all(request: HttpRequest) -> HttpResponse:
    services.notices_mark_read(user=request.user)
    return redirect("lms:notices")


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    profile = services.profile_for(request.user)
    muted = services.muted_kinds_for(request.user)
    initial = {"language": profile.language, "wanted": [k for k, _l in MUTABLE if k not in muted]}
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["wanted"])
        language = form.cleaned_data["language"]
        services.preferences_update(
            user=request.user, language=language, muted=[k for k, _l in MUTABLE if k not in wanted]
        )
        flash.success(request, _("Je keuzes zijn bewaard."))
        response = redirect("lms:notification_preferences")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        return response
    always = [Kind(k).label for k in sorted(ALWAYS_ON)]
    return render(
        request,
        "lms/preferences.html",
        {
            "form": form,
            "always": always,
            "trajectories": trajectory_selectors.trajectories_for_learner(request.user),
        },
    )


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar.calendar_token_revoke(user=request.user)
            flash.success(request, _("Je agenda-link werkt niet meer."))
        else:
            calendar.calendar_token_regenerate(user=request.user)
            flash.success(request, _("Je hebt een nieuwe agenda-link. De oude werkt niet meer."))
        return redirect("lms:calendar")
    token = calendar.calendar_token_for(request.user)
    feed_url = messages.absolute(reverse("lms:calendar_feed", args=[token])) if token else ""
    # The same address for a calendar app to subscribe to (webcal:// opens it there).
    webcal_url = "webcal://" + feed_url.partition("://")[2] if feed_url else ""
    return render(request, "lms/calendar.html", {"feed_url": feed_url, "webcal_url": webcal_url})


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = calendar.calendar_user_for_token(token)
    if user is None:
        raise Http404
    response = HttpResponse(
        calendar.calendar_ics(user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="leeromgeving.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
