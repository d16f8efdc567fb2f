"""Forms for plans, follow-ups, deficiencies and action plans (Swedish labels and errors)."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.models import OrgUnit, User
from insyn.core.concurrency import VersionedFormMixin
from insyn.core.files import attachment_validator
from insyn.core.identity import mask_identity_numbers
from insyn.questionnaires.answers import clean_value
from insyn.questionnaires.constants import SCALE_MAX, AnswerType, Method, YesNoPartly
from insyn.registry.models import Unit

from .constants import FinishDecision
from .models import ActionPlan, Deficiency, PlannedFollowUp
from .services import Decision

MONTHS = [
    (1, "januari"),
    (2, "februari"),
    (3, "mars"),
    (4, "april"),
    (5, "maj"),
    (6, "juni"),
    (7, "juli"),
    (8, "augusti"),
    (9, "september"),
    (10, "oktober"),
    (11, "november"),
    (12, "december"),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class NewPlanForm(forms.Form):
    year = forms.IntegerField(
        label="År",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Ange vilket år planen gäller.",
            "invalid": "Ange året med fyra siffror, t.ex. 2026.",
        },
    )
    committee = forms.ModelChoiceField(
        label="Nämnd",
        required=False,
        empty_label="Hela kommunen",
        queryset=OrgUnit.objects.filter(kind=OrgUnitKind.COMMITTEE, active=True),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1


class PlanDecisionForm(forms.Form):
    """The committee's decision on a plan as its minutes record it."""

    date = forms.DateField(
        label="Beslutsdatum",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Ange beslutsdatum som ÅÅÅÅ-MM-DD, t.ex. 2026-12-10."},
    )
    paragraph = forms.CharField(label="Paragraf (§)", max_length=30, required=False)
    diary_number = forms.CharField(label="Diarienummer", max_length=60, required=False)


