"""A conversation's transcript with the learner's annotated moments marked in it.

Pure: text and annotations in, paragraphs of pieces out, for the template
`assessments/partials/transcript.html` to show (escaped, each marked piece a <mark> with an
anchor the table of annotations links to). A quote is marked where it first occurs (from the
start of the text, not overlapping an earlier mark); a quote that is not in the transcript,
or that spans paragraphs, is left to the table of annotations beside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.text import normalize_newlines

_PARAGRAPH_BREAK = re.compile(r"\n{2,}")


@dataclass(frozen=True)
class Moment:
    quote: str
    label: str  # e.g. "bang – de klant klinkt onzeker"
    anchor: str  # the id of the mark, so the table can link to it


@dataclass(frozen=True)
class Piece:
    text: str
    moment: Moment | None = None  # the moment this piece is marked for, if any


@dataclass(frozen=True)
class Transcript:
    paragraphs: list[list[Piece]]
    placed: set[str]  # the anchors of the moments that were marked


def mark_moments(text: str, moments: Sequence[Moment]) -> Transcript:
    """The transcript in paragraphs (split where a blank line is, as `linebreaks` does), each
    a list of plain and marked pieces."""
    text = normalize_newlines(text).strip("\n")
    spans: list[tuple[int, int, Moment]] = []
    for moment in moments:
        quote = normalize_newlines(moment.quote).strip()
        if not quote or "\n\n" in quote:
            continue
        start = text.find(quote)
        while start != -1 and any(s < start + len(quote) and start < e for s, e, _m in spans):
            start = text.find(quote, start + 1)
        if start != -1:
            spans.append((start, start + len(quote), moment))
    spans.sort(key=lambda span: span[0])
    paragraphs: list[list[Piece]] = []
    offset = 0
    for block in _PARAGRAPH_BREAK.split(text) if text else []:
        begin = text.index(block, offset)
        end = offset = begin + len(block)
        pieces, position = [], begin
        for start, stop, moment in spans:
            if start >= begin and stop <= end:
                if start > position:
                    pieces.append(Piece(text[position:start]))
                pieces.append(Piece(text[start:stop], moment))
                position = stop
        if position < end:
            pieces.append(Piece(text[position:end]))
        paragraphs.append(pieces)
    return Transcript(paragraphs=paragraphs, placed={moment.anchor for _s, _e, moment in spans})
