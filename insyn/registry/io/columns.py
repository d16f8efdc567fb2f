"""The import template's columns: Swedish headers, value types, model fields and help texts.

One list per kind of sheet. The exporter writes exactly these columns and the importer
expects exactly these (the id columns may be left out), so an export can always be re-imported.
"""

from dataclasses import dataclass

from .constants import SheetKind


@dataclass(frozen=True)
class Column:
    key: str  # the model field (or a pseudo-field such as "units" or "requirements")
    header: str  # Swedish header, as the user sees it in Excel
    type: str  # text | int | decimal | date | bool | choice | ref | org_number | id | list
    help: str
    example: object = ""
    required: bool = False
    optional_column: bool = False  # the whole column may be missing from the file
    owner: str = "provider"  # provider | unit | contract


# Sheet 1: one row per unit, provider columns repeated on each of its units' rows.
PROVIDER_COLUMNS = [
    Column(
        "org_number",
        "Organisationsnummer",
        "org_number",
        "Tio siffror med eller utan bindestreck, med korrekt kontrollsiffra.",
        "556036-0793",
        required=True,
    ),
    Column("name", "Utförare", "text", "Organisationens namn.", "Omsorg i Väst AB", required=True),
    Column(
        "operation_form",
        "Driftform",
        "choice",
        "Privat företag, Idéburen organisation, Egen regi eller Annan offentlig aktör. "
        "Tom ruta betyder Privat företag.",
        "Privat företag",
    ),
    Column("street_address", "Gatuadress", "text", "Utförarens postadress.", "Storgatan 1"),
    Column("postal_code", "Postnummer", "text", "Utförarens postnummer.", "411 01"),
    Column("city", "Ort", "text", "Utförarens postort.", "Göteborg"),
    Column("contact_name", "Kontaktperson", "text", "Namn på kontaktperson.", "Anna Andersson"),
    Column("email", "E-post", "email", "Utförarens e-postadress.", "info@omsorg.example.se"),
    Column("phone", "Telefon", "text", "Utförarens telefonnummer.", "031-123 45 67"),
    Column("website", "Webbplats", "url", "Adress som börjar med https://.", ""),
    Column("active", "Utförare aktiv", "bool", "Ja eller Nej. Tom ruta betyder Ja.", "Ja"),
]

UNIT_COLUMNS = [
    Column(
        "id",
        "Verksamhets-id",
        "id",
        "Insyns id för verksamheten (finns i exporten). Lämna tomt för nya verksamheter.",
        "",
        optional_column=True,
        owner="unit",
    ),
    Column(
        "name",
        "Verksamhet",
        "text",
        "Verksamhetens namn. Lämna alla verksamhetskolumner tomma för en utförare utan "
        "verksamheter.",
        "Omsorg i Väst Hisingen",
        owner="unit",
    ),
    Column(
        "category",
        "Kategori",
        "ref",
        "En av kategorierna i Insyn, t.ex. HVB barn och unga.",
        "HVB barn och unga",
        owner="unit",
    ),
    Column(
        "focus", "Inriktning", "text", "Verksamhetens inriktning.", "Neuropsykiatri", owner="unit"
    ),
    Column("description", "Beskrivning", "text", "Fri beskrivning.", "", owner="unit"),
    Column("target_age_min", "Ålder från", "int", "Målgruppens lägsta ålder.", 13, owner="unit"),
    Column("target_age_max", "Ålder till", "int", "Målgruppens högsta ålder.", 17, owner="unit"),
    Column(
        "target_gender",
        "Kön",
        "choice",
        "Alla, Kvinnor/flickor eller Män/pojkar. Tom ruta betyder Alla.",
        "Alla",
        owner="unit",
    ),
    Column("target_needs", "Behov", "text", "Målgruppens behov.", "Missbruk", owner="unit"),
    Column(
        "ivo_permit_number",
        "IVO-tillstånd",
        "text",
        "Tillståndets nummer.",
        "1.2-345/2024",
        owner="unit",
    ),
    Column(
        "ivo_permit_date",
        "IVO-tillstånd datum",
        "date",
        "Datum som ÅÅÅÅ-MM-DD eller en datumcell.",
        "2024-03-01",
        owner="unit",
    ),
    Column(
        "ivo_permit_scope",
        "IVO-tillstånd omfattning",
        "text",
        "Tillståndets omfattning.",
        "",
        owner="unit",
    ),
    Column("places", "Antal platser", "int", "Heltal, 0 eller mer.", 8, owner="unit"),
    Column(
        "vacancies",
        "Lediga platser",
        "int",
        "Heltal, högst lika många som antal platser.",
        2,
        owner="unit",
    ),
    Column(
        "vacancies_confirmed_on",
        "Lediga platser bekräftade",
        "date",
        "Datum som ÅÅÅÅ-MM-DD.",
        "2026-01-15",
        owner="unit",
    ),
    Column(
        "price_per_day_framework",
        "Pris per dygn ramavtal",
        "decimal",
        "Kronor, decimalkomma, t.ex. 3 500,50. Bara för en verksamhet som omfattas av ett "
        "gällande ramavtal, i registret eller på filens avtalsflik.",
        "",
        owner="unit",
    ),
    Column(
        "price_indication",
        "Prisindikation per dygn",
        "decimal",
        "Pris utanför ramavtal i kronor per dygn.",
        "3 500,50",
        owner="unit",
    ),
    Column(
        "street_address",
        "Verksamhetens gatuadress",
        "text",
        "Besöksadress.",
        "Lillgatan 2",
        owner="unit",
    ),
    Column("postal_code", "Verksamhetens postnummer", "text", "", "417 05", owner="unit"),
    Column("city", "Verksamhetens ort", "text", "", "Göteborg", owner="unit"),
    Column(
        "municipality",
        "Kommun",
        "text",
        "Kommunen där verksamheten finns.",
        "Göteborg",
        owner="unit",
    ),
    Column(
        "district",
        "Stadsdel",
        "ref",
        "Namnet på en stadsdel i Insyns organisation, eller tomt.",
        "",
        owner="unit",
    ),
    Column(
        "active",
        "Verksamhet aktiv",
        "bool",
        "Ja eller Nej. Tom ruta betyder Ja.",
        "Ja",
        owner="unit",
    ),
]

