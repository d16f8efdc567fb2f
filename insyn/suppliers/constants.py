"""Choices of supplier checks (leverantörskontroll): English values, Swedish labels."""

from django.db import models


class CheckKind(models.TextChoices):
    COMPANY_STATUS = "company_status", "Bolagsstatus (Bolagsverket)"
    F_TAX = "f_tax", "F-skatt (Skatteverket)"
    VAT = "vat", "Momsregistrering (Skatteverket)"
    EMPLOYER = "employer", "Arbetsgivarregistrering (Skatteverket)"
    IVO = "ivo", "IVO-tillstånd och tillsynsbeslut"
    ANNUAL_REPORT = "annual_report", "Årsredovisning och nyckeltal"
    ORGANISED_CRIME = "organised_crime", "Organiserad brottslighet (manuell kontroll)"


class Source(models.TextChoices):
    BOLAGSVERKET = "bolagsverket", "Bolagsverket"
    SKATTEVERKET = "skatteverket", "Skatteverket"
    IVO = "ivo", "IVO"


# Which source answers which kinds (the organised-crime check is always manual).
SOURCE_KINDS = {
    Source.BOLAGSVERKET: (CheckKind.COMPANY_STATUS, CheckKind.ANNUAL_REPORT),
    Source.SKATTEVERKET: (CheckKind.F_TAX, CheckKind.VAT, CheckKind.EMPLOYER),
    Source.IVO: (CheckKind.IVO,),
}


class Result(models.TextChoices):
    OK = "ok", "Utan anmärkning"
    WARNING = "warning", "Varningstecken"
    RED_FLAG = "red_flag", "Röd flagga"
    NOT_APPLICABLE = "not_applicable", "Ej tillämplig"
    PENDING = "pending", "Ej kontrollerad"


class CompanyStatus(models.TextChoices):
    REGISTERED = "registered", "Registrerat"
    LIQUIDATION = "liquidation", "I likvidation"
    BANKRUPT = "bankrupt", "Konkurs"
    RECONSTRUCTION = "reconstruction", "Företagsrekonstruktion"
    STRUCK_OFF = "struck_off", "Avregistrerat"


class DecisionKind(models.TextChoices):
    PERMIT = "permit", "Tillståndsbeslut"
    CRITICISM = "criticism", "Kritik"
    INJUNCTION = "injunction", "Föreläggande"
    FINE_INJUNCTION = "fine_injunction", "Vitesföreläggande"
    REVOCATION = "revocation", "Återkallelse"


class CrimeAnswer(models.TextChoices):
    NO_INFORMATION = "no_information", "Ingen information"
    INFORMATION = "information", "Information finns (se referens)"
    NO_ANSWER = "no_answer", "Inget svar ännu"


class FigureOrigin(models.TextChoices):
    IXBRL = "ixbrl", "Digital årsredovisning (iXBRL)"
    REGISTER = "register", "Hämtad från Bolagsverket"
    IMPORT = "import", "Filimport"
    MANUAL = "manual", "Inskriven för hand"


class DocumentType(models.TextChoices):
    """The documents a follow-up asks a provider for (issue 13 item 7)."""

    ANNUAL_REPORT = "annual_report", "Årsredovisning"
    QUALITY_REPORT = "quality_report", "Kvalitetsberättelse / kvalitetsrapport"
    INSURANCE = "insurance", "Försäkringsbevis"
    STAFF_COMPETENCE = "staff_competence", "Personalförteckning med kompetens"
    OTHER = "other", "Annat dokument"
