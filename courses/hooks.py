"""What apps above `courses` add to its pages, without `courses` knowing those apps.

Links: an app registers a link in its AppConfig.ready(); the courses templates show every
link registered for a place (`{% page_links "trainer_edition" edition %}`). A link's URL
takes the edition's primary key as its only argument.

Sections: an app registers a section for a page in its AppConfig.ready(), a template and a
function that gives its context (or None to leave it out); the courses page renders every
section registered for its place, in order (`register_page_section("trainer_learner", ...)`
puts one on the trainer's page of one learner).

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


SECTION_PLACES = ("trainer_learner",)


@dataclass(frozen=True)
class PageSection:
    template_name: str
    context: Callable[..., dict | None]  # (request=..., **the page's objects) -> context or None
    order: int = 100


@dataclass(frozen=True)
class RenderedSection:
    template_name: str
    context: dict


_sections: dict[str, list[PageSection]] = {place: [] for place in SECTION_PLACES}


def register_page_section(
    place: str, *, template_name: str, context: Callable[..., dict | None], order: int = 100
) -> None:
    """Add a section to a page of `courses`. For "trainer_learner" the context function is
    called as `context(request=..., enrollment=...)`, the enrolment with its edition and
    learner, after the page checked that the user teaches the edition."""
    if place not in _sections:
        raise ValueError(f"unknown place {place!r}; expected one of {', '.join(SECTION_PLACES)}")
    if any(s.template_name == template_name for s in _sections[place]):
        return
    _sections[place].append(PageSection(template_name, context, order))
    _sections[place].sort(key=lambda s: s.order)


def page_sections(place: str, **objects) -> list[RenderedSection]:
    """The sections registered for `place`, each with its context; those that answer None
    are left out."""
    found = []
    for section in _sections[place]:
        context = section.context(**objects)
        if context is not None:
            found.append(RenderedSection(section.template_name, context))
    return found


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
