"""Follow-up over HTTP (/api/v1/): plans, follow-ups, answers (read, and saved through
`followups/<id>/answers/`), deficiencies and action plans, through the same scoped queries,
rules, forms and services as the pages. Free text goes out with identity numbers masked
(`YYMMDD-****`), as on the pages: the API never returns an unmasked identity number."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from insyn.accounts.predicates import is_municipal
from insyn.core.access import refuse, require_perm
from insyn.core.api import ScopedViewSet, StrictInputMixin, form_errors
from insyn.core.identity import mask_identity_numbers

from . import queries, services
from .forms import ActionPlanForm, PlanDecisionForm
from .models import ActionPlan, Answer, Deficiency, FollowUp, FollowUpPlan, PlannedFollowUp
from .rules import deficiency_refusal


class MaskedTextMixin:
    """Free-text fields (`masked_fields`) are masked on the way out; input is unchanged."""

    masked_fields: tuple[str, ...] = ()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in self.masked_fields:
            if data.get(name):
                data[name] = mask_identity_numbers(data[name])
        return data


class PlannedFollowUpSerializer(MaskedTextMixin, serializers.ModelSerializer):
    masked_fields = ("reason",)

    class Meta:
        model = PlannedFollowUp
        fields = [
            "id",
            "unit",
            "contract",
            "method",
            "month",
            "responsible",
            "rule",
            "reason",
            "score",
            "event_driven",
            "added_after_approval",
        ]


class PlanSerializer(StrictInputMixin, serializers.ModelSerializer):
    rows = PlannedFollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = FollowUpPlan
        fields = ["id", "year", "committee", "status", "approved_by", "approved_at", "rows"]


class FollowUpSerializer(StrictInputMixin, MaskedTextMixin, serializers.ModelSerializer):
    masked_fields = ("reason", "participants")

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "unit",
            "contract",
            "planned",
            "template",
            "method",
            "status",
            "event_driven",
            "reason",
            "performed_on",
            "participants",
            "diary_number",
            "deadline",
            "submitted_at",
            "finished_at",
            "version",
        ]


class AnswerSerializer(StrictInputMixin, MaskedTextMixin, serializers.ModelSerializer):
    masked_fields = ("value", "comment")

    class Meta:
        model = Answer
        fields = ["id", "followup", "question", "value", "comment"]


class ActionPlanSerializer(StrictInputMixin, MaskedTextMixin, serializers.ModelSerializer):
    masked_fields = ("measures", "decision_comment")

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "deficiency",
            "measures",
            "responsible_person",
            "due_date",
            "status",
            "decided_at",
            "decision_comment",
            "created_at",
        ]
        read_only_fields = ["deficiency", "status", "decided_at", "decision_comment"]


class DeficiencySerializer(StrictInputMixin, MaskedTextMixin, serializers.ModelSerializer):
    masked_fields = ("description", "required_action")

    class Meta:
        model = Deficiency
        fields = [
            "id",
            "followup",
            "unit",
            "requirement",
            "description",
            "severity",
            "required_action",
            "deadline",
            "status",
            "remedied_at",
        ]


class AnswerItemSerializer(StrictInputMixin, serializers.Serializer):
    question = serializers.IntegerField(help_text="The template question's id.")
    value = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="yes/no/partly, 1–5, a number, YYYY-MM-DD or text, by the question's type.",
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class SaveAnswersSerializer(StrictInputMixin, serializers.Serializer):
    version = serializers.IntegerField(
        help_text="The follow-up's `version` as read; if someone saved since, nothing is stored."
    )
    answers = AnswerItemSerializer(many=True, allow_empty=False)

    def validate_answers(self, items):
        seen = set()
        for item in items:
            if item["question"] in seen:
                raise serializers.ValidationError(
                    f"Fråga {item['question']} finns två gånger. Skicka ett svar per fråga."
                )
            seen.add(item["question"])
        return items


class DecisionSerializer(StrictInputMixin, serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class ReadOnlyScoped(ScopedViewSet):
    http_method_names = ["get", "post", "head", "options"]


class PlanViewSet(ReadOnlyScoped):
    scope = staticmethod(queries.plans_for)
    serializer_class = PlanSerializer
    # Custom actions check their object permission themselves (the shared permission class
    # checks non-standard actions without the object).
    perms = {"list": None, "retrieve": "followup.view_plan", "approve": None}
    # What the custom actions check on the object (for the API docs: core.api_docs).
    object_perms = {"approve": "followup.approve_plan"}
    default_ordering = ("-year", "pk")

    def optimize(self, queryset):
        return queryset.prefetch_related("rows")

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        plan = self.get_object()
        require_perm(request.user, "followup.approve_plan", plan)
        decision = PlanDecisionForm(request.data or None)
        if decision.is_bound and not decision.is_valid():
            raise serializers.ValidationError(decision.errors)
        recorded = decision.cleaned_data if decision.is_bound else None
        services.approve_plan(plan, request.user, recorded)
        return Response(PlanSerializer(self.get_queryset().get(pk=plan.pk)).data)


class FollowUpViewSet(ReadOnlyScoped):
    scope = staticmethod(queries.followups_for)
    serializer_class = FollowUpSerializer
    perms = {"list": None, "retrieve": "followup.view_followup", "answers": None, "submit": None}
    default_ordering = ("-pk",)

    @extend_schema(request=SaveAnswersSerializer, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def answers(self, request, pk=None):
        """Save answers, as the follow-up page (controllers) or the self-report page in the
        portal (the provider) does: all or nothing, with the same checks and messages.
        Attachments are uploaded on the pages."""
        followup = self.get_object()
        user = request.user
        perm = "followup.change_followup" if is_municipal(user) else "followup.answer_self_report"
        require_perm(user, perm, followup)
        data = SaveAnswersSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answers = {
            item["question"]: {"value": item["value"], "comment": item["comment"]}
            for item in data.validated_data["answers"]
        }
        try:
            services.save_answers(followup, answers, data.validated_data["version"], user)
        except DjangoValidationError as exc:
            raise ValidationError({"answers": exc.messages}) from exc
        return Response(FollowUpSerializer(self.get_queryset().get(pk=followup.pk)).data)

    @extend_schema(request=None, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The provider submits its answered self-report to the municipality."""
        followup = self.get_object()
        require_perm(request.user, "followup.answer_self_report", followup)
        if not followup.is_self_report:
            raise ValidationError({"detail": "Bara egenrapporter skickas in av utföraren."})
        services.submit_self_report(followup, request.user)
        return Response(FollowUpSerializer(self.get_queryset().get(pk=followup.pk)).data)


