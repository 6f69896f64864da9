"""A question's texts as a page shows them: sanitised or escaped, and numbers as a learner
writes them. Shared by the question types (their widgets and review texts) and the attempt
pages.

A frozen text comes back on every page view of every learner who drew it, and turning it into
safe HTML is pure: memoised per process, by the text and its format.
"""

from __future__ import annotations

import html
from decimal import Decimal
from functools import lru_cache

import nh3
from django.template.defaultfilters import linebreaksbr
from django.utils import formats
from django.utils.html import escape, linebreaks, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

from core.rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown

_INLINE_TAGS = {"b", "br", "code", "em", "i", "s", "strong", "sub", "sup", "u"}
_URL_SCHEMES = {"http", "https", "mailto"}


def rich(text: str, text_format: str) -> SafeString:
    """A question's text as safe HTML, by its format: Markdown, plain text, or (sanitised) HTML."""
    return mark_safe(rich_html(text, text_format))  # noqa: S308 - escaped or sanitised


@lru_cache(maxsize=4096)
def rich_html(text: str, text_format: str) -> str:
    if text_format == "markdown":
        return str(render_markdown(text))
    if text_format == "plain":
        return linebreaks(text, autoescape=True)
    if text_format == "moodle":
        text = linebreaksbr(text, autoescape=False)  # Moodle's auto-format; nh3 cleans next
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS | {"div", "span"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def inline(text: str, text_format: str) -> SafeString:
    """A choice or a feedback line: text with at most inline markup, safe inside a label."""
    if text_format in {"html", "moodle"}:
        return mark_safe(_inline_html(text))  # noqa: S308 - sanitised by nh3
    return escape(text)


@lru_cache(maxsize=4096)
def _inline_html(text: str) -> str:
    return nh3.clean(text, tags=_INLINE_TAGS, attributes={})


def plain(text: str, text_format: str) -> str:
    """Text without markup, for an <option> (which can hold nothing else)."""
    if text_format in {"html", "moodle"}:
        return _plain_text(text)
    return text


@lru_cache(maxsize=4096)
def _plain_text(text: str) -> str:
    return html.unescape(strip_tags(text))


def multiline(text: str) -> SafeString:
    """A learner's own text (an essay) as escaped paragraphs."""
    return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 - escaped


def number(value: Decimal | str | int | None) -> str:
    """A Decimal as the learner writes it: no trailing zeros, a decimal comma in Dutch."""
    if value is None:
        return ""
    return formats.number_format(Decimal(f"{Decimal(value).normalize():f}"), use_l10n=True)


def points(value: Decimal | str, language: str | None = None) -> str:
    """A question's points in words ("1 punt", "2,5 punten"), memoised per language: the
    active one (`language` only saves looking it up again)."""
    return _points(language or get_language(), str(value))


@lru_cache(maxsize=256)
def _points(language: str | None, value: str) -> str:
    amount = Decimal(value)
    return ngettext("%(n)s punt", "%(n)s punten", 1 if amount == 1 else 2) % {"n": number(amount)}
