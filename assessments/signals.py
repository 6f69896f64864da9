from django.dispatch import Signal

# Sent after a learner's result may have changed (an attempt was graded or regraded).
# Arguments: enrollment_id, attempt_id, and (when known) counts_for_result: whether the quiz
# is one of the course's pass rules.
result_changed = Signal()

# Sent after an enrolment's CourseResult was recomputed and something in it changed (passed,
# a rule's state). Arguments: enrollment_id, passed (bool), previous_passed (bool | None).
# Certificates listen to this one.
course_result_changed = Signal()

# Sent after a trainer released feedback to learners (one review or a bulk release).
# Arguments: submission_ids (list of assessments.Submission primary keys).
feedback_released = Signal()
