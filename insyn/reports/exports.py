"""The tertial table as text, CSV and JSON (command line and downloads)."""

import io
import json

from insyn.core.spreadsheet import csv_writer, xlsx_row

from . import tertial


def _lines(table):
    for row in table.rows:
        yield [row.group, row.label, *row.counts, row.total, row.note]


def feedback_table_csv(table) -> str:
    """Semicolon-separated with a BOM, as Swedish Excel opens it."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv_writer(out, delimiter=";")
    writer.writerow([*tertial.HEADERS, tertial.NOTE_HEADER])
    writer.writerows(_lines(table))
    return out.getvalue()


INDICATOR_CSV_HEADERS = [
    "indikator_id",
    "kolada_id",
    "indikator",
    "enhet",
    "organisationsenhet_kod",
    "organisationsenhet",
    "ar",
    "period",
    "kon",
    "utfall",
    "utfall_foregaende_ar",
    "arsmal",
    "kf_arsmal",
]


def _number(value) -> str:
    return (
        ""
        if value is None
        else f"{value.normalize():f}"
        if hasattr(value, "normalize")
        else str(value)
    )


def indicator_values_csv(rows, year: int, org_unit) -> str:
    """The year's indicator values for a municipality's reporting system (docs/reports.md).

    One line per indicator and gender, Kolada style: `kon` T (total), K (women/girls),
    M (men/boys); K and M only when the indicator is split by gender and has values.
    Semicolon separated, UTF-8 with BOM, decimal point, empty = no value; `kf_arsmal` is the
    number or, when KF set none, its text (e.g. "Tas fram av nämnd").

    Example line: `12;U28110;Andel nöjda;%;sd01;Hägersten;2024;2024;K;93;;85;80`.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv_writer(out, delimiter=";")
    writer.writerow(INDICATOR_CSV_HEADERS)
    code = getattr(org_unit, "code", "") if org_unit else ""
    name = org_unit.name if org_unit else "Hela kommunen"
    for row in rows:
        council = (
            _number(row.council_target)
            if row.council_target is not None
            else row.council_target_text
        )
        base = [row.indicator.pk, row.indicator.kpi_code, row.indicator.name, row.indicator.unit,
                code, name, year, row.period]  # fmt: skip
        writer.writerow(
            [*base, "T", _number(row.value), _number(row.previous),
             _number(row.annual_target), council]
        )  # fmt: skip
        for gender, value in (("K", row.women), ("M", row.men)):
            if value is not None:
                writer.writerow([*base, gender, _number(value), "", "", ""])
    return out.getvalue()


def feedback_table_json(table) -> str:
    return json.dumps(table.as_dict(), ensure_ascii=False, indent=2)


def feedback_table_text(table) -> str:
    """A readable fixed-width table: group headings, then rows with T1, T2, VB, total."""
    label_width = max(len(row.label) for row in table.rows)
    label_width = min(label_width, 70)
    header = f"{'':<{label_width}}  {'T1':>5} {'T2':>5} {'VB':>5} {'Totalt':>7}"
    lines = [
        f"Redovisning av synpunkter och klagomål {table.year} – {table.scope_name}",
        "",
        header,
        "-" * len(header),
    ]
    for group in table.groups:
        lines.append(group.label)
        for row in group.rows:
            label = row.label
            if len(label) > label_width:
                label = label[: label_width - 1] + "…"
            t1, t2, vb = row.counts
            lines.append(f"{label:<{label_width}}  {t1:>5} {t2:>5} {vb:>5} {row.total:>7}")
    lines += ["", table.rule]
    return "\n".join(lines) + "\n"


# --- Annual report: PDF and XLSX ---------------------------------------------------------


