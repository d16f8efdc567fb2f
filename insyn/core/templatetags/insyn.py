"""Template helpers: Swedish money, numbers and plurals, and querystring-preserving links for
sortable, filtered lists."""

from django import template

from insyn.core import formatting, identity

register = template.Library()


@register.filter
def sek(value):
    return formatting.sek(value)


@register.filter
def number(value, decimals=0):
    """`{{ reason.points|number:2 }}`: `25,00`, `1 234,50` (never `25.00` or `1234.50`)."""
    return formatting.number(value, int(decimals))


@register.filter
def plural(count, forms):
    """`{{ n }} {{ n|plural:"ledig plats,lediga platser" }}`: the form that agrees with `n`."""
    singular, _, plural_form = str(forms).partition(",")
    return formatting.plural(count, singular, plural_form)


@register.simple_tag
def age_range(age_min, age_max):
    """`{% age_range unit.target_age_min unit.target_age_max %}`: `12–17 år`, `15 år`."""
    return formatting.age_range(age_min, age_max)


# auditlog stores a flag's change as the text "True"/"False".
LOGGED_FLAGS = {"True": "Ja", "False": "Nej"}


@register.filter
def logged_value(value):
    """A value from the change log as users read it: a flag as Ja/Nej, never True/False."""
    return LOGGED_FLAGS.get(value, value) if isinstance(value, str) else value


@register.filter
def mask_identity(value):
    """Free text with identity numbers shown as `YYMMDD-****`, for every reader (follow-up
    answers, findings, deficiencies, action plans on pages, panels and PDFs)."""
    return identity.mask_identity_numbers(str(value)) if value else value


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """Current querystring with some parameters replaced (None removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def render_panels(context, panels):
    """Render collected `core.panels.Panel`s with the page's request."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    request = context.get("request")
    return mark_safe(  # noqa: S308 - templates are ours and autoescape their own content
        "".join(render_to_string(p.template, p.context, request=request) for p in panels)
    )
