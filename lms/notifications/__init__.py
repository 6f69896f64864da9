"""Notices, e-mails and calendar feeds that bring the schedule to learners and trainers.

`services` holds the periodic jobs and the user's settings, `selectors` the bulk reads they
share (and the outbox's recipient policy), `messages` the texts, `tasks` the Celery wrappers
(queue `notifications`), `receivers` the reactions to other apps' signals. The messages
themselves are rows of the outbox in `core` (`core.outbox`), which sends every e-mail.
"""
