"""Deploy checks for open data: the OCDS package must not be published under placeholders."""

from django.conf import settings
from django.core import checks

from . import conf

PLACEHOLDER_MUNICIPALITY_NAME = "Demokommunen"  # settings.MUNICIPALITY_NAME's default


@checks.register(checks.Tags.security, deploy=True)
def ocds_buyer_is_configured(app_configs=None, **kwargs):
    """The OCDS package names the buyer and its identifiers from settings: with the defaults
    it would publish a fictitious municipality and an unregistered ocid prefix."""
    placeholders = []
    if settings.INSYN["MUNICIPALITY_NAME"] == PLACEHOLDER_MUNICIPALITY_NAME:
        placeholders.append(("MUNICIPALITY_NAME", "kommunens namn"))
    if conf.get("MUNICIPALITY_ORG_NUMBER") == conf.DEFAULTS["MUNICIPALITY_ORG_NUMBER"]:
        placeholders.append(
            ('INSYN["PUBLIC"]["MUNICIPALITY_ORG_NUMBER"]', "kommunens organisationsnummer")
        )
    if conf.get("OCID_PREFIX") == conf.DEFAULTS["OCID_PREFIX"]:
        placeholders.append(
            ('INSYN["PUBLIC"]["OCID_PREFIX"]', "ett ocid-prefix registrerat hos Open Contracting")
        )
    return [
        checks.Warning(
            f"{name} har sitt exempelvärde: öppna data (OCDS) publiceras med påhittade uppgifter.",
            hint=f"Sätt {name} till {what}.",
            id=f"insyn.public.W00{n}",
        )
        for n, (name, what) in enumerate(placeholders, start=1)
    ]
