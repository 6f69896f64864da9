"""Client organisations (gemeenten): their contact persons, and the invoicing of their
employees' enrolments. The contact persons' own pages live in `lms.organisations` (they show
results and certificates, which live above this app)."""
