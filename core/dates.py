"""Dates and times as the site writes them: one set of styles for every page, e-mail and file.

In Dutch: "dinsdag 8 december 2026", "8 december 2026, 09:00", "8 dec. 2026". Day and month
names come from Django's translations, so an English page reads "Tuesday 8 December 2026". The
abbreviated month is ours ("dec.", "mrt.", "mei"; English "Dec.", "Mar.", "May"): Django's `M`
capitalises ("Dec", "Okt") and reads as English on a Dutch page, and its Dutch `N` drops the
full stop.

Aware datetimes are shown in the site's time zone; plain dates are shown as they are.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import pgettext_lazy

STYLES = {
    "day": "l j F Y",  # dinsdag 8 december 2026
    "day_time": "l j F Y, H:i",  # dinsdag 8 december 2026, 09:00
    "weekday": "l j F",  # dinsdag 8 december (a date in the coming weeks)
    "weekday_time": "l j F, H:i",  # dinsdag 8 december, 09:00
    "date": "j F Y",  # 8 december 2026
    "date_time": "j F Y, H:i",  # 8 december 2026, 09:00
    "short": "j N Y",  # 8 dec. 2026 (N: our abbreviated month, MONTHS_SHORT)
    "short_time": "j N Y, H:i",  # 8 dec. 2026, 09:00
    "day_month": "j N",  # 8 dec.
    "day_month_time": "j N, H:i",  # 8 dec., 09:00
    "time": "H:i",  # 09:00
}

MONTHS_SHORT = {
    1: pgettext_lazy("maand, afgekort", "jan."),
    2: pgettext_lazy("maand, afgekort", "feb."),
    3: pgettext_lazy("maand, afgekort", "mrt."),
    4: pgettext_lazy("maand, afgekort", "apr."),
    5: pgettext_lazy("maand, afgekort", "mei"),
    6: pgettext_lazy("maand, afgekort", "jun."),
    7: pgettext_lazy("maand, afgekort", "jul."),
    8: pgettext_lazy("maand, afgekort", "aug."),
    9: pgettext_lazy("maand, afgekort", "sep."),
    10: pgettext_lazy("maand, afgekort", "okt."),
    11: pgettext_lazy("maand, afgekort", "nov."),
    12: pgettext_lazy("maand, afgekort", "dec."),
}


def format_when(value: date | datetime | None, style: str = "date") -> str:
    """`value` in one of the STYLES ("" for None); an unknown style is a programming error."""
    if value is None or value == "":
        return ""
    try:
        pattern = STYLES[style]
    except KeyError:
        raise ValueError(f"unknown date style {style!r}; use one of {sorted(STYLES)}") from None
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if "N" in pattern:
        # Escaped letter by letter, so the format reads the month as literal text.
        month = "".join("\\" + letter for letter in str(MONTHS_SHORT[value.month]))
        pattern = pattern.replace("N", month)
    return formats.date_format(value, pattern)
