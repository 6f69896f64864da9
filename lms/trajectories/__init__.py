"""Erkend Talent trajectories in the project: the learner's consent page, the job coach's
pages (one learner's progress per module, attendance per classroom day and results, read
only, while consent runs), the administrator's pages and the report per funder.

The trajectory, its consent and who may follow whom live in `courses.trajectories`; results
live above courses, which is why the job coach's pages are here.
"""
