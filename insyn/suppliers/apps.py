from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "insyn.suppliers"
    verbose_name = "Leverantörskontroll"
    # Run each night by `manage.py run_daily_jobs` (core).
    daily_commands = ("supplier_checks",)

    def ready(self):
        from auditlog.registry import auditlog

        from . import models, rules  # noqa: F401 - registers the permission predicates

        auditlog.register(models.SupplierCheck)
        auditlog.register(models.IvoDecision)
        auditlog.register(models.AnnualReport)
        auditlog.register(models.ProviderDocument, exclude_fields=["file"])
        auditlog.register(models.RedFlagAlert)
