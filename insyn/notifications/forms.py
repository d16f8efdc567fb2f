"""The preference form: one choice per kind (Direkt / Daglig sammanfattning / Ingen e-post)."""

from django import forms

from .constants import Delivery


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
