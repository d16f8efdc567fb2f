from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "insyn.followup"
    verbose_name = "Uppföljning"
    # Run each night by `manage.py run_daily_jobs` (core).
    daily_commands = ("snapshot_risk", "apply_followup_retention")

    def ready(self):
        from insyn.core.history import register_actions, register_with_hidden_text
        from insyn.feedback.signals import followup_requested

        from . import log_actions, models, receivers

        register_actions(log_actions.ACTIONS)
        followup_requested.connect(
            receivers.add_followup_for_alert, dispatch_uid="followup.add_followup_for_alert"
        )

        # Free text (answers, comments, findings, deficiencies, action plans, the summary) may
        # hold personnummer and must be removable by retention: the change history records
        # that such a field changed, never its text (core.history.register_with_hidden_text).
        for model, text_fields, label in (
            (models.FollowUpPlan, (), None),
            (models.PlannedFollowUp, (), None),
            (models.FollowUp, models.FollowUp.TEXT_FIELDS, None),
            (models.Answer, models.Answer.TEXT_FIELDS, models.Answer.log_label),
            (models.Finding, models.Finding.TEXT_FIELDS, models.Finding.log_label),
            (models.Deficiency, models.Deficiency.TEXT_FIELDS, models.Deficiency.log_label),
            (models.ActionPlan, models.ActionPlan.TEXT_FIELDS, models.ActionPlan.log_label),
            (models.ReportDispatch, (), None),
            (models.UnitRiskFlag, (), None),
        ):
            register_with_hidden_text(model, text_fields, label)
