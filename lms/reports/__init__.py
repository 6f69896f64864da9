"""Reports about a set of enrolments over a period: the figures (`data`), an XLSX with one
row per enrolment (`xlsx`) and a PDF summary with charts (`pdf`), made by a Celery task
with a progress indicator (`services`, `tasks`, `views`).

A report is about a *scope*: a kind of group of enrolments with a key, registered in
`scopes` (an organisation's employees here; a funder's trajectories can be another). The
report code itself takes a queryset of enrolments and a period; it knows no organisation."""