class AnswerViewSet(ReadOnlyScoped):
    scope = staticmethod(queries.answers_for)
    serializer_class = AnswerSerializer
    perms = {"list": None, "retrieve": None}


class DeficiencyViewSet(ReadOnlyScoped):
    scope = staticmethod(queries.deficiencies_for)
    serializer_class = DeficiencySerializer
    perms = {
        "list": None,
        "retrieve": "followup.view_deficiency",
        "action_plan": None,
    }
    default_ordering = ("deadline", "pk")

    @extend_schema(request=ActionPlanSerializer, responses={201: ActionPlanSerializer})
    @action(detail=True, methods=["post"], url_path="action-plan")
    def action_plan(self, request, pk=None):
        deficiency = self.get_object()
        require_perm(request.user, "followup.submit_action_plan", deficiency)
        form = ActionPlanForm(data=request.data)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        plan = services.submit_action_plan(deficiency, form, request.user)
        return Response(ActionPlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class ActionPlanViewSet(ReadOnlyScoped):
    scope = staticmethod(queries.action_plans_for)
    serializer_class = ActionPlanSerializer
    perms = {
        "list": None,
        "retrieve": "followup.view_deficiency",
        "accept": None,
        "send_back": None,
    }
    # Deciding a plan checks the object itself (its deficiency's committee), with a reason.
    object_perms = {
        "accept": "followup.change_deficiency",
        "send_back": "followup.change_deficiency",
    }

    def _decide(self, request, accept):
        plan = self.get_object()
        if not request.user.has_perm("followup.change_deficiency", plan):
            refuse(request.user, "followup.change_deficiency", plan, deficiency_refusal(plan))
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = data.validated_data.get("comment", "")
        call = services.accept_action_plan if accept else services.return_action_plan
        call(plan, request.user, comment)
        plan.refresh_from_db()
        return Response(ActionPlanSerializer(plan).data)

    @extend_schema(request=DecisionSerializer, responses=ActionPlanSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._decide(request, accept=True)

    @extend_schema(request=DecisionSerializer, responses=ActionPlanSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        return self._decide(request, accept=False)


class StrategicJudgementSerializer(StrictInputMixin, serializers.ModelSerializer):
    """A committee's own judgement whether a contract is strategic (the newest per contract
    and committee overrides the value × impact proposal; the rows are its history)."""

    class Meta:
        from .models import StrategicJudgement

        model = StrategicJudgement
        fields = [
            "id",
            "contract",
            "committee",
            "strategic",
            "reason",
            "decided_by",
            "delegation",
            "created_at",
        ]
        read_only_fields = ["id", "decided_by", "delegation", "created_at"]
        extra_kwargs = {"committee": {"allow_null": False, "required": True}}


def _judgements_for(user):
    from .models import StrategicJudgement

    if not is_municipal(user):
        return StrategicJudgement.objects.none()
    return StrategicJudgement.objects.all()


class StrategicJudgementViewSet(ReadOnlyScoped):
    """Committees' judgements of strategic contracts. Reading: municipal staff. Creating: a
    manager of the committee (or a recorded delegate), for a committee with a part of the
    contract; anyone else is refused (403) and nothing is saved."""

    scope = staticmethod(_judgements_for)
    serializer_class = StrategicJudgementSerializer
    object_perms = {"create": "followup.judge_strategic"}
    perms = {
        "list": "followup.view_plan",
        "retrieve": "followup.view_plan",
        "create": "followup.view_plan",
    }
    default_ordering = ("-created_at", "-pk")

    def optimize(self, queryset):
        return queryset.select_related("contract", "committee", "decided_by")

    def create(self, request, *args, **kwargs):
        from insyn.core.access import refuse
        from insyn.registry import queries as registry_queries

        from .rules import judges_strategic_for
        from .views import STRATEGIC_REFUSED

        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        contract, committee = data.validated_data["contract"], data.validated_data["committee"]
        if not registry_queries.contracts_for(request.user).filter(pk=contract.pk).exists():
            raise ValidationError({"contract": ["Avtalet finns inte."]})
        if not judges_strategic_for(request.user, committee.pk):
            refuse(request.user, "followup.judge_strategic", contract, STRATEGIC_REFUSED)
        judgement = services.judge_strategic(
            contract,
            committee,
            data.validated_data["strategic"],
            data.validated_data["reason"],
            request.user,
        )
        return Response(self.get_serializer(judgement).data, status=status.HTTP_201_CREATED)


def register_routes(router):
    router.register("followup-plans", PlanViewSet, basename="followup-plan")
    router.register("followups", FollowUpViewSet, basename="followup")
    router.register("followup-answers", AnswerViewSet, basename="followup-answer")
    router.register("deficiencies", DeficiencyViewSet, basename="deficiency")
    router.register("action-plans", ActionPlanViewSet, basename="action-plan")
    router.register(
        "strategic-judgements", StrategicJudgementViewSet, basename="strategic-judgement"
    )
