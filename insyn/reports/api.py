"""Read-only API for report data: the tertial table, indicator values and the annual report's
figures. Same scope and permissions as the pages (views.resolve_scope, reports.* rules)."""

import datetime as dt

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from insyn.core.access import require_perm
from insyn.core.api import ScopedViewSet
from insyn.core.api_docs import PermissionSchema
from insyn.core.api_input import StrictInputMixin
from insyn.core.identity import mask_identity_numbers
from insyn.core.ids import INVALID_ID, MAX_ID, parse_id

from . import annual, indicators, queries, services, tertial
from .constants import DECIDABLE_GOAL_STATUSES
from .views import resolve_scope

YEARS = (2000, 2100)
YEAR_INVALID = f"Ange året som ett heltal {YEARS[0]}–{YEARS[1]}."

SCOPE_PARAMETERS = [
    OpenApiParameter(
        "year",
        {"type": "integer", "minimum": YEARS[0], "maximum": YEARS[1]},
        description=f"År {YEARS[0]}–{YEARS[1]}, t.ex. 2024 (standard: i år).",
    ),
    OpenApiParameter(
        "org_unit",
        {"anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_ID}, {"enum": [""]}]},
        description="Organisationsenhetens id; tomt = hela kommunen (eller den egna enheten).",
    ),
]


def checked_scope_parameters(request):
    """Refuse (400, per parameter) a year or org unit that is not one: `year=null` used to
    mean this year and `year=0` a 404. An org unit id that names nothing the user may see is
    the pages' 404 (views.resolve_scope)."""
    errors = {}
    year = request.query_params.get("year")
    if year is not None and not (
        year.isascii() and year.isdigit() and YEARS[0] <= int(year) <= YEARS[1]
    ):
        errors["year"] = [YEAR_INVALID]
    org_unit = request.query_params.get("org_unit")
    if org_unit not in (None, "") and parse_id(org_unit) is None:
        errors["org_unit"] = [INVALID_ID]
    if errors:
        raise serializers.ValidationError(errors)


class TableRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    group = serializers.CharField()
    label = serializers.CharField()
    t1 = serializers.IntegerField()
    t2 = serializers.IntegerField()
    vb = serializers.IntegerField()
    total = serializers.IntegerField()
    note = serializers.CharField()


class FeedbackTableSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    org_unit = serializers.IntegerField(allow_null=True)
    org_unit_name = serializers.CharField()
    rule = serializers.CharField()
    rows = TableRowSerializer(many=True)


class IndicatorRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="indicator.pk")
    name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit")
    source = serializers.CharField(source="indicator.source")
    value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    men = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    women = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    previous = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    annual_target = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    council_target = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    council_target_text = serializers.CharField()
    period = serializers.CharField()
    analysis = serializers.CharField()


class PlanCellSerializer(serializers.Serializer):
    planned = serializers.IntegerField()
    done = serializers.IntegerField()
    moved = serializers.IntegerField()
    event = serializers.IntegerField()


class PlanRowSerializer(serializers.Serializer):
    category = serializers.CharField()
    own = PlanCellSerializer()
    private = PlanCellSerializer()


class DeficiencyAreaSerializer(serializers.Serializer):
    area = serializers.CharField()
    by_severity = serializers.DictField(child=serializers.IntegerField())


class AnnualSummarySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    org_unit = serializers.IntegerField(allow_null=True)
    org_unit_name = serializers.CharField()
    plan = PlanRowSerializer(many=True)
    deficiencies = DeficiencyAreaSerializer(many=True)
    deficiencies_total = serializers.IntegerField()
    deficiencies_remedied_in_time = serializers.IntegerField()
    ratings_count = serializers.IntegerField()
    ratings_mean = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    rating_answer_rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    feedback_by_kind = serializers.DictField(child=serializers.IntegerField())


