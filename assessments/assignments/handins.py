"""All hand-ins of an assignment in an edition as one zip, for a trainer who reads offline:
per learner and version a folder with the files as handed in and a readable text file with
the written work, the answers and the annotations (from a template)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath

from django.template.loader import render_to_string
from django.utils.text import slugify

from ..models import Assignment, ConversationAnalysis, SubmissionVersion
from .forms import format_time

TEXT_TEMPLATE = "assessments/grading/handin.txt"


def _learner_folder(version: SubmissionVersion) -> str:
    enrollment = version.submission.enrollment
    learner = enrollment.learner
    name = slugify(learner.get_full_name() or learner.get_username()) or "cursist"
    return f"{name}-{enrollment.pk}"


def _file_name(name: str, taken: set[str]) -> str:
    """The file's own name, without folders, made unique within its version's folder."""
    base = PurePath(name.replace("\\", "/")).name or "bestand"
    candidate, n = base, 1
    while candidate in taken or candidate == "inzending.txt":
        n += 1
        stem, dot, suffix = base.rpartition(".")
        candidate = f"{stem}-{n}.{suffix}" if dot else f"{base}-{n}"
    taken.add(candidate)
    return candidate


def handin_members(
    *, assignment: Assignment, versions: list[SubmissionVersion]
) -> Iterator[tuple[str, object]]:
    """(name in the zip, stored file or bytes) for every version: "<learner>-<id>/versie-<n>/"."""
    questions = assignment.questions() if isinstance(assignment, ConversationAnalysis) else []
    for version in versions:
        folder = f"{_learner_folder(version)}/versie-{version.number}"
        learner = version.submission.enrollment.learner
        answers = version.answers or []
        files = list(version.files.all())
        text = render_to_string(
            TEXT_TEMPLATE,
            {
                "assignment": assignment,
                "learner_name": learner.get_full_name() or learner.get_username(),
                "version": version,
                "answers": [
                    {"question": q, "answer": answers[i] if i < len(answers) else ""}
                    for i, q in enumerate(questions)
                ],
                "annotations": [
                    {**a, "time": format_time(a.get("at_seconds"))}
                    for a in version.annotations or []
                ],
                "files": files,
            },
        )
        yield f"{folder}/inzending.txt", text.encode("utf-8")
        taken: set[str] = set()
        for stored in files:
            yield f"{folder}/{_file_name(stored.name, taken)}", stored.file
