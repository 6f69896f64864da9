"""Results: the graded-lesson protocol (`gradable`: what every graded lesson type tells the
course result and the gradebook), course results against the course's pass rules
(`services`, recomputed after every grade, attendance or rule change), and the gradebook
per edition with its exports.
"""
