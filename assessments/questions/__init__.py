"""The question bank and the question types.

- `registry`, `types` — the one registry of question types (filled in `AppConfig.ready()`)
  and `QuestionType`, the class that carries everything about one type: its key as JSON and
  its checks, its score, its GIFT form, its attempt-form inputs and widget template
  (`templates/assessments/questions/<kind>.html`), its review text. Every other part asks
  the registry instead of switching on a type's name;
- `builtin/` — the shipped types, registered like a third party's;
- `specs` — answer keys as plain values; `display` — question texts as safe HTML;
  `fields` — the attempt form's field, widget and template renderer for every type;
- `gift` — GIFT's lexical rules (pure); `services` — importing and exporting a category,
  changes by hand, an exam's places, each checked against `can_author` and audited;
  `selectors` — which exams a change reaches, and the bank as trainers browse it; `views`,
  `forms` — the author's upload page; `bank_views`, `bank_forms` — the bank for the course's
  trainers and authors: browse, preview as a learner sees it, download a category as GIFT.
"""
