from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "insyn.registry"
    verbose_name = "Utförarregister"

    def ready(self):
        from auditlog.registry import auditlog

        from . import documents, models

        documents.register()
        auditlog.register(models.Category)
        auditlog.register(models.Provider)
        auditlog.register(models.Unit)
        auditlog.register(models.Contract, m2m_fields={"units"})
        auditlog.register(models.ContractRequirement)
        auditlog.register(models.ContractDocument)
        # The row report can be thousands of lines; status and counts are what history needs.
        auditlog.register(models.ImportBatch, exclude_fields=["report"])
