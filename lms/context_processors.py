from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from courses.access import is_administrator
from courses.models import Edition, Enrollment


def navigation(request) -> dict:
    """What the main menu shows: one query for both roles, and only when the menu asks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    roles: dict[str, bool] = {}

    def load() -> dict[str, bool]:
        if not roles:
            row = (
                get_user_model()
                .objects.filter(pk=user.pk)
                .annotate(
                    learns=Exists(Enrollment.objects.filter(learner=OuterRef("pk"))),
                    teaches=Exists(Edition.trainers.through.objects.filter(user_id=OuterRef("pk"))),
                )
                .values("learns", "teaches")
                .first()
            ) or {"learns": False, "teaches": False}
            roles.update(row)
        return roles

    admin = is_administrator(user)
    return {
        "nav": {
            "is_admin": admin,
            "learns": lambda: load()["learns"],
            "teaches": lambda: admin or load()["teaches"],
        }
    }
