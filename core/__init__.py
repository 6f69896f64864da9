"""The small generic pieces below every app: not a domain, and not a Django app.

- `compiled` — queries compiled to SQL once per process (selectors and access rules only);
- `bulk` — set-based writes with one signature over PostgreSQL and SQLite;
- `fragments` — rendered page fragments cached until their data changes or a date passes;
- `files` — protected file responses (uploads are never served from a public URL);
- `rendering` — Markdown to sanitised HTML;
- `cache` — the Redis cache backend;
- `tasks` — the base of every Celery task (retries of transient errors, time limits);
- `outbox` — the one outbox for all e-mail: a small Django app (label `outbox`) of its own.

Nothing here imports `courses`, `assessments`, `certificates` or `lms`.
"""
