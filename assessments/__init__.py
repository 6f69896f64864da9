"""Assessments: everything a learner is tested and graded on, in one Django app.

The app is laid out in areas, each with its writes in `services.py` and its reads in
`selectors.py`; views, forms, admin and tasks stay thin:

- `questions/` — the question bank: answer keys, GIFT import and export, and the
  question-type registry (one class per type; built-in and third-party types alike);
- `quizzes/` — quizzes and the exam: attempts started, saved, handed in and graded by a
  worker exactly once, regrades, the pure grading core, essay review, the attempt pages;
- `assignments/` — open work: assignments, conversation analyses and reflections,
  submissions and uploads, rubrics, trainers' reviews and the grading queue;
- `results/` — the graded-lesson protocol every graded lesson type answers, course results
  against the pass rules, and the gradebook;
- `models/` — every model, re-exported (`from assessments.models import Quiz`).

Dependencies point down: `results` knows graded lessons only through the protocol
(`results.gradable`), and models import no views, services or tasks (checked by the import
contracts in pyproject.toml). Types plug in through `AppConfig.ready()`.
"""
