"""The report of a seed run, with the demo password and logins it prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from .data import LOGINS

DEMO_PASSWORD = "demo"
GENERATED_PREFIX = "learner"


def generated_username(number: int) -> str:
    return f"{GENERATED_PREFIX}{number:04d}"


@dataclass
class DemoReport:
    """What a run of the seed made; existing rows are not counted."""

    created: Counter = field(default_factory=Counter)
    learners_added: int = 0
    learners_total: int = 0
    base_url: str = ""

    def add(self, label: str, n: int = 1) -> None:
        if n:
            self.created[label] += n

    def as_text(self) -> str:
        lines = ["Demo-gegevens voor de Leeromgeving zijn klaar."]
        if self.created:
            made = ", ".join(f"{n} {label}" for label, n in self.created.items())
            lines.append(f"Nieuw aangemaakt: {made}.")
        else:
            lines.append("Niets nieuws aangemaakt: alles stond er al.")
        if self.learners_total:
            lines.append(
                f"Gegenereerde cursisten: {self.learners_added} nieuw, "
                f"{self.learners_total} in totaal ({GENERATED_PREFIX}0001 …)."
            )
        lines += ["", f"Inloggen op {self.base_url}  (wachtwoord: {DEMO_PASSWORD})", ""]
        width = max(len(generated_username(1)), *(len(name) for name, _ in LOGINS)) + 2
        lines.append(f"  {'gebruiker':<{width}}{'wachtwoord':<12}wie")
        for username, role in LOGINS:
            lines.append(f"  {username:<{width}}{DEMO_PASSWORD:<12}{role}")
        if self.learners_total:
            lines.append(
                f"  {generated_username(1):<{width}}{DEMO_PASSWORD:<12}"
                f"gegenereerde cursist (t/m {generated_username(self.learners_total)})"
            )
        lines += [
            "",
            "Een wachtwoord wordt alleen gezet als de gebruiker nieuw is.",
        ]
        return "\n".join(lines) + "\n"


class PasswordHash:
    """Hash the demo password once per run, and only when a user is actually created."""

    def __init__(self) -> None:
        self._hash: str | None = None

    def __call__(self) -> str:
        if self._hash is None:
            self._hash = make_password(DEMO_PASSWORD)
        return self._hash
