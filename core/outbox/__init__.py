"""The one outbox for every e-mail the site sends (a small Django app, label `outbox`).

A message to a user is one `Notification` row: the notice the site shows, its e-mail, and
the marker that it happened, unique per (user, kind, item, date). An app queues rows
(`services.notifications_insert`, `services.notification_queue`); after the commit the
sender (`tasks.outbox_send`) claims waiting rows, renders each in the recipient's language,
skips the kinds the recipient switched off, sends them over one SMTP connection and marks
them sent, retrying SMTP and database errors with backoff. A resend after a crash carries
the same Message-ID.

The outbox knows no kinds and no users' preferences: the apps above tell it (`hooks`), in
their `AppConfig.ready()`. An app registers a renderer for the kinds it sends; the project
sets the recipient policy (language, muted kinds). Nothing here imports an app above `core`.
"""
