"""Administration of the rating questionnaire versions (new version = new row, set active)."""

from django.contrib import admin

from .models import RatingAlternative, RatingQuestion, RatingQuestionnaire


class RatingQuestionInline(admin.TabularInline):
    model = RatingQuestion
    extra = 0


@admin.register(RatingQuestionnaire)
class RatingQuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "is_active"]
    inlines = [RatingQuestionInline]


@admin.register(RatingQuestion)
class RatingQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "questionnaire", "order"]
    list_filter = ["questionnaire"]

    class AlternativeInline(admin.TabularInline):
        model = RatingAlternative
        extra = 0

    inlines = [AlternativeInline]
