from django.dispatch import Signal

# Sent after classroom sessions moved. Arguments: edition, session, changes
# (a list of courses.schedule.DateChange for the lessons whose dates moved).
session_moved = Signal()

# Sent after a learner marked a lesson done. Arguments: enrollment, lesson.
lesson_completed = Signal()

# Sent after attendance was registered. Arguments: session, enrollments.
attendance_changed = Signal()