CONTRACT_COLUMNS = [
    Column(
        "id",
        "Avtals-id",
        "id",
        "Insyns id för avtalet (finns i exporten). Lämna tomt för nya avtal.",
        "",
        optional_column=True,
        owner="contract",
    ),
    Column(
        "org_number",
        "Organisationsnummer",
        "org_number",
        "Utförarens organisationsnummer. Utföraren ska finnas i Insyn eller i samma fil.",
        "556036-0793",
        required=True,
        owner="contract",
    ),
    Column(
        "contract_type",
        "Avtalstyp",
        "choice",
        "Ramavtal, LOV (valfrihetssystem), Direktupphandling, Individavtal, Entreprenad eller "
        "Uppdragsbeskrivning (egen regi).",
        "Ramavtal",
        required=True,
        owner="contract",
    ),
    Column(
        "title",
        "Benämning",
        "text",
        "Avtalets namn.",
        "Ramavtal HVB 2024",
        required=True,
        owner="contract",
    ),
    Column(
        "diary_number",
        "Diarienummer",
        "text",
        "Används för att känna igen avtalet vid ny import.",
        "SN-2024-0012",
        owner="contract",
    ),
    Column(
        "units",
        "Verksamheter",
        "list",
        "Utförarens verksamheter som avtalet omfattar: namn eller verksamhets-id, "
        "åtskilda med semikolon (;).",
        "Omsorg i Väst Hisingen",
        owner="contract",
    ),
    Column(
        "committee",
        "Ansvarig nämnd",
        "ref",
        "Namnet på en nämnd i Insyns organisation, eller tomt.",
        "",
        owner="contract",
    ),
    Column(
        "owner", "Avtalsägare", "ref", "Användarnamn i Insyn, eller tomt.", "", owner="contract"
    ),
    Column(
        "start_date",
        "Startdatum",
        "date",
        "ÅÅÅÅ-MM-DD.",
        "2024-01-01",
        required=True,
        owner="contract",
    ),
    Column(
        "end_date",
        "Slutdatum",
        "date",
        "ÅÅÅÅ-MM-DD, inte före startdatum.",
        "2027-12-31",
        owner="contract",
    ),
    Column(
        "extension_options",
        "Förlängningsoption",
        "text",
        "T.ex. 1+1 år.",
        "1+1 år",
        owner="contract",
    ),
    Column(
        "annual_value",
        "Årligt värde",
        "decimal",
        "Kronor, decimalkomma.",
        "1 200 000",
        owner="contract",
    ),
    Column("description", "Beskrivning", "text", "Fri beskrivning.", "", owner="contract"),
    Column(
        "requirements",
        "Krav",
        "requirements",
        "Uppföljningsbara krav som 'avtalspunkt: text', flera åtskilda med ' | ', "
        "t.ex. 5.2: Rutiner för avvikelser | 6.1: Utbildad personal. En stjärna efter "
        "avtalspunkten (5.2*: …) markerar ett väsentligt kvalitetskrav.",
        "5.2*: Rutiner för avvikelsehantering | 6.1: Personalen ska ha relevant utbildning",
        owner="contract",
    ),
]

UNIT_SHEET_COLUMNS = PROVIDER_COLUMNS + UNIT_COLUMNS

SHEETS = {
    SheetKind.UNITS: UNIT_SHEET_COLUMNS,
    SheetKind.CONTRACTS: CONTRACT_COLUMNS,
}

SHEET_TITLES = {
    SheetKind.UNITS: "Utförare och verksamheter",
    SheetKind.CONTRACTS: "Avtal",
}
INSTRUCTIONS_TITLE = "Instruktioner"

# Separators inside one cell; documented in docs/registry-import.md.
UNIT_LIST_SEPARATOR = ";"
REQUIREMENT_SEPARATOR = "|"


def normalise_header(value) -> str:
    return " ".join(str(value or "").split()).casefold()


def columns_by_header(kind) -> dict[str, Column]:
    return {normalise_header(c.header): c for c in SHEETS[kind]}


def detect_kind(headers: list[str]):
    """The kind whose own headers the row shares most of; None when it looks like neither."""
    normalised = {normalise_header(h) for h in headers if h}
    unit_only = {normalise_header(c.header) for c in UNIT_SHEET_COLUMNS} - {
        normalise_header(c.header) for c in CONTRACT_COLUMNS
    }
    contract_only = {normalise_header(c.header) for c in CONTRACT_COLUMNS} - {
        normalise_header(c.header) for c in UNIT_SHEET_COLUMNS
    }
    unit_score = len(normalised & unit_only)
    contract_score = len(normalised & contract_only)
    if unit_score == contract_score == 0:
        return None
    return SheetKind.UNITS if unit_score >= contract_score else SheetKind.CONTRACTS
