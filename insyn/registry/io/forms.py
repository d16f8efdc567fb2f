"""The upload form of the import page."""

from django import forms
from django.conf import settings


def max_mb() -> str:
    mb = settings.INSYN.get("IMPORT_MAX_BYTES", 20 * 1024 * 1024) / (1024 * 1024)
    return f"{mb:.0f}" if mb >= 1 else f"{mb:.2f}".replace(".", ",")


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Fil",
        help_text=(
            "Excel-arbetsbok (.xlsx) eller semikolonavgränsad CSV-fil enligt mallen. "
            "ODS-filer (LibreOffice) läses inte: spara som .xlsx eller .csv."
        ),
        error_messages={"required": "Välj en fil att importera.", "empty": "Filen är tom."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.INSYN.get("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
        if upload.size > limit:
            size = f"{upload.size / (1024 * 1024):.1f}".replace(".", ",")
            raise forms.ValidationError(
                f"Filen är för stor ({size} MB). Den största fil som kan importeras är "
                f"{max_mb()} MB. Dela upp filen i flera mindre filer."
            )
        return upload
