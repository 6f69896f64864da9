"""What a course's achievement says in its credentials: a sentence made from the course, and a
badge image drawn from the course's title (served at a stable public URL per course)."""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

BADGE_SIZE = 400
# The site's blue first; other courses get another colour of the same weight (white text on
# each meets WCAG's 4.5:1).
BADGE_COLOURS = ("#0b4f8a", "#1d6b35", "#7a2e6b", "#8a4b00", "#2f4858", "#a11d1d")


def achievement_description(*, course_title: str, modules: list[str], issuer: str) -> str:
    """One or two plain sentences in the site's language (the credential's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        sentence = _(
            "Wie dit certificaat heeft, heeft de cursus %(course)s van %(issuer)s met goed "
            "gevolg afgerond."
        ) % {"course": course_title, "issuer": issuer}
        if modules:
            sentence += " " + _("Onderdelen: %(modules)s.") % {"modules": ", ".join(modules)}
    return sentence


def badge_png(*, title: str, font_path: str) -> bytes:
    return _badge(title, font_path)


@lru_cache(maxsize=32)
def _badge(title: str, font_path: str) -> bytes:
    """A round badge with the course's initials: the same title always gives the same PNG."""
    colour = BADGE_COLOURS[int(hashlib.sha256(title.encode()).hexdigest(), 16) % 6]
    size = BADGE_SIZE
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), fill=colour)
    draw.ellipse((28, 28, size - 28, size - 28), outline="white", width=6)
    letters = _initials(title)
    font = ImageFont.truetype(font_path, 150 if len(letters) < 3 else 112)
    draw.text((size / 2, size / 2), letters, fill="white", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _initials(title: str) -> str:
    words = [word for word in title.split() if word[:1].isalnum()]
    capitals = [word[0].upper() for word in words if word[0].isupper() or len(word) > 3]
    return "".join(capitals[:3]) or title[:1].upper() or "?"
