from django.dispatch import Signal

# Sent after a learner's result may have changed (an attempt was graded or regraded).
# Arguments: enrollment_id, attempt_id.
result_changed = Signal()
