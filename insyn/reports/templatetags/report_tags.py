"""Template filters for reports: Swedish decimals with the indicator's unit."""

from django import template

from insyn.reports.indicators import format_value

register = template.Library()


@register.filter
def val(value, unit=""):
    """`Decimal("85.50"), "%"` -> `85,5 %`; empty when there is no value."""
    return format_value(value, unit) or "–"
