"""Template filters of the public course pages."""

from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def euros(value) -> str:
    """An amount as people write it, in the active language: "€ 1.075" or "€ 1.075,50"."""
    if value in (None, ""):
        return ""
    amount = Decimal(value)
    places = 0 if amount == amount.to_integral_value() else 2
    return "€\u00a0" + formats.number_format(amount, places, use_l10n=True, force_grouping=True)
