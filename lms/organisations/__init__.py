"""A client organisation's contact persons: their page with the organisation's employees
(enrolments, progress per module, attendance per classroom day, results, certificates),
reports on request, and the monthly e-mail. The organisations and contacts themselves are
`courses` models; results and certificates, which these pages show, live above `courses`."""
