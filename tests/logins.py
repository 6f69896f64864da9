"""Logging in as a person does: through the login form (Django's `Client.login` skips the
request that django-axes needs to count a try)."""

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse


def log_in(client: Client, username: str, password: str, **extra) -> bool:
    """Post the login form; True when the client now holds a logged-in session."""
    client.post(reverse("login"), {"username": username, "password": password}, **extra)
    return SESSION_KEY in client.session
