"""A bare Django view: no database, one template rendered to a size given in the URL."""

from functools import lru_cache

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template import engines

_TEMPLATE = engines["django"].from_string(
    '<!doctype html><html lang="nl"><head><title>{{ title }}</title></head><body>'
    "<h1>{{ title }}</h1>{% for p in paragraphs %}<p>{{ p }}</p>{% endfor %}</body></html>"
)


@lru_cache(maxsize=8)
def _paragraphs(size: int) -> list[str]:
    return ["Dienstverlening is een vak. " * 4] * max(1, size // 120)


def bare(request) -> HttpResponse:
    size = min(int(request.GET.get("size", "12000")), 1_000_000)
    return HttpResponse(_TEMPLATE.render({"title": "Bare", "paragraphs": _paragraphs(size)}))


@login_required
def floor(request) -> HttpResponse:
    """What every logged-in page pays before its own work: session, user, menu, base template."""
    return render(request, "base.html", {})
