from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "insyn.reports"
    verbose_name = "Rapporter"

    def ready(self):
        from auditlog.registry import auditlog

        from . import documents, models, rules  # noqa: F401 - registers the permission predicates

        documents.register()

        for model in (
            models.FeedbackTableNote,
            models.Indicator,
            models.IndicatorValue,
            models.AnnualReport,
            models.StrategicContractNote,
            models.GoalActivity,
        ):
            auditlog.register(model, exclude_fields=["updated_at"])
        auditlog.register(
            models.Goal, exclude_fields=["updated_at"], m2m_fields={"indicators", "affected_by"}
        )
