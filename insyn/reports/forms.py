"""Forms for choosing a report's year and org unit, and for the controller's texts."""

import datetime as dt

from django import forms

from insyn.core.forms import SwedishDecimalField

from . import tertial
from .constants import GoalStatus, IndicatorSource
from .models import AnnualReport, Goal, GoalActivity, Indicator, IndicatorValue

MIN_YEAR = 2000


def _year_choices():
    this_year = dt.date.today().year
    return [(y, str(y)) for y in range(this_year + 1, this_year - 11, -1)]


class ScopeForm(forms.Form):
    """Year and org unit of a report (GET). Org units are limited to those the user may see;
    an org unit outside is not offered, and the view answers 404 if it is asked for."""

    year = forms.IntegerField(label="År", min_value=MIN_YEAR, max_value=2100)
    org_unit = forms.IntegerField(label="Organisationsenhet", required=False)

    def __init__(self, *args, org_units=None, allow_municipality=True, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Hela kommunen")] if allow_municipality else []
        choices += [(str(u.pk), u.name) for u in (org_units or [])]
        self.fields["org_unit"].widget = forms.Select(choices=choices)
        self.fields["year"].widget = forms.Select(choices=_year_choices())


class TableNotesForm(forms.Form):
    """One text per row of the tertial table, named `note_<row key>`."""

    def __init__(self, *args, notes=None, **kwargs):
        super().__init__(*args, **kwargs)
        notes = notes or {}
        for row in tertial.ROWS:
            self.fields[f"note_{row.key}"] = forms.CharField(
                label=f"{tertial.NOTE_HEADER}: {row.group} – {row.label}",
                required=False,
                max_length=4000,
                initial=notes.get(row.key, ""),
                widget=forms.Textarea(attrs={"rows": 2, "cols": 30}),
            )

    def texts(self) -> dict[str, str]:
        return {row.key: self.cleaned_data.get(f"note_{row.key}", "") for row in tertial.ROWS}

    def field_for(self, key):
        return self[f"note_{key}"]


# --- Indicators and goals -------------------------------------------------------------------


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "source",
            "metric",
            "kpi_code",
            "org_unit",
            "higher_is_better",
            "split_by_gender",
            "sort_order",
        ]

    def __init__(self, *args, org_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if org_units is not None:
            self.fields["org_unit"].queryset = org_units

    def clean(self):
        data = super().clean()
        source = data.get("source")
        if source == IndicatorSource.COMPUTED and not data.get("metric"):
            self.add_error("metric", "Välj vad som ska beräknas när källan är Insyn.")
        if source == IndicatorSource.KOLADA and not data.get("kpi_code"):
            self.add_error("kpi_code", "Ange nyckeltalets Kolada-id, t.ex. U28110.")
        if source != IndicatorSource.COMPUTED:
            data["metric"] = ""
        return data


class IndicatorValueForm(forms.ModelForm):
    """Targets and analysis for one year; the outcome too unless it is computed."""

    class Meta:
        model = IndicatorValue
        fields = [
            "period",
            "value",
            "value_men",
            "value_women",
            "annual_target",
            "council_target",
            "council_target_text",
            "analysis",
        ]
        # Decimal commas and spaces between the thousands ("1 250,5").
        field_classes = dict.fromkeys(
            ("value", "value_men", "value_women", "annual_target", "council_target"),
            SwedishDecimalField,
        )
        widgets = {"analysis": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, computed=False, unit="", **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        if computed:
            for name in ("value", "value_men", "value_women"):
                del self.fields[name]
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField):
                field.help_text = (
                    "Decimalkomma och mellanslag mellan tusentalen går bra, t.ex. 1 285,5."
                )
        if "value" in self.fields:
            self.fields["value"].required = False

    def clean(self):
        from .indicators import gender_split_error

        data = super().clean()
        if "value" in self.fields:
            message = gender_split_error(
                self.unit, data.get("value"), data.get("value_men"), data.get("value_women")
            )
            if message:
                self.add_error("value", message)
        return data


class KoladaImportForm(forms.Form):
    file = forms.FileField(
        label="CSV-fil i Kolada-format",
        help_text="Kolumnerna kpi;municipality;period;gender;value, kön T, K eller M.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        raw = upload.read()
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(
                "Filen är inte UTF-8. Spara den som CSV UTF-8 och försök igen."
            ) from exc


class GoalForm(forms.ModelForm):
    """A goal of the chain; the parent must fit (reports.goals.validate_parent)."""

    class Meta:
        model = Goal
        fields = [
            "year",
            "level",
            "org_unit",
            "parent",
            "sort_order",
            "title",
            "description",
            "expected_results",
            "analysis",
            "indicators",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "expected_results": forms.Textarea(attrs={"rows": 4}),
            "analysis": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, org_units=None, goals=None, **kwargs):
        super().__init__(*args, **kwargs)
        if org_units is not None:
            self.fields["org_unit"].queryset = org_units
        parents = (goals if goals is not None else Goal.objects).exclude(level="unit")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.order_by("-year", "level", "title")
        self.fields["parent"].label_from_instance = lambda g: (
            f"{g.year} – {g.get_level_display()}: {g.title}"
        )
        self.fields["indicators"].queryset = Indicator.objects.filter(active=True)
        self.fields["indicators"].widget = forms.CheckboxSelectMultiple()
        self.fields["indicators"].widget.choices = self.fields["indicators"].choices

    def clean(self):
        from .goals import validate_parent

        data = super().clean()
        if self.errors:
            return data
        probe = Goal(
            pk=self.instance.pk,
            year=data.get("year"),
            level=data.get("level"),
            org_unit=data.get("org_unit"),
        )
        try:
            validate_parent(probe, data.get("parent"))
        except forms.ValidationError as exc:
            self.add_error(None, exc)
        return data


class GoalActivityForm(forms.ModelForm):
    class Meta:
        model = GoalActivity
        fields = ["text", "start", "end", "deviation", "analysis", "sort_order"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "analysis": forms.Textarea(attrs={"rows": 3}),
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "Slutdatum kan inte vara före startdatum.")
        return data


class GoalCopyForm(forms.Form):
    year = forms.IntegerField(label="Kopiera målen från år", min_value=2000, max_value=2099)


class GoalConfirmForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=[(c.value, c.label) for c in GoalStatus if c != GoalStatus.UNKNOWN],
    )
    comment = forms.CharField(label="Motivering", required=False, max_length=1000)


class AnnualReportForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["summary", "analysis", "improvements"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}


class ComparisonFilterForm(forms.Form):
    """Year, committee and category of the own/private comparison page (GET). Committees are
    those the user's memberships cover (`queries.committees_for`); one outside is not offered
    and the view answers 404 for it."""

    year = forms.IntegerField(label="År", min_value=MIN_YEAR, max_value=2100)
    committee = forms.IntegerField(label="Nämnd", required=False)
    category = forms.IntegerField(label="Kategori", required=False)

    def __init__(self, *args, committees=(), categories=(), allow_municipality=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Alla nämnder (hela kommunen)")] if allow_municipality else []
        choices += [(str(c.pk), c.name) for c in committees]
        self.fields["committee"].widget = forms.Select(choices=choices)
        self.fields["category"].widget = forms.Select(
            choices=[("", "Alla kategorier")] + [(str(c.pk), c.name) for c in categories]
        )
        self.fields["year"].widget = forms.Select(choices=_year_choices())
