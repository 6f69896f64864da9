"""Privacy (AVG): a person downloads what the system holds about them, an administrator
erases a person, and people past the retention term are proposed for erasure.

Each app publishes its own part in its `privacy` module (`personal_data`, `files`,
`erasure_summary`, `erase`); lms assembles the export (`export`), orchestrates an erasure
in the order the foreign keys need (`erasure`) and runs the retention rule (`retention`).
"""