def annual_pdf(context: dict) -> bytes:
    """The annual report as PDF (WeasyPrint): page numbers and a table of contents with
    page references come from the stylesheet (counter(page), target-counter())."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import timezone

    from insyn.core.pdf import render_pdf, stylesheet

    html = render_to_string(
        "reports/annual_report_pdf.html",
        {
            **context,
            "municipality": settings.INSYN["MUNICIPALITY_NAME"],
            "generated": timezone.localtime(),
        },
    )
    return render_pdf(html, [stylesheet("reports/report_pdf.css")])


def _sheet(workbook, title, header, rows, *, header_rows=None, merges=(), group_column=False):
    """One sheet: the table's header row(s) as in the document (bold, frozen), then its rows.

    `header_rows` replaces the single `header` where the document's table has two header
    rows (the plan table: "Egen regi" / "Privata utförare" over their columns), `merges`
    are the cell ranges the document spans ("B1:E1"). `group_column`: the first column holds
    a group label the document shows once per group (rowspan), so its cells are merged over
    the group's rows.
    """
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet(title=title[:31])
    headers = header_rows or [header]
    for values in headers:
        sheet.append(xlsx_row(sheet, values))
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    for line in sheet.iter_rows(min_row=1, max_row=len(headers)):
        for cell in line:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for cells in merges:
        sheet.merge_cells(cells)
    if group_column:
        first = len(headers) + 1
        values = [r[0] for r in rows]
        start = 0
        for index in range(1, len(values) + 1):
            if index == len(values) or values[index] != values[start]:
                if index - start > 1:
                    sheet.merge_cells(
                        start_row=first + start, end_row=first + index - 1,
                        start_column=1, end_column=1,
                    )  # fmt: skip
                    sheet.cell(first + start, 1).alignment = Alignment(vertical="top")
                start = index
    sheet.freeze_panes = sheet.cell(len(headers) + 1, 1)
    return sheet


def annual_xlsx(context: dict) -> bytes:
    """One sheet per table of the annual report."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from .annual import FORMS

    workbook = Workbook()
    workbook.remove(workbook.active)
    labels = list(context["plan_labels"])
    width = len(labels)
    # Two header rows as in the report: the form over its columns, then the columns.
    top = ["Kategori"]
    for form in FORMS:
        top += [form, *[None] * (width - 1)]
    merges = ["A1:A2"] + [
        f"{get_column_letter(2 + i * width)}1:{get_column_letter(1 + (i + 1) * width)}1"
        for i in range(len(FORMS))
    ]
    _sheet(
        workbook,
        "Plan och utfall",
        None,
        [[category, *cells] for category, cells in context["plan_rows"]]
        + [["Totalt", *context["plan_totals"]]],
        header_rows=[top, [None, *labels * len(FORMS)]],
        merges=merges,
    )
    _sheet(
        workbook,
        "Per månad",
        ["Månad", "Planerade", "Genomförda"],
        context["plan"].by_month,
    )
    deficiencies = context["deficiencies"]
    _sheet(
        workbook,
        "Brister",
        ["Område", *deficiencies.severities],
        [[area, *cells] for area, cells in context["deficiency_rows"]],
    )
    ratings = context["ratings"]
    _sheet(
        workbook,
        "Rating",
        ["Mått", "Värde"],
        [
            ["Antal ratingar", ratings["count"]],
            ["Genomsnittlig poäng (0–100)", ratings["mean"]],
            ["Begärda ratingar", ratings["due"]],
            ["Besvarade", ratings["answered"]],
            ["Svarsfrekvens (%)", ratings["rate"]],
        ],
    )
    _sheet(workbook, "Synpunkter per typ", ["Typ", "Antal"], context["feedback"])
    _sheet(
        workbook,
        "Indikatorer",
        [
            "Indikator",
            "Periodens utfall",
            "Utfall män/pojkar",
            "Utfall kvinnor/flickor",
            f"Utfall VB {context['year'] - 1}",
            "Årsmål",
            "KF:s årsmål",
            "Period",
            "Analys",
        ],
        [
            [
                r.indicator.name,
                r.value,
                r.men,
                r.women,
                r.previous,
                r.annual_target,
                r.council_target if r.council_target is not None else r.council_target_text,
                r.period,
                r.analysis,
            ]
            for r in context["indicator_rows"]
        ],
    )
    _sheet(
        workbook,
        "Mål",
        [
            "Nivå",
            "Mål",
            "Överordnat mål",
            "Föreslagen status",
            "Bekräftad status",
            "Bekräftad av",
            "Bekräftad",
            "Indikatorer",
            "Beskrivning",
            "Förväntat resultat",
            "Analys",
        ],
        [
            [
                g.goal.get_level_display(),
                g.goal.title,
                g.goal.parent.title if g.goal.parent_id and g.goal.parent else "",
                g.proposed.label,
                g.confirmed.label if g.confirmed else "",
                str(g.goal.confirmed_by or ""),
                g.goal.confirmed_at.date().isoformat() if g.goal.confirmed_at else "",
                "; ".join(r.indicator.name for r in g.indicator_rows),
                g.goal.description,
                "\n".join(g.goal.expected_result_list),
                g.goal.analysis,
            ]
            for g in context["goal_rows"]
        ],
    )
    _sheet(
        workbook,
        "Aktiviteter",
        ["Mål", "Aktivitet", "Startdatum", "Slutdatum", "Avvikelse", "Analys"],
        [
            [g.goal.title, a.text, a.start, a.end, a.deviation, a.analysis]
            for g in context["goal_rows"]
            for a in g.goal.activities.all()
        ],
    )
    for table in context.get("regi_tables", []):
        _sheet(
            workbook,
            REGI_SHEETS[table.key],
            [table.row_header, "Egen regi", "Privata utförare", "Totalt"],
            [list(row) for row in table.rows],
        )
    _sheet(
        workbook,
        "Synpunkter per tertial",
        [*tertial.HEADERS, tertial.NOTE_HEADER],
        list(_lines(context["table"])),
        group_column=True,
    )
    if context.get("own_table") is not None:
        _sheet(
            workbook,
            "Synpunkter egen handläggning",
            [*tertial.HEADERS, tertial.NOTE_HEADER],
            list(_lines(context["own_table"])),
            group_column=True,
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


REGI_SHEETS = {
    "requirements": "Krav egen-privat",
    "deficiencies": "Brister egen-privat",
    "ratings": "Rating egen-privat",
    "feedback": "Synpunkter egen-privat",
    "per_places": "Per 100 platser egen-privat",
}


def council_pdf(context: dict) -> bytes:
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import timezone

    from insyn.core.pdf import render_pdf, stylesheet

    html = render_to_string(
        "reports/council_report_pdf.html",
        {
            **context,
            "municipality": settings.INSYN["MUNICIPALITY_NAME"],
            "generated": timezone.localtime(),
        },
    )
    return render_pdf(html, [stylesheet("reports/report_pdf.css")])


def regi_xlsx(tables, year: int, committee=None, category=None) -> bytes:
    """The comparison page as XLSX: one sheet per table, the page's header row, then its rows
    (numbers as numbers, an empty cell where the page shows "–")."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {**REGI_SHEETS, "followups": "Uppföljningar egen-privat"}
    for table in tables:
        _sheet(
            workbook,
            sheets.get(table.key, table.key),
            [table.row_header, "Egen regi", "Privata utförare", "Totalt"],
            [list(row) for row in table.rows],
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
