# ruff: noqa: E501 - Swedish question texts read better unbroken
"""Default Swedish templates, one per method (loaded by a data migration, editable afterwards).

Sections follow seed 000 §3.2 and seed 001: visits, self-reports, user surveys with the case
worker's quality questions, document review of quality routines and the contract audit.
Each question: (text, answer_type, creates_deficiency, required).
"""

YNP, SCALE, NUM, DATE, TEXT, FILE = "yes_no_partly", "scale", "number", "date", "text", "attachment"

DEFAULT_TEMPLATES = [
    {
        "code": "besok",
        "name": "Verksamhetsbesök",
        "method": "site_visit",
        "description": "Fördjupad uppföljning på plats enligt avtalets kvalitetskrav.",
        "sections": [
            (
                "Bemanning och kompetens",
                [
                    ("Har personalen den utbildning som avtalet kräver?", YNP, True, True),
                    ("Finns det en föreståndare med rätt kompetens på plats?", YNP, True, True),
                    ("Antal årsarbetare i verksamheten", NUM, False, False),
                ],
            ),
            (
                "Trygghet och bemötande",
                [
                    (
                        "Finns rutin för att ta emot och åtgärda klagomål och synpunkter?",
                        YNP,
                        True,
                        True,
                    ),
                    ("Rapporteras och utreds missförhållanden enligt lex Sarah?", YNP, True, True),
                    (
                        "Hur upplever de boende bemötandet? (1 = mycket dåligt, 5 = mycket bra)",
                        SCALE,
                        True,
                        False,
                    ),
                ],
            ),
            (
                "Genomförandeplaner och dokumentation",
                [
                    ("Har varje placerad en aktuell genomförandeplan?", YNP, True, True),
                    ("Förs social dokumentation enligt gällande regler?", YNP, True, False),
                ],
            ),
            (
                "Lokaler och miljö",
                [
                    ("Är lokalerna ändamålsenliga, säkra och i gott skick?", YNP, True, False),
                ],
            ),
            ("Övrigt", [("Övriga iakttagelser", TEXT, False, False)]),
        ],
    },
    {
        "code": "digitalt-besok",
        "name": "Digitalt uppföljningsmöte",
        "method": "digital_visit",
        "description": "Uppföljning via videomöte när ett besök på plats inte behövs.",
        "sections": [
            (
                "Verksamhetens läge",
                [
                    (
                        "Har verksamheten haft förändringar i ledning eller bemanning sedan förra uppföljningen?",
                        YNP,
                        False,
                        True,
                    ),
                    ("Arbetar verksamheten enligt sin kvalitetsplan?", YNP, True, True),
                    ("Antal avvikelser under senaste halvåret", NUM, False, False),
                ],
            ),
            ("Övrigt", [("Övriga iakttagelser", TEXT, False, False)]),
        ],
    },
    {
        "code": "egenrapportering",
        "name": "Egenrapportering",
        "method": "self_report",
        "description": "Utföraren besvarar frågorna i sin egen vy före sista svarsdag.",
        "sections": [
            (
                "Verksamhet och tillstånd",
                [
                    (
                        "Har verksamheten gällande tillstånd från IVO för det den utför?",
                        YNP,
                        True,
                        True,
                    ),
                    ("Datum för senaste ändring av tillståndet", DATE, False, False),
                    ("Antal platser", NUM, False, True),
                ],
            ),
            (
                "Personal",
                [
                    ("Har all personal genomgått introduktion enligt avtalet?", YNP, True, True),
                    (
                        "Har utdrag ur belastningsregistret kontrollerats för all personal?",
                        YNP,
                        True,
                        True,
                    ),
                ],
            ),
            (
                "Kvalitetsarbete",
                [
                    ("Finns ett ledningssystem för systematiskt kvalitetsarbete?", YNP, True, True),
                    ("Bifoga verksamhetens senaste kvalitetsberättelse", FILE, False, False),
                    ("Beskriv kort förbättringsarbetet under året", TEXT, False, False),
                ],
            ),
        ],
    },
    {
        "code": "brukarenkat",
        "name": "Brukarenkät med kvalitetsfrågor",
        "method": "user_survey",
        "description": "Frågor till brukaren; socialsekreteraren ställer kvalitetsfrågorna vid uppföljning av placeringen.",
        "sections": [
            (
                "Brukarens upplevelse",
                [
                    (
                        "Känner du dig trygg där du bor? (1 = inte alls, 5 = helt)",
                        SCALE,
                        True,
                        True,
                    ),
                    (
                        "Blir du bemött med respekt av personalen? (1 = inte alls, 5 = alltid)",
                        SCALE,
                        True,
                        True,
                    ),
                    (
                        "Får du vara med och bestämma om din vardag? (1 = inte alls, 5 = helt)",
                        SCALE,
                        False,
                        True,
                    ),
                ],
            ),
            (
                "Socialsekreterarens kvalitetsfrågor",
                [
                    (
                        "Har insatsen lett till förbättring för klienten? (1 = inte alls, 5 = mycket)",
                        SCALE,
                        True,
                        True,
                    ),
                    ("Följer utföraren den överenskomna genomförandeplanen?", YNP, True, True),
                    ("Kommentar från socialsekreteraren", TEXT, False, False),
                ],
            ),
        ],
    },
    {
        "code": "dokumentgranskning",
        "name": "Granskning av kvalitetsrutiner",
        "method": "document_review",
        "description": "Granskning av utförarens rutiner och ledningssystem.",
        "sections": [
            (
                "Rutiner",
                [
                    ("Finns rutin för avvikelsehantering?", YNP, True, True),
                    ("Finns rutin för lex Sarah?", YNP, True, True),
                    (
                        "Finns rutin för hantering av personuppgifter och sekretess?",
                        YNP,
                        True,
                        True,
                    ),
                    (
                        "Finns rutin för läkemedelshantering (där det är aktuellt)?",
                        YNP,
                        True,
                        False,
                    ),
                    ("Bifoga granskade dokument", FILE, False, False),
                ],
            ),
            ("Bedömning", [("Sammanfattande bedömning", TEXT, False, False)]),
        ],
    },
    {
        "code": "avtalsuppfoljning",
        "name": "Avtalsuppföljning – ekonomi och avtalsvillkor",
        "method": "contract_audit",
        "description": "Kontroll av F-skatt, momsregistrering, skatter och avgifter, ekonomisk ställning och avtalsvillkor.",
        "sections": [
            (
                "Skatter och registrering",
                [
                    ("Är utföraren godkänd för F-skatt?", YNP, True, True),
                    ("Är utföraren registrerad för moms?", YNP, True, True),
                    (
                        "Har skatter och sociala avgifter betalats (inga skulder hos Skatteverket)?",
                        YNP,
                        True,
                        True,
                    ),
                    ("Datum för kontroll hos Skatteverket", DATE, False, False),
                ],
            ),
            (
                "Ekonomisk ställning",
                [
                    (
                        "Har utföraren en stabil ekonomisk ställning (kreditupplysning)?",
                        YNP,
                        True,
                        True,
                    ),
                    (
                        "Riskklass enligt kreditupplysning (1 = hög risk, 5 = låg risk)",
                        SCALE,
                        True,
                        False,
                    ),
                    ("Bifoga senaste årsredovisning", FILE, False, False),
                ],
            ),
            (
                "Avtalsvillkor",
                [
                    ("Följer utföraren avtalets villkor om försäkringar?", YNP, True, True),
                    ("Följer utföraren avtalets villkor om underleverantörer?", YNP, True, False),
                    ("Faktureras enligt avtalade priser?", YNP, True, True),
                ],
            ),
        ],
    },
]


def load(template_model, question_model):
    """Create the default templates if their codes are missing (idempotent)."""
    for spec in DEFAULT_TEMPLATES:
        if template_model.objects.filter(code=spec["code"]).exists():
            continue
        template = template_model.objects.create(
            code=spec["code"],
            name=spec["name"],
            method=spec["method"],
            description=spec["description"],
        )
        order = 0
        for section, questions in spec["sections"]:
            for text, answer_type, creates_deficiency, required in questions:
                order += 10
                question_model.objects.create(
                    template=template,
                    section=section,
                    order=order,
                    text=text,
                    answer_type=answer_type,
                    creates_deficiency=creates_deficiency,
                    required=required,
                )