class PlanRowForm(VersionedFormMixin, forms.ModelForm):
    month = forms.TypedChoiceField(label="Månad", choices=MONTHS, coerce=int)

    class Meta:
        model = PlannedFollowUp
        fields = ["unit", "method", "month", "responsible", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "unit" in self.fields:
            self.fields["unit"].queryset = Unit.objects.filter(active=True).select_related(
                "provider"
            )
        self.fields["responsible"].queryset = User.controllers()
        self.fields["reason"].required = True
        self.fields["reason"].error_messages["required"] = "Skriv varför uppföljningen behövs."


class PlanRowEditForm(PlanRowForm):
    class Meta(PlanRowForm.Meta):
        fields = ["method", "month", "responsible", "reason"]


class AdHocFollowUpForm(forms.Form):
    method = forms.ChoiceField(label="Metod", choices=Method.choices)
    event_driven = forms.BooleanField(
        label="Händelsestyrd (t.ex. efter allvarliga synpunkter)", required=False
    )
    reason = forms.CharField(
        label="Anledning",
        max_length=500,
        error_messages={"required": "Skriv varför uppföljningen görs."},
    )


class RiskFlagForm(forms.Form):
    reason = forms.CharField(
        label="Anledning till flaggan",
        max_length=500,
        error_messages={"required": "Skriv varför verksamheten flaggas."},
    )


class SendSelfReportForm(forms.Form):
    deadline = forms.DateField(
        label="Sista svarsdag",
        widget=DateInput(),
        error_messages={
            "required": "Ange sista svarsdag.",
            "invalid": "Ange sista svarsdag som ÅÅÅÅ-MM-DD.",
        },
    )

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.localdate():
            raise ValidationError("Sista svarsdag måste vara efter dagens datum.")
        return deadline


class AnswerForm(forms.Form):
    """One field per template question (`q_<id>`), a comment per assessable question
    (`c_<id>`), the edit version for the optimistic lock and, for staff, the visit details."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, template, answers=None, staff=True, followup=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(template.questions.all())
        answers = answers or {}
        if staff:
            self.fields["performed_on"] = forms.DateField(
                label="Datum för uppföljningen",
                required=False,
                widget=DateInput(),
                error_messages={"invalid": "Ange datum som ÅÅÅÅ-MM-DD."},
                initial=followup.performed_on if followup else None,
            )
            self.fields["participants"] = forms.CharField(
                label="Deltagare (t.ex. stadsdelens samordnare)",
                required=False,
                max_length=500,
                initial=followup.participants if followup else "",
            )
            self.fields["summary"] = forms.CharField(
                label="Sammanfattning",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=followup.summary if followup else "",
            )
        for q in self.questions:
            answer = answers.get(q.pk)
            initial = answer.value if answer else ""
            name = f"q_{q.pk}"
            label = q.text
            # Choices render as a select, but validation (with the Swedish message naming the
            # question) is clean_value's, the same as for the API and the service.
            if q.answer_type == AnswerType.YES_NO_PARTLY:
                field = forms.CharField(
                    required=False,
                    widget=forms.Select(choices=[("", "– välj –"), *YesNoPartly.choices]),
                )
            elif q.answer_type == AnswerType.SCALE:
                scale = [(str(i), str(i)) for i in range(1, SCALE_MAX + 1)]
                field = forms.CharField(
                    required=False, widget=forms.Select(choices=[("", "– välj –"), *scale])
                )
            elif q.answer_type == AnswerType.DATE:
                field = forms.CharField(required=False, widget=DateInput())
            elif q.answer_type == AnswerType.TEXT:
                field = forms.CharField(
                    required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
                )
            elif q.answer_type == AnswerType.ATTACHMENT:
                field = forms.FileField(required=False, validators=[attachment_validator()])
                if answer and answer.file:
                    label = f"{q.text} (bifogad: {answer.file.name.rsplit('/', 1)[-1]})"
            else:
                field = forms.CharField(required=False, max_length=50)
            field.label = label
            field.help_text = q.help_text
            field.initial = initial
            field.question = q
            self.fields[name] = field
            if q.answer_type in {AnswerType.YES_NO_PARTLY, AnswerType.SCALE}:
                self.fields[f"c_{q.pk}"] = forms.CharField(
                    label=f"Kommentar: {q.text}",
                    required=False,
                    max_length=1000,
                    initial=answer.comment if answer else "",
                )

    def clean(self):
        cleaned = super().clean()
        for q in self.questions:
            name = f"q_{q.pk}"
            if q.answer_type == AnswerType.ATTACHMENT or name not in cleaned:
                continue
            try:
                cleaned[name] = clean_value(q, cleaned.get(name))
            except ValidationError as exc:
                self.add_error(name, exc)
        return cleaned

    def answers(self) -> dict:
        data = {}
        for q in self.questions:
            data[q.pk] = {
                "value": ""
                if q.answer_type == AnswerType.ATTACHMENT
                else self.cleaned_data.get(f"q_{q.pk}", ""),
                "comment": self.cleaned_data.get(f"c_{q.pk}", ""),
                "file": self.cleaned_data.get(f"q_{q.pk}")
                if q.answer_type == AnswerType.ATTACHMENT
                else None,
            }
        return data

    def details(self) -> dict:
        return {
            key: self.cleaned_data[key]
            for key in ("performed_on", "participants", "summary")
            if key in self.fields
        }

    def sections(self):
        """[(section title, [bound fields])] in template order, for the template."""
        result: list[tuple[str, list]] = []
        for q in self.questions:
            if not result or result[-1][0] != q.section:
                result.append((q.section, []))
            result[-1][1].append(self[f"q_{q.pk}"])
            if f"c_{q.pk}" in self.fields:
                result[-1][1].append(self[f"c_{q.pk}"])
        return result

    def detail_fields(self):
        return [self[k] for k in ("performed_on", "participants", "summary") if k in self.fields]


def _deadline_not_past(deadline):
    today = timezone.localdate()
    if deadline < today:
        raise ValidationError(
            f"Handlingsplan senast kan inte vara före dagens datum ({today:%Y-%m-%d})."
        )
    return deadline


DEFICIENCY_ERRORS = {
    "description": {"required": "Beskriv bristen."},
    "deadline": {
        "required": "Ange när handlingsplanen senast ska lämnas in.",
        "invalid": "Ange datum som ÅÅÅÅ-MM-DD.",
    },
}


class DeficiencyForm(forms.ModelForm):
    class Meta:
        model = Deficiency
        fields = ["description", "severity", "required_action", "deadline", "requirement"]
        widgets = {"deadline": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}
        error_messages = DEFICIENCY_ERRORS

    def __init__(self, *args, followup, **kwargs):
        super().__init__(*args, **kwargs)
        from insyn.registry.models import ContractRequirement

        contracts = followup.unit.contracts.all()
        self.fields["requirement"].queryset = ContractRequirement.objects.filter(
            contract__in=contracts
        )
        self.fields["requirement"].required = False
        self.fields["required_action"].required = True
        self.fields["required_action"].error_messages["required"] = (
            "Skriv vilken åtgärd utföraren ska vidta."
        )
        self.fields["deadline"].initial = timezone.localdate() + dt.timedelta(days=30)
        # After finishing, a deficiency found later can name its finding; one that already
        # has a deficiency is not offered (a finding has at most one).
        findings = followup.findings.filter(deficiency__isnull=True).order_by("pk")
        if followup.is_done and findings.exists():
            self.fields["finding"] = forms.ModelChoiceField(
                label="Iakttagelse som bristen gäller",
                queryset=findings,
                required=False,
                empty_label="– ingen –",
            )

    def clean_deadline(self):
        return _deadline_not_past(self.cleaned_data["deadline"])

    def save(self, commit=True):
        if "finding" in self.fields:
            self.instance.finding = self.cleaned_data.get("finding")
        return super().save(commit)


class DeficiencyEditForm(VersionedFormMixin, forms.ModelForm):
    """A controller's correction of a deficiency that is not remedied."""

    class Meta:
        model = Deficiency
        fields = ["severity", "description", "required_action", "deadline"]
        widgets = {"deadline": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}
        error_messages = DEFICIENCY_ERRORS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required_action"].required = True
        self.fields["required_action"].error_messages["required"] = (
            "Skriv vilken åtgärd utföraren ska vidta."
        )

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        # An overdue deficiency keeps its deadline when only its text is corrected (the
        # instance still holds the stored values while fields are cleaned).
        if deadline == self.instance.deadline:
            return deadline
        return _deadline_not_past(deadline)


class FinishForm(forms.Form):
    """The confirmation of finishing a follow-up: for each proposed deficiency (`d_<question
    id>`) create / merge:<deficiency id> / drop, with a reason for drop (`r_<question id>`);
    the version and the hand-registered deficiencies the page showed."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": "Sidan är inaktuell. Ladda om den och bekräfta igen."},
    )
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, proposals, candidates, followup, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = [p for p in proposals if p.creates_deficiency]
        self.fields["version"].initial = followup.version
        self.fields["seen"].initial = ",".join(str(d.pk) for d in candidates)
        merge_choices = [
            (
                f"merge:{d.pk}",
                f"Slå ihop med brist #{d.pk}: {mask_identity_numbers(d.description)[:120]}",
            )
            for d in candidates
        ]
        for p in self.proposals:
            qid = p.question.pk
            self.fields[f"d_{qid}"] = forms.ChoiceField(
                label=p.question.text,
                choices=[
                    ("create", FinishDecision.CREATE.label),
                    *merge_choices,
                    ("drop", FinishDecision.DROP.label),
                ],
                initial=f"merge:{p.suggested_merge.pk}" if p.suggested_merge else "create",
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Välj vad som ska hända med iakttagelsen ”{p.question.text}”.",
                    "invalid_choice": "Den valda bristen finns inte längre. Ladda om sidan.",
                },
            )
            self.fields[f"r_{qid}"] = forms.CharField(
                label="Skäl att inte registrera brist",
                required=False,
                max_length=300,
            )

    def clean_seen(self):
        raw = self.cleaned_data["seen"]
        try:
            return {int(x) for x in raw.split(",") if x}
        except ValueError:
            raise ValidationError("Sidan är inaktuell. Ladda om den och bekräfta igen.") from None

    def clean(self):
        cleaned = super().clean()
        for p in self.proposals:
            qid = p.question.pk
            if cleaned.get(f"d_{qid}") == "drop" and not cleaned.get(f"r_{qid}", "").strip():
                self.add_error(
                    f"r_{qid}", f"Skriv varför ingen brist ska registreras för ”{p.question.text}”."
                )
        return cleaned

    def rows(self):
        """[(proposal, choice field, reason field)] for the template."""
        return [(p, self[f"d_{p.question.pk}"], self[f"r_{p.question.pk}"]) for p in self.proposals]

    def decisions(self) -> dict:
        result = {}
        for p in self.proposals:
            qid = p.question.pk
            choice = self.cleaned_data[f"d_{qid}"]
            action, _, target = choice.partition(":")
            result[qid] = Decision(
                action,
                deficiency_id=int(target) if target else None,
                reason=self.cleaned_data.get(f"r_{qid}", ""),
            )
        return result


class ActionPlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["measures", "responsible_person", "due_date"]
        widgets = {"due_date": DateInput(), "measures": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "measures": {"required": "Beskriv vilka åtgärder ni vidtar."},
            "responsible_person": {"required": "Ange vem hos er som ansvarar för åtgärderna."},
            "due_date": {
                "required": "Ange när åtgärderna ska vara klara.",
                "invalid": "Ange datum som ÅÅÅÅ-MM-DD.",
            },
        }

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise ValidationError("Datumet då åtgärderna ska vara klara kan inte ha passerat.")
        return due


class DecisionForm(forms.Form):
    comment = forms.CharField(label="Kommentar till utföraren", required=False, max_length=1000)


class PlanRowFilterForm(forms.Form):
    """The plan page's filters (GET); the rule is queries.filter_plan_rows."""

    month = forms.TypedChoiceField(
        label="Månad", choices=[("", "Alla månader"), *MONTHS], coerce=int, required=False
    )
    category = forms.ModelChoiceField(
        label="Kategori", queryset=None, required=False, empty_label="Alla kategorier"
    )
    responsible = forms.ChoiceField(label="Ansvarig", required=False)
    state = forms.ChoiceField(label="Läge", required=False)
    regi = forms.ChoiceField(label="Regi", required=False)

    def __init__(self, data, plan):
        from insyn.registry.models import Category

        from .queries import PLAN_STATES, REGI

        super().__init__(data)
        self.fields["category"].queryset = Category.objects.filter(
            pk__in=plan.rows.values("unit__category")
        ).order_by("name")
        people = User.objects.filter(pk__in=plan.rows.values("responsible")).order_by(
            "first_name", "last_name"
        )
        self.fields["responsible"].choices = [
            ("", "Alla"),
            ("me", "Mina"),
            *((str(p.pk), p.get_full_name() or p.username) for p in people),
        ]
        self.fields["state"].choices = [("", "Alla"), *PLAN_STATES]
        self.fields["regi"].choices = [("", "Alla"), *REGI]

    def filters(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}

    def query(self) -> str:
        """The valid, chosen filters as a query string ("month=3&regi=own"), carried to a
        row's edit page and back so saving keeps the plan as the user narrowed it."""
        from django.utils.http import urlencode

        chosen = {name: self.data[name] for name in self.fields if self.data.get(name)}
        return urlencode(chosen) if chosen and self.is_valid() else ""


class StrategicJudgementForm(forms.Form):
    """The committee's judgement of one contract: strategic yes/no and why. `committees`: the
    committees with a part of the contract that the user decides for."""

    committee = forms.ModelChoiceField(
        label="Nämnd",
        queryset=OrgUnit.objects.none(),
        error_messages={
            "required": "Välj vilken nämnds bedömning det är.",
            "invalid_choice": "Välj en nämnd som har en del av avtalet och som du beslutar för.",
        },
    )
    strategic = forms.TypedChoiceField(
        label="Strategiskt avtal",
        choices=[("ja", "Ja"), ("nej", "Nej")],
        coerce=lambda value: value == "ja",
        error_messages={"required": "Välj om avtalet är strategiskt (ja eller nej)."},
    )
    reason = forms.CharField(
        label="Motivering",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Skriv nämndens motivering till bedömningen."},
    )

    def __init__(self, *args, committees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = OrgUnit.objects.filter(
            pk__in=[c.pk for c in committees]
        )
