"""Log in with a username or an e-mail address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .selectors import user_by_pk


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            User = get_user_model()
            user = (
                User._default_manager.filter(email__iexact=username.strip()).order_by("pk").first()
            )
            if user is not None:
                username = user.get_username()
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        """The logged-in user of every request: by key, with SQL compiled once per process."""
        user = user_by_pk(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
