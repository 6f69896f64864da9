"""Results: the graded-lesson protocol (`gradable`: what every graded lesson type tells the
course result and the gradebook), the course's pass rules (`rules`, pure), each learner's
rules read in bulk (`selectors`) and stored as a course result (`services`, recomputed after
every grade, attendance or rule change), and the gradebook per edition with its exports.
"""
