"""The need a placement officer searches for, and the recommendation sent to a case worker."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model

from insyn.accounts.constants import OrgUnitKind, Role
from insyn.accounts.models import OrgUnit
from insyn.core.forms import SwedishDecimalField, SwedishIntegerField
from insyn.ratings.constants import Gender
from insyn.ratings.validators import validate_no_personnummer
from insyn.registry.models import Category

from .ranking import Need

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NeedForm(forms.Form):
    category = forms.ModelChoiceField(
        label="Kategori",
        queryset=Category.objects.filter(active=True),
        error_messages={"required": "Välj vilken kategori av verksamhet som behövs."},
    )
    age_min = SwedishIntegerField(label="Ålder från", required=False)
    age_max = SwedishIntegerField(label="Ålder till", required=False)
    gender = forms.ChoiceField(
        label="Kön", choices=Gender.choices, initial=Gender.ANY, required=False
    )
    focus = forms.CharField(
        label="Inriktning",
        required=False,
        max_length=300,
        help_text="Sökord, t.ex. ”missbruk neuropsykiatri”. Aldrig namn eller personnummer.",
        validators=[validate_no_personnummer],
    )
    start_date = forms.DateField(
        label="Önskat startdatum",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Ange önskat startdatum (ÅÅÅÅ-MM-DD).",
            "invalid": "Ange önskat startdatum som ÅÅÅÅ-MM-DD.",
        },
    )
    district = forms.ModelChoiceField(
        label="Stadsdel", queryset=OrgUnit.objects.none(), required=False
    )
    municipality = forms.CharField(label="Kommun/region", required=False, max_length=100)
    max_price = SwedishDecimalField(
        label="Högsta pris per dygn (kr)", required=False, max_digits=10, decimal_places=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = OrgUnit.objects.filter(kind=OrgUnitKind.DISTRICT)

    def _age(self, name, label):
        value = self.cleaned_data.get(name)
        if value is not None and not 0 <= value <= 120:
            raise forms.ValidationError(f"{label} ska vara mellan 0 och 120 år.")
        return value

    def clean_age_min(self):
        return self._age("age_min", "Ålder från")

    def clean_age_max(self):
        return self._age("age_max", "Ålder till")

    def clean_max_price(self):
        value = self.cleaned_data.get("max_price")
        if value is not None and value < 0:
            raise forms.ValidationError(
                "Högsta pris per dygn kan inte vara negativt. Ange ett belopp i kronor, "
                "eller lämna fältet tomt."
            )
        return value

    def clean(self):
        data = super().clean()
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "age_max",
                f"Åldern till ({high}) kan inte vara lägre än åldern från ({low}). "
                "Rätta åldersspannet.",
            )
        return data

    def need(self) -> Need:
        d = self.cleaned_data
        return Need(
            category_id=d["category"].pk,
            start_date=d["start_date"],
            age_min=d.get("age_min"),
            age_max=d.get("age_max"),
            gender=d.get("gender") or Gender.ANY,
            focus=d.get("focus") or "",
            district_id=d["district"].pk if d.get("district") else None,
            municipality=d.get("municipality") or "",
            max_price=Decimal(d["max_price"]) if d.get("max_price") is not None else None,
        )


class RecommendationForm(forms.Form):
    case_worker = forms.ModelChoiceField(
        label="Till handläggare",
        queryset=get_user_model().objects.none(),
        error_messages={"required": "Välj den handläggare som ska få rekommendationen."},
    )
    case_reference = forms.CharField(
        label="Ärendereferens",
        required=False,
        max_length=60,
        validators=[validate_no_personnummer],
        help_text="Referensen i verksamhetssystemet. Aldrig namn eller personnummer.",
    )
    note = forms.CharField(
        label="Meddelande till handläggaren",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_no_personnummer],
    )
    units = forms.TypedMultipleChoiceField(
        label="Verksamheter",
        coerce=int,
        choices=[],
        error_messages={
            "required": "Välj minst en verksamhet att rekommendera.",
            "invalid_choice": "En vald verksamhet finns inte längre bland träffarna. Sök igen.",
        },
    )

    def __init__(self, *args, unit_choices=(), refused=None, **kwargs):
        """`unit_choices`: the ranked units; `refused`: unit id -> why it may never be
        recommended (IVO has revoked its permit). A refused unit is a choice only so that
        choosing it is answered with that reason rather than "not among the results"."""
        super().__init__(*args, **kwargs)
        self.refused = refused or {}
        self.fields["case_worker"].queryset = get_user_model().objects.filter(
            is_active=True, role=Role.CASE_WORKER
        )
        self.fields["units"].choices = list(unit_choices) + [(pk, str(pk)) for pk in self.refused]

    def clean_units(self):
        units = self.cleaned_data["units"]
        for pk in units:
            if pk in self.refused:
                raise forms.ValidationError(
                    f"En vald verksamhet kan inte rekommenderas: {self.refused[pk]}. "
                    "Ta bort den ur valet och välj bland de rangordnade verksamheterna."
                )
        return units
