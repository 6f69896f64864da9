"""The path that migration 0004 names for `GradedLesson`; the protocol lives in
`assessments.results.gradable`. Kept only for the migration history: import from there."""

from .results.gradable import GradedLesson

__all__ = ["GradedLesson"]
