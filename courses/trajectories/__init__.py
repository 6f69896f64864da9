"""Erkend Talent trajectories: an enrolment that is part of a re-integration trajectory,
paid by a funder (UWV, a municipality's social services, an employer) and guided by a job
coach.

An administrator records the trajectory on the enrolment (`Trajectory`). The job coach sees
nothing until the learner gives consent on their settings page; then the job coach's
account is linked by e-mail (made without a password if there is none, and invited to
choose one through `courses.invitations`), and they follow that one learner's progress,
attendance and results, read only. The learner revokes consent at any time, which ends the
access at once; a new job coach address ends it too (consent was given to a person). Every
change is kept as a `TrajectoryConsent`: in the learner's data export, erased with them.

`selectors` reads (who may follow whom), `services` writes, `forms` parses input.
"""
