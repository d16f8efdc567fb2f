"""Forms for placements and the rating questionnaire (answers only among the alternatives)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator

from insyn.accounts.constants import OrgUnitKind, Role
from insyn.accounts.models import OrgUnit
from insyn.registry.models import Category, Unit
from insyn.registry.widgets import UnitPicker

from .models import Placement
from .rules import placement_refusal

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlacementForm(forms.ModelForm):
    class Meta:
        model = Placement
        fields = [
            "case_reference",
            "unit",
            "district",
            "case_worker",
            "start_date",
            "end_date",
            "category",
            "client_age",
            "client_gender",
            "need",
        ]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET, "unit": UnitPicker()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = Unit.objects.filter(active=True).select_related("provider")
        self.fields["district"].queryset = OrgUnit.objects.filter(kind=OrgUnitKind.DISTRICT)
        self.fields["category"].queryset = Category.objects.filter(active=True)
        self.fields["case_worker"].queryset = get_user_model().objects.filter(
            is_active=True, role=Role.CASE_WORKER
        )
        self.fields["client_age"].validators.append(
            MaxValueValidator(120, "Ange brukarens ålder i hela år, mellan 0 och 120.")
        )
        self.fields["need"].help_text = "Kort beskrivning. Aldrig namn eller personnummer."

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "Slutdatum kan inte vara före startdatum.")
        if self.user is not None:
            for field, message in placement_refusal(
                self.user, data.get("district"), data.get("case_worker")
            ).items():
                self.add_error(field, message)
        return data


class RatingForm(forms.Form):
    """One required radio group per question of the questionnaire version."""

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        for question in questionnaire.questions.all():
            self.fields[f"q_{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=[(a.pk, a.label) for a in question.alternatives.all()],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Svara på frågan ”{question.text}”.",
                    "invalid_choice": f"Välj ett av svarsalternativen för ”{question.text}”.",
                },
            )

    def answers(self) -> dict[int, int]:
        """{question_id: alternative_id}."""
        return {
            int(name.removeprefix("q_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q_")
        }


class EndPlacementForm(forms.Form):
    """Ends a placement on a date, or cancels one registered by mistake."""

    end_date = forms.DateField(
        label="Slutdatum",
        widget=DATE_WIDGET,
        required=False,
        help_text="Behövs inte när placeringen makuleras.",
    )
    cancel = forms.BooleanField(
        label="Makulera placeringen (registrerad av misstag – ingen rating begärs)",
        required=False,
    )

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement = placement

    def clean_end_date(self):
        end_date = self.cleaned_data["end_date"]
        if end_date is not None and end_date < self.placement.start_date:
            raise forms.ValidationError(
                f"Slutdatum kan inte vara före startdatum ({self.placement.start_date:%Y-%m-%d})."
            )
        return end_date

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("cancel")
            and not cleaned.get("end_date")
            and "end_date" not in self.errors
        ):
            self.add_error(
                "end_date", "Ange slutdatum, eller markera att placeringen ska makuleras."
            )
        return cleaned
