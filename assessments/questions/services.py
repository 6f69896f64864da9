"""Writes for assessments: the question bank and its GIFT import."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from courses.models import Course

from ..models import QUESTION_CLASS_FOR_SPEC, Question, QuestionCategory
from . import gift, specs

MAX_GIFT_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class GiftImportReport:
    created: int
    categories: tuple[str, ...]


class GiftImportError(ValidationError):
    """A GIFT file that cannot be read completely; nothing was imported."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(errors)


def decode_upload(data: bytes) -> str:
    if len(data) > MAX_GIFT_BYTES:
        raise GiftImportError([_("Het bestand is groter dan 2 MB.")])
    if b"\x00" in data[:4096]:
        raise GiftImportError(
            [_("Dit is geen tekstbestand. Sla de vragen op als GIFT-tekst (.txt).")]
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise GiftImportError([_("Het bestand is geen leesbare tekst (UTF-8).")])


def _category_name(base: str, from_file: str | None) -> str:
    base = base.strip().strip("/")
    if not from_file:
        return base
    sub = from_file.strip().strip("/")
    for prefix in ("$course$/", "$system$/", "$module$/", "$cat1$/"):
        if sub.startswith(prefix):
            sub = sub[len(prefix) :]
    return f"{base}/{sub}" if sub and sub != base else base


def question_import_gift(
    *, course: Course, category: str, text: str, actor=None
) -> GiftImportReport:
    """Import every question of a GIFT text into `category` (and its `$CATEGORY:` subfolders).

    All or nothing: a file with any unreadable question imports nothing and reports each
    problem by line."""
    if not category.strip():
        raise GiftImportError([_("Geef een categorie op.")])
    try:
        questions = gift.parse_gift(text)
    except gift.GiftError as exc:
        raise GiftImportError([str(error) for error in exc.errors]) from exc
    if not questions:
        raise GiftImportError([_("Het bestand bevat geen vragen.")])
    names: list[str] = []
    with transaction.atomic():
        categories: dict[str, QuestionCategory] = {}
        for data in questions:
            name = _category_name(category, data.category)
            if name not in categories:
                categories[name], _created = QuestionCategory.objects.get_or_create(
                    course=course, name=name
                )
                names.append(name)
            model = QUESTION_CLASS_FOR_SPEC[type(data.spec)]
            model.objects.create(
                category=categories[name],
                name=(data.name or data.text)[:255],
                text=data.text,
                text_format=data.text_format
                if data.text_format in Question.TextFormat.values
                else "moodle",
                general_feedback=data.general_feedback,
                key=specs.spec_to_json(data.spec),
            )
    return GiftImportReport(created=len(questions), categories=tuple(names))


def question_category_export_gift(*, category: QuestionCategory) -> str:
    """The category's questions (not its subfolders) as GIFT text that imports back the same."""
    questions = category.questions.all().order_by("pk")
    return gift.export_gift(
        [
            specs.QuestionData(
                name=q.name,
                text=q.text,
                spec=q.spec(),
                text_format=q.text_format,
                general_feedback=q.general_feedback,
            )
            for q in questions
        ]
    )
