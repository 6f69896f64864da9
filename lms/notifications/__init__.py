"""Notices, e-mails and calendar feeds that bring the schedule to learners and trainers.

`services` holds the periodic jobs and the outbox, `selectors` the bulk reads they share,
`messages` the texts, `tasks` the Celery wrappers (queue `notifications`), `receivers` the
reactions to other apps' signals.
"""
