"""lms's admin: privacy (erasing a person, the retention rule's proposals, the audit)."""

from .privacy import admin as _privacy  # noqa: F401  (registers the privacy admin)
