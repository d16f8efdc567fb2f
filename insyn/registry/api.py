"""The register's HTTP API: providers, units and contracts under /api/v1/.

Reads go through the same scoped queries and filters as the pages; writes through the same
forms and services, so validation, permissions and history are identical. Serializer
docstrings and help texts are in Swedish because they are the API documentation users read.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from insyn.accounts.predicates import is_provider_user
from insyn.core.access import refuse
from insyn.core.api import (
    FormBackedSerializer,
    ScopedPrimaryKeyRelatedField,
    ScopedViewSet,
    StrictInputMixin,
)

from . import queries, services
from .filters import ContractFilter, ProviderFilter, UnitFilter
from .forms import (
    ContractForm,
    PortalProviderForm,
    PortalUnitForm,
    ProviderForm,
    RequirementFormSet,
    UnitForm,
)
from .models import Category, Contract, ContractCommittee, ContractRequirement, Provider, Unit

MOVE_UNIT_REFUSED = (
    "En verksamhet kan inte flyttas till en annan utförare. Registrera en ny verksamhet i stället."
)
UNKNOWN_REQUIREMENT = "Kravet med id {pk} hör inte till det här avtalet. Utelämna id för nya krav."


class ProviderSerializer(FormBackedSerializer):
    """Utförare (organisation), identifierad med organisationsnummer NNNNNN-NNNN."""

    form_class = ProviderForm
    has_framework = serializers.BooleanField(
        read_only=True, help_text="Omfattas av ett gällande ramavtal."
    )
    operation_form_display = serializers.CharField(
        source="get_operation_form_display", read_only=True
    )

    class Meta:
        model = Provider
        fields = [
            "id",
            *ProviderForm.Meta.fields,
            "operation_form_display",
            "has_framework",
            "created_at",
            "updated_at",
        ]
        # Format, check digit and duplicates (also among removed providers) are checked by
        # ProviderForm, with the messages the pages show.
        extra_kwargs = {"org_number": {"validators": []}}

    def save_form(self, form, user):
        return services.save_provider(form, user)


class _PortalSerializer:
    """A provider user's serializer: the portal form's fields can be written; every other
    field is shown read-only, and input naming one is refused."""

    reject_unwritable = True

    def get_fields(self):
        fields = super().get_fields()
        writable = set(self.form_class._meta.fields)
        for name in set(fields) - writable:
            # What Meta.read_only_fields would do, and it reaches declared fields too.
            fields[name].read_only, fields[name].required = True, False
        return fields


class PortalProviderSerializer(_PortalSerializer, ProviderSerializer):
    """A provider user's own organisation: only the contact data can be written."""

    form_class = PortalProviderForm


class UnitSerializer(FormBackedSerializer):
    """Verksamhet hos en utförare: målgrupp, tillstånd, platser och priser."""

    form_class = UnitForm
    provider = ScopedPrimaryKeyRelatedField(scope=queries.providers_for)
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    # A related field answers null for a missing district, also in a PATCH's answer.
    district_name = serializers.SlugRelatedField(
        source="district", slug_field="name", read_only=True, allow_null=True
    )
    in_framework = serializers.BooleanField(
        read_only=True, help_text="Omfattas av ett gällande ramavtal."
    )

    class Meta:
        model = Unit
        fields = [
            "id",
            *UnitForm.Meta.fields,
            "provider_name",
            "category_name",
            "district_name",
            "in_framework",
            "created_at",
            "updated_at",
        ]

    def validate_provider(self, value):
        if self.instance is not None and value.pk != self.instance.provider_id:
            raise serializers.ValidationError(MOVE_UNIT_REFUSED)
        return value

    def save_form(self, form, user):
        return services.save_unit(form, user)


class PortalUnitSerializer(_PortalSerializer, UnitSerializer):
    """A provider user's own unit: vacancies, focus, description, needs and address."""

    form_class = PortalUnitForm


class RequirementSerializer(serializers.ModelSerializer):
    """Uppföljningsbart krav i avtalet, med hänvisning till avtalspunkt."""

    id = serializers.IntegerField(
        required=False, help_text="Utelämna för ett nytt krav; ange för att behålla/ändra ett."
    )

    class Meta:
        model = ContractRequirement
        fields = ["id", "clause", "text", "essential"]


class UnitSummarySerializer(serializers.ModelSerializer):
    """Verksamhetens id och namn."""

    class Meta:
        model = Unit
        fields = ["id", "name"]


