"""Links that apps above `courses` add to its pages, without `courses` knowing those apps.

An app registers a link in its AppConfig.ready(); the courses templates show every link
registered for a place (`{% page_links "trainer_edition" edition %}`). A link's URL takes
the edition's primary key as its only argument.
"""

from __future__ import annotations

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
