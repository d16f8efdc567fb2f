"""The follow-up app's domain events: name → Swedish sentence (see `core.history`).
`{object}` is the object's name when the event happened; other fields come from its data."""

ACTIONS = {
    "insyn.followup.plan.created": "{object} skapades med {rows} föreslagna uppföljningar.",
    "insyn.followup.plan.approved": "{object} beslutades.",
    "insyn.followup.plan.rows_removed": "{count} planerade uppföljningar togs bort ur {object}.",
    "insyn.followup.strategic.judged": (
        "{committee} bedömde avtalet {object} som {verdict}. Motivering: {reason}"
    ),
    "insyn.followup.plan.event_driven_added": (
        "En händelsestyrd uppföljning av {unit} lades till i {object}."
    ),
    "insyn.followup.followup.started": "Uppföljningen {object} startades.",
    "insyn.followup.followup.texts_retained": (
        "Personnummer i texterna till {object} gallrades ({count} texter)."
    ),
    "insyn.followup.followup.self_report_sent": (
        "{object} skickades till utföraren med sista svarsdag {deadline}."
    ),
    "insyn.followup.followup.self_report_submitted": ("{object} skickades in av utföraren."),
    "insyn.followup.followup.self_report_returned": (
        "{object} skickades tillbaka till utföraren för komplettering."
    ),
    "insyn.followup.followup.finished": (
        "Uppföljningen {object} avslutades med diarienummer {diary_number}: "
        "{findings} iakttagelser, {deficiencies} brister."
    ),
    "insyn.followup.followup.deficiency_dropped": (
        "När {object} avslutades registrerades ingen brist för frågan ”{question}” "
        "(skälet står vid iakttagelsen)."
    ),
    "insyn.followup.report.sent": "Uppföljningsrapporten för {object} skickades till utföraren.",
    "insyn.followup.deficiency.added": "{object} registrerades.",
    "insyn.followup.deficiency.merged": (
        "{object} slogs ihop med iakttagelsen för frågan ”{question}” när uppföljningen avslutades."
    ),
    "insyn.followup.deficiency.corrected": "{object} rättades ({fields}).",
    "insyn.followup.action_plan.submitted": "En handlingsplan för {object} lämnades in.",
    "insyn.followup.action_plan.accepted": "Handlingsplanen för {object} godkändes.",
    "insyn.followup.action_plan.returned": (
        "Handlingsplanen för {object} skickades tillbaka för komplettering."
    ),
    "insyn.followup.deficiency.remedied": "{object} markerades som åtgärdad.",
    "insyn.followup.risk_flag.set": "{object} flaggades för förhöjd risk.",
    "insyn.followup.risk_flag.cleared": "Riskflaggan för {object} togs bort.",
}


def deficiency_label(deficiency) -> str:
    """A deficiency's name in the log: its description is free text and stays out."""
    return f"Brist #{deficiency.pk} vid {deficiency.unit.name}"
