from django.dispatch import Signal

# Sent after classroom sessions moved. Arguments: edition, session, changes
# (a list of courses.schedule.DateChange for the lessons whose dates moved).
session_moved = Signal()

# Sent after a learner marked a lesson done. Arguments: enrollment, lesson.
lesson_completed = Signal()

# Sent after attendance was registered. Arguments: session, enrollments.
attendance_changed = Signal()

# Sent when a learner gave their job coach consent (inside its transaction). Arguments:
# trajectory (with its coach), invited (whether the coach got an invitation to choose a
# password, which says where to log in already).
trajectory_consent_given = Signal()
