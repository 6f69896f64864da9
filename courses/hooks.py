"""What apps above `courses` add to its pages, without `courses` knowing those apps.

Links: an app registers a link in its AppConfig.ready(); the courses templates show every
link registered for a place (`{% page_links "trainer_edition" edition %}`). A link's URL
takes the edition's primary key as its only argument.

Lesson bodies: a lesson type's body is its `template_name` rendered with the context of
`Lesson.get_body_context()`, or of a function registered for the type with
`register_lesson_body()` in AppConfig.ready(); the latter lets a type's model stay free of
imports of the views that build its page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

PLACES = ("trainer_edition", "learner_course")


@dataclass(frozen=True)
class PageLink:
    label: str  # a lazy translation
    url_name: str
    order: int = 100


_links: dict[str, list[PageLink]] = {place: [] for place in PLACES}


def register_page_link(place: str, *, label, url_name: str, order: int = 100) -> None:
    if place not in _links:
        raise ValueError(f"unknown place {place!r}; expected one of {', '.join(PLACES)}")
    link = PageLink(label=label, url_name=url_name, order=order)
    if link not in _links[place]:
        _links[place].append(link)
        _links[place].sort(key=lambda x: x.order)


def page_links(place: str) -> list[PageLink]:
    return list(_links[place])


BodyContext = Callable[..., dict]

_bodies: dict[type, BodyContext] = {}


def register_lesson_body(lesson_type: type, context: BodyContext) -> None:
    """Build the body context of `lesson_type` (and its subclasses) with
    `context(lesson, request=..., enrollment=..., **extra)`; `extra` is what the type's own
    view passes to `courses.views.learner.lesson_page` (nothing on a plain visit)."""
    _bodies[lesson_type] = context


def lesson_body_context(lesson, *, request, enrollment, **extra) -> dict:
    """The context of a lesson's body: a registered function of its nearest type, else the
    lesson's own `get_body_context()`."""
    for cls in type(lesson).__mro__:
        if cls in _bodies:
            return _bodies[cls](lesson, request=request, enrollment=enrollment, **extra)
    return lesson.get_body_context(request=request, enrollment=enrollment, **extra)
