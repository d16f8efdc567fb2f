from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "insyn.followup"
    verbose_name = "Uppföljning"
    # Run each night by `manage.py run_daily_jobs` (core).
    daily_commands = ("snapshot_risk",)

    def ready(self):
        from auditlog.registry import auditlog

        from insyn.core.history import register_actions
        from insyn.feedback.signals import followup_requested

        from . import log_actions, models, receivers

        register_actions(log_actions.ACTIONS)
        followup_requested.connect(
            receivers.add_followup_for_alert, dispatch_uid="followup.add_followup_for_alert"
        )

        for model in (
            models.FollowUpPlan,
            models.PlannedFollowUp,
            models.FollowUp,
            models.Answer,
            models.Finding,
            models.Deficiency,
            models.ActionPlan,
            models.ReportDispatch,
            models.UnitRiskFlag,
        ):
            auditlog.register(model)
