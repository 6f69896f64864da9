"""Open work: assignments, conversation analyses (annotated at moments of a recording) and
reflections; drafts, hand-ins and uploads (checked by content, never served publicly);
rubrics; trainers' reviews, released when the trainer says so, with every grade change
audited; and the grading queue across a trainer's editions.
"""