class SingleDocumentSchema(PermissionSchema):
    """These `list` actions answer one document (a table, a report), not a list of rows;
    without this the schema would promise an array and clients would be misled."""

    def _is_list_view(self, serializer=None):
        return False


class ReportApiViewSet(viewsets.ViewSet):
    """Every reports endpoint: its permission, then the scope parameters' check, both before
    any handler runs (DRF's `initial`), so a new endpoint cannot forget either. Handlers ask
    `self.scope()` for (year, org_unit)."""

    required_perm = "reports.view_reports"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        require_perm(request.user, self.required_perm)
        checked_scope_parameters(request)

    def scope(self):
        return resolve_scope(self.request)


class FeedbackTableViewSet(ReportApiViewSet):
    """Redovisning av synpunkter och klagomål: T1, T2, VB and total per row."""

    required_perm = "reports.view_feedback_table"

    schema = SingleDocumentSchema()

    @extend_schema(parameters=SCOPE_PARAMETERS, responses=FeedbackTableSerializer)
    def list(self, request):
        year, org_unit = self.scope()
        table = tertial.feedback_table(year, org_unit)
        return Response(FeedbackTableSerializer(table.as_dict()).data)


class IndicatorValueViewSet(ReportApiViewSet):
    """The indicator table: outcome, men/women, previous year, targets, period, analysis."""

    required_perm = "reports.view_reports"

    @extend_schema(parameters=SCOPE_PARAMETERS, responses=IndicatorRowSerializer(many=True))
    def list(self, request):
        year, org_unit = self.scope()
        rows = indicators.indicator_table(year, org_unit)
        return Response(IndicatorRowSerializer(rows, many=True).data)


class AnnualReportViewSet(ReportApiViewSet):
    """The annual report's figures (plan vs outcome, deficiencies, ratings, feedback)."""

    required_perm = "reports.view_reports"

    schema = SingleDocumentSchema()

    @extend_schema(parameters=SCOPE_PARAMETERS, responses=AnnualSummarySerializer)
    def list(self, request):
        year, org_unit = self.scope()
        return Response(AnnualSummarySerializer(annual.annual_summary(year, org_unit)).data)


class GoalActivitySerializer(serializers.Serializer):
    text = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    deviation = serializers.CharField()
    analysis = serializers.CharField()


class GoalChainRowSerializer(serializers.Serializer):
    """One goal of the chain, parents before children (seed 002's reading order)."""

    id = serializers.IntegerField(source="goal.pk")
    parent_id = serializers.IntegerField(source="goal.parent_id", allow_null=True)
    depth = serializers.IntegerField()
    level = serializers.CharField(source="goal.level")
    level_label = serializers.CharField(source="goal.get_level_display")
    title = serializers.CharField(source="goal.title")
    org_unit = serializers.IntegerField(source="goal.org_unit_id", allow_null=True)
    proposed_status = serializers.CharField(source="proposed.value")
    confirmed_status = serializers.CharField(
        source="goal.status", help_text="Tom när ingen har bekräftat statusen."
    )
    description = serializers.CharField(source="goal.description")
    expected_results = serializers.ListField(
        source="goal.expected_result_list", child=serializers.CharField()
    )
    analysis = serializers.CharField(source="goal.analysis")
    indicators = IndicatorRowSerializer(source="indicator_rows", many=True)
    activities = GoalActivitySerializer(source="goal.activities.all", many=True)


class GoalChainViewSet(ReportApiViewSet):
    """The goal chain: KF:s inriktningsmål → KF:s mål → nämndmål → enhetsmål."""

    required_perm = "reports.view_reports"

    @extend_schema(parameters=SCOPE_PARAMETERS, responses=GoalChainRowSerializer(many=True))
    def list(self, request):
        from . import queries

        year, org_unit = self.scope()
        rows = annual.goal_chain_rows(year, org_unit, queries.goals_for(request.user))
        return Response(GoalChainRowSerializer(rows, many=True).data)


