from django import forms

from .constants import CheckKind, CrimeAnswer, Source


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


MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class _SizeLimitedFile(forms.FileField):
    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Filen är större än 20 MB.")
        return upload


class RegisterImportForm(forms.Form):
    source = forms.ChoiceField(label="Källa", choices=Source.choices)
    file = _SizeLimitedFile(label="Fil (CSV)", help_text="Kolumnerna beskrivs i handboken.")


class AnnualReportUploadForm(forms.Form):
    file = _SizeLimitedFile(
        label="Digital årsredovisning (iXBRL, XHTML eller ZIP)",
        help_text="Filen som lämnats till Bolagsverket.",
    )
    filed_on = forms.DateField(
        label="Inkommen till Bolagsverket",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
