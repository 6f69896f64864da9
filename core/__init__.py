"""The small generic pieces below every app: not a domain, and not a Django app.

- `compiled` — queries compiled to SQL once per process (selectors and access rules only);
- `bulk` — set-based writes with one signature over PostgreSQL and SQLite;
- `fragments` — rendered page fragments cached until their data changes or a date passes;
- `files` — protected file responses (uploads are never served from a public URL);
- `rendering` — Markdown to sanitised HTML;
- `cache` — the Redis cache backend.

Nothing here imports `courses`, `assessments`, `certificates` or `lms`.
"""
