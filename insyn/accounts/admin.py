"""Administration of users and the organisational tree (for the systemförvaltare)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import OrgUnit, User


class NoDeleteMixin:
    """History must keep its actors and units: deactivate instead (see /administration/)."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OrgUnit)
class OrgUnitAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "code", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "code"]


@admin.register(User)
class UserAdmin(NoDeleteMixin, BaseUserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "role",
        "org_unit",
        "provider",
        "is_active",
    ]
    list_filter = ["role", "is_active", "org_unit"]
    autocomplete_fields = ["provider"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Roll i Insyn", {"fields": ("role", "org_unit", "provider", "phone")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("Roll i Insyn", {"fields": ("role", "org_unit", "provider")}),
    )
