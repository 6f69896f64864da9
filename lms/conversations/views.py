"""The pages of conversations: the learner's conversations, one conversation (read and
write), an attachment, and the trainers' inbox. Thin: the forms parse, the selectors read
and decide who may see what (anyone else gets a 404), the services send and mark read."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assessments.assignments import uploads
from core.files import file_response
from core.uploads import MB, upload_limits, upload_refusals
from courses.access import is_administrator

from . import about, selectors, services
from .forms import ConversationQueryForm, InboxFilterForm, MessageForm

INBOX_PAGE = 25


@login_required
@require_GET
def conversations(request: HttpRequest) -> HttpResponse:
    """The learner's conversations, one per course; with one course, that conversation."""
    rows = selectors.conversations_for_learner(request.user)
    if len(rows) == 1:
        return redirect("lms:conversation", rows[0].enrollment.pk)
    return render(request, "lms/conversations/list.html", {"rows": rows})


def _about_found(access: selectors.Access, kind: str | None, item: int | None):
    """The work a new message replies to (from a "Reageer" link, or posted back), when it
    is this enrolment's; else None."""
    if not kind or not item:
        return None
    return about.about_find(enrollment_id=access.enrollment.pk, kind=kind, item_id=item)


def _message_caps(request: HttpRequest, enrollment_id: int) -> dict:
    return {"max_file_bytes": settings.LMS_UPLOAD_MAX_FILE_MB * MB, "max_files": 1}


@upload_limits(_message_caps)
@login_required
@require_http_methods(["GET", "POST"])
def conversation(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    access = selectors.conversation_access_or_404(request.user, enrollment_id)
    query = ConversationQueryForm(request.GET)
    status = 200
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES)
        for refusal in upload_refusals(request):
            form.add_error("attachment", uploads.refusal_message(refusal))
        if form.is_valid():
            data = form.cleaned_data
            try:
                message = services.message_send(
                    access=access,
                    body=data["body"],
                    attachment=data["attachment"],
                    about_kind=data["about"] or "",
                    about_id=data["item"],
                )
            except services.MessageRefused as exc:
                for text in exc.messages:
                    form.add_error(None, text)
            else:
                flash.success(request, _("Je bericht is verstuurd."))
                url = reverse("lms:conversation", args=[enrollment_id])
                return redirect(f"{url}#message-{message.pk}")
        if request.FILES or upload_refusals(request):
            form.add_error(None, _("Kies je bijlage opnieuw als je die wilt meesturen."))
        # Shown again with what it replies to, when that is still this enrolment's work.
        replying_to = _about_found(
            access, form.cleaned_data.get("about"), form.cleaned_data.get("item")
        )
        status = 400
    else:
        replying_to = _about_found(access, query.value("about"), query.value("item"))
        form = MessageForm()
    page = selectors.conversation_page(access=access, before=query.value("voor"))
    if request.method == "GET" and page.conversation is not None and page.has_unread:
        services.conversation_mark_read(
            access=access, conversation_id=page.conversation.pk, up_to=page.last_id
        )
    context = {
        "page": page,
        "form": form,
        "replying_to": replying_to,
        "replying_label": str(about.ABOUT[replying_to.kind].label) if replying_to else "",
        "max_mb": settings.LMS_UPLOAD_MAX_FILE_MB,
        "kinds": uploads.labels(services.ATTACHMENT_KINDS),
    }
    return render(request, "lms/conversations/conversation.html", context, status=status)


@login_required
@require_GET
def attachment(request: HttpRequest, enrollment_id: int, message_id: int) -> HttpResponse:
    """A message's attachment, for the conversation's learner and trainers only."""
    access = selectors.conversation_access_or_404(request.user, enrollment_id)
    message = selectors.message_attachment_or_404(access=access, message_id=message_id)
    return file_response(message.attachment, as_attachment=True)


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The conversations of the editions the trainer teaches, newest first."""
    editions = selectors.editions_for_inbox(request.user)
    if not editions and not is_administrator(request.user):
        raise Http404
    form = InboxFilterForm(request.GET or None, editions=editions)
    edition_id, unanswered = None, False
    if form.is_bound and form.is_valid():
        edition_id = form.cleaned_data["edition"]
        unanswered = form.cleaned_data["unanswered"]
    rows = selectors.inbox_for_trainer(
        user=request.user, edition_id=edition_id, unanswered=unanswered
    )
    page = Paginator(rows, INBOX_PAGE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    starters = (
        selectors.learners_without_conversation(user=request.user, edition_id=edition_id)
        if edition_id is not None
        else []
    )
    return render(
        request,
        "lms/conversations/inbox.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": edition_id is not None or unanswered,
            "starters": starters,
        },
    )
