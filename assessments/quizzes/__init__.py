"""Quizzes and the exam.

- `services` — start, save and hand in attempts, grade them exactly once (worker), close
  those whose time ran out, sweep what a lost message left ungraded;
- `selectors` — what a learner may do with a quiz now, attempts and outcomes;
- `regrade` — re-score attempts after a wrong key; `essays` — a trainer's review of essay
  answers;
- `grading` — the pure core: score a response, total an attempt, apply a grading method;
- `forms` — the attempt form: one field per question, from its type;
- `views/learner.py` (attempt pages), `views/trainer.py` (essay review), `tasks`, `admin`.
"""
