"""Forms for registering feedback, each step of the flow, attachments and the rules page.
Every error names the field and says what to do."""

import datetime as dt

from django import forms
from django.utils import timezone

from insyn.accounts.models import OrgUnit
from insyn.core.files import FileKind, attachment_validator
from insyn.registry.models import Provider, Unit
from insyn.registry.widgets import ProviderPicker, UnitPicker

from .constants import CONCERN_KINDS, REPORT_KINDS, Concern, Kind
from .models import FeedbackItem, FeedbackSettings, HandlingTarget

# Size limit under its own setting; types as for every upload (core.files).
ATTACHMENT_KIND = FileKind("bilaga", "FEEDBACK_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
validate_attachment = attachment_validator(ATTACHMENT_KIND)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class FeedbackForm(forms.ModelForm):
    attachment = forms.FileField(
        label="Bilaga",
        required=False,
        validators=[validate_attachment],
        help_text="Valfri. Högst 10 MB. Bilagor visas bara för controller och den som registrerat.",
    )

    class Meta:
        model = FeedbackItem
        fields = [
            "provider",
            "unit",
            "org_unit",
            "kind",
            "source",
            "concern",
            "concern_other",
            "severity",
            "received_on",
            "text",
            "deviation_identified_by",
            "deviation_concern",
            "deviation_subject",
            "reported_to_ivo",
        ]
        widgets = {
            "received_on": DateInput(),
            "text": forms.Textarea(attrs={"rows": 6}),
            "provider": ProviderPicker(),
            "unit": UnitPicker(),
        }
        help_texts = {
            "unit": "Välj verksamhet om synpunkten gäller en viss verksamhet.",
            "org_unit": "Välj i stället för utförare om synpunkten gäller kommunens egen "
            "handläggning, t.ex. beställarenheten.",
            "text": "Skriv inte personnummer eller namn om det inte behövs. Personnummer döljs "
            "automatiskt för den som inte har behörighet.",
            "concern": "Fylls i för klagomål, synpunkter och beröm, inte för Lex Sarah, Lex "
            "Maria eller avvikelser.",
            "deviation_identified_by": "Fylls i för avvikelser.",
            "deviation_concern": "Fylls i för avvikelser.",
            "deviation_subject": "Fylls i för avvikelser.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].required = False
        self.fields["provider"].queryset = Provider.objects.filter(active=True).order_by("name")
        self.fields["unit"].queryset = (
            Unit.objects.filter(active=True).select_related("provider").order_by("name")
        )
        self.fields["unit"].label_from_instance = lambda u: f"{u.name} ({u.provider.name})"
        self.fields["provider"].label_from_instance = lambda p: p.name
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(active=True).order_by("name")
        self.fields["text"].required = True
        self.fields["received_on"].initial = timezone.localdate

    def narrow_to(self, unit_id=None, provider_id=None):
        """Coming from a unit or provider page: offer only that provider's units, so the page
        does not render the whole register (50,000 units in a region) as options."""
        unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
        provider_id = unit.provider_id if unit else provider_id
        if provider_id:
            self.fields["provider"].queryset = Provider.objects.filter(pk=provider_id)
            self.fields["unit"].queryset = self.fields["unit"].queryset.filter(
                provider_id=provider_id
            )
            if unit:
                self.initial["provider"] = provider_id

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError("Datum inkommen kan inte vara i framtiden.")
        if received_on < dt.date(2000, 1, 1):
            raise forms.ValidationError("Datum inkommen är orimligt tidigt. Kontrollera året.")
        return received_on

    def clean(self):
        data = super().clean()
        provider, unit, kind = data.get("provider"), data.get("unit"), data.get("kind")
        org_unit = data.get("org_unit")
        if org_unit and (provider or unit):
            self.add_error(
                "org_unit",
                "Välj antingen utförare/verksamhet eller kommunens organisationsenhet, inte båda.",
            )
        elif not provider and not unit and not org_unit:
            self.add_error(
                "unit",
                "Välj verksamhet eller utförare som synpunkten gäller, eller kommunens "
                "organisationsenhet om den gäller kommunens egen handläggning.",
            )
        if provider and unit and unit.provider_id != provider.pk:
            self.add_error("unit", "Verksamheten hör inte till den valda utföraren.")
        if unit and not provider:
            data["provider"] = unit.provider
            self.instance.provider = unit.provider
        if kind in CONCERN_KINDS:
            if not data.get("concern"):
                self.add_error("concern", "Välj vad klagomålet eller synpunkten gäller.")
            elif data["concern"] == Concern.OTHER and not data.get("concern_other", "").strip():
                self.add_error("concern_other", "Ange vad det gäller när du valt Annat.")
        elif kind:
            # Lex Sarah, Lex Maria and deviations are not asked what they concerned.
            data["concern"] = data["concern_other"] = ""
            self.instance.concern = self.instance.concern_other = ""
        if data.get("concern") != Concern.OTHER:
            data["concern_other"] = ""
            self.instance.concern_other = ""
        if kind == Kind.DEVIATION:
            for name in ("deviation_identified_by", "deviation_concern", "deviation_subject"):
                if not data.get(name):
                    self.add_error(name, "Fyll i detta för en avvikelse.")
        if data.get("reported_to_ivo") and kind not in REPORT_KINDS:
            self.add_error(
                "reported_to_ivo", "Anmälan till IVO kan bara anges för Lex Sarah och Lex Maria."
            )
        return data


class AnswerForm(forms.Form):
    provider_action = forms.CharField(
        label="Vilken åtgärd har ni vidtagit?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "Beskriv vilken åtgärd ni har vidtagit."},
    )


class FeedbackGivenForm(forms.Form):
    given_on = forms.DateField(
        label="Datum för återkoppling",
        widget=DateInput(),
        initial=timezone.localdate,
        error_messages={"required": "Ange vilket datum återkopplingen lämnades."},
    )
    note = forms.CharField(
        label="Vad återkopplades till personen?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    action = forms.CharField(
        label="Vilken åtgärd har kommunen vidtagit?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text="Lämna tomt om ingen åtgärd har vidtagits. Räknas i raden Åtgärder.",
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Varför återöppnas ärendet?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="T.ex. vad personen svarade vid återkopplingen.",
        error_messages={"required": "Ange varför ärendet återöppnas."},
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Bilaga",
        validators=[validate_attachment],
        error_messages={"required": "Välj en fil att bifoga."},
    )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = FeedbackSettings
        fields = [
            "alert_on_serious",
            "complaint_threshold",
            "complaint_window_days",
            "retention_days",
            "default_target_days",
            "default_target_day_type",
        ]

    def clean_complaint_threshold(self):
        value = self.cleaned_data["complaint_threshold"]
        if value < 1:
            raise forms.ValidationError("Antal klagomål måste vara minst 1.")
        return value

    def clean_complaint_window_days(self):
        value = self.cleaned_data["complaint_window_days"]
        if value < 1:
            raise forms.ValidationError("Antal dagar måste vara minst 1.")
        return value


class HandlingTargetForm(forms.ModelForm):
    class Meta:
        model = HandlingTarget
        fields = ["days", "day_type"]

    def clean_days(self):
        value = self.cleaned_data["days"]
        if value < 1 or value > 365:
            raise forms.ValidationError("Handläggningstiden måste vara mellan 1 och 365 dagar.")
        return value


HandlingTargetFormSet = forms.modelformset_factory(
    HandlingTarget, form=HandlingTargetForm, extra=0, can_delete=False
)
