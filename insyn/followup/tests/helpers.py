"""Test helpers for the follow-up pages."""

from django.urls import reverse


def finish_as_proposed(client, followup, **choices):
    """Open the finish confirmation page and confirm it with its proposed choices, changed
    by `choices` (field name → value, e.g. d_12="drop", r_12="…"). Returns the response."""
    url = reverse("followup:followup_finish", args=[followup.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data.update(choices)
    return client.post(url, {k: v for k, v in data.items() if v is not None})
