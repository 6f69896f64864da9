"""Log in with a username or an e-mail address; a reset that invites who has no password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import PasswordResetForm

from courses import invitations

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


class InvitingPasswordResetForm(PasswordResetForm):
    """ "Wachtwoord vergeten" for everyone who was enrolled: Django's reset mail for accounts
    with a password, and for an account that never had one (enrolled by an administrator, the
    invitation not used) a new invitation instead, which Django's form would skip without a
    word. The page answers the same either way, and for an unknown address too."""

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        email = self.cleaned_data["email"]
        User = get_user_model()
        for user in User._default_manager.filter(email__iexact=email, is_active=True):
            if invitations.needs_invitation(user):
                invitations.invitation_send(user=user, pause=invitations.RESEND_PAUSE)
