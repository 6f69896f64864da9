"""The forms of open work: moments written as times, the one formset of blank moment rows
(the learner's annotations and the trainer's comments), and the grading queue's filters."""

import pytest
from django.http import QueryDict

from assessments.assignments.forms import (
    AnnotationFormSet,
    CommentFormSet,
    QueueFilterForm,
    format_time,
    parse_time,
)
from assessments.models import AnnotationCategory


@pytest.mark.parametrize(
    ("written", "seconds"),
    [("1:24", 84), (" 0:05 ", 5), ("1:02:03", 3723), ("90", 90), ("", None), ("  ", None)],
)
def test_a_moment_is_written_as_minutes_and_seconds_or_seconds(written, seconds):
    assert parse_time(written) == seconds


@pytest.mark.parametrize("written", ["kwart over", "1:60", "1:60:00", "1:2", "-5"])
def test_anything_else_is_not_a_time(written):
    with pytest.raises(ValueError):
        parse_time(written)


def test_a_moment_reads_back_as_it_is_written():
    assert [format_time(s) for s in (None, 5, 84, 3723)] == ["", "0:05", "1:24", "1:02:03"]


def test_blank_rows_are_skipped_and_a_bad_time_names_its_row():
    formset = CommentFormSet(
        QueryDict(
            "comment-TOTAL_FORMS=3&comment-INITIAL_FORMS=0"
            "&comment-0-time=+&comment-0-note=+"  # blank, once stripped
            "&comment-1-time=1:24&comment-1-note=Mooi"
            "&comment-2-time=kwart+over&comment-2-note=Hier"
        ),
        prefix="comment",
    )
    assert not formset.is_valid()
    assert formset.messages() == [
        "Opmerking 3: schrijf de tijd als minuten:seconden, bijvoorbeeld 1:24."
    ]
    fixed = CommentFormSet(
        QueryDict(
            "comment-TOTAL_FORMS=3&comment-INITIAL_FORMS=0"
            "&comment-1-time=1:24&comment-1-note=Mooi&comment-2-quote=boos&comment-2-note=Hier"
        ),
        prefix="comment",
    )
    assert fixed.is_valid()
    assert [(row["time"], row["quote"], row["note"]) for row in fixed.rows()] == [
        (84, "", "Mooi"),
        (None, "boos", "Hier"),
    ]


def test_rows_posted_without_the_management_form_are_read_as_the_fixed_rows():
    """The beacon of a closing page and a page opened before the formset posted the rows
    without it: they are still read, never refused."""
    formset = AnnotationFormSet(
        QueryDict("new-0-time=0:10&new-0-note=Boos"), prefix="new", form_kwargs={}
    )
    assert formset.is_valid()
    assert [(row["time"], row["note"]) for row in formset.rows()] == [(10, "Boos")]
    texts_only = AnnotationFormSet(QueryDict("text=Hallo"), prefix="new", form_kwargs={})
    assert texts_only.is_valid() and texts_only.rows() == []


def test_an_annotation_takes_only_a_category_from_the_list():
    categories = [
        AnnotationCategory(pk=1, kind="emotion", name="boos"),
        AnnotationCategory(pk=2, kind="technique", name="samenvatten"),
    ]
    posted = QueryDict("new-0-time=0:10&new-0-category=2&new-1-time=0:20&new-1-category=99")
    formset = AnnotationFormSet(posted, prefix="new", form_kwargs={"categories": categories})
    assert not formset.is_valid()
    assert formset.messages() == ["Kies een categorie uit de lijst."]
    assert formset.forms[0].cleaned_data["category"] == 2
    html = str(formset.forms[0]["category"])
    assert '<optgroup label="Emoties">' in html and '<option value="2" selected>' in html


def test_the_queue_filters_ignore_what_is_not_a_filter():
    assert QueueFilterForm(QueryDict("edition=4&assignment=x&state=bogus")).filters() == {
        "edition": 4,
        "assignment": None,
        "state": "waiting",
    }
    assert QueueFilterForm(QueryDict("assignment=7&state=all")).filters() == {
        "edition": None,
        "assignment": 7,
        "state": "all",
    }
