from django import forms

from .constants import CheckKind, CrimeAnswer


class OrganisedCrimeForm(forms.Form):
    """Who asked is the signed-in user; no free text about persons, only a reference."""

    asked_on = forms.DateField(label="Frågad den", widget=forms.DateInput(attrs={"type": "date"}))
    answer = forms.ChoiceField(label="Svar", choices=CrimeAnswer.choices)
    reference = forms.RegexField(
        label="Referens (diarienummer)",
        max_length=60,
        regex=r"^[0-9A-Za-zÅÄÖåäö.:/\- ]+$",
        error_messages={
            "invalid": "Referensen får bara innehålla bokstäver, siffror, mellanslag och . : / -"
        },
        help_text="T.ex. KC-2026/123. Skriv inga uppgifter om personer.",
    )


class NotApplicableForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kontroll",
        choices=[(k, label) for k, label in CheckKind.choices if k != CheckKind.ORGANISED_CRIME],
    )
    reason = forms.CharField(
        label="Skäl", max_length=300, help_text="T.ex. egen regi har ingen F-skatt."
    )
