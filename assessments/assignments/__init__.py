"""Open work: assignments, conversation analyses (annotated at moments of a recording) and
reflections; drafts, hand-ins and uploads (checked by content, never served publicly);
rubrics; trainers' reviews, released when the trainer says so, with every grade change
audited; and the grading queue across a trainer's editions.

- `services` — writes: save a draft, hand it in, reopen it; save, release and move reviews;
  create and change rubrics;
- `selectors` — reads: when a learner may work, their submission and released feedback, a
  trainer's reviews and grading queue, the outcomes the course result and gradebook read;
- `forms` — the learner's draft and the trainer's review, with one formset for their moments;
- `rubrics` (plain-text rubrics, scoring), `uploads` (file kinds by content) and
  `transcripts` (moments marked in a transcript): pure;
- `views/learner.py` (the lesson body and its posts), `views/trainer.py` (queue, grading),
  `admin`.
"""
