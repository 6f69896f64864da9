"""Writes for assessments: the question bank, its GIFT import and the exam's questions.

Only an administrator or an author of the course (`courses.access.can_author`) changes a
course's bank or its exam's questions; `actor=None` is the operator at the command line (or
the demo seed). Every change leaves a `QuestionBankChange` row, written here, in the change's
transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.access import can_author
from courses.models import Course

from ..models import (
    QUESTION_CLASS_FOR_SPEC,
    Question,
    QuestionBankChange,
    QuestionCategory,
    QuestionVersion,
    Quiz,
)
from . import gift, specs
from .selectors import (
    ExamRef,
    SlotState,
    exams_using,
    question_bank_list,
    question_used,
    quiz_slot_states,
)

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
    if not sub or sub == base:
        return base
    if sub.startswith(f"{base}/"):
        return sub  # the file names the whole path already, as the bank's export writes it
    return f"{base}/{sub}"


def question_import_gift(
    *, course: Course, category: str, text: str, actor=None
) -> GiftImportReport:
    """Import every question of a GIFT text into `category` (and its `$CATEGORY:` subfolders).

    All or nothing: a file with any unreadable question imports nothing and reports each
    problem by line. The categories are the course's, drawn from by every edition's exam, so
    only an author of the course or an administrator may import (`PermissionDenied`), and the
    import is recorded."""
    check_author(actor, course)
    if not category.strip():
        raise GiftImportError([_("Geef een categorie op.")])
    try:
        questions = gift.parse_gift(text)
    except gift.GiftError as exc:
        raise GiftImportError([str(error) for error in exc.errors]) from exc
    if not questions:
        raise GiftImportError([_("Het bestand bevat geen vragen.")])
    names: list[str] = []
    created: list[int] = []
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
            question = model.objects.create(
                category=categories[name],
                name=(data.name or data.text)[:255],
                text=data.text,
                text_format=data.text_format
                if data.text_format in Question.TextFormat.values
                else "moodle",
                general_feedback=data.general_feedback,
                key=specs.spec_to_json(data.spec),
            )
            created.append(question.pk)
        question_bank_change_record(
            action=QuestionBankChange.Action.IMPORTED,
            course=course,
            actor=actor,
            category=categories[names[0]],
            question_ids=created,
            summary=ngettext(
                "%(count)d vraag geïmporteerd in %(categories)s.",
                "%(count)d vragen geïmporteerd in %(categories)s.",
                len(created),
            )
            % {"count": len(created), "categories": ", ".join(names)},
            exams=exams_using(category_ids=[c.pk for c in categories.values()]),
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


# --- who may, and the audit trail ---------------------------------------------------------


def check_author(actor, course: Course) -> None:
    """Refuse a person who may not change this course's bank or exam; `None` is the operator."""
    if actor is not None and not can_author(actor, course):
        raise PermissionDenied


def _actor_name(actor) -> str:
    if actor is None or not getattr(actor, "pk", None):
        return ""
    return actor.get_full_name() or actor.get_username()


def question_bank_change_record(
    *,
    action: str,
    course: Course,
    actor,
    summary: str,
    category: QuestionCategory | None = None,
    quiz: Quiz | None = None,
    question_ids: Iterable[int] = (),
    exams: Sequence[ExamRef] = (),
) -> QuestionBankChange:
    """Write one audit row. `quiz` is the exam the change is about; without it, the first of
    the `exams` the change reaches (all of them are named in the summary)."""
    affects_exam = bool(exams) or bool(quiz is not None and quiz.is_exam)
    if len(exams) > 1:
        summary = f"{summary} " + _("Raakt de examens: %(titles)s.") % {
            "titles": ", ".join(f"‘{exam.title}’" for exam in exams)
        }
    actor = actor if getattr(actor, "pk", None) else None
    return QuestionBankChange.objects.create(
        action=action,
        course=course,
        actor=actor,
        actor_name=_actor_name(actor),
        category=category,
        quiz_id=quiz.pk if quiz is not None else (exams[0].pk if exams else None),
        affects_exam=affects_exam,
        question_ids=sorted(set(question_ids)),
        summary=summary[:2000],
    )


# --- questions changed by hand (the admin) ------------------------------------------------