class GoalStatusSerializer(serializers.ModelSerializer):
    """One goal's status: the controller's proposal and the committee's confirmation."""

    class Meta:
        from .models import Goal

        model = Goal
        fields = [
            "id",
            "year",
            "level",
            "org_unit",
            "title",
            "proposed_status",
            "proposed_comment",
            "proposed_by",
            "proposed_at",
            "status",
            "status_comment",
            "confirmed_by",
            "confirmed_at",
            "confirmed_delegation",
        ]
        read_only_fields = fields


class GoalStatusInputSerializer(StrictInputMixin, serializers.Serializer):
    status = serializers.ChoiceField(
        choices=DECIDABLE_GOAL_STATUSES,
        error_messages={"invalid_choice": "Välj status: uppfylls helt, delvis eller inte."},
    )
    comment = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class GoalStatusViewSet(ScopedViewSet):
    """Goals and their status. A controller proposes (`propose`); the committee confirms
    (`confirm`): a manager of the committee the goal belongs to, or a recorded delegate."""

    scope = staticmethod(queries.goals_for)
    serializer_class = GoalStatusSerializer
    perms = {
        "list": "reports.view_reports",
        "retrieve": "reports.view_reports",
        "confirm": None,
        "propose": None,
    }
    object_perms = {"confirm": "reports.confirm_goal", "propose": "reports.propose_goal_status"}
    http_method_names = ["get", "post", "head", "options"]
    default_ordering = ("year", "pk")

    def _write(self, request, perm, refusal, write):
        from insyn.core.access import refuse

        goal = self.get_object()
        if not request.user.has_perm(perm, goal):
            refuse(request.user, perm, goal, refusal)
        data = GoalStatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        write(
            goal,
            data.validated_data["status"],
            data.validated_data.get("comment", ""),
            request.user,
        )
        return Response(GoalStatusSerializer(self.get_queryset().get(pk=goal.pk)).data)

    @extend_schema(request=GoalStatusInputSerializer, responses=GoalStatusSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Confirm the goal's status: needs a manager of the goal's committee (or a recorded
        delegate)."""
        from .views import GOAL_CONFIRM_REFUSED

        return self._write(
            request, "reports.confirm_goal", GOAL_CONFIRM_REFUSED, services.confirm_goal
        )

    @extend_schema(request=GoalStatusInputSerializer, responses=GoalStatusSerializer)
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        """Propose the goal's status: needs a controller covering the goal's org unit."""
        from .views import GOAL_PROPOSE_REFUSED

        return self._write(
            request,
            "reports.propose_goal_status",
            GOAL_PROPOSE_REFUSED,
            services.propose_goal_status,
        )


class CouncilFollowUpSerializer(serializers.Serializer):
    performed_on = serializers.DateField(allow_null=True)
    method = serializers.CharField(source="get_method_display")
    area = serializers.CharField(source="unit.category.name")


class CouncilDeficiencySerializer(serializers.Serializer):
    description = serializers.SerializerMethodField()
    severity = serializers.CharField(source="get_severity_display")
    status = serializers.CharField(source="get_status_display")
    action_plan = serializers.SerializerMethodField()
    action_plan_status = serializers.SerializerMethodField()
    requirement = serializers.SerializerMethodField()
    affected_goals = serializers.SerializerMethodField(
        help_text="Nämndens mål som bristen påverkar (år som rapporten)."
    )

    # Free text with identity numbers masked, as in the council report's pages and PDF.
    def get_description(self, deficiency) -> str:
        return mask_identity_numbers(deficiency.description)

    def get_action_plan(self, deficiency) -> str | None:
        plan = getattr(deficiency, "latest_plan", None)
        if plan is None:
            return None
        return f"{mask_identity_numbers(plan.measures)} – klart senast {plan.due_date:%Y-%m-%d}"

    def get_action_plan_status(self, deficiency) -> str | None:
        plan = getattr(deficiency, "latest_plan", None)
        return plan.get_status_display() if plan else None

    def get_requirement(self, deficiency) -> str | None:
        requirement = deficiency.requirement
        return str(requirement) if requirement else None

    def get_affected_goals(self, deficiency) -> list[str]:
        return [f"{g.get_level_display()}: {g.title}" for g in deficiency.affected_goals.all()]


class CouncilUnmetSerializer(serializers.Serializer):
    requirement = serializers.SerializerMethodField()
    assessment = serializers.CharField(source="assessment_label")
    finding = serializers.SerializerMethodField()

    def get_requirement(self, unmet) -> str:
        # As str(ContractRequirement), the deficiencies' `requirement`.
        return f"{unmet.clause} {unmet.requirement_text}".strip()

    def get_finding(self, unmet) -> str:
        return mask_identity_numbers(unmet.text)


class CouncilContractSerializer(serializers.Serializer):
    contract_id = serializers.IntegerField(source="contract.pk")
    title = serializers.CharField(source="contract.title")
    provider = serializers.CharField(source="contract.provider.name")
    diary_number = serializers.CharField(source="contract.diary_number")
    followups = CouncilFollowUpSerializer(many=True)
    areas = serializers.ListField(child=serializers.CharField())
    requirements_met = serializers.CharField(
        help_text="Uppfyller leverantören väsentliga kvalitetskrav enligt avtalet: Ja, Nej "
        "eller Ej uppföljt."
    )
    deficiencies = CouncilDeficiencySerializer(
        many=True, help_text="Brister mot väsentliga kvalitetskrav."
    )
    unmet_requirements = CouncilUnmetSerializer(
        source="unmet",
        many=True,
        help_text="Iakttagelser att ett väsentligt kvalitetskrav inte eller delvis uppfylls "
        "där ingen brist registrerades.",
    )
    other_deficiencies = CouncilDeficiencySerializer(many=True)
    effect_on_goals = serializers.CharField(source="note")
    proposed_strategic = serializers.BooleanField(
        source="proposed", help_text="Förslaget: högt värde och hög påverkan."
    )
    committee_judgement = serializers.SerializerMethodField(
        help_text="Nämndens egen bedömning och motivering; null när förslaget gäller."
    )

    def get_committee_judgement(self, entry) -> dict | None:
        j = entry.judgement
        if j is None:
            return None
        return {
            "strategic": j.strategic,
            "reason": j.reason,
            "overrides_proposal": entry.overridden,
            "decided_by": str(j.decided_by or ""),
            "decided_at": j.created_at.isoformat(),
            "delegation": j.delegation,
        }


class CouncilSectionSerializer(serializers.Serializer):
    committee = serializers.CharField(source="name")
    contracts = CouncilContractSerializer(source="entries", many=True)


class CouncilReportViewSet(ReportApiViewSet):
    """The council report on strategic contracts (seed 004), per committee."""

    required_perm = "reports.view_reports"

    @extend_schema(parameters=[SCOPE_PARAMETERS[0]], responses=CouncilSectionSerializer(many=True))
    def list(self, request):
        # The same permission and scoped contracts as the page (year checked in `initial`).
        year = int(request.query_params.get("year") or dt.date.today().year)
        sections, _complete = queries.council_sections_for(request.user, year)
        return Response(CouncilSectionSerializer(sections, many=True).data)


def register_routes(router):
    router.register("reports/feedback-table", FeedbackTableViewSet, basename="report-feedback")
    router.register("reports/indicators", IndicatorValueViewSet, basename="report-indicator")
    router.register("reports/annual", AnnualReportViewSet, basename="report-annual")
    router.register("reports/goals", GoalChainViewSet, basename="report-goals")
    router.register("goals", GoalStatusViewSet, basename="goal")
    router.register("reports/strategic-contracts", CouncilReportViewSet, basename="report-council")
