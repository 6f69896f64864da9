"""Conversations between a learner and the trainers of their edition: one per enrolment.

`models` holds the conversation, its messages and each reader's read mark (re-exported from
`lms.models`); `about` the kinds of work a message can be about (released feedback, a
coaching note); `selectors` the access rule, the pages' reads and the unread counts of the
menu; `services` sending and reading; `views` and `forms` the pages. A new message gives its
recipients a notice, and an e-mail through the outbox as they chose (`lms.notifications`).
"""