def _field_names(model: type[Question], fields: Iterable[str]) -> str:
    names = []
    for name in fields:
        try:
            names.append(str(model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            names.append(name)
    return ", ".join(names)


SNAPSHOT_FIELDS = ("name", "text", "text_format", "general_feedback", "default_points", "key")


def question_snapshot(question: Question, category_name: str) -> dict:
    """The question's fields as JSON, as a version keeps them."""
    snapshot = {name: getattr(question, name) for name in SNAPSHOT_FIELDS}
    snapshot["default_points"] = str(snapshot["default_points"])
    snapshot["category"] = category_name
    return snapshot


def _record_version(*, question: Question, actor, summary: str, category_name: str) -> None:
    """Add the question as it is now as its next version (the question's row locked, so that
    two saves at once number their versions one after the other)."""
    list(Question.objects.select_for_update().filter(pk=question.pk).values_list("pk"))
    last = (
        QuestionVersion.objects.filter(question_id=question.pk)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    actor = actor if getattr(actor, "pk", None) else None
    QuestionVersion.objects.create(
        question_id=question.pk,
        number=(last or 0) + 1,
        created_at=timezone.now(),
        actor=actor,
        actor_name=_actor_name(actor),
        summary=summary[:2000],
        snapshot=question_snapshot(question, category_name),
    )


def question_save(
    *,
    question: Question,
    actor,
    changed_fields: Iterable[str] = (),
    before: dict | None = None,
) -> Question:
    """Save a question edited by hand (new or changed), record it in the audit and keep it
    as a new version. `before` is the question's snapshot before the change (the edit page
    passes it): a question that has no version yet gets it as version 1, so that its history
    starts from what it was.

    A question that moves to another course's category needs the right on both courses.
    Attempts are not touched: each froze its own copy of the question."""
    changed_fields = list(changed_fields)
    adding = question.pk is None
    category = QuestionCategory.objects.select_related("course").get(pk=question.category_id)
    before_category = None
    if not adding:
        before_category = (
            QuestionCategory.objects.select_related("course")
            .filter(questions__pk=question.pk)
            .first()
        )
    check_author(actor, category.course)
    if before_category is not None and before_category.course_id != category.course_id:
        check_author(actor, before_category.course)
    if not adding and not changed_fields:
        question.save()
        return question
    with transaction.atomic():
        question.save()
        category_ids = {category.pk} | (
            {before_category.pk} if before_category is not None else set()
        )
        if adding:
            action = QuestionBankChange.Action.QUESTION_ADDED
            summary = _("‘%(name)s’ toegevoegd aan %(category)s.") % {
                "name": question.name,
                "category": category.name,
            }
            version_summary = _("Nieuwe vraag.")
        else:
            action = QuestionBankChange.Action.QUESTION_CHANGED
            fields = _field_names(type(question), changed_fields)
            summary = _("‘%(name)s’ gewijzigd: %(fields)s.") % {
                "name": question.name,
                "fields": fields,
            }
            version_summary = _("Gewijzigd: %(fields)s.") % {"fields": fields}
            if before is not None and not question.versions.exists():
                QuestionVersion.objects.create(
                    question_id=question.pk,
                    number=1,
                    created_at=question.created_at or timezone.now(),
                    summary=_("Zoals de vraag was voor de eerste wijziging in de vragenbank."),
                    snapshot=before,
                )
        _record_version(
            question=question, actor=actor, summary=version_summary, category_name=category.name
        )
        question_bank_change_record(
            action=action,
            course=category.course,
            actor=actor,
            category=category,
            question_ids=[question.pk],
            summary=summary,
            exams=exams_using(category_ids=category_ids, question_ids=[question.pk]),
        )
    return question


def question_write(
    *,
    question: Question,
    course: Course,
    fields: dict,
    spec: specs.Spec,
    actor,
    new_category: str = "",
) -> Question:
    """Write a question from the bank's edit page: its own fields, its category (or a new one
    of the course, by name) and its key. Recorded (audit and a new version) when anything
    changed; past attempts keep the question they froze."""
    check_author(actor, course)
    adding = question.pk is None
    before = None if adding else question_snapshot(question, question.category.name)
    with transaction.atomic():
        if new_category:
            category, _created = QuestionCategory.objects.get_or_create(
                course=course, name=new_category
            )
        else:
            category = fields["category"]
        if category.course_id != course.pk:
            raise PermissionDenied
        changed = [] if adding else ["category"] * (question.category_id != category.pk)
        question.category = category
        for name in SNAPSHOT_FIELDS:
            value = specs.spec_to_json(spec) if name == "key" else fields[name]
            if adding or getattr(question, name) != value:
                changed.append(name)
                setattr(question, name, value)
        return question_save(question=question, actor=actor, changed_fields=changed, before=before)


def question_delete(*, question: Question, actor) -> None:
    """Delete a question from the bank and record it. (A question in a fixed place of a quiz
    is protected by the database and stays.)"""
    category = QuestionCategory.objects.select_related("course").get(pk=question.category_id)
    check_author(actor, category.course)
    with transaction.atomic():
        exams = exams_using(category_ids=[category.pk], question_ids=[question.pk])
        question_id = question.pk
        question.delete()
        question_bank_change_record(
            action=QuestionBankChange.Action.QUESTION_DELETED,
            course=category.course,
            actor=actor,
            category=category,
            question_ids=[question_id],
            summary=_("‘%(name)s’ verwijderd uit %(category)s.")
            % {"name": question.name, "category": category.name},
            exams=exams,
        )


def questions_delete(*, questions: Iterable[Question], actor) -> int:
    """`question_delete` for each, all or nothing."""
    with transaction.atomic():
        count = 0
        for question in questions:
            question_delete(question=question, actor=actor)
            count += 1
    return count


# --- moving, deleting and retiring questions from the bank's list --------------------------


def _questions_of(course: Course, question_ids: Iterable[int]) -> list[Question]:
    return list(
        Question.objects.non_polymorphic()
        .select_related("category")
        .filter(pk__in=list(question_ids), category__course_id=course.pk)
        .order_by("pk")
    )


def questions_move(
    *, course: Course, question_ids: Iterable[int], category: QuestionCategory, actor
) -> int:
    """Move questions of the course to another of its categories, in one audit row. A quiz
    that draws from the old or the new category draws from what is there now; attempts keep
    what they froze."""
    check_author(actor, course)
    if category.course_id != course.pk:
        raise PermissionDenied
    questions = [q for q in _questions_of(course, question_ids) if q.category_id != category.pk]
    if not questions:
        return 0
    with transaction.atomic():
        old_ids = {q.category_id for q in questions}
        ids = [q.pk for q in questions]
        Question.objects.filter(pk__in=ids).update(category=category, updated_at=timezone.now())
        question_bank_change_record(
            action=QuestionBankChange.Action.QUESTION_MOVED,
            course=course,
            actor=actor,
            category=category,
            question_ids=ids,
            summary=ngettext(
                "%(count)d vraag verplaatst naar %(category)s: %(names)s.",
                "%(count)d vragen verplaatst naar %(category)s: %(names)s.",
                len(ids),
            )
            % {
                "count": len(ids),
                "category": category.name,
                "names": ", ".join(f"‘{q.name}’" for q in questions),
            },
            exams=exams_using(category_ids=old_ids | {category.pk}, question_ids=ids),
        )
    return len(ids)


@dataclass(frozen=True)
class RemoveReport:
    deleted: int
    retired: int


def questions_remove(*, course: Course, question_ids: Iterable[int], actor) -> RemoveReport:
    """Delete the questions no quiz holds and no attempt froze; retire the others (no more
    random draws, not offered for new quizzes, still in every attempt and analysis)."""
    check_author(actor, course)
    deleted = retired = 0
    with transaction.atomic():
        for question in _questions_of(course, question_ids):
            if question_used(question_id=question.pk):
                retired += question_retire(question=question, actor=actor)
            else:
                question_delete(question=question, actor=actor)
                deleted += 1
    return RemoveReport(deleted=deleted, retired=retired)


def question_retire(*, question: Question, actor, retire: bool = True) -> bool:
    """Put a question out of use (or, `retire=False`, back in use); False when it already was."""
    category = QuestionCategory.objects.select_related("course").get(pk=question.category_id)
    check_author(actor, category.course)
    if (question.retired_at is not None) == retire:
        return False
    with transaction.atomic():
        question.retired_at = timezone.now() if retire else None
        Question.objects.filter(pk=question.pk).update(retired_at=question.retired_at)
        if retire:
            action = QuestionBankChange.Action.QUESTION_RETIRED
            summary = _("‘%(name)s’ buiten gebruik gezet: het zit in een toets of in pogingen.")
        else:
            action = QuestionBankChange.Action.QUESTION_RESTORED
            summary = _("‘%(name)s’ weer in gebruik genomen.")
        question_bank_change_record(
            action=action,
            course=category.course,
            actor=actor,
            category=category,
            question_ids=[question.pk],
            summary=summary % {"name": question.name},
            exams=exams_using(category_ids=[category.pk], question_ids=[question.pk]),
        )
    return True


# --- an exam's places (quiz slots) --------------------------------------------------------


def _slot_label(slot: SlotState) -> str:
    if slot.question_id is not None:
        return _("vraag ‘%(name)s’") % {"name": slot.question_name}
    return _("%(count)d uit ‘%(category)s’") % {
        "count": slot.count,
        "category": slot.category_name,
    }


def _slots_summary(quiz: Quiz, before: list[SlotState], after: list[SlotState]) -> str:
    old = {slot.pk: slot for slot in before}
    new = {slot.pk: slot for slot in after}
    parts = []
    added = [new[pk] for pk in new if pk not in old]
    removed = [old[pk] for pk in old if pk not in new]
    changed = [new[pk] for pk in new if pk in old and new[pk] != old[pk]]
    if added:
        parts.append(_("erbij: %s") % "; ".join(_slot_label(s) for s in added))
    if removed:
        parts.append(_("eraf: %s") % "; ".join(_slot_label(s) for s in removed))
    if changed:
        parts.append(_("gewijzigd: %s") % "; ".join(_slot_label(s) for s in changed))
    return _("Vragen van ‘%(title)s’ gewijzigd (%(parts)s).") % {
        "title": quiz.title,
        "parts": ", ".join(parts),
    }


@contextmanager
def quiz_slots_change(*, quiz: Quiz, actor) -> Iterator[None]:
    """Change a quiz's slots inside the `with` block (the admin saves its inline there); when
    the quiz is an exam and its slots differ afterwards, record what changed."""
    course = Course.objects.get(modules__lessons__pk=quiz.pk)
    check_author(actor, course)
    with transaction.atomic():
        before = quiz_slot_states(quiz)
        yield
        after = quiz_slot_states(quiz)
        if before == after or not quiz.is_exam:
            return
        question_ids = {s.question_id for s in before + after if s.question_id is not None}
        question_bank_change_record(
            action=QuestionBankChange.Action.SLOTS_CHANGED,
            course=course,
            actor=actor,
            quiz=quiz,
            question_ids=question_ids,
            summary=_slots_summary(quiz, before, after),
        )


# --- a category of the bank as a GIFT download --------------------------------------------


@dataclass(frozen=True)
class GiftExport:
    """A GIFT text of the questions that GIFT can express, and those it had to leave out
    (name, why), which the text names in a comment at its top."""

    text: str
    exported: int
    skipped: tuple[tuple[str, str], ...]


def _comment(text: str) -> str:
    return "// " + " ".join(text.split())


def question_bank_export_gift(
    *, course: Course, category: str, subcategories: bool = True
) -> GiftExport:
    """The questions of a category path of the course's bank (with its subfolders, or not) as
    GIFT, each folder opened by a `$CATEGORY:` line with its full name, so that importing the
    file into a category of the same name (here or in Moodle) gives the same folders back.

    A question GIFT cannot express (an ordering question, essay guidance, ...) or whose key
    cannot be read is left out, not written as something else; the file says which, and why."""
    questions = question_bank_list(
        course_id=course.pk, category=category, subcategories=subcategories
    ).only(
        "pk",
        "name",
        "text",
        "text_format",
        "general_feedback",
        "key",
        "polymorphic_ctype_id",
        "category__name",
    )
    written: list[specs.QuestionData] = []
    skipped: list[tuple[str, str]] = []
    for question in questions:
        try:
            data = specs.QuestionData(
                name=question.name,
                text=question.text,
                spec=question.spec(),
                text_format=question.text_format,
                general_feedback=question.general_feedback,
                category=question.category.name,
            )
            gift.GiftWriter(data).question()
        except (ValidationError, LookupError, TypeError, ValueError) as exc:
            reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            skipped.append((question.name, reason))
            continue
        written.append(data)
    text = gift.export_gift(written) if written else ""
    if skipped:
        header = [
            _comment(
                ngettext(
                    "%(count)d vraag staat niet in dit bestand, omdat GIFT haar niet kan "
                    "uitdrukken:",
                    "%(count)d vragen staan niet in dit bestand, omdat GIFT ze niet kan "
                    "uitdrukken:",
                    len(skipped),
                )
                % {"count": len(skipped)}
            ),
            *(_comment(f"- ‘{name}’: {reason}") for name, reason in skipped),
        ]
        text = "\n".join(header) + "\n\n" + text
    return GiftExport(text=text, exported=len(written), skipped=tuple(skipped))