class ContractPartSerializer(StrictInputMixin, serializers.ModelSerializer):
    """En nämnds del av avtalet: nämnden, delens text och de kategorier av avtalets
    verksamheter som delen omfattar (tom lista: hela avtalet)."""

    committee = serializers.PrimaryKeyRelatedField(
        queryset=services.part_committees(),
        help_text="Id för en aktiv nämnd (organisationsenhet av typen nämnd).",
        error_messages={
            "does_not_exist": "Organisationsenheten {pk_value} är ingen aktiv nämnd. Välj en "
            "nämnd; förvaltningar, stadsdelar och enheter kan inte ha en del av ett avtal."
        },
    )
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    part = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", help_text="T.ex. HVB."
    )
    categories = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(),
        many=True,
        required=False,
        default=list,
        help_text="Id:n för kategorier bland avtalets verksamheters. Tom: hela avtalet.",
    )
    category_codes = serializers.SlugRelatedField(
        source="categories", slug_field="code", many=True, read_only=True
    )
    responsible = serializers.SerializerMethodField(
        help_text="Avtalets ansvariga nämnd: delen finns alltid och kan inte tas bort."
    )

    class Meta:
        model = ContractCommittee
        fields = [
            "id",
            "committee",
            "committee_name",
            "part",
            "categories",
            "category_codes",
            "responsible",
        ]
        read_only_fields = ["id"]

    def get_responsible(self, part) -> bool:
        return part.committee_id == part.contract.committee_id


class ContractPartsInputSerializer(StrictInputMixin, serializers.Serializer):
    """Avtalets alla nämnders delar. Listan ersätter delarna: en listad nämnds del läggs till
    eller ändras, en olistad tas bort. Den ansvariga nämnden måste finnas med."""

    parts = ContractPartSerializer(many=True, allow_empty=False)


