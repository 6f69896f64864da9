"""Sign-ups from the public course page, the administrator's queue and the waiting list.

A visitor reads a course's public page (built from its data: modules, dagdelen, each open
edition's days, venues and places left, the price, what passing gives) and signs up one or
more people for an edition. Each person is a `SignUp`; what was sent once with the form (who
sent it, organisation, invoice details, remarks) is its `SignUpSubmission`. The person who
sent it gets a confirmation, and every later message about it, through the one outbox: the
outbox writes to users, so they get an account without a password (as the CSV import gives
learners), which nothing but an enrolment turns into a way in.

An administrator accepts a sign-up (the learner's account if needed, the enrolment, and the
invitation to choose a password: `courses.invitations`), rejects it with a reason that is
e-mailed, or puts it on the edition's waiting list. Sign-ups for a full edition go on the
waiting list at once. When a place frees (an enrolment is withdrawn, the capacity grows), the
first on the list is offered it by e-mail and has `LMS_SIGNUP_OFFER_DAYS` days to take it
through a link; an offer that lapses passes to the next. Offered places are held: nobody else
is accepted into them meanwhile.

Capacity is never exceeded: every write that takes a place locks the edition's row first
(`select_for_update`), counts under that lock, and only then enrols.

`selectors` reads, `services` writes, `emails` writes the messages, `forms` parses input.
"""
