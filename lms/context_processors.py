from courses.access import is_administrator


def navigation(request) -> dict:
    """What the main menu shows. Each answer costs at most one query, and only when asked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    cache: dict[str, bool] = {}

    def learns() -> bool:
        if "learns" not in cache:
            cache["learns"] = user.enrollments.exists()
        return cache["learns"]

    def teaches() -> bool:
        if "teaches" not in cache:
            cache["teaches"] = is_administrator(user) or user.teaching_editions.exists()
        return cache["teaches"]

    return {"nav": {"is_admin": is_administrator(user), "learns": learns, "teaches": teaches}}
