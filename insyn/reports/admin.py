"""Admin for report configuration (indicators, goals) and emergency corrections."""

from django.contrib import admin

from .models import AnnualReport, Goal, GoalActivity, Indicator, IndicatorValue


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    exclude = ["updated_by"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "metric", "kpi_code", "org_unit", "active", "sort_order"]
    list_filter = ["source", "active"]
    search_fields = ["name", "kpi_code"]
    inlines = [IndicatorValueInline]


class GoalActivityInline(admin.TabularInline):
    model = GoalActivity
    extra = 0


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "level", "parent", "org_unit", "status", "confirmed_by"]
    raw_id_fields = ["parent"]
    inlines = [GoalActivityInline]
    list_filter = ["year", "level", "status"]
    filter_horizontal = ["indicators"]
    readonly_fields = ["confirmed_by", "confirmed_at"]


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["year", "org_unit", "updated_by", "updated_at"]
    readonly_fields = ["updated_by"]
