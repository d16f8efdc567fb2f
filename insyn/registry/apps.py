from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "insyn.registry"
    verbose_name = "Utförarregister"

    def ready(self):
        from auditlog.registry import auditlog

        from insyn.core.history import register_actions

        from . import documents, log_actions, models

        documents.register()
        register_actions(log_actions.ACTIONS)
        auditlog.register(models.Category)
        auditlog.register(models.Provider)
        auditlog.register(models.Unit)
        auditlog.register(models.Contract, m2m_fields={"units"})
        auditlog.register(models.ContractRequirement)
        auditlog.register(models.ContractCommittee, m2m_fields={"categories"})
        auditlog.register(models.ContractDocument)
        # The row report can be thousands of lines; status and counts are what history needs.
        auditlog.register(models.ImportBatch, exclude_fields=["report"])
