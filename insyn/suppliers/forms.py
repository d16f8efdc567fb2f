from django import forms
from django.conf import settings

from insyn.core.forms import SwedishDecimalField

from .constants import CheckKind, CrimeAnswer, DocumentType, Source
from .models import AnnualReport


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
    file = _SizeLimitedFile(
        label="Fil (CSV eller Excel/XLSX)",
        help_text="Kolumnerna beskrivs i handboken; i Excel på första fliken, rubriker på rad 1.",
    )


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", _MultipleFileInput(attrs={"accept": ".xhtml,.html,.htm,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if not data and self.required:
            raise forms.ValidationError("Välj en eller flera filer att importera.", "required")
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ReportImportForm(forms.Form):
    """Digital annual reports in bulk (bulk_reports.py): sizes are checked there."""

    files = _MultipleFileField(
        label="Digitala årsredovisningar (iXBRL: XHTML-filer eller en ZIP-fil)",
        help_text="Välj flera XHTML-filer (eller ZIP-filer med en årsredovisning var, som "
        "Bolagsverket lämnar ut dem), eller en ZIP-fil med många. Varje årsredovisning kopplas "
        "till utföraren med organisationsnumret i filen.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django refuses a request with more files than this before any view runs.
        most = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        if most:
            self.fields[
                "files"
            ].help_text += f" Högst {most} filer åt gången; har du fler, lägg dem i en ZIP-fil."


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


class ManualFiguresForm(forms.ModelForm):
    """Key figures typed by hand from a PDF annual report (stored as "Inskriven för hand")."""

    class Meta:
        model = AnnualReport
        fields = [
            "period_start",
            "period_end",
            "filed_on",
            "net_sales",
            "result_after_financial",
            "net_result",
            "equity",
            "share_capital",
            "total_assets",
            "current_assets",
            "inventory",
            "current_liabilities",
            "audit_opinion_modified",
        ]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
            "filed_on": forms.DateInput(attrs={"type": "date"}),
            "audit_opinion_modified": forms.NullBooleanSelect(),
        }
        help_texts = {"net_sales": "Alla belopp i hela kronor (inte tkr)."}
        # Amounts as Swedes type them: "12 345 678", "-250 000".
        field_classes = {
            name: SwedishDecimalField
            for name in fields
            if name not in {"period_start", "period_end", "filed_on", "audit_opinion_modified"}
        }

    def __init__(self, *args, provider=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.provider = provider
        for name in self.Meta.fields[3:-1]:
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start >= end:
            self.add_error("period_end", "Räkenskapsåret måste sluta efter att det börjar.")
        if (
            end
            and AnnualReport.objects.filter(provider=self.provider, period_end=end)
            .exclude(origin="manual")
            .exists()
        ):
            self.add_error(
                "period_end",
                "Det finns redan nyckeltal ur en digital årsredovisning för det räkenskapsåret.",
            )
        return data


class ProviderDocumentForm(forms.Form):
    """One document: its type, what period it covers and, where it has one, its expiry date.
    The file's type is decided from its bytes in `documents.check_file`."""

    doc_type = forms.ChoiceField(label="Dokumenttyp", choices=DocumentType.choices)
    title = forms.CharField(
        label="Rubrik", max_length=200, required=False, help_text="T.ex. Försäkringsbrev 2027."
    )
    period_start = forms.DateField(
        label="Avser period från", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label="Avser period till", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    expires_on = forms.DateField(
        label="Giltigt till",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="För t.ex. försäkringsbevis.",
    )
    file = forms.FileField(
        label="Fil",
        help_text="PDF, bild, Word, Excel, OpenDocument eller text, högst 25 MB. En "
        "årsredovisning kan också vara digital (iXBRL, XHTML eller ZIP): då läses nyckeltalen.",
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error(
                "period_end", "Perioden måste sluta samma dag eller efter att den börjar."
            )
        return data
