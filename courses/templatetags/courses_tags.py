from django import template

from courses.rendering import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    return render_markdown(text)


@register.filter
def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0
