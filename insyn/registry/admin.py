"""Admin for the configurable lists of the register (categories) and emergency corrections."""

from django.contrib import admin

from .models import Category, Contract, ContractCommittee, ContractRequirement, Provider, Unit


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "active", "requires_ivo_permit", "sort_order"]
    list_editable = ["active", "requires_ivo_permit", "sort_order"]
    prepopulated_fields = {"code": ("name",)}


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "org_number", "operation_form", "active"]
    search_fields = ["name", "org_number"]
    list_filter = ["operation_form", "active"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "category", "active"]
    search_fields = ["name", "provider__name"]
    list_filter = ["category", "active"]
    raw_id_fields = ["provider"]


class RequirementInline(admin.TabularInline):
    model = ContractRequirement
    extra = 0


class CommitteePartInline(admin.TabularInline):
    """Each committee's part of the contract (docs/memberships.md), read only: parts are
    changed on the contract's page or through the API, where the rules (one part per
    committee, the responsible committee's part stays) and the history events apply."""

    model = ContractCommittee
    extra = 0
    fields = ["committee", "part", "categories"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "contract_type", "start_date", "end_date"]
    list_filter = ["contract_type"]
    search_fields = ["title", "diary_number", "provider__name"]
    raw_id_fields = ["provider", "units", "owner"]
    inlines = [RequirementInline, CommitteePartInline]
