"""A conversation's transcript as HTML with the learner's annotated moments marked in it.

Pure: text and annotations in, safe HTML out. Every piece of learner text is escaped; a
quote is marked where it first occurs (from the start of the text, not overlapping an
earlier mark); a quote that is not in the transcript, or that spans paragraphs, is left to
the table of annotations beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Moment:
    quote: str
    label: str  # e.g. "bang – de klant klinkt onzeker"
    anchor: str  # the id of the mark, so the table can link to it


def transcript_html(text: str, moments: Sequence[Moment]) -> tuple[SafeString, set[str]]:
    """The transcript with <mark> around each moment's quote, and the anchors that were placed."""
    spans: list[tuple[int, int, Moment]] = []
    for moment in moments:
        quote = moment.quote.strip()
        if not quote or "\n\n" in quote:
            continue
        start = text.find(quote)
        while start != -1 and any(s < start + len(quote) and start < e for s, e, _m in spans):
            start = text.find(quote, start + 1)
        if start != -1:
            spans.append((start, start + len(quote), moment))
    spans.sort(key=lambda span: span[0])
    pieces: list[str] = []
    position = 0
    for start, end, moment in spans:
        pieces.append(escape(text[position:start]))
        pieces.append(
            f'<mark id="{escape(moment.anchor)}" title="{escape(moment.label)}">'
            f"{escape(text[start:end])}</mark>"
        )
        position = end
    pieces.append(escape(text[position:]))
    html = linebreaks("".join(pieces), autoescape=False)
    return mark_safe(html), {moment.anchor for _s, _e, moment in spans}  # noqa: S308
