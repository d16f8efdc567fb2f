"""The preference form: one choice per kind (Direkt / Daglig sammanfattning / Ingen e-post)."""

from django import forms

from .constants import Delivery, MailStatus


class PreferenceForm(forms.Form):
    def __init__(self, *args, kinds, current, mandatory, **kwargs):
        super().__init__(*args, **kwargs)
        self.mandatory = set(mandatory)
        for kind in kinds:
            choices = Delivery.choices
            help_text = f"Till: {kind.audience}."
            if kind.key in self.mandatory:
                choices = [c for c in choices if c[0] != Delivery.NONE]
                help_text += " Obligatorisk: kommunen har bestämt att den alltid skickas."
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                choices=choices,
                initial=current.get(kind.key, Delivery.IMMEDIATE),
                help_text=help_text,
                error_messages={
                    "invalid_choice": f"{kind.label}: välj Direkt, Daglig sammanfattning "
                    "eller Ingen e-post."
                },
            )


class OutboxFilterForm(forms.Form):
    """The administrator's outbox filters: kind, receiver, status (all optional)."""

    typ = forms.ChoiceField(label="Typ", required=False)
    mottagare = forms.CharField(
        label="Mottagare",
        required=False,
        max_length=100,
        help_text="Del av namn, användarnamn eller e-postadress.",
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Alla")] + MailStatus.choices,
        error_messages={"invalid_choice": "Status: välj en status i listan."},
    )

    def __init__(self, *args, kinds, digest_value, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["typ"].choices = [
            ("", "Alla typer"),
            (digest_value, "Daglig sammanfattning"),
            *sorted(((k.key, k.label) for k in kinds), key=lambda c: c[1]),
        ]
        self.fields["typ"].error_messages["invalid_choice"] = "Typ: välj en typ i listan."