class ContractSerializer(FormBackedSerializer):
    """Avtal med utförare, dess verksamheter och uppföljningsbara krav."""

    form_class = ContractForm
    provider = ScopedPrimaryKeyRelatedField(scope=queries.providers_for)
    units = ScopedPrimaryKeyRelatedField(
        scope=queries.units_for,
        many=True,
        required=False,
        help_text="Id:n för verksamheter hos samma utförare.",
    )
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    unit_names = UnitSummarySerializer(
        source="units", many=True, read_only=True, help_text="Verksamheterna med namn (läsning)."
    )
    # A related field answers null for a missing committee, also in a PATCH's answer.
    committee_name = serializers.SlugRelatedField(
        source="committee", slug_field="name", read_only=True, allow_null=True
    )
    contract_type_display = serializers.CharField(
        source="get_contract_type_display", read_only=True
    )
    requirements = RequirementSerializer(
        many=True,
        required=False,
        help_text=(
            "Uppföljningsbara krav. Skickas listan ersätter den avtalets krav: krav med id "
            "behålls och ändras, krav utan id läggs till, krav som inte finns med tas bort."
        ),
    )
    committee_parts = ContractPartSerializer(
        many=True,
        read_only=True,
        help_text="Nämndernas delar av avtalet (läsning; ändras med POST …/parts/).",
    )

    class Meta:
        model = Contract
        fields = [
            "id",
            *ContractForm.Meta.fields,
            "provider_name",
            "unit_names",
            "committee_name",
            "contract_type_display",
            "requirements",
            "committee_parts",
            "created_at",
            "updated_at",
        ]

    def validate_requirements(self, value):
        existing = (
            set(self.instance.requirements.values_list("pk", flat=True)) if self.instance else set()
        )
        for item in value:
            pk = item.get("id")
            if pk is not None and pk not in existing:
                raise serializers.ValidationError(UNKNOWN_REQUIREMENT.format(pk=pk))
        return value

    def requirement_formset(self, requirements):
        """The page's inline formset, filled from the API's list (None leaves them as they are)."""
        contract = self.instance or Contract()
        prefix = RequirementFormSet.get_default_prefix()
        kept, new = [], []
        if requirements is not None:
            for item in requirements:
                (kept if item.get("id") is not None else new).append(item)
        kept_ids = {item["id"] for item in kept}
        removed = (
            [pk for pk in contract.requirements.values_list("pk", flat=True) if pk not in kept_ids]
            if contract.pk and requirements is not None
            else []
        )
        initial = [*kept, *({"id": pk, "DELETE": True} for pk in removed)]
        data = {
            f"{prefix}-TOTAL_FORMS": str(len(initial) + len(new)),
            f"{prefix}-INITIAL_FORMS": str(len(initial)),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
        stored = {r.pk: r for r in contract.requirements.filter(pk__in=removed)} if removed else {}
        for index, item in enumerate([*initial, *new]):
            if item.get("DELETE"):
                # A removed requirement is sent as stored, so only the deletion flag counts.
                item = {
                    "id": item["id"],
                    "clause": stored[item["id"]].clause,
                    "text": stored[item["id"]].text,
                    "DELETE": "on",
                }
            for name in ("id", "clause", "text", "DELETE"):
                if item.get(name) is not None:
                    data[f"{prefix}-{index}-{name}"] = item[name]
            if item.get("essential"):
                data[f"{prefix}-{index}-essential"] = "on"
        return RequirementFormSet(data=data, instance=contract, prefix=prefix)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        self.requirements_formset = self.requirement_formset(attrs.get("requirements"))
        if not self.requirements_formset.is_valid():
            errors = [
                {field: list(messages) for field, messages in form_errors.items()}
                for form_errors in self.requirements_formset.errors
            ]
            raise serializers.ValidationError(
                {"requirements": errors or list(self.requirements_formset.non_form_errors())}
            )
        return attrs

    def get_form(self, data):
        # The page's form with the requesting user: a changed committee must be theirs.
        return self.form_class(data=data, instance=self.instance, user=self.context["request"].user)

    def save_form(self, form, user):
        return services.save_contract(form, self.requirements_formset, user)


def _documented(many: str, one: str, *, retrieve: str = "", partial: str = ""):
    """The OpenAPI summaries of a register viewset, in Swedish: they are what users read."""
    return extend_schema_view(
        list=extend_schema(summary=f"Lista {many} (samma filter som sidorna)"),
        retrieve=extend_schema(summary=f"Hämta {one}{retrieve}"),
        create=extend_schema(summary=f"Registrera {one} (controller/systemförvaltare)"),
        update=extend_schema(summary=f"Ändra {one}"),
        partial_update=extend_schema(summary=f"Ändra delar av {one}{partial}"),
    )


def _perms(model: str) -> dict:
    """Lists are scoped; reading, adding and changing one row take the model's permissions."""
    change = f"registry.change_{model}"
    return {
        "list": None,
        "retrieve": f"registry.view_{model}",
        "create": f"registry.add_{model}",
        "update": change,
        "partial_update": change,
    }


@_documented("utförare", "en utförare", partial=" (utförare: bara kontaktuppgifter)")
class ProviderViewSet(ScopedViewSet):
    scope = staticmethod(queries.providers_for)
    perms = _perms("provider")
    serializer_class, portal_serializer_class = ProviderSerializer, PortalProviderSerializer
    is_portal_user = staticmethod(is_provider_user)
    filterset_class = ProviderFilter
    default_ordering = ("name", "pk")

    def optimize(self, queryset):
        return queries.providers_with_framework_flag(queryset)


@_documented(
    "verksamheter",
    "en verksamhet",
    partial=" (utförare: lediga platser, beskrivning, adress)",
)
class UnitViewSet(ScopedViewSet):
    scope = staticmethod(queries.units_for)
    perms = _perms("unit")
    serializer_class, portal_serializer_class = UnitSerializer, PortalUnitSerializer
    is_portal_user = staticmethod(is_provider_user)
    filterset_class = UnitFilter
    default_ordering = ("name", "pk")

    def optimize(self, queryset):
        return queries.with_framework_flag(
            queryset.select_related("provider", "category", "district")
        )


@_documented("avtal", "ett avtal", retrieve=" med krav och nämndernas delar")
class ContractViewSet(ScopedViewSet):
    scope = staticmethod(queries.contracts_for)
    # Custom actions check their object permission themselves (the shared permission class
    # checks non-standard actions without the object).
    perms = {**_perms("contract"), "parts": None}
    object_perms = {"parts": "registry.change_contract_parts"}
    serializer_class = ContractSerializer
    filterset_class = ContractFilter
    default_ordering = ("-start_date", "pk")

    def check_object_permissions(self, request, obj):
        # A contract of another committee: refused with why, before anything is read or saved.
        if self.action in ("update", "partial_update") and not request.user.has_perm(
            "registry.change_contract", obj
        ):
            refuse(request.user, "registry.change_contract", obj, services.contract_refusal(obj))
        super().check_object_permissions(request, obj)

    def optimize(self, queryset):
        return queryset.select_related("provider", "committee").prefetch_related(
            Prefetch("units", queryset=Unit.objects.only("pk", "name").order_by("name", "pk")),
            "requirements",
            Prefetch(
                "committee_parts",
                queryset=ContractCommittee.objects.select_related(
                    "committee", "contract"
                ).prefetch_related("categories"),
            ),
        )

    @extend_schema(
        summary="Ange nämndernas delar av ett avtal",
        request=ContractPartsInputSerializer,
        responses=ContractSerializer,
    )
    @action(detail=True, methods=["post"])
    def parts(self, request, pk=None):
        """Listan ersätter avtalets delar, med samma regler och historik som avtalssidans
        ”Nämndernas delar”: den ansvariga nämnden måste finnas med, en del per nämnd, bara
        nämnder, och kategorier bland avtalets verksamheters. Bryter en del mot en regel
        ändras ingenting (400)."""
        contract = self.get_object()
        if not request.user.has_perm("registry.change_contract_parts", contract):
            refuse(
                request.user,
                "registry.change_contract_parts",
                contract,
                services.parts_refusal(contract),
            )
        data = ContractPartsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.set_parts(contract, data.validated_data["parts"], request.user)
        except services.PartRefused as exc:
            raise serializers.ValidationError({"parts": [exc.message]}) from exc
        return Response(ContractSerializer(self.get_queryset().get(pk=contract.pk)).data)


def register_routes(router):
    router.register("providers", ProviderViewSet, basename="provider")
    router.register("units", UnitViewSet, basename="unit")
    router.register("contracts", ContractViewSet, basename="contract")
