"""Part 3 of bench/grading.py over HTTP: learners' browsers starting the exam, as a browser
does it (session and CSRF cookies; the lesson page, POST start, the attempt page, then the
save attempt.js makes when the first question is answered: that question's inputs, read
from the page; before attempt.js sent only changed questions it sent the whole form), all driven from one thread by `bench.harness.httpload`. No Django in this process."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlencode

from bench.harness import HOST
from bench.harness.httpload import run_flows

_FORM = re.compile(r"<form\b[^>]*\bdata-autosave\b[^>]*>")
_TAG = re.compile(
    r"<input\b([^>]*)>|<select\b([^>]*)>(.*?)</select>|<textarea\b([^>]*)>(.*?)</textarea>", re.S
)
_ATTRIBUTE = re.compile(r'([\w-]+)(?:="([^"]*)")?')
# Our own markup: <option value="…"> with " selected" right after the value when chosen.
_OPTION = re.compile(r'<option value="([^"]*)"( selected)?>')


def _attributes(text: str) -> dict[str, str]:
    return {
        name: unescape(value) if "&" in value else value for name, value in _ATTRIBUTE.findall(text)
    }


@dataclass
class _FormFields:
    """The attempt form's inputs and selects' options as a browser sees them. Read with
    regular expressions, not an HTML parser: the load generator shares the machine with the
    server it measures, so it must cost little (our own page, whose markup we know)."""

    inputs: list[dict] = field(default_factory=list)
    selects: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def read(cls, page: str) -> _FormFields:
        form = cls()
        found = _FORM.search(page)
        body = page[found.end() : page.find("</form>", found.end())] if found else ""
        for match in _TAG.finditer(body):
            if match.group(1) is not None:
                form.inputs.append(_attributes(match.group(1)))
            elif match.group(2) is not None:
                name = _attributes(match.group(2)).get("name", "")
                options = _OPTION.findall(match.group(3))  # (value, " selected" or "")
                form.selects[name] = [unescape(value) for value, _selected in options]
        return form


def autosave_fields(page: str) -> list[tuple[str, str]]:
    """What attempt.js sends when the learner answers the first question: the inputs of the
    questions changed since the last save (here the first one) and its `present` marker, set
    as in `first_answer_fields`."""
    return first_answer_fields(page)


def first_answer_fields(page: str, form: _FormFields | None = None) -> list[tuple[str, str]]:
    """The form fields that answer the page's first question, read from its HTML (field names
    as assessments/views_attempts.py writes them): the first radio or checkbox, a number or
    a word in a text field, a choice in every select and a place each for ordering."""
    form = form or _FormFields.read(page)
    position = next(f["value"] for f in form.inputs if f.get("name") == "present")
    name = f"q{position}"
    fields = [("present", position)]
    for given in form.inputs:
        if given.get("name") == name and given.get("type") in {"radio", "checkbox"}:
            return [*fields, (name, given["value"])]
        if given.get("name") == name and given.get("type") == "text":
            word = "5" if given.get("inputmode") == "decimal" else "samenvatten"
            return [*fields, (name, word)]
    rows = sorted(
        (row for row in form.selects if row.startswith(f"{name}-")),
        key=lambda row: int(row.rsplit("-", 1)[1][1:]),
    )
    for place, row in enumerate(rows, start=1):
        ordering = row.startswith(f"{name}-o")
        fields.append((row, str(place) if ordering else form.selects[row][1]))
    return fields


class Learner:
    """One learner's logged-in browser as the exam starts (session and CSRF cookies, the form
    posted as the page's script posts it), a step at a time: driven by `exam_wave`, which runs
    every learner's requests at once from one thread, so that the load generator costs little
    next to the server it measures."""

    def __init__(self, session_key: str, edition_id: int, exam_id: int) -> None:
        self.csrf = secrets.token_hex(16)  # 32 characters: a CSRF secret Django accepts as is
        self.cookie = f"sessionid={session_key}; csrftoken={self.csrf}"
        self.lesson = f"/learn/{edition_id}/lessons/{exam_id}/"
        self.start = f"/learn/{edition_id}/quizzes/{exam_id}/start/"
        self.seconds: list[float] = []

    def request(self, method: str, path: str, fields=None, extra: str = "") -> bytes:
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nX-Forwarded-Proto: https\r\n"
            f"Origin: https://{HOST}\r\nCookie: {self.cookie}\r\nConnection: close\r\n{extra}"
        )
        if fields is None:
            return f"{head}\r\n".encode()
        body = urlencode([("csrfmiddlewaretoken", self.csrf), *fields]).encode()
        head += (
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        return head.encode() + body

    def visit(self):
        """The exam's lesson page, where the learner presses Start (not timed)."""
        status, _location, text = yield self.request("GET", self.lesson)
        _expect(status, 200, "lesson page", text)

    def exam(self):
        """Start the exam, open the attempt, answer the first question (attempt.js saves that
        question in the background, 200 with the seconds left); the seconds of the three requests in `seconds`."""
        status, attempt_url, text = yield self.request("POST", self.start, [])
        _expect(status, 302, "start", text)
        status, _location, page = yield self.request("GET", attempt_url)
        _expect(status, 200, "attempt page", page)
        fields = autosave_fields(page)
        status, _location, text = yield self.request(
            "POST", attempt_url, fields, "X-Requested-With: fetch\r\n"
        )
        _expect(status, 200, "save", text)


def _expect(status: int, wanted: int, what: str, text: str) -> None:
    if status != wanted:
        raise RuntimeError(f"{what}: HTTP {status} {' '.join(text.split())[:200]}")


def exam_wave(port: int, learners: list[Learner], step: str) -> dict:
    """Run `step` ("visit" or "exam") of every learner at the same moment: each sends its first
    request at once and the next as soon as the previous answer is read, from one thread with
    non-blocking sockets. Each request is timed from its connect to its last byte; the times
    are added to each learner's `seconds`."""
    result = run_flows(port, [getattr(learner, step)() for learner in learners])
    for learner, seconds in zip(learners, result.pop("seconds"), strict=True):
        learner.seconds.extend(seconds)
    return result


def alone(port: int, session_key: str, ids: dict) -> list[float]:
    """One learner's lesson page and exam start with no one else on the server."""
    learner = Learner(session_key, **ids)
    for step in ("visit", "exam"):
        learner.seconds.clear()
        wave = exam_wave(port, [learner], step)
        if wave["errors"]:
            raise RuntimeError(wave["errors"][0])
    return learner.seconds


def exam_over_http(port: int, edition_id: int, exam_id: int, sessions: list[str]) -> dict:
    """Each learner first opens the exam's lesson page (untimed, all at once: as in a classroom
    where everyone waits on that page), then all start at the same moment."""
    learners = [Learner(key, edition_id, exam_id) for key in sessions]
    visited = exam_wave(port, learners, "visit")
    if visited["errors"]:
        return {"timings": [], **visited}
    for learner in learners:
        learner.seconds.clear()
    result = exam_wave(port, learners, "exam")
    result["timings"] = [learner.seconds for learner in learners if len(learner.seconds) == 3]
    return result
