"""Captions (WebVTT) for a video or audio lesson, built from its transcript. Pure: text in,
text out; `views.learner.lesson_captions` serves it for the player's <track>.

A transcript is Markdown: a paragraph per turn, the speaker in bold ("**Anouk:** …"),
optionally with the time the turn starts ("**[00:10] Fatima:** …"). Each turn becomes cues of
at most two short lines, timed from its stated start or, without one, at an easy reading
pace after the previous cue. A heading ends the spoken part ("## Opdracht" below it is for
the learner, not the video).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.text import normalize_newlines

WORDS_PER_SECOND = 2.5  # an easy reading pace (150 words a minute)
MIN_SECONDS = 1.5
MAX_CUE_CHARS = 84  # two lines of about 42 characters

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SPEAKER = re.compile(r"^\*\*(?P<label>[^*]+?)\s*:?\s*\*\*\s*:?\s*")
_TIME = re.compile(r"^\[(?:(?P<h>\d{1,2}):)?(?P<m>\d{1,3}):(?P<s>[0-5]\d)\]\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str
    speaker: str = ""


def _seconds(match: re.Match) -> int:
    return int(match["h"] or 0) * 3600 + int(match["m"]) * 60 + int(match["s"])


def _turn(paragraph: str) -> tuple[int | None, str, str]:
    """(stated start, speaker, text) of one paragraph."""
    text = " ".join(paragraph.split())
    speaker, start = "", None
    found = _TIME.match(text)
    if found:
        start, text = _seconds(found), text[found.end() :]
    bold = _SPEAKER.match(text)
    if bold:
        speaker, text = bold["label"], text[bold.end() :]
        found = _TIME.match(speaker)
        if found:
            start, speaker = _seconds(found), speaker[found.end() :]
    return start, speaker.strip(), _EMPHASIS.sub("", text).strip()


def _chunks(text: str) -> list[str]:
    """Whole sentences, together as long as they fit in a cue; a longer sentence by words."""
    chunks: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        pieces = [sentence]
        if len(sentence) > MAX_CUE_CHARS:
            pieces, line = [], ""
            for word in sentence.split():
                if line and len(line) + 1 + len(word) > MAX_CUE_CHARS:
                    pieces.append(line)
                    line = word
                else:
                    line = f"{line} {word}".strip()
            pieces.append(line)
        for piece in pieces:
            if chunks and len(chunks[-1]) + 1 + len(piece) <= MAX_CUE_CHARS:
                chunks[-1] = f"{chunks[-1]} {piece}"
            else:
                chunks.append(piece)
    return [chunk for chunk in chunks if chunk]


def _fit(cues: list[Cue], since: int, start: float, end: float) -> None:
    """Squeeze cues[since:] (from `start`) so that they end by `end`: the stated time of
    the next turn wins over the reading pace."""
    length = (cues[-1].end - start) if len(cues) > since else 0.0
    if length <= end - start or length <= 0:
        return
    scale = (end - start) / length
    for index in range(since, len(cues)):
        cue = cues[index]
        cues[index] = Cue(
            start + (cue.start - start) * scale,
            start + (cue.end - start) * scale,
            cue.text,
            cue.speaker,
        )


def cues_from_transcript(transcript: str) -> list[Cue]:
    cues: list[Cue] = []
    clock = 0.0
    anchor, anchor_index = 0.0, 0  # the last stated time and its first cue
    for paragraph in _PARAGRAPH_BREAK.split(normalize_newlines(transcript or "").strip()):
        if paragraph.lstrip().startswith("#"):
            break
        start, speaker, text = _turn(paragraph)
        if not text:
            continue
        if start is not None and start >= anchor:
            _fit(cues, anchor_index, anchor, float(start))
            anchor, anchor_index = float(start), len(cues)
            clock = float(start)
        for chunk in _chunks(text):
            seconds = max(MIN_SECONDS, len(chunk.split()) / WORDS_PER_SECOND)
            cues.append(Cue(clock, clock + seconds, chunk, speaker))
            clock += seconds
    return cues


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(cues: list[Cue]) -> str:
    """The cues as a WebVTT file; a speaker is a voice tag (<v Anouk>), which players show."""
    blocks = ["WEBVTT"]
    for number, cue in enumerate(cues, start=1):
        text = _escape(cue.text)
        if cue.speaker:
            text = f"<v {_escape(cue.speaker)}>{text}"
        blocks.append(f"{number}\n{_timestamp(cue.start)} --> {_timestamp(cue.end)}\n{text}")
    return "\n\n".join(blocks) + "\n"
