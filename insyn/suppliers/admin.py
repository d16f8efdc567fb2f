"""The admin page of the nightly refresh: each run's progress and outcome (read-only)."""

from django.contrib import admin

from .models import RefreshRun


@admin.register(RefreshRun)
class RefreshRunAdmin(admin.ModelAdmin):
    list_display = (
        "started_at",
        "finished_at",
        "source",
        "budget",
        "planned",
        "checked",
        "failures",
    )
    readonly_fields = [f.name for f in RefreshRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
